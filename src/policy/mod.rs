//! The IAM policy language: model, parsing, validation and policy variables.

pub mod model;

pub use model::*;
