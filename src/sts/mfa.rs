//! MFA in STS requests: `SerialNumber` + `TokenCode` verified against the caller's virtual MFA
//! device as a real RFC 6238 code (`totp`), for AssumeRole and GetSessionToken ("Configuring
//! MFA-protected API access",
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html).

use super::caller::{Identity, LongTermIdentity};
use super::error::StsError;
use super::world::World;

/// Verifies `serial` + `code` for `caller` at `now_ms`. Returns when MFA was proven (epoch
/// seconds), or `None` when neither was passed. The messages are STS's (aws/aws-cli#2279,
/// aws/aws-cli#6325, y13i/sgviz#9); "An incorrect MFA code causes the API to return an access
/// denied error" (GetSessionToken).
pub fn verify(world: &World, caller: &Identity, serial: Option<&str>, code: Option<&str>, now_ms: i64) -> Result<Option<i64>, StsError> {
    let (serial, code) = match (serial, code) {
        (None, None) => return Ok(None),
        (Some(s), Some(c)) => (s, c),
        _ => return Err(StsError::sender("AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")),
    };
    // The device must be the user's own (or the root user's, `UserName` "root").
    let owner = match caller.long_term_identity() {
        Some(LongTermIdentity::User(name)) => Some(name),
        Some(LongTermIdentity::Root) => Some("root".to_string()),
        None => None,
    };
    let device = caller
        .account()
        .and_then(|a| world.account(a))
        .and_then(|a| a.mfa_device(serial))
        // A role session may present any device of its account (our choice: AWS does not say
        // which user's device a session's SerialNumber must belong to).
        .filter(|d| owner.as_deref().is_none_or(|o| d.user_name == o));
    let Some(device) = device else {
        return Err(StsError::sender(
            "AccessDenied",
            "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.",
        ));
    };
    match device.seed.verify(code, (now_ms / 1000).max(0) as u64) {
        Some(_) => Ok(Some(now_ms / 1000)),
        None => Err(StsError::sender("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")),
    }
}
