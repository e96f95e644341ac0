//! Reading a world from JSON. Structural problems and policy parse errors are reported together,
//! each naming its JSON path (`Accounts[0].AuthorizationDetails.RoleDetailList[2].AssumeRolePolicyDocument.Statement[0]`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::document::{document_text, parse_text, read_policy};
use super::org::{self, OrgNode, Organization};
use super::read::{Obj, Problems, object};
use super::*;
use crate::arn::is_account_id;
use crate::diag::Diagnostic;
use crate::policy::PolicyKind;
use crate::sts::access_key;
use crate::sts::base32;

const ACCOUNT_FIELDS: &[&str] = &[
    "AccountId",
    "Alias",
    "Policies",
    "EnabledRegions",
    "GlobalEndpointTokenVersion",
    "AuthorizationDetails",
    "MFADevices",
    "AccessKeys",
    "OpenIDConnectProviders",
    "SAMLProviders",
    "OutboundWebIdentityFederation",
    "TradeInTokens",
];

/// Loads a world; every problem found, or the world.
pub fn load(v: &Value) -> Result<World, Vec<Diagnostic>> {
    let mut p = Problems::default();
    let Some(top) = object(v, "", &["Partition", "Organization", "ExternalOrganizations", "Accounts"], &mut p) else {
        return Err(p.list);
    };
    let partition = top.str("Partition", &mut p).unwrap_or("aws").to_string();
    let mut aws_managed: HashMap<String, ManagedPolicy> = HashMap::new();
    for (name, text) in BUILTIN_AWS_MANAGED {
        if let Some(policy) = parse_text(text, "", PolicyKind::Identity, &mut p) {
            let arn = format!("arn:{partition}:iam::aws:policy/{name}");
            // `root-task/S3UnlockBucketPolicy`: the path is in the ARN, not the name.
            let name = name.rsplit('/').next().unwrap_or(name).to_string();
            aws_managed.insert(arn.clone(), ManagedPolicy { arn, name, policy });
        }
    }
    let mut accounts = Vec::new();
    let mut pending = Pending::new();
    let mut seen = HashSet::new();
    for (path, a) in top.list("Accounts", &mut p) {
        if let Some(account) = read_account(a, &path, &partition, &mut aws_managed, &mut pending, &mut p) {
            if !seen.insert(account.id.clone()) {
                p.push(&format!("{path}.AccountId"), format!("account {} is listed twice", account.id));
            }
            accounts.push(account);
        }
    }
    let organization = top.get("Organization").and_then(|o| read_organization(o, "Organization", &mut p));
    let external_organizations = read_external_organizations(&top, &mut p);
    check_memberships(organization.as_ref(), &external_organizations, &mut p);
    // References to managed policies are checked once every account (and every AWS managed
    // policy listed in any of them) is known.
    check_references(&accounts, &aws_managed, pending, &mut p);
    check_keys(&accounts, &mut p);
    if !p.list.is_empty() {
        return Err(p.list);
    }
    assemble(partition, organization, external_organizations, accounts, aws_managed)
}

fn policies_block(o: &Obj, p: &mut Problems) -> (Option<Vec<Policy>>, Option<Vec<Policy>>) {
    let Some(v) = o.get("Policies") else { return (None, None) };
    let Some(block) = object(v, &o.at("Policies"), &["SCP", "RCP"], p) else { return (None, None) };
    let read = |key: &str, kind: PolicyKind, p: &mut Problems| -> Option<Vec<Policy>> {
        block.get(key)?;
        Some(block.list(key, p).into_iter().filter_map(|(path, d)| read_policy(d, &path, kind, p)).collect())
    };
    (read("SCP", PolicyKind::Scp, p), read("RCP", PolicyKind::Rcp, p))
}

fn read_organization(v: &Value, path: &str, p: &mut Problems) -> Option<Organization> {
    let o = object(v, path, &["Id", "ManagementAccount", "Root", "CentralizedRootAccess"], p)?;
    let id = organization_id(&o, p);
    let management_account = o.req_str("ManagementAccount", p).unwrap_or_default().to_string();
    if !management_account.is_empty() && !is_account_id(&management_account) {
        p.push(&o.at("ManagementAccount"), format!("'{}' must be a 12-digit account id", o.at("ManagementAccount")));
    }
    let centralized_root_access = o.get("CentralizedRootAccess").map(|v| read_centralized_root_access(v, &o.at("CentralizedRootAccess"), p)).unwrap_or_default();
    let mut org = Organization { id, management_account, nodes: Vec::new(), placement: HashMap::new(), centralized_root_access };
    read_tree(&o, false, &mut org, p);
    if let Some(admin) = &org.centralized_root_access.delegated_administrator
        && !org.placement.contains_key(admin)
    {
        // A delegated administrator is a member account ("Centralize root access for member
        // accounts": "register a member account as the delegated administrator").
        p.push(&format!("{}.DelegatedAdministrator", o.at("CentralizedRootAccess")), format!("account {admin} is not a member account of the organization"));
    }
    Some(org)
}

/// `ExternalOrganizations`: organizations the world's own principals do not live in, described
/// only so far as the condition keys of their accounts' principals need them (`aws:PrincipalOrgID`,
/// `aws:PrincipalOrgPaths`): `[ { "Id", "Root"?: { "Id"?, "OrganizationalUnits"?, "Accounts"? } } ]`,
/// OUs without `Policies` (their SCPs and RCPs are not this world's to evaluate). sts-sim's own
/// field: AWS has no document that lists other organizations.
fn read_external_organizations(top: &Obj, p: &mut Problems) -> Vec<Organization> {
    let mut out: Vec<Organization> = Vec::new();
    for (path, v) in top.list("ExternalOrganizations", p) {
        let Some(o) = object(v, &path, &["Id", "Root"], p) else { continue };
        let id = organization_id(&o, p);
        if !id.is_empty() && out.iter().any(|x| x.id == id) {
            p.push(&o.at("Id"), format!("organization {id} is listed twice in ExternalOrganizations"));
        }
        let mut org = Organization { id, management_account: String::new(), nodes: Vec::new(), placement: HashMap::new(), centralized_root_access: CentralizedRootAccess::default() };
        read_tree(&o, true, &mut org, p);
        out.push(org);
    }
    out
}

/// An organization's `Id`: `o-` and 10 to 32 lowercase letters or digits (Organizations API
/// reference, Organization).
fn organization_id(o: &Obj, p: &mut Problems) -> String {
    let id = o.req_str("Id", p).unwrap_or_default().to_string();
    if !id.is_empty() && !org::is_org_id(&id) {
        p.push(&o.at("Id"), format!("'{}' must be an organization id: o- followed by 10 to 32 lowercase letters or digits, got '{id}'", o.at("Id")));
    }
    id
}

/// Each account in one organization at most ("An account can be a member of only one
/// organization at a time", "AWS Organizations terminology and concepts"); an external
/// organization is not the world's own.
fn check_memberships(own: Option<&Organization>, external: &[Organization], p: &mut Problems) {
    for (i, org) in external.iter().enumerate() {
        if own.is_some_and(|o| o.id == org.id) {
            p.push(&format!("ExternalOrganizations[{i}].Id"), format!("organization {} is the world's own Organization", org.id));
        }
        let mut members: Vec<&String> = org.placement.keys().collect();
        members.sort();
        for account in members {
            let earlier = own.into_iter().chain(&external[..i]).find(|o| o.contains(account));
            if let Some(o) = earlier {
                p.push(&format!("ExternalOrganizations[{i}].Root"), format!("account {account} is also in organization {}: an account belongs to one organization at a time", o.id));
            }
        }
    }
}

/// The root and OUs of `o` (`Root`, optional: a root with no OUs), their ids checked or derived.
fn read_tree(o: &Obj, external: bool, org: &mut Organization, p: &mut Problems) {
    let mut ids = Vec::new();
    match o.get("Root") {
        Some(root) => read_node(root, &o.at("Root"), None, &[], &[], external, org, &mut ids, p),
        None => {
            org.nodes.push(OrgNode { id: String::new(), name: "Root".into(), parent: None, scp: None, rcp: None });
            ids.push(NodeId { given: None, at: o.at("Root.Id"), names: Vec::new() });
        }
    }
    assign_ids(org, &ids, p);
}

/// A node's `Id` as the world gives it (or not), where, and the OU names from the root down.
struct NodeId {
    given: Option<String>,
    at: String,
    names: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn read_node(v: &Value, path: &str, parent: Option<usize>, parents: &[usize], names: &[String], external: bool, org: &mut Organization, ids: &mut Vec<NodeId>, p: &mut Problems) {
    let fields: &[&str] = match (parent.is_none(), external) {
        (true, false) => &["Id", "Policies", "OrganizationalUnits", "Accounts"],
        (true, true) => &["Id", "OrganizationalUnits", "Accounts"],
        (false, false) => &["Name", "Id", "Policies", "OrganizationalUnits", "Accounts"],
        (false, true) => &["Name", "Id", "OrganizationalUnits", "Accounts"],
    };
    let Some(o) = object(v, path, fields, p) else { return };
    let mut names = names.to_vec();
    let name = match parent {
        None => "Root".to_string(),
        Some(par) => {
            let name = o.req_str("Name", p).unwrap_or_default().to_string();
            // CreateOrganizationalUnit: DuplicateOrganizationalUnitException, "An OU with the
            // same name already exists" (Organizations API reference).
            if org.nodes.iter().any(|n| n.parent == Some(par) && n.name == name) {
                p.push(&o.at("Name"), format!("another OU under the same parent is named '{name}': AWS Organizations refuses two OUs of one name under one parent (DuplicateOrganizationalUnitException)"));
            }
            names.push(name.clone());
            name
        }
    };
    let (scp, rcp) = if external { (None, None) } else { policies_block(&o, p) };
    let index = org.nodes.len();
    org.nodes.push(OrgNode { id: String::new(), name, parent, scp, rcp });
    ids.push(NodeId { given: o.str("Id", p).map(str::to_string), at: o.at("Id"), names: names.clone() });
    let mut here = parents.to_vec();
    here.push(index);
    for (apath, a) in o.list("Accounts", p) {
        match a.as_str() {
            Some(id) if is_account_id(id) => {
                if org.placement.insert(id.to_string(), here.clone()).is_some() {
                    p.push(&apath, format!("account {id} appears twice in the organization"));
                }
            }
            _ => p.push(&apath, format!("'{apath}' must be a 12-digit account id")),
        }
    }
    for (upath, u) in o.list("OrganizationalUnits", p) {
        read_node(u, &upath, Some(index), &here, &names, external, org, ids, p);
    }
}

/// Gives every node its id: the one the world gives, checked, or a derived one (`org`). The
/// root's id, when not given, is the one the OU ids given begin with, else derived.
fn assign_ids(org: &mut Organization, ids: &[NodeId], p: &mut Problems) {
    let Some(root) = ids.first() else { return };
    let root_part = match &root.given {
        Some(r) if org::is_root_id(r) => r[2..].to_string(),
        Some(r) => {
            p.push(&root.at, format!("'{}' must be a root id: r- followed by 4 to 32 lowercase letters or digits, got '{r}'", root.at));
            org::derived_root_id(&org.id)[2..].to_string()
        }
        None => match ids[1..].iter().find_map(|n| n.given.as_deref().and_then(org::ou_id_root)) {
            Some(r) => r.to_string(),
            None => org::derived_root_id(&org.id)[2..].to_string(),
        },
    };
    org.nodes[0].id = format!("r-{root_part}");
    for (i, node) in ids.iter().enumerate().skip(1) {
        let id = match &node.given {
            None => org::derived_ou_id(&org.id, &root_part, &node.names),
            Some(given) => {
                match org::ou_id_root(given) {
                    None => p.push(
                        &node.at,
                        format!("'{}' must be an OU id: ou-, the id of its root without r- ({root_part}), -, then 8 to 32 lowercase letters or digits; got '{given}'", node.at),
                    ),
                    Some(r) if r != root_part => p.push(&node.at, format!("'{}' is {given}, but the id of an OU begins with the id of its root, r-{root_part}: ou-{root_part}-…", node.at)),
                    Some(_) => {}
                }
                if org.nodes[..i].iter().any(|n| &n.id == given) {
                    p.push(&node.at, format!("OU id {given} is used twice in organization {}", org.id));
                }
                given.clone()
            }
        };
        org.nodes[i].id = id;
    }
}

/// `{ "Enabled": bool, "DelegatedAdministrator": "<account id>" }`, both optional (disabled, none).
fn read_centralized_root_access(v: &Value, path: &str, p: &mut Problems) -> CentralizedRootAccess {
    let Some(o) = object(v, path, &["Enabled", "DelegatedAdministrator"], p) else { return CentralizedRootAccess::default() };
    let enabled = read_enabled(&o, p);
    let delegated_administrator = o.str("DelegatedAdministrator", p).map(str::to_string);
    if let Some(d) = &delegated_administrator
        && !is_account_id(d)
    {
        p.push(&o.at("DelegatedAdministrator"), format!("'{}' must be a 12-digit account id", o.at("DelegatedAdministrator")));
    }
    CentralizedRootAccess { enabled, delegated_administrator }
}

/// An optional boolean `Enabled` (default false).
fn read_enabled(o: &Obj, p: &mut Problems) -> bool {
    match o.get("Enabled") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            p.push(&o.at("Enabled"), format!("'{}' must be true or false", o.at("Enabled")));
            false
        }
    }
}

fn read_account(v: &Value, path: &str, partition: &str, aws_managed: &mut HashMap<String, ManagedPolicy>, pending: &mut Pending, p: &mut Problems) -> Option<Account> {
    let o = object(v, path, ACCOUNT_FIELDS, p)?;
    let id = o.req_str("AccountId", p)?.to_string();
    if !is_account_id(&id) {
        p.push(&o.at("AccountId"), format!("'{}' must be a 12-digit account id, got '{id}'", o.at("AccountId")));
        return None;
    }
    let (scp, rcp) = policies_block(&o, p);
    let enabled_regions = o.strings("EnabledRegions", p);
    for (i, r) in enabled_regions.iter().enumerate() {
        if !is_opt_in_region(r) {
            p.push(&format!("{}[{i}]", o.at("EnabledRegions")), format!("'{r}' is not an opt-in Region (Regions enabled by default need not be listed): expected one of {}", OPT_IN_REGIONS.join(", ")));
        }
    }
    // "GlobalEndpointTokenVersion" (IAM GetAccountSummary / SetSecurityTokenServicePreferences):
    // v1Token by default. Accepted as "v1"/"v2" or AWS's own "v1Token"/"v2Token".
    let global_endpoint_token_version = match o.str("GlobalEndpointTokenVersion", p) {
        None | Some("v1") | Some("v1Token") => TokenVersion::V1,
        Some("v2") | Some("v2Token") => TokenVersion::V2,
        Some(other) => {
            p.push(&o.at("GlobalEndpointTokenVersion"), format!("'{}' must be \"v1\" or \"v2\", got '{other}'", o.at("GlobalEndpointTokenVersion")));
            TokenVersion::V1
        }
    };
    let mut account = Account {
        id: id.clone(),
        alias: o.str("Alias", p).map(str::to_string),
        scp,
        rcp,
        enabled_regions,
        global_endpoint_token_version,
        outbound_web_identity_federation: o.get("OutboundWebIdentityFederation").and_then(|v| object(v, &o.at("OutboundWebIdentityFederation"), &["Enabled"], p)).is_some_and(|f| read_enabled(&f, p)),
        users: Vec::new(),
        groups: Vec::new(),
        roles: Vec::new(),
        managed: Vec::new(),
        mfa_devices: Vec::new(),
        access_keys: Vec::new(),
        oidc_providers: Vec::new(),
        saml_providers: Vec::new(),
        trade_in_tokens: Vec::new(),
        users_by_name: HashMap::new(),
        roles_by_name: HashMap::new(),
        groups_by_name: HashMap::new(),
        managed_by_arn: HashMap::new(),
    };
    if let Some(details) = o.get("AuthorizationDetails") {
        read_details(details, &o.at("AuthorizationDetails"), partition, &mut account, aws_managed, pending, p);
    }
    // Looked up once per MFA device and access key: a set, not a scan of the users.
    let user_names: HashSet<String> = account.users.iter().map(|u| u.name.clone()).collect();
    let user_exists = |name: &str| name == "root" || user_names.contains(name);
    for (dpath, d) in o.list("MFADevices", p) {
        let Some(d) = object(d, &dpath, &["UserName", "SerialNumber", "Base32StringSeed"], p) else { continue };
        let (Some(user), Some(serial), Some(seed)) = (d.req_str("UserName", p), d.req_str("SerialNumber", p), d.req_str("Base32StringSeed", p)) else { continue };
        if !user_exists(user) {
            p.push(&d.at("UserName"), format!("no user '{user}' in account {id} (use \"root\" for the root user)"));
        }
        match TotpSeed::from_base32(seed) {
            Ok(seed) => account.mfa_devices.push(MfaDevice { user_name: user.into(), serial_number: serial.into(), seed }),
            Err(e) => p.push(&d.at("Base32StringSeed"), format!("'{}' is not a Base32 seed: {e}", d.at("Base32StringSeed"))),
        }
    }
    for (kpath, k) in o.list("AccessKeys", p) {
        let Some(k) = object(k, &kpath, &["UserName", "AccessKeyId", "SecretAccessKey", "Status"], p) else { continue };
        let (Some(user), Some(key_id), Some(secret)) = (k.req_str("UserName", p), k.req_str("AccessKeyId", p), k.req_str("SecretAccessKey", p)) else { continue };
        if !user_exists(user) {
            p.push(&k.at("UserName"), format!("no user '{user}' in account {id} (use \"root\" for the root user)"));
        }
        match access_key::account_of(key_id) {
            Ok(Some(owner)) if owner != id => p.push(
                &k.at("AccessKeyId"),
                format!("access key {key_id} encodes account {owner}, not {id} (GetAccessKeyInfo would answer {owner})"),
            ),
            Ok(_) if key_id.starts_with("AKIA") => {}
            Ok(_) => p.push(&k.at("AccessKeyId"), format!("a long-term access key id starts with AKIA; got {key_id}")),
            Err(e) => p.push(&k.at("AccessKeyId"), format!("'{key_id}' is not an access key id: {e}")),
        }
        let active = match k.str("Status", p) {
            None | Some("Active") => true,
            Some("Inactive") => false,
            Some(other) => {
                p.push(&k.at("Status"), format!("'{}' must be \"Active\" or \"Inactive\", got '{other}'", k.at("Status")));
                true
            }
        };
        account.access_keys.push(AccessKey { user_name: user.into(), access_key_id: key_id.into(), secret_access_key: secret.into(), active });
    }
    for (ppath, v) in o.list("OpenIDConnectProviders", p) {
        let Some(x) = object(v, &ppath, &["Url", "ClientIDList", "ThumbprintList", "Jwks", "SigningKey"], p) else { continue };
        let url = x.req_str("Url", p).unwrap_or_default().to_string();
        let jwks = x.get("Jwks").cloned();
        if let Some(j) = &jwks
            && !j.get("keys").is_some_and(Value::is_array)
        {
            p.push(&x.at("Jwks"), format!("'{}' must be a JSON Web Key Set {{ \"keys\": [...] }}", x.at("Jwks")));
        }
        let signing_key = x.get("SigningKey").and_then(|k| match crate::sts::oidc::read_signing_key(k) {
            Ok(key) => Some(key),
            Err(e) => {
                p.push(&x.at("SigningKey"), format!("'{}': {e}", x.at("SigningKey")));
                None
            }
        });
        account.oidc_providers.push(OidcProvider { url, client_ids: x.strings("ClientIDList", p), thumbprints: x.strings("ThumbprintList", p), jwks, signing_key });
    }
    for (ppath, v) in o.list("SAMLProviders", p) {
        let Some(x) = object(v, &ppath, &["Name", "SAMLMetadataDocument", "SigningKey"], p) else { continue };
        let name = x.req_str("Name", p).unwrap_or_default().to_string();
        let metadata_document = x.str("SAMLMetadataDocument", p).map(str::to_string);
        // IAM refuses a document it cannot read at CreateSAMLProvider: "Could not parse
        // metadata." ("Troubleshoot SAML federation with IAM").
        if let Some(Err(e)) = metadata_document.as_deref().map(crate::federation::saml::parse_metadata) {
            p.push(&x.at("SAMLMetadataDocument"), format!("'{}': Could not parse metadata ({e})", x.at("SAMLMetadataDocument")));
        }
        let signing_key = match x.str("SigningKey", p) {
            None => None,
            Some(pem) => match crate::federation::saml::SamlSigningKey::from_pem(pem) {
                Ok(k) => Some(k),
                Err(e) => {
                    p.push(&x.at("SigningKey"), format!("'{}': {e} (PKCS#8 or PKCS#1)", x.at("SigningKey")));
                    None
                }
            },
        };
        account.saml_providers.push(SamlProvider { name, metadata_document, signing_key });
    }
    for (tpath, v) in o.list("TradeInTokens", p) {
        if let Some(t) = read_trade_in_token(v, &tpath, partition, &account, p) {
            account.trade_in_tokens.push(t);
        }
    }
    Some(account)
}

/// One `TradeInTokens` entry (sts-sim's fixture, `TradeInToken`): the role must be one of the
/// account's, the session name follows `RoleSessionName`'s rules, `DurationSeconds` (default
/// 3600) is 900 to 43200 like a role session's, and `Policy` is a session policy.
fn read_trade_in_token(v: &Value, path: &str, partition: &str, account: &Account, p: &mut Problems) -> Option<TradeInToken> {
    let o = object(v, path, &["TradeInToken", "RoleArn", "RoleSessionName", "ExpiresAt", "DurationSeconds", "Policy"], p)?;
    let (token, role_arn, session_name, expires) = (o.req_str("TradeInToken", p), o.req_str("RoleArn", p), o.req_str("RoleSessionName", p), o.req_str("ExpiresAt", p));
    let role_ok = role_arn.is_some_and(|arn| {
        let known = account.roles.iter().any(|r| r.arn == arn);
        if !known {
            p.push(&o.at("RoleArn"), format!("'{}' must be the ARN of a role of account {} (arn:{partition}:iam::{}:role/…), got '{arn}'", o.at("RoleArn"), account.id, account.id));
        }
        known
    });
    if let Some(name) = session_name
        && !crate::sts::params::ROLE_SESSION_NAME.allows(name)
    {
        p.push(&o.at("RoleSessionName"), format!("'{}' must be 2 to 64 characters of [\\w+=,.@-], got '{name}'", o.at("RoleSessionName")));
    }
    let expires_at_ms = expires.and_then(|t| {
        let ms = crate::sts::clock::parse_iso8601(t);
        if ms.is_none() {
            p.push(&o.at("ExpiresAt"), format!("'{}' must be an ISO 8601 time (e.g. 2026-11-25T13:00:00Z), got '{t}'", o.at("ExpiresAt")));
        }
        ms
    });
    let duration_seconds = o.uint("DurationSeconds", p).unwrap_or(crate::sts::role_session::DEFAULT_DURATION as u64);
    if !(900..=43200).contains(&duration_seconds) {
        p.push(&o.at("DurationSeconds"), format!("'{}' must be 900 to 43200 seconds, got {duration_seconds}", o.at("DurationSeconds")));
    }
    let policy = o.get("Policy").and_then(|d| {
        let text = document_text(d, &o.at("Policy"), p)?;
        parse_text(&text, &o.at("Policy"), PolicyKind::Session, p).map(|_| text)
    });
    if !role_ok {
        return None;
    }
    Some(TradeInToken {
        token: token?.to_string(),
        role_arn: role_arn?.to_string(),
        role_session_name: session_name?.to_string(),
        expires_at_ms: expires_at_ms?,
        duration_seconds: duration_seconds as i64,
        policy,
    })
}

/// A unique id as IAM prints them (`AIDA…`, `AROA…`, `AGPA…`, `ANPA…`: prefix + 17 Base32
/// characters, "IAM identifiers"). AWS draws them at random; a world that leaves one out gets
/// one derived from the entity's ARN, so the same world always has the same ids.
fn derived_id(prefix: &str, arn: &str) -> String {
    let digest = Sha256::digest(format!("sts-sim/unique-id/{arn}").as_bytes());
    let mut id = prefix.to_string();
    id.extend(base32::encode(&digest).chars().take(17));
    id
}

fn entity_path(o: &Obj, p: &mut Problems) -> String {
    let path = o.str("Path", p).unwrap_or("/").to_string();
    if !path.starts_with('/') || !path.ends_with('/') {
        p.push(&o.at("Path"), format!("'{}' must begin and end with '/', got '{path}'", o.at("Path")));
    }
    path
}

/// `Arn` as given (it must name this account and entity) or derived from path and name.
fn entity_arn(o: &Obj, kind: &str, partition: &str, account: &str, path: &str, name: &str, p: &mut Problems) -> String {
    let expected = format!("arn:{partition}:iam::{account}:{kind}{path}{name}");
    match o.str("Arn", p) {
        Some(arn) if arn != expected => {
            p.push(&o.at("Arn"), format!("'{}' is {arn}, but the {kind} {name} with path {path} in account {account} is {expected}", o.at("Arn")));
            expected
        }
        _ => expected,
    }
}

fn inline_policies(o: &Obj, key: &str, p: &mut Problems) -> Vec<InlinePolicy> {
    let mut out = Vec::new();
    for (path, v) in o.list(key, p) {
        let Some(x) = object(v, &path, &["PolicyName", "PolicyDocument"], p) else { continue };
        let name = x.req_str("PolicyName", p).unwrap_or_default().to_string();
        let Some(doc) = x.get("PolicyDocument") else {
            p.push(&x.at("PolicyDocument"), format!("the field '{}' is required", x.at("PolicyDocument")));
            continue;
        };
        if let Some(policy) = read_policy(doc, &x.at("PolicyDocument"), PolicyKind::Identity, p) {
            out.push(InlinePolicy { name, policy });
        }
    }
    out
}

fn attached_policies(o: &Obj, p: &mut Problems) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, v) in o.list("AttachedManagedPolicies", p) {
        let Some(x) = object(v, &path, &["PolicyName", "PolicyArn"], p) else { continue };
        x.str("PolicyName", p);
        if let Some(arn) = x.req_str("PolicyArn", p) {
            out.push((arn.to_string(), x.at("PolicyArn")));
        }
    }
    out
}

fn boundary(o: &Obj, p: &mut Problems) -> Option<(String, String)> {
    let v = o.get("PermissionsBoundary")?;
    let x = object(v, &o.at("PermissionsBoundary"), &["PermissionsBoundaryType", "PermissionsBoundaryArn"], p)?;
    x.str("PermissionsBoundaryType", p);
    x.req_str("PermissionsBoundaryArn", p).map(|a| (a.to_string(), x.at("PermissionsBoundaryArn")))
}

fn tags(o: &Obj, p: &mut Problems) -> Vec<Tag> {
    let mut out = Vec::new();
    for (path, v) in o.list("Tags", p) {
        let Some(x) = object(v, &path, &["Key", "Value"], p) else { continue };
        if let (Some(k), Some(val)) = (x.req_str("Key", p), x.req_str("Value", p)) {
            out.push(Tag { key: k.into(), value: val.into() });
        }
    }
    out
}

/// Managed policy ARNs referenced by entities, with the JSON path of each reference.
#[derive(Default)]
struct References(Vec<(String, String)>);

fn read_details(v: &Value, path: &str, partition: &str, a: &mut Account, aws_managed: &mut HashMap<String, ManagedPolicy>, pending: &mut Pending, p: &mut Problems) {
    let Some(o) = object(v, path, &["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "IsTruncated", "Marker"], p) else { return };
    let account = a.id.clone();
    let mut refs = References::default();
    for (upath, u) in o.list("UserDetailList", p) {
        let fields = ["Path", "UserName", "UserId", "Arn", "CreateDate", "GroupList", "AttachedManagedPolicies", "UserPolicyList", "PermissionsBoundary", "Tags"];
        let Some(x) = object(u, &upath, &fields, p) else { continue };
        let Some(name) = x.req_str("UserName", p) else { continue };
        let epath = entity_path(&x, p);
        let arn = entity_arn(&x, "user", partition, &account, &epath, name, p);
        let attached = attached_policies(&x, p);
        let bound = boundary(&x, p);
        refs.0.extend(attached.iter().cloned());
        refs.0.extend(bound.iter().cloned());
        a.users.push(User {
            name: name.into(),
            id: x.str("UserId", p).map_or_else(|| derived_id("AIDA", &arn), str::to_string),
            path: epath,
            arn,
            inline: inline_policies(&x, "UserPolicyList", p),
            attached: attached.into_iter().map(|(a, _)| a).collect(),
            groups: x.strings("GroupList", p),
            boundary: bound.map(|(a, _)| a),
            tags: tags(&x, p),
        });
        x.str("CreateDate", p);
    }
    for (gpath, g) in o.list("GroupDetailList", p) {
        let fields = ["Path", "GroupName", "GroupId", "Arn", "CreateDate", "GroupPolicyList", "AttachedManagedPolicies"];
        let Some(x) = object(g, &gpath, &fields, p) else { continue };
        let Some(name) = x.req_str("GroupName", p) else { continue };
        let epath = entity_path(&x, p);
        let arn = entity_arn(&x, "group", partition, &account, &epath, name, p);
        let attached = attached_policies(&x, p);
        refs.0.extend(attached.iter().cloned());
        x.str("GroupId", p);
        x.str("CreateDate", p);
        a.groups.push(Group { name: name.into(), arn, inline: inline_policies(&x, "GroupPolicyList", p), attached: attached.into_iter().map(|(a, _)| a).collect() });
    }
    // Role names are unique case-insensitively: a set of the names read so far, not a scan.
    let mut role_names: HashSet<String> = a.roles.iter().map(|r| r.name.to_ascii_lowercase()).collect();
    for (rpath, r) in o.list("RoleDetailList", p) {
        let fields = [
            "Path",
            "RoleName",
            "RoleId",
            "Arn",
            "CreateDate",
            "AssumeRolePolicyDocument",
            "InstanceProfileList",
            "RolePolicyList",
            "AttachedManagedPolicies",
            "PermissionsBoundary",
            "Tags",
            "RoleLastUsed",
            "MaxSessionDuration",
        ];
        let Some(x) = object(r, &rpath, &fields, p) else { continue };
        let Some(name) = x.req_str("RoleName", p) else { continue };
        let epath = entity_path(&x, p);
        let arn = entity_arn(&x, "role", partition, &account, &epath, name, p);
        let Some(doc) = x.get("AssumeRolePolicyDocument") else {
            p.push(&x.at("AssumeRolePolicyDocument"), format!("the field '{}' is required: every role has a trust policy", x.at("AssumeRolePolicyDocument")));
            continue;
        };
        let trust = read_policy(doc, &x.at("AssumeRolePolicyDocument"), PolicyKind::Trust, p);
        // "MaxSessionDuration": 3600 to 43200 seconds, default 3600 (IAM API reference, CreateRole).
        let max_session_duration = match x.uint("MaxSessionDuration", p) {
            None => 3600,
            Some(n) if (3600..=43200).contains(&n) => n as u32,
            Some(n) => {
                p.push(&x.at("MaxSessionDuration"), format!("'{}' must be between 3600 and 43200 seconds, got {n}", x.at("MaxSessionDuration")));
                3600
            }
        };
        let attached = attached_policies(&x, p);
        let bound = boundary(&x, p);
        refs.0.extend(attached.iter().cloned());
        refs.0.extend(bound.iter().cloned());
        let role = Role {
            name: name.into(),
            id: x.str("RoleId", p).map_or_else(|| derived_id("AROA", &arn), str::to_string),
            path: epath,
            arn,
            trust: trust.unwrap_or_else(|| crate::policy::Policy { version: crate::policy::PolicyVersion::Absent, id: None, statements: Vec::new() }),
            inline: inline_policies(&x, "RolePolicyList", p),
            attached: attached.into_iter().map(|(a, _)| a).collect(),
            boundary: bound.map(|(a, _)| a),
            tags: tags(&x, p),
            max_session_duration,
        };
        if !role_names.insert(name.to_ascii_lowercase()) {
            p.push(&x.at("RoleName"), format!("role {name} is listed twice (role names are case-insensitive)"));
        }
        a.roles.push(role);
    }
    for (mpath, m) in o.list("Policies", p) {
        let fields = [
            "PolicyName",
            "PolicyId",
            "Arn",
            "Path",
            "DefaultVersionId",
            "AttachmentCount",
            "PermissionsBoundaryUsageCount",
            "IsAttachable",
            "Description",
            "CreateDate",
            "UpdateDate",
            "PolicyVersionList",
        ];
        let Some(x) = object(m, &mpath, &fields, p) else { continue };
        let (Some(name), Some(arn)) = (x.req_str("PolicyName", p), x.req_str("Arn", p)) else { continue };
        let default_id = x.str("DefaultVersionId", p);
        let mut default_doc = None;
        for (vpath, ver) in x.list("PolicyVersionList", p) {
            let Some(vx) = object(ver, &vpath, &["Document", "VersionId", "IsDefaultVersion", "CreateDate"], p) else { continue };
            let is_default = vx.get("IsDefaultVersion").and_then(Value::as_bool).unwrap_or(false) || (default_id.is_some() && vx.str("VersionId", p) == default_id);
            if is_default {
                default_doc = vx.get("Document").map(|d| (d, vx.at("Document")));
            }
        }
        let Some((doc, dpath)) = default_doc else {
            p.push(&x.at("PolicyVersionList"), format!("managed policy {arn} has no default version in '{}'", x.at("PolicyVersionList")));
            continue;
        };
        let Some(policy) = read_policy(doc, &dpath, PolicyKind::Identity, p) else { continue };
        let managed = ManagedPolicy { arn: arn.into(), name: name.into(), policy };
        if arn.split(':').nth(4) == Some("aws") {
            aws_managed.insert(arn.to_string(), managed);
        } else if arn.split(':').nth(4) == Some(account.as_str()) {
            a.managed.push(managed);
        } else {
            p.push(&x.at("Arn"), format!("managed policy {arn} belongs neither to account {account} nor to AWS"));
        }
    }
    pending.extend(refs.0.into_iter().map(|(arn, path)| (account.clone(), arn, path)));
}

/// (account, managed policy ARN, JSON path of the reference): checked once every account (and
/// every AWS managed policy listed in any of them) is known.
type Pending = Vec<(String, String, String)>;

fn check_references(accounts: &[Account], aws_managed: &HashMap<String, ManagedPolicy>, pending: Pending, p: &mut Problems) {
    // (account, managed policy ARN) of every customer managed policy: one lookup per reference.
    let customer: HashSet<(&str, &str)> = accounts.iter().flat_map(|a| a.managed.iter().map(|m| (a.id.as_str(), m.arn.as_str()))).collect();
    for (account, arn, path) in pending {
        let known = aws_managed.contains_key(&arn) || customer.contains(&(account.as_str(), arn.as_str()));
        if !known {
            let hint = if arn.split(':').nth(4) == Some("aws") {
                "include it in AuthorizationDetails.Policies as get-account-authorization-details prints it (only AdministratorAccess is built in)"
            } else {
                "include it in this account's AuthorizationDetails.Policies"
            };
            p.push(&path, format!("the managed policy {arn} is not in the world: {hint}"));
        }
    }
    for (ai, a) in accounts.iter().enumerate() {
        let groups: HashSet<&str> = a.groups.iter().map(|g| g.name.as_str()).collect();
        for (ui, u) in a.users.iter().enumerate() {
            for (gi, g) in u.groups.iter().enumerate() {
                if !groups.contains(g.as_str()) {
                    let path = format!("Accounts[{ai}].AuthorizationDetails.UserDetailList[{ui}].GroupList[{gi}]");
                    p.push(&path, format!("user {} is in group {g}, which is not in GroupDetailList", u.name));
                }
            }
        }
    }
}

fn check_keys(accounts: &[Account], p: &mut Problems) {
    let mut seen = HashSet::new();
    for a in accounts {
        for k in &a.access_keys {
            if !seen.insert(k.access_key_id.as_str()) {
                p.push(&format!("AccessKeys ({})", a.id), format!("access key {} appears twice in the world", k.access_key_id));
            }
        }
    }
}
