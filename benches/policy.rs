//! Policy decisions per second, natively, on the standard workload, and decision time as the
//! policy set grows (10, 100, 1,000 identity statements, the same 10,000 requests).
//! `node bench/workload.mjs` writes the inputs to target/bench/; `./x bench` runs both and
//! `bench/report.mjs` puts these figures in its table. Prints figures; asserts nothing.
//!
//! `cargo bench --bench policy -- decide` runs only the decision loop, `-- decide-json` the
//! decision from parsed JSON values (the general path), `-- decide-text` from JSON text read in
//! place (what `handle.decide` runs for the usual request) and `-- trace` only the traced path
//! (for profiling, e.g. under `perf record`).

mod report;

use std::hint::black_box;
use std::time::Instant;

use serde_json::{Value, json};
use sts_sim::api::simulate::{compile_policies, decide_compiled, decide_text, eval_request, simulate, simulate_compiled};

fn main() {
    let workload = report::input("workload.json");
    let policies = &workload["policies"];
    let requests = workload["requests"].as_array().expect("requests");
    let set = compile_policies(policies).expect("the workload's policies compile");
    let parsed: Vec<_> = requests.iter().map(|r| eval_request(r).expect("workload requests are valid")).collect();
    let compiled = set.policies();

    if std::env::args().any(|a| a == "trace") {
        for r in requests {
            black_box(simulate_compiled(&set, r));
        }
        return;
    }
    if std::env::args().any(|a| a == "decide-json") {
        for _ in 0..100 {
            for r in requests {
                black_box(decide_compiled(&set, r).ok());
            }
        }
        return;
    }
    if std::env::args().any(|a| a == "decide-text") {
        let texts: Vec<String> = requests.iter().map(Value::to_string).collect();
        for _ in 0..100 {
            for t in &texts {
                black_box(decide_text(&set, t));
            }
        }
        return;
    }
    if std::env::args().any(|a| a == "decide") {
        for _ in 0..200 {
            for r in &parsed {
                black_box(compiled.evaluate(r));
            }
        }
        return;
    }

    let mut report = report::Report::new("policy-native");
    let n = 2_000;
    let start = Instant::now();
    for r in requests.iter().take(n) {
        black_box(simulate(&json!({ "policies": policies, "request": r })));
    }
    report.rate("policy", "one-off: simulate() (parse, compile, decide, trace)", n, start.elapsed(), "");

    let rounds = 5;
    let start = Instant::now();
    for _ in 0..rounds {
        for r in requests {
            black_box(decide_compiled(&set, r).ok());
        }
    }
    report.rate("policy", "compiled: decide(JSON request)", rounds * requests.len(), start.elapsed(), "the general path: a parsed serde_json value");

    // What handle.decide's Rust side does for a request in the usual form, natively: read the
    // fields in place (from JSON text here; in wasm they come packed by JS), build, decide.
    let texts: Vec<String> = requests.iter().map(Value::to_string).collect();
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            black_box(decide_text(&set, t));
        }
    }
    report.rate("policy", "compiled: decide_text(JSON text), read in place", rounds * texts.len(), start.elapsed(), "handle.decide's path, without the JS boundary");

    let start = Instant::now();
    for r in requests {
        black_box(simulate_compiled(&set, r));
    }
    report.rate("policy", "compiled: simulate(JSON request) with trace", requests.len(), start.elapsed(), "");

    let rounds = 20;
    let start = Instant::now();
    for _ in 0..rounds {
        for r in &parsed {
            black_box(compiled.evaluate(r));
        }
    }
    report.rate("policy", "compiled: decision only, parsed requests (10,000 in turn)", rounds * parsed.len(), start.elapsed(), "");

    // The same 16 requests over and over: what a decision costs when its request is in cache
    // (as a freshly built request is); the row above also pays the cache misses of walking
    // 10,000 pre-built requests.
    let hot = &parsed[..16];
    let start = Instant::now();
    for _ in 0..rounds * parsed.len() / hot.len() {
        for r in hot {
            black_box(compiled.evaluate(r));
        }
    }
    report.rate("policy", "compiled: decision only, parsed requests (16, hot)", rounds * parsed.len(), start.elapsed(), "");

    // Scaling: every statement is one a request could match (the workload's statements share
    // five services), so the cost should grow linearly with the statement count, no faster.
    for statements in [10, 100, 1_000] {
        let policies: Value = report::input(&format!("workload-{statements}.json"));
        let set = compile_policies(&policies).expect("the scaling policies compile");
        let rounds = (20_000 / statements).max(1);
        let start = Instant::now();
        for _ in 0..rounds {
            for r in &parsed {
                black_box(set.policies().evaluate(r));
            }
        }
        let elapsed = start.elapsed();
        let ns_per_statement = elapsed.as_secs_f64() * 1e9 / (rounds * parsed.len() * statements) as f64;
        report.rate("scaling", &format!("policy set of {statements} identity statements: decision"), rounds * parsed.len(), elapsed, &format!("{ns_per_statement:.1} ns per statement"));
    }
    report.write();
}
