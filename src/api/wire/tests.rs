//! The wire end to end: requests signed exactly as SDKs sign them (`sigv4::sign`, `presign`)
//! with a world's keys, answered as STS answers them; and hostile input answered with AWS
//! errors, never a panic.

use serde_json::{Value, json};

use super::*;
use crate::query::{HttpRequest, form_encode, serialize_request};
use crate::sigv4::{SigningParams, presign, sign};

const NOW_MS: i64 = 1_795_608_000_000; // 2026-11-25T12:00:00Z
const NOW: i64 = NOW_MS / 1000;
const ALICE_KEY: &str = "AKIARTX3GSDSSUAQEAYE";
const ALICE_SECRET: &str = "alice/Secret/Key/000000000000000000000000";
const HOST: &str = "sts.us-east-1.amazonaws.com";
const DEPLOY: &str = "arn:aws:iam::111122223333:role/Deploy";

fn sim() -> Sim {
    let world = crate::sts::world::load(&json!({
        "Accounts": [{
            "AccountId": "111122223333",
            "AuthorizationDetails": {
                "UserDetailList": [{ "UserName": "alice", "UserPolicyList": [{ "PolicyName": "assume",
                    "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": DEPLOY }] } }] }],
                "RoleDetailList": [
                    { "RoleName": "Deploy", "RoleId": "AROADEPLOYEXAMPLE0001",
                      "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole" }] } },
                    { "RoleName": "Locked",
                      "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole" }] } }
                ]
            },
            "AccessKeys": [{ "UserName": "alice", "AccessKeyId": ALICE_KEY, "SecretAccessKey": ALICE_SECRET }]
        }]
    }))
    .unwrap();
    Sim::new(world, NOW_MS, 7)
}

/// An unsigned POST of an operation, as botocore's query serializer writes it.
fn request(operation: &str, params: &Value) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: format!("https://{HOST}/"),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: form_encode(&serialize_request(operation, params).unwrap()),
    }
}

fn signing<'a>(key: &'a str, secret: &'a str, token: Option<&'a str>, time: i64) -> SigningParams<'a> {
    SigningParams { access_key_id: key, secret_access_key: secret, session_token: token, region: "us-east-1", service: "sts", time, content_sha256_header: false }
}

fn signed_as_alice(operation: &str, params: &Value) -> HttpRequest {
    sign(&request(operation, params), &signing(ALICE_KEY, ALICE_SECRET, None, NOW))
}

fn header<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The text of the first `<name>…</name>` in an answer.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{name}>"))? + start;
    Some(&xml[start..end])
}

fn assert_error(r: &HttpResponse, status: u16, code: &str, message: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(element(&r.body, "Code"), Some(code), "{}", r.body);
    assert_eq!(element(&r.body, "Message"), Some(message), "{}", r.body);
    assert!(r.body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), "{}", r.body);
    assert_eq!(header(r, "x-amzn-RequestId"), element(&r.body, "RequestId"));
}

fn assume_role(sim: &mut Sim) -> (String, String, String) {
    let r = handle(sim, &signed_as_alice("AssumeRole", &json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci" })));
    assert_eq!(r.status, 200, "{}", r.body);
    let get = |n| element(&r.body, n).unwrap().to_string();
    (get("AccessKeyId"), get("SecretAccessKey"), get("SessionToken"))
}

#[test]
fn signed_assume_role_answers_sts_xml() {
    let mut sim = sim();
    let r = handle(&mut sim, &signed_as_alice("AssumeRole", &json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci" })));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.starts_with("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <AssumeRoleResult>\n    <Credentials>\n      <AccessKeyId>ASIA"), "{}", r.body);
    assert_eq!(element(&r.body, "Arn"), Some("arn:aws:sts::111122223333:assumed-role/Deploy/ci"));
    assert_eq!(element(&r.body, "Expiration"), Some("2026-11-25T13:00:00Z"));
    assert_eq!(header(&r, "Content-Type"), Some("text/xml"));
    assert_eq!(header(&r, "Date"), Some("Wed, 25 Nov 2026 12:00:00 GMT"));
    // The answer's request id is the CloudTrail record's.
    let events = sim.events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["eventName"], "AssumeRole");
    assert_eq!(events[0]["userIdentity"]["arn"], "arn:aws:iam::111122223333:user/alice");
    assert_eq!(events[0]["requestID"].as_str(), element(&r.body, "RequestId"));
    assert_eq!(header(&r, "x-amzn-RequestId"), element(&r.body, "RequestId"));
}

#[test]
fn deterministic_answers() {
    let run = || {
        let mut s = sim();
        let a = handle(&mut s, &signed_as_alice("AssumeRole", &json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci" })));
        let mut unknown = request("GetCallerIdentity", &json!({}));
        unknown.body = "Action=Nope&Version=2011-06-15".into();
        let b = handle(&mut s, &unknown);
        (a, b, s.events().to_vec())
    };
    assert_eq!(run(), run());
}

#[test]
fn session_credentials_call_get_caller_identity() {
    let mut sim = sim();
    let (key, secret, token) = assume_role(&mut sim);
    let req = sign(&request("GetCallerIdentity", &json!({})), &signing(&key, &secret, Some(&token), NOW));
    let r = handle(&mut sim, &req);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(element(&r.body, "Arn"), Some("arn:aws:sts::111122223333:assumed-role/Deploy/ci"));
    assert_eq!(element(&r.body, "UserId"), Some("AROADEPLOYEXAMPLE0001:ci"));
    assert_eq!(element(&r.body, "Account"), Some("111122223333"));
}

#[test]
fn denied_call_answers_access_denied() {
    let mut sim = sim();
    let r = handle(&mut sim, &signed_as_alice("AssumeRole", &json!({ "RoleArn": "arn:aws:iam::111122223333:role/Locked", "RoleSessionName": "ci" })));
    assert_error(
        &r,
        403,
        "AccessDenied",
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Locked",
    );
    assert_eq!(sim.events()[0]["errorCode"], "AccessDenied");
}

#[test]
fn wrong_secret_answers_signature_does_not_match() {
    let mut sim = sim();
    let req = sign(&request("GetCallerIdentity", &json!({})), &signing(ALICE_KEY, "not/alice/secret", None, NOW));
    let r = handle(&mut sim, &req);
    assert_error(
        &r,
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    // Recorded like a refused `call`, with the key it named.
    let e = &sim.events()[0];
    assert_eq!(e["errorCode"], "SignatureDoesNotMatch");
    assert_eq!(e["userIdentity"]["accessKeyId"], ALICE_KEY);
    assert_eq!(e["requestID"].as_str(), element(&r.body, "RequestId"));
}

#[test]
fn a_changed_body_no_longer_matches() {
    let mut sim = sim();
    let mut req = signed_as_alice("AssumeRole", &json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci" }));
    req.body = req.body.replace("ci", "cd");
    assert_eq!(element(&handle(&mut sim, &req).body, "Code"), Some("SignatureDoesNotMatch"));
}

#[test]
fn unsigned_assume_role_answers_missing_authentication_token() {
    let mut sim = sim();
    let r = handle(&mut sim, &request("AssumeRole", &json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci" })));
    assert_error(&r, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    assert_eq!(sim.events()[0]["eventName"], "AssumeRole");
}

#[test]
fn unsigned_operations_need_no_signature() {
    // AssumeRoleWithWebIdentity is `noAuth`: an unsigned request reaches the operation, which
    // refuses the token itself (not MissingAuthenticationToken).
    let mut sim = sim();
    let params = json!({ "RoleArn": DEPLOY, "RoleSessionName": "ci", "WebIdentityToken": "not-a-jwt-at-all" });
    let r = handle(&mut sim, &request("AssumeRoleWithWebIdentity", &params));
    let code = element(&r.body, "Code").unwrap_or("");
    assert_ne!(code, "MissingAuthenticationToken", "{}", r.body);
    assert_ne!(r.status, 200);
}

#[test]
fn unknown_action_answers_invalid_action() {
    let mut sim = sim();
    let mut req = request("GetCallerIdentity", &json!({}));
    req.body = "Action=GetSendStatistics&Version=2011-06-15".into();
    let r = handle(&mut sim, &sign(&req, &signing(ALICE_KEY, ALICE_SECRET, None, NOW)));
    assert_error(&r, 400, "InvalidAction", "Could not find operation GetSendStatistics for version 2011-06-15");
    assert!(sim.events().is_empty());
}

#[test]
fn clock_skew_is_refused_either_way() {
    let mut sim = sim();
    let late = sign(&request("GetCallerIdentity", &json!({})), &signing(ALICE_KEY, ALICE_SECRET, None, NOW - 16 * 60));
    assert_error(
        &handle(&mut sim, &late),
        403,
        "SignatureDoesNotMatch",
        "Signature expired: 20261125T114400Z is now earlier than 20261125T114500Z (20261125T120000Z - 15 min.)",
    );
    let early = sign(&request("GetCallerIdentity", &json!({})), &signing(ALICE_KEY, ALICE_SECRET, None, NOW + 16 * 60));
    assert_error(
        &handle(&mut sim, &early),
        403,
        "SignatureDoesNotMatch",
        "Signature not yet current: 20261125T121600Z is still later than 20261125T121500Z (20261125T120000Z + 15 min.)",
    );
    // Within the window: accepted.
    let ok = sign(&request("GetCallerIdentity", &json!({})), &signing(ALICE_KEY, ALICE_SECRET, None, NOW - 14 * 60));
    assert_eq!(handle(&mut sim, &ok).status, 200);
}

#[test]
fn tampered_session_token_answers_invalid_client_token_id() {
    let mut sim = sim();
    let (key, secret, token) = assume_role(&mut sim);
    let mid = token.len() / 2;
    let tampered: String = token.char_indices().map(|(i, c)| if i == mid { if c == 'A' { 'B' } else { 'A' } } else { c }).collect();
    let req = sign(&request("GetCallerIdentity", &json!({})), &signing(&key, &secret, Some(&tampered), NOW));
    assert_error(&handle(&mut sim, &req), 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    // An unknown long-term key, the same.
    let req = sign(&request("GetCallerIdentity", &json!({})), &signing("AKIAIOSFODNN7EXAMPLE", "x", None, NOW));
    assert_error(&handle(&mut sim, &req), 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
}

#[test]
fn expired_session_answers_expired_token() {
    let mut sim = sim();
    let (key, secret, token) = assume_role(&mut sim);
    sim.advance(3600);
    let req = sign(&request("GetCallerIdentity", &json!({})), &signing(&key, &secret, Some(&token), NOW + 3600));
    assert_error(&handle(&mut sim, &req), 403, "ExpiredToken", "The security token included in the request is expired");
    assert_eq!(sim.events().last().unwrap()["errorCode"], "ExpiredToken");
}

#[test]
fn presigned_get_caller_identity() {
    let mut sim = sim();
    let get = HttpRequest { method: "GET".into(), url: format!("https://{HOST}/?Action=GetCallerIdentity&Version=2011-06-15"), headers: vec![], body: String::new() };
    let req = presign(&get, &signing(ALICE_KEY, ALICE_SECRET, None, NOW), 900);
    let r = handle(&mut sim, &req);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(element(&r.body, "Arn"), Some("arn:aws:iam::111122223333:user/alice"));
    // A presigned URL lives 15 minutes, whatever X-Amz-Expires says (see sigv4::MAX_SKEW_SECS).
    sim.advance(16 * 60);
    assert_eq!(element(&handle(&mut sim, &req).body, "Code"), Some("SignatureDoesNotMatch"));
}

#[test]
fn global_endpoint_signs_with_us_east_1() {
    let mut sim = sim();
    let mut req = request("GetCallerIdentity", &json!({}));
    req.url = "https://sts.amazonaws.com/".into();
    let r = handle(&mut sim, &sign(&req, &signing(ALICE_KEY, ALICE_SECRET, None, NOW)));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(sim.events()[0]["tlsDetails"]["clientProvidedHostHeader"], "sts.amazonaws.com");
    let mut eu = signing(ALICE_KEY, ALICE_SECRET, None, NOW);
    eu.region = "eu-west-1";
    let r = handle(&mut sim, &sign(&req, &eu));
    assert_error(&r, 403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not &apos;eu-west-1&apos;. ");
}

#[test]
fn a_local_address_takes_the_region_of_the_scope() {
    let mut sim = sim();
    let mut req = request("GetCallerIdentity", &json!({}));
    req.url = "/".into();
    req.headers.push(("Host".into(), "127.0.0.1:4566".into()));
    req.headers.push(("User-Agent".into(), "aws-cli/2.0".into()));
    let mut eu = signing(ALICE_KEY, ALICE_SECRET, None, NOW);
    eu.region = "eu-west-1";
    assert_eq!(handle(&mut sim, &sign(&req, &eu)).status, 200);
    assert_eq!(sim.events()[0]["awsRegion"], "eu-west-1");
    assert_eq!(sim.events()[0]["userAgent"], "aws-cli/2.0");
}

#[test]
fn missing_parameters_answer_validation_errors() {
    let mut sim = sim();
    let r = handle(&mut sim, &signed_as_alice("AssumeRole", &json!({ "RoleSessionName": "ci" })));
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(element(&r.body, "Code"), Some("ValidationError"));
    // No Action, no Version.
    let mut req = request("GetCallerIdentity", &json!({}));
    req.body = "Version=2011-06-15".into();
    assert_error(&handle(&mut sim, &req), 400, "MissingAction", "The request is missing an action or a required parameter.");
    req.body = "Action=GetCallerIdentity".into();
    assert_error(&handle(&mut sim, &req), 400, "MissingParameter", "The request must contain the parameter Version");
}

#[test]
fn hostile_input_answers_aws_errors() {
    let mut sim = sim();
    let base = request("GetCallerIdentity", &json!({}));
    let bodies: Vec<String> = vec![
        "Action=%zz&Version=2011-06-15".into(),
        "%".into(),
        "&&&===&&".into(),
        "Action=GetCallerIdentity&Version=2011-06-15&%FF%FE=1".into(),
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><AssumeRole>&a;</AssumeRole>".into(),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=<x>&RoleSessionName=]]>&Tags.member.99999999999999999999999.Key=a".into(),
        "Action=AssumeRole&Version=2011-06-15&Tags.member.1.Key.Extra=1&PolicyArns.member.0.arn=x&DurationSeconds=1e309".into(),
        "Action=AssumeRole\u{0}&Version=2011-06-15".into(),
        "a".repeat(crate::query::MAX_BODY_BYTES + 1),
    ];
    for body in bodies {
        let mut req = base.clone();
        req.body = body.clone();
        for req in [req.clone(), sign(&req, &signing(ALICE_KEY, ALICE_SECRET, None, NOW))] {
            let r = handle(&mut sim, &req);
            assert!((400..500).contains(&r.status), "{} for {:.80}", r.status, body);
            assert!(r.body.starts_with("<ErrorResponse"), "{}", r.body);
        }
    }
    let mut big = base.clone();
    big.body = "a".repeat(crate::query::MAX_BODY_BYTES + 1);
    assert_eq!(element(&handle(&mut sim, &big).body, "Code"), Some("RequestEntityTooLargeException"));
    assert_eq!(handle(&mut sim, &big).status, 413);
    // Broken signing material.
    let mut req = base.clone();
    req.headers.push(("Authorization".into(), "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=".into()));
    req.headers.push(("X-Amz-Date".into(), "yesterday".into()));
    assert_eq!(element(&handle(&mut sim, &req).body, "Code"), Some("IncompleteSignature"));
    let mut req = base.clone();
    req.url = "/?X-Amz-Signature=%%&X-Amz-Credential=a/b".into();
    assert!(handle(&mut sim, &req).status >= 400);
}

#[test]
fn json_face_reads_headers_as_object_or_pairs() {
    let mut sim = sim();
    let signed = signed_as_alice("GetCallerIdentity", &json!({}));
    let as_object: Map<String, Value> = signed.headers.iter().map(|(n, v)| (n.clone(), json!(v))).collect();
    let r = handle_json(&mut sim, &json!({ "method": "POST", "url": signed.url, "headers": as_object, "body": signed.body })).unwrap();
    assert_eq!(r["status"], 200, "{r}");
    assert_eq!(r["headers"]["Content-Type"], "text/xml");
    let pairs: Vec<Value> = signed.headers.iter().map(|(n, v)| json!([n, v])).collect();
    let r = handle_json(&mut sim, &json!({ "method": "POST", "url": signed.url, "headers": pairs, "body": signed.body })).unwrap();
    assert_eq!(r["status"], 200, "{r}");
    assert!(handle_json(&mut sim, &json!({ "url": "/" })).unwrap_err().contains("'method'"));
    assert!(handle_json(&mut sim, &json!({ "method": "GET", "url": "/", "headers": 3 })).is_err());
    assert!(handle_json(&mut sim, &json!({ "method": "GET", "url": "/", "extra": 1 })).is_err());
    assert!(handle_json(&mut sim, &json!([])).is_err());
}
