//! Policy validation: what IAM, STS and AWS Organizations refuse (errors, with the AWS error
//! code they return) and what IAM Access Analyzer advises (warnings), for each policy kind.
//!
//! Order, as AWS applies it: the size quota first (an oversize document is refused before it
//! is parsed), then the character set, then the grammar (`parse`), then per-kind element rules,
//! then advice. Sources are named at each rule; issue codes follow "IAM policy validation check
//! reference" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
//! where a check exists there.

use super::model::*;
use super::parse::{MALFORMED, parse_policy};
use crate::diag::{Diagnostic, FindingType, Span};
use crate::keys::{self, KeyType};
use crate::condition::{binary, date, ip, numeric};

// ---------------------------------------------------------------------------------------------
// Size quotas
// ---------------------------------------------------------------------------------------------

/// A policy-size quota for one kind of policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeQuota {
    pub max_chars: usize,
    /// IAM does not count white space; Organizations counts every character.
    pub counts_whitespace: bool,
    pub code: &'static str,
    pub aws_error_code: &'static str,
    /// What the quota is called in the documentation.
    pub name: &'static str,
}

/// The size quota for `kind`, or `None` when it depends on the service (resource policies).
///
/// - Identity and permissions-boundary policies are managed policies: 6,144 characters,
///   white space not counted ("IAM and AWS STS quotas, name requirements, and character limits",
///   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; inline policies
///   have per-entity aggregates instead: user 2,048, group 5,120, role 10,240). IAM answers
///   `LimitExceeded`.
/// - Role trust policy length: 2,048 characters by default (adjustable to 4,096), white space
///   not counted (same page; Access Analyzer: "…characters in the role trust policy, excluding
///   whitespace…").
/// - Session policies: "The plaintext that you use for both inline and managed session policies
///   can't exceed 2,048 characters" (AssumeRole API reference,
///   https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html): a length
///   constraint on the parameter, so every character counts and STS answers `ValidationError`.
/// - SCPs and RCPs: 5,120 characters, and "All characters in your SCP count against its maximum
///   size" ("SCP syntax", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html;
///   "Quotas and service limits for AWS Organizations",
///   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
///   Organizations answers `ConstraintViolationException` (reason POLICY_CONTENT_LIMIT_EXCEEDED).
pub fn size_quota(kind: PolicyKind) -> Option<SizeQuota> {
    let q = |max_chars, counts_whitespace, code, aws_error_code, name| {
        Some(SizeQuota { max_chars, counts_whitespace, code, aws_error_code, name })
    };
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary => {
            q(6144, false, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "LimitExceeded", "managed policy size")
        }
        PolicyKind::Trust => q(2048, false, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "LimitExceeded", "role trust policy length"),
        PolicyKind::Session => q(2048, true, "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA", "ValidationError", "session policy plaintext size"),
        PolicyKind::Scp => q(5120, true, "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "ConstraintViolationException", "service control policy size"),
        PolicyKind::Rcp => q(5120, true, "POLICY_SIZE_EXCEEDS_RCP_QUOTA", "ConstraintViolationException", "resource control policy size"),
        PolicyKind::Resource => None,
    }
}

/// The policy's size as the quota counts it: characters (not bytes), without white space when
/// the quota says white space is not counted.
pub fn policy_size(text: &str, counts_whitespace: bool) -> usize {
    if counts_whitespace {
        text.chars().count()
    } else {
        text.chars().filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r')).count()
    }
}

/// A span covering the whole text.
fn whole_text_span(text: &str) -> Span {
    let end = position_of(text, text.len());
    Span { offset: 0, line: 1, column: 1, end_offset: text.len(), end_line: end.0, end_column: end.1 }
}

/// 1-based (line, column) of byte `offset` (a character boundary), counting characters.
fn position_of(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    (line, column)
}

fn kind_label(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity-based policy",
        PolicyKind::Resource => "resource-based policy",
        PolicyKind::Trust => "role trust policy",
        PolicyKind::Boundary => "permissions boundary",
        PolicyKind::Scp => "service control policy (SCP)",
        PolicyKind::Rcp => "resource control policy (RCP)",
        PolicyKind::Session => "session policy",
    }
}

/// Policies stored by IAM or passed to STS.
fn is_iam_kind(kind: PolicyKind) -> bool {
    matches!(kind, PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Trust | PolicyKind::Session)
}

fn is_organizations_kind(kind: PolicyKind) -> bool {
    matches!(kind, PolicyKind::Scp | PolicyKind::Rcp)
}

/// The error code the service that stores `kind` returns for a malformed document
/// (IAM/STS: `MalformedPolicyDocument`; Organizations: `MalformedPolicyDocumentException`).
pub fn malformed_code(kind: PolicyKind) -> &'static str {
    if is_organizations_kind(kind) { "MalformedPolicyDocumentException" } else { MALFORMED }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/// Validates `text` as a policy of `kind`: errors AWS would return, then advice.
pub fn validate_policy(text: &str, kind: PolicyKind) -> Vec<Diagnostic> {
    if let Some(quota) = size_quota(kind) {
        let size = policy_size(text, quota.counts_whitespace);
        if size > quota.max_chars {
            let ws = if quota.counts_whitespace { "" } else { ", excluding whitespace," };
            return vec![Diagnostic::error(
                quota.code,
                quota.aws_error_code,
                format!(
                    "The {size} characters in the {}{ws} exceed the {} character maximum ({}). AWS refuses the document before parsing it.",
                    kind_label(kind),
                    quota.max_chars,
                    quota.name
                ),
                "",
                whole_text_span(text),
            )];
        }
    }
    if is_iam_kind(kind) {
        // "Policy documents can contain only the following Unicode characters: horizontal tab
        // (U+0009), linefeed (U+000A), carriage return (U+000D), and characters in the range
        // U+0020 to U+00FF" (IAM and AWS STS quotas…). It is a pattern constraint on the API
        // parameter, so the answer is a ValidationError.
        if let Some((offset, c)) = text.char_indices().find(|&(_, c)| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}')) {
            let (line, column) = position_of(text, offset);
            let span = Span { offset, line, column, end_offset: offset + c.len_utf8(), end_line: line, end_column: column + 1 };
            return vec![Diagnostic::error(
                "INVALID_CHARACTER",
                "ValidationError",
                format!("The character U+{:04X} is not allowed in a policy document: IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF (write other characters as \\u escapes).", c as u32),
                "",
                span,
            )];
        }
    }
    let parsed = parse_policy(text, kind);
    let mut diagnostics = parsed.diagnostics;
    if let Some(policy) = &parsed.policy {
        diagnostics.extend(advice(policy, kind, text));
    }
    diagnostics
}

// ---------------------------------------------------------------------------------------------
// Per-kind element rules (called by the parser for each statement)
// ---------------------------------------------------------------------------------------------

/// One of Principal/NotPrincipal, Action/NotAction, Resource/NotResource as seen in a statement.
#[derive(Clone, Copy, Debug)]
pub struct SeenElement {
    pub negated: bool,
    pub key_span: Span,
    pub value_span: Span,
    /// The value is the string `"*"`.
    pub is_star: bool,
}

/// Which elements a statement carries, for the per-kind rules.
#[derive(Clone, Debug)]
pub struct ElementsSeen {
    pub kind: PolicyKind,
    pub path: String,
    pub span: Span,
    pub sid: Option<(String, Span)>,
    pub effect: Option<Effect>,
    pub effect_span: Option<Span>,
    pub principal: Option<SeenElement>,
    pub action: Option<SeenElement>,
    pub resource: Option<SeenElement>,
    pub condition: Option<Span>,
}

impl ElementsSeen {
    pub fn new(kind: PolicyKind, path: String, span: Span) -> ElementsSeen {
        ElementsSeen { kind, path, span, sid: None, effect: None, effect_span: None, principal: None, action: None, resource: None, condition: None }
    }
}

fn elem_name(e: &SeenElement, plain: &'static str, not: &'static str) -> &'static str {
    if e.negated { not } else { plain }
}

/// The element rules of each policy kind, for one statement.
pub fn check_statement_elements(s: &ElementsSeen) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = s.kind;
    let aws = malformed_code(kind);
    let at = |name: &str| format!("{}.{name}", s.path);
    let mut err = |code: &str, message: String, path: String, span: Span| out.push(Diagnostic::error(code, aws, message, path, span));

    // Sid: "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed
    // characters in the Sid value" (policy grammar, sid_string; IAM JSON policy elements: Sid).
    if let Some((sid, span)) = &s.sid
        && is_iam_kind(kind)
        && !sid.chars().all(|c| c.is_ascii_alphanumeric())
    {
        err(
            "UNSUPPORTED_SID",
            format!("The Sid \"{sid}\" is not valid in an {}: use only the characters A-Z, a-z and 0-9.", kind_label(kind)),
            at("Sid"),
            *span,
        );
    }

    match kind {
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session => {
            // "The principal_block element … must not be included in identity-based policies"
            // (policy grammar notes); IAM: "Policy document should not specify a principal."
            if let Some(p) = &s.principal {
                let name = elem_name(p, "Principal", "NotPrincipal");
                err(
                    "UNSUPPORTED_PRINCIPAL",
                    format!("The policy type {} does not support the {name} element (IAM: \"Policy document should not specify a principal\"). Remove the {name} element.", kind_label(kind)),
                    at(name),
                    p.key_span,
                );
            }
        }
        PolicyKind::Resource => {}
        PolicyKind::Trust => {
            // "You cannot use the NotPrincipal element in an IAM identity-based policy or in an
            // IAM role trust policy" (AWS JSON policy elements: NotPrincipal).
            if let Some(p) = &s.principal {
                if p.negated {
                    err(
                        "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
                        "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.".to_string(),
                        at("NotPrincipal"),
                        p.key_span,
                    );
                } else if p.is_star {
                    // Access Analyzer error "Role trust policy unsupported wildcard in principal".
                    err(
                        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                        "\"Principal\": \"*\" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.".to_string(),
                        at("Principal"),
                        p.value_span,
                    );
                }
            }
            // The role is the resource; IAM: "Has prohibited field Resource".
            if let Some(r) = &s.resource {
                let name = elem_name(r, "Resource", "NotResource");
                err(
                    "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                    format!("Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the {name} element."),
                    at(name),
                    r.key_span,
                );
            }
        }
        PolicyKind::Scp => {
            // "SCP syntax": Principal and NotPrincipal are not SCP elements. Since September 2025
            // SCPs accept the rest of the IAM language (conditions and resource ARNs in Allow
            // statements, NotAction with Allow, NotResource, wildcards anywhere in actions):
            // "Unlock new possibilities: AWS Organizations service control policy now supports
            // full IAM language" (AWS Security Blog).
            if let Some(p) = &s.principal {
                let name = elem_name(p, "Principal", "NotPrincipal");
                err(
                    "SCP_SYNTAX_ERROR_PRINCIPAL",
                    format!("SCPs do not support specifying principals. Remove the {name} element."),
                    at(name),
                    p.key_span,
                );
            }
        }
        PolicyKind::Rcp => {
            // "RCP syntax" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html):
            // elements are Version, Statement, Sid, Effect, Principal, Action, Resource,
            // NotResource, Condition; "You can only specify "*" in the Principal element of an
            // RCP"; "For RCPs that you create, the value must be Deny" ("The effect of Allow is
            // only supported for the RCPFullAWSAccess policy"); NotPrincipal and NotAction are
            // unsupported. Issue codes and messages: Access Analyzer "RCP syntax error
            // principal", "RCP syntax error allow", "RCP syntax error NotAction".
            if let Some(p) = s.principal
                && (p.negated || !p.is_star)
            {
                err(
                    "RCP_SYNTAX_ERROR_PRINCIPAL",
                    "The Principal element contents are not valid. RCPs only support specifying all principals (\"*\") in the Principal element. The NotPrincipal element is not supported for RCPs.".to_string(),
                    at(elem_name(&p, "Principal", "NotPrincipal")),
                    if p.negated { p.key_span } else { p.value_span },
                );
            }
            if let Some(a) = s.action.filter(|a| a.negated) {
                err("RCP_SYNTAX_ERROR_NOTACTION", "RCPs do not support the NotAction element. Update to use the Action element.".to_string(), at("NotAction"), a.key_span);
            }
            if let (Some(Effect::Allow), Some(span)) = (s.effect, s.effect_span) {
                err(
                    "RCP_SYNTAX_ERROR_ALLOW",
                    "RCPs that you create support only the Deny effect: Allow is reserved for the AWS-managed RCPFullAWSAccess policy, which is attached at every level and cannot be detached.".to_string(),
                    at("Effect"),
                    span,
                );
            }
        }
    }

    // Required elements.
    let needs_principal = matches!(kind, PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp);
    if needs_principal && s.principal.is_none() {
        // "The principal_block element is required in resource-based policies … and in trust
        // policies for IAM roles" (policy grammar notes).
        err("MISSING_PRINCIPAL", "The statement has no Principal element. Add a Principal element to the policy statement.".to_string(), s.path.clone(), s.span);
    }
    let needs_resource = matches!(kind, PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Resource | PolicyKind::Rcp);
    if needs_resource && s.resource.is_none() {
        // resource_block is required by the grammar; IAM: "Policy statement must contain resources."
        err("MISSING_RESOURCE", "The statement has no Resource or NotResource element. Add one to the policy statement.".to_string(), s.path.clone(), s.span);
    }
    if let Some((sid, span)) = &s.sid
        && sid.is_empty()
    {
        out.push(Diagnostic::warning(FindingType::Suggestion, "EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", at("Sid"), *span));
    }
    out
}

/// Duplicate Sids: IAM requires unique Sids ("In IAM, the Sid value must be unique within a
/// JSON policy" — IAM JSON policy elements: Sid); for other kinds Access Analyzer recommends it.
pub fn duplicate_sid(kind: PolicyKind, sid: &str, path: String, span: Span) -> Diagnostic {
    if is_iam_kind(kind) {
        Diagnostic::error(
            "UNIQUE_SIDS_REQUIRED",
            MALFORMED,
            format!("The Sid \"{sid}\" is used by more than one statement. Duplicate statement IDs are not supported for this policy type. Update the Sid value."),
            path,
            span,
        )
    } else {
        Diagnostic::warning(
            FindingType::Warning,
            "UNIQUE_SIDS_RECOMMENDED",
            format!("The Sid \"{sid}\" is used by more than one statement. We recommend that you use statement IDs that are unique to your policy."),
            path,
            span,
        )
    }
}

/// Policy-level rules that need the whole parsed policy (all errors).
pub fn check_policy(policy: &Policy, kind: PolicyKind, version_span: Option<Span>, root_span: Span) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if is_organizations_kind(kind) && policy.version != PolicyVersion::V2012_10_17 {
        // "Every SCP must include a Version element with the value "2012-10-17"" (SCP syntax;
        // the RCP syntax page says the same for RCPs).
        let (code, span) = match version_span {
            Some(span) => ("INVALID_VERSION", span),
            None => ("MISSING_VERSION", root_span),
        };
        out.push(Diagnostic::error(
            code,
            malformed_code(kind),
            format!("Every {} must include a Version element with the value \"2012-10-17\".", kind_label(kind)),
            if version_span.is_some() { "Version" } else { "" },
            span,
        ));
    }
    if kind == PolicyKind::Rcp {
        // "RCP syntax": "You cannot use "*" in the Action element of a customer managed RCP and
        // have to specify the abbreviation for the service"; Access Analyzer "RCP syntax error
        // action": "RCPs only support specifying select service prefixes in the Action element"
        // (the "List of AWS services that support RCPs", RCP_SERVICE_PREFIXES). Allow and
        // NotAction statements are already errors.
        for s in policy.statements.iter().filter(|s| s.effect == Effect::Deny && !s.action.negated) {
            for p in &s.action.patterns {
                let prefix = p.source().split_once(':').map(|(svc, _)| svc.to_ascii_lowercase());
                if !prefix.is_some_and(|svc| RCP_SERVICE_PREFIXES.contains(&svc.as_str())) {
                    out.push(Diagnostic::error(
                        "RCP_SYNTAX_ERROR_ACTION",
                        malformed_code(kind),
                        format!(
                            "RCPs only support specifying select service prefixes in the Action element: \"{}\" does not name one of the services that support RCPs.",
                            p.source()
                        ),
                        s.path.clone() + ".Action",
                        s.action.span,
                    ));
                }
            }
        }
    }
    if kind == PolicyKind::Trust {
        for s in &policy.statements {
            if s.action.negated {
                continue;
            }
            for p in &s.action.patterns {
                // IAM: "AssumeRole policy may only specify STS AssumeRole actions." The actions a
                // trust policy grants are the AssumeRole family plus the session permissions
                // ("Passing session tags in AWS STS": sts:TagSession; "Monitor and control
                // actions taken with assumed roles": sts:SetSourceIdentity; sts:SetContext).
                if !TRUST_ACTIONS.iter().any(|a| p.matches(a, &crate::wildcard::NoVariables)) {
                    out.push(Diagnostic::error(
                        "TRUST_POLICY_INVALID_ACTION",
                        MALFORMED,
                        format!(
                            "The action \"{}\" is not valid in a role trust policy. IAM: \"AssumeRole policy may only specify STS AssumeRole actions\" ({}).",
                            p.source(),
                            TRUST_ACTIONS.join(", ")
                        ),
                        s.path.clone() + ".Action",
                        s.action.span,
                    ));
                }
            }
        }
    }
    out
}

/// Service prefixes RCPs apply to: "List of AWS services that support RCPs" in "Resource
/// control policies (RCPs)" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services).
/// AWS adds services to this list over time.
pub const RCP_SERVICE_PREFIXES: [&str; 62] = [
    "aoss", "appconfig", "appstream", "autoscaling", "autoscaling-plans", "budgets", "clouddirectory", "cloudfront",
    "cloudsearch", "cloudtrail-data", "codeartifact", "codebuild", "codecommit", "codepipeline", "cognito-identity",
    "cognito-idp", "comprehend", "comprehendmedical", "compute-optimizer", "cost-optimization-hub", "dax", "dsql",
    "dynamodb", "ecr", "ecr-public", "events", "firehose", "fis", "fms", "gamelift", "health", "inspector-scan",
    "kendra", "kinesisvideo", "kms", "logs", "memorydb", "networkmonitor", "notifications", "opensearch",
    "pca-connector-ad", "personalize", "polly", "pricing", "resource-groups", "rolesanywhere", "s3",
    "secretsmanager", "servicediscovery", "signin", "sqs", "sts", "support", "swf", "textract",
    "timestream-influxdb", "transcribe", "transfer", "translate", "wafv2", "workspaces", "xray",
];

/// Actions a role trust policy may name. No AWS page lists them as such: these are the three
/// AssumeRole operations and the actions the Service Authorization Reference (AWS STS, Actions
/// table) gives as AssumeRole's dependent actions (sts:SetContext, sts:SetSourceIdentity,
/// sts:TagSession), which service trust policies in the AWS docs grant alongside sts:AssumeRole.
pub const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

// ---------------------------------------------------------------------------------------------
// Advice (warnings) on a policy AWS would accept
// ---------------------------------------------------------------------------------------------

fn advice(policy: &Policy, kind: PolicyKind, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let warn = |out: &mut Vec<Diagnostic>, ft: FindingType, code: &str, message: String, path: &str, span: Span| {
        out.push(Diagnostic::warning(ft, code, message, path, span));
    };
    if policy.version == PolicyVersion::Absent && !is_organizations_kind(kind) {
        // Access Analyzer general warning MISSING_VERSION.
        warn(
            &mut out,
            FindingType::Warning,
            "MISSING_VERSION",
            "The policy has no Version element, so it is read as 2008-10-17 and policy variables are not substituted. We recommend \"Version\": \"2012-10-17\".".to_string(),
            "",
            whole_text_span(text),
        );
    }
    let mut signatures: Vec<(String, usize)> = Vec::new();
    for s in &policy.statements {
        // Security warning ALLOW_WITH_NOT_PRINCIPAL ("NotPrincipal must be used with
        // "Effect":"Deny". Using it with "Effect":"Allow" is not supported" — NotPrincipal page).
        if let Some(p) = &s.principal
            && p.negated
            && s.effect == Effect::Allow
        {
            warn(
                &mut out,
                FindingType::SecurityWarning,
                "ALLOW_WITH_NOT_PRINCIPAL",
                "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.".to_string(),
                &format!("{}.NotPrincipal", s.path),
                p.span,
            );
        }
        // A trust policy that lets any AWS principal assume the role, with no condition
        // ("We strongly recommend that you do not use a wildcard (*) in the Principal element …
        // This is especially true for IAM role trust policies" — AWS JSON policy elements: Principal).
        // Access Analyzer has no such check (its trust-policy error is only for the bare
        // `"Principal": "*"`), so this finding is ours and says so.
        if kind == PolicyKind::Trust
            && s.effect == Effect::Allow
            && s.conditions.is_empty()
            && let Some(p) = &s.principal
            && let PrincipalSet::Listed(entries) = &p.principals
            && let Some(e) = entries.iter().find(|e| e.kind == PrincipalKind::Aws && e.value == "*")
        {
            warn(
                &mut out,
                FindingType::SecurityWarning,
                "TRUST_POLICY_ANY_PRINCIPAL_WITHOUT_CONDITION",
                "sts-sim advice (not an Access Analyzer check): \"AWS\": \"*\" without a Condition lets any AWS principal in any account assume this role. Name the intended principals, or restrict them with conditions such as aws:PrincipalOrgID or sts:ExternalId.".to_string(),
                &format!("{}.Principal.AWS", s.path),
                e.span,
            );
        }
        if policy.version != PolicyVersion::V2012_10_17
            && let Some(r) = &s.resource
            && let Some(p) = r.patterns.iter().find(|p| p.source().contains("${"))
        {
            // Access Analyzer "Variable unsupported in version"; IAM accepts the policy but
            // reads the variable as literal text (IAM JSON policy elements: Version).
            warn(
                &mut out,
                FindingType::Warning,
                "VARIABLE_UNSUPPORTED_IN_VERSION",
                format!("\"{}\" looks like it uses a policy variable, but variables are substituted only under Version 2012-10-17; here it is matched literally.", p.source()),
                &format!("{}.{}", s.path, if r.negated { "NotResource" } else { "Resource" }),
                r.span,
            );
        }
        for c in &s.conditions {
            condition_advice(c, &mut out);
        }
        // Suggestion REDUNDANT_STATEMENT: another statement grants or denies exactly the same.
        let sig = statement_signature(s);
        if let Some((_, first)) = signatures.iter().find(|(other, _)| *other == sig) {
            warn(
                &mut out,
                FindingType::Suggestion,
                "REDUNDANT_STATEMENT",
                format!("This statement is identical to statement {first} (apart from its Sid): the statements are redundant because they provide identical permissions. Remove one."),
                &s.path,
                s.span,
            );
        } else {
            signatures.push((sig, s.index));
        }
    }
    out
}

/// Everything that decides what a statement does, as text (Sid excluded).
fn statement_signature(s: &Statement) -> String {
    let mut sig = format!("{:?}|", s.effect);
    if let Some(p) = &s.principal {
        sig += &format!("P{}:", p.negated);
        match &p.principals {
            PrincipalSet::Everyone => sig += "*",
            PrincipalSet::Listed(entries) => {
                let mut v: Vec<String> = entries.iter().map(|e| format!("{:?}={}", e.kind, e.value)).collect();
                v.sort_unstable();
                sig += &v.join(",");
            }
        }
    }
    let mut actions: Vec<String> = s.action.patterns.iter().map(|p| p.source().to_lowercase()).collect();
    actions.sort_unstable();
    sig += &format!("|A{}:{}", s.action.negated, actions.join(","));
    if let Some(r) = &s.resource {
        let mut v: Vec<&str> = r.patterns.iter().map(|p| p.source()).collect();
        v.sort_unstable();
        sig += &format!("|R{}:{}", r.negated, v.join(","));
    }
    let mut conds: Vec<String> = s
        .conditions
        .iter()
        .map(|c| {
            let mut vals: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
            vals.sort_unstable();
            format!("{}|{}|{}", c.operator.name(), c.key_lower, vals.join(","))
        })
        .collect();
    conds.sort_unstable();
    sig + "|C" + &conds.join(";")
}

/// Which operator families suit a key of this documented type. ARN keys may also be compared
/// with string operators ("The ARN is considered a string" — Condition operators, ARN section).
fn families_for(ty: KeyType) -> &'static [KeyType] {
    match ty {
        KeyType::Arn => &[KeyType::Arn, KeyType::String],
        KeyType::String => &[KeyType::String],
        KeyType::Numeric => &[KeyType::Numeric],
        KeyType::Date => &[KeyType::Date],
        KeyType::Bool => &[KeyType::Bool],
        KeyType::IpAddress => &[KeyType::IpAddress],
        KeyType::Binary => &[KeyType::Binary],
    }
}

fn family_operators(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "String",
        KeyType::Arn => "Arn (or String)",
        KeyType::Numeric => "Numeric",
        KeyType::Date => "Date",
        KeyType::Bool => "Bool",
        KeyType::IpAddress => "IpAddress",
        KeyType::Binary => "Binary",
    }
}

fn condition_advice(c: &Condition, out: &mut Vec<Diagnostic>) {
    let fam = c.operator.base.value_type();
    let op = &c.operator_text;
    let key = keys::lookup(&c.key_lower);
    if key.is_none() && keys::is_global_namespace(&c.key_lower) {
        // Access Analyzer reports unknown aws: keys (INVALID_GLOBAL_CONDITION_KEY); IAM
        // accepts them, and a key that is never in the request context never matches.
        out.push(Diagnostic::warning(
            FindingType::Warning,
            "UNKNOWN_GLOBAL_CONDITION_KEY",
            format!("The condition key {} is not a documented AWS global condition key (check its spelling): a key absent from the request context never matches.", c.key),
            c.path.clone(),
            c.span,
        ));
    }
    if let Some(k) = key {
        if fam.is_some_and(|f| !families_for(k.ty).contains(&f)) {
            // Access Analyzer general warning TYPE_MISMATCH.
            out.push(Diagnostic::warning(
                FindingType::Warning,
                "TYPE_MISMATCH",
                format!("Use the operator type {} instead of operator {op} for the condition key {} (its data type is {:?}).", family_operators(k.ty), c.key, k.ty),
                c.path.clone(),
                c.span,
            ));
        }
        if c.operator.qualifier == Some(SetQualifier::ForAllValues) && !k.multi_valued {
            // Access Analyzer security warning FORALLVALUES_WITH_SINGLE_VALUED_KEY.
            out.push(Diagnostic::warning(
                FindingType::SecurityWarning,
                "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                format!("Using ForAllValues qualifier with the single-valued condition key {} can be overly permissive (it also matches when the key is absent). We recommend that you remove ForAllValues:.", c.key),
                c.path.clone(),
                c.span,
            ));
        }
        if c.operator.qualifier.is_none() && k.multi_valued && fam.is_some() {
            // Access Analyzer MISSING_QUALIFIER (an error finding there; IAM accepts the policy).
            out.push(Diagnostic::warning(
                FindingType::Warning,
                "MISSING_QUALIFIER",
                format!("The request context key {} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.", c.key),
                c.path.clone(),
                c.span,
            ));
        }
    }
    for v in &c.values {
        // Policy variables are resolved at evaluation time; their value cannot be checked here.
        if v.text.contains("${") {
            continue;
        }
        let bad = match fam {
            Some(KeyType::Bool) | None if !v.text.eq_ignore_ascii_case("true") && !v.text.eq_ignore_ascii_case("false") => Some((
                "TYPE_MISMATCH_BOOLEAN",
                format!("\"{}\" is not a Boolean. Add a valid Boolean value (true or false) for the condition operator {op}.", v.text),
            )),
            Some(KeyType::Numeric) if numeric::parse_number(&v.text).is_none() => {
                Some(("TYPE_MISMATCH_NUMBER", format!("\"{}\" is not a number. Add a valid numeric value for the condition operator {op}.", v.text)))
            }
            Some(KeyType::Date) if date::parse_date(&v.text).is_none() => Some((
                "TYPE_MISMATCH_DATE",
                format!("\"{}\" is not a date. Specify a valid date using YYYY-MM-DD or another ISO 8601 date/time format, or epoch seconds.", v.text),
            )),
            Some(KeyType::IpAddress) if ip::Cidr::parse(&v.text).is_none() => Some((
                "TYPE_MISMATCH_IP_RANGE",
                format!("The condition operator {op} is used with an invalid IP range value \"{}\". Specify the IP range in standard CIDR format.", v.text),
            )),
            Some(KeyType::Binary) if binary::decode_base64(&v.text).is_none() => Some((
                "TYPE_MISMATCH_STRING",
                format!("\"{}\" is not base64. Add a valid base64-encoded string value for the condition operator {op}.", v.text),
            )),
            Some(KeyType::String)
                if matches!(
                    c.operator.base,
                    BaseOperator::StringEquals | BaseOperator::StringNotEquals | BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase
                ) && (v.text.contains('*') || v.text.contains('?')) =>
            {
                Some((
                    "WILDCARD_WITHOUT_LIKE_OPERATOR",
                    format!("The value \"{}\" includes a * or ? character, which {op} compares literally. If you meant to use a wildcard (*, ?), update the condition operator to include Like.", v.text),
                ))
            }
            _ => None,
        };
        if let Some((code, message)) = bad {
            let path = c.path.clone();
            out.push(Diagnostic::warning(FindingType::Warning, code, message, path, v.span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, kind: PolicyKind) -> Vec<String> {
        validate_policy(text, kind).into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn sizes() {
        assert_eq!(policy_size("{ \"a\" :\n\t1 }", false), 7);
        assert_eq!(policy_size("{ \"a\" :\n\t1 }", true), 12);
        assert_eq!(policy_size("é", true), 1);
    }

    #[test]
    fn oversize_is_refused_before_parsing() {
        let text = format!("{{\"x\": \"{}\"", "a".repeat(7000));
        assert_eq!(codes(&text, PolicyKind::Identity), ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"]);
        assert_eq!(codes(&text, PolicyKind::Resource), ["JSON_SYNTAX_ERROR"]);
    }

    /// Validation accepts exactly the values the evaluator can read (one parser for both).
    #[test]
    fn values() {
        let is_date = |s: &str| date::parse_date(s).is_some();
        let is_ip_range = |s: &str| ip::Cidr::parse(s).is_some();
        let is_number = |s: &str| numeric::parse_number(s).is_some();
        let is_base64 = |s: &str| binary::decode_base64(s).is_some();
        assert!(is_date("2019-07-16") && is_date("2019-07-16T12:00:00Z") && is_date("2019-07-16T12:00:00.123+02:00") && is_date("1563278400"));
        assert!(!is_date("16/07/2019") && !is_date("yesterday") && !is_date(""));
        assert!(is_ip_range("203.0.113.0/24") && is_ip_range("2001:db8::/32") && is_ip_range("10.0.0.1"));
        assert!(!is_ip_range("10.0.0.0/33") && !is_ip_range("10.0.0/8") && !is_ip_range("x"));
        assert!(is_number("3600") && is_number("-1.5") && !is_number("NaN") && !is_number("inf") && !is_number("ten"));
        assert!(is_base64("QmluYXJ5") && is_base64("QmluYXJ5eQ") && !is_base64("Qmlu!XJ5") && !is_base64("Q"));
    }

    #[test]
    fn trust_actions() {
        let ok = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
        assert!(codes(ok, PolicyKind::Trust).is_empty());
        let bad = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}}"#;
        assert_eq!(codes(bad, PolicyKind::Trust), ["TRUST_POLICY_INVALID_ACTION"]);
    }
}
