//! AssumeRoleWithSAML (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html).
//!
//! - Unsigned: "Calling AssumeRoleWithSAML does not require the use of AWS security
//!   credentials"; the caller is who the SAML assertion says, once it verifies against the
//!   metadata of the IAM SAML provider `PrincipalArn` names (`federation::saml`).
//! - `PrincipalArn` that is no SAML provider ARN is `ValidationError` "Principal ARN is invalid"
//!   (Versent/saml2aws#536, cevoaustralia/aws-google-auth#163 and #199: a request with RoleArn
//!   and PrincipalArn swapped); a `RoleArn` that is no role ARN is `ValidationError` "Request
//!   ARN is invalid" (physera/onelogin-aws-cli#12, oktadev/okta-aws-cli-assume-role#307).
//!   PrincipalArn is looked at first (the swapped requests of the newer reports answer
//!   "Principal ARN is invalid"). A provider the account does not have: "Specified provider
//!   doesn't exist." ("Troubleshoot SAML federation with IAM"; the page gives no code:
//!   `InvalidIdentityToken` is sts-sim's reading).
//! - The trust policy is evaluated with principal `Federated` = the provider ARN, action
//!   `sts:AssumeRoleWithSAML`, the assertion's keys ("Available keys for SAML-based AWS STS
//!   federation": `saml:aud` (the Recipient), `saml:iss`, `saml:sub`, `saml:sub_type`,
//!   `saml:namequalifier`, `saml:doc`, the mapped attributes), its session tags
//!   (`aws:RequestTag/*`, `aws:TagKeys`, `sts:TransitiveTagKeys`; `sts:TagSession` required,
//!   "Passing session tags using AssumeRoleWithSAML") and source identity
//!   (`sts:SourceIdentity`; `sts:SetSourceIdentity` required). A refusal, and a role that does
//!   not exist, is `AccessDenied` "Not authorized to perform sts:AssumeRoleWithSAML"
//!   ("Troubleshoot SAML federation with IAM").
//! - A `SourceIdentity` attribute that is not 2 to 64 of `[a-zA-Z_0-9+=,.@-]` or begins with
//!   `aws:` is `InvalidIdentityToken` "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and
//!   not begin with "aws:"" (same page).
//! - The session lasts `DurationSeconds` (default 3600, at most the role's MaxSessionDuration),
//!   shortened by the `SessionDuration` attribute ("if it is present in an AssumeRoleWithSAML
//!   API call, it can be used to shorten the duration of the session", "Configure SAML
//!   assertions for the authentication response") and by `SessionNotOnOrAfter` ("whichever is
//!   shorter", API reference). It carries `aws:FederatedProvider` = the provider ARN.
//! - CloudTrail: `userIdentity` of type `SAMLUser`, `principalId` `<saml:namequalifier>:<saml:sub>`,
//!   `userName` the subject, `identityProvider` the name qualifier ("CloudTrail userIdentity
//!   element", Values for AWS STS APIs with SAML and web identity federation; the example record
//!   in "Logging IAM and AWS STS API calls with AWS CloudTrail"), and the assertion's
//!   `sAMLAssertionID`, `roleSessionName`, `sourceIdentity`, `principalTags`, `transitiveTagKeys`
//!   among the request parameters; the assertion itself never. `resources`: the role and the
//!   SAML provider.

use serde_json::{Map, Value, json};

use super::Operation;
use super::assume_role::role_account;
use crate::eval::RequestPrincipal;
use crate::federation::saml::{self, SamlError, SamlProviderRef, SamlRequest, VerifiedSamlAssertion};
use crate::sts::authz::{self, request_context};
use crate::sts::caller::{Identity, IdentityKind};
use crate::sts::error::StsError;
use crate::sts::params::*;
use crate::sts::role_session::{self, RoleSession};
use crate::sts::saml_provider::{self, FindError};
use crate::sts::session_policy;
use crate::sts::session_token::SessionTag;
use crate::sts::sim::{CallContext, Sim};
use crate::sts::world::role_arn_parts;

pub const OPERATION: Operation = Operation {
    name: "AssumeRoleWithSAML",
    handler,
    read_only: true,
    log_response: true,
    resource_account: Some(role_account),
    resources: Some(resources),
};

const PARAMETERS: &[&str] = &["RoleArn", "PrincipalArn", "SAMLAssertion", "PolicyArns", "Policy", "DurationSeconds"];
const ACTION: &str = "sts:AssumeRoleWithSAML";
/// "Troubleshoot SAML federation with IAM".
const SOURCE_IDENTITY_INVALID: &str = "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"";

/// CloudTrail's `resources`: the role and the SAML provider (the example record in "Logging IAM
/// and AWS STS API calls with AWS CloudTrail").
fn resources(params: &Value) -> Value {
    let mut out = Vec::new();
    if let Some(arn) = params.get("RoleArn").and_then(Value::as_str)
        && let Some((account, _)) = role_arn_parts(arn)
    {
        out.push(json!({ "accountId": account, "type": "AWS::IAM::Role", "ARN": arn }));
    }
    if let Some(arn) = params.get("PrincipalArn").and_then(Value::as_str)
        && let Some((account, _)) = saml_provider::arn_parts(arn)
    {
        out.push(json!({ "accountId": account, "type": "AWS::IAM::SAMLProvider", "ARN": arn }));
    }
    Value::Array(out)
}

struct Request {
    role_arn: String,
    principal_arn: String,
    assertion: String,
    policy_arns: Vec<String>,
    policy: Option<String>,
    duration: Option<i64>,
}

fn read(params: &Value) -> Result<Request, StsError> {
    let mut p = Params::new("AssumeRoleWithSAML", params, PARAMETERS)?;
    let role_arn = p.string("RoleArn", true, &ARN);
    let principal_arn = p.string("PrincipalArn", true, &ARN);
    let assertion = p.sensitive_string("SAMLAssertion", saml::SAML_ASSERTION_MIN_LEN, saml::SAML_ASSERTION_MAX_LEN);
    let policy_arns = p.policy_arns();
    let policy = p.string("Policy", false, &SESSION_POLICY);
    let duration = p.integer("DurationSeconds", 900, 43200);
    p.finish()?;
    Ok(Request {
        role_arn: role_arn.unwrap_or_default(),
        principal_arn: principal_arn.unwrap_or_default(),
        assertion: assertion.unwrap_or_default(),
        policy_arns,
        policy,
        duration,
    })
}

fn assertion_error(sim: &mut Sim, e: SamlError) -> StsError {
    sim.explain(json!({ "checks": e.checks }));
    StsError::sender(e.code, e.message)
}

/// The assertion's session tags, transitive keys and source identity, checked as the `Tags`,
/// `TransitiveTagKeys` and `SourceIdentity` parameters are.
fn session_data(sim: &mut Sim, v: &VerifiedSamlAssertion) -> Result<(Vec<SessionTag>, Vec<String>, Option<String>), StsError> {
    let explained = |sim: &mut Sim, e: StsError| {
        sim.explain(json!({ "checks": v.checks }));
        e
    };
    if let Some(si) = &v.source_identity
        && (!saml::is_session_name(si) || si.to_ascii_lowercase().starts_with("aws:"))
    {
        return Err(explained(sim, StsError::sender(saml::INVALID_IDENTITY_TOKEN, SOURCE_IDENTITY_INVALID)));
    }
    let mut p = Params::new("AssumeRoleWithSAML", &Value::Null, &[])?;
    let value = |k: &str| format!("{}{k}", saml::ATTR_PRINCIPAL_TAG_PREFIX);
    let list = saml::ATTR_PRINCIPAL_TAG_PREFIX.trim_end_matches(':');
    let members = role_session::AssertedTagMembers { list, key: list, value: &value, transitive: saml::ATTR_TRANSITIVE_TAG_KEYS };
    role_session::check_asserted_tags(&mut p, &v.tags, &v.transitive_tag_keys, &members);
    p.finish().map_err(|e| explained(sim, e))?;
    let tags: Vec<SessionTag> = v.tags.iter().map(|(key, value)| SessionTag { key: key.clone(), value: value.clone() }).collect();
    Ok((tags, v.transitive_tag_keys.clone(), v.source_identity.clone()))
}

/// The session's duration in seconds: `DurationSeconds` (or the default) within the role's
/// MaxSessionDuration, then shortened by `SessionDuration` and `SessionNotOnOrAfter`. A
/// `SessionNotOnOrAfter` already past leaves nothing: that is `ExpiredTokenException` "Response
/// has expired" (sts-sim's reading: AWS documents only "whichever is shorter").
fn duration(req: &Request, v: &VerifiedSamlAssertion, max_session_duration: u32, now_ms: i64) -> Result<i64, StsError> {
    let mut seconds = role_session::duration(req.duration, max_session_duration, false)?;
    if let Some(d) = v.session_duration {
        seconds = seconds.min(i64::from(d));
    }
    if let Some(until) = v.session_not_on_or_after_ms {
        let left = (until - now_ms).div_euclid(1000);
        if left <= 0 {
            return Err(StsError::sender(saml::EXPIRED_TOKEN, "Response has expired"));
        }
        seconds = seconds.min(left);
    }
    Ok(seconds)
}

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let req = read(params)?;
    let now_ms = ctx.origin.now_ms;
    let denied = |action: &str| StsError::sender("AccessDenied", format!("Not authorized to perform {action}"));

    let provider = match saml_provider::find(&sim.world, &req.principal_arn) {
        Ok(p) => p,
        Err(FindError::NotAProviderArn) => return Err(StsError::validation_message("Principal ARN is invalid")),
        Err(FindError::NoSuchProvider) if role_arn_parts(&req.role_arn).is_none() => return Err(StsError::validation_message("Request ARN is invalid")),
        Err(FindError::NoSuchProvider) => return Err(StsError::sender(saml::INVALID_IDENTITY_TOKEN, "Specified provider doesn't exist.")),
    };
    if role_arn_parts(&req.role_arn).is_none() {
        return Err(StsError::validation_message("Request ARN is invalid"));
    }
    let provider_arn = provider.arn.clone();
    let metadata = provider.metadata(sim.seed).map_err(|e| StsError::sender(saml::INVALID_IDENTITY_TOKEN, format!("sts-sim: the provider's metadata could not be made: {e}")))?;
    let request = SamlRequest { role_arn: &req.role_arn, principal_arn: &provider_arn, saml_assertion: &req.assertion };
    let v = match saml::verify_saml_response(&request, &SamlProviderRef { arn: &provider_arn, metadata_document: &metadata }, now_ms) {
        Ok(v) => v,
        Err(e) => return Err(assertion_error(sim, e)),
    };
    // CloudTrail's SAMLUser ("CloudTrail userIdentity element").
    {
        let mut logged = ctx.federated.borrow_mut();
        logged.user_identity = Some(json!({
            "type": "SAMLUser",
            "principalId": format!("{}:{}", v.name_qualifier, v.subject),
            "userName": v.subject,
            "identityProvider": v.name_qualifier,
        }));
        let rp = &mut logged.request_parameters;
        rp.insert("sAMLAssertionID".into(), json!(v.assertion_id));
        rp.insert("roleSessionName".into(), json!(v.role_session_name));
        if let Some(si) = &v.source_identity {
            rp.insert("sourceIdentity".into(), json!(si));
        }
        if !v.tags.is_empty() {
            let principal_tags: Map<String, Value> = v.tags.iter().map(|(k, val)| (k.clone(), json!(val))).collect();
            rp.insert("principalTags".into(), Value::Object(principal_tags));
        }
        if !v.transitive_tag_keys.is_empty() {
            rp.insert("transitiveTagKeys".into(), json!(v.transitive_tag_keys));
        }
    }
    let (tags, transitive, source_identity) = session_data(sim, &v)?;

    let Some((account, role)) = sim.world.role_by_arn(&req.role_arn) else {
        sim.explain(json!({ "checks": v.checks, "why": "no role with this ARN in the world (AWS answers a missing role as a refusal)" }));
        return Err(denied(ACTION));
    };
    let (account_id, role_name, role_id, role_arn, trust, max_duration) =
        (account.id.clone(), role.name.clone(), role.id.clone(), role.arn.clone(), role.trust.clone(), role.max_session_duration);
    if !account.region_enabled(&ctx.region) {
        return Err(StsError::region_disabled(&account_id));
    }
    let token_version = ctx.token_version(account);
    session_policy::check_policies(&sim.world, req.policy.as_deref(), &req.policy_arns)?;
    session_policy::check_unique_tag_keys(&tags)?;
    role_session::check_transitive_keys(&tags, &transitive)?;

    // Authorization: only the trust policy (and RCPs) can allow a caller that is no AWS identity.
    let principal = RequestPrincipal::parse(&provider_arn).map_err(|_| denied(ACTION))?;
    let caller = Identity { principal, kind: IdentityKind::Unsigned, access_key_id: None };
    let mut context = request_context(&sim.world, &caller, &ctx.origin);
    // Keys documented as lists ("Items marked with [] can have a value that is a list") are
    // multivalued even with one value, so `ForAnyValue:` works as on AWS.
    for (key, values) in &v.context {
        match values.as_slice() {
            [one] if !saml::is_list_context_key(key) => context.set(key, one.as_str()),
            _ => context.set_multi(key, values.iter().cloned()),
        }
    }
    session_policy::add_request_tags(&mut context, &tags);
    if !transitive.is_empty() {
        context.set_multi("sts:TransitiveTagKeys", transitive.iter().cloned());
    }
    if let Some(si) = &source_identity {
        context.set("sts:SourceIdentity", si.as_str());
    }
    let decider = authz::Decider::new(&sim.world, &caller, &role_arn, Some(&account_id), Some(&trust), context)?;
    if let Some(refused) = role_session::refused_action(&decider, ACTION, !tags.is_empty(), source_identity.is_some()) {
        let a = decider.authorize(refused);
        sim.explain(json!({ "checks": v.checks, "trace": a.trace }));
        return Err(denied(refused));
    }

    let duration = duration(&req, &v, max_duration, now_ms)?;
    let mut response = role_session::issue(
        sim,
        RoleSession {
            token_version,
            account_id: &account_id,
            role_name: &role_name,
            role_id: &role_id,
            session_name: &v.role_session_name,
            duration,
            tags,
            transitive_tag_keys: transitive,
            source_identity,
            mfa_authenticated_at: None,
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
            federated_provider: Some(provider_arn),
            now_ms,
        },
    )?;
    // botocore's AssumeRoleWithSAMLResponse members, in its order.
    let mut out = Map::new();
    let mut take = |k: &str| response.as_object_mut().and_then(|m| m.remove(k));
    for k in ["Credentials", "AssumedRoleUser", "PackedPolicySize"] {
        if let Some(x) = take(k) {
            out.insert(k.into(), x);
        }
    }
    let source_identity = take("SourceIdentity");
    out.insert("Subject".into(), json!(v.subject));
    out.insert("SubjectType".into(), json!(v.subject_type));
    out.insert("Issuer".into(), json!(v.issuer));
    // "Audience: The value of the Recipient attribute of the SubjectConfirmationData element of
    // the SAML assertion" (AssumeRoleWithSAML, response elements).
    out.insert("Audience".into(), json!(v.recipient));
    out.insert("NameQualifier".into(), json!(v.name_qualifier));
    if let Some(si) = source_identity {
        out.insert("SourceIdentity".into(), si);
    }
    Ok(Value::Object(out))
}
