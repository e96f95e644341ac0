//! AssumeRoleWithWebIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
//!
//! - Unsigned: "Calling AssumeRoleWithWebIdentity does not require the use of AWS security
//!   credentials"; the caller is who the token says, once it verifies.
//! - The token is verified against the identity providers of the role's account
//!   (`federation::verify_web_identity_token`: issuer → IAM OIDC provider, audience in its
//!   ClientIDList, signature against its JWKS, expiry with five minutes of skew), answering
//!   `InvalidIdentityToken` / `ExpiredTokenException` as AWS does. Google and Cognito are built
//!   in ("Create an OpenID Connect (OIDC) identity provider in IAM": no IAM provider is needed
//!   for them); `ProviderId` (`www.amazon.com`, `graph.facebook.com`) names an OAuth 2.0
//!   provider whose access token AWS checks with the provider: offline, a token the simulator
//!   minted for that provider stands in, and one that does not verify is `IDPRejectedClaim`
//!   ("The identity provider (IdP) reported that authentication failed").
//! - The trust policy is evaluated with principal `Federated` = the provider ARN (or the
//!   built-in provider's host), action `sts:AssumeRoleWithWebIdentity`, the token's condition
//!   keys ("Available keys for AWS OIDC federation"), `sts:RoleSessionName`, the token's session
//!   tags (`aws:RequestTag/*`, `aws:TagKeys`, `sts:TransitiveTagKeys`; `sts:TagSession` required,
//!   "Passing session tags using AssumeRoleWithWebIdentity") and source identity
//!   (`sts:SourceIdentity`; `sts:SetSourceIdentity` required, "Monitor and control actions taken
//!   with assumed roles"). A refusal is `AccessDenied` "Not authorized to perform
//!   sts:AssumeRoleWithWebIdentity" (the text STS answers, quoted in countless GitHub Actions
//!   reports; aws-actions/configure-aws-credentials prints it as "Could not assume role with
//!   OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity").
//! - The session: 900 seconds up to the role's MaxSessionDuration (default 3600); session
//!   policies as AssumeRole's; it carries the token's tags, transitive keys and source identity,
//!   and `aws:FederatedProvider` ("AWS global condition context keys").
//! - CloudTrail: `userIdentity` of type `WebIdentityUser` with `principalId`
//!   `<provider>:<audience>:<subject>`, `userName` = the subject and `identityProvider` = the
//!   provider ("CloudTrail userIdentity element", Values for AWS STS APIs with SAML and web
//!   identity federation; real records of GitHub Actions and EKS federation show the provider
//!   ARN as `identityProvider` and the prefix of `principalId`). The token's session tags
//!   appear in `requestParameters` as `principalTags` and `transitiveTagKeys`, the token itself
//!   never.

use serde_json::{Map, Value, json};

use super::Operation;
use super::assume_role::{role_account, role_resources};
use crate::context::RequestContext;
use crate::eval::RequestPrincipal;
use crate::federation::{self, VerifiedWebIdentity, WebIdentityError, jwt};
use crate::sts::authz::{self, request_context};
use crate::sts::caller::{Identity, IdentityKind};
use crate::sts::error::StsError;
use crate::sts::oidc::{self, OAUTH_PROVIDER_IDS};
use crate::sts::params::*;
use crate::sts::role_session::{self, RoleSession};
use crate::sts::session_policy;
use crate::sts::session_token::SessionTag;
use crate::sts::sim::{CallContext, Sim};
use crate::sts::world::role_arn_parts;

pub const OPERATION: Operation = Operation {
    name: "AssumeRoleWithWebIdentity",
    handler,
    read_only: true,
    log_response: true,
    resource_account: Some(role_account),
    resources: Some(role_resources),
};

const PARAMETERS: &[&str] = &["RoleArn", "RoleSessionName", "WebIdentityToken", "ProviderId", "PolicyArns", "Policy", "DurationSeconds"];

/// botocore `urlType` (ProviderId): 4 to 2048 characters.
const PROVIDER_ID: StringRule = StringRule { min: 4, max: Some(2048), pattern: None };

struct Request {
    role_arn: String,
    session_name: String,
    token: String,
    provider_id: Option<String>,
    policy_arns: Vec<String>,
    policy: Option<String>,
    duration: Option<i64>,
}

fn read(params: &Value) -> Result<Request, StsError> {
    let mut p = Params::new("AssumeRoleWithWebIdentity", params, PARAMETERS)?;
    let role_arn = p.string("RoleArn", true, &ARN);
    let session_name = p.string("RoleSessionName", true, &ROLE_SESSION_NAME);
    // botocore's clientTokenType (4..20000) is "sensitive": the message names the member but
    // not the value.
    let token = p.sensitive_string("WebIdentityToken", federation::WEB_IDENTITY_TOKEN_MIN_LEN, federation::WEB_IDENTITY_TOKEN_MAX_LEN);
    let provider_id = p.string("ProviderId", false, &PROVIDER_ID);
    let policy_arns = p.policy_arns();
    let policy = p.string("Policy", false, &SESSION_POLICY);
    let duration = p.integer("DurationSeconds", 900, 43200);
    p.finish()?;
    Ok(Request {
        role_arn: role_arn.unwrap_or_default(),
        session_name: session_name.unwrap_or_default(),
        token: token.unwrap_or_default(),
        provider_id,
        policy_arns,
        policy,
        duration,
    })
}

/// A verified caller: who vouched for it and what the token says.
struct WebIdentity {
    verified: VerifiedWebIdentity,
    /// The `Federated` principal (provider ARN or host), the `Provider` response element for
    /// an OIDC token, `aws:FederatedProvider` of the session.
    provider: String,
    /// The `Provider` response element: the provider, or the `ProviderId` passed.
    response_provider: String,
    context: Vec<(String, Vec<String>)>,
}

fn token_error(sim: &mut Sim, e: WebIdentityError) -> StsError {
    sim.explain(json!({ "checks": e.checks }));
    StsError::sender(e.code, e.message)
}

/// Verifies the token: an OpenID Connect ID token against the account's providers, or, with
/// `ProviderId`, the stand-in for an OAuth 2.0 access token.
fn verify(sim: &mut Sim, req: &Request, account: Option<&str>, now_ms: i64) -> Result<WebIdentity, StsError> {
    // The derived key of the token's algorithm joins the set, so a token the simulator minted
    // with RS256 verifies even in a simulator that has not minted one yet.
    let token_alg = jwt::decode(&req.token).ok().map(|j| j.alg);
    let partition = sim.world.partition.clone();
    if let Some(pid) = &req.provider_id {
        if !OAUTH_PROVIDER_IDS.contains(&pid.as_str()) {
            // The documented rule; the message is ours.
            return Err(StsError::sender(
                "InvalidParameterValue",
                format!("ProviderId '{pid}' is not supported: only www.amazon.com and graph.facebook.com issue OAuth 2.0 access tokens for AssumeRoleWithWebIdentity; omit ProviderId for OpenID Connect ID tokens."),
            ));
        }
        let provider = oidc::oauth_provider(pid, &mut sim.oidc_keys, token_alg);
        return match federation::verify_web_identity_token(&req.token, &oidc::refs(std::slice::from_ref(&provider)), now_ms) {
            Ok(verified) => {
                let context = federation::oauth_provider_context(pid, &verified.audience, &verified.subject).unwrap_or_default();
                Ok(WebIdentity { verified, provider: pid.clone(), response_provider: pid.clone(), context })
            }
            // AWS asks the provider to check the access token; a token it rejects is
            // IDPRejectedClaim. The message is ours (AWS's is not documented).
            Err(e) => {
                sim.explain(json!({ "checks": e.checks }));
                Err(StsError::sender("IDPRejectedClaim", format!("The identity provider {pid} rejected the access token: {}", e.message)))
            }
        };
    }
    let providers = oidc::account_providers(&sim.world, &mut sim.oidc_keys, account, token_alg);
    let verified = match federation::verify_web_identity_token(&req.token, &oidc::refs(&providers), now_ms) {
        Ok(v) => v,
        Err(e) => return Err(token_error(sim, e)),
    };
    let provider = providers
        .iter()
        .find(|p| p.url == verified.provider_url)
        .map(|p| p.principal(&partition))
        .unwrap_or_else(|| verified.provider_key.clone());
    let context = federation::trust_policy_context(&verified);
    Ok(WebIdentity { verified, response_provider: provider.clone(), provider, context })
}

/// The trust-policy context: the request keys, the token's keys, the session name, tags and
/// source identity.
fn trust_context(base: RequestContext, w: &WebIdentity, session_name: &str, tags: &[SessionTag], transitive: &[String], source_identity: Option<&str>) -> RequestContext {
    let mut ctx = base;
    for (key, values) in &w.context {
        // `:amr` is multivalued ("test it in a policy using condition set operators"); an
        // `aud` array is too.
        if values.len() == 1 && !key.ends_with(":amr") {
            ctx.set(key, values[0].as_str());
        } else {
            ctx.set_multi(key, values.iter().cloned());
        }
    }
    ctx.set("sts:RoleSessionName", session_name);
    session_policy::add_request_tags(&mut ctx, tags);
    if !transitive.is_empty() {
        ctx.set_multi("sts:TransitiveTagKeys", transitive.iter().cloned());
    }
    if let Some(si) = source_identity {
        ctx.set("sts:SourceIdentity", si);
    }
    ctx
}

/// The session tags and source identity the token carries, checked as `Tags` and
/// `SourceIdentity` parameters are (50 tags, key and value patterns, source identity pattern).
/// A violation is a `ValidationError` naming the claim (our wording: AWS does not document it).
fn token_session_data(w: &WebIdentity) -> Result<(Vec<SessionTag>, Vec<String>, Option<String>), WebIdentityError> {
    let tags = federation::session_tags(&w.verified)?.unwrap_or_default();
    let source_identity = federation::source_identity(&w.verified)?;
    let mut p = Params::new("AssumeRoleWithWebIdentity", &Value::Null, &[]).map_err(|e| WebIdentityError { code: "ValidationError", message: e.message, checks: Vec::new() })?;
    let (list, key, transitive) = (
        format!("{}.principal_tags", federation::TAGS_CLAIM),
        format!("{}.principal_tags.key", federation::TAGS_CLAIM),
        format!("{}.transitive_tag_keys", federation::TAGS_CLAIM),
    );
    let value = |k: &str| format!("{}.principal_tags.{k}", federation::TAGS_CLAIM);
    let members = role_session::AssertedTagMembers { list: &list, key: &key, value: &value, transitive: &transitive };
    role_session::check_asserted_tags(&mut p, &tags.tags, &tags.transitive_tag_keys, &members);
    if let Some(si) = &source_identity {
        p.check(federation::SOURCE_IDENTITY_CLAIM, si, &SOURCE_IDENTITY);
    }
    p.finish().map_err(|e| WebIdentityError { code: "ValidationError", message: e.message, checks: Vec::new() })?;
    let session_tags = tags.tags.into_iter().map(|(key, value)| SessionTag { key, value }).collect();
    Ok((session_tags, tags.transitive_tag_keys, source_identity))
}

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let req = read(params)?;
    let now_ms = ctx.origin.now_ms;
    let denied = |action: &str| StsError::sender("AccessDenied", format!("Not authorized to perform {action}"));
    let account = role_arn_parts(&req.role_arn).map(|(a, _)| a.to_string());

    let w = verify(sim, &req, account.as_deref(), now_ms)?;
    let v = &w.verified;
    // "The CloudTrail log entry also contains an additionalEventData field with an
    // identityProviderConnectionVerificationMethod attribute ... either IAMTrustStore or
    // Thumbprint" (Logging IAM and AWS STS API calls with AWS CloudTrail). AWS verifies the
    // JWKS endpoint's TLS certificate against its trusted root CAs and falls back to the
    // thumbprints "only" for certificates no trusted CA signed (UpdateOpenIDConnectProviderThumbprint);
    // a world's provider has its keys inline and no TLS certificate, so sts-sim records the
    // documented default.
    ctx.federated.borrow_mut().additional_event_data.insert("identityProviderConnectionVerificationMethod".into(), json!("IAMTrustStore"));
    // CloudTrail's WebIdentityUser: "For WebIdentityUser, this is a combination of the issuer,
    // application ID, and user ID" (principalId), "the user ID" (userName).
    ctx.federated.borrow_mut().user_identity = Some(json!({
        "type": "WebIdentityUser",
        "principalId": format!("{}:{}:{}", w.provider, v.audience, v.subject),
        "userName": v.subject,
        "identityProvider": w.provider,
    }));
    let (tags, transitive, source_identity) = token_session_data(&w).map_err(|e| token_error(sim, e))?;
    if federation::session_tags(v).ok().flatten().is_some() {
        let principal_tags: Map<String, Value> = tags.iter().map(|t| (t.key.clone(), json!(t.value))).collect();
        let mut logged = ctx.federated.borrow_mut();
        logged.request_parameters.insert("principalTags".into(), Value::Object(principal_tags));
        logged.request_parameters.insert("transitiveTagKeys".into(), json!(transitive));
    }

    // A role that does not exist answers as a refusal (STS does not reveal whether it exists).
    let action = "sts:AssumeRoleWithWebIdentity";
    let Some((account, role)) = sim.world.role_by_arn(&req.role_arn) else { return Err(denied(action)) };
    let (account_id, role_name, role_id, role_arn, trust, max_duration) =
        (account.id.clone(), role.name.clone(), role.id.clone(), role.arn.clone(), role.trust.clone(), role.max_session_duration);
    if !account.region_enabled(&ctx.region) {
        return Err(StsError::region_disabled(&account_id));
    }
    let token_version = ctx.token_version(account);
    session_policy::check_policies(&sim.world, req.policy.as_deref(), &req.policy_arns)?;
    session_policy::check_unique_tag_keys(&tags)?;
    role_session::check_transitive_keys(&tags, &transitive)?;
    role_session::check_source_identity_prefix(source_identity.as_deref())?;

    // Authorization: only the trust policy (and RCPs) can allow a caller that is no AWS
    // identity ("Policy evaluation logic").
    let principal = RequestPrincipal::parse(&w.provider).map_err(|_| denied(action))?;
    let caller = Identity { principal, kind: IdentityKind::Unsigned, access_key_id: None };
    let base = request_context(&sim.world, &caller, &ctx.origin);
    let context = trust_context(base, &w, &req.session_name, &tags, &transitive, source_identity.as_deref());
    let decider = authz::Decider::new(&sim.world, &caller, &role_arn, Some(&account_id), Some(&trust), context)?;
    if let Some(refused) = role_session::refused_action(&decider, action, !tags.is_empty(), source_identity.is_some()) {
        let a = decider.authorize(refused);
        sim.explain(json!({ "checks": v.checks, "trace": a.trace }));
        return Err(denied(refused));
    }

    let duration = role_session::duration(req.duration, max_duration, false)?;
    let mut response = role_session::issue(
        sim,
        RoleSession {
            token_version,
            account_id: &account_id,
            role_name: &role_name,
            role_id: &role_id,
            session_name: &req.session_name,
            duration,
            tags,
            transitive_tag_keys: transitive,
            source_identity,
            mfa_authenticated_at: None,
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
            federated_provider: Some(w.provider.clone()),
            now_ms,
        },
    )?;
    // botocore's AssumeRoleWithWebIdentityResponse members, in its order.
    let mut out = Map::new();
    let take = |r: &mut Value, k: &str| r.as_object_mut().and_then(|m| m.remove(k));
    if let Some(c) = take(&mut response, "Credentials") {
        out.insert("Credentials".into(), c);
    }
    out.insert("SubjectFromWebIdentityToken".into(), json!(v.subject));
    if let Some(u) = take(&mut response, "AssumedRoleUser") {
        out.insert("AssumedRoleUser".into(), u);
    }
    if let Some(p) = take(&mut response, "PackedPolicySize") {
        out.insert("PackedPolicySize".into(), p);
    }
    out.insert("Provider".into(), json!(w.response_provider));
    out.insert("Audience".into(), json!(v.audience));
    if let Some(si) = take(&mut response, "SourceIdentity") {
        out.insert("SourceIdentity".into(), si);
    }
    Ok(Value::Object(out))
}
