//! sts-sim: a faithful, offline emulator of AWS STS and the IAM policy evaluation engine.
//! The core does no I/O: time and randomness come in from the caller.

pub mod arn;
pub mod calendar;
pub mod condition;
pub mod context;
pub mod crypto;
pub mod diag;
pub mod eval;
pub mod federation;
pub mod json;
pub mod keys;
pub mod memo;
pub mod policy;
pub mod wildcard;
pub mod api;
pub mod rng;
pub mod sts;
pub mod trust;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod query;
pub mod sigv4;
