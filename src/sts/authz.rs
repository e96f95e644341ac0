//! Authorization inside the simulator: which policies apply to an authenticated caller, which
//! context keys AWS sets for its requests, and the decision (with its trace) for one action.
//!
//! - Identity-based policies: a user's inline and attached managed policies and those of its
//!   groups; a role session's role's inline and attached policies ("Policy evaluation logic").
//! - The permissions boundary of the user or role; the session policies the session carries.
//! - SCPs of the caller's account (root → OUs → account), RCPs of the resource's account.
//! - Context keys: "AWS global condition context keys"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::context::RequestContext;
use crate::eval::{CompiledPolicies, Decision, EvalRequest, PolicySet, PrincipalKind, Trace};
use crate::policy::{Policy, PolicyKind, parse_policy};

use super::authorization_message;
use super::caller::{Identity, IdentityKind, LongTermIdentity, SessionKind};
use super::clock::iso8601;
use super::error::StsError;
use super::world::{Role, Tag, World};

/// The caller-side policies.
#[derive(Default)]
pub struct CallerPolicies {
    pub identity: Vec<Policy>,
    pub boundary: Vec<Policy>,
    pub session: Vec<Policy>,
}

fn managed(world: &World, arns: &[String], out: &mut Vec<Policy>) {
    out.extend(arns.iter().filter_map(|a| world.managed_policy(a)).map(|m| m.policy.clone()));
}

/// The role a role session acts as. A session whose role is gone no longer authenticates
/// (our choice: AWS documents no answer; a deleted role's sessions cannot act).
pub fn session_role<'w>(world: &'w World, identity: &Identity) -> Result<Option<&'w Role>, StsError> {
    match &identity.principal.kind {
        PrincipalKind::AssumedRole { role_name, .. } => {
            let role = identity.account().and_then(|a| world.account(a)).and_then(|a| a.role(role_name));
            role.map(Some).ok_or_else(StsError::invalid_client_token)
        }
        _ => Ok(None),
    }
}

pub fn caller_policies(world: &World, identity: &Identity) -> Result<CallerPolicies, StsError> {
    let mut out = CallerPolicies::default();
    let account = identity.account().and_then(|a| world.account(a));
    // The user's policies apply to the user, to its GetSessionToken sessions and to the
    // federated users it creates (`Identity::long_term_identity`).
    match identity.long_term_identity() {
        Some(LongTermIdentity::User(name)) => {
            if let Some(u) = account.and_then(|a| a.user(&name)) {
                out.identity.extend(u.inline.iter().map(|p| p.policy.clone()));
                managed(world, &u.attached, &mut out.identity);
                for g in u.groups.iter().filter_map(|g| account.and_then(|a| a.group(g))) {
                    out.identity.extend(g.inline.iter().map(|p| p.policy.clone()));
                    managed(world, &g.attached, &mut out.identity);
                }
                managed(world, u.boundary.as_slice(), &mut out.boundary);
            }
        }
        // A federated user of the root user: the root user holds every permission of its
        // account, so the session policies alone limit the session (GetFederationToken, called
        // with root credentials). Written as the identity policy the root user has implicitly.
        Some(LongTermIdentity::Root) if identity.session_kind() == Some(SessionKind::Federated) => {
            out.identity.extend(parse_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, PolicyKind::Identity).policy);
        }
        _ => {}
    }
    match &identity.kind {
        IdentityKind::Session(claims) => {
            if let Some(role) = session_role(world, identity)? {
                out.identity.extend(role.inline.iter().map(|p| p.policy.clone()));
                managed(world, &role.attached, &mut out.identity);
                managed(world, role.boundary.as_slice(), &mut out.boundary);
            }
            // Session policies were validated when the session was issued.
            if let Some(text) = &claims.session_policy {
                out.session.extend(parse_policy(text, PolicyKind::Session).policy);
            }
            managed(world, &claims.session_policy_arns, &mut out.session);
            // AssumeRoot: "TaskPolicyArn: the identity based policy that scopes the session to
            // the privileged tasks that can be performed" — the managed policy "to use as a
            // session policy" (botocore's STS model, PolicyDescriptorType). The five AWS managed
            // root-task policies are Deny-only, so they narrow the root user's full access.
            if let Some(arn) = &claims.task_policy_arn {
                managed(world, std::slice::from_ref(arn), &mut out.session);
            }
            // A session created with only PolicyArns whose policies are gone keeps an empty
            // session policy: it then allows nothing (intersection with nothing).
            if out.session.is_empty() && (claims.session_policy.is_some() || !claims.session_policy_arns.is_empty()) {
                out.session.extend(parse_policy(r#"{"Version":"2012-10-17","Statement":[]}"#, PolicyKind::Session).policy);
            }
        }
        IdentityKind::User { .. } | IdentityKind::Root | IdentityKind::Service { .. } | IdentityKind::Unsigned => {}
    }
    Ok(out)
}

/// The principal's tags as `aws:PrincipalTag/*` sees them: the user's or role's tags, with
/// session tags overriding a role tag of the same key, compared case-insensitively ("Passing
/// session tags in AWS STS": "session tags override a role tag with the same key").
pub fn principal_tags(world: &World, identity: &Identity) -> Vec<(String, String)> {
    let account = identity.account().and_then(|a| world.account(a));
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: &str| match tags.iter_mut().find(|(x, _)| x.eq_ignore_ascii_case(k)) {
        Some(t) => *t = (k.to_string(), v.to_string()),
        None => tags.push((k.to_string(), v.to_string())),
    };
    // A federated user's principal tags "include the user tags and the passed session tags"
    // ("Passing session tags in AWS STS", GetFederationToken).
    let own: &[Tag] = match identity.long_term_identity() {
        Some(LongTermIdentity::User(name)) => account.and_then(|a| a.user(&name)).map_or(&[], |u| u.tags.as_slice()),
        _ => session_role(world, identity).ok().flatten().map_or(&[], |r| r.tags.as_slice()),
    };
    for t in own {
        put(&t.key, &t.value);
    }
    if let Some(c) = identity.claims() {
        for t in &c.tags {
            put(&t.key, &t.value);
        }
    }
    tags
}

/// Where and when a request is made: what the request-derived keys come from.
#[derive(Clone, Debug)]
pub struct RequestOrigin {
    pub region: String,
    pub source_ip: String,
    pub now_ms: i64,
}

/// The context keys AWS sets for a request by `identity` ("AWS global condition context keys").
pub fn request_context(world: &World, identity: &Identity, origin: &RequestOrigin) -> RequestContext {
    let mut ctx = RequestContext::new();
    let p = &identity.principal;
    p.add_context_defaults(&mut ctx);
    if p.is_iam_principal() {
        ctx.set("aws:userid", identity.user_id(world));
        for (k, v) in principal_tags(world, identity) {
            ctx.set(&format!("aws:PrincipalTag/{k}"), v);
        }
        if let Some(org) = identity.account().and_then(|a| world.organization_of(a)) {
            ctx.set("aws:PrincipalOrgID", org.id.as_str());
            // "aws:PrincipalOrgPaths": the path of the principal's account, one value of a
            // multivalued key ("AWS global condition context keys").
            if let Some(path) = identity.account().and_then(|a| org.path_of(a)) {
                ctx.set_multi("aws:PrincipalOrgPaths", [path]);
            }
        }
    }
    if let IdentityKind::Service { source: Some(source), .. } = &identity.kind {
        source.add_context(&mut ctx);
    }
    if let Some(c) = identity.claims() {
        // "aws:MultiFactorAuthPresent": present (true or false) for temporary credentials;
        // absent for long-term credentials. "aws:MultiFactorAuthAge": seconds since MFA.
        ctx.set("aws:MultiFactorAuthPresent", if c.mfa_authenticated() { "true" } else { "false" });
        if let Some(at) = c.mfa_authenticated_at {
            ctx.set("aws:MultiFactorAuthAge", (origin.now_ms / 1000).saturating_sub(at).max(0).to_string());
        }
        ctx.set("aws:TokenIssueTime", iso8601(c.issued_at.saturating_mul(1000)));
        if let Some(si) = &c.source_identity {
            ctx.set("aws:SourceIdentity", si.as_str());
        }
        // "aws:FederatedProvider": present when the principal is a role session issued by
        // AssumeRoleWithWebIdentity or AssumeRoleWithSAML ("AWS global condition context keys").
        if let Some(p) = &c.federated_provider {
            ctx.set("aws:FederatedProvider", p.as_str());
        }
        // "aws:AssumedRoot": "true" for requests made with credentials from AssumeRoot ("AWS
        // global condition context keys"); absent otherwise.
        if c.task_policy_arn.is_some() {
            ctx.set("aws:AssumedRoot", "true");
        }
    }
    ctx.set("aws:CurrentTime", iso8601(origin.now_ms));
    ctx.set("aws:EpochTime", (origin.now_ms / 1000).to_string());
    // Every AWS API call is made over TLS (STS endpoints answer HTTPS only).
    ctx.set("aws:SecureTransport", "true");
    ctx.set("aws:RequestedRegion", origin.region.as_str());
    ctx.set("aws:SourceIp", origin.source_ip.as_str());
    ctx.set("aws:ViaAWSService", "false");
    ctx
}

/// One action on one resource, decided for `identity`.
pub struct Authorization {
    pub decision: Decision,
    pub trace: Trace,
    /// For an explicit deny, the statements that decided it, as DecodeAuthorizationMessage shows
    /// them (`authorization_message::denying_statements`); empty otherwise.
    pub matched_statements: Vec<serde_json::Value>,
    /// `EncodedMessage` of a denied request (EC2's "Encoded authorization failure message").
    /// `decide` leaves it `None`; `Sim::authorize` seals one (`authorization_message`), because
    /// the sealing key and nonce stream are the simulator's.
    pub encoded_message: Option<String>,
}

/// The policies that apply to one caller and one resource (`PolicySet`), and their compiled
/// form: what a `Decider` evaluates. Shared through `PolicyCache`.
pub struct CompiledSet {
    set: PolicySet,
    compiled: CompiledPolicies,
}

impl CompiledSet {
    fn gather(world: &World, identity: &Identity, resource_account: Option<&str>, resource_policy: Option<&Policy>) -> Result<CompiledSet, StsError> {
        let caller = caller_policies(world, identity)?;
        let set = PolicySet {
            identity: caller.identity,
            boundary: caller.boundary,
            session: caller.session,
            resource: resource_policy.cloned().into_iter().collect(),
            scp: identity.account().map(|a| world.scp_levels(a)).unwrap_or_default(),
            rcp: resource_account.map(|a| world.rcp_levels(a)).unwrap_or_default(),
        };
        let compiled = CompiledPolicies::compile(&set);
        Ok(CompiledSet { set, compiled })
    }
}

/// Everything `CompiledSet::gather` reads when the resource is a role of the world with its
/// trust policy: the caller's account (its SCPs, its user or role), what `caller_policies`
/// reads of the identity (its long-term identity, its role, the session policies its claims
/// carry) and the role. Two requests with equal keys gather equal policies from one world.
/// Kept next to `caller_policies`: a new input there must join the key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct RoleTrustKey {
    caller_account: Option<String>,
    /// `LongTermIdentity`: `None`, root (`Some(None)`) or a user (`Some(Some(name))`).
    long_term: Option<Option<String>>,
    federated: bool,
    session_role: Option<String>,
    session_policy: Option<String>,
    session_policy_arns: Vec<String>,
    task_policy_arn: Option<String>,
    /// The role whose trust policy is the resource policy (its ARN; the resource account is
    /// the role's account, part of the ARN).
    role_arn: String,
}

impl RoleTrustKey {
    fn new(identity: &Identity, role_arn: &str) -> RoleTrustKey {
        let claims = identity.claims();
        RoleTrustKey {
            caller_account: identity.account().map(str::to_string),
            long_term: identity.long_term_identity().map(|l| match l {
                LongTermIdentity::Root => None,
                LongTermIdentity::User(name) => Some(name),
            }),
            federated: identity.session_kind() == Some(SessionKind::Federated),
            session_role: match &identity.principal.kind {
                PrincipalKind::AssumedRole { role_name, .. } if claims.is_some() => Some(role_name.clone()),
                _ => None,
            },
            session_policy: claims.and_then(|c| c.session_policy.clone()),
            session_policy_arns: claims.map(|c| c.session_policy_arns.clone()).unwrap_or_default(),
            task_policy_arn: claims.and_then(|c| c.task_policy_arn.clone()),
            role_arn: role_arn.to_string(),
        }
    }

    /// Does this entry read `role_name`'s policies in `account`, as the caller's role or as the
    /// role assumed?
    fn involves_role(&self, account: &str, role_name: &str, role_arn: &str) -> bool {
        self.role_arn == role_arn || (self.caller_account.as_deref() == Some(account) && self.session_role.as_deref() == Some(role_name))
    }
}

/// Compiled policy sets of role assumptions (AssumeRole), so that a caller assuming the same
/// role again neither gathers, clones nor compiles its policies again: gathering and compiling
/// were most of an AssumeRole call. Sound because the world's policies change only through the
/// simulator's own methods, and each one invalidates what it changes (`invalidate_role` for
/// `Sim::revoke_older_sessions`); session policies are part of the key (they travel in the
/// session token). Bounded: when full it starts over (entries are rebuilt on demand, so this
/// changes speed, never answers).
#[derive(Default)]
pub struct PolicyCache {
    entries: HashMap<RoleTrustKey, Rc<CompiledSet>>,
}

impl PolicyCache {
    /// Enough for every user × role pair of a sizeable world; each entry is a few kilobytes.
    const CAPACITY: usize = 1024;

    /// Forgets every entry that reads the policies of `role_name` in `account` (`role_arn`).
    pub fn invalidate_role(&mut self, account: &str, role_name: &str, role_arn: &str) {
        self.entries.retain(|k, _| !k.involves_role(account, role_name, role_arn));
    }

    /// Forgets every entry (after a change to the world that is not tracked entry by entry).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The policies that apply to one caller and one resource, compiled once: decide several
/// actions (AssumeRole's `sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity`) without
/// gathering and compiling them again.
pub struct Decider<'w> {
    world: &'w World,
    identity: &'w Identity,
    policies: Rc<CompiledSet>,
    resource: String,
    resource_account: Option<String>,
    required: bool,
    /// The request context, with the resource's account keys. Lent to each request in turn
    /// (`with_request`) rather than cloned per decision.
    context: RefCell<RequestContext>,
}

impl<'w> Decider<'w> {
    /// `resource_policy` is the resource's policy (a role trust policy for `sts:AssumeRole*`,
    /// `sts:TagSession`, `sts:SetSourceIdentity`); `context` already holds every key.
    pub fn new(world: &'w World, identity: &'w Identity, resource: &str, resource_account: Option<&str>, resource_policy: Option<&Policy>, context: RequestContext) -> Result<Decider<'w>, StsError> {
        let policies = Rc::new(CompiledSet::gather(world, identity, resource_account, resource_policy)?);
        Ok(Decider::with_policies(world, identity, policies, resource, resource_account, resource_policy.is_some(), context))
    }

    /// A decider for actions on `role_arn` (a role of the world, of `account_id`, whose trust
    /// policy is `trust`), its policies taken from `cache` when an equal request compiled them.
    pub fn for_role(cache: &mut PolicyCache, world: &'w World, identity: &'w Identity, role_arn: &str, account_id: &str, trust: &Policy, context: RequestContext) -> Result<Decider<'w>, StsError> {
        let key = RoleTrustKey::new(identity, role_arn);
        let policies = match cache.entries.get(&key) {
            Some(p) => Rc::clone(p),
            None => {
                let p = Rc::new(CompiledSet::gather(world, identity, Some(account_id), Some(trust))?);
                if cache.entries.len() >= PolicyCache::CAPACITY {
                    cache.entries.clear();
                }
                cache.entries.insert(key, Rc::clone(&p));
                p
            }
        };
        Ok(Decider::with_policies(world, identity, policies, role_arn, Some(account_id), true, context))
    }

    fn with_policies(world: &'w World, identity: &'w Identity, policies: Rc<CompiledSet>, resource: &str, resource_account: Option<&str>, required: bool, mut context: RequestContext) -> Decider<'w> {
        let resource_account = resource_account.map(str::to_string);
        // `aws:ResourceAccount` / `aws:ResourceOrgID` do not depend on the action: set once.
        let probe = EvalRequest::new(identity.principal.clone(), "", resource, resource_account.clone(), RequestContext::new());
        if let Some(a) = probe.effective_resource_account() {
            context.set_default("aws:ResourceAccount", a);
            if let Some(org) = world.organization_of(a) {
                context.set_default("aws:ResourceOrgID", org.id.as_str());
                // "aws:ResourceOrgPaths": the path of the resource's account (multivalued).
                if let Some(path) = org.path_of(a)
                    && !context.contains("aws:ResourceOrgPaths")
                {
                    context.set_multi("aws:ResourceOrgPaths", [path]);
                }
            }
        }
        Decider {
            world,
            identity,
            policies,
            resource: resource.to_string(),
            resource_account,
            // A role's trust policy must allow every action taken on the role as a resource: it
            // is the only resource-based policy that "must explicitly allow access for
            // principals" for sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity ("Passing
            // session tags in AWS STS", "Monitor and control actions taken with assumed roles").
            required,
            context: RefCell::new(context),
        }
    }

    /// Runs `f` on the request for `action`; the context moves into the request and back.
    fn with_request<T>(&self, action: &str, f: impl FnOnce(&EvalRequest) -> T) -> T {
        let context = std::mem::take(&mut *self.context.borrow_mut());
        let mut req = EvalRequest::new(self.identity.principal.clone(), action, &self.resource, self.resource_account.clone(), context);
        if self.required {
            req.resource_policy_required = true;
        }
        let out = f(&req);
        *self.context.borrow_mut() = req.context;
        out
    }

    /// The decision alone (no trace): what an operation needs to go on or refuse.
    pub fn decision(&self, action: &str) -> Decision {
        self.with_request(action, |req| self.policies.compiled.evaluate(req))
    }

    /// The decision with its trace, and for an explicit deny the statements that decided it.
    pub fn authorize(&self, action: &str) -> Authorization {
        let trace = self.with_request(action, |req| self.policies.compiled.evaluate_with_trace(req));
        let matched_statements = if trace.decision == Decision::ExplicitDeny {
            // Whose policies the caller's are: the role's unique id for a role session (the CLI
            // example of DecodeAuthorizationMessage shows `AROA…` without the session name),
            // else `aws:userid`.
            let owner = match session_role(self.world, self.identity) {
                Ok(Some(role)) => role.id.clone(),
                _ => self.identity.user_id(self.world),
            };
            authorization_message::denying_statements(&trace, &self.policies.set, &owner)
        } else {
            Vec::new()
        };
        Authorization { decision: trace.decision, trace, matched_statements, encoded_message: None }
    }
}

/// Decides `action` on `resource` for `identity`, with its trace (see [`Decider`]).
pub fn decide(world: &World, identity: &Identity, action: &str, resource: &str, resource_account: Option<&str>, resource_policy: Option<&Policy>, context: RequestContext) -> Result<Authorization, StsError> {
    Ok(Decider::new(world, identity, resource, resource_account, resource_policy, context)?.authorize(action))
}
