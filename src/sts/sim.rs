//! The simulator: a world, its clock and its seed, and every call made to it. Deterministic:
//! the clock moves only by `advance`, and every random choice comes from streams derived from
//! the seed (`rng::derive_key` with a label per purpose), so the same world, seed and calls give
//! byte-identical answers and events.
//!
//! A session lives in its credentials alone: the claims are sealed into the session token
//! (session policy text included) and the secret is derived from the access key id
//! (`credentials`), so the simulator keeps no table of sessions.

use serde_json::Value;

use super::authz::{self, Authorization, RequestOrigin};
use super::caller::{self, Caller, Identity, Keys};
use super::credentials;
use super::error::StsError;
use super::events;
use super::ops;
use super::session_token::{self, TokenVersion};
use super::world::{InlinePolicy, World, is_opt_in_region};
use crate::context::RequestContext;
use crate::policy::{PolicyKind, parse_policy};
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

/// What an operation handler knows about its request.
pub struct CallContext {
    pub identity: Identity,
    /// The Region that serves the request (us-east-1 for the global endpoint).
    pub region: String,
    pub endpoint: Endpoint,
    pub origin: RequestOrigin,
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
    events: Vec<Value>,
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
            events: Vec::new(),
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
        &self.events
    }

    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys { sealing: &self.sealing_key, secrets: &self.secret_key }
    }

    /// A new UUID (version 4 layout) from the id stream: request ids and event ids.
    pub(crate) fn uuid(&mut self) -> String {
        let mut b: [u8; 16] = self.id_rng.bytes();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }

    /// Makes one STS call. Every call, answered or refused, appends its CloudTrail record.
    pub fn call(&mut self, caller: Option<&Caller>, operation: &str, params: &Value, at: &Where) -> Result<Value, StsError> {
        let region = match at.endpoint {
            Endpoint::Global => "us-east-1".to_string(),
            Endpoint::Regional => at.region.clone(),
        };
        let origin = RequestOrigin { region: region.clone(), source_ip: at.source_ip.clone(), now_ms: self.now_ms };
        let Some(op) = ops::find(operation) else {
            let e = StsError::invalid_action(operation);
            events::record_unauthenticated(self, operation, caller, &origin, at, &e);
            return Err(e);
        };
        let identity = match self.authenticate_at(caller, &region) {
            Ok(i) => i,
            Err(e) => {
                events::record_unauthenticated(self, operation, caller, &origin, at, &e);
                return Err(e);
            }
        };
        let ctx = CallContext { identity, region, endpoint: at.endpoint, origin };
        let result = (op.handler)(self, &ctx, params);
        events::record(self, op, &ctx, at, params, &result);
        result
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
    /// resource's account; and, for a role of the world as resource, its trust policy.
    pub fn authorize(&mut self, caller: &Caller, request: &AuthorizeRequest) -> Result<Authorization, StsError> {
        let region = request.region.clone().unwrap_or_else(|| "us-east-1".to_string());
        let identity = self.authenticate_at(Some(caller), &region)?;
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
        let resource_policy = role.as_ref().filter(|_| trust_applies).map(|(_, t)| t);
        let resource_account = resource_account_of(&request.resource);
        authz::decide(&self.world, &identity, &request.action, &request.resource, resource_account.as_deref(), resource_policy, context)
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
        Ok(())
    }

    pub(crate) fn push_event(&mut self, event: Value) {
        self.events.push(event);
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
