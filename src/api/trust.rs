//! `analyzeTrust({ world, roleArn?, trustPolicy?, zoneOfTrust?: { accounts?, organizationIds? } })`:
//! trust findings (`crate::trust`) for every role of the world, the one `roleArn` names, or the
//! one `trustPolicy` given (installed on `roleArn`, else on a role of its own). The zone of trust
//! defaults, field by field, to the world's accounts and organization.
//!
//! ```text
//! -> { type: "success", zoneOfTrust: { accounts, organizationIds },
//!      roles: [ { roleArn, status: "findings" | "noFindings" | "unknown",
//!                 findings: [...], insideZone: [...], checkedCallers: [...] } ] }
//! ```

use serde_json::{Map, Value, json};

use super::sim::DEFAULT_NOW;
use super::{failure, input_error};
use crate::diag::Diagnostic;
use crate::policy::{PolicyKind, PrincipalKind, PrincipalSet};
use crate::sts::clock::parse_iso8601;
use crate::sts::world;
use crate::trust::{self, Zone, witness::RunOptions};

const FIELDS: &[&str] = &["world", "roleArn", "trustPolicy", "zoneOfTrust"];
/// The role a `trustPolicy` given without `roleArn` is installed on.
const ANALYZED_ROLE: &str = "sts-sim-analyzed";
/// The account of a world made up for a `trustPolicy` given alone.
const DEFAULT_ACCOUNT: &str = "111122223333";

fn strings(v: &Value, path: &str) -> Result<Vec<String>, Diagnostic> {
    match v {
        Value::Array(items) => items.iter().enumerate().map(|(i, s)| s.as_str().map(str::to_string).ok_or_else(|| input_error(&format!("{path}[{i}]"), &format!("'{path}[{i}]' must be a string")))).collect(),
        _ => Err(input_error(path, &format!("'{path}' must be an array of strings"))),
    }
}

fn read_zone(v: Option<&Value>, world: &world::World) -> Result<Zone, Diagnostic> {
    let mut zone = Zone::of_world(world);
    let map = match v {
        None | Some(Value::Null) => return Ok(zone),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(input_error("zoneOfTrust", "'zoneOfTrust' must be an object { accounts?, organizationIds? }")),
    };
    if let Some(k) = map.keys().find(|k| !["accounts", "organizationIds"].contains(&k.as_str())) {
        return Err(input_error(&format!("zoneOfTrust.{k}"), &format!("unknown field 'zoneOfTrust.{k}'; expected accounts, organizationIds")));
    }
    if let Some(a) = map.get("accounts").filter(|v| !v.is_null()) {
        zone.accounts = strings(a, "zoneOfTrust.accounts")?;
        if let Some((i, bad)) = zone.accounts.iter().enumerate().find(|(_, a)| !crate::arn::is_account_id(a)) {
            return Err(input_error(&format!("zoneOfTrust.accounts[{i}]"), &format!("'zoneOfTrust.accounts[{i}]' must be a 12-digit account id, got '{bad}'")));
        }
    }
    if let Some(o) = map.get("organizationIds").filter(|v| !v.is_null()) {
        zone.organization_ids = strings(o, "zoneOfTrust.organizationIds")?;
        if let Some((i, bad)) = zone.organization_ids.iter().enumerate().find(|(_, o)| !o.starts_with("o-") || o.len() < 12) {
            return Err(input_error(&format!("zoneOfTrust.organizationIds[{i}]"), &format!("'zoneOfTrust.organizationIds[{i}]' must be an organization id (o-…), got '{bad}'")));
        }
    }
    Ok(zone)
}

/// A world for a trust policy given alone: one account holding the role, and the identity
/// providers the policy names (an OIDC provider registered with the audiences its conditions
/// compare, else `sts.amazonaws.com`), so that the witnesses have somewhere to run.
fn world_for_policy(policy: &crate::policy::Policy) -> Value {
    // (account id, its OIDC providers, its SAML providers)
    type Providers = (String, Vec<Value>, Vec<Value>);
    let mut accounts: Vec<Providers> = vec![(DEFAULT_ACCOUNT.to_string(), Vec::new(), Vec::new())];
    for st in &policy.statements {
        let Some(PrincipalSet::Listed(entries)) = st.principal.as_ref().map(|b| &b.principals) else { continue };
        for e in entries.iter().filter(|e| e.kind == PrincipalKind::Federated) {
            let parts: Vec<&str> = e.value.splitn(6, ':').collect();
            let ["arn", _, "iam", "", account, resource] = parts[..] else { continue };
            if !crate::arn::is_account_id(account) {
                continue;
            }
            let i = match accounts.iter().position(|(a, _, _)| a == account) {
                Some(i) => i,
                None => {
                    accounts.push((account.to_string(), Vec::new(), Vec::new()));
                    accounts.len() - 1
                }
            };
            if let Some(host) = resource.strip_prefix("oidc-provider/") {
                let aud_key = format!("{host}:aud").to_lowercase();
                let mut auds: Vec<String> =
                    st.conditions.iter().filter(|c| c.key_lower == aud_key && !c.operator.base.name().contains("Not")).flat_map(|c| c.values.iter().map(|v| trust::example(&v.text))).collect();
                if auds.is_empty() {
                    auds.push("sts.amazonaws.com".into());
                }
                let url = format!("https://{host}");
                if !accounts[i].1.iter().any(|p| p["Url"] == json!(url)) {
                    accounts[i].1.push(json!({ "Url": url, "ClientIDList": auds }));
                }
            } else if let Some(name) = resource.strip_prefix("saml-provider/")
                && !accounts[i].2.iter().any(|p| p["Name"] == json!(name))
            {
                accounts[i].2.push(json!({ "Name": name }));
            }
        }
    }
    let list: Vec<Value> = accounts.into_iter().map(|(id, oidc, saml)| json!({ "AccountId": id, "OpenIDConnectProviders": oidc, "SAMLProviders": saml })).collect();
    json!({ "Accounts": list })
}

fn prefixed(mut ds: Vec<Diagnostic>, prefix: &str) -> Vec<Diagnostic> {
    for d in &mut ds {
        d.path = if d.path.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", d.path) };
    }
    ds
}

/// Installs `policy` as the trust policy of the role `role_arn` (or of a new role in the first
/// account) in the world document; answers the role's ARN.
fn install(doc: &mut Value, policy: &Value, role_arn: Option<&str>) -> Result<String, Diagnostic> {
    let accounts = doc.get_mut("Accounts").and_then(Value::as_array_mut).ok_or_else(|| input_error("world.Accounts", "'world.Accounts' must list at least one account to hold the role"))?;
    if let Some(arn) = role_arn {
        let (account, name) = world::role_arn_parts(arn).ok_or_else(|| input_error("roleArn", &format!("'roleArn' must be a role ARN (arn:aws:iam::<account>:role/<name>), got '{arn}'")))?;
        for a in accounts.iter_mut().filter(|a| a.get("AccountId").and_then(Value::as_str) == Some(account)) {
            let roles = a.pointer_mut("/AuthorizationDetails/RoleDetailList").and_then(Value::as_array_mut);
            if let Some(r) = roles.into_iter().flatten().find(|r| r.get("RoleName").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name))) {
                r["AssumeRolePolicyDocument"] = policy.clone();
                return Ok(arn.to_string());
            }
        }
        return Err(input_error("roleArn", &format!("no role {arn} in the world")));
    }
    let first = accounts.first_mut().and_then(Value::as_object_mut).ok_or_else(|| input_error("world.Accounts", "'world.Accounts' must list at least one account to hold the role"))?;
    let id = first.get("AccountId").and_then(Value::as_str).unwrap_or(DEFAULT_ACCOUNT).to_string();
    let details = first.entry("AuthorizationDetails").or_insert_with(|| json!({}));
    let details = details.as_object_mut().ok_or_else(|| input_error("world.Accounts[0].AuthorizationDetails", "must be an object"))?;
    let roles = details.entry("RoleDetailList").or_insert_with(|| json!([]));
    let roles = roles.as_array_mut().ok_or_else(|| input_error("world.Accounts[0].AuthorizationDetails.RoleDetailList", "must be an array"))?;
    roles.push(json!({ "RoleName": ANALYZED_ROLE, "Path": "/", "AssumeRolePolicyDocument": policy }));
    Ok(format!("arn:aws:iam::{id}:role/{ANALYZED_ROLE}"))
}

pub fn analyze_trust(input: &Value) -> Value {
    match run(input) {
        Ok(v) => v,
        Err(errors) => failure(errors),
    }
}

fn run(input: &Value) -> Result<Value, Vec<Diagnostic>> {
    let Value::Object(map) = input else { return Err(vec![input_error("", "the input must be an object { world, roleArn?, trustPolicy?, zoneOfTrust? }")]) };
    if let Some(k) = map.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(vec![input_error(k, &format!("unknown field '{k}'; expected one of: {}", FIELDS.join(", ")))]);
    }
    let role_arn = match map.get("roleArn") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(vec![input_error("roleArn", "'roleArn' must be a role ARN string")]),
    };
    let policy = match map.get("trustPolicy") {
        None | Some(Value::Null) => None,
        Some(v) => Some((v, super::simulate::parse_one(v, "trustPolicy", PolicyKind::Trust)?)),
    };
    let mut doc = match (map.get("world"), &policy) {
        (Some(w @ Value::Object(_)), _) => w.clone(),
        (None | Some(Value::Null), Some((_, p))) if role_arn.is_none() => world_for_policy(p),
        (None | Some(Value::Null), _) => return Err(vec![input_error("world", "the field 'world' is required (it may be left out only with a trustPolicy and no roleArn)")]),
        (Some(_), _) => return Err(vec![input_error("world", "'world' must be an object (schema/world.schema.json)")]),
    };
    // The world must load as given before anything is installed in it.
    let given = world::load(&doc).map_err(|ds| prefixed(ds, "world"))?;
    let zone = read_zone(map.get("zoneOfTrust"), &given).map_err(|e| vec![e])?;
    if let Some(arn) = role_arn
        && given.role_by_arn(arn).is_none()
    {
        return Err(vec![input_error("roleArn", &format!("no role {arn} in the world"))]);
    }
    let target = match &policy {
        Some((text, _)) => Some(install(&mut doc, text, role_arn).map_err(|e| vec![e])?),
        None => role_arn.map(str::to_string),
    };
    let world = if policy.is_some() { world::load(&doc).map_err(|ds| prefixed(ds, "world"))? } else { given };
    let run = RunOptions { now_ms: parse_iso8601(DEFAULT_NOW).unwrap_or(0), seed: 0 };
    let roles: Vec<&crate::sts::world::Role> = match &target {
        Some(arn) => world.role_by_arn(arn).map(|(_, r)| r).into_iter().collect(),
        None => world.accounts.iter().flat_map(|a| a.roles.iter()).collect(),
    };
    let results: Vec<Value> = roles.iter().map(|r| trust::analyze_role(&doc, &world, r, &zone, &run)).collect();
    let mut out = Map::new();
    out.insert("type".into(), json!("success"));
    out.insert("zoneOfTrust".into(), json!({ "accounts": zone.accounts, "organizationIds": zone.organization_ids }));
    out.insert("roles".into(), Value::Array(results));
    Ok(Value::Object(out))
}
