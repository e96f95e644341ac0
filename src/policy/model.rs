//! The IAM policy language as types: what `parse` produces and `eval` consumes. A value of
//! these types is always a well-formed policy; every string pattern is already compiled.
//! Reference: "IAM JSON policy element reference" and "Grammar of the IAM JSON policy language".

use crate::diag::Span;
use crate::keys::KeyType;
use crate::wildcard::Pattern;

/// Which kind of policy a document is; decides per-kind rules (size limits, required and
/// forbidden elements). See "IAM and AWS STS quotas" and the SCP/RCP syntax pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    Identity,
    Resource,
    Trust,
    Boundary,
    Scp,
    Rcp,
    Session,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 7] = [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust, PolicyKind::Boundary, PolicyKind::Scp, PolicyKind::Rcp, PolicyKind::Session];

    /// The lower-case name the API uses (`options.kind`), as serialised.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::Session => "session",
        }
    }

    /// The kind `name` names (exactly, as `name` writes it).
    pub fn from_name(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyVersion {
    V2012_10_17,
    V2008_10_17,
    /// No Version element: behaves as 2008-10-17 (no policy variables).
    Absent,
}

impl PolicyVersion {
    /// Policy variables are substituted only under 2012-10-17.
    pub fn supports_variables(self) -> bool {
        self == PolicyVersion::V2012_10_17
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub version: PolicyVersion,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Position in the Statement array (0 when Statement is a single object).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Principal` (negated = false) or `NotPrincipal` (negated = true); absent in identity policies.
    pub principal: Option<PrincipalBlock>,
    /// `Action` / `NotAction`. Every valid statement has one.
    pub action: ActionBlock,
    /// `Resource` / `NotResource`; absent in trust policies (the role is the resource).
    pub resource: Option<ResourceBlock>,
    /// Every condition must hold (AND across operators and keys).
    pub conditions: Vec<Condition>,
    /// JSON path of the statement, e.g. `Statement[2]`.
    pub path: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalBlock {
    pub negated: bool,
    pub principals: PrincipalSet,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PrincipalSet {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    Everyone,
    Listed(Vec<PrincipalEntry>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PrincipalKind {
    #[serde(rename = "AWS")]
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalEntry {
    pub kind: PrincipalKind,
    /// As written: `"*"`, `"123456789012"`, an ARN, `"ec2.amazonaws.com"`, a provider ARN…
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionBlock {
    pub negated: bool,
    /// Case-insensitive patterns (`service:Action*`, or `*`).
    pub patterns: Vec<Pattern>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceBlock {
    pub negated: bool,
    /// Case-sensitive patterns, with policy variables under 2012-10-17.
    pub patterns: Vec<Pattern>,
    pub span: Span,
}

/// Set qualifier of a condition operator ("Multivalued context keys").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// The base condition operators (IAM JSON policy elements: Condition operators).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl BaseOperator {
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BaseOperator::StringEquals => "StringEquals",
            BaseOperator::StringNotEquals => "StringNotEquals",
            BaseOperator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOperator::StringLike => "StringLike",
            BaseOperator::StringNotLike => "StringNotLike",
            BaseOperator::NumericEquals => "NumericEquals",
            BaseOperator::NumericNotEquals => "NumericNotEquals",
            BaseOperator::NumericLessThan => "NumericLessThan",
            BaseOperator::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOperator::NumericGreaterThan => "NumericGreaterThan",
            BaseOperator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOperator::DateEquals => "DateEquals",
            BaseOperator::DateNotEquals => "DateNotEquals",
            BaseOperator::DateLessThan => "DateLessThan",
            BaseOperator::DateLessThanEquals => "DateLessThanEquals",
            BaseOperator::DateGreaterThan => "DateGreaterThan",
            BaseOperator::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOperator::Bool => "Bool",
            BaseOperator::BinaryEquals => "BinaryEquals",
            BaseOperator::IpAddress => "IpAddress",
            BaseOperator::NotIpAddress => "NotIpAddress",
            BaseOperator::ArnEquals => "ArnEquals",
            BaseOperator::ArnLike => "ArnLike",
            BaseOperator::ArnNotEquals => "ArnNotEquals",
            BaseOperator::ArnNotLike => "ArnNotLike",
            BaseOperator::Null => "Null",
        }
    }

    /// The data type the operator compares ("Condition operators"); `None` for `Null`, which
    /// only tests presence.
    pub fn value_type(self) -> Option<KeyType> {
        use BaseOperator::*;
        Some(match self {
            StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase | StringLike | StringNotLike => KeyType::String,
            NumericEquals | NumericNotEquals | NumericLessThan | NumericLessThanEquals | NumericGreaterThan | NumericGreaterThanEquals => {
                KeyType::Numeric
            }
            DateEquals | DateNotEquals | DateLessThan | DateLessThanEquals | DateGreaterThan | DateGreaterThanEquals => KeyType::Date,
            Bool => KeyType::Bool,
            BinaryEquals => KeyType::Binary,
            IpAddress | NotIpAddress => KeyType::IpAddress,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => KeyType::Arn,
            Null => return None,
        })
    }

    /// The operator with exactly this (canonical) name.
    pub fn from_name(name: &str) -> Option<BaseOperator> {
        BaseOperator::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// `[ForAllValues:|ForAnyValue:]BaseOperator[IfExists]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionOperator {
    pub qualifier: Option<SetQualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

impl ConditionOperator {
    /// The canonical spelling, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn name(&self) -> String {
        let q = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        format!("{q}{}{}", self.base.name(), if self.if_exists { "IfExists" } else { "" })
    }
}

/// One operator + one key + its values (OR across values).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub operator: ConditionOperator,
    /// The operator as written in the policy.
    pub operator_text: String,
    /// The condition key as written (e.g. `aws:PrincipalTag/team`).
    pub key: String,
    /// Lower-cased key: keys are case-insensitive.
    pub key_lower: String,
    /// The values as JSON scalars rendered to text (`true`, `3600`, `"abc"` → `abc`).
    pub values: Vec<ConditionValue>,
    pub path: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConditionValue {
    pub text: String,
    /// How the value was written in JSON (string, number or boolean), for type warnings.
    pub json_type: JsonScalarType,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonScalarType {
    String,
    Number,
    Boolean,
}
