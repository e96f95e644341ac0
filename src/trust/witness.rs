//! Witnesses: the concrete outside caller that proves a trust finding, built into a copy of the
//! world (a fresh account with a user whose own policy allows the STS call, a role it chains
//! through, a virtual MFA device, the organization and OU the conditions ask for, a token minted
//! for the provider, a service acting for an outside resource) and run through `Sim::call`,
//! so a finding is what the simulator itself accepts. Also the obvious outside callers a role
//! without findings must refuse (`checked_callers`).

use serde_json::{Map, Value, json};

use super::orgs::OrgPlacement;
use super::{Operation, Plan, Who, Zone, example};
use crate::sts::caller::ServiceSource;
use crate::sts::caller::Caller;
use crate::sts::saml_provider::MintRequest;
use crate::sts::sim::{Sim, Where};
use crate::sts::totp::TotpSeed;
use crate::sts::world::{self, Role, World};
use crate::wildcard::{NoVariables, Pattern, PatternSyntax};

/// The clock and seed every witness simulator starts from.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    pub now_ms: i64,
    pub seed: u64,
}

/// One witness, described as calls, and what the simulator answered to the last one.
pub struct WitnessRun {
    pub description: Value,
    pub accepted: bool,
    pub answer: Value,
}

/// Account ids a fresh outside account is drawn from (the first one the world and the zone do
/// not hold, and that the conditions allow).
const FRESH_ACCOUNTS: [&str; 6] = ["999999999999", "999988887777", "888877776666", "777766665555", "123412341234", "246813579024"];
/// The virtual MFA seed of witness users (RFC 4226's test secret in base32).
const MFA_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const WITNESS_USER: &str = "sts-sim-outsider";
const WITNESS_SESSION: &str = "sts-sim-witness";

fn sts_permissions() -> Value {
    json!({ "PolicyName": "sts-sim-witness", "PolicyDocument": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], "Resource": "*" } ] } })
}

/// A fresh outside account: in neither the world (nor any organization it describes) nor the
/// zone, matching the plan's account patterns, not avoided.
fn fresh_account(world: &World, zone: &Zone, plan: &Plan) -> Option<String> {
    fresh_account_for(world, zone, &plan.account_patterns, &plan.avoid_accounts)
}

/// A fresh outside account matching every one of `patterns` (`*`/`?` wildcards), none of `avoid`.
pub fn fresh_account_for(world: &World, zone: &Zone, patterns: &[String], avoid: &[String]) -> Option<String> {
    let syntax = PatternSyntax { wildcards: true, variables: false, case_insensitive: false };
    let mut candidates: Vec<String> = FRESH_ACCOUNTS.iter().map(|s| s.to_string()).collect();
    // A pattern like `9999*` is easier met by filling it than by hoping.
    candidates.extend(patterns.iter().map(|p| p.replace(['*', '?'], "9")).filter(|c| c.len() == 12 && crate::arn::is_account_id(c)));
    candidates.into_iter().find(|c| {
        world.account(c).is_none()
            && world.org_id_of(c).is_none()
            && !zone.contains_account(world, c)
            && !avoid.contains(c)
            && patterns.iter().all(|p| Pattern::compile(p, syntax).matches(c, &NoVariables))
    })
}

/// Puts `account` where `want` says in the world document: into the world's own organization
/// or an external one it lists (reusing the OUs the path names that exist, adding the others
/// with the ids the path gives), or into a new `ExternalOrganizations` entry.
fn place_in_organization(doc: &mut Value, world: &World, account: &str, want: &OrgPlacement, changes: &mut Vec<String>) -> Result<(), String> {
    if let Some(o) = world.org_id_of(account) {
        return if o == want.id && want.root.is_none() && want.ous.is_empty() { Ok(()) } else { Err(format!("account {account} is already in organization {o} in the world")) };
    }
    let existing = world.organization_by_id(&want.id);
    let is_own = world.organization.as_ref().is_some_and(|o| o.id == want.id);
    if let (Some(org), Some(root)) = (existing, &want.root)
        && org.root_id() != root
    {
        return Err(format!("the root of organization {} is {}, the path names {root}", want.id, org.root_id()));
    }
    let mut tree: &mut Value = if is_own {
        doc.get_mut("Organization").and_then(Value::as_object_mut).ok_or("Organization is not an object")?.entry("Root").or_insert_with(|| json!({}))
    } else {
        let list = doc.as_object_mut().ok_or("the world is not an object")?.entry("ExternalOrganizations").or_insert_with(|| json!([])).as_array_mut().ok_or("ExternalOrganizations is not a list")?;
        let pos = match world.external_organizations.iter().position(|o| o.id == want.id) {
            Some(p) => p,
            None => {
                let mut root = json!({});
                if let Some(r) = &want.root {
                    root["Id"] = json!(r);
                }
                list.push(json!({ "Id": want.id, "Root": root }));
                changes.push(format!("adds organization {} to ExternalOrganizations", want.id));
                list.len() - 1
            }
        };
        list[pos].as_object_mut().ok_or("an external organization is not an object")?.entry("Root").or_insert_with(|| json!({}))
    };
    // Walk down the OUs the path names: existing ones by their position among their siblings
    // (the loader's depth-first order), new ones added.
    let mut node = existing.map(|_| 0usize);
    for ou in &want.ous {
        let children = tree.as_object_mut().ok_or("an organizational unit is not an object")?.entry("OrganizationalUnits").or_insert_with(|| json!([])).as_array_mut().ok_or("OrganizationalUnits is not a list")?;
        let found = node.and_then(|n| {
            let org = existing?;
            let siblings: Vec<usize> = (0..org.nodes.len()).filter(|&i| org.nodes[i].parent == Some(n)).collect();
            siblings.iter().position(|&i| org.nodes[i].id == *ou).map(|pos| (pos, siblings[pos]))
        });
        let pos = match found {
            Some((pos, index)) => {
                node = Some(index);
                pos
            }
            None => {
                node = None;
                children.push(json!({ "Name": format!("sts-sim-witness-{ou}"), "Id": ou }));
                changes.push(format!("adds the OU {ou} to organization {}", want.id));
                children.len() - 1
            }
        };
        tree = &mut children[pos];
    }
    let accounts = tree.as_object_mut().ok_or("an organizational unit is not an object")?.entry("Accounts").or_insert_with(|| json!([])).as_array_mut().ok_or("Accounts is not a list")?;
    accounts.push(json!(account));
    changes.push(format!("places account {account} in organization {} at {}", want.id, want.path(world)));
    Ok(())
}

/// The account object of `id` in a world document, added when missing.
fn account_mut<'a>(world: &'a mut Value, id: &str, changes: &mut Vec<String>) -> Result<&'a mut Map<String, Value>, String> {
    let accounts = world.get_mut("Accounts").and_then(Value::as_array_mut).ok_or("the world has no Accounts list")?;
    let pos = match accounts.iter().position(|a| a.get("AccountId").and_then(Value::as_str) == Some(id)) {
        Some(p) => p,
        None => {
            changes.push(format!("adds account {id}, outside the zone of trust"));
            accounts.push(json!({ "AccountId": id }));
            accounts.len() - 1
        }
    };
    let account = accounts[pos].as_object_mut().ok_or("an account is not an object")?;
    let details = account.entry("AuthorizationDetails").or_insert_with(|| json!({}));
    let details = details.as_object_mut().ok_or("AuthorizationDetails is not an object")?;
    for list in ["UserDetailList", "RoleDetailList"] {
        details.entry(list).or_insert_with(|| json!([]));
    }
    Ok(account)
}

fn list_mut<'a>(account: &'a mut Map<String, Value>, path: &[&str]) -> Result<&'a mut Vec<Value>, String> {
    let mut v: &mut Map<String, Value> = account;
    for (i, key) in path.iter().enumerate() {
        if i + 1 == path.len() {
            return v.entry(*key).or_insert_with(|| json!([])).as_array_mut().ok_or_else(|| format!("{key} is not a list"));
        }
        v = v.entry(*key).or_insert_with(|| json!({})).as_object_mut().ok_or_else(|| format!("{key} is not an object"))?;
    }
    Err("empty path".into())
}

/// Splits `user/path/name` or `role/path/name` into (path, name).
fn path_and_name(resource: &str) -> (String, String) {
    let rest = resource.split_once('/').map_or("", |(_, r)| r);
    match rest.rsplit_once('/') {
        Some((p, n)) => (format!("/{p}/"), n.to_string()),
        None => ("/".to_string(), rest.to_string()),
    }
}

fn tag_list(tags: &[(String, String)]) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect())
}

/// Adds (or equips) a user with permission to call AssumeRole; answers its ARN.
fn put_user(account: &mut Map<String, Value>, id: &str, path: &str, name: &str, tags: &[(String, String)], mfa: bool, changes: &mut Vec<String>) -> Result<String, String> {
    let users = list_mut(account, &["AuthorizationDetails", "UserDetailList"])?;
    match users.iter_mut().find(|u| u.get("UserName").and_then(Value::as_str) == Some(name)) {
        Some(u) => {
            let u = u.as_object_mut().ok_or("a user is not an object")?;
            u.entry("UserPolicyList").or_insert_with(|| json!([])).as_array_mut().ok_or("UserPolicyList is not a list")?.push(sts_permissions());
            let existing = u.entry("Tags").or_insert_with(|| json!([])).as_array_mut().ok_or("Tags is not a list")?;
            existing.extend(tag_list(tags).as_array().cloned().unwrap_or_default());
            changes.push(format!("gives the user {name} of account {id} a policy allowing sts:AssumeRole"));
        }
        None => {
            users.push(json!({ "UserName": name, "Path": path, "UserPolicyList": [sts_permissions()], "Tags": tag_list(tags) }));
            changes.push(format!("adds the user {name} to account {id}, with a policy allowing sts:AssumeRole{}", if tags.is_empty() { String::new() } else { " and the tags the conditions ask for".into() }));
        }
    }
    if mfa {
        let serial = format!("arn:aws:iam::{id}:mfa/sts-sim-witness-{name}");
        list_mut(account, &["MFADevices"])?.push(json!({ "UserName": name, "SerialNumber": serial, "Base32StringSeed": MFA_SEED }));
        changes.push(format!("gives the user {name} a virtual MFA device"));
    }
    Ok(format!("arn:aws:iam::{id}:user{path}{name}"))
}

/// Adds (or takes over) a role the witness user can assume and that may call AssumeRole.
fn put_role(account: &mut Map<String, Value>, id: &str, path: &str, name: &str, tags: &[(String, String)], changes: &mut Vec<String>) -> Result<String, String> {
    let trust = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": format!("arn:aws:iam::{id}:root") }, "Action": ["sts:AssumeRole", "sts:TagSession"] }] });
    let roles = list_mut(account, &["AuthorizationDetails", "RoleDetailList"])?;
    roles.retain(|r| !r.get("RoleName").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name)));
    roles.push(json!({ "RoleName": name, "Path": path, "AssumeRolePolicyDocument": trust, "RolePolicyList": [sts_permissions()], "Tags": tag_list(tags) }));
    changes.push(format!("adds (or replaces) the role {name} in account {id}: its own account may assume it, and it may call sts:AssumeRole"));
    Ok(format!("arn:aws:iam::{id}:role{path}{name}"))
}

fn new_sim(world_json: &Value, run: &RunOptions) -> Result<Sim, String> {
    let world = world::load(world_json).map_err(|ds| format!("the witness world does not load: {}", ds.iter().map(|d| format!("{}: {}", d.path, d.message)).collect::<Vec<_>>().join("; ")))?;
    Ok(Sim::new(world, run.now_ms, run.seed))
}

fn where_of(plan: &Plan) -> (Where, Value) {
    let mut at = Where::default();
    let mut desc = Map::new();
    if let Some(r) = &plan.region {
        at.region = r.clone();
        desc.insert("region".into(), json!(r));
    }
    if let Some(ip) = &plan.source_ip {
        at.source_ip = ip.clone();
        desc.insert("sourceIp".into(), json!(ip));
    }
    (at, Value::Object(desc))
}

/// The answer of a call as the witness reports it: the assumed identity, or the STS error.
fn outcome(sim: &Sim, result: Result<Value, crate::sts::error::StsError>) -> (bool, Value) {
    match result {
        Ok(r) => (true, json!({ "AssumedRoleUser": r.get("AssumedRoleUser").cloned().unwrap_or(Value::Null), "SubjectFromWebIdentityToken": r.get("SubjectFromWebIdentityToken").cloned(), "Subject": r.get("Subject").cloned() })),
        Err(e) => {
            let mut v = json!({ "Code": e.code, "Message": e.message });
            if let Some(why) = sim.explanation() {
                v["explanation"] = why.clone();
            }
            (false, v)
        }
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        other => other,
    }
}

/// Builds and runs the witness of a finding about `who`.
pub fn run_finding(world_json: &Value, world: &World, role: &Role, zone: &Zone, who: &Who, plan: &Plan, run: &RunOptions) -> Result<WitnessRun, String> {
    match who.operation() {
        Operation::AssumeRoleWithWebIdentity => run_oidc(world_json, world, role, who, plan, run),
        Operation::AssumeRoleWithSaml => run_saml(world_json, role, who, plan, run),
        Operation::AssumeRole => match who {
            Who::Service { name } => run_service(world_json, world, role, zone, name, plan, run),
            _ => run_aws(world_json, world, role, zone, who, plan, run),
        },
    }
}

fn run_aws(world_json: &Value, world: &World, role: &Role, zone: &Zone, who: &Who, plan: &Plan, run: &RunOptions) -> Result<WitnessRun, String> {
    let mut doc = world_json.clone();
    let mut changes = Vec::new();
    let account = match (who.account(), &plan.account) {
        (Some(a), _) => a.to_string(),
        (None, Some(a)) => a.clone(),
        (None, None) => fresh_account(world, zone, plan).ok_or("no fresh outside account id fits the conditions")?,
    };
    let acct = account_mut(&mut doc, &account, &mut changes)?;
    // Which principal calls: the one the policy names, else the one a condition pins, else a
    // new user of the outside account.
    let (kind, path, name, session) = match who {
        Who::User { arn, .. } => {
            let (p, n) = path_and_name(super::arn_account_resource(arn).map_or("", |(_, r)| r));
            ("user", p, n, None)
        }
        Who::Role { arn, session, .. } => {
            let (p, n) = path_and_name(super::arn_account_resource(arn).map_or("", |(_, r)| r));
            ("role", p, n, session.clone())
        }
        _ => match &plan.principal_resource {
            Some(r) if r.starts_with("role/") => {
                let (p, n) = path_and_name(r);
                ("role", p, n, None)
            }
            Some(r) => {
                let (p, n) = path_and_name(r);
                ("user", p, n, None)
            }
            None => ("user", "/".to_string(), plan.user_name.clone().unwrap_or_else(|| WITNESS_USER.to_string()), None),
        },
    };
    let mut calls = Vec::new();
    let (caller_desc, via_role) = if kind == "role" {
        let role_arn = put_role(acct, &account, &path, &name, &plan.principal_tags, &mut changes)?;
        let user = put_user(acct, &account, "/", WITNESS_USER, &[], false, &mut changes)?;
        (json!({ "Principal": user }), Some(role_arn))
    } else {
        let user = put_user(acct, &account, &path, &name, &plan.principal_tags, plan.mfa, &mut changes)?;
        (json!({ "Principal": user }), None)
    };
    if let Some(org) = &plan.org {
        place_in_organization(&mut doc, world, &account, org, &mut changes)?;
    }
    let mut sim = new_sim(&doc, run)?;
    let first_caller = Caller::Principal(caller_desc["Principal"].as_str().unwrap_or_default().to_string());
    let caller = match &via_role {
        None => first_caller,
        Some(role_arn) => {
            let params = json!({ "RoleArn": role_arn, "RoleSessionName": session.clone().unwrap_or_else(|| WITNESS_SESSION.to_string()) });
            calls.push(json!({ "caller": caller_desc, "operation": "AssumeRole", "params": params }));
            let creds = match sim.call(Some(&first_caller), "AssumeRole", &params, &Where::default()) {
                Ok(r) => r.get("Credentials").cloned().unwrap_or(Value::Null),
                Err(e) => {
                    let (_, answer) = outcome(&sim, Err(e));
                    return Ok(WitnessRun { description: json!({ "account": account, "worldChanges": changes, "world": doc, "calls": calls }), accepted: false, answer });
                }
            };
            let text = |k: &str| creds.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            Caller::Credentials { access_key_id: text("AccessKeyId"), secret_access_key: text("SecretAccessKey"), session_token: Some(text("SessionToken")) }
        }
    };
    let mut params = json!({ "RoleArn": role.arn, "RoleSessionName": plan.session_name.clone().unwrap_or_else(|| WITNESS_SESSION.to_string()) });
    if let Some(e) = &plan.external_id {
        params["ExternalId"] = json!(e);
    }
    if plan.mfa && via_role.is_none() {
        let serial = format!("arn:aws:iam::{account}:mfa/sts-sim-witness-{name}");
        let code = TotpSeed::from_base32(MFA_SEED).map_err(|e| format!("{e:?}"))?.code_at(u64::try_from(run.now_ms / 1000).unwrap_or(0));
        params["SerialNumber"] = json!(serial);
        params["TokenCode"] = json!(code);
    }
    if !plan.request_tags.is_empty() {
        params["Tags"] = tag_list(&plan.request_tags);
    }
    if let Some(s) = &plan.source_identity {
        params["SourceIdentity"] = json!(s);
    }
    let (at, at_desc) = where_of(plan);
    let caller_text = if via_role.is_some() { json!({ "FromCall": 0 }) } else { caller_desc };
    calls.push(json!({ "caller": caller_text, "operation": "AssumeRole", "params": params, "where": at_desc }));
    let result = sim.call(Some(&caller), "AssumeRole", &params, &at);
    let (accepted, answer) = outcome(&sim, result);
    Ok(WitnessRun { description: json!({ "account": account, "worldChanges": changes, "world": doc, "calls": calls }), accepted, answer: strip_nulls(answer) })
}

/// A service caller, on its own or acting for the resource the plan names: its account is the
/// ARN's, else a fresh outside account; an organization id without a path gets the path of the
/// root of that organization (as `ExternalOrganizations` would derive it).
fn service_caller(world: &World, zone: &Zone, name: &str, plan: &Plan) -> Result<(Caller, Value), String> {
    let wanted = &plan.source;
    if *wanted == ServiceSource::default() {
        return Ok((Caller::Service { name: name.to_string(), source: None }, json!({ "Service": name })));
    }
    let mut source = wanted.clone();
    let arn_account = source.arn.as_deref().and_then(|a| a.split(':').nth(4)).filter(|a| !a.is_empty());
    if let (Some(a), Some(b)) = (&source.account, arn_account)
        && a != b
    {
        return Err(format!("the conditions ask for aws:SourceAccount {a} and an aws:SourceArn of account {b}: no resource has two owners"));
    }
    if source.owner().is_none() {
        source.account = Some(fresh_account_for(world, zone, &[], &[]).ok_or("no fresh outside account id is left")?);
    }
    source.account = source.owner().map(str::to_string);
    if let (Some(id), true) = (&source.org_id, source.org_paths.is_empty()) {
        source.org_paths.push(OrgPlacement::organization(id).path(world));
    }
    let mut desc = json!({ "Service": name, "SourceAccount": source.account });
    if let Some(arn) = &source.arn {
        desc["SourceArn"] = json!(arn);
    }
    if let Some(o) = &source.org_id {
        desc["SourceOrgID"] = json!(o);
        desc["SourceOrgPaths"] = json!(source.org_paths);
    }
    Ok((Caller::Service { name: name.to_string(), source: Some(source) }, desc))
}

fn run_service(world_json: &Value, world: &World, role: &Role, zone: &Zone, name: &str, plan: &Plan, run: &RunOptions) -> Result<WitnessRun, String> {
    let (caller, caller_desc) = service_caller(world, zone, name, plan)?;
    let mut sim = new_sim(world_json, run)?;
    let params = json!({ "RoleArn": role.arn, "RoleSessionName": plan.session_name.clone().unwrap_or_else(|| WITNESS_SESSION.to_string()) });
    let (at, at_desc) = where_of(plan);
    let result = sim.call(Some(&caller), "AssumeRole", &params, &at);
    let (accepted, answer) = outcome(&sim, result);
    let description = json!({ "worldChanges": [], "calls": [{ "caller": caller_desc, "operation": "AssumeRole", "params": params, "where": at_desc }] });
    Ok(WitnessRun { description, accepted, answer: strip_nulls(answer) })
}

/// The audience a token of `provider` carries by default: its first client ID in the world, or
/// one of our own for a built-in provider (which has no client ID list).
fn default_audience(world: &World, provider_key: &str) -> String {
    world
        .accounts
        .iter()
        .flat_map(|a| a.oidc_providers.iter())
        .find(|p| p.url.trim_start_matches("https://") == provider_key)
        .and_then(|p| p.client_ids.first().cloned())
        .unwrap_or_else(|| if provider_key == "cognito-identity.amazonaws.com" { "us-east-1:00000000-0000-0000-0000-000000000000".into() } else { "sts-sim-outsider-client".into() })
}

fn default_subject(provider_key: &str) -> String {
    if provider_key == "token.actions.githubusercontent.com" { "repo:sts-sim-outsider/app:ref:refs/heads/main".into() } else { WITNESS_USER.into() }
}

fn run_oidc(world_json: &Value, world: &World, role: &Role, who: &Who, plan: &Plan, run: &RunOptions) -> Result<WitnessRun, String> {
    let Who::Oidc { provider, key } = who else { return Err("not an OIDC principal".into()) };
    let mut claims = plan.claims.clone();
    claims.entry("sub").or_insert_with(|| json!(default_subject(key)));
    claims.entry("aud").or_insert_with(|| json!(default_audience(world, key)));
    let claims = Value::Object(claims);
    let mut sim = new_sim(world_json, run)?;
    let token = sim.mint_web_identity_token(provider, &claims, None, None)?;
    let params = json!({ "RoleArn": role.arn, "RoleSessionName": plan.session_name.clone().unwrap_or_else(|| WITNESS_SESSION.to_string()), "WebIdentityToken": token });
    let (at, at_desc) = where_of(plan);
    let result = sim.call(None, "AssumeRoleWithWebIdentity", &params, &at);
    let (accepted, answer) = outcome(&sim, result);
    let shown = json!({ "RoleArn": role.arn, "RoleSessionName": params["RoleSessionName"], "WebIdentityToken": { "FromMint": 0 } });
    let description = json!({ "worldChanges": [], "mintWebIdentityToken": { "provider": provider, "claims": claims }, "calls": [{ "caller": null, "operation": "AssumeRoleWithWebIdentity", "params": shown, "where": at_desc }] });
    Ok(WitnessRun { description, accepted, answer: strip_nulls(answer) })
}

fn run_saml(world_json: &Value, role: &Role, who: &Who, plan: &Plan, run: &RunOptions) -> Result<WitnessRun, String> {
    let Who::Saml { provider } = who else { return Err("not a SAML principal".into()) };
    let req = MintRequest {
        subject: plan.saml_subject.clone().unwrap_or_else(|| "outsider@sts-sim.invalid".into()),
        subject_type: plan.saml_subject_type.clone(),
        roles: Some(vec![(role.arn.clone(), provider.clone())]),
        recipient: plan.saml_recipient.clone(),
        issuer: plan.saml_issuer.clone(),
        attributes: plan.saml_attributes.clone(),
        ..Default::default()
    };
    let mut sim = new_sim(world_json, run)?;
    let assertion = sim.mint_saml_response(provider, &req)?;
    let params = json!({ "RoleArn": role.arn, "PrincipalArn": provider, "SAMLAssertion": assertion });
    let (at, at_desc) = where_of(plan);
    let result = sim.call(None, "AssumeRoleWithSAML", &params, &at);
    let (accepted, answer) = outcome(&sim, result);
    let attributes: Map<String, Value> = req.attributes.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let mint = strip_nulls(json!({ "provider": provider, "subject": req.subject, "subjectType": req.subject_type, "recipient": req.recipient, "issuer": req.issuer, "attributes": attributes }));
    let description = json!({ "worldChanges": [], "mintSamlResponse": mint, "calls": [{ "caller": null, "operation": "AssumeRoleWithSAML", "params": { "RoleArn": role.arn, "PrincipalArn": provider, "SAMLAssertion": { "FromMint": 0 } }, "where": at_desc }] });
    Ok(WitnessRun { description, accepted, answer: strip_nulls(answer) })
}

/// The first value a trust policy compares `key` with under a positive string operator.
fn compared_value(role: &Role, key: &str) -> Option<String> {
    role.trust.statements.iter().flat_map(|s| s.conditions.iter()).find(|c| c.key_lower == key.to_lowercase() && super::positive(c.operator.base)).and_then(|c| c.values.first()).map(|v| example(&v.text))
}

/// The obvious outside callers: a fresh account's user with no ExternalId and no MFA; for each
/// identity provider the policy names, a token or assertion for another subject; for each
/// service it names, the service with no source account. Each answer says whether the
/// simulator accepted it.
pub fn checked_callers(world_json: &Value, world: &World, role: &Role, zone: &Zone, federated: &[Who], services: &[Who], run: &RunOptions) -> Vec<Value> {
    let mut out = Vec::new();
    let mut push = |who: String, class: &str, operation: Operation, r: Result<WitnessRun, String>| match r {
        Ok(w) => out.push(json!({ "who": who, "class": class, "operation": operation.name(), "attempt": w.description, "accepted": w.accepted, "answer": w.answer })),
        Err(why) => out.push(json!({ "who": who, "class": class, "operation": operation.name(), "attempt": null, "accepted": false, "answer": { "notRun": why } })),
    };
    let plan = Plan::default();
    let fresh = fresh_account(world, zone, &plan).unwrap_or_else(|| FRESH_ACCOUNTS[0].to_string());
    let outsider = Who::AnyPrincipal { principal: "*".into() };
    push(format!("the user {WITNESS_USER} of a fresh account {fresh}, without ExternalId or MFA"), "aws", Operation::AssumeRole, run_aws(world_json, world, role, zone, &outsider, &plan, run));
    for who in federated {
        match who {
            Who::Oidc { provider, key } => {
                let mut p = Plan::default();
                p.claims.insert("sub".into(), json!(default_subject(key)));
                if let Some(aud) = compared_value(role, &format!("{key}:aud")) {
                    p.claims.insert("aud".into(), json!(aud));
                }
                let sub = p.claims["sub"].as_str().unwrap_or_default().to_string();
                push(format!("a token of {provider} for another subject ({sub})"), "oidc", Operation::AssumeRoleWithWebIdentity, run_oidc(world_json, world, role, who, &p, run));
            }
            Who::Saml { provider } => {
                let p = Plan { saml_recipient: compared_value(role, "saml:aud"), ..Plan::default() };
                push(format!("an assertion of {provider} for another subject (outsider@sts-sim.invalid)"), "saml", Operation::AssumeRoleWithSaml, run_saml(world_json, role, who, &p, run));
            }
            _ => {}
        }
    }
    for who in services {
        if let Who::Service { name } = who {
            push(format!("the service {name} with no source account or ARN"), "service", Operation::AssumeRole, run_service(world_json, world, role, zone, name, &Plan::default(), run));
            // The confused deputy: the service acting for a resource of an outside account.
            let resource = format!("arn:aws:{}:us-east-1:{fresh}:{WITNESS_USER}", name.split('.').next().unwrap_or(name));
            let p = Plan { source: ServiceSource { account: Some(fresh.clone()), arn: Some(resource), ..ServiceSource::default() }, ..Plan::default() };
            push(format!("the service {name} acting for a resource of a fresh account {fresh}"), "service", Operation::AssumeRole, run_service(world_json, world, role, zone, name, &p, run));
        }
    }
    out
}
