//! The simulator: a world, its clock and its seed, and every call made to it. Deterministic:
//! the clock moves only by `advance`, and every random choice comes from streams derived from
//! the seed (`rng::derive_key` with a label per purpose), so the same world, seed and calls give
//! byte-identical answers and events.
//!
//! A session lives in its credentials alone: the claims are sealed into the session token
//! (session policy text included) and the secret is derived from the access key id
//! (`credentials`), so the simulator keeps no table of sessions.

use std::cell::RefCell;

use serde_json::{Map, Value, json};

use super::authorization_message;
use super::authz::{self, Authorization, RequestOrigin};
use super::caller::{self, Caller, Identity, Keys};
use super::credentials;
use super::error::{ErrorType, StsError};
use super::events;
use super::oidc::OidcKeys;
use super::ops;
use super::session_token::{self, SessionClaims, TokenVersion};
use super::world::{Account, InlinePolicy, World, is_opt_in_region};
use crate::context::RequestContext;
use crate::eval::Decision;
use crate::policy::{Policy, PolicyKind, parse_policy};
use crate::rng::SimRng;

/// Which STS endpoint a request goes to ("Manage AWS STS in an AWS Region").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `sts.<region>.amazonaws.com`: issues version 2 tokens, valid in every Region.
    Regional,
    /// `sts.amazonaws.com`: hosted in us-east-1; issues tokens of the account's
    /// `GlobalEndpointTokenVersion` (v1 by default: valid only in Regions enabled by default).
    Global,
}

/// Where a request is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Where {
    pub region: String,
    pub endpoint: Endpoint,
    /// `sourceIPAddress` / `aws:SourceIp`. Default 192.0.2.1 (RFC 5737 documentation range).
    pub source_ip: String,
    /// CloudTrail's `userAgent`.
    pub user_agent: String,
}

impl Default for Where {
    fn default() -> Where {
        Where { region: "us-east-1".into(), endpoint: Endpoint::Regional, source_ip: "192.0.2.1".into(), user_agent: "sts-sim".into() }
    }
}

impl Where {
    /// The Region that serves the request: the global endpoint is hosted in us-east-1.
    pub fn serving_region(&self) -> String {
        match self.endpoint {
            Endpoint::Global => "us-east-1".to_string(),
            Endpoint::Regional => self.region.clone(),
        }
    }
}

/// What an operation handler knows about its request.
pub struct CallContext {
    pub identity: Identity,
    /// The Region that serves the request (us-east-1 for the global endpoint).
    pub region: String,
    pub endpoint: Endpoint,
    pub origin: RequestOrigin,
    /// Filled by an unsigned operation once it knows who its caller is (see `FederatedCaller`).
    pub federated: RefCell<FederatedCaller>,
}

/// What an unsigned operation (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) learns about its
/// caller from the token or assertion it verifies, for the CloudTrail record: the
/// `userIdentity` (`WebIdentityUser`, `SAMLUser`) and the request parameters the token itself
/// carried (its session tags, logged as `principalTags` / `transitiveTagKeys`), and what the
/// record's `additionalEventData` adds.
#[derive(Clone, Debug, Default)]
pub struct FederatedCaller {
    pub user_identity: Option<Value>,
    pub request_parameters: Map<String, Value>,
    /// Members the record's `additionalEventData` carries beside `RequestDetails` (e.g.
    /// AssumeRoleWithWebIdentity's `identityProviderConnectionVerificationMethod`).
    pub additional_event_data: Map<String, Value>,
}

impl CallContext {
    /// The version of the tokens this request's endpoint issues for `account` ("Manage AWS STS
    /// in an AWS Region"): v2 from regional endpoints; from the global endpoint, the account's
    /// `GlobalEndpointTokenVersion`.
    pub fn token_version(&self, account: &Account) -> TokenVersion {
        match self.endpoint {
            Endpoint::Regional => TokenVersion::V2,
            Endpoint::Global => account.global_endpoint_token_version,
        }
    }
}

/// `authorize`'s request: any action on any resource, with extra context keys.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeRequest {
    pub action: String,
    pub resource: String,
    /// Keys the request carries (service-specific ones such as `s3:prefix`). Keys the
    /// simulator derives from the caller (`aws:PrincipalArn`, `aws:TokenIssueTime`, tags…)
    /// cannot be overridden; request keys such as `aws:SourceIp` can.
    pub context: RequestContext,
    pub region: Option<String>,
    /// The resource's own resource-based policy (a bucket policy, a key policy…), as the
    /// service holding the resource would evaluate it. A role of the world acted on by
    /// `sts:AssumeRole*`, `sts:TagSession` or `sts:SetSourceIdentity` uses its trust policy.
    pub resource_policy: Option<Policy>,
}

pub struct Sim {
    pub(crate) world: World,
    now_ms: i64,
    pub(crate) sealing_key: [u8; 32],
    pub(crate) secret_key: [u8; 32],
    /// Access key ids of issued credentials.
    pub(crate) credential_rng: SimRng,
    /// Session token nonces.
    pub(crate) token_rng: SimRng,
    /// Request and event ids.
    pub(crate) id_rng: SimRng,
    /// Encoded authorization messages: their sealing key and nonces.
    pub(crate) message_key: [u8; 32],
    message_rng: SimRng,
    /// The CloudTrail log (`events::EventLog`: typed until read).
    pub(crate) events: events::EventLog,
    /// The OIDC signing keys derived from the seed (`oidc`), generated on first use.
    pub(crate) oidc_keys: OidcKeys,
    /// The seed, for the keys derived on demand (SAML providers: `saml_provider`).
    pub(crate) seed: u64,
    /// Why the last call was refused, beyond AWS's error (token checks, the trust policy's
    /// trace with its hints): sts-sim's explanation, never part of the AWS answer.
    explanation: Option<Value>,
    /// Compiled policies of role assumptions (`authz::PolicyCache`). Whatever changes the
    /// world's policies must invalidate it (`revoke_older_sessions` does).
    pub(crate) policy_cache: authz::PolicyCache,
}

impl Sim {
    pub fn new(world: World, now_ms: i64, seed: u64) -> Sim {
        Sim {
            world,
            now_ms,
            sealing_key: session_token::sealing_key(seed),
            secret_key: credentials::secret_key(seed),
            credential_rng: SimRng::for_label(seed, "sts-sim/access-key-ids"),
            token_rng: SimRng::for_label(seed, "sts-sim/token-nonces"),
            id_rng: SimRng::for_label(seed, "sts-sim/request-ids"),
            message_key: authorization_message::sealing_key(seed),
            message_rng: SimRng::for_label(seed, authorization_message::NONCE_LABEL),
            events: events::EventLog::default(),
            oidc_keys: OidcKeys::new(seed),
            seed,
            explanation: None,
            policy_cache: authz::PolicyCache::default(),
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// Epoch milliseconds.
    pub fn now(&self) -> i64 {
        self.now_ms
    }

    pub fn advance(&mut self, seconds: u64) {
        self.now_ms = self.now_ms.saturating_add(i64::try_from(seconds).unwrap_or(i64::MAX).saturating_mul(1000));
    }

    /// Every call's CloudTrail record, in order.
    pub fn events(&self) -> &[Value] {
        self.events.records()
    }

    /// How many CloudTrail records the log holds (`events().len()`, without building them).
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// The `requestID` of the last call recorded, without building the log's JSON.
    pub fn last_request_id(&self) -> Option<String> {
        self.events.last_request_id()
    }

    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys { sealing: &self.sealing_key, secrets: &self.secret_key }
    }

    /// A new UUID (version 4 layout) from the id stream: request ids and event ids.
    pub(crate) fn uuid(&mut self) -> String {
        events::uuid_text(self.uuid_bytes())
    }

    /// The next id of the id stream, as bytes (`uuid`).
    pub(crate) fn uuid_bytes(&mut self) -> [u8; 16] {
        let mut b: [u8; 16] = self.id_rng.bytes();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        b
    }

    /// Makes one STS call. Every call, answered or refused, appends its CloudTrail record.
    pub fn call(&mut self, caller: Option<&Caller>, operation: &str, params: &Value, at: &Where) -> Result<Value, StsError> {
        self.explanation = None;
        let region = at.serving_region();
        let origin = RequestOrigin { region: region.clone(), source_ip: at.source_ip.clone(), now_ms: self.now_ms };
        let Some(op) = ops::find(operation) else {
            let e = StsError::invalid_action(operation);
            events::record_unauthenticated(self, operation, caller, &origin, at, &e);
            return Err(e);
        };
        // An unsigned operation authenticates its caller by the token it verifies; credentials
        // that come with such a request are not looked at (sts-sim's choice: AWS documents only
        // that the call "does not require the use of AWS security credentials").
        let identity = if op.unsigned() {
            Identity::unsigned()
        } else {
            match self.authenticate_at(caller, &region) {
                Ok(i) => i,
                Err(e) => {
                    events::record_unauthenticated(self, operation, caller, &origin, at, &e);
                    return Err(e);
                }
            }
        };
        let ctx = CallContext { identity, region, endpoint: at.endpoint, origin, federated: RefCell::default() };
        // What temporary credentials may call is checked before the operation sees the request.
        let result = match ctx.identity.check_credential_scope(&format!("sts:{}", op.name)) {
            Ok(()) => (op.handler)(self, &ctx, params),
            Err(e) => Err(e),
        };
        events::record(self, op, &ctx, at, params, &result);
        result
    }

    /// The secret access key that signs for `access_key_id` (with its session token) now: what
    /// a SigV4 verifier looks up before checking a request's signature (`caller::signing_secret`).
    pub fn secret_for(&self, access_key_id: &str, session_token: Option<&str>) -> Result<String, StsError> {
        caller::signing_secret(&self.world, &self.keys(), access_key_id, session_token, self.now_ms)
    }

    /// Records a request refused before `call` could run it (its signature or credentials did
    /// not verify on the wire), as `call` records a refused caller; answers the record's
    /// request id, which the HTTP answer carries.
    pub fn record_refused(&mut self, operation: &str, access_key_id: Option<&str>, at: &Where, error: &StsError) -> String {
        let origin = RequestOrigin { region: at.serving_region(), source_ip: at.source_ip.clone(), now_ms: self.now_ms };
        let caller = access_key_id.map(|k| Caller::Credentials { access_key_id: k.to_string(), secret_access_key: String::new(), session_token: None });
        events::record_unauthenticated(self, operation, caller.as_ref(), &origin, at, error);
        self.events.last_request_id().unwrap_or_default()
    }

    /// Issues temporary credentials for `claims`: a new `ASIA…` key id of `claims.account`
    /// (filled into the claims), its secret, and the claims sealed into the session token.
    /// Answers the `Credentials` element.
    pub(crate) fn issue_credentials(&mut self, mut claims: SessionClaims) -> Result<Value, StsError> {
        let access_key_id = {
            let world = &self.world;
            credentials::new_session_key_id(&mut self.credential_rng, &claims.account, |id| world.access_key(id).is_some())
        }
        .ok_or_else(|| StsError { type_: ErrorType::Receiver, code: "InternalFailure".into(), message: "could not issue an access key id".into() })?;
        claims.access_key_id = access_key_id.clone();
        let token = session_token::seal(&self.sealing_key, &mut self.token_rng, &claims);
        Ok(json!({
            "AccessKeyId": access_key_id,
            "SecretAccessKey": credentials::session_secret(&self.secret_key, &access_key_id),
            "SessionToken": token,
            "Expiration": super::clock::iso8601(claims.expires_at.saturating_mul(1000)),
        }))
    }

    /// Authenticates, then applies the Region rules to the credentials.
    fn authenticate_at(&self, caller: Option<&Caller>, region: &str) -> Result<Identity, StsError> {
        // "Common Errors": MissingAuthenticationToken, "The request must contain either a valid
        // (registered) AWS access key ID or X.509 certificate." Every operation here is signed.
        let Some(caller) = caller else {
            return Err(StsError::sender("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate."));
        };
        let identity = caller::authenticate(&self.world, &self.keys(), caller, self.now_ms)?;
        if is_opt_in_region(region) {
            // An opt-in Region the caller's account has not enabled does not know its
            // credentials; STS there answers InvalidClientTokenId (aws/aws-sdk-ruby#2850,
            // hashicorp/terraform-provider-aws#32549). Version 1 tokens from the global
            // endpoint "are valid only in AWS Regions that are available by default" ("Manage
            // AWS STS in an AWS Region"): the same answer.
            let enabled = identity.account().and_then(|a| self.world.account(a)).is_none_or(|a| a.region_enabled(region));
            let v1 = identity.claims().is_some_and(|c| c.token_version == TokenVersion::V1);
            if !enabled || v1 {
                return Err(StsError::invalid_client_token());
            }
        }
        Ok(identity)
    }

    /// Decides any action for the caller's session, as the service receiving it would: the
    /// caller's identity policies, boundary, session policies and SCPs; the RCPs of the
    /// resource's account; and, for a role of the world as resource, its trust policy, else the
    /// resource policy the request gives. Temporary credentials are held to their documented
    /// limits first (`Identity::check_credential_scope`).
    pub fn authorize(&mut self, caller: &Caller, request: &AuthorizeRequest) -> Result<Authorization, StsError> {
        let region = request.region.clone().unwrap_or_else(|| "us-east-1".to_string());
        let identity = self.authenticate_at(Some(caller), &region)?;
        identity.check_credential_scope(&request.action)?;
        let origin_region = region.clone();
        let origin = RequestOrigin { region, source_ip: Where::default().source_ip, now_ms: self.now_ms };
        let mut context = authz::request_context(&self.world, &identity, &origin);
        // Request keys the caller gives win over the defaults; keys derived from the principal
        // do not (they are re-applied below).
        for entry in request.context.entries() {
            context.insert(entry.clone());
        }
        let derived = authz::request_context(&self.world, &identity, &origin);
        for entry in derived.entries() {
            let key = entry.key.to_lowercase();
            let request_key = ["aws:currenttime", "aws:epochtime", "aws:securetransport", "aws:requestedregion", "aws:sourceip", "aws:viaawsservice"].contains(&key.as_str());
            if !request_key {
                context.insert(entry.clone());
            }
        }
        let role = self.world.role_by_arn(&request.resource).map(|(a, r)| (a.id.clone(), r.trust.clone()));
        let action_lower = request.action.to_lowercase();
        let trust_applies = action_lower.starts_with("sts:assumerole") || action_lower == "sts:tagsession" || action_lower == "sts:setsourceidentity";
        let resource_policy = role.as_ref().filter(|_| trust_applies).map(|(_, t)| t).or(request.resource_policy.as_ref());
        let resource_account = resource_account_of(&request.resource);
        let mut a = authz::decide(&self.world, &identity, &request.action, &request.resource, resource_account.as_deref(), resource_policy, context)?;
        // A denied request comes back with an encoded authorization message (DecodeAuthorizationMessage,
        // AWS STS API reference: "Some AWS operations additionally return an encoded message that
        // can provide details about this authorization failure"); an allowed one with none.
        if a.decision != Decision::Allow {
            let denied = authorization_message::DeniedRequest {
                action: &request.action,
                resource: &request.resource,
                resource_account: resource_account.as_deref().or(identity.account()),
                region: &origin_region,
                request_keys: &request.context,
            };
            let document = authorization_message::document(&self.world, &identity, a.decision, std::mem::take(&mut a.matched_statements), &denied);
            a.encoded_message = Some(authorization_message::seal(&self.message_key, &mut self.message_rng, &document));
        }
        Ok(a)
    }

    /// "Revoking IAM role temporary security credentials"
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html): IAM
    /// attaches the inline policy `AWSRevokeOlderSessions`, denying every action to sessions
    /// whose `aws:TokenIssueTime` is before now. Sessions issued later are unaffected. Revoking
    /// again replaces the policy with one at the new time.
    pub fn revoke_older_sessions(&mut self, role_arn: &str) -> Result<(), String> {
        let now = super::clock::iso8601(self.now_ms);
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{{"DateLessThan":{{"aws:TokenIssueTime":"{now}"}}}}}}]}}"#
        );
        let policy = parse_policy(&text, PolicyKind::Identity).policy.ok_or_else(|| "internal: the revocation policy does not parse".to_string())?;
        let role = self.world.role_by_arn_mut(role_arn).ok_or_else(|| format!("no role {role_arn} in the world"))?;
        role.inline.retain(|p| p.name != "AWSRevokeOlderSessions");
        role.inline.push(InlinePolicy { name: "AWSRevokeOlderSessions".into(), policy });
        // The role's sessions now carry one more identity policy: recompile what read the old ones.
        if let Some((account, name)) = super::world::role_arn_parts(role_arn) {
            self.policy_cache.invalidate_role(account, name, role_arn);
        }
        Ok(())
    }

    /// Mints a web identity token for an OIDC provider of the world (by ARN, URL or host) or a
    /// built-in one (`accounts.google.com`, `cognito-identity.amazonaws.com`, and the OAuth
    /// stand-ins `www.amazon.com`, `graph.facebook.com`): see `oidc::mint`. `alg` is a JWS
    /// algorithm name (RS256, RS384, RS512, ES256, ES384).
    pub fn mint_web_identity_token(&mut self, provider: &str, claims: &Value, alg: Option<&str>, header: Option<&Map<String, Value>>) -> Result<String, String> {
        let alg = match alg {
            None => None,
            Some(a) => Some(crate::federation::jwt::Alg::from_name(a).ok_or_else(|| format!("unsupported alg '{a}': use RS256, RS384, RS512, ES256 or ES384"))?),
        };
        let p = super::oidc::find(&self.world, &mut self.oidc_keys, provider)?;
        super::oidc::mint(&mut self.oidc_keys, &p, claims, alg, header, self.now_ms)
    }

    /// The JSON Web Key Set AssumeRoleWithWebIdentity verifies `provider`'s tokens with: the
    /// world's `Jwks`, else its `SigningKey`'s public key, else the simulator's derived keys
    /// (ES256, and every algorithm minted with so far).
    pub fn oidc_jwks(&mut self, provider: &str) -> Result<Value, String> {
        // A 12-digit account id names the account's outbound issuer (GetWebIdentityToken), never
        // an inbound provider (those are named by ARN, URL or host).
        if crate::arn::is_account_id(provider) {
            return self.outbound_jwks(provider);
        }
        Ok(super::oidc::find(&self.world, &mut self.oidc_keys, provider)?.jwks)
    }

    /// The issuer of `account`'s GetWebIdentityToken tokens, once the account enabled outbound
    /// identity federation (`outbound`).
    pub fn outbound_issuer(&self, account: &str) -> Result<String, String> {
        match self.world.account(account) {
            None => Err(format!("no account {account} in the world")),
            Some(a) if !a.outbound_web_identity_federation => Err(format!("account {account} has not enabled outbound identity federation (OutboundWebIdentityFederation.Enabled): it has no issuer")),
            Some(_) => Ok(super::outbound::issuer(self.seed, account)),
        }
    }

    /// `<issuer>/.well-known/openid-configuration` of `account`'s outbound issuer.
    pub fn openid_configuration(&self, account: &str) -> Result<Value, String> {
        Ok(super::outbound::openid_configuration(&self.outbound_issuer(account)?))
    }

    /// `<issuer>/.well-known/jwks.json` of `account`'s outbound issuer: its RS256 and ES384 keys.
    pub fn outbound_jwks(&mut self, account: &str) -> Result<Value, String> {
        let issuer = self.outbound_issuer(account)?;
        Ok(super::outbound::jwks(&mut self.oidc_keys, &issuer))
    }

    /// Mints a signed SAML response (the base64 `SAMLAssertion`) for a SAML provider of the
    /// world, by ARN: see `saml_provider::mint`.
    pub fn mint_saml_response(&self, provider_arn: &str, request: &super::saml_provider::MintRequest) -> Result<String, String> {
        let p = super::saml_provider::find_for_user(&self.world, provider_arn)?;
        super::saml_provider::mint(&p, self.seed, request, self.now_ms)
    }

    /// The metadata document AssumeRoleWithSAML verifies `provider_arn`'s responses with: the
    /// world's `SAMLMetadataDocument`, else the simulator's (its signing key's certificate).
    pub fn saml_metadata(&self, provider_arn: &str) -> Result<String, String> {
        super::saml_provider::find_for_user(&self.world, provider_arn)?.metadata(self.seed)
    }

    /// Records why the current call is refused (see `explanation`).
    pub(crate) fn explain(&mut self, why: Value) {
        self.explanation = Some(why);
    }

    /// sts-sim's explanation of the last call's refusal, if it gave one.
    pub fn explanation(&self) -> Option<&Value> {
        self.explanation.as_ref()
    }
}

/// The account field of an ARN, if it has one.
fn resource_account_of(resource: &str) -> Option<String> {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, _, _, account, _] if crate::arn::is_account_id(account) => Some(account.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
