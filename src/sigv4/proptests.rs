//! Property tests: verification never panics on arbitrary input, and sign → verify round trips
//! for arbitrary parameters, regions, times and session tokens.

use super::*;
use crate::query::{form_encode, parse_request, serialize_request};
use proptest::prelude::*;
use serde_json::json;

fn lookup(_: &str, _: Option<&str>) -> Result<String, SigError> {
    Ok("secret/with+chars=".to_string())
}

proptest! {
    #[test]
    fn verification_never_panics(
        method in "[A-Z]{0,5}",
        url in ".{0,80}",
        headers in prop::collection::vec(("(Authorization|X-Amz-Date|Date|Host|x-amz-content-sha256|X-Amz-Security-Token|[a-z-]{1,8})", ".{0,120}"), 0..6),
        body in ".{0,60}",
        now in any::<i64>(),
    ) {
        let req = HttpRequest { method, url, headers, body };
        let _ = verify(&req, now, &lookup);
    }

    #[test]
    fn presigned_parameters_never_panic(
        q in prop::collection::vec(("(X-Amz-Algorithm|X-Amz-Credential|X-Amz-Date|X-Amz-Signature|X-Amz-SignedHeaders|X-Amz-Security-Token|X-Amz-Expires)", "[ -~]{0,40}"), 0..8),
        now in any::<i64>(),
    ) {
        let query = q.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let req = HttpRequest { method: "GET".into(), url: format!("https://sts.amazonaws.com/?{query}"), headers: vec![], body: String::new() };
        let _ = verify(&req, now, &lookup);
    }

    #[test]
    fn sign_verify_round_trip(
        region in "[a-z]{2}-[a-z]{4,9}-[1-9]",
        global in any::<bool>(),
        name in "\\PC{0,30}",
        tags in prop::collection::vec(("\\PC{0,12}", "\\PC{0,12}"), 0..4),
        token in prop::option::of("[A-Za-z0-9+/=]{1,60}"),
        time in 0i64..4_102_444_800,
        skew in -MAX_SKEW_SECS..=MAX_SKEW_SECS,
        extra_header in prop::option::of(("x-custom-[a-z]{1,5}", "[ -~]{0,20}")),
        presigned in any::<bool>(),
    ) {
        let params = json!({"Name": name, "Tags": tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect::<Vec<_>>()});
        let form = form_encode(&serialize_request("GetFederationToken", &params).unwrap());
        let (host, region) = if global { ("sts.amazonaws.com".to_string(), "us-east-1".to_string()) } else { (format!("sts.{region}.amazonaws.com"), region) };
        let mut headers = vec![("Content-Type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string())];
        if let Some((n, v)) = extra_header {
            headers.push((n, v));
        }
        let p = SigningParams {
            access_key_id: "ASIAY34FZKBOKMUTVV7A",
            secret_access_key: "secret/with+chars=",
            session_token: token.as_deref(),
            region: &region,
            service: "sts",
            time,
            content_sha256_header: false,
        };
        let req = if presigned {
            presign(&HttpRequest { method: "GET".into(), url: format!("https://{host}/?{form}"), headers: vec![], body: String::new() }, &p, 900)
        } else {
            sign(&HttpRequest { method: "POST".into(), url: format!("https://{host}/"), headers, body: form }, &p)
        };
        let v = verify(&req, time + skew, &lookup);
        prop_assert!(v.is_ok(), "{:?}", v);
        let v = v.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(v.session_token.as_deref(), token.as_deref());
        prop_assert_eq!(v.region, region);
        prop_assert_eq!(v.signed_at, time);
        // The same request parses back to the parameters that were signed.
        let parsed = parse_request(&req);
        prop_assert!(parsed.is_ok());
        prop_assert_eq!(parsed.map(|r| r.params).unwrap_or_default(), params);
    }
}
