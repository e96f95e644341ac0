//! STS calls per second, natively: `Sim::call` end to end (authentication, trust and identity
//! policy evaluation, credential issue, token sealing, the CloudTrail record) on the world in
//! bench/sts-world.json (3 organization accounts, 5 users and 5 roles each, trust policies with
//! conditions, an SCP with a condition). Fixed seed. Prints figures; asserts nothing.
//! Then the same on the wire: `api::wire::handle` round trips for POSTs signed once with
//! `sigv4::sign` (as the SDKs sign) and replayed — the Sim's clock stands still, so a signature
//! stays within STS's 15-minute window — adding Query parsing, SigV4 verification and the XML.
//! Then scaling: AssumeRole as the world grows (10, 1,000, 10,000 roles; `node
//! bench/workload.mjs` writes those worlds to target/bench/), one role over and over and every
//! role in turn. `bench/report.mjs` puts these figures in the table of `./x bench`.
//! `cargo bench --bench sts -- assume-role` runs only the AssumeRole loop (for profiling).

mod report;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sts_sim::api::wire;
use sts_sim::query::{HttpRequest, form_encode, serialize_request};
use sts_sim::sigv4::{SigningParams, sign};
use sts_sim::sts::caller::Caller;
use sts_sim::sts::sim::{Sim, Where};
use sts_sim::sts::world;

const NOW_MS: i64 = 1_795_000_000_000; // 2026-11-18
const SEED: u64 = 42;
/// Calls per simulator: the CloudTrail log grows with every call, so a long run uses fresh ones.
const BATCH: usize = 20_000;

struct Workload {
    world: world::World,
    callers: Vec<(Caller, String)>,
    roles: Vec<String>,
}

/// A POST of `operation` to the us-east-1 endpoint signed by `caller` at the bench clock, as an
/// SDK sends it (botocore's Query serialisation, SigV4 `Authorization` header).
fn signed(caller: &Caller, operation: &str, params: &Value) -> HttpRequest {
    let Caller::Credentials { access_key_id, secret_access_key, .. } = caller else { unreachable!("bench callers hold access keys") };
    let body = form_encode(&serialize_request(operation, params).expect("an STS operation"));
    let unsigned = HttpRequest {
        method: "POST".into(),
        url: "https://sts.us-east-1.amazonaws.com/".into(),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body,
    };
    let p = SigningParams {
        access_key_id,
        secret_access_key,
        session_token: None,
        region: "us-east-1",
        service: "sts",
        time: NOW_MS / 1000,
        content_sha256_header: false,
    };
    sign(&unsigned, &p)
}

/// Runs `count` round trips of `api::wire::handle`, replaying `requests` in turn, `BATCH` per
/// fresh Sim. Answers the time and the number of 200 answers.
fn measure_wire(w: &Workload, count: usize, requests: &[HttpRequest]) -> (Duration, usize) {
    let mut elapsed = Duration::ZERO;
    let mut ok = 0;
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let mut sim = Sim::new(w.world.clone(), NOW_MS, SEED);
        let start = Instant::now();
        for i in done..done + n {
            if std::hint::black_box(wire::handle(&mut sim, &requests[i % requests.len()])).status == 200 {
                ok += 1;
            }
        }
        elapsed += start.elapsed();
        done += n;
    }
    (elapsed, ok)
}

fn workload() -> Workload {
    let text = include_str!("../bench/sts-world.json");
    let v: Value = serde_json::from_str(text).expect("bench/sts-world.json is JSON");
    workload_of(&v)
}

fn workload_of(v: &Value) -> Workload {
    let world = world::load(v).unwrap_or_else(|e| panic!("bench world does not load: {e:?}"));
    let mut callers = Vec::new();
    let mut roles = Vec::new();
    for a in v["Accounts"].as_array().into_iter().flatten() {
        for k in a["AccessKeys"].as_array().into_iter().flatten() {
            let caller = Caller::Credentials {
                access_key_id: k["AccessKeyId"].as_str().unwrap_or_default().to_string(),
                secret_access_key: k["SecretAccessKey"].as_str().unwrap_or_default().to_string(),
                session_token: None,
            };
            callers.push((caller, k["UserName"].as_str().unwrap_or_default().to_string()));
        }
        for r in a["AuthorizationDetails"]["RoleDetailList"].as_array().into_iter().flatten() {
            roles.push(r["Arn"].as_str().unwrap_or_default().to_string());
        }
    }
    Workload { world, callers, roles }
}

/// Runs `count` calls of `operation`, `BATCH` per fresh Sim (built outside the timing).
fn measure(w: &Workload, count: usize, operation: &str, params: impl Fn(usize) -> Value) -> (Duration, usize) {
    let at = Where::default();
    let mut elapsed = Duration::ZERO;
    let mut ok = 0;
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let mut sim = Sim::new(w.world.clone(), NOW_MS, SEED);
        let inputs: Vec<(usize, Value)> = (done..done + n).map(|i| (i % w.callers.len(), params(i))).collect();
        let start = Instant::now();
        for (c, p) in &inputs {
            if std::hint::black_box(sim.call(Some(&w.callers[*c].0), operation, p, &at)).is_ok() {
                ok += 1;
            }
        }
        elapsed += start.elapsed();
        done += n;
    }
    (elapsed, ok)
}

fn main() {
    let w = workload();
    let only_assume = std::env::args().any(|a| a == "assume-role");
    let count = if only_assume { 400_000 } else { 200_000 };
    let roles = &w.roles;
    let assume = |i: usize| json!({ "RoleArn": roles[(i / 3) % roles.len()], "RoleSessionName": format!("bench-{}", i % 1000) });
    if only_assume {
        measure(&w, 2_000, "AssumeRole", assume);
        let (elapsed, ok) = measure(&w, count, "AssumeRole", assume);
        println!("AssumeRole: {:.0}/s ({ok}/{count} answered)", count as f64 / elapsed.as_secs_f64());
        return;
    }
    let mut report = report::Report::new("sts-native");
    if std::env::args().any(|a| a == "load") {
        for n in [1_000, 10_000, 1_000, 10_000] {
            let v = report::input(&format!("world-{n}.json"));
            let start = Instant::now();
            let world = world::load(&v).map_err(|e| e.len()).expect("loads");
            let loaded = start.elapsed();
            let start = Instant::now();
            drop(world);
            println!("{n}: load {loaded:?}, drop {:?}", start.elapsed());
        }
        return;
    }
    if std::env::args().any(|a| a == "scaling") {
        // `cargo bench --bench sts -- scaling`: only the scaling rows (not written).
        scaling(&mut report);
        return;
    }
    let world_note = format!("bench/sts-world.json: {} users, {} roles", w.callers.len(), roles.len());
    // Warm-up, then the measured run.
    measure(&w, 2_000, "AssumeRole", assume);
    let (elapsed, ok) = measure(&w, count, "AssumeRole", assume);
    report.rate("sts", "Sim.call AssumeRole", count, elapsed, &format!("{ok}/{count} answered; {world_note}"));
    let params = |_: usize| json!({});
    measure(&w, 2_000, "GetSessionToken", params);
    let (elapsed, ok) = measure(&w, count, "GetSessionToken", params);
    report.rate("sts", "Sim.call GetSessionToken", count, elapsed, &format!("{ok}/{count} answered"));

    // The wire: one signed request per caller (GetCallerIdentity) and per (caller, role) pair of
    // the AssumeRole loop above, signed outside the timing.
    let identity: Vec<HttpRequest> = w.callers.iter().map(|(c, _)| signed(c, "GetCallerIdentity", &json!({}))).collect();
    measure_wire(&w, 2_000, &identity);
    let (elapsed, ok) = measure_wire(&w, count, &identity);
    report.rate("sts", "handle (Query + SigV4 verify + XML) GetCallerIdentity", count, elapsed, &format!("{ok}/{count} HTTP 200"));
    let pairs = w.callers.len() * roles.len();
    let assume_role: Vec<HttpRequest> = (0..pairs).map(|i| signed(&w.callers[i % w.callers.len()].0, "AssumeRole", &assume(i))).collect();
    measure_wire(&w, 2_000, &assume_role);
    let (elapsed, ok) = measure_wire(&w, count, &assume_role);
    report.rate("sts", "handle (Query + SigV4 verify + XML) AssumeRole", count, elapsed, &format!("{ok}/{count} HTTP 200"));

    scaling(&mut report);
    report.write();
}

fn scaling(report: &mut report::Report) {
    // Scaling: the caller (the first account's first user) assumes one role over and over, then
    // every role in turn. Lookups are hashed, so neither should depend on the number of roles;
    // the second also pays for gathering and compiling each role's policies whenever the
    // compiled-policy cache (1,024 entries) does not hold them.
    for n in [10, 1_000, 10_000] {
        let v = report::input(&format!("world-{n}.json"));
        let start = Instant::now();
        let sw = workload_of(&v);
        report.text("scaling", &format!("world of {n} roles: world::load"), &format!("{:.1} ms", start.elapsed().as_secs_f64() * 1e3), "");
        let first = &sw.callers[0].0;
        let callers = vec![(first.clone(), String::new())];
        let sw = Workload { callers, ..sw };
        let count = 100_000;
        let one = |i: usize| json!({ "RoleArn": sw.roles[0], "RoleSessionName": format!("s-{}", i % 1000) });
        measure(&sw, 2_000, "AssumeRole", one);
        let (elapsed, ok) = measure(&sw, count, "AssumeRole", one);
        report.rate("scaling", &format!("world of {n} roles: AssumeRole, one role"), count, elapsed, &format!("{ok}/{count} answered"));
        let each = |i: usize| json!({ "RoleArn": sw.roles[i % sw.roles.len()], "RoleSessionName": format!("s-{}", i % 1000) });
        measure(&sw, 2_000, "AssumeRole", each);
        let (elapsed, ok) = measure(&sw, count, "AssumeRole", each);
        report.rate("scaling", &format!("world of {n} roles: AssumeRole, every role in turn"), count, elapsed, &format!("{ok}/{count} answered"));
    }
}
