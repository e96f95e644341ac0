//! The simulator's JSON layer: `Sim.create(world, { now, seed })`, then `call`, `authorize`,
//! `events`, `advance`, `now`, `revokeOlderSessions` on the handle; and `sim`, the scenario
//! runner the data-case harness uses (`{ world, options, steps }` → one answer per step).
//!
//! ```text
//! call(caller, operation, params, where?)
//!   -> { type: "success", response } | { type: "failure", error: { Type, Code, Message } }
//! caller: { AccessKeyId, SecretAccessKey, SessionToken? } | { Principal: arn }
//!       | { Service: name, SourceAccount?, SourceArn?, SourceOrgID?, SourceOrgPaths? }
//! where:  { region?: "us-east-1", endpoint?: "regional" | "global", sourceIp?, userAgent? }
//! ```
//! Malformed arguments (not AWS requests at all) answer `{ type: "failure", errors: [Diagnostic] }`.

use serde_json::{Map, Value, json};

use super::{failure, input_error};
use crate::context::RequestContext;
use crate::diag::Diagnostic;
use crate::policy::PolicyKind;
use crate::sts::caller::{Caller, ServiceSource};
use crate::sts::clock::{iso8601, parse_iso8601};
use crate::sts::error::StsError;
use crate::sts::sim::{AuthorizeRequest, Endpoint, Sim, Where};
use crate::sts::world;

/// `now` when the options leave it out.
pub const DEFAULT_NOW: &str = "2025-01-01T00:00:00Z";

fn only(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), Diagnostic> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => {
            let at = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            Err(input_error(&at, &format!("unknown field '{at}'; expected one of: {}", allowed.join(", "))))
        }
    }
}

/// `Sim.create(world, options)`.
pub fn create(world_json: &Value, options: &Value) -> Result<Sim, Value> {
    let (now, seed) = read_options(options).map_err(|e| failure(vec![e]))?;
    let world = world::load(world_json).map_err(failure)?;
    Ok(Sim::new(world, now, seed))
}

fn read_options(options: &Value) -> Result<(i64, u64), Diagnostic> {
    let map = match options {
        Value::Null => return Ok((parse_iso8601(DEFAULT_NOW).unwrap_or(0), 0)),
        Value::Object(m) => m,
        _ => return Err(input_error("options", "'options' must be an object { now?, seed? }")),
    };
    only(map, "options", &["now", "seed"])?;
    let now = match map.get("now") {
        None | Some(Value::Null) => parse_iso8601(DEFAULT_NOW).unwrap_or(0),
        Some(Value::String(s)) => parse_iso8601(s).ok_or_else(|| input_error("options.now", &format!("'options.now' must be an ISO 8601 date-time (2026-11-25T12:00:00Z) or epoch milliseconds; got '{s}'")))?,
        Some(Value::Number(n)) => n.as_i64().ok_or_else(|| input_error("options.now", "'options.now' must be whole epoch milliseconds"))?,
        Some(_) => return Err(input_error("options.now", "'options.now' must be an ISO 8601 string or epoch milliseconds")),
    };
    let seed = match map.get("seed") {
        None | Some(Value::Null) => 0,
        Some(v) => v.as_u64().ok_or_else(|| input_error("options.seed", "'options.seed' must be a non-negative integer"))?,
    };
    Ok((now, seed))
}

/// Reads a caller: `{ AccessKeyId, SecretAccessKey, SessionToken? }`, `{ Principal }`,
/// `{ Service, SourceAccount?, SourceArn?, SourceOrgID?, SourceOrgPaths? }`.
pub fn read_caller(v: &Value, path: &str) -> Result<Caller, Diagnostic> {
    let Value::Object(map) = v else {
        return Err(input_error(path, &format!("'{path}' must be an object: {{ AccessKeyId, SecretAccessKey, SessionToken? }}, {{ Principal }} or {{ Service }}")));
    };
    let text = |k: &str| -> Result<Option<String>, Diagnostic> {
        match map.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(input_error(&format!("{path}.{k}"), &format!("'{path}.{k}' must be a string"))),
        }
    };
    if map.contains_key("Principal") {
        only(map, path, &["Principal"])?;
        return Ok(Caller::Principal(text("Principal")?.unwrap_or_default()));
    }
    if map.contains_key("Service") {
        only(map, path, &["Service", "SourceAccount", "SourceArn", "SourceOrgID", "SourceOrgPaths"])?;
        let name = text("Service")?.unwrap_or_default();
        let source = read_service_source(map, path, &text)?;
        return Ok(Caller::Service { name, source });
    }
    only(map, path, &["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"])?;
    let (Some(access_key_id), Some(secret_access_key)) = (text("AccessKeyId")?, text("SecretAccessKey")?) else {
        return Err(input_error(path, &format!("'{path}' needs AccessKeyId and SecretAccessKey (or Principal, or Service)")));
    };
    Ok(Caller::Credentials { access_key_id, secret_access_key, session_token: text("SessionToken")? })
}

/// The resource a service caller acts for (`ServiceSource`): `SourceAccount` (12 digits),
/// `SourceArn` (an ARN; its account, when it names one, is `SourceAccount`'s), `SourceOrgID`
/// (`o-…`) and `SourceOrgPaths` (`o-…/r-…/ou-…/`), the last two only with one of the first two.
fn read_service_source(map: &Map<String, Value>, path: &str, text: &dyn Fn(&str) -> Result<Option<String>, Diagnostic>) -> Result<Option<ServiceSource>, Diagnostic> {
    let at = |k: &str| format!("{path}.{k}");
    let account = text("SourceAccount")?;
    if let Some(a) = account.as_deref().filter(|a| !crate::arn::is_account_id(a)) {
        return Err(input_error(&at("SourceAccount"), &format!("'{}' must be a 12-digit account id, got '{a}'", at("SourceAccount"))));
    }
    let arn = text("SourceArn")?;
    if let Some(a) = &arn {
        let parsed = crate::arn::Arn::parse(a).ok().filter(|p| p.account.is_empty() || crate::arn::is_account_id(&p.account));
        let Some(parsed) = parsed else {
            return Err(input_error(&at("SourceArn"), &format!("'{}' must be an ARN (arn:partition:service:region:account:resource), got '{a}'", at("SourceArn"))));
        };
        let owner = parsed.account.as_str();
        if let Some(given) = &account
            && !owner.is_empty()
            && owner != given
        {
            return Err(input_error(&at("SourceArn"), &format!("'{}' names account {owner}, but '{}' is {given}: a resource has one owner", at("SourceArn"), at("SourceAccount"))));
        }
    }
    let org_id = text("SourceOrgID")?;
    if let Some(o) = org_id.as_deref().filter(|o| !world::org::is_org_id(o)) {
        return Err(input_error(&at("SourceOrgID"), &format!("'{}' must be an organization id (o- followed by 10 to 32 lowercase letters or digits), got '{o}'", at("SourceOrgID"))));
    }
    let org_paths = match map.get("SourceOrgPaths") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let here = format!("{}[{i}]", at("SourceOrgPaths"));
                let p = item.as_str().ok_or_else(|| input_error(&here, &format!("'{here}' must be a string")))?;
                world::org::check_org_path(p).map_err(|e| input_error(&here, &format!("'{here}': {e}")))?;
                if let Some(o) = org_id.as_deref().filter(|o| !p.starts_with(&format!("{o}/"))) {
                    return Err(input_error(&here, &format!("'{here}' is {p}, which is not a path of the organization {o} ('{}')", at("SourceOrgID"))));
                }
                out.push(p.to_string());
            }
            out
        }
        Some(_) => return Err(input_error(&at("SourceOrgPaths"), &format!("'{}' must be an array of organization paths (o-…/r-…/ou-…/)", at("SourceOrgPaths")))),
    };
    if account.is_none() && arn.is_none() {
        if org_id.is_some() || !org_paths.is_empty() {
            let k = if org_id.is_some() { "SourceOrgID" } else { "SourceOrgPaths" };
            return Err(input_error(&at(k), &format!("'{}' needs '{}' or '{}': the resource the service acts for", at(k), at("SourceAccount"), at("SourceArn"))));
        }
        return Ok(None);
    }
    Ok(Some(ServiceSource { account, arn, org_id, org_paths }))
}

/// A service caller's `SourceOrgID` / `SourceOrgPaths` must be those of the source account
/// when the world knows its organization (AWS takes them from the resource's owner).
fn check_caller(world: &world::World, caller: &Caller, path: &str) -> Result<(), Diagnostic> {
    let Caller::Service { source: Some(source), .. } = caller else { return Ok(()) };
    let Some(owner) = source.owner() else { return Ok(()) };
    let Some(org) = world.organization_of(owner) else {
        // An organization the world describes lists all its accounts.
        let named = source.org_id.iter().map(|o| (o.as_str(), "SourceOrgID")).chain(source.org_paths.iter().map(|p| (p.split('/').next().unwrap_or_default(), "SourceOrgPaths")));
        for (id, field) in named {
            if world.organization_by_id(id).is_some() {
                return Err(input_error(&format!("{path}.{field}"), &format!("'{path}.{field}' names organization {id}, which the world describes without account {owner}")));
            }
        }
        return Ok(());
    };
    if let Some(given) = source.org_id.as_deref().filter(|g| *g != org.id) {
        return Err(input_error(&format!("{path}.SourceOrgID"), &format!("'{path}.SourceOrgID' is {given}, but the world places account {owner} in organization {}", org.id)));
    }
    let actual = org.path_of(owner).unwrap_or_default();
    if let Some(given) = source.org_paths.iter().find(|p| **p != actual) {
        return Err(input_error(&format!("{path}.SourceOrgPaths"), &format!("'{path}.SourceOrgPaths' holds {given}, but the world places account {owner} at {actual}")));
    }
    Ok(())
}

pub fn read_where(v: &Value, path: &str) -> Result<Where, Diagnostic> {
    let mut w = Where::default();
    let map = match v {
        Value::Null => return Ok(w),
        Value::Object(m) => m,
        _ => return Err(input_error(path, &format!("'{path}' must be an object {{ region?, endpoint?, sourceIp?, userAgent? }}"))),
    };
    only(map, path, &["region", "endpoint", "sourceIp", "userAgent"])?;
    let text = |k: &str| -> Result<Option<String>, Diagnostic> {
        match map.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(input_error(&format!("{path}.{k}"), &format!("'{path}.{k}' must be a string"))),
        }
    };
    if let Some(r) = text("region")? {
        w.region = r;
    }
    w.endpoint = match text("endpoint")?.as_deref() {
        None | Some("regional") => Endpoint::Regional,
        Some("global") => Endpoint::Global,
        Some(other) => return Err(input_error(&format!("{path}.endpoint"), &format!("'{path}.endpoint' must be \"regional\" or \"global\"; got '{other}'"))),
    };
    if let Some(ip) = text("sourceIp")? {
        w.source_ip = ip;
    }
    if let Some(ua) = text("userAgent")? {
        w.user_agent = ua;
    }
    Ok(w)
}

fn sts_answer(result: Result<Value, StsError>, explanation: Option<&Value>) -> Value {
    match result {
        Ok(response) => json!({ "type": "success", "response": response }),
        Err(e) => {
            let mut out = json!({ "type": "failure", "error": e });
            // Beyond AWS: why the call was refused (token checks, the trust policy's trace).
            if let Some(why) = explanation {
                out["explanation"] = why.clone();
            }
            out
        }
    }
}

/// `sim.call(caller, operation, params, where?)`.
pub fn call(sim: &mut Sim, caller: &Value, operation: &Value, params: &Value, at: &Value) -> Value {
    let caller = match caller {
        Value::Null => None,
        v => match read_caller(v, "caller").and_then(|c| check_caller(sim.world(), &c, "caller").map(|()| c)) {
            Ok(c) => Some(c),
            Err(e) => return failure(vec![e]),
        },
    };
    let Some(operation) = operation.as_str() else { return failure(vec![input_error("operation", "'operation' must be a string such as \"AssumeRole\"")]) };
    let at = match read_where(at, "where") {
        Ok(w) => w,
        Err(e) => return failure(vec![e]),
    };
    let result = sim.call(caller.as_ref(), operation, params, &at);
    sts_answer(result, sim.explanation())
}

/// `sim.mintWebIdentityToken(provider, claims, { alg?, header? })` → `{ type: "success", token }`.
pub fn mint_web_identity_token(sim: &mut Sim, provider: &Value, claims: &Value, options: &Value) -> Value {
    let Some(provider) = provider.as_str() else {
        return failure(vec![input_error("provider", "'provider' must be an OIDC provider ARN, URL or host string, or an account id (its outbound issuer)")]);
    };
    let options = match options {
        Value::Null => Map::new(),
        Value::Object(m) => m.clone(),
        _ => return failure(vec![input_error("options", "'options' must be an object { alg?, header? }")]),
    };
    if let Err(e) = only(&options, "options", &["alg", "header"]) {
        return failure(vec![e]);
    }
    let alg = match options.get("alg") {
        None | Some(Value::Null) => None,
        Some(Value::String(a)) => Some(a.as_str()),
        Some(_) => return failure(vec![input_error("options.alg", "'options.alg' must be a string such as \"ES256\"")]),
    };
    let header = match options.get("header") {
        None | Some(Value::Null) => None,
        Some(Value::Object(h)) => Some(h),
        Some(_) => return failure(vec![input_error("options.header", "'options.header' must be an object of JOSE header members")]),
    };
    match sim.mint_web_identity_token(provider, claims, alg, header) {
        Ok(token) => json!({ "type": "success", "token": token }),
        Err(m) => failure(vec![input_error("provider", &m)]),
    }
}

/// `sim.jwks(provider)` → `{ type: "success", keys: [...] }`: the answer is itself a JWK Set.
pub fn jwks(sim: &mut Sim, provider: &Value) -> Value {
    let Some(provider) = provider.as_str() else {
        return failure(vec![input_error("provider", "'provider' must be an OIDC provider ARN, URL or host string")]);
    };
    match sim.oidc_jwks(provider) {
        Ok(set) => {
            let mut out = json!({ "type": "success" });
            out["keys"] = set.get("keys").cloned().unwrap_or_else(|| json!([]));
            out
        }
        Err(m) => failure(vec![input_error("provider", &m)]),
    }
}

/// `sim.openidConfiguration(accountId)` → `{ type: "success", configuration }`: the OpenID
/// Connect discovery document of the account's outbound issuer (GetWebIdentityToken).
pub fn openid_configuration(sim: &Sim, account: &Value) -> Value {
    let Some(account) = account.as_str() else {
        return failure(vec![input_error("accountId", "'accountId' must be a 12-digit account id string")]);
    };
    match sim.openid_configuration(account) {
        Ok(c) => json!({ "type": "success", "configuration": c }),
        Err(m) => failure(vec![input_error("accountId", &m)]),
    }
}

/// The fields `mintSamlResponse` reads.
const MINT_SAML_FIELDS: &[&str] = &[
    "subject", "subjectType", "roles", "sessionName", "sessionDuration", "tags", "transitiveTagKeys", "sourceIdentity", "attributes", "issuer", "audience", "recipient",
    "notBefore", "notOnOrAfter", "sessionNotOnOrAfter",
];

/// Reads `mintSamlResponse`'s request: `{ subject, subjectType?, roles?: [[roleArn, providerArn]
/// | roleArn], sessionName?, sessionDuration?, tags?: { key: value }, transitiveTagKeys?,
/// sourceIdentity?, attributes?: { name: value | [values] }, issuer?, audience?, recipient?,
/// notBefore?, notOnOrAfter?, sessionNotOnOrAfter? }` (times: ISO 8601 or epoch ms).
fn read_saml_mint(v: &Value, provider: &str) -> Result<crate::sts::saml_provider::MintRequest, Diagnostic> {
    let Value::Object(m) = v else { return Err(input_error("request", "'request' must be an object { subject, roles?, sessionName?, … }")) };
    only(m, "request", MINT_SAML_FIELDS)?;
    let at = |k: &str| format!("request.{k}");
    let text = |k: &str| -> Result<Option<String>, Diagnostic> {
        match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(input_error(&at(k), &format!("'{}' must be a string", at(k)))),
        }
    };
    let strings = |v: &Value, path: &str| -> Result<Vec<String>, Diagnostic> {
        match v {
            Value::String(s) => Ok(vec![s.clone()]),
            Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_string).ok_or_else(|| input_error(path, &format!("'{path}' must hold strings")))).collect(),
            _ => Err(input_error(path, &format!("'{path}' must be a string or an array of strings"))),
        }
    };
    let time = |k: &str| -> Result<Option<i64>, Diagnostic> {
        match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => parse_iso8601(s).map(Some).ok_or_else(|| input_error(&at(k), &format!("'{}' must be an ISO 8601 date-time or epoch milliseconds", at(k)))),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| input_error(&at(k), &format!("'{}' must be whole epoch milliseconds", at(k)))),
            Some(_) => Err(input_error(&at(k), &format!("'{}' must be an ISO 8601 date-time or epoch milliseconds", at(k)))),
        }
    };
    let mut req = crate::sts::saml_provider::MintRequest { subject: text("subject")?.ok_or_else(|| input_error(&at("subject"), "'request.subject' (the NameID) is required"))?, ..Default::default() };
    req.subject_type = text("subjectType")?;
    if let Some(roles) = m.get("roles").filter(|v| !v.is_null()) {
        let Value::Array(items) = roles else { return Err(input_error(&at("roles"), "'request.roles' must be an array of [roleArn, providerArn] pairs or role ARNs")) };
        let mut pairs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("request.roles[{i}]");
            match item {
                Value::String(role) => pairs.push((role.clone(), provider.to_string())),
                Value::Array(pair) => match pair.as_slice() {
                    [Value::String(a), Value::String(b)] => pairs.push((a.clone(), b.clone())),
                    _ => return Err(input_error(&path, &format!("'{path}' must be [roleArn, providerArn]"))),
                },
                _ => return Err(input_error(&path, &format!("'{path}' must be [roleArn, providerArn] or a role ARN"))),
            }
        }
        req.roles = Some(pairs);
    }
    req.session_name = text("sessionName")?;
    req.session_duration = match m.get("sessionDuration") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| input_error(&at("sessionDuration"), "'request.sessionDuration' must be whole seconds"))?),
    };
    if let Some(tags) = m.get("tags").filter(|v| !v.is_null()) {
        let Value::Object(t) = tags else { return Err(input_error(&at("tags"), "'request.tags' must be an object { key: value }")) };
        for (k, v) in t {
            let value = v.as_str().ok_or_else(|| input_error(&format!("request.tags.{k}"), &format!("'request.tags.{k}' must be a string")))?;
            req.tags.push((k.clone(), value.to_string()));
        }
    }
    if let Some(t) = m.get("transitiveTagKeys").filter(|v| !v.is_null()) {
        req.transitive_tag_keys = strings(t, "request.transitiveTagKeys")?;
    }
    req.source_identity = text("sourceIdentity")?;
    if let Some(attrs) = m.get("attributes").filter(|v| !v.is_null()) {
        let Value::Object(a) = attrs else { return Err(input_error(&at("attributes"), "'request.attributes' must be an object { name: value | [values] }")) };
        for (name, v) in a {
            req.attributes.push((name.clone(), strings(v, &format!("request.attributes.{name}"))?));
        }
    }
    req.issuer = text("issuer")?;
    req.audience = text("audience")?;
    req.recipient = text("recipient")?;
    req.not_before_ms = time("notBefore")?;
    req.not_on_or_after_ms = time("notOnOrAfter")?;
    req.session_not_on_or_after_ms = time("sessionNotOnOrAfter")?;
    Ok(req)
}

/// `sim.mintSamlResponse(providerArn, request)` → `{ type: "success", samlResponse }` (base64,
/// the `SAMLAssertion` parameter).
pub fn mint_saml_response(sim: &Sim, provider: &Value, request: &Value) -> Value {
    let Some(provider) = provider.as_str() else {
        return failure(vec![input_error("providerArn", "'providerArn' must be a SAML provider ARN string")]);
    };
    let req = match read_saml_mint(request, provider) {
        Ok(r) => r,
        Err(e) => return failure(vec![e]),
    };
    match sim.mint_saml_response(provider, &req) {
        Ok(b64) => json!({ "type": "success", "samlResponse": b64 }),
        Err(m) => failure(vec![input_error("providerArn", &m)]),
    }
}

/// `sim.samlMetadata(providerArn)` → `{ type: "success", metadata }` (the XML document).
pub fn saml_metadata(sim: &Sim, provider: &Value) -> Value {
    let Some(provider) = provider.as_str() else {
        return failure(vec![input_error("providerArn", "'providerArn' must be a SAML provider ARN string")]);
    };
    match sim.saml_metadata(provider) {
        Ok(doc) => json!({ "type": "success", "metadata": doc }),
        Err(m) => failure(vec![input_error("providerArn", &m)]),
    }
}

/// `sim.authorize(caller, { action, resource, context?, region?, resourcePolicy? })`;
/// `resourcePolicy` is the resource's own resource-based policy (a bucket or key policy).
pub fn authorize(sim: &mut Sim, caller: &Value, request: &Value) -> Value {
    let caller = match read_caller(caller, "caller").and_then(|c| check_caller(sim.world(), &c, "caller").map(|()| c)) {
        Ok(c) => c,
        Err(e) => return failure(vec![e]),
    };
    let Value::Object(map) = request else { return failure(vec![input_error("request", "'request' must be an object { action, resource, context?, region?, resourcePolicy? }")]) };
    if let Err(e) = only(map, "request", &["action", "resource", "context", "region", "resourcePolicy"]) {
        return failure(vec![e]);
    }
    let (Some(action), Some(resource)) = (map.get("action").and_then(Value::as_str), map.get("resource").and_then(Value::as_str)) else {
        return failure(vec![input_error("request", "'request' needs string fields 'action' and 'resource'")]);
    };
    let context = match map.get("context") {
        None | Some(Value::Null) => RequestContext::new(),
        Some(v) => match RequestContext::from_json(v, "request.context") {
            Ok(c) => c,
            Err(e) => return failure(vec![e]),
        },
    };
    let region = map.get("region").and_then(Value::as_str).map(str::to_string);
    let resource_policy = match map.get("resourcePolicy") {
        None | Some(Value::Null) => None,
        Some(v) => match super::simulate::parse_one(v, "request.resourcePolicy", PolicyKind::Resource) {
            Ok(p) => Some(p),
            Err(errors) => return failure(errors),
        },
    };
    let req = AuthorizeRequest { action: action.to_string(), resource: resource.to_string(), context, region, resource_policy };
    match sim.authorize(&caller, &req) {
        Ok(a) => {
            let mut out = json!({ "type": "success", "decision": a.decision, "trace": a.trace });
            if let Some(m) = a.encoded_message {
                out["EncodedMessage"] = json!(m);
            }
            out
        }
        Err(e) => json!({ "type": "failure", "error": e }),
    }
}

pub fn events(sim: &Sim) -> Value {
    json!({ "type": "success", "events": sim.events() })
}

pub fn advance(sim: &mut Sim, seconds: &Value) -> Value {
    match seconds.as_u64() {
        Some(s) => {
            sim.advance(s);
            json!({ "type": "success", "now": iso8601(sim.now()) })
        }
        None => failure(vec![input_error("seconds", "'seconds' must be a non-negative whole number")]),
    }
}

pub fn now(sim: &Sim) -> String {
    iso8601(sim.now())
}

pub fn revoke_older_sessions(sim: &mut Sim, role_arn: &Value) -> Value {
    let Some(arn) = role_arn.as_str() else { return failure(vec![input_error("roleArn", "'roleArn' must be a role ARN string")]) };
    match sim.revoke_older_sessions(arn) {
        Ok(()) => json!({ "type": "success" }),
        Err(m) => failure(vec![input_error("roleArn", &m)]),
    }
}

/// Replaces `{ "FromStep": n }` in a caller by the `Credentials` step `n` answered. For tests of
/// refused credentials, `"Override": { "SecretAccessKey": … }` replaces fields (null removes
/// one) and `"TamperToken": true` changes one character in the middle of the session token.
fn resolve_caller(caller: &Value, results: &[Value], path: &str) -> Result<Value, Diagnostic> {
    let Some(step) = caller.get("FromStep") else { return Ok(caller.clone()) };
    let n = step.as_u64().ok_or_else(|| input_error(&format!("{path}.FromStep"), "'FromStep' must be a step index"))? as usize;
    let mut creds = results
        .get(n)
        .and_then(|r| r.pointer("/response/Credentials"))
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| input_error(&format!("{path}.FromStep"), &format!("step {n} did not answer Credentials")))?;
    creds.remove("Expiration");
    if let Some(Value::Object(over)) = caller.get("Override") {
        for (k, v) in over {
            if v.is_null() {
                creds.remove(k);
            } else {
                creds.insert(k.clone(), v.clone());
            }
        }
    }
    if caller.get("TamperToken").and_then(Value::as_bool) == Some(true)
        && let Some(Value::String(t)) = creds.get_mut("SessionToken")
    {
        let mid = t.len() / 2;
        let flipped: String = t.char_indices().map(|(i, c)| if i == mid { if c == 'A' { 'B' } else { 'A' } } else { c }).collect();
        *t = flipped;
    }
    Ok(Value::Object(creds))
}

/// Replaces a parameter written `{ "FromStep": n }` by the `token` step `n` answered (a
/// `mintWebIdentityToken`, for AssumeRoleWithWebIdentity's `WebIdentityToken`), its
/// `samlResponse` (a `mintSamlResponse`, for AssumeRoleWithSAML's `SAMLAssertion`) or else its
/// `EncodedMessage` (an `authorize` that denied, for DecodeAuthorizationMessage), or the
/// `WebIdentityToken` a GetWebIdentityToken call answered.
/// `"Tamper": true` changes one character in its middle.
fn resolve_params(params: &Value, results: &[Value], path: &str) -> Result<Value, Diagnostic> {
    let Value::Object(map) = params else { return Ok(params.clone()) };
    let mut out = map.clone();
    for (name, v) in map {
        let Some(step) = v.get("FromStep") else { continue };
        let at = format!("{path}.{name}.FromStep");
        let n = step.as_u64().ok_or_else(|| input_error(&at, "'FromStep' must be a step index"))? as usize;
        let mut message = results
            .get(n)
            .and_then(|r| r.get("token").or_else(|| r.get("samlResponse")).or_else(|| r.get("EncodedMessage")).or_else(|| r.pointer("/response/WebIdentityToken")))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| input_error(&at, &format!("step {n} did not answer a token or an EncodedMessage")))?;
        if v.get("Tamper").and_then(Value::as_bool) == Some(true) {
            let mid = message.len() / 2;
            message = message.char_indices().map(|(i, c)| if i == mid { if c == 'A' { 'B' } else { 'A' } } else { c }).collect();
        }
        out.insert(name.clone(), Value::String(message));
    }
    Ok(Value::Object(out))
}

/// The scenario runner: `{ world, options?, steps: [ { call } | { advance } | { revokeOlderSessions }
/// | { authorize } | { mintWebIdentityToken: { provider, claims, alg?, header? } } | { jwks: provider | accountId } | { openidConfiguration: accountId }
/// | { mintSamlResponse: { provider, request } } | { samlMetadata: provider }
/// | { events: true } ] }` → `{ type: "success", results: [...] }`.
pub fn run(input: &Value) -> Value {
    let Value::Object(map) = input else { return failure(vec![input_error("", "the input must be an object { world, options?, steps }")]) };
    if let Err(e) = only(map, "", &["world", "options", "steps"]) {
        return failure(vec![e]);
    }
    let mut sim = match create(map.get("world").unwrap_or(&Value::Null), map.get("options").unwrap_or(&Value::Null)) {
        Ok(s) => s,
        Err(f) => return f,
    };
    let Some(Value::Array(steps)) = map.get("steps") else { return failure(vec![input_error("steps", "'steps' must be an array")]) };
    let mut results: Vec<Value> = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let path = format!("steps[{i}]");
        let answer = match step.as_object().and_then(|m| (m.len() == 1).then(|| m.iter().next()).flatten()) {
            Some((kind, body)) => match kind.as_str() {
                "call" => {
                    let Value::Object(c) = body else { return failure(vec![input_error(&path, "'call' must be an object")]) };
                    if let Err(e) = only(c, &format!("{path}.call"), &["caller", "operation", "params", "where"]) {
                        return failure(vec![e]);
                    }
                    let caller = match c.get("caller").map(|v| resolve_caller(v, &results, &format!("{path}.call.caller"))).transpose() {
                        Ok(v) => v.unwrap_or(Value::Null),
                        Err(e) => return failure(vec![e]),
                    };
                    let params = match resolve_params(c.get("params").unwrap_or(&Value::Null), &results, &format!("{path}.call.params")) {
                        Ok(p) => p,
                        Err(e) => return failure(vec![e]),
                    };
                    call(&mut sim, &caller, c.get("operation").unwrap_or(&Value::Null), &params, c.get("where").unwrap_or(&Value::Null))
                }
                "advance" => advance(&mut sim, body),
                "revokeOlderSessions" => revoke_older_sessions(&mut sim, body),
                "authorize" => {
                    let caller = match body.get("caller").map(|v| resolve_caller(v, &results, &format!("{path}.authorize.caller"))).transpose() {
                        Ok(v) => v.unwrap_or(Value::Null),
                        Err(e) => return failure(vec![e]),
                    };
                    authorize(&mut sim, &caller, body.get("request").unwrap_or(&Value::Null))
                }
                "mintWebIdentityToken" => {
                    let Value::Object(m) = body else { return failure(vec![input_error(&path, "'mintWebIdentityToken' must be an object { provider, claims, alg?, header? }")]) };
                    if let Err(e) = only(m, &format!("{path}.mintWebIdentityToken"), &["provider", "claims", "alg", "header"]) {
                        return failure(vec![e]);
                    }
                    let mut options = Map::new();
                    for k in ["alg", "header"] {
                        if let Some(v) = m.get(k) {
                            options.insert(k.to_string(), v.clone());
                        }
                    }
                    mint_web_identity_token(&mut sim, m.get("provider").unwrap_or(&Value::Null), m.get("claims").unwrap_or(&Value::Null), &Value::Object(options))
                }
                "jwks" => jwks(&mut sim, body),
                "openidConfiguration" => openid_configuration(&sim, body),
                "mintSamlResponse" => {
                    let Value::Object(m) = body else { return failure(vec![input_error(&path, "'mintSamlResponse' must be an object { provider, request }")]) };
                    if let Err(e) = only(m, &format!("{path}.mintSamlResponse"), &["provider", "request"]) {
                        return failure(vec![e]);
                    }
                    mint_saml_response(&sim, m.get("provider").unwrap_or(&Value::Null), m.get("request").unwrap_or(&Value::Null))
                }
                "samlMetadata" => saml_metadata(&sim, body),
                "events" => events(&sim),
                "now" => json!({ "type": "success", "now": now(&sim) }),
                other => return failure(vec![input_error(&path, &format!("unknown step '{other}': expected call, advance, revokeOlderSessions, authorize, mintWebIdentityToken, jwks, openidConfiguration, mintSamlResponse, samlMetadata, events or now"))]),
            },
            None => return failure(vec![input_error(&path, "a step is an object with exactly one key: call, advance, revokeOlderSessions, authorize, mintWebIdentityToken, jwks, openidConfiguration, mintSamlResponse, samlMetadata, events or now")]),
        };
        results.push(answer);
    }
    json!({ "type": "success", "results": results })
}
