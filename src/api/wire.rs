//! The simulator on the wire: an HTTP request as an AWS SDK sends it to STS (the Query protocol,
//! signed with SigV4) → the HTTP answer STS gives, XML and status. `sim.handle(request)` in JS,
//! `sts-sim serve` and `createRequestHandler(sim)` are this one function.
//!
//! ```text
//! handle({ method, url, headers?, body? }) -> { status, headers, body }
//! headers: { name: value | [values] } or [[name, value], …]
//! ```
//!
//! The steps: `query::parse_request` (an unreadable request is answered at once); unless the
//! operation is served unsigned (AssumeRoleWithSAML, AssumeRoleWithWebIdentity: botocore's
//! `noAuth`), `sigv4::verify` against the simulator's clock with `Sim::secret_for` as the key
//! lookup; then `Sim::call` as the verified caller, at the Region of the credential scope (or
//! of the host) and the global endpoint when the host is `sts.amazonaws.com`. Every request that
//! names an operation leaves a CloudTrail record, whose `requestID` the answer carries; request
//! ids come from the seeded stream, so answers are deterministic. A request that names no
//! operation (unreadable, unknown `Action`) has no event to record (sts-sim's choice: CloudTrail
//! records API calls by their `eventName`).

use std::cell::RefCell;

use serde_json::{Map, Value, json};

use crate::query::{self, HttpRequest, HttpResponse};
use crate::sigv4::{self, SigError};
use crate::sts::caller::Caller;
use crate::sts::clock::http_date;
use crate::sts::error::{ErrorType, StsError};
use crate::sts::ops;
use crate::sts::sim::{Endpoint, Sim, Where};

/// The global endpoint's host ("Manage AWS STS in an AWS Region").
const GLOBAL_HOST: &str = "sts.amazonaws.com";

/// Answers one HTTP request as STS would; never fails: every problem is an AWS error answer.
pub fn handle(sim: &mut Sim, req: &HttpRequest) -> HttpResponse {
    let now_ms = sim.now();
    let mut answer = answer(sim, req);
    answer.headers.push(("Date".to_string(), http_date(now_ms)));
    answer
}

fn answer(sim: &mut Sim, req: &HttpRequest) -> HttpResponse {
    let parsed = match query::parse_request(req) {
        Ok(p) => p,
        Err(e) => {
            let request_id = sim.uuid();
            return query::error_response("Sender", e.code, &e.message, &request_id);
        }
    };
    let host = req.host().unwrap_or("");
    let host_region = sigv4::endpoint_region(host);
    let mut at = Where {
        endpoint: if host_without_port(host).eq_ignore_ascii_case(GLOBAL_HOST) { Endpoint::Global } else { Endpoint::Regional },
        ..Where::default()
    };
    if let Some(ua) = req.header("user-agent") {
        at.user_agent = ua.to_string();
    }
    if let Some(r) = host_region {
        at.region = r;
    }

    let caller = if ops::is_unsigned(parsed.operation) {
        None
    } else {
        match verify(sim, req) {
            Ok((verified, secret)) => {
                at.region = verified.region;
                Some(Caller::Credentials { access_key_id: verified.access_key_id, secret_access_key: secret, session_token: verified.session_token })
            }
            Err((e, access_key_id)) => {
                let refused = StsError::sender(e.code, e.message);
                let request_id = sim.record_refused(parsed.operation, access_key_id.as_deref(), &at, &refused);
                return query::error_response("Sender", &refused.code, &refused.message, &request_id);
            }
        }
    };

    // Counted, not read: reading `events()` would build every record's JSON (`events::EventLog`).
    let recorded = sim.event_count();
    let result = sim.call(caller.as_ref(), parsed.operation, &parsed.params, &at);
    let request_id = if sim.event_count() > recorded {
        sim.last_request_id().unwrap_or_default()
    } else {
        sim.uuid()
    };
    match result {
        Ok(response) => query::success_response(parsed.operation, &response, &request_id),
        Err(e) => {
            let type_ = match e.type_ {
                ErrorType::Sender => "Sender",
                ErrorType::Receiver => "Receiver",
            };
            query::error_response(type_, &e.code, &e.message, &request_id)
        }
    }
}

/// Verifies the request's signature with the simulator's keys. On success: what it establishes
/// and the secret that signed it; on failure: the error and the access key id it named, if the
/// check got that far (for the CloudTrail record).
fn verify(sim: &Sim, req: &HttpRequest) -> Result<(sigv4::Verified, String), (SigError, Option<String>)> {
    let looked_up: RefCell<(Option<String>, Option<String>)> = RefCell::new((None, None));
    let lookup = |access_key_id: &str, session_token: Option<&str>| -> Result<String, SigError> {
        let found = sim.secret_for(access_key_id, session_token);
        *looked_up.borrow_mut() = (Some(access_key_id.to_string()), found.as_ref().ok().cloned());
        found.map_err(|e| match e.code.as_str() {
            "ExpiredToken" => SigError::expired_token(),
            _ => SigError::invalid_client_token_id(),
        })
    };
    let result = sigv4::verify(req, sim.now().div_euclid(1000), &lookup);
    let (access_key_id, secret) = looked_up.into_inner();
    match result {
        Ok(v) => Ok((v, secret.unwrap_or_default())),
        Err(e) => Err((e, access_key_id)),
    }
}

fn host_without_port(host: &str) -> &str {
    host.trim().rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host.trim(), |(h, _)| h)
}

// ---------------------------------------------------------------------------------------------
// The JSON face (`sim.handle` in JS).

/// Reads `{ method, url, headers?, body? }`. `Err` says what is malformed (a programming error
/// of the caller, answered as a TypeError in JS).
pub fn read_request(v: &Value) -> Result<HttpRequest, String> {
    let Value::Object(map) = v else { return Err("the request must be an object { method, url, headers?, body? }".into()) };
    if let Some(k) = map.keys().find(|k| !["method", "url", "headers", "body"].contains(&k.as_str())) {
        return Err(format!("unknown field '{k}'; expected one of: method, url, headers, body"));
    }
    let text = |k: &str| match map.get(k) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(format!("'{k}' must be a string")),
    };
    let method = text("method")?.ok_or("'method' is required (\"POST\", \"GET\")")?;
    let url = text("url")?.ok_or("'url' is required: \"/\" or \"https://sts.amazonaws.com/\"")?;
    let body = text("body")?.unwrap_or_default();
    let mut headers = Vec::new();
    match map.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) => {
            for (name, value) in h {
                match value {
                    Value::Array(values) => {
                        for v in values {
                            headers.push((name.clone(), header_text(v).ok_or_else(|| format!("header '{name}' must be a string or a list of strings"))?));
                        }
                    }
                    v => headers.push((name.clone(), header_text(v).ok_or_else(|| format!("header '{name}' must be a string or a list of strings"))?)),
                }
            }
        }
        Some(Value::Array(pairs)) => {
            for pair in pairs {
                match pair.as_array().map(Vec::as_slice) {
                    Some([Value::String(n), v]) if header_text(v).is_some() => headers.push((n.clone(), header_text(v).unwrap_or_default())),
                    _ => return Err("'headers' as a list must hold [name, value] pairs of strings".into()),
                }
            }
        }
        Some(_) => return Err("'headers' must be an object { name: value } or a list of [name, value] pairs".into()),
    }
    Ok(HttpRequest { method, url, headers, body })
}

fn header_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{ status, headers: { name: value }, body }`.
pub fn response_json(r: &HttpResponse) -> Value {
    let headers: Map<String, Value> = r.headers.iter().map(|(n, v)| (n.clone(), Value::String(v.clone()))).collect();
    json!({ "status": r.status, "headers": headers, "body": r.body })
}

/// `sim.handle(request)`.
pub fn handle_json(sim: &mut Sim, request: &Value) -> Result<Value, String> {
    let req = read_request(request)?;
    Ok(response_json(&handle(sim, &req)))
}

#[cfg(test)]
mod tests;
