//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`): verifying a signed request, in both its forms
//! (the `Authorization` header and the presigned query string), and signing one exactly as the
//! SDKs do (for tests and tools).
//!
//! Sources: IAM User Guide, "Create a signed AWS API request"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html:
//! canonical request, string to sign, signing key), "Elements of an AWS API request signature"
//! (global services sign with us-east-1), "Authentication methods" (header and query string
//! forms), the STS API Reference's "Common Parameters" (the `X-Amz-*` query parameters; `X-Amz-Date`
//! overrides `Date`) and "Common Errors"; the AWS SigV4 test suite (awslabs/aws-c-auth,
//! `tests/data/sigv4/`); botocore's `auth.py` (`SigV4Auth`, `SigV4QueryAuth`) for what SDKs sign.
//! Error codes and texts are the ones STS is publicly seen to answer, each cited where used; where
//! no public answer was found the text says what is wrong in AWS's style and the comment says so.
//! Pure: the time comes in as `now_epoch_secs`, secrets through `lookup`.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::query::{HttpRequest, percent_decode};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// STS accepts a signature whose date is within 15 minutes of its clock, either way: "Signature
/// expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)"
/// (AssumeRole, devsecops/bootcamp#101; GetCallerIdentity, aws/aws-cli#6676). A presigned STS URL
/// lives by the same window whatever its `X-Amz-Expires` (aws/aws-sdk-go#2167: "STS does not
/// respect x-amz-expires … the requests lives only for the default 15 minutes").
pub const MAX_SKEW_SECS: i64 = 15 * 60;
/// SHA-256 of the empty string.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Why a request's signature was refused, with AWS's code and HTTP status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SigError {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
    /// Beyond AWS (explanation only, never in the wire message): for `SignatureDoesNotMatch`,
    /// the canonical request and string to sign sts-sim computed, so a user can diff them with
    /// their client's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_to_sign: Option<String>,
}

impl SigError {
    fn new(code: &'static str, status: u16, message: impl Into<String>) -> SigError {
        SigError { code, message: message.into(), status, canonical_request: None, string_to_sign: None }
    }

    /// `IncompleteSignature` (400, "Common Errors": "The request signature does not conform to AWS
    /// standards"; 400 is also what the Query services answer, brendanhay/amazonka#316).
    pub fn incomplete(message: impl Into<String>) -> SigError {
        SigError::new("IncompleteSignature", 400, message)
    }

    /// `SignatureDoesNotMatch` (403) with a message of its own (scope and time checks).
    pub fn mismatch(message: impl Into<String>) -> SigError {
        SigError::new("SignatureDoesNotMatch", 403, message)
    }

    /// `SignatureDoesNotMatch` (403) for a wrong signature, worded as STS words it
    /// (boto/boto3#756, aws/aws-cli#6676).
    pub fn signature_does_not_match() -> SigError {
        SigError::mismatch(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        )
    }

    /// `MissingAuthenticationToken` (403, "Common Errors": "The request must contain either a valid
    /// (registered) AWS access key ID or X.509 certificate"), in the Coral services' words
    /// "Request is missing Authentication Token".
    pub fn missing_authentication_token() -> SigError {
        SigError::new("MissingAuthenticationToken", 403, "Request is missing Authentication Token")
    }

    /// `InvalidClientTokenId` (403): for `lookup` to answer when the key or token is unknown.
    pub fn invalid_client_token_id() -> SigError {
        SigError::new("InvalidClientTokenId", 403, "The security token included in the request is invalid.")
    }

    /// `ExpiredToken` (403): for `lookup` to answer when the session token has expired
    /// (pulumi/pulumi-aws#2560: "StatusCode: 403 … api error ExpiredToken: The security token
    /// included in the request is expired").
    pub fn expired_token() -> SigError {
        SigError::new("ExpiredToken", 403, "The security token included in the request is expired")
    }
}

/// What a verified signature establishes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub access_key_id: String,
    pub session_token: Option<String>,
    /// The region of the credential scope.
    pub region: String,
    pub service: String,
    /// The request's signing time (`X-Amz-Date`), seconds since the epoch.
    pub signed_at: i64,
    /// Signed in the query string (a presigned URL) rather than the `Authorization` header.
    pub presigned: bool,
}

/// What `verify_with` checks the credential scope against.
#[derive(Clone, Debug)]
pub struct VerifyOptions<'a> {
    /// The service name the scope must carry (`sts`).
    pub service: &'a str,
    /// The region the scope must carry; `None` takes it from the Host (`endpoint_region`), and
    /// accepts any region for a host that is not an STS endpoint (a local simulator's address).
    pub region: Option<&'a str>,
}

impl Default for VerifyOptions<'_> {
    fn default() -> Self {
        VerifyOptions { service: "sts", region: None }
    }
}

/// The signing region of an STS endpoint host: the global endpoint `sts.amazonaws.com` signs
/// with us-east-1 ("Elements of an AWS API request signature": services with a global endpoint
/// use us-east-1; cognitect-labs/aws-api#27 shows STS refusing another), a regional endpoint
/// (`sts.eu-west-1.amazonaws.com`, its FIPS and dual-stack forms, the China partition) with its
/// own region. `None` for any other host.
pub fn endpoint_region(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let host = host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host.as_str(), |(h, _)| h);
    if host == "sts.amazonaws.com" {
        return Some("us-east-1".to_string());
    }
    let rest = host.strip_prefix("sts.").or_else(|| host.strip_prefix("sts-fips."))?;
    let region = ["amazonaws.com", "amazonaws.com.cn", "api.aws", "api.amazonwebservices.com.cn"]
        .iter()
        .find_map(|suffix| rest.strip_suffix(suffix).and_then(|r| r.strip_suffix('.')))?;
    let valid = !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| region.to_string())
}

// ---------------------------------------------------------------------------------------------
// Hashing, encoding, time.

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

/// The hex signature of a string to sign.
pub fn signature(secret: &str, date: &str, region: &str, service: &str, string_to_sign: &str) -> String {
    hex(&hmac_sha256(&signing_key(secret, date, region, service), string_to_sign.as_bytes()))
}

/// Equality that takes the same time wherever the strings differ.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// "URI-encode every byte except the unreserved characters: 'A'-'Z', 'a'-'z', '0'-'9', '-',
/// '.', '_', and '~'", with uppercase hex; `/` kept in paths.
pub fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}



/// `20150830T123600Z` (ISO 8601 basic format, as `X-Amz-Date` carries it).
pub fn amz_date(epoch_secs: i64) -> String {
    let (y, mo, d) = crate::calendar::civil_from_days(epoch_secs.div_euclid(86_400));
    let s = epoch_secs.rem_euclid(86_400);
    format!("{y:04}{mo:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

/// Reads `YYYYMMDD'T'HHMMSS'Z'` ("Common Parameters": "The format must be ISO 8601 basic format").
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(4..6)?, num(6..8)?, num(9..11)?, num(11..13)?, num(13..15)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let max_day = *days_in_month.get(usize::try_from(mo - 1).ok()?)?;
    if d < 1 || d > max_day || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(crate::calendar::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

// ---------------------------------------------------------------------------------------------
// The canonical request ("Create a signed AWS API request", step 1).

/// The canonical URI: the path with dot segments and empty segments removed (services other
/// than S3 normalise it; test suite cases `get-slash*`, `get-relative*`), then URI-encoded once
/// more — the path arrives already encoded, so this is the documented "encode each path segment
/// twice" for everything but S3.
pub fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut normalized = String::from("/");
    normalized.push_str(&segments.join("/"));
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if trailing && !segments.is_empty() {
        normalized.push('/');
    }
    uri_encode(&normalized, true)
}

/// The canonical query string: every parameter (but `X-Amz-Signature` when `skip_signature`)
/// decoded, URI-encoded, and sorted by name then value; `name=` for a parameter without a value.
/// `+` is a literal plus here (RFC 3986 query syntax; SDKs send spaces as `%20`).
pub fn canonical_query(query: &str, skip_signature: bool) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|seg| !seg.is_empty())
        .filter_map(|seg| {
            let (k, v) = seg.split_once('=').unwrap_or((seg, ""));
            let k = percent_decode(k, false).unwrap_or_else(|| k.to_string());
            let v = percent_decode(v, false).unwrap_or_else(|| v.to_string());
            (!(skip_signature && k == "X-Amz-Signature")).then(|| (uri_encode(&k, false), uri_encode(&v, false)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// A header value as signed: trimmed, runs of whitespace (folded lines included) collapsed to one
/// space (test suite `get-header-value-trim`, `get-header-value-multiline`).
fn canonical_header_value(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical headers block: for each signed header (lower case, in the given order), all its
/// values in request order joined by commas (test suite `get-header-key-duplicate`).
fn canonical_headers(req: &HttpRequest, signed: &[String], host: &str) -> String {
    let mut out = String::new();
    for name in signed {
        // The host signed is the one the request goes to (`HttpRequest::host`).
        let values: Vec<String> =
            if name == "host" { vec![canonical_header_value(host)] } else { req.header_values(name).map(canonical_header_value).collect() };
        out.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    out
}

/// `Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nHashedPayload`.
pub fn canonical_request(req: &HttpRequest, signed_headers: &[String], payload_hash: &str, presigned: bool) -> String {
    let host = req.host().unwrap_or("");
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path()),
        canonical_query(req.query(), presigned),
        canonical_headers(req, signed_headers, host),
        signed_headers.join(";"),
        payload_hash
    )
}

/// `AWS4-HMAC-SHA256\n<amz-date>\n<scope>\nhex(SHA256(canonical request))`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Verification.

/// The authentication a request carries, before any check against keys or the clock.
struct Presented {
    access_key_id: String,
    scope_date: String,
    region: String,
    service: String,
    terminator: String,
    signed_headers: Vec<String>,
    signature: String,
    /// The signing time as written in the request.
    amz_date: String,
    signed_at: i64,
    session_token: Option<String>,
    presigned: bool,
    /// The header the date came from (header form), which must then be signed.
    date_header: Option<&'static str>,
}

/// Splits `AKID/20150830/us-east-1/sts/aws4_request`. The access key id never contains `/`, so
/// the last four parts are the scope.
fn split_credential(credential: &str) -> Option<(String, String, String, String, String)> {
    let mut parts = credential.rsplitn(5, '/');
    let terminator = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let date = parts.next()?;
    let akid = parts.next()?;
    Some((akid.to_string(), date.to_string(), region.to_string(), service.to_string(), terminator.to_string()))
}

fn credential_parts(credential: &str) -> Result<(String, String, String, String, String), SigError> {
    // No public STS answer for a credential with too few parts was found; worded in AWS's style.
    split_credential(credential)
        .filter(|(akid, ..)| !akid.is_empty())
        .ok_or_else(|| SigError::incomplete(format!("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'")))
}

fn bad_date(value: &str) -> SigError {
    // Worded as AWS services answer an unreadable date (no STS-specific report found).
    SigError::incomplete(format!("Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"))
}

fn from_header(req: &HttpRequest, authorization: &str) -> Result<Presented, SigError> {
    let value = authorization.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    if algorithm == ALGORITHM {
        for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            // "'…' not a valid key=value pair (missing equal-sign) in Authorization header: '…'."
            // (iann0036/cloud9-sync#10)
            let Some((k, v)) = part.split_once('=') else {
                return Err(SigError::incomplete(format!("'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{value}'.")));
            };
            match k.trim() {
                "Credential" => credential = Some(v.trim()),
                "SignedHeaders" => signed_headers = Some(v.trim()),
                "Signature" => signature = Some(v.trim()),
                _ => {}
            }
        }
    }
    let (date_header, date_value) = match (req.header("x-amz-date"), req.header("date")) {
        (Some(d), _) => (Some("x-amz-date"), Some(d.trim())),
        (None, Some(d)) => (Some("date"), Some(d.trim())),
        (None, None) => (None, None),
    };
    // "Authorization header requires 'Credential' parameter. Authorization header requires
    // 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.
    // Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.
    // Authorization=…" (aws-samples/amazon-elasticsearch-service-with-authentication#4; the same
    // framing from a Query service, SES: brendanhay/amazonka#316).
    let mut missing = String::new();
    for (name, v) in [("Credential", credential), ("Signature", signature), ("SignedHeaders", signed_headers)] {
        if v.is_none() {
            missing.push_str(&format!("Authorization header requires '{name}' parameter. "));
        }
    }
    if date_value.is_none() {
        missing.push_str("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    let (Some(credential), Some(signature), Some(signed_headers), Some(date_value)) = (credential, signature, signed_headers, date_value) else {
        return Err(SigError::incomplete(format!("{missing}Authorization={value}")));
    };
    let signed_at = parse_amz_date(date_value).ok_or_else(|| bad_date(date_value))?;
    let (access_key_id, scope_date, region, service, terminator) = credential_parts(credential)?;
    Ok(Presented {
        access_key_id,
        scope_date,
        region,
        service,
        terminator,
        signed_headers: signed_headers.split(';').map(|h| h.trim().to_ascii_lowercase()).collect(),
        signature: signature.to_string(),
        amz_date: date_value.to_string(),
        signed_at,
        session_token: req.header("x-amz-security-token").map(|t| t.trim().to_string()),
        presigned: false,
        date_header,
    })
}

fn from_query(req: &HttpRequest) -> Result<Option<Presented>, SigError> {
    let pairs: Vec<(String, String)> = req
        .query()
        .split('&')
        .filter(|seg| !seg.is_empty())
        .map(|seg| {
            let (k, v) = seg.split_once('=').unwrap_or((seg, ""));
            (percent_decode(k, false).unwrap_or_else(|| k.to_string()), percent_decode(v, false).unwrap_or_else(|| v.to_string()))
        })
        .collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let names = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];
    if names.iter().all(|n| get(n).is_none()) {
        return Ok(None);
    }
    // Worded as AWS answers an incomplete presigned request (no STS-specific report found).
    for n in names {
        if get(n).is_none() {
            return Err(SigError::incomplete(format!("AWS query-string parameters must include '{n}'. Re-examine the query-string parameters.")));
        }
    }
    let algorithm = get("X-Amz-Algorithm").unwrap_or("");
    if algorithm != ALGORITHM {
        return Err(SigError::incomplete(format!("Unsupported AWS 'algorithm': '{algorithm}'; STS accepts '{ALGORITHM}'")));
    }
    let date_value = get("X-Amz-Date").unwrap_or("");
    let signed_at = parse_amz_date(date_value).ok_or_else(|| bad_date(date_value))?;
    let (access_key_id, scope_date, region, service, terminator) = credential_parts(get("X-Amz-Credential").unwrap_or(""))?;
    Ok(Some(Presented {
        access_key_id,
        scope_date,
        region,
        service,
        terminator,
        signed_headers: get("X-Amz-SignedHeaders").unwrap_or("").split(';').map(|h| h.trim().to_ascii_lowercase()).collect(),
        signature: get("X-Amz-Signature").unwrap_or("").to_string(),
        amz_date: date_value.to_string(),
        signed_at,
        session_token: get("X-Amz-Security-Token").map(str::to_string),
        presigned: true,
        date_header: None,
    }))
}

/// Verifies a request to STS (scope service `sts`, region from the Host). See `verify_with`.
pub fn verify(req: &HttpRequest, now_epoch_secs: i64, lookup: &dyn Fn(&str, Option<&str>) -> Result<String, SigError>) -> Result<Verified, SigError> {
    verify_with(req, now_epoch_secs, &VerifyOptions::default(), lookup)
}

/// Verifies a request's SigV4 signature: the `Authorization` header if there is one, else the
/// presigned query parameters. Checks, in order: the form (`IncompleteSignature`), the credential
/// scope and the clock (`SignatureDoesNotMatch`), the key (`lookup`, which answers the secret or
/// its own error such as `InvalidClientTokenId`), then the signature itself.
pub fn verify_with(
    req: &HttpRequest,
    now_epoch_secs: i64,
    opts: &VerifyOptions,
    lookup: &dyn Fn(&str, Option<&str>) -> Result<String, SigError>,
) -> Result<Verified, SigError> {
    let presented = match req.header("authorization") {
        Some(auth) => from_header(req, auth)?,
        None => from_query(req)?.ok_or_else(SigError::missing_authentication_token)?,
    };
    let p = presented;

    // Signed headers: "'Host' must be a 'SignedHeader' in the AWS Authorization."
    // (NetSPI/AWSSigner#3); "'accept' is named as a SignedHeader, but it does not exist in the
    // HTTP request." (awslabs/aws-mobile-appsync-sdk-js#702). "Create a signed AWS API request":
    // "The host header must be included as a signed header. If you include a date or x-amz-date
    // header, you must also include that header in the signed header list."
    if !p.signed_headers.iter().any(|h| h == "host") {
        return Err(SigError::incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization."));
    }
    if let Some(dh) = p.date_header
        && !p.signed_headers.iter().any(|h| h == dh)
    {
        let shown = if dh == "date" { "Date" } else { "X-Amz-Date" };
        return Err(SigError::incomplete(format!("'{shown}' must be a 'SignedHeader' in the AWS Authorization.")));
    }
    let host = req.host();
    for h in &p.signed_headers {
        let present = req.header(h).is_some() || (h == "host" && host.is_some());
        if !present {
            return Err(SigError::incomplete(format!("'{h}' is named as a SignedHeader, but it does not exist in the HTTP request.")));
        }
    }

    // The credential scope. The region text is STS's (cloud-custodian/cloud-custodian#4900:
    // "Credential should be scoped to a valid region, not 'us-east-2'. "); the terminator,
    // service and date texts are the same family of messages (no STS-specific report found).
    if p.terminator != "aws4_request" {
        return Err(SigError::mismatch(format!("Credential should be scoped with a valid terminator: 'aws4_request', not '{}'. ", p.terminator)));
    }
    if p.service != opts.service {
        return Err(SigError::mismatch(format!("Credential should be scoped to correct service: '{}'. ", opts.service)));
    }
    let expected_region = opts.region.map(str::to_string).or_else(|| host.and_then(endpoint_region));
    if let Some(expected) = expected_region
        && p.region != expected
    {
        return Err(SigError::mismatch(format!("Credential should be scoped to a valid region, not '{}'. ", p.region)));
    }
    let date_part = p.amz_date.get(..8).unwrap_or("");
    if p.scope_date != date_part {
        return Err(SigError::mismatch(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{date_part}', from '{}'.",
            p.scope_date, p.amz_date
        )));
    }

    // The clock (see MAX_SKEW_SECS).
    if p.signed_at < now_epoch_secs - MAX_SKEW_SECS {
        return Err(SigError::mismatch(format!(
            "Signature expired: {} is now earlier than {} ({} - 15 min.)",
            p.amz_date,
            amz_date(now_epoch_secs - MAX_SKEW_SECS),
            amz_date(now_epoch_secs)
        )));
    }
    if p.signed_at > now_epoch_secs + MAX_SKEW_SECS {
        return Err(SigError::mismatch(format!(
            "Signature not yet current: {} is still later than {} ({} + 15 min.)",
            p.amz_date,
            amz_date(now_epoch_secs + MAX_SKEW_SECS),
            amz_date(now_epoch_secs)
        )));
    }

    let secret = lookup(&p.access_key_id, p.session_token.as_deref())?;

    // The payload is always hashed for STS: UNSIGNED-PAYLOAD is an Amazon S3 feature ("Signature
    // Calculations for the Authorization Header: Transferring Payload in a Single Chunk", S3 API
    // Reference). A client that sends x-amz-content-sha256 must send the body's hash.
    let payload_hash = sha256_hex(req.body.as_bytes());
    if let Some(claimed) = req.header("x-amz-content-sha256")
        && claimed.trim() != payload_hash
    {
        return Err(SigError::mismatch("The provided 'x-amz-content-sha256' header does not match what was computed."));
    }

    let creq = canonical_request(req, &p.signed_headers, &payload_hash, p.presigned);
    let scope = format!("{}/{}/{}/aws4_request", p.scope_date, p.region, p.service);
    let sts = string_to_sign(&p.amz_date, &scope, &creq);
    let expected = signature(&secret, &p.scope_date, &p.region, &p.service, &sts);
    if !constant_time_eq(&expected, &p.signature) {
        let mut e = SigError::signature_does_not_match();
        e.canonical_request = Some(creq);
        e.string_to_sign = Some(sts);
        return Err(e);
    }
    Ok(Verified {
        access_key_id: p.access_key_id,
        session_token: p.session_token,
        region: p.region,
        service: p.service,
        signed_at: p.signed_at,
        presigned: p.presigned,
    })
}

// ---------------------------------------------------------------------------------------------
// Signing (what SDKs do; botocore `SigV4Auth.add_auth` / `SigV4QueryAuth`).

/// The credentials and scope to sign with.
#[derive(Clone, Debug)]
pub struct SigningParams<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
    /// Signing time, seconds since the epoch.
    pub time: i64,
    /// Also send and sign `x-amz-content-sha256` (what S3 clients and the test suite's
    /// `sign_body` cases do; botocore does not for STS).
    pub content_sha256_header: bool,
}

/// Headers SDKs leave unsigned (botocore `auth.py`: `SIGNED_HEADERS_BLACKLIST` = expect,
/// user-agent, x-amzn-trace-id; plus the Authorization header itself).
fn is_unsigned_header(name: &str) -> bool {
    matches!(name, "authorization" | "expect" | "user-agent" | "x-amzn-trace-id")
}

fn names_to_sign(req: &HttpRequest) -> Vec<String> {
    let mut names: Vec<String> = req.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).filter(|n| !is_unsigned_header(n)).collect();
    names.push("host".to_string());
    names.sort_unstable();
    names.dedup();
    names
}

/// Signs a request with an `Authorization` header, as an SDK does: adds `Host` (from an absolute
/// URL) when missing, `X-Amz-Date`, `X-Amz-Security-Token` for temporary credentials, and signs
/// every header present (but the ones SDKs leave out).
pub fn sign(req: &HttpRequest, p: &SigningParams) -> HttpRequest {
    let mut out = req.clone();
    out.headers.retain(|(n, _)| !["authorization", "x-amz-date", "x-amz-security-token"].iter().any(|h| n.eq_ignore_ascii_case(h)));
    if out.header("host").is_none()
        && let Some(host) = out.host().map(str::to_string)
    {
        out.headers.push(("Host".to_string(), host));
    }
    let date = amz_date(p.time);
    out.headers.push(("X-Amz-Date".to_string(), date.clone()));
    if let Some(token) = p.session_token {
        out.headers.push(("X-Amz-Security-Token".to_string(), token.to_string()));
    }
    let payload_hash = sha256_hex(out.body.as_bytes());
    if p.content_sha256_header {
        out.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-content-sha256"));
        out.headers.push(("x-amz-content-sha256".to_string(), payload_hash.clone()));
    }
    let signed = names_to_sign(&out);
    let scope_date = date.get(..8).unwrap_or("").to_string();
    let scope = format!("{scope_date}/{}/{}/aws4_request", p.region, p.service);
    let creq = canonical_request(&out, &signed, &payload_hash, false);
    let sig = signature(p.secret_access_key, &scope_date, p.region, p.service, &string_to_sign(&date, &scope, &creq));
    out.headers.push((
        "Authorization".to_string(),
        format!("{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={sig}", p.access_key_id, signed.join(";")),
    ));
    out
}

/// Presigns a request in the query string (a presigned URL), as SDKs do: appends
/// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Expires`,
/// `X-Amz-Security-Token` (temporary credentials), then `X-Amz-Signature`.
pub fn presign(req: &HttpRequest, p: &SigningParams, expires_secs: u32) -> HttpRequest {
    let mut out = req.clone();
    if out.header("host").is_none()
        && let Some(host) = out.host().map(str::to_string)
    {
        out.headers.push(("Host".to_string(), host));
    }
    let date = amz_date(p.time);
    let scope_date = date.get(..8).unwrap_or("").to_string();
    let scope = format!("{scope_date}/{}/{}/aws4_request", p.region, p.service);
    let signed = names_to_sign(&out);
    let mut added = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_string()),
        ("X-Amz-Credential", format!("{}/{scope}", p.access_key_id)),
        ("X-Amz-Date", date.clone()),
        ("X-Amz-SignedHeaders", signed.join(";")),
        ("X-Amz-Expires", expires_secs.to_string()),
    ];
    if let Some(token) = p.session_token {
        added.push(("X-Amz-Security-Token", token.to_string()));
    }
    let extra = added.iter().map(|(k, v)| format!("{k}={}", uri_encode(v, false))).collect::<Vec<_>>().join("&");
    out.url = append_query(&out.url, &extra);
    let payload_hash = sha256_hex(out.body.as_bytes());
    let creq = canonical_request(&out, &signed, &payload_hash, true);
    let sig = signature(p.secret_access_key, &scope_date, p.region, p.service, &string_to_sign(&date, &scope, &creq));
    out.url = append_query(&out.url, &format!("X-Amz-Signature={sig}"));
    out
}

fn append_query(url: &str, extra: &str) -> String {
    match url.split_once('?') {
        Some((_, q)) if !q.is_empty() => format!("{url}&{extra}"),
        Some(_) => format!("{url}{extra}"),
        None => format!("{url}?{extra}"),
    }
}

// The suite's vectors are read from tests/data with std::fs: native only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
