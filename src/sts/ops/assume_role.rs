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
use crate::sts::authz::{self, request_context};
use crate::sts::error::StsError;
use crate::sts::params::*;
use crate::sts::role_session::{self, RoleSession};
use crate::sts::session_token::SessionTag;
use crate::sts::sim::{CallContext, Sim};
use crate::sts::world::role_arn_parts;
use crate::sts::{mfa, session_policy};

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

pub(super) fn role_account(params: &Value) -> Option<String> {
    let arn = params.get("RoleArn")?.as_str()?;
    role_arn_parts(arn).map(|(a, _)| a.to_string())
}

pub(super) fn role_resources(params: &Value) -> Value {
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
    let policy_arns = p.policy_arns();
    let policy = p.string("Policy", false, &SESSION_POLICY);
    let duration = p.integer("DurationSeconds", 900, 43200);
    let tags = p.session_tags();
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
    session_policy::add_request_tags(&mut ctx, &req.tags);
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
    let (account_id, role_name, role_id, role_arn, max_duration) = (account.id.clone(), role.name.clone(), role.id.clone(), role.arn.clone(), role.max_session_duration);
    // "It is not the account of the caller, but the account from which temporary credentials
    // are requested that must activate the region" ("Manage AWS STS in an AWS Region").
    if !account.region_enabled(&ctx.region) {
        return Err(StsError::region_disabled(&account_id));
    }
    let token_version = ctx.token_version(account);
    session_policy::check_policies(&sim.world, req.policy.as_deref(), &req.policy_arns)?;

    // Session tags: keys are case-insensitive, so two keys differing only in case are one key
    // twice; an inherited transitive tag cannot be passed again ("Passing session tags in AWS
    // STS": "If you pass a session tag with the same key as an inherited tag, the operation
    // fails"). The messages are our wording; AWS documents the rules, not the text.
    let inherited: Vec<SessionTag> = caller
        .claims()
        .map(|c| c.tags.iter().filter(|t| c.transitive_tag_keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key))).cloned().collect())
        .unwrap_or_default();
    session_policy::check_unique_tag_keys(&req.tags)?;
    for t in &req.tags {
        if inherited.iter().any(|u| u.key.eq_ignore_ascii_case(&t.key)) {
            return Err(StsError::sender(
                "InvalidParameterValue",
                format!("Session tag key '{}' is already set by a transitive tag of the calling session and cannot be passed again.", t.key),
            ));
        }
    }
    role_session::check_transitive_keys(&req.tags, &req.transitive_tag_keys)?;

    let mfa_at = mfa::verify(&sim.world, caller, req.serial_number.as_deref(), req.token_code.as_deref(), now_ms)?;

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
    role_session::check_source_identity_prefix(req.source_identity.as_deref())?;
    let source_identity = req.source_identity.clone().or(inherited_si);

    // Authorization: the trust policy is the role's resource-based policy.
    let base = request_context(&sim.world, caller, &ctx.origin);
    let context = assume_role_context(base, &req, source_identity.as_deref(), mfa_at);
    // The caller's policies and the trust policy are gathered and compiled once for every
    // action below (and kept in the simulator's cache for the next call of this caller on this
    // role); only the decision is needed (no trace).
    let decider = authz::Decider::for_role(&mut sim.policy_cache, &sim.world, caller, &role_arn, &account_id, &role.trust, context)?;
    if let Some(refused) = role_session::refused_action(&decider, "sts:AssumeRole", !req.tags.is_empty(), source_identity.is_some()) {
        return Err(denied(refused));
    }

    let duration = role_session::duration(req.duration, max_duration, caller.is_role_session())?;

    // Issue the session, with the inherited transitive tags and the new ones.
    let mut all_tags = inherited;
    all_tags.extend(req.tags.iter().cloned());
    let mut transitive: Vec<String> = caller.claims().map(|c| c.transitive_tag_keys.clone()).unwrap_or_default();
    for k in &req.transitive_tag_keys {
        if !transitive.iter().any(|t| t.eq_ignore_ascii_case(k)) {
            transitive.push(k.clone());
        }
    }
    role_session::issue(
        sim,
        RoleSession {
            token_version,
            account_id: &account_id,
            role_name: &role_name,
            role_id: &role_id,
            session_name: &req.session_name,
            duration,
            tags: all_tags,
            transitive_tag_keys: transitive,
            source_identity,
            // MFA proven now, or carried by the calling session.
            mfa_authenticated_at: mfa_at.or_else(|| caller.claims().and_then(|c| c.mfa_authenticated_at)),
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
            federated_provider: None,
            now_ms,
        },
    )
}
