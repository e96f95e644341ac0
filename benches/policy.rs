//! Policy decisions per second, natively, on the standard workload (bench/workload.mjs writes
//! target/bench/workload.json; `./x bench` runs both). Prints figures; asserts nothing.

use std::time::Instant;

use serde_json::{Value, json};
use sts_sim::api::simulate::{compile_policies, eval_request, simulate, simulate_compiled};

fn row(mode: &str, count: usize, elapsed: std::time::Duration) {
    let ns = elapsed.as_nanos() as f64 / count as f64;
    println!("| native      | {mode:<38} | {:>12} | {:>9.3} |", format!("{:.0}", 1e9 / ns), ns / 1000.0);
}

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/workload.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `node bench/workload.mjs` or `./x bench` first)", path.display()));
    let workload: Value = serde_json::from_str(&text).expect("workload.json is JSON");
    let policies = &workload["policies"];
    let requests = workload["requests"].as_array().expect("requests");

    let set = compile_policies(policies).expect("the workload's policies compile");
    let parsed: Vec<_> = requests.iter().map(|r| eval_request(r).expect("workload requests are valid")).collect();
    println!("| where       | mode                                   |  decisions/s |   µs/call |");
    println!("|-------------|----------------------------------------|--------------|-----------|");

    // `cargo bench --bench policy -- decide` measures only the decision loop (for profiling).
    let only_decide = std::env::args().any(|a| a == "decide");
    if std::env::args().any(|a| a == "trace") {
        // `-- trace`: only the traced path, for profiling.
        for r in requests {
            std::hint::black_box(simulate_compiled(&set, r));
        }
        return;
    }
    let n = if only_decide { 0 } else { 2_000 };
    let start = Instant::now();
    for r in requests.iter().take(n) {
        std::hint::black_box(simulate(&json!({ "policies": policies, "request": r })));
    }
    if n > 0 {
        row("simulate one-off (parse + trace)", n, start.elapsed());
        let start = Instant::now();
        for r in requests {
            std::hint::black_box(simulate_compiled(&set, r));
        }
        row("compiled, JSON request + trace", requests.len(), start.elapsed());
    }

    let rounds = if only_decide { 200 } else { 20 };
    let compiled = set.policies();
    let start = Instant::now();
    for _ in 0..rounds {
        for r in &parsed {
            std::hint::black_box(compiled.evaluate(r));
        }
    }
    row("compiled, decision only (cold requests)", rounds * parsed.len(), start.elapsed());

    // The same 16 requests over and over: what a decision costs when its request is in cache
    // (as a freshly built request is); the row above also pays the cache misses of walking
    // 10,000 pre-built requests.
    let hot = &parsed[..16];
    let start = Instant::now();
    for _ in 0..rounds * parsed.len() / hot.len() {
        for r in hot {
            std::hint::black_box(compiled.evaluate(r));
        }
    }
    row("compiled, decision only (hot requests)", rounds * parsed.len(), start.elapsed());
}
