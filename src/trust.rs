//! Trust findings: who outside a zone of trust (accounts and organizations) can assume a role,
//! by which STS operation, and under which conditions. The reasoning reads the trust policy's
//! own structure (principal elements, condition operators and values), never samples; every
//! positive finding comes with a witness — a concrete outside caller and parameters — that the
//! simulator runs (`witness`), so the finding is checkable. sts-sim's analysis, beyond AWS's own
//! tooling (IAM Access Analyzer reports external access; it does not build a caller that proves
//! it, nor grade GitHub `sub` patterns).
//!
//! A condition key the analysis cannot reason about never makes a role look safe: the finding
//! is `"unknown"` with the reason, unless its witness is accepted, which decides it.

pub mod orgs;
pub mod witness;

use serde_json::{Value, json};

use crate::policy::{BaseOperator, Condition, Effect, Policy, PrincipalKind, PrincipalSet, SetQualifier, Statement};
use crate::sts::caller::ServiceSource;
use crate::sts::world::{Role, World};
use crate::wildcard::{NoVariables, Pattern, PatternSyntax};

pub const DOC_CONFUSED_DEPUTY: &str = "The confused deputy problem — https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html";
pub const DOC_THIRD_PARTY: &str = "Access to AWS accounts owned by third parties — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html";
pub const DOC_PRINCIPAL: &str = "IAM JSON policy elements: Principal — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
pub const DOC_GITHUB: &str = "Configuring a role for GitHub OIDC identity provider — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub";
pub const DOC_OIDC_KEYS: &str = "Available keys for AWS OIDC federation — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif";
pub const DOC_SAML_KEYS: &str = "Available keys for SAML-based AWS STS federation — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml";
pub const DOC_ACCESS_ANALYZER: &str = "IAM Access Analyzer (external access findings) — https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html";
pub const DOC_OPERATORS: &str = "IAM JSON policy elements: Condition operators — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
pub const DOC_GLOBAL_KEYS: &str = "AWS global condition context keys — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";

/// The accounts and organizations whose principals are trusted. An account is inside when it
/// is listed or belongs (in the world) to a listed organization.
#[derive(Clone, Debug, Default)]
pub struct Zone {
    pub accounts: Vec<String>,
    pub organization_ids: Vec<String>,
}

impl Zone {
    /// The zone by default: every account of the world and its organization.
    pub fn of_world(world: &World) -> Zone {
        Zone { accounts: world.accounts.iter().map(|a| a.id.clone()).collect(), organization_ids: world.organization.iter().map(|o| o.id.clone()).collect() }
    }

    pub fn contains_account(&self, world: &World, id: &str) -> bool {
        self.accounts.iter().any(|a| a == id) || world.org_id_of(id).is_some_and(|o| self.contains_org(o))
    }

    pub fn contains_org(&self, id: &str) -> bool {
        self.organization_ids.iter().any(|o| o == id)
    }

    /// Is `path` (an `...OrgPaths` value, `o-…/…`) under one of the zone's organizations?
    pub fn contains_org_path(&self, path: &str) -> bool {
        self.organization_ids.iter().any(|o| path.strip_prefix(o.as_str()).is_some_and(|rest| rest.starts_with('/')))
    }
}

/// The STS operation a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    AssumeRole,
    AssumeRoleWithWebIdentity,
    AssumeRoleWithSaml,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::AssumeRole => "AssumeRole",
            Operation::AssumeRoleWithWebIdentity => "AssumeRoleWithWebIdentity",
            Operation::AssumeRoleWithSaml => "AssumeRoleWithSAML",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Operation::AssumeRole => "sts:assumerole",
            Operation::AssumeRoleWithWebIdentity => "sts:assumerolewithwebidentity",
            Operation::AssumeRoleWithSaml => "sts:assumerolewithsaml",
        }
    }
}

/// The principal class a statement lets in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// `"Principal": "*"`, `{"AWS": "*"}`, or an Allow with `NotPrincipal`.
    AnyPrincipal { principal: String },
    Account { account: String },
    User { arn: String, account: String },
    /// A role, or one session of it (`assumed-role` ARN: `session` set).
    Role { arn: String, account: String, session: Option<String> },
    Service { name: String },
    /// An OIDC provider: as the policy names it, and the prefix of its condition keys.
    Oidc { provider: String, key: String },
    Saml { provider: String },
}

impl Who {
    fn kind(&self) -> &'static str {
        match self {
            Who::AnyPrincipal { .. } => "AnyPrincipal",
            Who::Account { .. } => "ExternalAccount",
            Who::User { .. } => "ExternalUser",
            Who::Role { .. } => "ExternalRole",
            Who::Service { .. } => "ServicePrincipal",
            Who::Oidc { .. } => "OidcProvider",
            Who::Saml { .. } => "SamlProvider",
        }
    }

    fn operation(&self) -> Operation {
        match self {
            Who::Oidc { .. } => Operation::AssumeRoleWithWebIdentity,
            Who::Saml { .. } => Operation::AssumeRoleWithSaml,
            _ => Operation::AssumeRole,
        }
    }

    fn principal(&self) -> &str {
        match self {
            Who::AnyPrincipal { principal } => principal,
            Who::Account { account } => account,
            Who::User { arn, .. } | Who::Role { arn, .. } => arn,
            Who::Service { name } => name,
            Who::Oidc { provider, .. } | Who::Saml { provider } => provider,
        }
    }

    fn account(&self) -> Option<&str> {
        match self {
            Who::Account { account } | Who::User { account, .. } | Who::Role { account, .. } => Some(account),
            _ => None,
        }
    }

    fn is_aws(&self) -> bool {
        matches!(self, Who::AnyPrincipal { .. } | Who::Account { .. } | Who::User { .. } | Who::Role { .. })
    }
}

/// What the outside caller of a witness must present to satisfy the conditions.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The outside account, when a condition pins it (`aws:PrincipalAccount`, `aws:PrincipalArn`).
    pub account: Option<String>,
    /// Patterns the outside account must match (`aws:PrincipalAccount` / `aws:PrincipalArn`
    /// with wildcards).
    pub account_patterns: Vec<String>,
    /// Accounts the outside caller must not be (negated account conditions).
    pub avoid_accounts: Vec<String>,
    /// The resource part (`user/…`, `role/…`) of the caller's ARN, when `aws:PrincipalArn` pins it.
    pub principal_resource: Option<String>,
    pub user_name: Option<String>,
    pub external_id: Option<String>,
    pub mfa: bool,
    pub source_ip: Option<String>,
    pub region: Option<String>,
    pub session_name: Option<String>,
    pub principal_tags: Vec<(String, String)>,
    pub request_tags: Vec<(String, String)>,
    pub source_identity: Option<String>,
    /// OIDC token claims.
    pub claims: serde_json::Map<String, Value>,
    pub saml_subject: Option<String>,
    pub saml_subject_type: Option<String>,
    pub saml_recipient: Option<String>,
    pub saml_issuer: Option<String>,
    pub saml_attributes: Vec<(String, Vec<String>)>,
    /// The organization (and place in it) the outside account must be in
    /// (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`).
    pub org: Option<orgs::OrgPlacement>,
    /// For a service principal: the resource it must act for (`aws:SourceAccount`,
    /// `aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`).
    pub source: ServiceSource,
}

/// How one condition bears on the outside caller.
enum Verdict {
    /// No outside caller of the class can satisfy it.
    Excludes(String),
    /// The outside caller can satisfy it (the plan says how); the note says what it costs.
    Constrains(String),
    /// The analysis cannot decide.
    Unknown(String),
}

/// Everything gathered about one (statement, principal) pair.
struct Assessment {
    plan: Plan,
    conditions: Vec<Value>,
    excluded: Vec<String>,
    unknown: Vec<String>,
    external_id_required: bool,
    mfa_required: bool,
    advice: Vec<Value>,
    /// The `sub` values an OIDC or SAML statement admits (positive operators only), each with
    /// whether it is a pattern (`...Like`) or literal text (where `*` is just a character).
    subs: Vec<(String, bool)>,
    aud_checked: bool,
}

fn advice(code: &str, message: impl Into<String>, doc: &str) -> Value {
    json!({ "code": code, "message": message.into(), "doc": doc })
}

fn wildcard_pattern(text: &str, case_insensitive: bool) -> Pattern {
    Pattern::compile(text, PatternSyntax { wildcards: true, variables: false, case_insensitive })
}

fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

/// A concrete value a `*`/`?` pattern matches (wildcards filled with letters that are valid in
/// session names, claims and tag values).
pub fn example(pattern: &str) -> String {
    pattern.replace('*', "sts-sim").replace('?', "x")
}

fn is_like(op: BaseOperator) -> bool {
    matches!(op, BaseOperator::StringLike | BaseOperator::StringNotLike | BaseOperator::ArnLike | BaseOperator::ArnNotLike)
}

/// Operators whose truth means "the value is one of these".
fn positive(op: BaseOperator) -> bool {
    matches!(op, BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringLike | BaseOperator::ArnEquals | BaseOperator::ArnLike)
}

fn negative(op: BaseOperator) -> bool {
    matches!(op, BaseOperator::StringNotEquals | BaseOperator::StringNotEqualsIgnoreCase | BaseOperator::StringNotLike | BaseOperator::ArnNotEquals | BaseOperator::ArnNotLike)
}

fn values(c: &Condition) -> Vec<String> {
    c.values.iter().map(|v| v.text.clone()).collect()
}

/// Does some value of `c` (as a pattern under its operator) match `candidate`?
fn value_matches(c: &Condition, candidate: &str) -> bool {
    let ci = matches!(c.operator.base, BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase);
    c.values.iter().any(|v| if is_like(c.operator.base) { wildcard_pattern(&v.text, ci).matches(candidate, &NoVariables) } else if ci { v.text.eq_ignore_ascii_case(candidate) } else { v.text == candidate })
}

/// Does `c` hold for a request whose key has `value` (`None`: absent)? Decided by the engine's
/// own condition evaluation, for keys whose value the world fixes.
fn holds_for(c: &Condition, value: Option<&str>) -> bool {
    let mut ctx = crate::context::RequestContext::new();
    if let Some(v) = value {
        if crate::keys::lookup(&c.key_lower).is_some_and(|k| k.multi_valued) {
            ctx.set_multi(&c.key, [v]);
        } else {
            ctx.set(&c.key, v);
        }
    }
    crate::condition::CompiledCondition::compile(c, false).evaluate(ctx.get_lower(&c.key_lower), &NoVariables)
}

/// An account named in the policy whose organization the world fixes (a member of one of its
/// organizations, or one of its accounts, which then belongs to none): how `c` bears on it.
fn known_membership(c: &Condition, named_account: Option<&str>, world: &World, paths: bool) -> Option<Verdict> {
    let n = named_account.filter(|n| world.account(n).is_some() || world.org_id_of(n).is_some())?;
    let value = if paths { world.org_path_of(n) } else { world.org_id_of(n).map(str::to_string) };
    let place = value.as_deref().map_or_else(|| "in no organization".to_string(), |v| if paths { format!("at {v}") } else { format!("in organization {v}") });
    Some(if holds_for(c, value.as_deref()) {
        Verdict::Constrains(format!("account {n} is {place}"))
    } else {
        Verdict::Excludes(format!("account {n} is {place}, which {} {} {} refuses", c.operator_text, c.key, values(c).join(", ")))
    })
}

/// `arn:partition:service:region:account:resource` → (account, resource).
fn arn_account_resource(arn: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, _, _, account, resource] => Some((account, resource)),
        _ => None,
    }
}

/// The principal classes of one statement, and the named principals the zone holds.
fn principals(st: &Statement, world: &World, zone: &Zone, inside: &mut Vec<Value>) -> Vec<Who> {
    let Some(block) = &st.principal else { return Vec::new() };
    let mut out = Vec::new();
    if block.negated {
        // "Allow with NotPrincipal": everyone but the listed principals ("IAM JSON policy
        // elements: NotPrincipal" advises against it).
        out.push(Who::AnyPrincipal { principal: "NotPrincipal".into() });
        return out;
    }
    let entries = match &block.principals {
        PrincipalSet::Everyone => return vec![Who::AnyPrincipal { principal: "*".into() }],
        PrincipalSet::Listed(e) => e,
    };
    for e in entries {
        let who = match e.kind {
            PrincipalKind::Aws if e.value == "*" => Who::AnyPrincipal { principal: "{\"AWS\":\"*\"}".into() },
            PrincipalKind::Aws => {
                let v = e.value.as_str();
                if crate::arn::is_account_id(v) {
                    Who::Account { account: v.to_string() }
                } else if let Some((account, resource)) = arn_account_resource(v) {
                    let account = account.to_string();
                    if resource == "root" {
                        Who::Account { account }
                    } else if resource.starts_with("user/") {
                        Who::User { arn: v.to_string(), account }
                    } else if resource.starts_with("role/") {
                        Who::Role { arn: v.to_string(), account, session: None }
                    } else if let Some(rest) = resource.strip_prefix("assumed-role/") {
                        let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
                        let partition = v.split(':').nth(1).unwrap_or("aws");
                        Who::Role { arn: format!("arn:{partition}:iam::{account}:role/{role}"), account, session: Some(session.to_string()) }
                    } else {
                        Who::Account { account }
                    }
                } else {
                    continue;
                }
            }
            PrincipalKind::Service => Who::Service { name: e.value.clone() },
            PrincipalKind::Federated => {
                if let Some((_, rest)) = e.value.split_once(":oidc-provider/") {
                    Who::Oidc { provider: e.value.clone(), key: rest.to_string() }
                } else if e.value.contains(":saml-provider/") {
                    Who::Saml { provider: e.value.clone() }
                } else {
                    // A provider built into AWS, named by host (accounts.google.com,
                    // cognito-identity.amazonaws.com, www.amazon.com, graph.facebook.com).
                    Who::Oidc { provider: e.value.clone(), key: e.value.clone() }
                }
            }
            PrincipalKind::CanonicalUser => continue,
        };
        if let Some(account) = who.account()
            && zone.contains_account(world, account)
        {
            inside.push(json!({ "statement": st.path, "principal": who.principal(), "reason": format!("account {account} is inside the zone of trust") }));
            continue;
        }
        out.push(who);
    }
    out
}

fn grants(st: &Statement, op: Operation) -> bool {
    let hit = st.action.patterns.iter().any(|p| p.matches(op.action(), &NoVariables));
    hit != st.action.negated
}

/// One condition of an Allow statement, from an outside caller of class `who`.
fn assess(c: &Condition, who: &Who, world: &World, zone: &Zone, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let key = c.key_lower.as_str();
    let vals = values(c);
    let first = vals.first().cloned().unwrap_or_default();
    if c.values.iter().any(|v| v.text.contains("${")) {
        return Verdict::Unknown(format!("{} uses a policy variable; sts-sim does not reason about it", c.key));
    }
    // Keys that work the same for every class.
    match key {
        "sts:rolesessionname" if positive(op) => {
            a.plan.session_name = Some(literal_or_example(op, &first));
            return Verdict::Constrains("the caller chooses its session name".into());
        }
        "aws:sourceip" => {
            return match op {
                BaseOperator::IpAddress => match ip_inside(&first) {
                    Some(ip) => {
                        a.plan.source_ip = Some(ip);
                        Verdict::Constrains(format!("only callers from {}", vals.join(", ")))
                    }
                    None => Verdict::Unknown(format!("cannot read the range '{first}'")),
                },
                BaseOperator::NotIpAddress => match ip_outside(&vals) {
                    Some(ip) => {
                        a.plan.source_ip = Some(ip);
                        Verdict::Constrains(format!("callers from anywhere but {}", vals.join(", ")))
                    }
                    None => Verdict::Unknown("no address outside the ranges found".into()),
                },
                _ => Verdict::Unknown(format!("{} with {}", c.key, c.operator_text)),
            };
        }
        "aws:requestedregion" if positive(op) && !has_wildcard(&first) => {
            a.plan.region = Some(first);
            return Verdict::Constrains(format!("the request goes to the STS endpoint of {}", vals.join(", ")));
        }
        "aws:securetransport" if op == BaseOperator::Bool && first == "true" => return Verdict::Constrains("every STS call is made over TLS".into()),
        "aws:viaawsservice" if op == BaseOperator::Bool && first == "false" => return Verdict::Constrains("a direct call".into()),
        _ => {}
    }
    match who {
        Who::Service { name } => assess_service(c, name, world, zone, a),
        Who::Oidc { key: provider_key, .. } => assess_oidc(c, provider_key, a),
        Who::Saml { .. } => assess_saml(c, a),
        _ => assess_aws(c, who, world, zone, a),
    }
}

fn assess_aws(c: &Condition, who: &Who, world: &World, zone: &Zone, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let key = c.key_lower.as_str();
    let vals = values(c);
    let first = vals.first().cloned().unwrap_or_default();
    let named_account = who.account().map(str::to_string);
    match key {
        "aws:principalorgid" => assess_principal_org_id(c, named_account.as_deref(), world, zone, a),
        "aws:principalorgpaths" => assess_principal_org_paths(c, named_account.as_deref(), world, zone, a),
        "aws:principalaccount" => {
            if negative(op) {
                a.plan.avoid_accounts.extend(vals.iter().filter(|v| !has_wildcard(v)).cloned());
                return Verdict::Constrains(format!("any account but {}", vals.join(", ")));
            }
            if !positive(op) {
                return Verdict::Unknown(format!("{} with {}", c.key, c.operator_text));
            }
            let mut outside: Vec<String> = vals.iter().filter(|v| !has_wildcard(v) && !zone.contains_account(world, v)).cloned().collect();
            if vals.iter().any(|v| has_wildcard(v)) {
                outside.push(String::new());
                if vals.iter().all(|v| has_wildcard(v)) {
                    a.plan.account_patterns.extend(vals.iter().cloned());
                }
            }
            if let Some(n) = &named_account {
                outside.retain(|v| v.is_empty() || v == n);
                if outside.is_empty() {
                    return Verdict::Excludes(format!("aws:PrincipalAccount must be {}, which the principal {n} is not", vals.join(", ")));
                }
                return Verdict::Constrains(format!("the account must be {}", vals.join(", ")));
            }
            match outside.first() {
                None => Verdict::Excludes(format!("aws:PrincipalAccount must be {}: inside the zone of trust", vals.join(", "))),
                Some(v) if v.is_empty() => Verdict::Constrains(format!("the account must match {}", vals.join(", "))),
                Some(v) => {
                    a.plan.account = Some(v.clone());
                    Verdict::Constrains(format!("only account {v}, outside the zone"))
                }
            }
        }
        "aws:principalarn" => {
            if negative(op) {
                return Verdict::Constrains(format!("any principal but {}", vals.join(", ")));
            }
            if !positive(op) {
                return Verdict::Unknown(format!("{} with {}", c.key, c.operator_text));
            }
            let mut chosen = None;
            for v in &vals {
                let Some((acct, resource)) = arn_account_resource(v) else { continue };
                if !has_wildcard(acct) && zone.contains_account(world, acct) {
                    continue;
                }
                if let Some(n) = &named_account
                    && !wildcard_pattern(acct, false).matches(n, &NoVariables)
                {
                    continue;
                }
                chosen = Some((acct.to_string(), resource.to_string(), v.clone()));
                break;
            }
            let Some((acct, resource, pattern)) = chosen else {
                return Verdict::Excludes(format!("aws:PrincipalArn must be {}: principals inside the zone of trust", vals.join(", ")));
            };
            if !has_wildcard(&acct) {
                a.plan.account = Some(acct.clone());
            } else if named_account.is_none() {
                a.plan.account_patterns.push(acct.clone());
            }
            if resource.starts_with("role/") || resource.starts_with("user/") {
                a.plan.principal_resource = Some(example(&resource));
            } else if resource != "root" && !resource.chars().all(|c| c == '*') {
                return Verdict::Unknown(format!("aws:PrincipalArn {pattern}: sts-sim builds only user and role callers"));
            }
            Verdict::Constrains(format!("the caller's ARN must match {}", vals.join(", ")))
        }
        "sts:externalid" => {
            if positive(op) {
                a.plan.external_id = Some(literal_or_example(op, &first));
                a.external_id_required = true;
                return Verdict::Constrains(format!("the caller must pass ExternalId {}", vals.join(" or ")));
            }
            if op == BaseOperator::Null && first == "false" {
                a.plan.external_id = Some("sts-sim-any-external-id".into());
                a.external_id_required = true;
                a.advice.push(advice("EXTERNAL_ID_ANY_VALUE", "Null false on sts:ExternalId requires some ExternalId but accepts any value: compare it with StringEquals to the value you gave the third party", DOC_THIRD_PARTY));
                return Verdict::Constrains("any ExternalId will do".into());
            }
            Verdict::Unknown(format!("{} with {}", c.key, c.operator_text))
        }
        "aws:multifactorauthpresent" => match (op, first.as_str()) {
            (BaseOperator::Bool, "true") if c.operator.if_exists => {
                a.advice.push(advice(
                    "MFA_IF_EXISTS",
                    "BoolIfExists aws:MultiFactorAuthPresent true passes long-term credentials, which carry no such key: callers need no MFA; use Bool",
                    DOC_GLOBAL_KEYS,
                ));
                Verdict::Constrains("long-term credentials carry no aws:MultiFactorAuthPresent and pass ...IfExists without MFA".into())
            }
            (BaseOperator::Bool, "true") | (BaseOperator::Null, "false") => {
                a.plan.mfa = true;
                a.mfa_required = true;
                Verdict::Constrains("the caller must authenticate with MFA (its own device: the outside account controls it)".into())
            }
            (BaseOperator::Bool, "false") | (BaseOperator::Null, "true") => Verdict::Constrains("no MFA".into()),
            _ => Verdict::Unknown(format!("{} with {}", c.key, c.operator_text)),
        },
        "aws:multifactorauthage" => {
            a.plan.mfa = true;
            a.mfa_required = true;
            Verdict::Constrains("the caller must authenticate with MFA".into())
        }
        "aws:principaltype" if positive(op) && value_matches(c, "User") => Verdict::Constrains("an IAM user".into()),
        "aws:principalisawsservice" if op == BaseOperator::Bool && first == "false" => Verdict::Constrains("not an AWS service".into()),
        "aws:username" if positive(op) => {
            a.plan.user_name = Some(example(&first));
            Verdict::Constrains("a user of that name: the outside account names its own users".into())
        }
        "sts:sourceidentity" if positive(op) => {
            a.plan.source_identity = Some(example(&first));
            Verdict::Constrains("the caller sets its source identity".into())
        }
        "aws:tagkeys" => {
            if c.operator.qualifier == Some(SetQualifier::ForAllValues) {
                return Verdict::Constrains("no tag, or only these keys".into());
            }
            if positive(op) {
                a.plan.request_tags.push((example(&first), "sts-sim".into()));
                return Verdict::Constrains("the caller passes session tags".into());
            }
            Verdict::Unknown(format!("{} with {}", c.key, c.operator_text))
        }
        _ => {
            if let Some(tag) = c.key.strip_prefix("aws:PrincipalTag/").or_else(|| c.key.strip_prefix("aws:principaltag/")) {
                if positive(op) {
                    a.plan.principal_tags.push((tag.to_string(), example(&first)));
                    return Verdict::Constrains("the caller's account tags its own principals: not a barrier".into());
                }
                if negative(op) {
                    return Verdict::Constrains("an untagged principal passes".into());
                }
            }
            if let Some(tag) = c.key.get(..15).filter(|p| p.eq_ignore_ascii_case("aws:RequestTag/")).map(|_| &c.key[15..]) {
                if positive(op) {
                    a.plan.request_tags.push((tag.to_string(), example(&first)));
                    return Verdict::Constrains("the caller chooses its session tags: not a barrier".into());
                }
                if negative(op) {
                    return Verdict::Constrains("a call without that tag passes".into());
                }
            }
            Verdict::Unknown(format!("sts-sim does not reason about {} with {}", c.key, c.operator_text))
        }
    }
}

/// aws:PrincipalOrgID: the organization of the caller's account ("AWS global condition context
/// keys"; absent for an account in no organization). An outside account in another
/// organization is placed there by the witness (`ExternalOrganizations`).
fn assess_principal_org_id(c: &Condition, named_account: Option<&str>, world: &World, zone: &Zone, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let vals = values(c);
    if let Some(v) = known_membership(c, named_account, world, false) {
        return v;
    }
    if negative(op) {
        // ForAnyValue on an absent key is false: the caller needs some other organization.
        if c.operator.qualifier == Some(SetQualifier::ForAnyValue) {
            let id = orgs::witness_org_id(world, zone, Some(c));
            a.plan.org.get_or_insert(orgs::OrgPlacement { any: true, ..orgs::OrgPlacement::organization(&id) });
            return Verdict::Constrains("accounts of any other organization pass".into());
        }
        return Verdict::Constrains("outside accounts have another organization or none, and pass".into());
    }
    if op == BaseOperator::Null {
        if vals.first().is_some_and(|v| v == "true") {
            return Verdict::Constrains("accounts in no organization pass".into());
        }
        let id = orgs::witness_org_id(world, zone, None);
        a.plan.org.get_or_insert(orgs::OrgPlacement { any: true, ..orgs::OrgPlacement::organization(&id) });
        return Verdict::Constrains("accounts of any organization pass".into());
    }
    if !positive(op) {
        return Verdict::Unknown(format!("{} with {}", c.key, c.operator_text));
    }
    if c.operator.if_exists {
        a.advice.push(advice(
            "ORG_ID_IF_EXISTS",
            format!("{} lets every account that belongs to no organization in: the key is absent for it, and ...IfExists then matches", c.operator_text),
            DOC_GLOBAL_KEYS,
        ));
        return Verdict::Constrains("an account in no organization has no aws:PrincipalOrgID and passes (...IfExists)".into());
    }
    let outside: Vec<&String> = vals.iter().filter(|v| has_wildcard(v) || !zone.contains_org(v)).collect();
    if outside.is_empty() {
        return Verdict::Excludes(format!("aws:PrincipalOrgID must be {}: inside the zone of trust", vals.join(", ")));
    }
    let outside_text = outside.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    match orgs::org_id_for(c, zone, a.plan.org.as_ref().map(|p| p.id.as_str())) {
        Some(id) => {
            match &mut a.plan.org {
                Some(p) if p.id == id => p.any = false,
                other => *other = Some(orgs::OrgPlacement::organization(&id)),
            }
            Verdict::Constrains(format!("accounts of organization {outside_text} (outside the zone) pass"))
        }
        None => Verdict::Unknown(format!("sts-sim found no organization id that matches {outside_text}")),
    }
}

/// aws:PrincipalOrgPaths: `o-…/r-…/ou-…/` of the caller's account, multivalued ("AWS global
/// condition context keys"). The witness places its account where a value matches.
fn assess_principal_org_paths(c: &Condition, named_account: Option<&str>, world: &World, zone: &Zone, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let vals = values(c);
    if let Some(v) = known_membership(c, named_account, world, true) {
        return v;
    }
    if negative(op) {
        // ForAnyValue on an absent key is false: the caller needs a path the values miss.
        if c.operator.qualifier == Some(SetQualifier::ForAnyValue) {
            let id = orgs::witness_org_id(world, zone, None);
            let placement = orgs::OrgPlacement { any: true, ..orgs::OrgPlacement::organization(&id) };
            if !holds_for(c, Some(&placement.path(world))) {
                return Verdict::Unknown(format!("sts-sim found no organization path that {} admits", c.operator_text));
            }
            a.plan.org.get_or_insert(placement);
            return Verdict::Constrains("accounts at any other organization path pass".into());
        }
        return Verdict::Constrains("outside accounts have other organization paths, and pass".into());
    }
    if !positive(op) {
        return Verdict::Unknown(format!("{} with {}", c.key, c.operator_text));
    }
    if c.operator.if_exists || c.operator.qualifier == Some(SetQualifier::ForAllValues) {
        return Verdict::Constrains(format!("an account in no organization has no aws:PrincipalOrgPaths and passes ({})", c.operator_text));
    }
    let inside = vals.iter().all(|v| zone.contains_org_path(v));
    if inside {
        return Verdict::Excludes(format!("aws:PrincipalOrgPaths must be under {}: inside the zone of trust", vals.join(", ")));
    }
    match orgs::placement_for_paths(c, world, zone, a.plan.org.as_ref().map(|p| p.id.as_str())) {
        Some(placement) => {
            let path = placement.path(world);
            a.plan.org = Some(placement);
            Verdict::Constrains(format!("accounts at {path} (another organization, outside the zone) pass"))
        }
        None => Verdict::Unknown(format!("sts-sim found no organization path outside the zone that matches {}", vals.join(", "))),
    }
}

/// A service principal's source keys: set when the service calls "on behalf of a resource"
/// ("AWS global condition context keys": aws:SourceAccount, aws:SourceArn, aws:SourceOrgID,
/// aws:SourceOrgPaths; "The confused deputy problem"). Values outside the zone make the witness
/// a service acting for such a resource (the caller's `SourceAccount`, `SourceArn`, …).
fn assess_service(c: &Condition, service: &str, world: &World, zone: &Zone, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let vals = values(c);
    let inside_account = |v: &String| !has_wildcard(v) && zone.contains_account(world, v);
    let source = &mut a.plan.source;
    match c.key_lower.as_str() {
        "aws:sourceaccount" if positive(op) => {
            if vals.iter().all(inside_account) {
                return Verdict::Excludes(format!("aws:SourceAccount must be {}: the service acts only for accounts inside the zone", vals.join(", ")));
            }
            let literal = vals.iter().find(|v| !has_wildcard(v) && !inside_account(v)).cloned();
            let patterns: Vec<String> = vals.iter().filter(|v| has_wildcard(v)).cloned().collect();
            let chosen = literal.or_else(|| patterns.iter().find_map(|p| witness::fresh_account_for(world, zone, std::slice::from_ref(p), &[])));
            match chosen {
                Some(acct) => {
                    source.account = Some(acct.clone());
                    Verdict::Constrains(format!("the service acting for a resource of account {acct}, outside the zone"))
                }
                None => Verdict::Unknown(format!("sts-sim found no account outside the zone that matches {}", vals.join(", "))),
            }
        }
        "aws:sourcearn" if positive(op) => {
            let inside = vals.iter().all(|v| arn_account_resource(v).is_some_and(|(acct, _)| !has_wildcard(acct) && zone.contains_account(world, acct)));
            if inside {
                return Verdict::Excludes(format!("aws:SourceArn must be {}: resources of accounts inside the zone", vals.join(", ")));
            }
            let chosen = vals.iter().find_map(|v| source_arn_instance(v, service, world, zone).filter(|arn| value_matches(c, arn)));
            match chosen {
                Some(arn) => {
                    let text = format!("the service acting for {arn}");
                    source.arn = Some(arn);
                    Verdict::Constrains(text)
                }
                None => Verdict::Unknown(format!("sts-sim found no resource ARN outside the zone that matches {}", vals.join(", "))),
            }
        }
        "aws:sourceorgid" if positive(op) => {
            if vals.iter().all(|v| !has_wildcard(v) && zone.contains_org(v)) {
                return Verdict::Excludes(format!("aws:SourceOrgID must be {}: inside the zone", vals.join(", ")));
            }
            match orgs::org_id_for(c, zone, source.org_id.as_deref()) {
                Some(id) => {
                    source.org_id = Some(id.clone());
                    Verdict::Constrains(format!("the service acting for a resource of organization {id}, outside the zone"))
                }
                None => Verdict::Unknown(format!("sts-sim found no organization id outside the zone that matches {}", vals.join(", "))),
            }
        }
        "aws:sourceorgpaths" if positive(op) => {
            if vals.iter().all(|v| zone.contains_org_path(v)) {
                return Verdict::Excludes(format!("aws:SourceOrgPaths must be under {}: inside the zone", vals.join(", ")));
            }
            match orgs::placement_for_paths(c, world, zone, source.org_id.as_deref()) {
                Some(placement) => {
                    let path = placement.path(world);
                    source.org_id = Some(placement.id.clone());
                    source.org_paths = vec![path.clone()];
                    Verdict::Constrains(format!("the service acting for a resource at {path}, outside the zone"))
                }
                None => Verdict::Unknown(format!("sts-sim found no organization path outside the zone that matches {}", vals.join(", "))),
            }
        }
        "aws:sourceaccount" | "aws:sourcearn" if op == BaseOperator::Null && vals.first().is_some_and(|v| v == "false") => {
            Verdict::Constrains("the service must act for some resource: any account's will do".into())
        }
        _ => Verdict::Unknown(format!("sts-sim does not reason about {} with {} for a service principal", c.key, c.operator_text)),
    }
}

/// A resource ARN the pattern `v` matches, of an account outside the zone: wildcards in the
/// account field filled with a fresh outside account, the others with `example` text. `None`
/// when the ARN names an account inside the zone.
fn source_arn_instance(v: &str, service: &str, world: &World, zone: &Zone) -> Option<String> {
    let parts: Vec<&str> = v.splitn(6, ':').collect();
    let ["arn", partition, svc, region, account, resource] = parts[..] else { return None };
    let account = if has_wildcard(account) {
        witness::fresh_account_for(world, zone, &[account.to_string()], &[])?
    } else if !account.is_empty() && zone.contains_account(world, account) {
        return None;
    } else {
        account.to_string()
    };
    let svc = if svc.chars().all(|c| c == '*') { service.split('.').next().unwrap_or(svc).to_string() } else { example(svc) };
    let region = if region.chars().all(|c| c == '*') && !region.is_empty() { "us-east-1".to_string() } else { example(region) };
    let partition = if partition.chars().all(|c| c == '*') { "aws".to_string() } else { example(partition) };
    Some(format!("arn:{partition}:{svc}:{region}:{account}:{}", example(resource)))
}

fn assess_oidc(c: &Condition, provider_key: &str, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let vals = values(c);
    let first = vals.first().cloned().unwrap_or_default();
    let prefix = format!("{}:", provider_key.to_lowercase());
    let Some(claim) = c.key_lower.strip_prefix(&prefix) else {
        return Verdict::Unknown(format!("sts-sim does not reason about {} for a web identity", c.key));
    };
    let many = c.operator.qualifier.is_some();
    match claim {
        "sub" if positive(op) => {
            // Under StringEquals a `*` is literal: the subject is that very text.
            a.subs.extend(vals.iter().map(|v| (v.clone(), is_like(op))));
            a.plan.claims.insert("sub".into(), json!(literal_or_example(op, &first)));
            Verdict::Constrains(format!("only tokens whose sub matches {}", vals.join(" or ")))
        }
        "sub" if negative(op) => {
            a.plan.claims.insert("sub".into(), json!(outside_value(c, "sts-sim-outsider")));
            Verdict::Constrains(format!("any sub but {}", vals.join(", ")))
        }
        "aud" | "oaud" | "azp" if positive(op) => {
            a.aud_checked |= claim != "azp" || provider_key == "accounts.google.com";
            let name = if claim == "oaud" { "aud" } else { claim };
            a.plan.claims.insert(name.into(), json!(literal_or_example(op, &first)));
            Verdict::Constrains(format!("only tokens issued to {}", vals.join(" or ")))
        }
        "amr" if positive(op) || many => {
            a.plan.claims.insert("amr".into(), json!([example(&first)]));
            Verdict::Constrains(format!("amr must hold {}", vals.join(" or ")))
        }
        _ => Verdict::Unknown(format!("sts-sim does not reason about {} with {}: its tokens give only aud, azp, amr, sub (and oaud for Google) as condition keys", c.key, c.operator_text)),
    }
}

fn assess_saml(c: &Condition, a: &mut Assessment) -> Verdict {
    let op = c.operator.base;
    let vals = values(c);
    let first = vals.first().cloned().unwrap_or_default();
    let key = c.key_lower.as_str();
    if !(positive(op) || (c.operator.qualifier.is_some() && key.starts_with("saml:"))) {
        return Verdict::Unknown(format!("sts-sim does not reason about {} with {} for a SAML caller", c.key, c.operator_text));
    }
    match key {
        "saml:aud" => {
            a.aud_checked = true;
            a.plan.saml_recipient = Some(literal_or_example(op, &first));
            Verdict::Constrains(format!("only assertions for {}", vals.join(" or ")))
        }
        "saml:sub" => {
            a.subs.extend(vals.iter().map(|v| (v.clone(), is_like(op))));
            a.plan.saml_subject = Some(literal_or_example(op, &first));
            Verdict::Constrains(format!("only subjects matching {}", vals.join(" or ")))
        }
        "saml:sub_type" => {
            a.plan.saml_subject_type = Some(example(&first));
            Verdict::Constrains(format!("subject type {}", vals.join(" or ")))
        }
        "saml:iss" => {
            a.plan.saml_issuer = Some(example(&first));
            Verdict::Constrains(format!("issuer {}", vals.join(" or ")))
        }
        _ => match crate::federation::saml::ATTRIBUTE_KEYS.iter().find(|(_, k, _)| *k == key) {
            Some((name, _, _)) => {
                a.plan.saml_attributes.push((name.to_string(), vec![example(&first)]));
                Verdict::Constrains(format!("the IdP asserts {} = {}", c.key, vals.join(" or ")))
            }
            None => Verdict::Unknown(format!("sts-sim does not reason about {} for a SAML caller", c.key)),
        },
    }
}

/// The value a caller presents to satisfy `op` with `value`: the value itself under an exact
/// operator (where `*` is literal), an instance of the pattern under a `...Like` one.
fn literal_or_example(op: BaseOperator, value: &str) -> String {
    if is_like(op) { example(value) } else { value.to_string() }
}

/// A value that none of a negated condition's values match.
fn outside_value(c: &Condition, base: &str) -> String {
    (0..20).map(|i| if i == 0 { base.to_string() } else { format!("{base}-{i}") }).find(|v| !value_matches(c, v)).unwrap_or_else(|| base.to_string())
}

fn ip_inside(range: &str) -> Option<String> {
    use crate::condition::ip::Cidr;
    match Cidr::parse(range)? {
        Cidr::V4 { network, .. } => Some(std::net::Ipv4Addr::from(network).to_string()),
        Cidr::V6 { network, .. } => Some(std::net::Ipv6Addr::from(network).to_string()),
    }
}

fn ip_outside(ranges: &[String]) -> Option<String> {
    use crate::condition::ip::Cidr;
    let cidrs: Vec<Cidr> = ranges.iter().filter_map(|r| Cidr::parse(r)).collect();
    ["192.0.2.1", "198.51.100.7", "203.0.113.9", "100.64.0.1", "8.8.8.8"]
        .into_iter()
        .find(|ip| ip.parse().is_ok_and(|addr| !cidrs.iter().any(|c| c.contains(addr))))
        .map(str::to_string)
}

/// Does a Deny statement reach an outside caller of class `who` for `op`? `None`: it does not;
/// `Some(verdict)`: how it bears on the caller.
fn deny_verdict(d: &Statement, who: &Who, op: Operation, world: &World, zone: &Zone, a: &mut Assessment) -> Option<Verdict> {
    if !grants(d, op) {
        return None;
    }
    let block = d.principal.as_ref()?;
    let listed = |w: &Who| match &block.principals {
        PrincipalSet::Everyone => true,
        PrincipalSet::Listed(es) => es.iter().any(|e| match (e.kind, w) {
            (PrincipalKind::Aws, _) if e.value == "*" => w.is_aws(),
            (PrincipalKind::Aws, w) => w.account().is_some_and(|acct| e.value == acct || e.value == format!("arn:aws:iam::{acct}:root") || e.value == w.principal()),
            (PrincipalKind::Service, Who::Service { name }) => &e.value == name,
            (PrincipalKind::Federated, Who::Oidc { provider, .. } | Who::Saml { provider }) => &e.value == provider,
            _ => false,
        }),
    };
    let applies = if block.negated { !listed(who) } else { listed(who) };
    if !applies {
        return None;
    }
    if d.conditions.is_empty() {
        return Some(Verdict::Excludes(format!("{} denies it", d.path)));
    }
    let mut all_certain = true;
    for c in &d.conditions {
        let op_ = c.operator.base;
        let vals = values(c);
        let key = c.key_lower.as_str();
        let certain = match key {
            "aws:principalorgid" | "aws:sourceorgid" => negative(op_) && vals.iter().all(|v| !has_wildcard(v) && zone.contains_org(v)),
            // A path under a zone organization: every account outside the zone has another path or none.
            "aws:principalorgpaths" | "aws:sourceorgpaths" => {
                negative(op_) && c.operator.qualifier != Some(SetQualifier::ForAnyValue) && vals.iter().all(|v| zone.contains_org_path(v))
            }
            "aws:principalaccount" | "aws:sourceaccount" => negative(op_) && vals.iter().all(|v| !has_wildcard(v) && zone.contains_account(world, v)),
            "aws:principalarn" | "aws:sourcearn" => negative(op_) && vals.iter().all(|v| arn_account_resource(v).is_some_and(|(acct, _)| !has_wildcard(acct) && zone.contains_account(world, acct))),
            _ => false,
        };
        if certain {
            continue;
        }
        all_certain = false;
        // A deny the caller can step around: it names what the caller must then present.
        let first = vals.first().map(String::as_str).unwrap_or_default();
        match (key, op_, first) {
            ("aws:multifactorauthpresent", BaseOperator::Bool, "false") | ("aws:multifactorauthpresent", BaseOperator::Null, "true") => {
                a.plan.mfa = true;
                a.mfa_required = true;
                return Some(Verdict::Constrains(format!("{} denies callers without MFA", d.path)));
            }
            ("sts:externalid", BaseOperator::Null, "true") => {
                a.plan.external_id.get_or_insert_with(|| "sts-sim-any-external-id".into());
                a.external_id_required = true;
                return Some(Verdict::Constrains(format!("{} denies callers without an ExternalId", d.path)));
            }
            _ => {}
        }
    }
    if all_certain {
        return Some(Verdict::Excludes(format!("{} denies every principal outside the zone of trust", d.path)));
    }
    Some(Verdict::Unknown(format!("{} may deny the caller; sts-sim cannot tell whether an outside caller avoids it", d.path)))
}

/// Findings for one trust policy, hosted by `role_arn` of the world `world_json` describes.
pub fn analyze_role(world_json: &Value, world: &World, role: &Role, zone: &Zone, run: &witness::RunOptions) -> Value {
    let policy: &Policy = &role.trust;
    let mut findings = Vec::new();
    let mut inside = Vec::new();
    let mut federated = Vec::new();
    let mut services = Vec::new();
    for st in policy.statements.iter().filter(|s| s.effect == Effect::Allow) {
        for who in principals(st, world, zone, &mut inside) {
            let op = who.operation();
            match &who {
                Who::Oidc { .. } | Who::Saml { .. } if !federated.contains(&who) => federated.push(who.clone()),
                Who::Service { .. } if !services.contains(&who) => services.push(who.clone()),
                _ => {}
            }
            if !grants(st, op) {
                continue;
            }
            let mut a = Assessment {
                plan: Plan::default(),
                conditions: Vec::new(),
                excluded: Vec::new(),
                unknown: Vec::new(),
                external_id_required: false,
                mfa_required: false,
                advice: Vec::new(),
                subs: Vec::new(),
                aud_checked: false,
            };
            for c in &st.conditions {
                let v = assess(c, &who, world, zone, &mut a);
                record(&mut a, c, v);
                operator_advice(c, &mut a.advice);
            }
            for d in policy.statements.iter().filter(|s| s.effect == Effect::Deny) {
                match deny_verdict(d, &who, op, world, zone, &mut a) {
                    None | Some(Verdict::Constrains(_)) => {}
                    Some(Verdict::Excludes(r)) => a.excluded.push(r),
                    Some(Verdict::Unknown(r)) => a.unknown.push(r),
                }
            }
            if !a.excluded.is_empty() {
                inside.push(json!({ "statement": st.path, "principal": who.principal(), "reason": a.excluded.join("; ") }));
                continue;
            }
            findings.push(finding(world_json, world, role, zone, st, &who, a, run));
        }
    }
    let checked = witness::checked_callers(world_json, world, role, zone, &federated, &services, run);
    // No false comfort: an obvious outside caller the simulator accepts is a finding even when
    // the reasoning above did not predict it.
    for c in &checked {
        let explained = findings.iter().any(|f| f["witnessVerified"] == json!(true) && f["kind"].as_str().map(class_of_kind) == c["class"].as_str());
        if c["accepted"] == json!(true) && !explained {
            findings.push(json!({
                "status": "finding", "kind": "ObservedAccess", "statement": null,
                "who": { "principal": c["who"].clone(), "description": "an obvious outside caller the analysis did not predict; the simulator accepted it" },
                "how": c["operation"].clone(), "conditions": [], "externalIdRequired": false, "mfaRequired": false,
                "severity": "high", "advice": [advice("EXTERNAL_ACCESS", "An outside caller can assume this role", DOC_ACCESS_ANALYZER)],
                "witness": c["attempt"].clone(), "witnessVerified": true,
            }));
        }
    }
    let status = if findings.iter().any(|f| f["status"] == "finding") {
        "findings"
    } else if findings.is_empty() {
        "noFindings"
    } else {
        "unknown"
    };
    json!({ "roleArn": role.arn, "status": status, "findings": findings, "insideZone": inside, "checkedCallers": checked })
}

/// Which checked caller a finding kind accounts for (`witness::checked_callers`' `class`).
pub fn class_of_kind(kind: &str) -> &'static str {
    match kind {
        "ServicePrincipal" => "service",
        "OidcProvider" => "oidc",
        "SamlProvider" => "saml",
        _ => "aws",
    }
}

fn record(a: &mut Assessment, c: &Condition, v: Verdict) {
    let (effect, note) = match v {
        Verdict::Excludes(r) => {
            a.excluded.push(r.clone());
            ("excludes", r)
        }
        Verdict::Constrains(r) => ("constrains", r),
        Verdict::Unknown(r) => {
            a.unknown.push(r.clone());
            ("unknown", r)
        }
    };
    a.conditions.push(json!({ "key": c.key, "operator": c.operator_text, "values": values(c), "effect": effect, "note": note }));
}

/// Operator slips the page on condition operators explains: `StringLike` without a wildcard
/// (StringEquals was meant: harmless, but the author expected a pattern) and `StringEquals`
/// with one (the `*` is literal: nothing matches it but that very text).
fn operator_advice(c: &Condition, out: &mut Vec<Value>) {
    let any_wild = c.values.iter().any(|v| has_wildcard(&v.text));
    match c.operator.base {
        BaseOperator::StringLike | BaseOperator::ArnLike if !any_wild => out.push(advice(
            "STRING_LIKE_WITHOUT_WILDCARD",
            format!("{} on {} holds no wildcard: it compares exactly, as StringEquals would; use StringEquals to say so", c.operator_text, c.key),
            DOC_OPERATORS,
        )),
        BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase if any_wild => out.push(advice(
            "STRING_EQUALS_WITH_WILDCARD",
            format!("{} on {} holds a wildcard, which StringEquals compares literally: only that very text matches; use StringLike if a pattern was meant", c.operator_text, c.key),
            DOC_OPERATORS,
        )),
        _ => {}
    }
}

/// How broad a GitHub Actions `sub` pattern is ("Configuring a role for GitHub OIDC identity
/// provider": the condition must limit `sub` to your organization and repository).
fn github_breadth(sub: &str) -> (&'static str, String) {
    let Some(rest) = sub.strip_prefix("repo:") else {
        return if has_wildcard(sub) { ("critical", format!("any repository on GitHub ({sub})")) } else { ("info", format!("tokens whose sub is exactly {sub}")) };
    };
    let (repo, tail) = rest.split_once(':').unwrap_or((rest, ""));
    let (org, name) = repo.split_once('/').unwrap_or((repo, ""));
    if has_wildcard(org) {
        ("critical", format!("workflows of any repository of any GitHub organization ({sub})"))
    } else if has_wildcard(name) {
        ("medium", format!("workflows of any repository of the GitHub organization {org} ({sub})"))
    } else if has_wildcard(tail) || tail.is_empty() {
        ("low", format!("workflows of {repo} on any branch, tag, pull request or environment ({sub})"))
    } else {
        ("info", format!("workflows of {repo} with sub {sub}"))
    }
}

const RANK: [&str; 5] = ["info", "low", "medium", "high", "critical"];

fn max_severity<'a>(a: &'a str, b: &'a str) -> &'a str {
    let r = |s: &str| RANK.iter().position(|x| *x == s).unwrap_or(0);
    if r(b) > r(a) { b } else { a }
}

#[allow(clippy::too_many_arguments)]
fn finding(world_json: &Value, world: &World, role: &Role, zone: &Zone, st: &Statement, who: &Who, mut a: Assessment, run: &witness::RunOptions) -> Value {
    let op = who.operation();
    let (severity, description) = grade(who, &mut a);
    if !matches!(who, Who::Service { .. }) {
        a.advice.push(advice("EXTERNAL_ACCESS", "IAM Access Analyzer reports a trust policy that lets a principal outside the zone of trust assume the role as an external access finding", DOC_ACCESS_ANALYZER));
    }
    let mut out = json!({
        "status": if a.unknown.is_empty() { "finding" } else { "unknown" },
        "kind": who.kind(),
        "statement": st.path,
        "sid": st.sid,
        "who": { "principal": who.principal(), "description": description },
        "how": op.name(),
        "conditions": a.conditions,
        "externalIdRequired": a.external_id_required,
        "mfaRequired": a.mfa_required,
        "severity": severity,
        "advice": a.advice,
    });
    if !a.unknown.is_empty() {
        out["unknown"] = json!(a.unknown);
    }
    match witness::run_finding(world_json, world, role, zone, who, &a.plan, run) {
        Ok(w) => {
            out["witness"] = w.description;
            out["witnessVerified"] = json!(w.accepted);
            if w.accepted {
                out["witnessAnswer"] = w.answer;
                // The simulator accepted the caller: the finding stands, whatever the analysis
                // could not decide.
                if out["status"] == "unknown" {
                    out["status"] = json!("finding");
                    out["decidedBy"] = json!("witness");
                }
            } else {
                out["witnessError"] = w.answer;
            }
        }
        Err(why) => {
            out["witness"] = Value::Null;
            out["witnessVerified"] = json!(false);
            out["witnessNote"] = json!(why);
        }
    }
    out
}

/// Severity and a description of who gets in, with the advice that goes with them.
fn grade(who: &Who, a: &mut Assessment) -> (&'static str, String) {
    let narrowed_to = a.plan.account.clone();
    match who {
        Who::AnyPrincipal { principal } => {
            a.advice.push(advice(
                "ANY_PRINCIPAL",
                format!("{principal} in a trust policy lets principals of every AWS account assume the role unless a condition narrows them: name the accounts, or require aws:PrincipalOrgID"),
                DOC_PRINCIPAL,
            ));
            if let Some(resource) = &a.plan.principal_resource {
                let account = narrowed_to.unwrap_or_else(|| "any account outside the zone".into());
                return ("high", format!("principals named {resource} in {account}, through a wildcard principal narrowed by aws:PrincipalArn"));
            }
            if let Some(acct) = narrowed_to {
                return ("medium", format!("principals of account {acct} (outside the zone), through a wildcard principal narrowed by conditions"));
            }
            match &a.plan.org {
                Some(org) if !org.any => {
                    let place = match &org.pattern {
                        Some(p) => format!("the accounts whose organization path matches {p}"),
                        None => format!("the accounts of organization {}", org.id),
                    };
                    return ("medium", format!("principals of {place} (outside the zone), through a wildcard principal narrowed by conditions"));
                }
                Some(_) | None => {}
            }
            let sev = if a.plan.source_ip.is_some() { "medium" } else if a.external_id_required || a.mfa_required { "high" } else { "critical" };
            // Anyone can create an organization: "any organization" narrows nothing.
            let who = if a.plan.org.is_some() { "any AWS principal of an account in any organization (anyone can create one)" } else { "any AWS principal of any account" };
            (sev, who.into())
        }
        Who::Account { account } => {
            if !a.external_id_required {
                a.advice.push(advice(
                    "EXTERNAL_ID_MISSING",
                    format!("Account {account} is outside the zone of trust and no sts:ExternalId is required: if it is a third party acting for several customers, require the ExternalId it gave you"),
                    DOC_THIRD_PARTY,
                ));
                a.advice.push(advice("CONFUSED_DEPUTY", "Without an ExternalId a third party can be tricked into using its access to this role for another customer", DOC_CONFUSED_DEPUTY));
            }
            (if a.external_id_required { "low" } else { "medium" }, format!("any principal of account {account} its administrators allow to call sts:AssumeRole"))
        }
        Who::User { arn, .. } => ("low", format!("the IAM user {arn}, outside the zone")),
        Who::Role { arn, session, .. } => match session {
            Some(s) => ("low", format!("sessions named {s} of the role {arn}, outside the zone")),
            None => ("low", format!("sessions of the role {arn}, outside the zone")),
        },
        Who::Service { name } if a.plan.source != ServiceSource::default() => {
            let s = &a.plan.source;
            let what = [s.arn.clone(), s.account.as_ref().map(|x| format!("resources of account {x}")), s.org_paths.first().map(|p| format!("resources at {p}")), s.org_id.as_ref().filter(|_| s.org_paths.is_empty()).map(|o| format!("resources of organization {o}"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            a.advice.push(advice(
                "SERVICE_SOURCE_OUTSIDE_ZONE",
                format!("{name} can assume the role when acting for {what}, outside the zone of trust: name only your own resources in aws:SourceArn / aws:SourceAccount / aws:SourceOrgID"),
                DOC_CONFUSED_DEPUTY,
            ));
            ("medium", format!("the service {name} acting for {what} (outside the zone)"))
        }
        Who::Service { name } => {
            a.advice.push(advice(
                "SERVICE_WITHOUT_SOURCE",
                format!("{name} can assume the role when acting for any account: add aws:SourceAccount or aws:SourceArn (or aws:SourceOrgID) naming your own resources"),
                DOC_CONFUSED_DEPUTY,
            ));
            ("medium", format!("the service {name} acting on behalf of any account"))
        }
        Who::Oidc { provider, key } => grade_oidc(provider, key, a),
        Who::Saml { provider } => {
            if !a.aud_checked {
                a.advice.push(advice("SAML_AUD_UNCHECKED", "Compare SAML:aud with the sign-in endpoint (https://signin.aws.amazon.com/saml)", DOC_SAML_KEYS));
            }
            if a.subs.is_empty() {
                ("low", format!("any user the SAML identity provider {provider} vouches for"))
            } else {
                ("info", format!("users of {provider} whose saml:sub matches {}", a.subs.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(" or ")))
            }
        }
    }
}

fn grade_oidc(provider: &str, key: &str, a: &mut Assessment) -> (&'static str, String) {
    let github = key == "token.actions.githubusercontent.com";
    let doc = if github { DOC_GITHUB } else { DOC_OIDC_KEYS };
    if !a.aud_checked {
        let message = if key == "cognito-identity.amazonaws.com" {
            "cognito-identity.amazonaws.com:aud is not checked: identities of every Cognito identity pool, in any account, can assume the role"
        } else if key == "accounts.google.com" {
            "accounts.google.com:aud is not checked: users of any Google OAuth client can assume the role"
        } else {
            "The aud claim is not compared in the trust policy: compare <provider>:aud with your client ID (for GitHub: sts.amazonaws.com)"
        };
        a.advice.push(advice("OIDC_AUD_UNCHECKED", message, DOC_OIDC_KEYS));
    }
    let builtin_open = !a.aud_checked && (key == "cognito-identity.amazonaws.com" || key == "accounts.google.com");
    if a.subs.is_empty() {
        a.advice.push(advice("OIDC_SUB_UNCHECKED", format!("No {key}:sub condition: every identity the provider issues a token to can assume the role; limit sub to your own subjects"), doc));
        // Cognito and Google with the audience pinned: every identity of your own pool or
        // OAuth client, as designed; another provider: every user it has.
        let sev = if github || builtin_open { "critical" } else if matches!(key, "cognito-identity.amazonaws.com" | "accounts.google.com") { "low" } else { "medium" };
        let who = if github { "workflows of any repository on GitHub".to_string() } else { format!("any user of the identity provider {provider}") };
        return (sev, who);
    }
    let mut sev = "info";
    let mut whos = Vec::new();
    for (s, is_pattern) in &a.subs {
        let (level, who) = if !is_pattern && has_wildcard(s) {
            ("info", format!("tokens whose sub is literally {s}"))
        } else if github {
            github_breadth(s)
        } else if s.chars().all(|c| c == '*') {
            ("high", format!("any user of {provider}"))
        } else if has_wildcard(s) {
            ("medium", format!("users of {provider} whose sub matches {s}"))
        } else {
            ("info", format!("the user of {provider} whose sub is {s}"))
        };
        sev = max_severity(sev, level);
        whos.push(who);
    }
    if builtin_open {
        sev = "critical";
    }
    if github && matches!(sev, "critical" | "medium") {
        a.advice.push(advice("GITHUB_SUB_TOO_BROAD", format!("{key}:sub admits {}: limit it to repo:<org>/<repo> and, where you can, a branch or environment", whos.join("; ")), DOC_GITHUB));
    }
    (sev, whos.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_sub_breadth() {
        assert_eq!(github_breadth("repo:*").0, "critical");
        assert_eq!(github_breadth("repo:acme/*").0, "medium");
        assert_eq!(github_breadth("repo:acme/app:*").0, "low");
        assert_eq!(github_breadth("repo:acme/app:ref:refs/heads/main").0, "info");
        assert_eq!(github_breadth("*").0, "critical");
    }

    #[test]
    fn examples_fill_wildcards() {
        assert_eq!(example("ci-*"), "ci-sts-sim");
        assert_eq!(literal_or_example(BaseOperator::StringEquals, "repo:acme/*"), "repo:acme/*");
        assert_eq!(ip_inside("203.0.113.0/24").as_deref(), Some("203.0.113.0"));
        assert_eq!(ip_outside(&["192.0.2.0/24".to_string()]).as_deref(), Some("198.51.100.7"));
    }

    #[test]
    fn severities_order() {
        assert_eq!(max_severity("low", "critical"), "critical");
        assert_eq!(max_severity("medium", "info"), "medium");
    }
}
