//! The data-case harness: every `tests/cases/**/*.json` file is one scenario, run through the
//! same JSON API the wasm exports use (`sts_sim::api::call`). A new AWS behaviour is a new file.
//!
//! A case file:
//! ```json
//! { "title": "…", "doc": "AWS doc page title — URL",
//!   "call": "validatePolicy" | "simulate" | …,
//!   "input": { …the API argument… },
//!   "expect": { …a subset of the answer… } }
//! ```
//! Run a subset with `CASE=policy/eval cargo test --test cases`.

mod common;

// The corpus, embedded by build.rs (the same list the wasm test runs).
include!(concat!(env!("OUT_DIR"), "/cases.rs"));

#[test]
fn data_cases() {
    assert!(!CASES.is_empty(), "no case files under tests/cases/");
    let filter = std::env::var("CASE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, text) in CASES.iter().filter(|(name, _)| name.contains(&filter)) {
        ran += 1;
        let outcome = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| format!("not valid JSON: {e}"))
            .and_then(|case| {
                let (call, input, expect) = common::case_parts(&case)?;
                let answer = sts_sim::api::call(call, input);
                match common::mismatch(expect, &answer, "$") {
                    Some(why) => Err(format!("({}) {why}\n    answer: {answer}", case["title"])),
                    None => Ok(()),
                }
            });
        if let Err(why) = outcome {
            failures.push(format!("{name}: {why}"));
        }
    }
    println!("data cases: {} passed, {} failed", ran - failures.len(), failures.len());
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}
