#[allow(unused_imports)]
use super::*;
use serde_json::json;

/// Prints the answer to a case file: `SHOW_CASE=path cargo test --lib show_case -- --ignored --nocapture`.
#[test]
#[ignore]
fn show_case() {
    let Ok(path) = std::env::var("SHOW_CASE") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let answer = crate::api::call(case["call"].as_str().unwrap(), &case["input"]);
    println!("{}", serde_json::to_string_pretty(&answer).unwrap());
}

#[test]
fn smoke() {
    let answer = crate::api::call("simulate", &json!({"policies": {}, "request": {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"}}));
    assert_eq!(answer["decision"], "ImplicitDeny");
}
