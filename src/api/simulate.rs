//! `simulate` and `compilePolicies`: evaluate a request against policies and explain the
//! decision.
//!
//! ```text
//! simulate({ policies: { identity?, resource?, boundary?, scp?, rcp?, session? },
//!            request:  { principal, action, resource, resourceAccount?, context? } })
//!   -> { type: "success", decision, trace } | { type: "failure", errors }
//! ```
//! A policy is JSON text or an object. `scp` and `rcp` are one list of policies (one level) or a
//! list of levels. Unknown fields and wrong types are failures naming the field.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{Map, Value, json};

use super::validate::policy_text;
use super::request_text::{RawRequest, RawValue};
use super::{failure, input_error};
use crate::context::{ContextEntry, ContextValue, RequestContext};
use crate::diag::Diagnostic;
use crate::eval::{CompiledPolicies, Decision, EvalRequest, PolicySet, RequestPrincipal};
use crate::policy::{Policy, PolicyKind, parse_policy};

/// Policies compiled once for `simulate_compiled` (the JS `compilePolicies` handle).
#[derive(Clone, Debug)]
pub struct CompiledSet {
    compiled: CompiledPolicies,
    /// The principal of the last request read in place (`decide_text`, `decide_packed`),
    /// parsed: requests to a handle usually repeat their caller.
    last_principal: RefCell<Option<(String, Rc<RequestPrincipal>)>>,
}

impl CompiledSet {
    pub fn policies(&self) -> &CompiledPolicies {
        &self.compiled
    }
}

pub fn simulate(input: &Value) -> Value {
    let Value::Object(map) = input else {
        return failure(vec![input_error("", "the input must be an object { policies, request }")]);
    };
    if let Err(e) = only_fields(map, "", &["policies", "request"]) {
        return failure(vec![e]);
    }
    let policies = map.get("policies").cloned().unwrap_or_else(|| json!({}));
    let set = match policy_set(&policies) {
        Ok(s) => s,
        Err(errors) => return failure(errors),
    };
    let Some(request) = map.get("request") else {
        return failure(vec![input_error("request", "the field 'request' is required")]);
    };
    match eval_request(request) {
        Ok(req) => success(&CompiledPolicies::compile(&set), &req),
        Err(e) => failure(vec![e]),
    }
}

/// `compilePolicies(policies)`: parses and compiles once; failures are the parse errors.
pub fn compile_policies(input: &Value) -> Result<CompiledSet, Value> {
    let set = policy_set(input).map_err(failure)?;
    Ok(CompiledSet { compiled: CompiledPolicies::compile(&set), last_principal: RefCell::default() })
}

/// `handle.simulate(request)`.
pub fn simulate_compiled(set: &CompiledSet, request: &Value) -> Value {
    match eval_request(request) {
        Ok(req) => success(&set.compiled, &req),
        Err(e) => failure(vec![e]),
    }
}

/// `handle.decide(request)`: the decision alone, without building a trace (the fast path for
/// repeated evaluation). A bad request is the same failure value `simulate` answers.
pub fn decide_compiled(set: &CompiledSet, request: &Value) -> Result<Decision, Value> {
    let req = eval_request(request).map_err(|e| failure(vec![e]))?;
    Ok(set.compiled.evaluate(&req))
}

fn success(compiled: &CompiledPolicies, req: &EvalRequest) -> Value {
    let trace = compiled.evaluate_with_trace(req);
    let decision = serde_json::to_value(trace.decision).unwrap_or(Value::Null);
    let trace = serde_json::to_value(&trace).unwrap_or(Value::Null);
    json!({ "type": "success", "decision": decision, "trace": trace })
}

fn only_fields(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), Diagnostic> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => {
            let field = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            Err(input_error(&field, &format!("unknown field '{field}'; expected one of: {}", allowed.join(", "))))
        }
    }
}

fn policy_set(policies: &Value) -> Result<PolicySet, Vec<Diagnostic>> {
    let Value::Object(map) = policies else {
        return Err(vec![input_error("policies", "'policies' must be an object { identity?, resource?, boundary?, scp?, rcp?, session? }")]);
    };
    only_fields(map, "policies", &["identity", "resource", "boundary", "scp", "rcp", "session"]).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut set = PolicySet::default();
    let list = |name: &str, kind: PolicyKind, errors: &mut Vec<Diagnostic>| -> Vec<Policy> {
        match map.get(name) {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => parse_list(v, &format!("policies.{name}"), kind, errors),
        }
    };
    set.identity = list("identity", PolicyKind::Identity, &mut errors);
    set.resource = list("resource", PolicyKind::Resource, &mut errors);
    set.boundary = list("boundary", PolicyKind::Boundary, &mut errors);
    set.session = list("session", PolicyKind::Session, &mut errors);
    set.scp = levels(map.get("scp"), "policies.scp", PolicyKind::Scp, &mut errors);
    set.rcp = levels(map.get("rcp"), "policies.rcp", PolicyKind::Rcp, &mut errors);
    if errors.is_empty() { Ok(set) } else { Err(errors) }
}

/// `Policy[]` is one level; `Policy[][]` is a list of levels; `[]` is no policies at all.
fn levels(v: Option<&Value>, path: &str, kind: PolicyKind, errors: &mut Vec<Diagnostic>) -> Vec<Vec<Policy>> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.is_empty() => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_array) => {
            items.iter().enumerate().map(|(i, level)| parse_list(level, &format!("{path}[{i}]"), kind, errors)).collect()
        }
        Some(Value::Array(items)) if items.iter().any(Value::is_array) => {
            errors.push(input_error(path, &format!("'{path}' mixes policies and lists of policies: give one list (one level) or a list of levels")));
            Vec::new()
        }
        Some(other) => vec![parse_list(other, path, kind, errors)],
    }
}

fn parse_list(v: &Value, path: &str, kind: PolicyKind, errors: &mut Vec<Diagnostic>) -> Vec<Policy> {
    let Value::Array(items) = v else {
        errors.push(input_error(path, &format!("'{path}' must be an array of policies")));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match parse_one(item, &format!("{path}[{i}]"), kind) {
            Ok(p) => out.push(p),
            Err(e) => errors.extend(e),
        }
    }
    out
}

/// One policy document (JSON text or an object) at `path`, parsed as `kind`; its errors carry
/// paths under `path`.
pub(crate) fn parse_one(item: &Value, path: &str, kind: PolicyKind) -> Result<Policy, Vec<Diagnostic>> {
    let text = policy_text(item, path).map_err(|e| vec![e])?;
    let mut parsed = parse_policy(&text, kind);
    if kind == PolicyKind::Resource && parsed.policy.is_none() {
        // A role trust policy is the resource-based policy of sts:AssumeRole* and has no
        // Resource element: accept it when it parses as one.
        let trust = parse_policy(&text, PolicyKind::Trust);
        if trust.policy.is_some() {
            parsed = trust;
        }
    }
    parsed.policy.ok_or_else(|| {
        parsed
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|mut d| {
                d.path = if d.path.is_empty() { path.to_string() } else { format!("{path}.{}", d.path) };
                d
            })
            .collect()
    })
}

/// Reads a `simulate` request (`{ principal, action, resource, resourceAccount?, context? }`).
pub fn eval_request(request: &Value) -> Result<EvalRequest, Diagnostic> {
    let Value::Object(map) = request else {
        return Err(input_error("request", "'request' must be an object { principal, action, resource, resourceAccount?, context? }"));
    };
    only_fields(map, "request", &["principal", "action", "resource", "resourceAccount", "context"])?;
    let text = |name: &str| -> Result<&str, Diagnostic> {
        let value = map.get(name);
        if let Some(Value::String(s)) = value {
            return Ok(s.as_str());
        }
        let field = format!("request.{name}");
        let why = if value.is_some() { format!("'{field}' must be a string") } else { format!("the field '{field}' is required") };
        Err(input_error(&field, &why))
    };
    let principal_text = text("principal")?;
    let principal = RequestPrincipal::parse(principal_text).map_err(|m| input_error("request.principal", &m))?;
    let action = text("action")?;
    if !action.contains(':') {
        return Err(input_error("request.action", &format!("'{action}' is not an action: expected service:Action, e.g. s3:GetObject")));
    }
    let resource = text("resource")?;
    let resource_account = match map.get("resourceAccount") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if crate::arn::is_account_id(s) => Some(s.clone()),
        Some(_) => return Err(input_error("request.resourceAccount", "'request.resourceAccount' must be a 12-digit account ID string")),
    };
    let context = match map.get("context") {
        None | Some(Value::Null) => RequestContext::new(),
        Some(v) => RequestContext::from_json(v, "request.context")?,
    };
    Ok(finish_request(principal, action, resource, resource_account, context, |_| true))
}

/// The request with the context keys IAM derives from the principal and the resource, where the
/// caller has not given them — those for which `wanted` says yes (a decision that cannot read a
/// key need not have it made).
fn finish_request(
    principal: impl Into<Rc<RequestPrincipal>>,
    action: &str,
    resource: &str,
    resource_account: Option<String>,
    mut context: RequestContext,
    wanted: impl Fn(&str) -> bool,
) -> EvalRequest {
    let principal = principal.into();
    principal.context_defaults(|key, value| {
        if wanted(key) {
            context.set_default(key, value);
        }
    });
    let mut req = EvalRequest::new(principal, action, resource, resource_account, context);
    if wanted("aws:ResourceAccount") {
        if let Some(account) = req.effective_resource_account().map(str::to_string) {
            req.context.set_default("aws:ResourceAccount", account);
        }
    }
    req
}

/// `decide_compiled` for a request given as JSON text, read in place (`eval_request_text`).
/// `None` when the text is not in the usual form or the request is not valid: the caller then
/// parses the text and calls `decide_compiled`, which words the error.
pub fn decide_text(set: &CompiledSet, text: &str) -> Option<Decision> {
    let raw = super::request_text::read(text)?;
    decide_raw(set, raw)
}

/// `decide_text` for a request packed by the JS binding (`request_text::read_packed`).
pub fn decide_packed(set: &CompiledSet, text: &str) -> Option<Decision> {
    decide_raw(set, super::request_text::read_packed(text)?)
}

/// The decision for a request's raw fields, `None` when they are not a valid request: the
/// principal as the handle last read it when the text is the same, and of the keys derived from
/// the principal only those a decision may read.
fn decide_raw(set: &CompiledSet, raw: RawRequest<'_>) -> Option<Decision> {
    let principal = |text: &str| {
        let mut last = set.last_principal.borrow_mut();
        match &*last {
            Some((seen, principal)) if seen == text => Some(principal.clone()),
            _ => {
                let principal = Rc::new(RequestPrincipal::parse(text).ok()?);
                *last = Some((text.to_string(), principal.clone()));
                Some(principal)
            }
        }
    };
    let derived = set.compiled.reads_derived_keys();
    build_request(raw, principal, |key| derived && set.compiled.may_read(key)).map(|req| set.compiled.evaluate(&req))
}

/// `eval_request` for a request in the usual form, read from its JSON text without building a
/// `serde_json::Value` (see `request_text`); the same request `eval_request` reads from the
/// parsed text. `None` for any other form and for an invalid request.
pub fn eval_request_text(text: &str) -> Option<EvalRequest> {
    build_request(super::request_text::read(text)?, |p| RequestPrincipal::parse(p).ok().map(Rc::new), |_| true)
}

/// The request of `raw`'s fields, `None` when they are not a valid request: the principal read
/// with `principal`, and of the context keys derived from it only the `wanted` ones.
fn build_request(
    raw: RawRequest<'_>,
    principal: impl FnOnce(&str) -> Option<Rc<RequestPrincipal>>,
    wanted: impl Fn(&str) -> bool,
) -> Option<EvalRequest> {
    let principal = principal(raw.principal?)?;
    let (action, resource) = (raw.action?, raw.resource?);
    if !action.contains(':') {
        return None;
    }
    let resource_account = match raw.resource_account {
        None => None,
        Some(a) if crate::arn::is_account_id(a) => Some(a.to_string()),
        Some(_) => return None,
    };
    let mut context = RequestContext::new();
    for (key, value) in raw.context {
        let (values, multi_valued) = match value {
            RawValue::One(v) => (smallvec::smallvec![ContextValue::new(v)], false),
            RawValue::Many(list) => (list.into_iter().map(ContextValue::new).collect(), true),
        };
        // A key given twice (in two cases) is an error the general path words.
        if key.is_empty() || !context.add(ContextEntry { key: key.to_string(), values, multi_valued }) {
            return None;
        }
    }
    Some(finish_request(principal, action, resource, resource_account, context, wanted))
}
