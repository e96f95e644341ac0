//! The exported JS API compiled to wasm, run by wasm-bindgen-test-runner in Node and (with
//! WASM_BINDGEN_USE_BROWSER=1, see ./x) in headless Chromium. It calls the `#[wasm_bindgen]`
//! exports exactly as JS does, including the JS-value conversion at the boundary.
#![cfg(target_arch = "wasm32")]

mod common;

use serde::Serialize;
use serde_json::{Value, json};
use sts_sim::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

fn js(value: &Value) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn rust(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap()
}

/// Calls an export the way JS would.
fn call(name: &str, input: &Value) -> Value {
    let answer = match name {
        "validatePolicy" => wasm::validate_policy(js(&input["policy"]), js(&input.get("options").cloned().unwrap_or(Value::Null))),
        "simulate" => wasm::simulate(js(input)),
        // A scenario of several Sim calls: run through the same JSON API as natively, so the
        // whole STS path (clock, seeded randomness, sealing, TOTP) is exercised as wasm.
        other => return sts_sim::api::call(other, input),
    };
    rust(answer.unwrap_or_else(|e| panic!("{name} threw {e:?}")))
}

/// The whole case corpus compiled to wasm: the policy cases through the JS exports, the STS
/// scenarios through the JSON API.
#[wasm_bindgen_test]
fn case_corpus_in_wasm() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for (name, text) in CASES.iter() {
        let case: Value = serde_json::from_str(text).unwrap();
        let (call_name, input, expect) = common::case_parts(&case).unwrap();
        let answer = call(call_name, input);
        ran += 1;
        if let Some(why) = common::mismatch(expect, &answer, "$") {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(ran > 0, "no cases were embedded");
    assert!(failures.is_empty(), "{} case(s) failed in wasm:\n{}", failures.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn validate_policy_reports_positions_in_the_text() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}";
    let answer = rust(wasm::validate_policy(JsValue::from_str(text), JsValue::UNDEFINED).unwrap());
    assert_eq!(answer["type"], "failure");
    let error = &answer["errors"][0];
    assert_eq!(error["code"], "MISSING_EFFECT");
    assert_eq!(error["line"], 3);
    assert_eq!(error["awsErrorCode"], "MalformedPolicyDocument");
}

#[wasm_bindgen_test]
fn validate_policy_accepts_an_object() {
    let policy = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}});
    let answer = rust(wasm::validate_policy(js(&policy), js(&json!({"kind": "identity"}))).unwrap());
    assert_eq!(answer["type"], "success", "{answer}");
}

#[wasm_bindgen_test]
fn wrong_argument_types_throw_type_errors_and_the_module_stays_usable() {
    let err = wasm::validate_policy(JsValue::from_f64(42.0), JsValue::UNDEFINED).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    let err = wasm::validate_policy(JsValue::from_str("{}"), JsValue::from_str("trust")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    // A bad kind inside a well-typed options object is a failure value, not an exception.
    let answer = rust(wasm::validate_policy(JsValue::from_str("{}"), js(&json!({"kind": "nope"}))).unwrap());
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["errors"][0]["path"], "options.kind");
    // And the next call works.
    let ok = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
    assert_eq!(rust(wasm::validate_policy(js(&ok), JsValue::UNDEFINED).unwrap())["type"], "success");
}

#[wasm_bindgen_test]
fn deeply_nested_input_is_refused_not_overflowed() {
    let mut deep = json!("leaf");
    for _ in 0..200 {
        deep = json!({ "a": deep });
    }
    let answer = rust(wasm::validate_policy(js(&deep), JsValue::UNDEFINED).unwrap());
    assert_eq!(answer["type"], "failure");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("nested"));
}
