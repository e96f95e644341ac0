//! Diagnostics: what every front end shows for a problem in a policy, a world or a request.
//! Shaped after IAM Access Analyzer's policy-validation findings (a finding type, an issue code,
//! a message, and a location as a JSON path plus a line/column span in the source text).

use serde::Serialize;

/// Where a value sits in the source text. Lines and columns are 1-based; offsets are byte
/// offsets into the UTF-8 source. A diagnostic about an object given as a value (not text)
/// carries line/column 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
    #[serde(rename = "endOffset")]
    pub end_offset: usize,
    #[serde(rename = "endLine")]
    pub end_line: u32,
    #[serde(rename = "endColumn")]
    pub end_column: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Access Analyzer's finding types. `Error` findings are what IAM itself rejects
/// (MalformedPolicyDocument / LimitExceeded); the others are advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingType {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(rename = "findingType")]
    pub finding_type: FindingType,
    /// Stable, SCREAMING_SNAKE_CASE issue code (e.g. `MISSING_EFFECT`, `UNKNOWN_GLOBAL_CONDITION_KEY`).
    pub code: String,
    /// The AWS error code this maps to when IAM/STS would reject the input
    /// (e.g. `MalformedPolicyDocument`, `LimitExceeded`, `ValidationError`).
    #[serde(rename = "awsErrorCode", skip_serializing_if = "Option::is_none")]
    pub aws_error_code: Option<String>,
    pub message: String,
    /// JSON path of the element, e.g. `Statement[0].Condition.StringEquals`.
    pub path: String,
    #[serde(flatten)]
    pub span: Span,
}

impl Diagnostic {
    pub fn error(code: &str, aws_error_code: &str, message: impl Into<String>, path: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            finding_type: FindingType::Error,
            code: code.to_string(),
            aws_error_code: Some(aws_error_code.to_string()),
            message: message.into(),
            path: path.into(),
            span,
        }
    }

    pub fn warning(finding_type: FindingType, code: &str, message: impl Into<String>, path: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            finding_type,
            code: code.to_string(),
            aws_error_code: None,
            message: message.into(),
            path: path.into(),
            span,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
