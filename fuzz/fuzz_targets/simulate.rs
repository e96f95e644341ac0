//! `simulate` with arbitrary policies and contexts: policy sets and requests from the policy
//! grammar (`sts_sim_fuzz::simulate_input`), or, when the input starts with `{`, the bytes as a
//! `simulate` argument in JSON (seeded from the `simulate` cases). Beyond "never panics", the
//! fast path (`handle.decide`, no trace) must reach the decision the traced path explains.

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use sts_sim::api::simulate::{compile_policies, decide_compiled, simulate};

fuzz_target!(|data: &[u8]| {
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
});
