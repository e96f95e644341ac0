//! sts-sim: a faithful, offline emulator of AWS STS and the IAM policy evaluation engine.
//! The core does no I/O: time and randomness come in from the caller.

pub mod diag;
pub mod policy;
pub mod wildcard;
