//! Session policies and session tags as AssumeRole and GetFederationToken take them: the
//! policies must parse and exist, tag keys must be unique regardless of case, the request's
//! tags become `aws:RequestTag/*` and `aws:TagKeys`, and the packed size is reported
//! (`PackedPolicySize`) or refused (`PackedPolicyTooLarge`).

use super::error::StsError;
use super::session_token::{PolicyDigest, SessionTag};
use super::world::World;
use crate::context::RequestContext;
use crate::policy::{PolicyKind, parse_policy};

/// The model of STS's packed binary form of session policies and tags. AWS documents neither
/// the format nor the limit ("The PackedPolicySize response element indicates by percentage how
/// close the policies and tags for your request are to the upper size limit"); sts-sim counts
/// the plaintext characters of the inline policy, the policy ARNs and the session tags against
/// this budget, so a full 2,048-character policy uses half of it and 50 tags of maximum size
/// are far over it.
pub const PACKED_BUDGET_CHARS: usize = 4096;

/// The inline policy must parse as a session policy; every policy ARN must name a managed
/// policy of the world. The text of MalformedPolicyDocument messages is the parser's (AWS
/// words them per check).
pub fn check_policies(world: &World, policy: Option<&str>, policy_arns: &[String]) -> Result<(), StsError> {
    if let Some(text) = policy {
        let parsed = parse_policy(text, PolicyKind::Session);
        if parsed.policy.is_none() {
            let why = parsed.diagnostics.iter().find(|d| d.is_error()).map_or_else(|| "Syntax errors in policy.".to_string(), |d| d.message.clone());
            return Err(StsError::malformed_policy(why));
        }
    }
    for arn in policy_arns {
        // Our choice of answer: AWS does not document the error for a missing policy ARN.
        if world.managed_policy(arn).is_none() {
            return Err(StsError::malformed_policy(format!("Policy {arn} does not exist or is not attachable.")));
        }
    }
    Ok(())
}

/// "Tag key–value pairs are not case sensitive, but case is preserved. This means that you
/// cannot have separate Department and department tag keys" (AssumeRole, GetFederationToken:
/// Tags). The message is our wording.
pub fn check_unique_tag_keys(tags: &[SessionTag]) -> Result<(), StsError> {
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|u| u.key.eq_ignore_ascii_case(&t.key)) {
            return Err(StsError::validation_message("Duplicate tag keys found. Please note that Tag keys are case insensitive."));
        }
    }
    Ok(())
}

/// The request's session tags as `aws:RequestTag/<key>` and `aws:TagKeys` ("Passing session
/// tags in AWS STS", Permissions required to add session tags).
pub fn add_request_tags(ctx: &mut RequestContext, tags: &[SessionTag]) {
    for t in tags {
        ctx.set(&format!("aws:RequestTag/{}", t.key), t.value.as_str());
    }
    if !tags.is_empty() {
        ctx.set_multi("aws:TagKeys", tags.iter().map(|t| t.key.clone()));
    }
}

/// `PackedPolicySize` for these policies and tags, or `PackedPolicyTooLarge` past 100%.
pub fn packed_percent(policy: Option<&str>, policy_arns: &[String], tags: &[SessionTag]) -> Result<usize, StsError> {
    let chars: usize = policy.map_or(0, |p| p.chars().count())
        + policy_arns.iter().map(|a| a.chars().count()).sum::<usize>()
        + tags.iter().map(|t| t.key.chars().count() + t.value.chars().count()).sum::<usize>();
    let percent = chars.saturating_mul(100).div_ceil(PACKED_BUDGET_CHARS);
    if percent > 100 {
        // The message STS answers (seen in public reports of PackedPolicyTooLarge).
        return Err(StsError::sender("PackedPolicyTooLarge", format!("Packed policy consumes {percent}% of allotted space, please use smaller policy.")));
    }
    Ok(percent)
}

/// The digest sealed into the session's claims, when session policies were passed.
pub fn digest(policy: Option<&str>, policy_arns: &[String]) -> Option<PolicyDigest> {
    (policy.is_some() || !policy_arns.is_empty()).then(|| PolicyDigest::of(format!("{}\n{}", policy.unwrap_or_default(), policy_arns.join("\n")).as_bytes()))
}
