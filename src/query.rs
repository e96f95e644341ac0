//! The AWS Query protocol as STS speaks it: an HTTP request (`Action=AssumeRole&Version=2011-06-15&…`
//! in a form-encoded POST body or a GET query string) becomes an operation name and its parameters
//! as JSON with botocore's member names; a result or an error becomes STS's XML answer.
//!
//! Sources: botocore's STS model (`botocore/data/sts/2011-06-15/service-2.json`, commit
//! 0e6e2404b85dc336dd2889814e089bde7d1a4c55: shapes, member names, `resultWrapper`s, error
//! traits), "Common Parameters" and "Common Errors" of the AWS STS API Reference
//! (https://docs.aws.amazon.com/STS/latest/APIReference/CommonParameters.html,
//! https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html), and the answers STS is
//! publicly seen to give (each cited where used). Pure: no I/O, no clock.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// STS's API version: the only `Version` it serves.
pub const API_VERSION: &str = "2011-06-15";
/// `xmlNamespace` of the STS model.
pub const XML_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// The largest request body read. AWS documents no size limit for STS requests; its largest
/// parameter is `SAMLAssertion` (`SAMLAssertionType`, max 100,000 characters), which form
/// encoding can triple. 1 MiB holds that with room to spare; larger bodies are refused before
/// parsing with `RequestEntityTooLargeException` (413, "Common Errors").
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// An HTTP request as it arrives: `url` is either origin-form (`/?Action=…`) or absolute
/// (`https://sts.amazonaws.com/?Action=…`); header names keep their case and may repeat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: String,
}

impl HttpRequest {
    /// `(authority, path-and-query)`: the authority only for an absolute URL.
    fn split_url(&self) -> (Option<&str>, &str) {
        for scheme in ["https://", "http://"] {
            if let Some(rest) = self.url.strip_prefix(scheme) {
                return match rest.find(['/', '?']) {
                    Some(i) => (rest.get(..i), rest.get(i..).unwrap_or("")),
                    None => (Some(rest), ""),
                };
            }
        }
        (None, self.url.as_str())
    }

    /// The path as sent (still percent-encoded); `/` when empty.
    pub fn path(&self) -> &str {
        let (_, pq) = self.split_url();
        let path = pq.split_once('?').map_or(pq, |(p, _)| p);
        let path = path.split_once('#').map_or(path, |(p, _)| p);
        if path.is_empty() { "/" } else { path }
    }

    /// The raw query string (without `?`), empty when there is none.
    pub fn query(&self) -> &str {
        let (_, pq) = self.split_url();
        let q = pq.split_once('?').map_or("", |(_, q)| q);
        q.split_once('#').map_or(q, |(q, _)| q)
    }

    /// Every value of a header, in order (names compare case-insensitively).
    pub fn header_values<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).next()
    }

    /// The host the request is for: an absolute URL's authority, else the `Host` header
    /// (RFC 9112 §3.2.2: a server receiving an absolute-form target ignores the Host header and
    /// uses the target's authority).
    pub fn host(&self) -> Option<&str> {
        self.split_url().0.or_else(|| self.header("host"))
    }
}

/// An HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// An error answered at the Query-protocol level (before any operation runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueryError {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
}

impl QueryError {
    fn new(code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError { code, message: message.into(), status: error_status(code, "Sender") }
    }
}

/// A parsed STS request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StsRequest {
    /// The operation, as the model names it (`AssumeRole`).
    pub operation: &'static str,
    /// Parameters as JSON with botocore's member names, in the model's member order.
    pub params: Value,
    /// Parameters the operation does not have. The Query protocol ignores them (so does this
    /// parser); they are listed so tools can point out a typo.
    pub ignored: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// The model: input and output shapes of every STS operation (botocore service-2.json).

/// A shape of the STS model, reduced to what the wire needs.
#[derive(Debug)]
pub enum Shape {
    String,
    Integer,
    Timestamp,
    List(&'static Shape),
    Structure(&'static [Member]),
}

#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub shape: &'static Shape,
}

const fn m(name: &'static str, shape: &'static Shape) -> Member {
    Member { name, shape }
}

const S: Shape = Shape::String;
const I: Shape = Shape::Integer;
const T: Shape = Shape::Timestamp;
/// `Tag`, `tagListType`.
const TAG: Shape = Shape::Structure(&[m("Key", &S), m("Value", &S)]);
const TAGS: Shape = Shape::List(&TAG);
/// `tagKeyListType`, `webIdentityTokenAudienceListType`: lists of strings.
const STRINGS: Shape = Shape::List(&S);
/// `PolicyDescriptorType` (member `arn`, lower case in the model), `policyDescriptorListType`.
const POLICY_DESCRIPTOR: Shape = Shape::Structure(&[m("arn", &S)]);
const POLICY_ARNS: Shape = Shape::List(&POLICY_DESCRIPTOR);
/// `ProvidedContext`, `ProvidedContextsListType`.
const PROVIDED_CONTEXT: Shape = Shape::Structure(&[m("ProviderArn", &S), m("ContextAssertion", &S)]);
const PROVIDED_CONTEXTS: Shape = Shape::List(&PROVIDED_CONTEXT);
const CREDENTIALS: Shape =
    Shape::Structure(&[m("AccessKeyId", &S), m("SecretAccessKey", &S), m("SessionToken", &S), m("Expiration", &T)]);
const ASSUMED_ROLE_USER: Shape = Shape::Structure(&[m("AssumedRoleId", &S), m("Arn", &S)]);
const FEDERATED_USER: Shape = Shape::Structure(&[m("FederatedUserId", &S), m("Arn", &S)]);

/// One STS operation: its input members and its output members (inside `<{Name}Result>`, the
/// model's `resultWrapper`), in the model's order.
#[derive(Debug)]
pub struct Operation {
    pub name: &'static str,
    pub input: &'static [Member],
    pub output: &'static [Member],
}

/// Every operation of botocore's STS model, in the model's order.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "AssumeRole",
        input: &[
            m("RoleArn", &S),
            m("RoleSessionName", &S),
            m("PolicyArns", &POLICY_ARNS),
            m("Policy", &S),
            m("DurationSeconds", &I),
            m("Tags", &TAGS),
            m("TransitiveTagKeys", &STRINGS),
            m("ExternalId", &S),
            m("SerialNumber", &S),
            m("TokenCode", &S),
            m("SourceIdentity", &S),
            m("ProvidedContexts", &PROVIDED_CONTEXTS),
        ],
        output: &[m("Credentials", &CREDENTIALS), m("AssumedRoleUser", &ASSUMED_ROLE_USER), m("PackedPolicySize", &I), m("SourceIdentity", &S)],
    },
    Operation {
        name: "AssumeRoleWithSAML",
        input: &[
            m("RoleArn", &S),
            m("PrincipalArn", &S),
            m("SAMLAssertion", &S),
            m("PolicyArns", &POLICY_ARNS),
            m("Policy", &S),
            m("DurationSeconds", &I),
        ],
        output: &[
            m("Credentials", &CREDENTIALS),
            m("AssumedRoleUser", &ASSUMED_ROLE_USER),
            m("PackedPolicySize", &I),
            m("Subject", &S),
            m("SubjectType", &S),
            m("Issuer", &S),
            m("Audience", &S),
            m("NameQualifier", &S),
            m("SourceIdentity", &S),
        ],
    },
    Operation {
        name: "AssumeRoleWithWebIdentity",
        input: &[
            m("RoleArn", &S),
            m("RoleSessionName", &S),
            m("WebIdentityToken", &S),
            m("ProviderId", &S),
            m("PolicyArns", &POLICY_ARNS),
            m("Policy", &S),
            m("DurationSeconds", &I),
        ],
        output: &[
            m("Credentials", &CREDENTIALS),
            m("SubjectFromWebIdentityToken", &S),
            m("AssumedRoleUser", &ASSUMED_ROLE_USER),
            m("PackedPolicySize", &I),
            m("Provider", &S),
            m("Audience", &S),
            m("SourceIdentity", &S),
        ],
    },
    Operation {
        name: "AssumeRoot",
        input: &[m("TargetPrincipal", &S), m("TaskPolicyArn", &POLICY_DESCRIPTOR), m("DurationSeconds", &I)],
        output: &[m("Credentials", &CREDENTIALS), m("SourceIdentity", &S)],
    },
    Operation { name: "DecodeAuthorizationMessage", input: &[m("EncodedMessage", &S)], output: &[m("DecodedMessage", &S)] },
    Operation { name: "GetAccessKeyInfo", input: &[m("AccessKeyId", &S)], output: &[m("Account", &S)] },
    Operation { name: "GetCallerIdentity", input: &[], output: &[m("UserId", &S), m("Account", &S), m("Arn", &S)] },
    Operation {
        name: "GetDelegatedAccessToken",
        input: &[m("TradeInToken", &S)],
        output: &[m("Credentials", &CREDENTIALS), m("PackedPolicySize", &I), m("AssumedPrincipal", &S)],
    },
    Operation {
        name: "GetFederationToken",
        input: &[m("Name", &S), m("Policy", &S), m("PolicyArns", &POLICY_ARNS), m("DurationSeconds", &I), m("Tags", &TAGS)],
        output: &[m("Credentials", &CREDENTIALS), m("FederatedUser", &FEDERATED_USER), m("PackedPolicySize", &I)],
    },
    Operation {
        name: "GetSessionToken",
        input: &[m("DurationSeconds", &I), m("SerialNumber", &S), m("TokenCode", &S)],
        output: &[m("Credentials", &CREDENTIALS)],
    },
    Operation {
        name: "GetWebIdentityToken",
        input: &[m("Audience", &STRINGS), m("DurationSeconds", &I), m("SigningAlgorithm", &S), m("Tags", &TAGS)],
        output: &[m("WebIdentityToken", &S), m("Expiration", &T)],
    },
];

/// The operation of that exact name (the Query protocol's `Action` is case-sensitive).
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

// ---------------------------------------------------------------------------------------------
// Percent-decoding and form parsing.

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XY` escapes (and, in form data, `+` as a space: the WHATWG
/// application/x-www-form-urlencoded parser). `None` for a `%` not followed by two hex digits or
/// for bytes that are not UTF-8.
pub fn percent_decode(s: &str, plus_as_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value)?;
                let lo = bytes.get(i + 2).copied().and_then(hex_value)?;
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `a=1&b=2` → `[("a","1"),("b","2")]`; empty segments are skipped, a segment without `=` has an
/// empty value. `Err` names the first segment that does not decode.
pub fn form_pairs(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for segment in s.split('&').filter(|seg| !seg.is_empty()) {
        let (k, v) = segment.split_once('=').unwrap_or((segment, ""));
        match (percent_decode(k, true), percent_decode(v, true)) {
            (Some(k), Some(v)) => pairs.push((k, v)),
            _ => return Err(segment.to_string()),
        }
    }
    Ok(pairs)
}

/// Encodes text for a query string or form body: every byte but the unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) as `%XY`, spaces as `%20` (botocore's `percent_encode`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `[("a","1 2")]` → `a=1%202`.
pub fn form_encode(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect::<Vec<_>>().join("&")
}

fn serialize_value(out: &mut Vec<(String, String)>, prefix: &str, shape: &Shape, v: &Value) {
    match shape {
        Shape::String | Shape::Integer | Shape::Timestamp => {
            if let Some(text) = scalar_text(v) {
                out.push((prefix.to_string(), text));
            }
        }
        Shape::List(member) => {
            let Value::Array(items) = v else { return };
            if items.is_empty() {
                out.push((prefix.to_string(), String::new()));
            }
            for (i, item) in items.iter().enumerate() {
                serialize_value(out, &format!("{prefix}.member.{}", i + 1), member, item);
            }
        }
        Shape::Structure(members) => {
            let Value::Object(map) = v else { return };
            for mm in members.iter() {
                if let Some(mv) = map.get(mm.name).filter(|mv| !mv.is_null()) {
                    serialize_value(out, &format!("{prefix}.{}", mm.name), mm.shape, mv);
                }
            }
        }
    }
}

/// An operation's parameters (JSON with botocore's member names) as Query parameters, the way
/// botocore's query serializer writes them: `Action`, `Version`, then members in the model's
/// order, lists as `Name.member.N…` (1-based), an empty list as `Name=`. Members the model does
/// not have are left out. `None` for an unknown operation.
pub fn serialize_request(operation_name: &str, params: &Value) -> Option<Vec<(String, String)>> {
    let op = operation(operation_name)?;
    let mut out = vec![("Action".to_string(), op.name.to_string()), ("Version".to_string(), API_VERSION.to_string())];
    if let Value::Object(map) = params {
        for mm in op.input {
            if let Some(v) = map.get(mm.name).filter(|v| !v.is_null()) {
                serialize_value(&mut out, mm.name, mm.shape, v);
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Parsing a request.

/// Query parameters that carry authentication ("Common Parameters"), never operation input.
fn is_auth_parameter(name: &str) -> bool {
    matches!(
        name,
        "X-Amz-Algorithm" | "X-Amz-Credential" | "X-Amz-Date" | "X-Amz-Expires" | "X-Amz-Security-Token" | "X-Amz-Signature" | "X-Amz-SignedHeaders"
    )
}

/// Values gathered for one shape before they become JSON (list entries by their 1-based index).
enum Node {
    Leaf(String),
    EmptyList,
    List(BTreeMap<u64, Node>),
    Struct(BTreeMap<&'static str, Node>),
}

/// Whether `path` (a key's remaining dot-separated parts) names a value in `shape`:
/// `member.N` (N ≥ 1) for a list entry, a member name for a structure, nothing more for a scalar;
/// a list's bare key with an empty value is botocore's empty list.
fn resolves(shape: &Shape, path: &[&str], value: &str) -> bool {
    match (shape, path) {
        (Shape::String | Shape::Integer | Shape::Timestamp, []) => true,
        (Shape::List(_), []) => value.is_empty(),
        (Shape::List(member), [first, index, rest @ ..]) => {
            *first == "member" && !index.starts_with('+') && index.parse::<u64>().is_ok_and(|i| i >= 1) && resolves(member, rest, value)
        }
        (Shape::Structure(members), [first, rest @ ..]) => members.iter().any(|mm| mm.name == *first && resolves(mm.shape, rest, value)),
        _ => false,
    }
}

/// Files `value` under `path` (the key's remaining dot-separated parts) for `shape`. `false` when
/// the key names nothing in the shape. The first value of a repeated key wins.
fn insert(node: &mut Option<Node>, shape: &'static Shape, path: &[&str], value: &str) -> bool {
    match shape {
        Shape::String | Shape::Integer | Shape::Timestamp => {
            if !path.is_empty() {
                return false;
            }
            if node.is_none() {
                *node = Some(Node::Leaf(value.to_string()));
            }
            true
        }
        Shape::List(member) => {
            // botocore serializes an empty list as the bare key with an empty value (`Tags=`).
            let [first, index, rest @ ..] = path else {
                if path.is_empty() && value.is_empty() {
                    if node.is_none() {
                        *node = Some(Node::EmptyList);
                    }
                    return true;
                }
                return false;
            };
            let Some(index) = (*first == "member").then(|| index.parse::<u64>().ok()).flatten().filter(|i| *i >= 1 && !index.starts_with('+')) else {
                return false;
            };
            if !matches!(node, Some(Node::List(_))) {
                *node = Some(Node::List(BTreeMap::new()));
            }
            let Some(Node::List(items)) = node else { return false };
            let mut slot = items.remove(&index);
            let ok = insert(&mut slot, member, rest, value);
            if let Some(n) = slot {
                items.insert(index, n);
            }
            ok
        }
        Shape::Structure(members) => {
            let [first, rest @ ..] = path else { return false };
            let Some(member) = members.iter().find(|mm| mm.name == *first) else { return false };
            if !matches!(node, Some(Node::Struct(_))) {
                *node = Some(Node::Struct(BTreeMap::new()));
            }
            let Some(Node::Struct(fields)) = node else { return false };
            let mut slot = fields.remove(member.name);
            let ok = insert(&mut slot, member.shape, rest, value);
            if let Some(n) = slot {
                fields.insert(member.name, n);
            }
            ok
        }
    }
}

/// Gathered values → JSON for `shape`. Integers become numbers when they read as one; otherwise
/// the text stays a string so the operation's validation reports it ("Member must be a number").
fn to_json(node: Node, shape: &Shape) -> Value {
    match (node, shape) {
        (Node::Leaf(s), Shape::Integer) => s.parse::<i64>().map(Value::from).unwrap_or(Value::String(s)),
        (Node::Leaf(s), _) => Value::String(s),
        (Node::EmptyList, _) => Value::Array(Vec::new()),
        // Entries in index order; a gap in the numbering is closed up.
        (Node::List(items), Shape::List(member)) => Value::Array(items.into_values().map(|n| to_json(n, member)).collect()),
        (Node::Struct(mut fields), Shape::Structure(members)) => {
            let mut out = Map::new();
            for mm in members.iter() {
                if let Some(n) = fields.remove(mm.name) {
                    out.insert(mm.name.to_string(), to_json(n, mm.shape));
                }
            }
            Value::Object(out)
        }
        _ => Value::Null,
    }
}

/// Reads an STS request: `Action`, `Version` and the operation's parameters, from the query string
/// and (for POST) a form-encoded body. Authentication is not checked here (`sigv4::verify`).
pub fn parse_request(req: &HttpRequest) -> Result<StsRequest, QueryError> {
    if req.body.len() > MAX_BODY_BYTES {
        return Err(QueryError::new(
            "RequestEntityTooLargeException",
            format!("Request body of {} bytes exceeds the {MAX_BODY_BYTES} bytes sts-sim reads", req.body.len()),
        ));
    }
    let mut pairs = form_pairs(req.query())
        .map_err(|seg| QueryError::new("MalformedQueryString", format!("The query string contains a syntax error: '{seg}' is not percent-encoded correctly")))?;
    let form_body = req.header("content-type").is_some_and(|ct| {
        ct.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
    });
    if req.method.eq_ignore_ascii_case("POST") && form_body {
        pairs.extend(
            form_pairs(&req.body)
                .map_err(|seg| QueryError::new("MalformedQueryString", format!("The request body contains a syntax error: '{seg}' is not percent-encoded correctly")))?,
        );
    }
    let first = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    // "MissingAction: The request is missing an action or a required parameter." (Common Errors)
    let Some(action) = first("Action").filter(|a| !a.is_empty()) else {
        return Err(QueryError::new("MissingAction", "The request is missing an action or a required parameter."));
    };
    // "Version … Required: Yes" (Common Parameters). The wording is the Query services' answer
    // for a missing required parameter ("The request must contain the parameter …").
    let Some(version) = first("Version").filter(|v| !v.is_empty()) else {
        return Err(QueryError::new("MissingParameter", "The request must contain the parameter Version"));
    };
    // An unknown Action, or a Version STS does not serve: "Could not find operation GetSendStatistics
    // for version 2012-12-01" (aws/aws-cli#37) / "… AssumeRoleWithWebIdentity for version
    // 2011-06-15" (aws/session-manager-plugin#116).
    let op = operation(action).filter(|_| version == API_VERSION);
    let Some(op) = op else {
        return Err(QueryError::new("InvalidAction", format!("Could not find operation {action} for version {version}")));
    };

    let mut fields: BTreeMap<&'static str, Node> = BTreeMap::new();
    let mut ignored = Vec::new();
    // Listed once each, in order. A set, not `ignored.contains`: a 1 MiB body holds ~10^5
    // parameters, and a linear search per parameter made such a request take a minute.
    let mut ignored_seen = std::collections::HashSet::new();
    for (key, value) in &pairs {
        if key == "Action" || key == "Version" || is_auth_parameter(key) {
            continue;
        }
        let parts: Vec<&str> = key.split('.').collect();
        let known = parts.split_first().and_then(|(top, rest)| {
            let member = op.input.iter().find(|mm| mm.name == *top && resolves(mm.shape, rest, value))?;
            let mut slot = fields.remove(member.name);
            let ok = insert(&mut slot, member.shape, rest, value);
            if let Some(n) = slot {
                fields.insert(member.name, n);
            }
            ok.then_some(())
        });
        if known.is_none() && ignored_seen.insert(key.as_str()) {
            ignored.push(key.clone());
        }
    }
    let params = to_json(Node::Struct(fields), &Shape::Structure(op.input));
    Ok(StsRequest { operation: op.name, params, ignored })
}

// ---------------------------------------------------------------------------------------------
// Rendering answers.

/// Escapes text for XML element content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Carriage returns would be normalised away by XML parsers (XML 1.0 §2.11).
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Writes `<name>…</name>` for a value of `shape`; absent (null) values are left out, as STS
/// leaves out members it has no value for.
fn write_element(out: &mut String, name: &str, shape: &'static Shape, v: &Value, depth: usize) {
    match shape {
        Shape::String | Shape::Integer | Shape::Timestamp => {
            if let Some(text) = scalar_text(v) {
                indent(out, depth);
                out.push_str(&format!("<{name}>{}</{name}>\n", xml_escape(&text)));
            }
        }
        Shape::List(member) => {
            let Value::Array(items) = v else { return };
            indent(out, depth);
            out.push_str(&format!("<{name}>\n"));
            for item in items {
                write_element(out, "member", member, item, depth + 1);
            }
            indent(out, depth);
            out.push_str(&format!("</{name}>\n"));
        }
        Shape::Structure(members) => {
            let Value::Object(map) = v else { return };
            indent(out, depth);
            out.push_str(&format!("<{name}>\n"));
            write_members(out, members, map, depth + 1);
            indent(out, depth);
            out.push_str(&format!("</{name}>\n"));
        }
    }
}

fn write_members(out: &mut String, members: &'static [Member], map: &Map<String, Value>, depth: usize) {
    for mm in members {
        if let Some(v) = map.get(mm.name).filter(|v| !v.is_null()) {
            write_element(out, mm.name, mm.shape, v, depth);
        }
    }
}

/// The HTTP status STS answers with for an error code. The modelled errors carry theirs in
/// botocore's `error.httpStatusCode` (e.g. `ExpiredTokenException` 400, `IDPRejectedClaim` 403,
/// `RegionDisabledException` 403); the common ones are from "Common Errors".
pub fn error_status(code: &str, type_: &str) -> u16 {
    match code {
        // botocore STS model, `error` traits.
        "MalformedPolicyDocument" | "PackedPolicyTooLarge" | "ExpiredTokenException" | "ExpiredTradeInTokenException" | "IDPCommunicationError"
        | "InvalidIdentityToken" | "InvalidAuthorizationMessageException" | "JWTPayloadSizeExceededException" => 400,
        "IDPRejectedClaim" | "RegionDisabledException" | "SessionDurationEscalationException" | "OutboundWebIdentityFederationDisabledException" => 403,
        // Common Errors: authentication and authorization failures.
        "AccessDenied" | "AccessDeniedException" | "InvalidClientTokenId" | "SignatureDoesNotMatch" | "MissingAuthenticationToken" | "OptInRequired"
        // `ExpiredToken` (the caller's own credentials expired) is "ExpiredTokenException … The
        // security token included in the request is expired. HTTP 403" in Common Errors;
        // STS answers it as `ExpiredToken` with 403 (pulumi/pulumi-aws#2560,
        // aws/aws-sdk-java-v2#1649).
        | "ExpiredToken" => 403,
        // Common Errors lists MalformedQueryString with 404.
        "MalformedQueryString" => 404,
        "RequestEntityTooLargeException" => 413,
        "InternalFailure" => 500,
        "ServiceUnavailable" => 503,
        _ if type_ == "Receiver" => 500,
        _ => 400,
    }
}

fn xml_response(status: u16, body: String, request_id: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            ("x-amzn-RequestId".to_string(), request_id.to_string()),
            ("Content-Type".to_string(), "text/xml".to_string()),
            ("Content-Length".to_string(), body.len().to_string()),
        ],
        body,
    }
}

/// The XML body of a successful answer: `<{Op}Response xmlns=…><{Op}Result>…</{Op}Result>
/// <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></{Op}Response>`, members in
/// the model's order, lists as `<member>` entries, two-space indentation as STS prints it.
/// `None` for an operation the model does not have.
pub fn render_result(operation_name: &str, result: &Value, request_id: &str) -> Option<String> {
    let op = operation(operation_name)?;
    let name = op.name;
    let mut out = format!("<{name}Response xmlns=\"{XML_NAMESPACE}\">\n  <{name}Result>\n");
    if let Value::Object(map) = result {
        write_members(&mut out, op.output, map, 2);
    }
    out.push_str(&format!(
        "  </{name}Result>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</{name}Response>\n",
        xml_escape(request_id)
    ));
    Some(out)
}

/// A 200 answer for a result (an operation's response shape, as JSON with the model's member
/// names). An operation the model does not have answers `InvalidAction`.
pub fn success_response(operation_name: &str, result: &Value, request_id: &str) -> HttpResponse {
    match render_result(operation_name, result, request_id) {
        Some(body) => xml_response(200, body, request_id),
        None => error_response("Sender", "InvalidAction", &format!("Could not find operation {operation_name} for version {API_VERSION}"), request_id),
    }
}

/// The XML body of an error answer, as STS prints it (boto/boto3#756 shows one verbatim):
/// `<ErrorResponse xmlns=…><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
pub fn render_error(type_: &str, code: &str, message: &str, request_id: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"{XML_NAMESPACE}\">\n  <Error>\n    <Type>{}</Type>\n    <Code>{}</Code>\n    <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        xml_escape(type_),
        xml_escape(code),
        xml_escape(message),
        xml_escape(request_id)
    )
}

/// An error answer with the status STS uses for `code` (`error_status`).
pub fn error_response(type_: &str, code: &str, message: &str, request_id: &str) -> HttpResponse {
    xml_response(error_status(code, type_), render_error(type_, code, message, request_id), request_id)
}

#[cfg(test)]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
