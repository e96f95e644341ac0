//! GetWebIdentityToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html):
//! a signed JWT asserting the caller's AWS identity, for external services (outbound identity
//! federation, `outbound`).
//!
//! - Needs the account's outbound identity federation enabled (IAM
//!   EnableOutboundWebIdentityFederation; world: `OutboundWebIdentityFederation.Enabled`), else
//!   `OutboundWebIdentityFederationDisabledException` (403). "Not available on the STS Global
//!   endpoint" ("Getting started with outbound identity federation").
//! - The caller needs `sts:GetWebIdentityToken` ("Configure IAM permissions", same page); its
//!   policies see `sts:IdentityTokenAudience` (every audience), `sts:DurationSeconds`,
//!   `sts:SigningAlgorithm`, and the request tags as `aws:RequestTag/*` and `aws:TagKeys`.
//!   Temporary credentials keep their documented limits (GetSessionToken and federated user
//!   sessions call no STS operation but the ones listed: `Identity::check_credential_scope`).
//! - `Audience` 1..10 strings of 1..1000, `SigningAlgorithm` RS256 | ES384, `DurationSeconds`
//!   60..3600 (default 300), `Tags` up to 50 (botocore's STS model).
//! - `SessionDurationEscalationException` (403): "The requested token duration would extend the
//!   session beyond its original expiration time" — a token of temporary credentials expires at
//!   the latest when they do.
//! - Claims ("Understanding token claims", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html):
//!   `iss`, `aud` (one string, or the list when several), `sub` (the IAM principal: the page's
//!   sample names the role, `arn:aws:iam::123456789012:role/DataProcessingRole`, for a role
//!   session, so a role session's `sub` is its role's ARN), `iat`, `exp`, `jti`, and under
//!   `https://sts.amazonaws.com/`: `aws_account`, `source_region`, `org_id` (in an organization),
//!   `principal_tags` and `request_tags` (when there are some). sts-sim leaves out `ou_path` (its
//!   organization has no OU ids) and the session context claims of compute services.
//!
//! Not documented, so sts-sim's own (said in the messages): the maximum payload size behind
//! `JWTPayloadSizeExceededException` (`MAX_PAYLOAD_BYTES`), the root user as a caller (allowed,
//! `sub` its ARN), and the wording of the validation messages beyond the model's constraints.

use serde_json::{Map, Value, json};

use super::Operation;
use super::assume_root::global_endpoint_unsupported;
use crate::eval::Decision;
use crate::federation::jwt::{self, Alg};
use crate::sts::authz::{self, request_context, session_role};
use crate::sts::caller::{IdentityKind, SessionKind};
use crate::sts::clock::iso8601;
use crate::sts::error::{ErrorType, StsError};
use crate::sts::outbound::{self, SIGNING_ALGORITHMS};
use crate::sts::params::{Params, StringRule};
use crate::sts::session_policy;
use crate::sts::sim::{CallContext, Endpoint, Sim};

pub const OPERATION: Operation = Operation { name: "GetWebIdentityToken", handler, read_only: true, log_response: true, resource_account: None, resources: None };

/// `webIdentityTokenAudienceStringType`: 1..1000, no pattern.
const AUDIENCE: StringRule = StringRule { min: 1, max: Some(1000), pattern: None };
/// `jwtAlgorithmType`: exactly 5 characters (the values are checked after).
const SIGNING_ALGORITHM: StringRule = StringRule { min: 5, max: Some(5), pattern: None };
/// The JWT payload size sts-sim refuses past, in bytes. AWS documents the error ("The requested
/// token payload size exceeds the maximum allowed size. Reduce the number of request tags") but
/// not the size: 8 KiB is sts-sim's choice.
pub const MAX_PAYLOAD_BYTES: usize = 8192;
/// The namespace of the AWS-specific claims ("Understanding token claims").
pub const AWS_CLAIMS_NAMESPACE: &str = "https://sts.amazonaws.com/";

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetWebIdentityToken", params, &["Audience", "SigningAlgorithm", "DurationSeconds", "Tags"])?;
    if !p.present("Audience") {
        p.error("Value null at 'audience' failed to satisfy constraint: Member must not be null".to_string());
    }
    let mut audiences = Vec::new();
    for (i, a) in p.list("Audience", 1, Some(10)).into_iter().enumerate() {
        if let Some(a) = p.list_string(a, "Audience", i, &AUDIENCE) {
            audiences.push(a);
        }
    }
    let alg_name = p.string("SigningAlgorithm", true, &SIGNING_ALGORITHM);
    let duration = p.integer("DurationSeconds", 60, 3600).unwrap_or(300);
    let tags = p.session_tags();
    if let Some(a) = &alg_name
        && !SIGNING_ALGORITHMS.iter().any(|x| x.name() == a)
    {
        p.error(format!("Value '{a}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]"));
    }
    p.finish()?;
    let alg = alg_name.as_deref().and_then(Alg::from_name).unwrap_or(Alg::ES384);

    if ctx.endpoint == Endpoint::Global {
        return Err(global_endpoint_unsupported("GetWebIdentityToken"));
    }
    let caller = &ctx.identity;
    let account_id = caller.account().unwrap_or_default().to_string();
    let enabled = sim.world.account(&account_id).is_some_and(|a| a.outbound_web_identity_federation);
    if !enabled {
        return Err(StsError::sender(
            "OutboundWebIdentityFederationDisabledException",
            "The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the AWS Management Console or API.",
        ));
    }
    session_policy::check_unique_tag_keys(&tags)?;

    let mut context = request_context(&sim.world, caller, &ctx.origin);
    context.set_multi("sts:IdentityTokenAudience", audiences.iter().cloned());
    context.set("sts:DurationSeconds", duration.to_string());
    context.set("sts:SigningAlgorithm", alg.name());
    session_policy::add_request_tags(&mut context, &tags);
    let a = authz::decide(&sim.world, caller, "sts:GetWebIdentityToken", "*", None, None, context)?;
    if a.decision != Decision::Allow {
        return Err(StsError::not_authorized(&caller.display_arn(), "sts:GetWebIdentityToken", "*"));
    }

    let now_s = ctx.origin.now_ms.div_euclid(1000);
    let exp = now_s + duration;
    if let Some(c) = caller.claims()
        && exp > c.expires_at
    {
        return Err(StsError::sender(
            "SessionDurationEscalationException",
            "The requested token duration would extend the session beyond its original expiration time. You cannot use this operation to extend the lifetime of a session beyond what was granted when the session was originally created.",
        ));
    }

    // `sub`: the IAM principal; a role session is its role.
    let subject = match (&caller.kind, caller.session_kind()) {
        (IdentityKind::Session(_), Some(SessionKind::Role)) => session_role(&sim.world, caller)?.map(|r| r.arn.clone()).unwrap_or_default(),
        (IdentityKind::Service { .. } | IdentityKind::Unsigned, _) => {
            return Err(StsError::sender("AccessDenied", "GetWebIdentityToken asserts an IAM principal of an account: an AWS service principal has none."));
        }
        _ => caller.display_arn(),
    };
    let mut aws = Map::new();
    aws.insert("aws_account".into(), json!(account_id));
    aws.insert("source_region".into(), json!(ctx.region));
    if let Some(org) = sim.world.org_id_of(&account_id) {
        aws.insert("org_id".into(), json!(org));
    }
    let principal_tags = authz::principal_tags(&sim.world, caller);
    if !principal_tags.is_empty() {
        aws.insert("principal_tags".into(), Value::Object(principal_tags.into_iter().map(|(k, v)| (k, Value::String(v))).collect()));
    }
    if !tags.is_empty() {
        aws.insert("request_tags".into(), Value::Object(tags.iter().map(|t| (t.key.clone(), Value::String(t.value.clone()))).collect()));
    }
    let issuer = outbound::issuer(sim.seed, &account_id);
    let aud = if audiences.len() == 1 { json!(audiences[0]) } else { json!(audiences) };
    let claims = json!({
        "iss": issuer,
        "aud": aud,
        "sub": subject,
        "iat": now_s,
        "exp": exp,
        "jti": sim.uuid(),
        AWS_CLAIMS_NAMESPACE: Value::Object(aws),
    });
    let size = claims.to_string().len();
    if size > MAX_PAYLOAD_BYTES {
        return Err(StsError::sender(
            "JWTPayloadSizeExceededException",
            format!("The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags included in the GetWebIdentityToken API call to reduce the token payload size. (sts-sim: {size} bytes; AWS does not document its limit, sts-sim's is {MAX_PAYLOAD_BYTES})"),
        ));
    }
    let key = sim.oidc_keys.derived(&issuer, alg);
    let token = jwt::mint(key, &claims).map_err(|e| StsError { type_: ErrorType::Receiver, code: "InternalFailure".into(), message: e.to_string() })?;
    Ok(json!({ "WebIdentityToken": token, "Expiration": iso8601(exp.saturating_mul(1000)) }))
}
