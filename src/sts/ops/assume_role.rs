//! AssumeRole (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
//!
//! - The caller's identity-based policies must allow `sts:AssumeRole` on the role, and the role's
//!   trust policy must allow the caller; across accounts both ("Policy evaluation logic",
//!   "Cross-account policy evaluation logic"). A role that does not exist answers the same
//!   AccessDenied (STS does not reveal whether a role exists).
//! - Context: `sts:RoleSessionName`, `sts:ExternalId`, `aws:MultiFactorAuthPresent/Age` (after
//!   verifying `SerialNumber` + `TokenCode` as a real TOTP code), `aws:RequestTag/*`,
//!   `aws:TagKeys`, `sts:TransitiveTagKeys`, `sts:SourceIdentity`.
//! - Session tags ("Passing session tags in AWS STS") need `sts:TagSession`; a source identity
//!   ("Monitor and control actions taken with assumed roles") needs `sts:SetSourceIdentity`,
//!   and once set in a role chain it cannot change.
//! - DurationSeconds: 900 to the role's MaxSessionDuration (default 3600); at most one hour when
//!   the caller is itself a role session ("Role chaining",
//!   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining).
//! - ProvidedContexts (trusted identity propagation) is validated and otherwise ignored:
//!   sts-sim has no trusted context providers.

use serde_json::{Value, json};

use super::Operation;
use crate::context::RequestContext;
use crate::eval::Decision;
use crate::policy::{Policy, PolicyKind, parse_policy};
use crate::sts::authz::{self, request_context};
use crate::sts::caller::{Identity, IdentityKind};
use crate::sts::clock::iso8601;
use crate::sts::credentials;
use crate::sts::error::StsError;
use crate::sts::params::*;
use crate::sts::session_token::{self, PolicyDigest, SessionClaims, SessionTag, TokenVersion};
use crate::sts::sim::{CallContext, Endpoint, Sim};
use crate::sts::world::{World, role_arn_parts};

pub const OPERATION: Operation = Operation {
    name: "AssumeRole",
    handler,
    read_only: true,
    log_response: true,
    resource_account: Some(role_account),
    resources: Some(role_resources),
};

const PARAMETERS: &[&str] = &[
    "RoleArn",
    "RoleSessionName",
    "PolicyArns",
    "Policy",
    "DurationSeconds",
    "Tags",
    "TransitiveTagKeys",
    "ExternalId",
    "SerialNumber",
    "TokenCode",
    "SourceIdentity",
    "ProvidedContexts",
];

/// The model of STS's packed binary form of session policies and tags. AWS documents neither
/// the format nor the limit ("The PackedPolicySize response element indicates by percentage how
/// close the policies and tags for your request are to the upper size limit"); sts-sim counts
/// the plaintext characters of the inline policy, the policy ARNs and the session tags against
/// this budget, so a full 2,048-character policy uses half of it and 50 tags of maximum size
/// are far over it.
pub const PACKED_BUDGET_CHARS: usize = 4096;

fn role_account(params: &Value) -> Option<String> {
    let arn = params.get("RoleArn")?.as_str()?;
    role_arn_parts(arn).map(|(a, _)| a.to_string())
}

fn role_resources(params: &Value) -> Value {
    match params.get("RoleArn").and_then(Value::as_str) {
        Some(arn) => match role_arn_parts(arn) {
            Some((account, _)) => json!([{ "accountId": account, "type": "AWS::IAM::Role", "ARN": arn }]),
            None => json!([]),
        },
        None => json!([]),
    }
}

/// The request, syntactically valid.
struct Request {
    role_arn: String,
    session_name: String,
    policy_arns: Vec<String>,
    policy: Option<String>,
    duration: Option<i64>,
    tags: Vec<SessionTag>,
    transitive_tag_keys: Vec<String>,
    external_id: Option<String>,
    serial_number: Option<String>,
    token_code: Option<String>,
    source_identity: Option<String>,
}

fn read(params: &Value) -> Result<Request, StsError> {
    let mut p = Params::new("AssumeRole", params, PARAMETERS)?;
    let role_arn = p.string("RoleArn", true, &ARN);
    let session_name = p.string("RoleSessionName", true, &ROLE_SESSION_NAME);
    let mut policy_arns = Vec::new();
    // "You can provide up to 10 managed policy ARNs" (AssumeRole, PolicyArns): not a model
    // constraint, so worded as STS words list sizes.
    for (i, item) in p.list("PolicyArns", 0, Some(10)).into_iter().enumerate() {
        if let Some(a) = p.nested_string(item, "PolicyArns", i, "arn", false, &ARN) {
            policy_arns.push(a);
        }
    }
    let policy = p.string("Policy", false, &SESSION_POLICY);
    let duration = p.integer("DurationSeconds", 900, 43200);
    let mut tags = Vec::new();
    for (i, item) in p.list("Tags", 0, Some(50)).into_iter().enumerate() {
        let key = p.nested_string(item, "Tags", i, "Key", true, &TAG_KEY);
        let value = p.nested_string(item, "Tags", i, "Value", true, &TAG_VALUE);
        if let (Some(key), Some(value)) = (key, value) {
            tags.push(SessionTag { key, value });
        }
    }
    let mut transitive_tag_keys = Vec::new();
    for (i, item) in p.list("TransitiveTagKeys", 0, Some(50)).into_iter().enumerate() {
        if let Some(k) = p.list_string(item, "TransitiveTagKeys", i, &TAG_KEY) {
            transitive_tag_keys.push(k);
        }
    }
    let external_id = p.string("ExternalId", false, &EXTERNAL_ID);
    let serial_number = p.string("SerialNumber", false, &SERIAL_NUMBER);
    let token_code = p.string("TokenCode", false, &TOKEN_CODE);
    let source_identity = p.string("SourceIdentity", false, &SOURCE_IDENTITY);
    for (i, item) in p.list("ProvidedContexts", 1, Some(5)).into_iter().enumerate() {
        p.nested_string(item, "ProvidedContexts", i, "ProviderArn", false, &ARN);
        p.nested_string(item, "ProvidedContexts", i, "ContextAssertion", false, &CONTEXT_ASSERTION);
    }
    p.finish()?;
    Ok(Request {
        role_arn: role_arn.unwrap_or_default(),
        session_name: session_name.unwrap_or_default(),
        policy_arns,
        policy,
        duration,
        tags,
        transitive_tag_keys,
        external_id,
        serial_number,
        token_code,
        source_identity,
    })
}

/// Verifies `SerialNumber` + `TokenCode` against the caller's virtual MFA device (RFC 6238).
/// Returns the time MFA was proven, if it was. The messages are STS's (aws/aws-cli#2279,
/// aws/aws-cli#6325, y13i/sgviz#9).
fn verify_mfa(world: &World, caller: &Identity, req: &Request, now_ms: i64) -> Result<Option<i64>, StsError> {
    let (serial, code) = match (&req.serial_number, &req.token_code) {
        (None, None) => return Ok(None),
        (Some(s), Some(c)) => (s, c),
        _ => return Err(StsError::sender("AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")),
    };
    let owner = match &caller.kind {
        IdentityKind::User { name } => Some(name.as_str()),
        IdentityKind::Root => Some("root"),
        _ => None,
    };
    let device = caller
        .account()
        .and_then(|a| world.account(a))
        .and_then(|a| a.mfa_device(serial))
        // A role session may present any device of its account (our choice: AWS does not say
        // which user's device a session's SerialNumber must belong to).
        .filter(|d| owner.is_none_or(|o| d.user_name == o));
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

/// The assume-role keys added to the caller's request context.
fn assume_role_context(base: RequestContext, req: &Request, source_identity: Option<&str>, mfa_at: Option<i64>) -> RequestContext {
    let mut ctx = base;
    ctx.set("sts:RoleSessionName", req.session_name.as_str());
    if let Some(e) = &req.external_id {
        ctx.set("sts:ExternalId", e.as_str());
    }
    if mfa_at.is_some() {
        ctx.set("aws:MultiFactorAuthPresent", "true");
        ctx.set("aws:MultiFactorAuthAge", "0");
    }
    for t in &req.tags {
        ctx.set(&format!("aws:RequestTag/{}", t.key), t.value.as_str());
    }
    if !req.tags.is_empty() {
        ctx.set_multi("aws:TagKeys", req.tags.iter().map(|t| t.key.clone()));
    }
    if !req.transitive_tag_keys.is_empty() {
        ctx.set_multi("sts:TransitiveTagKeys", req.transitive_tag_keys.iter().cloned());
    }
    if let Some(si) = source_identity {
        ctx.set("sts:SourceIdentity", si);
    }
    ctx
}

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let req = read(params)?;
    let caller = &ctx.identity;
    let now_ms = ctx.origin.now_ms;
    let denied = |action: &str| StsError::not_authorized(&caller.display_arn(), action, &req.role_arn);

    let Some((account, role)) = sim.world.role_by_arn(&req.role_arn) else { return Err(denied("sts:AssumeRole")) };
    let (account_id, role_name, role_id, role_arn, trust, max_duration) =
        (account.id.clone(), role.name.clone(), role.id.clone(), role.arn.clone(), role.trust.clone(), role.max_session_duration);
    // "It is not the account of the caller, but the account from which temporary credentials
    // are requested that must activate the region" ("Manage AWS STS in an AWS Region").
    if !account.region_enabled(&ctx.region) {
        return Err(StsError::region_disabled(&account_id));
    }
    let token_version = match ctx.endpoint {
        Endpoint::Regional => TokenVersion::V2,
        Endpoint::Global => account.global_endpoint_token_version,
    };

    // Session policies: parsed as session policies; their ARNs must name policies that exist.
    // The text of MalformedPolicyDocument messages is the parser's (AWS words them per check).
    let mut session_policies: Vec<Policy> = Vec::new();
    if let Some(text) = &req.policy {
        let parsed = parse_policy(text, PolicyKind::Session);
        match parsed.policy {
            Some(p) => session_policies.push(p),
            None => {
                let why = parsed.diagnostics.iter().find(|d| d.is_error()).map_or_else(|| "Syntax errors in policy.".to_string(), |d| d.message.clone());
                return Err(StsError::malformed_policy(why));
            }
        }
    }
    for arn in &req.policy_arns {
        // Our choice of answer: AWS does not document the error for a missing policy ARN.
        if sim.world.managed_policy(arn).is_none() {
            return Err(StsError::malformed_policy(format!("Policy {arn} does not exist or is not attachable.")));
        }
    }

    // Session tags: keys are case-insensitive, so two keys differing only in case are one key
    // twice; an inherited transitive tag cannot be passed again ("Passing session tags in AWS
    // STS": "If you pass a session tag with the same key as an inherited tag, the operation
    // fails"). The messages are our wording; AWS documents the rules, not the text.
    let inherited: Vec<SessionTag> = caller
        .claims()
        .map(|c| c.tags.iter().filter(|t| c.transitive_tag_keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key))).cloned().collect())
        .unwrap_or_default();
    for (i, t) in req.tags.iter().enumerate() {
        if req.tags[..i].iter().any(|u| u.key.eq_ignore_ascii_case(&t.key)) {
            return Err(StsError::validation_message("Duplicate tag keys found. Please note that Tag keys are case insensitive."));
        }
        if inherited.iter().any(|u| u.key.eq_ignore_ascii_case(&t.key)) {
            return Err(StsError::sender(
                "InvalidParameterValue",
                format!("Session tag key '{}' is already set by a transitive tag of the calling session and cannot be passed again.", t.key),
            ));
        }
    }
    for k in &req.transitive_tag_keys {
        if !req.tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)) {
            return Err(StsError::sender("InvalidParameterValue", format!("Transitive tag key '{k}' is not among the session tags passed in Tags.")));
        }
    }

    let mfa_at = verify_mfa(&sim.world, caller, &req, now_ms)?;

    // "After you set the source identity value, it can't be changed. It is present in the
    // requested role session and is passed along with any subsequent sessions in a role chain."
    let inherited_si = caller.claims().and_then(|c| c.source_identity.clone());
    if let (Some(old), Some(new)) = (&inherited_si, &req.source_identity)
        && old != new
    {
        return Err(StsError::sender(
            "AccessDenied",
            format!("SourceIdentity cannot be changed once set: the calling session carries '{old}', the request asks for '{new}'."),
        ));
    }
    if req.source_identity.as_deref().is_some_and(|s| s.to_ascii_lowercase().starts_with("aws:")) {
        // "You cannot use a value that begins with the text aws:. This prefix is reserved for AWS internal use."
        return Err(StsError::validation_message("SourceIdentity cannot start with the reserved prefix 'aws:'."));
    }
    let source_identity = req.source_identity.clone().or(inherited_si);

    // Authorization: the trust policy is the role's resource-based policy.
    let base = request_context(&sim.world, caller, &ctx.origin);
    let context = assume_role_context(base, &req, source_identity.as_deref(), mfa_at);
    let decide = |action: &str| -> Result<(), StsError> {
        let a = authz::decide(&sim.world, caller, action, &role_arn, Some(&account_id), Some(&trust), context.clone())?;
        if a.decision == Decision::Allow { Ok(()) } else { Err(denied(action)) }
    };
    decide("sts:AssumeRole")?;
    if !req.tags.is_empty() {
        decide("sts:TagSession")?;
    }
    // A source identity given here, or carried in from the calling session, is set on the new
    // session: either way the trust policy must allow sts:SetSourceIdentity ("Monitor and
    // control actions taken with assumed roles", Permissions required to set source identity).
    if source_identity.is_some() {
        decide("sts:SetSourceIdentity")?;
    }

    // Duration: the chaining limit first (it applies whatever the role allows).
    let duration = req.duration.unwrap_or(3600);
    if caller.is_role_session() && duration > 3600 {
        return Err(StsError::validation_message("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
    }
    if duration > i64::from(max_duration) {
        return Err(StsError::validation_message("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }

    // PackedPolicySize: reported when session policies or tags are passed.
    let mut all_tags = inherited;
    all_tags.extend(req.tags.iter().cloned());
    let packed_chars: usize = req.policy.as_deref().map_or(0, |p| p.chars().count())
        + req.policy_arns.iter().map(|a| a.chars().count()).sum::<usize>()
        + all_tags.iter().map(|t| t.key.chars().count() + t.value.chars().count()).sum::<usize>();
    let packed_percent = packed_chars.saturating_mul(100).div_ceil(PACKED_BUDGET_CHARS);
    if packed_percent > 100 {
        // The message STS answers (seen in public reports of PackedPolicyTooLarge).
        return Err(StsError::sender("PackedPolicyTooLarge", format!("Packed policy consumes {packed_percent}% of allotted space, please use smaller policy.")));
    }
    let reports_packed = req.policy.is_some() || !req.policy_arns.is_empty() || !all_tags.is_empty();

    // Issue the session.
    let access_key_id = {
        let world = &sim.world;
        credentials::new_session_key_id(&mut sim.credential_rng, &account_id, |id| world.access_key(id).is_some())
    }
    .ok_or_else(|| StsError { type_: crate::sts::error::ErrorType::Receiver, code: "InternalFailure".into(), message: "could not issue an access key id".into() })?;
    let secret = credentials::session_secret(&sim.secret_key, &access_key_id);
    let mut transitive: Vec<String> = caller.claims().map(|c| c.transitive_tag_keys.clone()).unwrap_or_default();
    for k in &req.transitive_tag_keys {
        if !transitive.iter().any(|t| t.eq_ignore_ascii_case(k)) {
            transitive.push(k.clone());
        }
    }
    let digest_input = format!("{}\n{}", req.policy.as_deref().unwrap_or_default(), req.policy_arns.join("\n"));
    let issued_at = now_ms / 1000;
    let expires_at = issued_at + duration;
    let arn = format!("arn:{}:sts::{account_id}:assumed-role/{role_name}/{}", sim.world.partition, req.session_name);
    let principal_id = format!("{role_id}:{}", req.session_name);
    let claims = SessionClaims {
        token_version,
        access_key_id: access_key_id.clone(),
        arn: arn.clone(),
        principal_id: principal_id.clone(),
        account: account_id.clone(),
        session_name: Some(req.session_name.clone()),
        tags: all_tags,
        transitive_tag_keys: transitive,
        source_identity: source_identity.clone(),
        // MFA proven now, or carried by the calling session.
        mfa_authenticated_at: mfa_at.or_else(|| caller.claims().and_then(|c| c.mfa_authenticated_at)),
        issued_at,
        expires_at,
        session_policy_digest: (req.policy.is_some() || !req.policy_arns.is_empty()).then(|| PolicyDigest::of(digest_input.as_bytes())),
        session_policy: req.policy.clone(),
        session_policy_arns: req.policy_arns.clone(),
    };
    let token = session_token::seal(&sim.sealing_key, &mut sim.token_rng, &claims);
    let mut response = json!({
        "Credentials": {
            "AccessKeyId": access_key_id,
            "SecretAccessKey": secret,
            "SessionToken": token,
            "Expiration": iso8601(expires_at * 1000),
        },
        "AssumedRoleUser": { "Arn": arn, "AssumedRoleId": principal_id },
    });
    if reports_packed {
        response["PackedPolicySize"] = json!(packed_percent);
    }
    if let Some(si) = source_identity {
        response["SourceIdentity"] = json!(si);
    }
    Ok(response)
}
