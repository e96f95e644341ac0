//! The fixed world the wire, token and federation targets run against (`fixtures/world.json`:
//! the STS world of `tests/cases/sts/validation/`, with the OIDC and SAML providers and roles
//! of `tests/cases/federation/`), and the keys that sign for it.

use std::sync::OnceLock;

use serde_json::Value;
use sts_sim::rng::SimRng;
use sts_sim::sts::access_key::{self, KeyPrefix};
use sts_sim::sts::sim::Sim;
use sts_sim::sts::world::{self, World};

pub const WORLD_JSON: &str = include_str!("../fixtures/world.json");
/// `https://keys.example.com`'s key (P-256, PKCS#8).
pub const OIDC_SIGNING_KEY: &str = include_str!("../fixtures/oidc-signing-key.pem");
/// `saml-provider/KeyedIdP`'s key (RSA-2048, PKCS#1); also `https://rsa.example.com`'s.
pub const SAML_SIGNING_KEY: &str = include_str!("../fixtures/saml-signing-key.pem");

pub const ACCOUNT: &str = "111122223333";
/// The fixture's long-term keys: alice's and the root user's (both active).
pub const ACCESS_KEYS: &[(&str, &str)] =
    &[("AKIARTX3GSDSSUAQEAYE", "alice/Secret/Key/000000000000000000000000"), ("AKIARTX3GSDSVIEQQBYG", "root/Secret/Key/0000000000000000000000000")];
/// carol's virtual MFA device seed.
pub const TOTP_SEED: &str = "JBSWY3DPEHPK3PXP";
/// The secret of keys in generated worlds.
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The fixed clock: the fixture's tokens and signatures are made at this instant.
pub const NOW_MS: i64 = 1_795_608_000_000; // 2026-11-25T12:00:00Z
pub const SEED: u64 = 1;

/// The fixture world, loaded once.
pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let v: Value = serde_json::from_str(WORLD_JSON).expect("fixtures/world.json is JSON");
        world::load(&v).unwrap_or_else(|e| panic!("fixtures/world.json does not load: {e:?}"))
    })
}

/// A fresh simulator on the fixture world at [`NOW_MS`] with [`SEED`].
pub fn sim() -> Sim {
    Sim::new(world().clone(), NOW_MS, SEED)
}

/// A long-term access key id (`AKIA…`) that encodes `account`, its random bits from `salt`.
pub fn access_key_for(account: &str, salt: u64) -> String {
    let mut rng = SimRng::for_label(salt, "sts-sim-fuzz/access-key");
    access_key::encode(KeyPrefix::Akia, account, &mut rng).unwrap_or_else(|_| "AKIAIOSFODNN7EXAMPLE".to_string())
}

/// Runs `f` on a simulator kept across runs (made afresh every 1,000 runs, so its event log
/// stays small). For targets whose calls leave the world as it was but would otherwise pay,
/// every run, for keys a simulator derives once and keeps (an RS256 token makes it derive
/// RSA-2048 keys for every keyless OIDC provider it could come from).
pub fn with_shared_sim<R>(f: impl FnOnce(&mut Sim) -> R) -> R {
    use std::cell::RefCell;
    thread_local! {
        static SHARED: RefCell<(Option<Sim>, u32)> = const { RefCell::new((None, 0)) };
    }
    SHARED.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.0.is_none() || slot.1 >= 1000 {
            *slot = (Some(sim()), 0);
        }
        slot.1 += 1;
        f(slot.0.as_mut().expect("made above"))
    })
}
