//! The IAM policy language: model, parsing, validation and policy variables.

pub mod model;
pub mod parse;
pub mod validate;

pub use model::*;
pub use parse::{PolicyParse, parse_operator, parse_policy};
pub use validate::validate_policy;
