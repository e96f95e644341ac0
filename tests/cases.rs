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

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn data_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no case files under {}", root.display());
    let filter = std::env::var("CASE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap().display().to_string();
        if !rel.contains(&filter) {
            continue;
        }
        ran += 1;
        let outcome = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).map_err(|e| format!("not valid JSON: {e}")))
            .and_then(|case| {
                let (call, input, expect) = common::case_parts(&case)?;
                let answer = sts_sim::api::call(call, input);
                match common::mismatch(expect, &answer, "$") {
                    Some(why) => Err(format!("({}) {why}\n    answer: {answer}", case["title"])),
                    None => Ok(()),
                }
            });
        if let Err(why) = outcome {
            failures.push(format!("{rel}: {why}"));
        }
    }
    println!("data cases: {} passed, {} failed", ran - failures.len(), failures.len());
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}
