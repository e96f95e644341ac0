//! `simulate` with arbitrary policies and contexts: policy sets and requests from the policy
//! grammar (`sts_sim_fuzz::simulate_input`), or, when the input starts with `{`, the bytes as a
//! `simulate` argument in JSON (seeded from the `simulate` cases). Beyond "never panics", the
//! fast path (`handle.decide`, no trace) must reach the decision the traced path explains, and
//! the readers that take a request in place (`request_text`: from JSON text, from the JS
//! packer's fields) must read, whenever they accept one, what serde_json and `eval_request` read.

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use sts_sim::api::request_text::read_packed;
use sts_sim::api::simulate::{compile_policies, decide_compiled, decide_text, eval_request, eval_request_text, simulate};

fuzz_target!(|data: &[u8]| {
    // The bytes as a request's text: the in-place reader accepts only what the general path
    // reads the same way. The packed form has no other reader: it must only never panic.
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(read) = eval_request_text(text) {
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("read in place, but not JSON ({e}): {text:?}"));
            assert_eq!(eval_request(&value).ok(), Some(read), "the in-place reader and serde disagree on {text:?}");
        }
        let _ = read_packed(text);
    }
    let input = if data.first() == Some(&b'{') {
        match sts_sim_fuzz::raw_json(data) {
            Some(v) => v,
            None => return,
        }
    } else {
        match sts_sim_fuzz::simulate_input(&mut Unstructured::new(data)) {
            Ok(v) => v,
            Err(_) => return,
        }
    };
    let answer = simulate(&input);
    sts_sim_fuzz::note(&format!("{} {} {}", answer["type"], answer["decision"], answer["errors"][0]["message"]));
    assert!(answer["type"] == "success" || answer["type"] == "failure", "{answer}");
    if answer["type"] != "success" {
        return;
    }
    let set = compile_policies(&input["policies"]).unwrap_or_else(|f| panic!("simulate succeeded but compilePolicies failed: {f}"));
    let fast = decide_compiled(&set, &input["request"]).unwrap_or_else(|f| panic!("simulate succeeded but decide failed: {f}"));
    let fast = serde_json::to_value(fast).unwrap_or_default();
    assert_eq!(fast, answer["decision"], "decide and simulate disagree on {input}");
    for text in [input["request"].to_string(), serde_json::to_string_pretty(&input["request"]).unwrap_or_default()] {
        if let Some(decision) = decide_text(&set, &text) {
            assert_eq!(serde_json::to_value(decision).unwrap_or_default(), answer["decision"], "decide_text and simulate disagree on {text}");
        }
    }
});
