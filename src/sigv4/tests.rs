//! SigV4 tests: the AWS SigV4 test suite (awslabs/aws-c-auth `tests/aws-signing-test-suite/v4`,
//! copied verbatim under `tests/data/sigv4/`), sign → verify round trips, every one-character
//! change of a signed request refused, and STS's error answers (sources cited in `sigv4.rs`).

use super::*;
use std::path::{Path, PathBuf};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4/aws-signing-test-suite-v4")
}

/// Reads the suite's raw HTTP request files: `METHOD TARGET HTTP/1.1`, `Name:value` lines (a line
/// starting with whitespace continues the previous value), a blank line, the body.
fn parse_http(text: &str) -> HttpRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h, b),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let (method, rest) = request_line.split_once(' ').unwrap();
    let target = rest.strip_suffix(" HTTP/1.1").unwrap();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().unwrap();
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (n, v) = line.split_once(':').unwrap();
            headers.push((n.to_string(), v.to_string()));
        }
    }
    HttpRequest { method: method.to_string(), url: target.to_string(), headers, body: body.to_string() }
}

struct Case {
    name: String,
    dir: PathBuf,
    context: serde_json::Value,
}

impl Case {
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_else(|e| panic!("{}/{name}: {e}", self.name))
    }
    fn str(&self, pointer: &str) -> String {
        self.context.pointer(pointer).and_then(|v| v.as_str()).unwrap_or_default().to_string()
    }
    fn flag(&self, key: &str) -> bool {
        self.context.get(key).and_then(|v| v.as_bool()).unwrap_or(false)
    }
    fn time(&self) -> i64 {
        parse_amz_date(&self.str("/timestamp").replace(['-', ':'], "")).unwrap()
    }
}

fn cases() -> Vec<Case> {
    let mut out: Vec<Case> = std::fs::read_dir(suite_dir())
        .unwrap()
        .map(|e| {
            let dir = e.unwrap().path();
            let context = serde_json::from_str(&std::fs::read_to_string(dir.join("context.json")).unwrap()).unwrap();
            Case { name: dir.file_name().unwrap().to_string_lossy().into_owned(), dir, context }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(out.len(), 38);
    out
}

fn signed_headers_of(authorization: &str) -> Vec<String> {
    let sh = authorization.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    sh.split(';').map(str::to_string).collect()
}

/// Signing every case of the suite gives its canonical request, string to sign and signature, in
/// both forms. Cases with `"normalize": false` are S3's unnormalized paths, which STS never uses.
#[test]
fn aws_sigv4_test_suite_signing() {
    let mut checked = 0;
    for case in cases() {
        if !case.flag("normalize") {
            continue;
        }
        let token = case.str("/credentials/token");
        let omit_token = case.flag("omit_session_token");
        let (akid, secret, region, service) =
            (case.str("/credentials/access_key_id"), case.str("/credentials/secret_access_key"), case.str("/region"), case.str("/service"));
        let params = SigningParams {
            access_key_id: &akid,
            secret_access_key: &secret,
            session_token: (!token.is_empty() && !omit_token).then_some(token.as_str()),
            region: &region,
            service: &service,
            time: case.time(),
            content_sha256_header: case.flag("sign_body"),
        };
        let req = parse_http(&case.file("request.txt"));

        // Header form.
        let signed = sign(&req, &params);
        let auth = signed.header("authorization").unwrap().to_string();
        let names = signed_headers_of(&auth);
        let payload = sha256_hex(signed.body.as_bytes());
        let creq = canonical_request(&signed, &names, &payload, false);
        assert_eq!(creq, case.file("header-canonical-request.txt"), "{}: canonical request", case.name);
        let scope = format!("{}/{}/{}/aws4_request", &amz_date(params.time)[..8], params.region, params.service);
        assert_eq!(string_to_sign(&amz_date(params.time), &scope, &creq), case.file("header-string-to-sign.txt"), "{}", case.name);
        assert!(auth.ends_with(&format!("Signature={}", case.file("header-signature.txt").trim())), "{}: {auth}", case.name);

        // Query form (presigned, X-Amz-Expires from the context).
        let expires = case.context["expiration_in_seconds"].as_u64().unwrap() as u32;
        let presigned = presign(&req, &params, expires);
        let sig = presigned.query().rsplit("X-Amz-Signature=").next().unwrap().to_string();
        assert_eq!(sig, case.file("query-signature.txt").trim(), "{}: presigned signature", case.name);
        let names: Vec<String> = canonical_query(presigned.query(), true)
            .split("X-Amz-SignedHeaders=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .split("%3B")
            .map(str::to_string)
            .collect();
        assert_eq!(canonical_request(&presigned, &names, &payload, true), case.file("query-canonical-request.txt"), "{}", case.name);
        checked += 1;
    }
    assert_eq!(checked, 31);
}

/// Verifying every signed request of the suite, at its signing time.
#[test]
fn aws_sigv4_test_suite_verification() {
    let mut checked = 0;
    for case in cases() {
        if !case.flag("normalize") {
            continue;
        }
        let akid = case.str("/credentials/access_key_id");
        let secret = case.str("/credentials/secret_access_key");
        let token = case.str("/credentials/token");
        let lookup = |k: &str, t: Option<&str>| -> Result<String, SigError> {
            assert_eq!(k, akid);
            if let Some(t) = t {
                assert!(t == token || case.name.starts_with("post-sts-header"), "{}", case.name);
            }
            Ok(secret.clone())
        };
        let opts = VerifyOptions { service: "service", region: Some("us-east-1") };
        let header_req = parse_http(&case.file("header-signed-request.txt"));
        let v = verify_with(&header_req, case.time(), &opts, &lookup).unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
        assert_eq!((v.region.as_str(), v.service.as_str(), v.presigned, v.signed_at), ("us-east-1", "service", false, case.time()));

        let query_req = parse_http(&case.file("query-signed-request.txt"));
        let result = verify_with(&query_req, case.time(), &opts, &lookup);
        if case.name == "post-sts-header-after" {
            // The token was added to the query after signing; every query parameter is part of
            // the canonical query string, so the signature no longer matches.
            assert_eq!(result.unwrap_err().code, "SignatureDoesNotMatch");
        } else {
            let v = result.unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
            assert!(v.presigned);
        }
        checked += 1;
    }
    assert_eq!(checked, 31);
}

// ---------------------------------------------------------------------------------------------
// STS requests.

const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// 2026-11-25T12:00:00Z.
const T0: i64 = 1_795_608_000;

fn lookup(k: &str, _t: Option<&str>) -> Result<String, SigError> {
    if k == AKID { Ok(SECRET.to_string()) } else { Err(SigError::invalid_client_token_id()) }
}

fn params(region: &str) -> SigningParams<'_> {
    SigningParams { access_key_id: AKID, secret_access_key: SECRET, session_token: None, region, service: "sts", time: T0, content_sha256_header: false }
}

/// An AssumeRole request as botocore sends it (aws/aws-cli#7410 shows the headers it signs:
/// content-type;host;x-amz-date).
fn assume_role(host: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: format!("https://{host}/"),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=s".into(),
    }
}

#[test]
fn amz_dates() {
    assert_eq!(amz_date(T0), "20261125T120000Z");
    assert_eq!(parse_amz_date("20261125T120000Z"), Some(T0));
    assert_eq!(parse_amz_date("20240229T235959Z").map(amz_date).as_deref(), Some("20240229T235959Z"));
    for bad in ["20230229T000000Z", "20261125T240000Z", "20261125 120000Z", "2026-11-25T12:00:00Z", "", "20261125T12000é"] {
        assert_eq!(parse_amz_date(bad), None, "{bad}");
    }
}

#[test]
fn endpoint_regions() {
    assert_eq!(endpoint_region("sts.amazonaws.com").as_deref(), Some("us-east-1"));
    assert_eq!(endpoint_region("STS.amazonaws.com:443").as_deref(), Some("us-east-1"));
    assert_eq!(endpoint_region("sts.eu-west-1.amazonaws.com").as_deref(), Some("eu-west-1"));
    assert_eq!(endpoint_region("sts-fips.us-east-2.amazonaws.com").as_deref(), Some("us-east-2"));
    assert_eq!(endpoint_region("sts.cn-north-1.amazonaws.com.cn").as_deref(), Some("cn-north-1"));
    assert_eq!(endpoint_region("sts.us-west-2.api.aws").as_deref(), Some("us-west-2"));
    assert_eq!(endpoint_region("localhost:8080"), None);
    assert_eq!(endpoint_region("sts..amazonaws.com"), None);
}

#[test]
fn sign_then_verify_header_and_query() {
    let req = sign(&assume_role("sts.eu-west-1.amazonaws.com"), &params("eu-west-1"));
    assert!(signed_headers_of(req.header("authorization").unwrap()) == ["content-type", "host", "x-amz-date"]);
    let v = verify(&req, T0 + 60, &lookup).unwrap();
    assert_eq!(v, Verified { access_key_id: AKID.into(), session_token: None, region: "eu-west-1".into(), service: "sts".into(), signed_at: T0, presigned: false });

    let token = "FwoGZXIvYXdzEXAMPLE+/=";
    let p = SigningParams { session_token: Some(token), ..params("us-east-1") };
    let get = HttpRequest { method: "GET".into(), url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15".into(), headers: vec![], body: String::new() };
    let url = presign(&get, &p, 900);
    let v = verify(&url, T0 + 899, &lookup).unwrap();
    assert_eq!((v.presigned, v.session_token.as_deref(), v.region.as_str()), (true, Some(token), "us-east-1"));
    // The header form with a session token signs x-amz-security-token too.
    let signed = sign(&assume_role("sts.amazonaws.com"), &p);
    assert_eq!(signed_headers_of(signed.header("authorization").unwrap()), ["content-type", "host", "x-amz-date", "x-amz-security-token"]);
    assert_eq!(verify(&signed, T0, &lookup).unwrap().session_token.as_deref(), Some(token));
    // Re-signing replaces the previous signature.
    assert!(verify(&sign(&signed, &p), T0, &lookup).is_ok());
}

#[test]
fn region_must_match_the_endpoint() {
    // cloud-custodian/cloud-custodian#4900: the global endpoint refuses a us-east-2 scope.
    let req = sign(&assume_role("sts.amazonaws.com"), &params("us-east-2"));
    let e = verify(&req, T0, &lookup).unwrap_err();
    assert_eq!((e.code, e.status, e.message.as_str()), ("SignatureDoesNotMatch", 403, "Credential should be scoped to a valid region, not 'us-east-2'. "));
    // A host that is not an STS endpoint accepts the scope's region.
    let req = sign(&assume_role("localhost:8080"), &params("ap-south-1"));
    assert_eq!(verify(&req, T0, &lookup).unwrap().region, "ap-south-1");
    // An explicit region wins over the host.
    let e = verify_with(&req, T0, &VerifyOptions { service: "sts", region: Some("us-east-1") }, &lookup).unwrap_err();
    assert_eq!(e.code, "SignatureDoesNotMatch");
}

#[test]
fn scope_service_terminator_and_date() {
    let mut p = params("us-east-1");
    p.service = "iam";
    let e = verify(&sign(&assume_role("sts.amazonaws.com"), &p), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "Credential should be scoped to correct service: 'sts'. ");

    let req = sign(&assume_role("sts.amazonaws.com"), &params("us-east-1"));
    let auth = req.header("authorization").unwrap().to_string();
    let with = |a: String| {
        let mut r = req.clone();
        r.headers.retain(|(n, _)| n != "Authorization");
        r.headers.push(("Authorization".into(), a));
        r
    };
    let e = verify(&with(auth.replace("aws4_request", "aws5_request")), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
    let e = verify(&with(auth.replace("/20261125/", "/20261124/")), T0, &lookup).unwrap_err();
    assert_eq!(
        e.message,
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261124' != '20261125', from '20261125T120000Z'."
    );
    let e = verify(&with(auth.replace("Credential=AKIAIOSFODNN7EXAMPLE/", "Credential=")), T0, &lookup).unwrap_err();
    assert_eq!(e.code, "IncompleteSignature");
}

#[test]
fn clock_skew_is_fifteen_minutes() {
    let req = sign(&assume_role("sts.amazonaws.com"), &params("us-east-1"));
    assert!(verify(&req, T0 + MAX_SKEW_SECS, &lookup).is_ok());
    assert!(verify(&req, T0 - MAX_SKEW_SECS, &lookup).is_ok());
    // devsecops/bootcamp#101, aws/aws-cli#6676.
    let e = verify(&req, T0 + MAX_SKEW_SECS + 1, &lookup).unwrap_err();
    assert_eq!((e.code, e.status), ("SignatureDoesNotMatch", 403));
    assert_eq!(e.message, "Signature expired: 20261125T120000Z is now earlier than 20261125T120001Z (20261125T121501Z - 15 min.)");
    let e = verify(&req, T0 - MAX_SKEW_SECS - 1, &lookup).unwrap_err();
    assert_eq!(e.message, "Signature not yet current: 20261125T120000Z is still later than 20261125T115959Z (20261125T114459Z + 15 min.)");
    // A presigned STS URL lives 15 minutes whatever its X-Amz-Expires (aws/aws-sdk-go#2167).
    let get = HttpRequest { method: "GET".into(), url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15".into(), headers: vec![], body: String::new() };
    let url = presign(&get, &params("us-east-1"), 60);
    assert!(verify(&url, T0 + 600, &lookup).is_ok());
    assert!(verify(&url, T0 + 901, &lookup).unwrap_err().message.starts_with("Signature expired: "));
}

#[test]
fn lookup_errors_pass_through() {
    let mut p = params("us-east-1");
    p.access_key_id = "AKIAI44QH8DHBEXAMPLE";
    let e = verify(&sign(&assume_role("sts.amazonaws.com"), &p), T0, &lookup).unwrap_err();
    assert_eq!((e.code, e.status, e.message.as_str()), ("InvalidClientTokenId", 403, "The security token included in the request is invalid."));
    let e = verify(&sign(&assume_role("sts.amazonaws.com"), &params("us-east-1")), T0, &|_, _| Err(SigError::expired_token())).unwrap_err();
    assert_eq!((e.code, e.status), ("ExpiredToken", 403));
}

#[test]
fn wrong_secret_is_signature_does_not_match() {
    let mut p = params("us-east-1");
    p.secret_access_key = "not-the-secret";
    let e = verify(&sign(&assume_role("sts.amazonaws.com"), &p), T0, &lookup).unwrap_err();
    assert_eq!((e.code, e.status), ("SignatureDoesNotMatch", 403));
    assert_eq!(
        e.message,
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
    );
    let creq = e.canonical_request.unwrap();
    assert!(creq.starts_with("POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sts.amazonaws.com\nx-amz-date:20261125T120000Z\n"), "{creq}");
    assert!(e.string_to_sign.unwrap().starts_with("AWS4-HMAC-SHA256\n20261125T120000Z\n20261125/us-east-1/sts/aws4_request\n"));
}

#[test]
fn missing_and_malformed_authentication() {
    let unsigned = assume_role("sts.amazonaws.com");
    let e = verify(&unsigned, T0, &lookup).unwrap_err();
    assert_eq!((e.code, e.status, e.message.as_str()), ("MissingAuthenticationToken", 403, "Request is missing Authentication Token"));

    let with_auth = |a: &str, date: bool| {
        let mut r = unsigned.clone();
        r.headers.push(("Authorization".into(), a.into()));
        if date {
            r.headers.push(("X-Amz-Date".into(), "20261125T120000Z".into()));
        }
        r
    };
    let e = verify(&with_auth("AWS4-HMAC-SHA256 Credential=ABCDEF", true), T0, &lookup).unwrap_err();
    // brendanhay/amazonka#316 (SES, a Query service).
    assert_eq!((e.code, e.status), ("IncompleteSignature", 400));
    assert_eq!(
        e.message,
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF"
    );
    let e = verify(&with_auth("Basic dXNlcjpwYXNz", false), T0, &lookup).unwrap_err();
    assert_eq!(
        e.message,
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Basic dXNlcjpwYXNz"
    );
    let e = verify(&with_auth("AWS4-HMAC-SHA256 Credential AKID/20261125/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00", true), T0, &lookup).unwrap_err();
    assert!(e.message.starts_with("'Credential AKID/20261125/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign)"), "{}", e.message);
    let e = verify(&with_auth(&format!("AWS4-HMAC-SHA256 Credential={AKID}/20261125/us-east-1/sts/aws4_request, SignedHeaders=x-amz-date, Signature=00"), true), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    let e = verify(&with_auth(&format!("AWS4-HMAC-SHA256 Credential={AKID}/20261125/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"), true), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    let e = verify(&with_auth(&format!("AWS4-HMAC-SHA256 Credential={AKID}/20261125/us-east-1/sts/aws4_request, SignedHeaders=accept;host;x-amz-date, Signature=00"), true), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "'accept' is named as a SignedHeader, but it does not exist in the HTTP request.");
    let mut r = with_auth(&format!("AWS4-HMAC-SHA256 Credential={AKID}/20261125/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"), false);
    r.headers.push(("X-Amz-Date".into(), "2026-11-25T12:00:00Z".into()));
    assert!(verify(&r, T0, &lookup).unwrap_err().message.starts_with("Date must be in ISO-8601 'basic format'. Got '2026-11-25T12:00:00Z'."));

    // Presigned parameters must all be there.
    let get = |q: &str| HttpRequest { method: "GET".into(), url: format!("https://sts.amazonaws.com/?{q}"), headers: vec![], body: String::new() };
    let e = verify(&get("Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"), T0, &lookup).unwrap_err();
    assert_eq!(e.message, "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters.");
    let url = presign(&get("Action=GetCallerIdentity&Version=2011-06-15"), &params("us-east-1"), 900);
    let e = verify(&HttpRequest { url: url.url.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"), ..url.clone() }, T0, &lookup).unwrap_err();
    assert_eq!(e.code, "IncompleteSignature");
}

#[test]
fn payload_hash_header_must_be_the_body_hash() {
    let p = SigningParams { content_sha256_header: true, ..params("us-east-1") };
    let req = sign(&assume_role("sts.amazonaws.com"), &p);
    assert!(verify(&req, T0, &lookup).is_ok());
    let mut unsigned_payload = assume_role("sts.amazonaws.com");
    unsigned_payload.headers.push(("x-amz-content-sha256".into(), "UNSIGNED-PAYLOAD".into()));
    let req = sign(&unsigned_payload, &params("us-east-1"));
    let e = verify(&req, T0, &lookup).unwrap_err();
    assert_eq!(e.message, "The provided 'x-amz-content-sha256' header does not match what was computed.");
}

/// Every one-character change of a signed request — method, URL, any header name or value, body —
/// is refused. Letters become another letter of the same case, digits another digit, anything
/// else `x`, so no change is a mere case or whitespace difference that SigV4 canonicalises away.
fn mutate(c: char) -> char {
    match c {
        'a'..='y' | 'A'..='Y' | '0'..='8' => char::from_u32(c as u32 + 1).unwrap_or('x'),
        'z' => 'a',
        'Z' => 'A',
        '9' => '0',
        _ => 'x',
    }
}

fn each_mutation(req: &HttpRequest, mut check: impl FnMut(HttpRequest, String)) {
    let swap = |s: &str, i: usize| -> String { s.chars().enumerate().map(|(j, c)| if i == j { mutate(c) } else { c }).collect() };
    for i in 0..req.method.chars().count() {
        check(HttpRequest { method: swap(&req.method, i), ..req.clone() }, format!("method[{i}]"));
    }
    for i in 0..req.url.chars().count() {
        check(HttpRequest { url: swap(&req.url, i), ..req.clone() }, format!("url[{i}]"));
    }
    for (h, (name, value)) in req.headers.iter().enumerate() {
        for i in 0..name.chars().count() {
            let mut r = req.clone();
            r.headers[h].0 = swap(name, i);
            check(r, format!("header {name} name[{i}]"));
        }
        for i in 0..value.chars().count() {
            let mut r = req.clone();
            r.headers[h].1 = swap(value, i);
            check(r, format!("header {name} value[{i}]"));
        }
    }
    for i in 0..req.body.chars().count() {
        check(HttpRequest { body: swap(&req.body, i), ..req.clone() }, format!("body[{i}]"));
    }
}

#[test]
fn every_single_character_change_is_refused() {
    let token = "FwoGZXIvYXdzEXAMPLE";
    let p = SigningParams { session_token: Some(token), content_sha256_header: true, ..params("us-east-1") };
    let mut base = assume_role("sts.amazonaws.com");
    base.url = "/".into();
    base.headers.push(("Host".into(), "sts.amazonaws.com".into()));
    let signed = sign(&base, &p);
    let presigned = presign(
        &HttpRequest { method: "GET".into(), url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15".into(), headers: vec![], body: String::new() },
        &p,
        900,
    );
    // As a server receives it: origin-form target, host in the Host header (with an
    // absolute-form target the Host header is ignored, RFC 9112 §3.2.2, so changing it changes
    // nothing).
    let presigned = HttpRequest { url: presigned.url.replacen("https://sts.amazonaws.com", "", 1), ..presigned };
    for req in [signed, presigned] {
        assert!(verify(&req, T0, &lookup).is_ok());
        let mut n = 0;
        each_mutation(&req, |r, what| {
            n += 1;
            assert!(verify(&r, T0, &lookup).is_err(), "accepted after changing {what}: {r:?}");
        });
        assert!(n > 200, "{n}");
    }
}
