//! World JSON load, then a scenario on it: a world from the world grammar (accounts, users,
//! groups, roles with trust policies, managed policies, keys, MFA devices, OIDC and SAML
//! providers, an organization with SCPs and RCPs) and 0–6 steps (STS calls with parameters
//! from the Query model, authorizations, clock advances, revocations), run by the `sim`
//! scenario runner the case harness uses; now and then the trust analyzer on the same world.
//! When the input starts with `{`, the bytes are a whole `sim` input in JSON (seeded from the
//! `sim` cases).

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fn structured(u: &mut Unstructured) -> arbitrary::Result<(Value, bool)> {
    let world = sts_sim_fuzz::world(u)?;
    let options = sts_sim_fuzz::sim_options(u)?;
    let n = u.int_in_range(0..=6)?;
    let steps = (0..n).map(|_| sts_sim_fuzz::sim_step(u)).collect::<arbitrary::Result<Vec<_>>>()?;
    let trust = sts_sim_fuzz::chance(u, 1, 4)?;
    Ok((json!({ "world": world, "options": options, "steps": steps }), trust))
}

fuzz_target!(|data: &[u8]| {
    let (input, trust) = if data.first() == Some(&b'{') {
        match sts_sim_fuzz::raw_json(data) {
            Some(v) => (v, false),
            None => return,
        }
    } else {
        match structured(&mut Unstructured::new(data)) {
            Ok(x) => x,
            Err(_) => return,
        }
    };
    let answer = sts_sim::api::call("sim", &input);
    let steps: Vec<String> = answer["results"].as_array().map(|r| r.iter().map(|s| s["type"].to_string()).collect()).unwrap_or_default();
    sts_sim_fuzz::note(&format!("{} {} {}", answer["type"], steps.join(","), answer["errors"][0]["message"]));
    assert!(answer["type"] == "success" || answer["type"] == "failure", "{answer}");
    if trust {
        let answer = sts_sim::api::call("analyzeTrust", &json!({ "world": input["world"] }));
        assert!(answer["type"] == "success" || answer["type"] == "failure", "{answer}");
    }
});
