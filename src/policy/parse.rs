//! Parsing policy text into the typed model (`Policy`), with a diagnostic for every departure
//! from the policy grammar. Per-kind element rules (which elements a trust policy, an SCP… may
//! or must carry) come from `validate::check_statement_elements`.
//!
//! Grammar: "Grammar of the IAM JSON policy language"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) and the
//! "IAM JSON policy element reference" pages. Issue codes follow IAM Access Analyzer's policy
//! check reference (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
//! where it has one.

use super::model::*;
use super::validate::{ElementsSeen, SeenElement, check_policy, check_statement_elements, duplicate_sid, malformed_code};
use crate::diag::{Diagnostic, FindingType, Span};
use crate::json::{self, JsonMember, JsonNode, JsonValue};
use crate::wildcard::{Pattern, PatternSyntax};

/// The AWS error code IAM returns for a policy it cannot accept.
pub const MALFORMED: &str = "MalformedPolicyDocument";

/// The outcome of parsing: the policy when there is no error, and every diagnostic found.
#[derive(Clone, Debug)]
pub struct PolicyParse {
    /// `Some` exactly when `diagnostics` holds no error.
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyParse {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses `text` as a policy of `kind`. Reports as many problems as it can in one pass (every
/// statement is checked even after an error), in document order.
pub fn parse_policy(text: &str, kind: PolicyKind) -> PolicyParse {
    let mut p = Parser { kind, diagnostics: Vec::new(), version_span: None, sids: Vec::new() };
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            // Access Analyzer: "Fix the JSON syntax error at index {{index}} line {{line}} column {{column}}."
            let d = Diagnostic::error("JSON_SYNTAX_ERROR", MALFORMED, format!("The policy is not valid JSON: {}.", e.message), "", e.span);
            return PolicyParse { policy: None, diagnostics: vec![d] };
        }
    };
    let mut policy = p.policy(&root);
    if p.error_count() == 0
        && let Some(policy) = &policy
    {
        p.diagnostics.extend(check_policy(policy, kind, p.version_span, root.span));
    }
    if p.error_count() > 0 {
        policy = None;
    }
    // Organizations names its error differently from IAM.
    let aws = malformed_code(kind);
    for d in &mut p.diagnostics {
        if d.aws_error_code.as_deref() == Some(MALFORMED) {
            d.aws_error_code = Some(aws.to_string());
        }
    }
    PolicyParse { policy, diagnostics: p.diagnostics }
}

const ACTION_SYNTAX: PatternSyntax = PatternSyntax { wildcards: true, variables: false, case_insensitive: true };

struct Parser {
    kind: PolicyKind,
    diagnostics: Vec<Diagnostic>,
    version_span: Option<Span>,
    /// Sids seen so far, for the uniqueness rule.
    sids: Vec<String>,
}

/// `Statement[0]` + `Effect` → `Statement[0].Effect`.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

impl Parser {
    fn error(&mut self, code: &str, message: impl Into<String>, path: impl Into<String>, span: Span) {
        self.diagnostics.push(Diagnostic::error(code, MALFORMED, message, path, span));
    }

    fn suggestion(&mut self, code: &str, message: impl Into<String>, path: impl Into<String>, span: Span) {
        self.diagnostics.push(Diagnostic::warning(FindingType::Suggestion, code, message, path, span));
    }

    fn type_error(&mut self, element: &str, expected: &str, node: &JsonNode, path: impl Into<String>) {
        // Access Analyzer DATA_TYPE_MISMATCH: "The text does not match the expected JSON data type".
        self.error(
            "DATA_TYPE_MISMATCH",
            format!("{element} must be {expected}, but it is {}.", node.value.type_name()),
            path,
            node.span,
        );
    }

    /// The members of an object, first occurrence of each name; every later occurrence is a
    /// DUPLICATE_KEY error ("Individual elements must not contain multiple instances of the
    /// same key" — policy grammar notes).
    fn unique_members<'a>(&mut self, members: &'a [JsonMember], path: &str) -> Vec<&'a JsonMember> {
        let mut out: Vec<&JsonMember> = Vec::with_capacity(members.len());
        for m in members {
            if out.iter().any(|seen| seen.key == m.key) {
                self.error(
                    "DUPLICATE_KEY",
                    format!("The key \"{}\" appears more than once in the same object; JSON policy elements must not repeat a key.", m.key),
                    join(path, &m.key),
                    m.key_span,
                );
            } else {
                out.push(m);
            }
        }
        out
    }

    /// Element names are matched exactly as the policy grammar spells them. The IAM pages say
    /// "The Effect value is case sensitive" and that condition keys are not, but say nothing
    /// about the case of element names: reading them case-sensitively is our choice.
    fn unknown_element(&mut self, m: &JsonMember, known: &[&str], path: &str) {
        let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(&m.key)) {
            Some(k) => format!(" Element names are case-sensitive: did you mean \"{k}\"?"),
            None => format!(" Valid elements here are {}.", known.join(", ")),
        };
        self.error(
            "INVALID_POLICY_ELEMENT",
            format!("The policy element \"{}\" is not valid.{hint}", m.key),
            join(path, &m.key),
            m.key_span,
        );
    }

    fn policy(&mut self, root: &JsonNode) -> Option<Policy> {
        let JsonValue::Object(members) = &root.value else {
            self.type_error("A policy document", "a JSON object", root, "");
            return None;
        };
        let members = self.unique_members(members, "");
        let mut version = PolicyVersion::Absent;
        let mut id = None;
        let mut statement: Option<&JsonMember> = None;
        for m in members {
            match m.key.as_str() {
                "Version" => {
                    self.version_span = Some(m.value.span);
                    version = self.version(&m.value).unwrap_or(PolicyVersion::Absent);
                }
                "Id" => match &m.value.value {
                    JsonValue::String(s) => id = Some(s.clone()),
                    _ => self.type_error("Id", "a string", &m.value, "Id"),
                },
                "Statement" => statement = Some(m),
                _ => self.unknown_element(m, &["Version", "Id", "Statement"], ""),
            }
        }
        let Some(statement) = statement else {
            self.error("MISSING_STATEMENT", "The policy has no Statement element. Add a statement to the policy.", "", root.span);
            return None;
        };
        let mut statements = Vec::new();
        match &statement.value.value {
            JsonValue::Object(_) => statements.extend(self.statement(&statement.value, 0, "Statement".to_string(), version)),
            JsonValue::Array(items) if items.is_empty() => {
                self.error("MISSING_STATEMENT", "The Statement array is empty. Add a statement to the policy.", "Statement", statement.value.span);
            }
            JsonValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("Statement[{i}]");
                    if let JsonValue::Object(_) = item.value {
                        statements.extend(self.statement(item, i, path, version));
                    } else {
                        self.type_error("Each statement", "a JSON object", item, path);
                    }
                }
            }
            _ => self.type_error("Statement", "an object or an array of objects", &statement.value, "Statement"),
        }
        Some(Policy { version, id, statements })
    }

    /// "IAM JSON policy elements: Version": only 2012-10-17 and 2008-10-17 exist.
    fn version(&mut self, node: &JsonNode) -> Option<PolicyVersion> {
        match &node.value {
            JsonValue::String(s) if s == "2012-10-17" => Some(PolicyVersion::V2012_10_17),
            JsonValue::String(s) if s == "2008-10-17" => Some(PolicyVersion::V2008_10_17),
            JsonValue::String(s) => {
                self.error(
                    "INVALID_VERSION",
                    format!("The version \"{s}\" is not valid. Use one of the following versions: 2012-10-17, 2008-10-17."),
                    "Version",
                    node.span,
                );
                None
            }
            _ => {
                self.type_error("Version", "the string \"2012-10-17\" or \"2008-10-17\"", node, "Version");
                None
            }
        }
    }

    fn statement(&mut self, node: &JsonNode, index: usize, path: String, version: PolicyVersion) -> Option<Statement> {
        let JsonValue::Object(members) = &node.value else { return None };
        let errors_before = self.error_count();
        let members = self.unique_members(members, &path);
        const KNOWN: [&str; 9] =
            ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<PrincipalBlock> = None;
        let mut action: Option<ActionBlock> = None;
        let mut resource: Option<ResourceBlock> = None;
        let mut conditions = Vec::new();
        let mut seen = ElementsSeen::new(self.kind, path.clone(), node.span);
        for m in &members {
            let elem_path = join(&path, &m.key);
            match m.key.as_str() {
                "Sid" => match &m.value.value {
                    JsonValue::String(s) => {
                        if !s.is_empty() && self.sids.contains(s) {
                            let d = duplicate_sid(self.kind, s, elem_path, m.value.span);
                            self.diagnostics.push(d);
                        } else {
                            self.sids.push(s.clone());
                        }
                        sid = Some(s.clone());
                        seen.sid = Some((s.clone(), m.value.span));
                    }
                    _ => self.type_error("Sid", "a string", &m.value, elem_path),
                },
                "Effect" => {
                    seen.effect_span = Some(m.value.span);
                    effect = self.effect(&m.value, elem_path);
                    seen.effect = effect;
                }
                "Principal" | "NotPrincipal" => {
                    let negated = m.key == "NotPrincipal";
                    if let Some(prev) = seen.principal {
                        self.combination(if prev.negated { "NotPrincipal" } else { "Principal" }, &m.key, &path, m.key_span);
                        continue;
                    }
                    let block = self.principal(&m.value, negated, &elem_path);
                    seen.principal = Some(SeenElement {
                        negated,
                        key_span: m.key_span,
                        value_span: m.value.span,
                        is_star: m.value.value.as_str() == Some("*"),
                    });
                    principal = block;
                }
                "Action" | "NotAction" => {
                    let negated = m.key == "NotAction";
                    if let Some(prev) = seen.action {
                        self.combination(if prev.negated { "NotAction" } else { "Action" }, &m.key, &path, m.key_span);
                        continue;
                    }
                    seen.action = Some(SeenElement {
                        negated,
                        key_span: m.key_span,
                        value_span: m.value.span,
                        is_star: m.value.value.as_str() == Some("*"),
                    });
                    action = self.action(&m.value, negated, &elem_path);
                }
                "Resource" | "NotResource" => {
                    let negated = m.key == "NotResource";
                    if let Some(prev) = seen.resource {
                        self.combination(if prev.negated { "NotResource" } else { "Resource" }, &m.key, &path, m.key_span);
                        continue;
                    }
                    seen.resource = Some(SeenElement {
                        negated,
                        key_span: m.key_span,
                        value_span: m.value.span,
                        is_star: m.value.value.as_str() == Some("*"),
                    });
                    resource = self.resource(&m.value, negated, &elem_path, version);
                }
                "Condition" => {
                    seen.condition = Some(m.value.span);
                    conditions = self.condition_block(&m.value, &elem_path);
                }
                _ => self.unknown_element(m, &KNOWN, &path),
            }
        }
        if seen.effect_span.is_none() {
            // "The Effect element is required" — IAM JSON policy elements: Effect.
            self.error(
                "MISSING_EFFECT",
                "The statement has no Effect element. Add an Effect element with a value of Allow or Deny.",
                path.clone(),
                node.span,
            );
        }
        if seen.action.is_none() {
            self.error("MISSING_ACTION", "The statement has no Action or NotAction element. Add one to the statement.", path.clone(), node.span);
        }
        let kind_diagnostics = check_statement_elements(&seen);
        self.diagnostics.extend(kind_diagnostics);
        if self.error_count() > errors_before {
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            principal,
            action: action?,
            resource,
            conditions,
            path,
            span: node.span,
        })
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Access Analyzer UNSUPPORTED_ELEMENT_COMBINATION: e.g. Action and NotAction together.
    fn combination(&mut self, first: &str, second: &str, path: &str, span: Span) {
        self.error(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            format!("The policy elements {first} and {second} can not be used in the same statement. Remove one of these elements."),
            join(path, second),
            span,
        );
    }

    /// "Valid values for Effect are Allow and Deny. The Effect value is case sensitive."
    fn effect(&mut self, node: &JsonNode, path: String) -> Option<Effect> {
        match node.value.as_str() {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            Some(other) => {
                let hint = if other.eq_ignore_ascii_case("allow") || other.eq_ignore_ascii_case("deny") {
                    " The value is case-sensitive."
                } else {
                    ""
                };
                self.error("INVALID_EFFECT", format!("The effect \"{other}\" is not valid. Use Allow or Deny.{hint}"), path, node.span);
                None
            }
            None => {
                self.error(
                    "INVALID_EFFECT",
                    format!("The effect must be the string \"Allow\" or \"Deny\", but it is {}.", node.value.type_name()),
                    path,
                    node.span,
                );
                None
            }
        }
    }

    /// A string or an array of strings (Action, Resource, principal ids). An empty array is
    /// allowed (Access Analyzer only suggests removing it), so it yields `Some(vec![])`.
    fn string_list<'a>(&mut self, element: &str, node: &'a JsonNode, path: &str) -> Option<Vec<(&'a str, Span, String)>> {
        match &node.value {
            JsonValue::String(s) => Some(vec![(s.as_str(), node.span, path.to_string())]),
            JsonValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    match &item.value {
                        JsonValue::String(s) => out.push((s.as_str(), item.span, item_path)),
                        _ => {
                            self.type_error(&format!("Each value of {element}"), "a string", item, item_path);
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.type_error(element, "a string or an array of strings", node, path);
                None
            }
        }
    }

    fn action(&mut self, node: &JsonNode, negated: bool, path: &str) -> Option<ActionBlock> {
        let element = if negated { "NotAction" } else { "Action" };
        let values = self.string_list(element, node, path)?;
        if values.is_empty() {
            self.suggestion(
                "EMPTY_ARRAY_ACTION",
                format!("The {element} array is empty: this statement includes no actions and does not affect the policy. Specify actions."),
                path,
                node.span,
            );
        }
        let mut ok = true;
        let mut patterns = Vec::with_capacity(values.len());
        for (text, span, item_path) in values {
            if let Err(why) = check_action_format(text) {
                self.error("INVALID_ACTION_FORMAT", format!("The action \"{text}\" is not valid: {why}"), item_path, span);
                ok = false;
                continue;
            }
            patterns.push(Pattern::compile(text, ACTION_SYNTAX));
        }
        ok.then_some(ActionBlock { negated, patterns, span: node.span })
    }

    fn resource(&mut self, node: &JsonNode, negated: bool, path: &str, version: PolicyVersion) -> Option<ResourceBlock> {
        let element = if negated { "NotResource" } else { "Resource" };
        let values = self.string_list(element, node, path)?;
        if values.is_empty() {
            self.suggestion(
                "EMPTY_ARRAY_RESOURCE",
                format!("The {element} array is empty: this statement includes no resources and does not affect the policy. Specify resources."),
                path,
                node.span,
            );
        }
        let syntax = PatternSyntax { wildcards: true, variables: version.supports_variables(), case_insensitive: false };
        let mut ok = true;
        let mut patterns = Vec::with_capacity(values.len());
        for (text, span, item_path) in values {
            if let Some((code, why)) = check_resource_format(text) {
                self.error(code, format!("The resource \"{text}\" is not valid: {why}"), item_path, span);
                ok = false;
                continue;
            }
            patterns.push(Pattern::compile_resource(text, syntax));
        }
        ok.then_some(ResourceBlock { negated, patterns, span: node.span })
    }

    /// `"*"` or `{ "AWS" | "Service" | "Federated" | "CanonicalUser": string | [string] }`
    /// ("AWS JSON policy elements: Principal").
    fn principal(&mut self, node: &JsonNode, negated: bool, path: &str) -> Option<PrincipalBlock> {
        let element = if negated { "NotPrincipal" } else { "Principal" };
        let members = match &node.value {
            JsonValue::String(s) if s == "*" => {
                return Some(PrincipalBlock { negated, principals: PrincipalSet::Everyone, span: node.span });
            }
            JsonValue::String(s) => {
                self.error(
                    "INVALID_PRINCIPAL_FORMAT",
                    format!("The {element} element contents are not valid: \"{s}\" is neither \"*\" nor an object. Specify a key-value pair such as {{\"AWS\": \"{s}\"}}."),
                    path,
                    node.span,
                );
                return None;
            }
            JsonValue::Object(members) => members,
            _ => {
                self.type_error(element, "\"*\" or an object", node, path);
                return None;
            }
        };
        let members = self.unique_members(members, path);
        if members.is_empty() {
            self.suggestion(
                "EMPTY_OBJECT_PRINCIPAL",
                format!("The {element} object is empty: this statement includes no principals and does not affect the policy. Specify principals."),
                path,
                node.span,
            );
        }
        let mut ok = true;
        let mut entries = Vec::new();
        for m in members {
            let kind = match m.key.as_str() {
                "AWS" => PrincipalKind::Aws,
                "Service" => PrincipalKind::Service,
                "Federated" => PrincipalKind::Federated,
                "CanonicalUser" => PrincipalKind::CanonicalUser,
                other => {
                    self.error(
                        "INVALID_PRINCIPAL_KEY",
                        format!("The principal key \"{other}\" is not valid. Use AWS, Service, Federated or CanonicalUser."),
                        join(path, other),
                        m.key_span,
                    );
                    ok = false;
                    continue;
                }
            };
            let key_path = join(path, &m.key);
            let Some(values) = self.string_list(&format!("{element}.{}", m.key), &m.value, &key_path) else {
                ok = false;
                continue;
            };
            if values.is_empty() {
                self.suggestion(
                    "EMPTY_ARRAY_PRINCIPAL",
                    format!("The {element}.{} array is empty: this statement includes no principals of that type. Specify principals.", m.key),
                    key_path.clone(),
                    m.value.span,
                );
            }
            for (value, span, item_path) in values {
                if let Err((code, why)) = check_principal_value(kind, value) {
                    self.error(code, format!("Invalid principal in policy: \"{}\":\"{value}\". {why}", m.key), item_path, span);
                    ok = false;
                    continue;
                }
                entries.push(PrincipalEntry { kind, value: value.to_string(), span });
            }
        }
        ok.then_some(PrincipalBlock { negated, principals: PrincipalSet::Listed(entries), span: node.span })
    }

    /// `{ operator: { key: value | [values] } }` ("IAM JSON policy elements: Condition").
    fn condition_block(&mut self, node: &JsonNode, path: &str) -> Vec<Condition> {
        let JsonValue::Object(members) = &node.value else {
            self.type_error("Condition", "an object of condition operators", node, path);
            return Vec::new();
        };
        let members = self.unique_members(members, path);
        if members.is_empty() {
            self.suggestion(
                "EMPTY_OBJECT_CONDITION",
                "This condition block is empty and it does not affect the policy. Specify conditions.",
                path,
                node.span,
            );
        }
        let mut out = Vec::new();
        for m in members {
            let op_path = join(path, &m.key);
            let operator = match parse_operator(&m.key) {
                Some(op) => op,
                None => {
                    self.error(
                        "INVALID_CONDITION_OPERATOR",
                        format!("The condition operator \"{}\" is not valid. Use a valid condition operator, optionally prefixed with ForAllValues: or ForAnyValue: and suffixed with IfExists.", m.key),
                        op_path,
                        m.key_span,
                    );
                    continue;
                }
            };
            if operator.base == BaseOperator::Null && operator.if_exists {
                // Access Analyzer NULL_WITH_IF_EXISTS (an error finding).
                self.error(
                    "NULL_WITH_IF_EXISTS",
                    "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.",
                    op_path.clone(),
                    m.key_span,
                );
                continue;
            }
            if operator.base == BaseOperator::Null && operator.qualifier.is_some() {
                self.suggestion(
                    "NULL_WITH_QUALIFIER",
                    "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.",
                    op_path.clone(),
                    m.key_span,
                );
            }
            let JsonValue::Object(keys) = &m.value.value else {
                self.type_error(&format!("The value of condition operator {}", m.key), "an object of condition keys", &m.value, op_path);
                continue;
            };
            let keys = self.unique_members(keys, &op_path);
            if keys.is_empty() {
                self.suggestion(
                    "EMPTY_OBJECT_CONDITION",
                    format!("The condition operator {} has no condition keys and does not affect the policy. Specify conditions.", m.key),
                    op_path.clone(),
                    m.value.span,
                );
            }
            let mut seen_lower: Vec<String> = Vec::new();
            for k in keys {
                let key_path = join(&op_path, &k.key);
                let key_lower = k.key.to_lowercase();
                if seen_lower.contains(&key_lower) {
                    // Condition keys are case-insensitive, so these name the same key.
                    self.error(
                        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                        format!("The condition key {} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.", k.key),
                        key_path,
                        k.key_span,
                    );
                    continue;
                }
                seen_lower.push(key_lower.clone());
                if !valid_condition_key(&k.key) {
                    // IAM: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
                    self.error(
                        "INVALID_CONDITION_KEY_FORMAT",
                        format!("The condition key \"{}\" is not valid. Use the format service:keyname.", k.key),
                        key_path,
                        k.key_span,
                    );
                    continue;
                }
                let Some(values) = self.condition_values(&k.value, &key_path) else { continue };
                if values.is_empty() {
                    let (code, message) = empty_condition_message(&operator, &k.key);
                    self.suggestion(code, message, key_path.clone(), k.value.span);
                }
                out.push(Condition {
                    operator,
                    operator_text: m.key.clone(),
                    key: k.key.clone(),
                    key_lower,
                    values,
                    path: key_path,
                    span: Span { end_offset: k.value.span.end_offset, end_line: k.value.span.end_line, end_column: k.value.span.end_column, ..k.key_span },
                });
            }
        }
        out
    }

    /// A scalar or an array of scalars; strings, numbers and booleans are all allowed ("Values
    /// are enclosed in quotation marks. Quotation marks are optional for numeric and Boolean values").
    fn condition_values(&mut self, node: &JsonNode, path: &str) -> Option<Vec<ConditionValue>> {
        let items: Vec<(&JsonNode, String)> = match &node.value {
            JsonValue::Array(items) => items.iter().enumerate().map(|(i, n)| (n, format!("{path}[{i}]"))).collect(),
            _ => vec![(node, path.to_string())],
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (item, item_path) in items {
            let (text, json_type) = match &item.value {
                JsonValue::String(s) => (s.clone(), JsonScalarType::String),
                JsonValue::Number(n) => (n.clone(), JsonScalarType::Number),
                JsonValue::Bool(b) => (b.to_string(), JsonScalarType::Boolean),
                _ => {
                    self.type_error("A condition value", "a string, a number or a boolean", item, item_path);
                    ok = false;
                    continue;
                }
            };
            out.push(ConditionValue { text, json_type, span: item.span });
        }
        ok.then_some(out)
    }
}

/// `[ForAllValues:|ForAnyValue:]Base[IfExists]`, exactly as the operator reference spells it.
/// "Condition operators" does not say whether operator names are case-sensitive; matching them
/// exactly (so `stringequals` is an unknown operator) is our choice, as for element names.
pub fn parse_operator(text: &str) -> Option<ConditionOperator> {
    let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, text)
    };
    if let Some(base) = BaseOperator::from_name(rest) {
        return Some(ConditionOperator { qualifier, base, if_exists: false });
    }
    let base = BaseOperator::from_name(rest.strip_suffix("IfExists")?)?;
    Some(ConditionOperator { qualifier, base, if_exists: true })
}

/// IAM rejects actions that are not `*` or `service:action` ("Actions/Conditions must be
/// prefaced by a vendor"; "Actions/Condition can contain only one colon").
fn check_action_format(text: &str) -> Result<(), &'static str> {
    if text == "*" {
        return Ok(());
    }
    let Some((service, action)) = text.split_once(':') else {
        return Err("an action must be \"*\" or be prefaced by a service prefix, as in \"s3:GetObject\".");
    };
    if service.is_empty() {
        return Err("the service prefix before ':' is empty.");
    }
    if action.is_empty() {
        return Err("the action name after ':' is empty.");
    }
    if action.contains(':') {
        return Err("an action can contain only one colon.");
    }
    if text.chars().any(char::is_whitespace) {
        return Err("an action cannot contain white space.");
    }
    Ok(())
}

/// IAM requires a resource to be `*` or in ARN format ("Resource … must be in ARN format or
/// \"*\""); Access Analyzer's INVALID_ARN_PREFIX / MISSING_ARN_FIELD. Wildcards and policy
/// variables may stand anywhere, so only the prefix and the number of fields are checked.
fn check_resource_format(text: &str) -> Option<(&'static str, String)> {
    if text == "*" {
        return None;
    }
    if !text.starts_with("arn:") {
        return Some(("INVALID_ARN_PREFIX", "a resource must be \"*\" or an ARN starting with \"arn:\".".to_string()));
    }
    // A `*` may stand for several trailing fields (`arn:aws:s3:::*` has six, `arn:*` stands
    // for all ARNs), so only a pattern without wildcards must show all six fields.
    let fields = text.splitn(6, ':').count();
    if fields < 6 && !text.contains('*') {
        return Some((
            "MISSING_ARN_FIELD",
            format!("it has {fields} of the six fields of arn:partition:service:region:account:resource."),
        ));
    }
    None
}

/// Checks one principal value's format ("AWS JSON policy elements: Principal"): the only
/// wildcard allowed is a bare `*`, meaning everyone.
fn check_principal_value(kind: PrincipalKind, value: &str) -> Result<(), (&'static str, String)> {
    if value.is_empty() {
        return Err(("INVALID_PRINCIPAL_FORMAT", "A principal value cannot be empty.".to_string()));
    }
    if value != "*" && (value.contains('*') || value.contains('?')) {
        let key = match kind {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        };
        return Err((
            "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            format!("Wildcards (*, ?) are not supported with the principal key {key}; only a bare \"*\" (everyone) is. Use the aws:PrincipalArn condition key with ArnLike to match principals by pattern."),
        ));
    }
    if kind == PrincipalKind::Aws && value != "*" {
        // An account ID, an ARN, or (for a principal that was deleted) its unique ID, which IAM
        // keeps in place of the ARN.
        let unique_id = value.len() >= 16 && value.starts_with('A') && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !(crate::arn::is_account_id(value) || value.starts_with("arn:") || unique_id) {
            return Err((
                "INVALID_PRINCIPAL_FORMAT",
                "An AWS principal must be \"*\", a 12-digit account ID, or an ARN such as arn:aws:iam::123456789012:role/name.".to_string(),
            ));
        }
        if value.starts_with("arn:")
            && let Err(e) = crate::arn::Arn::parse(value)
        {
            return Err(("INVALID_PRINCIPAL_FORMAT", format!("The principal ARN is not valid: {e}.")));
        }
    }
    Ok(())
}

/// A condition key names a service (or `aws`) before a colon.
fn valid_condition_key(key: &str) -> bool {
    matches!(key.split_once(':'), Some((service, name)) if !service.is_empty() && !name.is_empty())
}

fn empty_condition_message(op: &ConditionOperator, key: &str) -> (&'static str, String) {
    match (op.qualifier, op.if_exists) {
        (Some(SetQualifier::ForAllValues), _) => (
            "EMPTY_ARRAY_CONDITION_FORALLVALUES",
            format!("The ForAllValues prefix with an empty condition key matches only if the key {key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead."),
        ),
        (Some(SetQualifier::ForAnyValue), _) => (
            "EMPTY_ARRAY_CONDITION_FORANYVALUE",
            format!("The ForAnyValue prefix with an empty condition key {key} never matches the request context and it does not affect the policy. Specify conditions."),
        ),
        (None, true) => (
            "EMPTY_ARRAY_CONDITION_IFEXISTS",
            format!("The IfExists suffix with an empty condition key matches only if the key {key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead."),
        ),
        (None, false) => (
            "EMPTY_ARRAY_CONDITION",
            format!("There are no values for the condition key {key} and it does not affect the policy. Specify conditions."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, kind: PolicyKind) -> Vec<String> {
        parse_policy(text, kind).diagnostics.into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn operators() {
        let op = parse_operator("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(op.base, BaseOperator::StringLike);
        assert!(op.if_exists);
        assert_eq!(op.name(), "ForAnyValue:StringLikeIfExists");
        assert!(parse_operator("StringEquals").is_some());
        assert!(parse_operator("stringequals").is_none());
        assert!(parse_operator("ForAllValues:").is_none());
        assert!(parse_operator("IfExists").is_none());
        assert!(parse_operator("StringEqualsIfExistsIfExists").is_none());
    }

    #[test]
    fn a_valid_identity_policy_parses() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}"#;
        let parsed = parse_policy(text, PolicyKind::Identity);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let policy = parsed.policy.unwrap();
        let s = &policy.statements[0];
        assert_eq!(s.path, "Statement[0]");
        assert_eq!(s.effect, Effect::Allow);
        assert!(s.action.patterns[0].matches("s3:getobject", &crate::wildcard::NoVariables));
        assert!(s.resource.as_ref().unwrap().patterns[0].has_variables());
        assert_eq!(s.conditions.len(), 2);
        assert_eq!(s.conditions[0].values[0].text, "true");
        assert_eq!(s.conditions[0].values[0].json_type, JsonScalarType::Boolean);
        assert_eq!(s.conditions[1].values[0].text, "3600");
        assert_eq!(s.conditions[1].path, "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge");
    }

    #[test]
    fn variables_only_under_2012() {
        let text = r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}"#;
        let policy = parse_policy(text, PolicyKind::Identity).policy.unwrap();
        assert_eq!(policy.statements[0].path, "Statement");
        assert!(!policy.statements[0].resource.as_ref().unwrap().patterns[0].has_variables());
    }

    #[test]
    fn errors_are_collected_across_statements() {
        let text = r#"{"Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"},{"Action":"s3","Resource":"bucket"}]}"#;
        assert_eq!(codes(text, PolicyKind::Identity), ["INVALID_EFFECT", "INVALID_ACTION_FORMAT", "INVALID_ARN_PREFIX", "MISSING_EFFECT"]);
        assert!(parse_policy(text, PolicyKind::Identity).policy.is_none());
    }

    #[test]
    fn resource_formats() {
        assert!(check_resource_format("*").is_none());
        assert!(check_resource_format("arn:aws:s3:::b").is_none());
        assert!(check_resource_format("arn:*").is_none());
        assert_eq!(check_resource_format("arn:aws:s3").unwrap().0, "MISSING_ARN_FIELD");
        assert_eq!(check_resource_format("bucket").unwrap().0, "INVALID_ARN_PREFIX");
    }
}
