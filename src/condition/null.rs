//! The Null operator: does the request context carry the key at all?
//!
//! "IAM JSON policy elements: Condition operators", Condition operator to check existence of
//! condition keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null):
//! `true` — the key does not exist (it is null); `false` — the key exists and its value is not
//! null. A multivalued key with no values counts as null ("Multivalued context key examples").
//! The evaluation itself is in `CompiledCondition::evaluate`; policy values are read with
//! `bool::parse_bool`.
