//! Property tests: parsing never panics, and serialize → parse gives the parameters back.

use super::*;
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #[test]
    fn parsing_never_panics(
        method in "(GET|POST|PUT|[A-Za-z]{0,6})",
        url in ".{0,80}",
        body in ".{0,300}",
        ct in prop::option::of("(application/x-www-form-urlencoded|text/plain|.{0,20})"),
    ) {
        let headers = ct.map(|c| vec![("Content-Type".to_string(), c)]).unwrap_or_default();
        let _ = parse_request(&HttpRequest { method, url, headers, body });
    }

    #[test]
    fn structured_keys_never_panic(keys in prop::collection::vec("(Tags|PolicyArns|TransitiveTagKeys|ProvidedContexts|RoleArn|TaskPolicyArn|Audience)(\\.(member|arn|Key|Value|[0-9]{1,3}|-1|\\+1|))*", 0..8)) {
        for op in ["AssumeRole", "AssumeRoot", "GetWebIdentityToken"] {
            let body = std::iter::once(format!("Action={op}&Version=2011-06-15"))
                .chain(keys.iter().map(|k| format!("{k}=v")))
                .collect::<Vec<_>>()
                .join("&");
            let req = HttpRequest { method: "POST".into(), url: "/".into(), headers: vec![("content-type".into(), "application/x-www-form-urlencoded".into())], body };
            prop_assert!(parse_request(&req).is_ok());
        }
    }

    #[test]
    fn serialize_parse_round_trip(
        arn in "\\PC{0,40}",
        name in "\\PC{0,20}",
        tags in prop::collection::vec(("\\PC{0,10}", "\\PC{0,10}"), 0..5),
        keys in prop::collection::vec("\\PC{0,10}", 0..4),
        duration in any::<i32>(),
    ) {
        let params = json!({
            "RoleArn": arn,
            "RoleSessionName": name,
            "DurationSeconds": duration,
            "Tags": tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect::<Vec<_>>(),
            "TransitiveTagKeys": keys,
        });
        let pairs = serialize_request("AssumeRole", &params).unwrap();
        let req = HttpRequest { method: "GET".into(), url: format!("/?{}", form_encode(&pairs)), headers: vec![], body: String::new() };
        let parsed = parse_request(&req).unwrap();
        // serde_json maps compare regardless of key order.
        prop_assert_eq!(parsed.params, params);
    }
}
