//! The authorization decision: every policy type AWS evaluates for one request, combined as
//! "Policy evaluation logic" describes, with an optional trace of every layer, policy,
//! statement and condition looked at.
//!
//! Sources:
//! - "Policy evaluation logic" and "How AWS enforcement code logic evaluates requests to allow or
//!   deny access" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
//!   an explicit deny in any applicable policy wins; then every RCP and SCP level must allow;
//!   then resource-based and identity-based policies, limited by permissions boundaries and
//!   session policies. The root user has full access unless denied.
//! - "Policy evaluation for requests within a single account"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html)
//!   and "Permissions boundaries for IAM entities"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): within
//!   one account, a resource-based policy that names an IAM user ARN grants access even when the
//!   user's identity policies and boundary do not; one that names a role session (or federated
//!   user session) ARN grants directly to the session, unlimited by identity policies,
//!   boundary or session policy; one that names the role ARN is limited by the boundary and
//!   session policy; one that names the account delegates to identity policies.
//!   The current wording is in "How AWS enforcement code logic evaluates requests to allow or
//!   deny access" (resource-based policies bullet). Two consequences:
//!   - `"Principal": "*"` (or `{"AWS": "*"}`) counts as naming the caller directly: "Permissions
//!     boundaries and session policies do not limit permissions granted using the
//!     aws:PrincipalArn condition key with a wildcard(*) in the Principal element".
//!   - "if a resource-based policy grants permission to the ARN of the IAM user who federated,
//!     then requests made by the federated user during the session are limited by an implicit
//!     deny in a permission boundary or session policy". A federated-user session ARN does not
//!     carry the IAM user that called GetFederationToken, so a Principal naming that user never
//!     matches a federated-user caller here (the request would have to say who federated).
//! - GetFederationToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html):
//!   "if you do not pass any session policies, then the resulting federated user session has no
//!   permissions"; a resource-based policy naming the session still grants.
//! - "Session policies" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session).
//! - "Cross-account policy evaluation logic"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
//!   across accounts both the caller's identity-based permissions and the resource-based policy
//!   must allow.
//! - Role trust policies and KMS key policies "must explicitly allow access for principals":
//!   for those the resource-based policy is required.

pub mod hints;
pub mod principal;

use serde::Serialize;

use crate::condition::{CompiledCondition, ConditionTrace};
use crate::context::{ContextEntry, RequestContext};
use crate::policy::{ActionBlock, Effect, Policy, ResourceBlock, Statement};
use crate::wildcard::Pattern;
use smallvec::SmallVec;
use std::rc::Rc;
pub use hints::{Hint, HintKind};
pub use principal::{CompiledPrincipalBlock, PrincipalKind, PrincipalMatch, RequestPrincipal};

/// The final answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// The name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The policy types, in the order the trace lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    Scp,
    Rcp,
    Resource,
    Identity,
    Boundary,
    Session,
}

impl Layer {
    fn describe(self) -> &'static str {
        match self {
            Layer::Scp => "service control policy (SCP)",
            Layer::Rcp => "resource control policy (RCP)",
            Layer::Resource => "resource-based policy",
            Layer::Identity => "identity-based policy",
            Layer::Boundary => "permissions boundary",
            Layer::Session => "session policy",
        }
    }
}

/// The policies that apply to one principal and resource. `scp` and `rcp` hold one list per
/// level of the organization (root, OUs, account): every level must allow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicySet {
    pub identity: Vec<Policy>,
    pub resource: Vec<Policy>,
    /// The permissions boundary (empty: none set).
    pub boundary: Vec<Policy>,
    pub scp: Vec<Vec<Policy>>,
    pub rcp: Vec<Vec<Policy>>,
    /// Session policies (inline and managed) of a role or federated user session (empty: none).
    pub session: Vec<Policy>,
}

/// One request to authorize.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalRequest {
    /// Shared: a compiled handle reuses the principal it read for the requests that repeat it.
    pub principal: Rc<RequestPrincipal>,
    pub action: String,
    action_lower: String,
    pub resource: String,
    /// The account that owns the resource; `None` when unknown (then the principal's).
    pub resource_account: Option<String>,
    pub context: RequestContext,
    /// The resource-based policy must allow (role trust policies, KMS key policies).
    pub resource_policy_required: bool,
}

impl EvalRequest {
    /// A request; `resource_policy_required` is set for `sts:AssumeRole*` and `kms:` actions,
    /// whose trust / key policies must allow ("Policy evaluation logic").
    pub fn new(principal: impl Into<Rc<RequestPrincipal>>, action: &str, resource: &str, resource_account: Option<String>, context: RequestContext) -> EvalRequest {
        let action_lower = action.to_lowercase();
        let resource_policy_required = action_lower.starts_with("sts:assumerole") || action_lower.starts_with("kms:");
        EvalRequest { principal: principal.into(), action: action.to_string(), action_lower, resource: resource.to_string(), resource_account, context, resource_policy_required }
    }

    /// The resource account: as given, else from the resource ARN, else the principal's.
    pub fn effective_resource_account(&self) -> Option<&str> {
        if let Some(a) = &self.resource_account {
            return Some(a);
        }
        // arn:partition:service:region:account:resource — the fifth field, when there is a sixth.
        if let Some(rest) = self.resource.strip_prefix("arn:") {
            let after_colon = |text: &'_ str| text.as_bytes().iter().position(|&b| b == b':').map(|i| i + 1);
            let mut at = 0;
            for _ in 0..3 {
                match after_colon(&rest[at..]) {
                    Some(n) => at += n,
                    None => return self.principal.account.as_deref(),
                }
            }
            if let Some(n) = after_colon(&rest[at..]) {
                if n > 1 {
                    return Some(&rest[at..at + n - 1]);
                }
            }
        }
        self.principal.account.as_deref()
    }

    fn same_account(&self) -> bool {
        match (&self.principal.account, self.effective_resource_account()) {
            (Some(p), Some(r)) => p == r,
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compiled form

#[derive(Clone, Debug, PartialEq)]
struct CompiledStatement {
    index: usize,
    sid: Option<String>,
    effect: Effect,
    path: String,
    principal: Option<CompiledPrincipalBlock>,
    action: ActionBlock,
    resource: Option<ResourceBlock>,
    /// Each condition with the slot of its key in `CompiledPolicies::keys`.
    conditions: Vec<(usize, CompiledCondition)>,
    /// Compile-time hints about the Action element.
    hints: Vec<Hint>,
}

#[derive(Clone, Debug, PartialEq)]
struct CompiledPolicy {
    index: usize,
    /// Where the policy sits in the input, e.g. `identity[0]`, `scp[1][0]`.
    location: String,
    id: Option<String>,
    statements: Vec<CompiledStatement>,
}

#[derive(Clone, Debug, PartialEq)]
struct CompiledLayer {
    layer: Layer,
    level: Option<usize>,
    policies: Vec<CompiledPolicy>,
}

/// `CompiledPolicies::may_read` of a set with these condition keys, using variables or not.
fn reads(variables: bool, keys: &[String], key: &str) -> bool {
    variables || keys.iter().any(|k| crate::context::same_key(k, key))
}

/// Policies compiled once (patterns, ARNs, CIDRs, dates, numbers parsed; keys interned) and
/// evaluated many times.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledPolicies {
    scp: Vec<CompiledLayer>,
    rcp: Vec<CompiledLayer>,
    resource: CompiledLayer,
    identity: CompiledLayer,
    boundary: Option<CompiledLayer>,
    session: Option<CompiledLayer>,
    /// Lower-cased condition keys, by slot.
    keys: Vec<String>,
    /// A policy variable (`${…}`) may be substituted somewhere: in a Resource or NotResource
    /// pattern or a condition value of a 2012-10-17 policy. It can read any key.
    variables: bool,
    /// A decision may read one of the keys derived from the principal or the resource
    /// (`principal::DERIVED_KEYS`).
    reads_derived: bool,
}

struct Compiler {
    keys: Vec<String>,
    variables: bool,
}

impl Compiler {
    fn slot(&mut self, key_lower: &str) -> usize {
        match self.keys.iter().position(|k| k == key_lower) {
            Some(i) => i,
            None => {
                self.keys.push(key_lower.to_string());
                self.keys.len() - 1
            }
        }
    }

    fn statement(&mut self, s: &Statement, variables: bool) -> CompiledStatement {
        self.variables |= variables
            && (s.resource.iter().flat_map(|r| &r.patterns).any(Pattern::has_variables)
                || s.conditions.iter().flat_map(|c| &c.values).any(|v| v.text.contains("${")));
        let conditions = s.conditions.iter().map(|c| (self.slot(&c.key_lower), CompiledCondition::compile(c, variables))).collect();
        let action_path = format!("{}.{}", s.path, if s.action.negated { "NotAction" } else { "Action" });
        let hints = s.action.patterns.iter().filter_map(|p| hints::unknown_action_hint(p.source(), &action_path)).collect();
        CompiledStatement {
            index: s.index,
            sid: s.sid.clone(),
            effect: s.effect,
            path: s.path.clone(),
            principal: s.principal.as_ref().map(CompiledPrincipalBlock::compile),
            action: s.action.clone(),
            resource: s.resource.clone(),
            conditions,
            hints,
        }
    }

    fn layer(&mut self, layer: Layer, level: Option<usize>, policies: &[Policy]) -> CompiledLayer {
        let policies = policies
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let variables = p.version.supports_variables();
                let name = match layer {
                    Layer::Scp => "scp",
                    Layer::Rcp => "rcp",
                    Layer::Resource => "resource",
                    Layer::Identity => "identity",
                    Layer::Boundary => "boundary",
                    Layer::Session => "session",
                };
                let location = match level {
                    Some(l) => format!("{name}[{l}][{index}]"),
                    None => format!("{name}[{index}]"),
                };
                CompiledPolicy {
                    index,
                    location,
                    id: p.id.clone(),
                    statements: p.statements.iter().map(|s| self.statement(s, variables)).collect(),
                }
            })
            .collect();
        CompiledLayer { layer, level, policies }
    }
}

impl CompiledPolicies {
    pub fn compile(set: &PolicySet) -> CompiledPolicies {
        let mut c = Compiler { keys: Vec::new(), variables: false };
        let scp = set.scp.iter().enumerate().map(|(i, l)| c.layer(Layer::Scp, Some(i), l)).collect();
        let rcp = set.rcp.iter().enumerate().map(|(i, l)| c.layer(Layer::Rcp, Some(i), l)).collect();
        let resource = c.layer(Layer::Resource, None, &set.resource);
        let identity = c.layer(Layer::Identity, None, &set.identity);
        let boundary = (!set.boundary.is_empty()).then(|| c.layer(Layer::Boundary, None, &set.boundary));
        let session = (!set.session.is_empty()).then(|| c.layer(Layer::Session, None, &set.session));
        let reads_derived = principal::DERIVED_KEYS.iter().any(|k| reads(c.variables, &c.keys, k));
        CompiledPolicies { scp, rcp, resource, identity, boundary, session, keys: c.keys, variables: c.variables, reads_derived }
    }

    /// Can a decision read a key derived from the principal or the resource? When it cannot,
    /// a request need not have them made.
    pub fn reads_derived_keys(&self) -> bool {
        self.reads_derived
    }

    /// Can a decision read context key `key` (any case)? Yes when a condition names it or a
    /// policy variable may. A key it cannot read may be left out of a request's context without
    /// changing any decision (`handle.decide` leaves out such keys derived from the principal).
    pub fn may_read(&self, key: &str) -> bool {
        reads(self.variables, &self.keys, key)
    }

    /// The decision alone: no strings built, no allocation beyond one slot vector.
    pub fn evaluate(&self, req: &EvalRequest) -> Decision {
        let ev = Evaluator::new(self, req);
        let summaries = self.layers().map(|l| (l.layer, ev.summarize(l))).collect::<LayerSummaries>();
        ev.decide(&summaries).decision
    }

    /// The decision with a full trace.
    pub fn evaluate_with_trace(&self, req: &EvalRequest) -> Trace {
        let ev = Evaluator::new(self, req);
        let mut layer_traces = Vec::new();
        let mut summaries = LayerSummaries::default();
        let mut all_hints: Vec<Hint> = Vec::new();
        for l in self.layers() {
            let (summary, trace) = ev.trace_layer(l);
            for p in &trace.policies {
                let located = |h: &Hint| Hint { path: format!("policies.{}.{}", p.location, h.path), ..h.clone() };
                for s in &p.statements {
                    all_hints.extend(s.hints.iter().map(located));
                    for c in &s.conditions {
                        all_hints.extend(c.hints.iter().map(located));
                    }
                }
            }
            summaries.push(l.layer, summary);
            layer_traces.push(trace);
        }
        if let Some(h) = hints::unknown_action_hint(&req.action, "request.action") {
            all_hints.push(h);
        }
        all_hints.dedup();
        let verdict = ev.decide(&summaries);
        for t in &mut layer_traces {
            t.applicable = ev.applies(t.layer);
        }
        Trace {
            decision: verdict.decision,
            decided_by: verdict.layer,
            explanation: verdict.why.explain(verdict.layer, req),
            same_account: req.same_account(),
            principal: RequestPrincipal::clone(&req.principal),
            action: req.action.clone(),
            resource: req.resource.clone(),
            resource_account: req.effective_resource_account().map(str::to_string),
            layers: layer_traces,
            hints: all_hints,
        }
    }

    fn layers(&self) -> impl Iterator<Item = &CompiledLayer> {
        self.scp
            .iter()
            .chain(self.rcp.iter())
            .chain(std::iter::once(&self.resource))
            .chain(std::iter::once(&self.identity))
            .chain(self.boundary.iter())
            .chain(self.session.iter())
    }
}

/// Evaluates and explains in one call, compiling first.
pub fn evaluate(set: &PolicySet, req: &EvalRequest) -> Trace {
    CompiledPolicies::compile(set).evaluate_with_trace(req)
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// What a layer's statements add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LayerSummary {
    deny: bool,
    allow: bool,
    /// For resource-based policies: the strongest principal match among matching Allow statements.
    allow_match: Option<PrincipalMatch>,
}

/// The layer summaries the decision needs, gathered without allocating.
#[derive(Default)]
struct LayerSummaries {
    /// The first layer (in evaluation order) with a matching Deny.
    deny: Option<Layer>,
    scp_all_allow: bool,
    scp_levels: usize,
    rcp_all_allow: bool,
    rcp_levels: usize,
    resource: LayerSummary,
    identity: LayerSummary,
    boundary: Option<LayerSummary>,
    session: Option<LayerSummary>,
}

impl LayerSummaries {
    fn push(&mut self, layer: Layer, s: LayerSummary) {
        if s.deny && self.deny.is_none() {
            self.deny = Some(layer);
        }
        match layer {
            Layer::Scp => {
                self.scp_all_allow = (self.scp_levels == 0 || self.scp_all_allow) && s.allow;
                self.scp_levels += 1;
            }
            Layer::Rcp => {
                self.rcp_all_allow = (self.rcp_levels == 0 || self.rcp_all_allow) && s.allow;
                self.rcp_levels += 1;
            }
            Layer::Resource => self.resource = s,
            Layer::Identity => self.identity = s,
            Layer::Boundary => self.boundary = Some(s),
            Layer::Session => self.session = Some(s),
        }
    }
}

impl FromIterator<(Layer, LayerSummary)> for LayerSummaries {
    fn from_iter<I: IntoIterator<Item = (Layer, LayerSummary)>>(iter: I) -> Self {
        let mut s = LayerSummaries::default();
        for (l, x) in iter {
            s.push(l, x);
        }
        s
    }
}

struct Evaluator<'a> {
    req: &'a EvalRequest,
    /// The request's entry for each interned key.
    entries: SmallVec<[Option<&'a ContextEntry>; 8]>,
    boundary_present: bool,
    same_account: bool,
}

/// Why a statement did not apply: the first element that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Element {
    Action,
    Resource,
    Principal,
    Condition,
}

impl<'a> Evaluator<'a> {
    fn new(compiled: &'a CompiledPolicies, req: &'a EvalRequest) -> Evaluator<'a> {
        Evaluator {
            req,
            entries: compiled.keys.iter().map(|k| req.context.get_lower(k)).collect(),
            same_account: req.same_account(),
            boundary_present: compiled.boundary.is_some() && matches!(req.principal.kind, PrincipalKind::User { .. } | PrincipalKind::AssumedRole { .. } | PrincipalKind::FederatedUser { .. }),
        }
    }

    /// Does the layer take part for this principal at all?
    fn applies(&self, layer: Layer) -> bool {
        let k = &self.req.principal.kind;
        match layer {
            // "SCPs affect only principals that are managed by accounts that are part of the
            // organization" ("Service control policies (SCPs)"): not service principals or
            // anonymous callers. Nor the caller of AssumeRoleWithSAML / AssumeRoleWithWebIdentity:
            // "there are no policies to evaluate because the caller of the API is not an AWS
            // identity" ("Permissions for AssumeRole, AssumeRoleWithSAML, and
            // AssumeRoleWithWebIdentity"). The role session it receives is an assumed-role
            // principal of the account, and SCPs apply to it. (SCPs also skip service-linked
            // roles and the management account, which a request here does not identify.)
            Layer::Scp => self.req.principal.is_iam_principal(),
            // RCPs "impact the effective permissions of principals trying to access resources in
            // a member account with an applicable RCP, regardless of whether the principals
            // belong to the same organizations or not. This includes root users"; the exception,
            // service-linked roles, is not identifiable here ("Resource control policies (RCPs)").
            Layer::Rcp | Layer::Resource => true,
            Layer::Identity => matches!(k, PrincipalKind::User { .. } | PrincipalKind::AssumedRole { .. } | PrincipalKind::FederatedUser { .. }),
            Layer::Boundary => self.boundary_present,
            // Session policies exist only for role and federated user sessions.
            // The root user has one: the task policy of an AssumeRoot session (long-term root
            // credentials never carry session policies, so for them the layer is empty).
            Layer::Session => matches!(k, PrincipalKind::AssumedRole { .. } | PrincipalKind::FederatedUser { .. } | PrincipalKind::Root),
        }
    }

    fn action_matches(&self, a: &ActionBlock) -> bool {
        let any = a.patterns.iter().any(|p| p.matches_lowered(&self.req.action_lower, &crate::wildcard::NoVariables));
        any != a.negated
    }

    fn resource_matches(&self, r: &Option<ResourceBlock>) -> bool {
        match r {
            // Trust policies have no Resource: the role is the resource.
            None => true,
            Some(r) => {
                let any = r.patterns.iter().any(|p| p.matches(&self.req.resource, &self.req.context));
                any != r.negated
            }
        }
    }

    /// `None` when the Principal element does not match; otherwise how it matched
    /// (`Direct` when the statement has no Principal element).
    fn principal_matches(&self, st: &CompiledStatement) -> Option<PrincipalMatch> {
        let Some(b) = &st.principal else { return Some(PrincipalMatch::Direct) };
        if b.negated {
            // "Permissions boundaries for IAM entities": a Deny with NotPrincipal "will always deny
            // any IAM principal that has a permissions boundary policy attached, regardless of the
            // values specified in the NotPrincipal element."
            if st.effect == Effect::Deny && self.boundary_present {
                return Some(PrincipalMatch::Direct);
            }
            return (!b.excludes(&self.req.principal)).then_some(PrincipalMatch::Direct);
        }
        match b.best_match(&self.req.principal) {
            PrincipalMatch::None => None,
            m => Some(m),
        }
    }

    fn conditions_hold(&self, st: &CompiledStatement) -> bool {
        st.conditions.iter().all(|(slot, c)| c.evaluate(self.entries[*slot], &self.req.context))
    }

    /// Fast path: does the statement apply, and how did its principal match?
    fn statement_applies(&self, st: &CompiledStatement) -> Option<PrincipalMatch> {
        if !self.action_matches(&st.action) || !self.resource_matches(&st.resource) {
            return None;
        }
        let m = self.principal_matches(st)?;
        self.conditions_hold(st).then_some(m)
    }

    /// A layer's summary before its statements: RCP levels always carry the AWS-managed
    /// RCPFullAWSAccess, which "can't be detached, so there's always an Allow statement"
    /// (customer RCPs may only Deny).
    fn initial_summary(layer: Layer) -> LayerSummary {
        LayerSummary { allow: layer == Layer::Rcp, ..LayerSummary::default() }
    }

    fn summarize(&self, l: &CompiledLayer) -> LayerSummary {
        if !self.applies(l.layer) {
            return LayerSummary::default();
        }
        let mut s = Self::initial_summary(l.layer);
        for p in &l.policies {
            for st in &p.statements {
                if let Some(m) = self.statement_applies(st) {
                    s.add(st.effect, m);
                }
            }
        }
        s
    }

    fn trace_layer(&self, l: &CompiledLayer) -> (LayerSummary, LayerTrace) {
        let applicable = self.applies(l.layer);
        let mut s = if applicable { Self::initial_summary(l.layer) } else { LayerSummary::default() };
        let mut policies = Vec::with_capacity(l.policies.len());
        for p in &l.policies {
            let mut statements = Vec::with_capacity(p.statements.len());
            for st in &p.statements {
                let (trace, m) = self.trace_statement(st);
                if let (true, Some(m)) = (applicable, m) {
                    s.add(st.effect, m);
                }
                statements.push(trace);
            }
            policies.push(PolicyTrace { index: p.index, location: p.location.clone(), id: p.id.clone(), statements });
        }
        let result = if !applicable {
            LayerResult::NotApplicable
        } else if s.deny {
            LayerResult::ExplicitDeny
        } else if s.allow {
            LayerResult::Allow
        } else {
            LayerResult::ImplicitDeny
        };
        (s, LayerTrace { layer: l.layer, level: l.level, applicable, result, policies })
    }

    fn trace_statement(&self, st: &CompiledStatement) -> (StatementTrace, Option<PrincipalMatch>) {
        let action = self.action_matches(&st.action);
        let resource = self.resource_matches(&st.resource);
        let principal = self.principal_matches(st);
        let conditions: Vec<ConditionTrace> = st.conditions.iter().map(|(slot, c)| c.explain(self.entries[*slot], &self.req.context)).collect();
        let conditions_ok = conditions.iter().all(|c| c.result);
        let decided_by = if !action {
            Some(Element::Action)
        } else if !resource {
            Some(Element::Resource)
        } else if principal.is_none() {
            Some(Element::Principal)
        } else if !conditions_ok {
            Some(Element::Condition)
        } else {
            None
        };
        let matched = decided_by.is_none();
        let mut hints = st.hints.clone();
        if !action {
            // An action a few edits from the requested one: probably a typo.
            for p in &st.action.patterns {
                let src = p.source().to_lowercase();
                if !p.has_wildcard() && src != self.req.action_lower && hints::distance_within(&src, &self.req.action_lower, 2).is_some() {
                    hints.push(Hint::new(
                        HintKind::MisspeltAction,
                        &format!("{}.Action", st.path),
                        format!("'{}' is close to the requested action '{}'; a typo?", p.source(), self.req.action),
                    ));
                }
            }
        }
        let trace = StatementTrace {
            index: st.index,
            sid: st.sid.clone(),
            effect: st.effect,
            path: st.path.clone(),
            matched,
            decided_by,
            action: ElementTrace {
                matched: action,
                negated: st.action.negated,
                patterns: st.action.patterns.iter().map(|p| p.source().to_string()).collect(),
            },
            resource: st.resource.as_ref().map(|r| ElementTrace {
                matched: resource,
                negated: r.negated,
                patterns: r.patterns.iter().map(|p| p.source().to_string()).collect(),
            }),
            principal: st.principal.as_ref().map(|b| PrincipalTrace {
                matched: principal.is_some(),
                negated: b.negated,
                how: principal.filter(|_| !b.negated),
            }),
            conditions,
            hints,
        };
        (trace, if matched { principal } else { None })
    }

    /// Combines the layer summaries into the decision.
    fn decide(&self, s: &LayerSummaries) -> Verdict {
        let p = &self.req.principal;
        // 1. An explicit deny in any applicable policy is final.
        if let Some(layer) = s.deny {
            return Verdict::new(Decision::ExplicitDeny, Some(layer), Why::ExplicitDeny);
        }
        // 2. Every RCP level, then every SCP level, must allow.
        if self.applies(Layer::Rcp) && s.rcp_levels > 0 && !s.rcp_all_allow {
            return Verdict::new(Decision::ImplicitDeny, Some(Layer::Rcp), Why::NoAllowInLevel);
        }
        if self.applies(Layer::Scp) && s.scp_levels > 0 && !s.scp_all_allow {
            return Verdict::new(Decision::ImplicitDeny, Some(Layer::Scp), Why::NoAllowInLevel);
        }
        let resource = s.resource.allow_match.unwrap_or(PrincipalMatch::None);
        let resource_allows = resource != PrincipalMatch::None;
        match p.kind {
            // 3a. Callers without identity policies: only a resource-based policy can allow.
            PrincipalKind::Anonymous | PrincipalKind::Service { .. } | PrincipalKind::WebIdentity { .. } | PrincipalKind::Saml { .. } => {
                if resource_allows {
                    Verdict::new(Decision::Allow, Some(Layer::Resource), Why::ResourceAllows)
                } else {
                    Verdict::new(Decision::ImplicitDeny, Some(Layer::Resource), Why::NoResourceAllow)
                }
            }
            // 3b. The root user has full access in its own account.
            PrincipalKind::Root => {
                let same = self.same_account;
                if same && !self.req.resource_policy_required {
                    Verdict::new(Decision::Allow, Some(Layer::Identity), Why::RootUser)
                } else if resource_allows {
                    Verdict::new(Decision::Allow, Some(Layer::Resource), Why::ResourceAllows)
                } else if same {
                    Verdict::new(Decision::ImplicitDeny, Some(Layer::Resource), Why::ResourcePolicyRequired)
                } else {
                    Verdict::new(Decision::ImplicitDeny, Some(Layer::Resource), Why::CrossAccountNoResourceAllow)
                }
            }
            // 3c. IAM users and sessions.
            PrincipalKind::User { .. } | PrincipalKind::AssumedRole { .. } | PrincipalKind::FederatedUser { .. } => {
                let boundary_ok = s.boundary.is_none_or(|b| !self.boundary_present || b.allow);
                // GetFederationToken (AWS STS API Reference), Policy: "if you do not pass any
                // session policies, then the resulting federated user session has no
                // permissions" — unless a resource-based policy names the session itself.
                let federated_without_session_policy = matches!(p.kind, PrincipalKind::FederatedUser { .. }) && s.session.is_none();
                let session_ok = !federated_without_session_policy && s.session.is_none_or(|x| !self.applies(Layer::Session) || x.allow);
                let identity_ok = s.identity.allow && boundary_ok && session_ok;
                let identity_gap = || {
                    if !s.identity.allow {
                        (Layer::Identity, Why::NoIdentityAllow)
                    } else if !boundary_ok {
                        (Layer::Boundary, Why::BoundaryNoAllow)
                    } else if federated_without_session_policy {
                        (Layer::Session, Why::FederatedUserWithoutSessionPolicy)
                    } else {
                        (Layer::Session, Why::SessionNoAllow)
                    }
                };
                if self.same_account {
                    if resource == PrincipalMatch::Direct {
                        return Verdict::new(Decision::Allow, Some(Layer::Resource), Why::ResourceNamesPrincipal);
                    }
                    if resource == PrincipalMatch::Role && boundary_ok && session_ok {
                        return Verdict::new(Decision::Allow, Some(Layer::Resource), Why::ResourceNamesRole);
                    }
                    if self.req.resource_policy_required {
                        if resource == PrincipalMatch::Account && identity_ok {
                            return Verdict::new(Decision::Allow, Some(Layer::Identity), Why::IdentityAllowsWithAccountDelegation);
                        }
                        if !resource_allows {
                            return Verdict::new(Decision::ImplicitDeny, Some(Layer::Resource), Why::ResourcePolicyRequired);
                        }
                        let (l, why) = identity_gap();
                        return Verdict::new(Decision::ImplicitDeny, Some(l), why);
                    }
                    if identity_ok {
                        return Verdict::new(Decision::Allow, Some(Layer::Identity), Why::IdentityAllows);
                    }
                    if resource == PrincipalMatch::Role {
                        let (l, why) = if !boundary_ok {
                            (Layer::Boundary, Why::BoundaryNoAllow)
                        } else if federated_without_session_policy {
                            (Layer::Session, Why::FederatedUserWithoutSessionPolicy)
                        } else {
                            (Layer::Session, Why::SessionNoAllow)
                        };
                        return Verdict::new(Decision::ImplicitDeny, Some(l), why);
                    }
                    let (l, why) = identity_gap();
                    Verdict::new(Decision::ImplicitDeny, Some(l), why)
                } else {
                    if !identity_ok {
                        let (l, why) = identity_gap();
                        return Verdict::new(Decision::ImplicitDeny, Some(l), why);
                    }
                    if !resource_allows {
                        return Verdict::new(Decision::ImplicitDeny, Some(Layer::Resource), Why::CrossAccountNoResourceAllow);
                    }
                    Verdict::new(Decision::Allow, Some(Layer::Resource), Why::CrossAccountBothAllow)
                }
            }
        }
    }
}

impl LayerSummary {
    fn add(&mut self, effect: Effect, m: PrincipalMatch) {
        match effect {
            Effect::Deny => self.deny = true,
            Effect::Allow => {
                self.allow = true;
                self.allow_match = Some(self.allow_match.map_or(m, |old| old.max(m)));
            }
        }
    }
}

struct Verdict {
    decision: Decision,
    layer: Option<Layer>,
    why: Why,
}

impl Verdict {
    fn new(decision: Decision, layer: Option<Layer>, why: Why) -> Verdict {
        Verdict { decision, layer, why }
    }
}

/// The rule that produced a decision; turned into text only for traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    ExplicitDeny,
    NoAllowInLevel,
    ResourceAllows,
    NoResourceAllow,
    RootUser,
    ResourcePolicyRequired,
    CrossAccountNoResourceAllow,
    CrossAccountBothAllow,
    ResourceNamesPrincipal,
    ResourceNamesRole,
    IdentityAllows,
    IdentityAllowsWithAccountDelegation,
    NoIdentityAllow,
    BoundaryNoAllow,
    SessionNoAllow,
    FederatedUserWithoutSessionPolicy,
}

impl Why {
    fn explain(self, layer: Option<Layer>, req: &EvalRequest) -> String {
        let who = req.principal.describe();
        let what = format!("{} on {}", req.action, req.resource);
        let layer_name = layer.map_or("policy", Layer::describe);
        match self {
            Why::ExplicitDeny => format!("Denied: a Deny statement in a {layer_name} matches {what}; an explicit deny overrides any allow."),
            Why::NoAllowInLevel => format!(
                "Denied: a level of {layer_name}s has no Allow statement matching {what}; every level (root, OUs, account) must allow."
            ),
            Why::ResourceAllows => format!("Allowed: a resource-based policy allows {who} to perform {what}."),
            Why::NoResourceAllow => format!("Denied: {who} has no identity-based policies, and no resource-based policy allows {what}."),
            Why::RootUser => format!("Allowed: {who} is the account root user, which has full access to its own account's resources unless denied."),
            Why::ResourcePolicyRequired => {
                format!("Denied: for {} the resource-based policy (a role trust policy or KMS key policy) must allow the principal, and none does.", req.action)
            }
            Why::CrossAccountNoResourceAllow => format!(
                "Denied: the resource is in another account, so its resource-based policy must also allow {who}, and none does."
            ),
            Why::CrossAccountBothAllow => format!("Allowed: across accounts, both {who}'s identity-based permissions and the resource-based policy allow {what}."),
            Why::ResourceNamesPrincipal => format!(
                "Allowed: in the same account, a resource-based policy that names {who} directly grants {what}, whatever its identity-based policies, permissions boundary or session policies say."
            ),
            Why::ResourceNamesRole => format!(
                "Allowed: a resource-based policy names the role of {who}; its permissions boundary and session policies (if any) also allow {what}."
            ),
            Why::IdentityAllows => format!("Allowed: an identity-based policy allows {what}, and no permissions boundary or session policy limits it."),
            Why::IdentityAllowsWithAccountDelegation => format!(
                "Allowed: the resource-based policy trusts {who}'s account and an identity-based policy allows {what}."
            ),
            Why::NoIdentityAllow => format!("Denied (implicitly): no identity-based policy allows {what}, and no resource-based policy grants it."),
            Why::BoundaryNoAllow => format!("Denied (implicitly): the permissions boundary does not allow {what}, so identity-based permissions cannot grant it."),
            Why::SessionNoAllow => format!("Denied (implicitly): the session policies do not allow {what}; a session's permissions are the intersection of its identity-based and session policies."),
            Why::FederatedUserWithoutSessionPolicy => format!(
                "Denied (implicitly): {who} was created by GetFederationToken without session policies, so it has no permissions except those a resource-based policy grants to the session directly."
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Trace

/// A full explanation of one decision (serialised as camelCase JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    pub decision: Decision,
    /// The policy type whose result made the final decision.
    pub decided_by: Option<Layer>,
    pub explanation: String,
    pub same_account: bool,
    pub principal: RequestPrincipal,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    pub layers: Vec<LayerTrace>,
    /// Near-miss advice beyond AWS's own answer (never affects the decision).
    pub hints: Vec<Hint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LayerResult {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
    /// The layer does not apply to this principal (e.g. SCPs for a service principal).
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerTrace {
    pub layer: Layer,
    /// For SCPs and RCPs: the level (0 = organization root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub applicable: bool,
    pub result: LayerResult,
    pub policies: Vec<PolicyTrace>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub index: usize,
    /// Where the policy sits in the input (`identity[0]`, `scp[1][0]`…).
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub statements: Vec<StatementTrace>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    pub path: String,
    /// Every element matched: the statement applies to the request.
    pub matched: bool,
    /// The first element that did not match (action, resource, principal, condition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Element>,
    pub action: ElementTrace,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalTrace>,
    pub conditions: Vec<ConditionTrace>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    pub matched: bool,
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    pub patterns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalTrace {
    pub matched: bool,
    /// `NotPrincipal`.
    pub negated: bool,
    /// How a `Principal` element named the caller: `direct`, `role` or `account`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<PrincipalMatch>,
}

#[cfg(test)]
mod tests;
