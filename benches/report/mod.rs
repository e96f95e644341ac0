//! Figures of a native benchmark, printed as they are measured and written to
//! `target/bench/results-<name>.json` for `bench/report.mjs`, which prints the one table of
//! `./x bench` and writes BENCHMARKS.md. Figures only: nothing here asserts a speed.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

pub struct Report {
    name: &'static str,
    rows: Vec<Value>,
}

impl Report {
    pub fn new(name: &'static str) -> Report {
        Report { name, rows: Vec::new() }
    }

    /// `count` operations took `elapsed`: a rate per second and microseconds per operation.
    pub fn rate(&mut self, section: &str, what: &str, count: usize, elapsed: Duration, note: &str) {
        let micros = elapsed.as_secs_f64() * 1e6 / count as f64;
        let rate = 1e6 / micros;
        println!("  native  {section:<10} {what:<58} {rate:>12.0}/s {micros:>10.3} µs  {note}");
        self.rows.push(json!({ "section": section, "where": "native", "what": what, "rate": rate, "micros": micros, "note": note }));
    }

    /// A figure that is not a rate (a load time, a count).
    #[allow(dead_code)] // not every benchmark has one
    pub fn text(&mut self, section: &str, what: &str, text: &str, note: &str) {
        println!("  native  {section:<10} {what:<58} {text}  {note}");
        self.rows.push(json!({ "section": section, "where": "native", "what": what, "text": text, "note": note }));
    }

    pub fn write(&self) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench/results-{}.json", self.name));
        let text = serde_json::to_string_pretty(&json!({ "rows": self.rows })).expect("rows serialise");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// A JSON input that `node bench/workload.mjs` writes to target/bench/.
pub fn input(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run `node bench/workload.mjs` or `./x bench` first)", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
