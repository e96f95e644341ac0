//! Structured inputs for the sts-sim fuzz targets: a grammar of IAM policy documents
//! (statements, principals, actions, resources, condition operators, keys and values), request
//! contexts, worlds and STS parameters, drawn from the fuzzer's bytes with `arbitrary`. Raw
//! bytes would spend nearly every run in JSON syntax errors; these generators produce documents
//! that parse most of the time and reach evaluation, while every string slot can still become
//! a mutated or arbitrary string so the edges are reached too.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value, json};

pub mod fixture;
pub mod vocab;

use vocab::*;

/// Characters that tend to matter to parsers of ARNs, wildcards, variables and dates.
const SPLICES: &[&str] = &[
    "*", "?", "${", "}", "$", "/", ":", "::", ",", "%", "%2", "\0", "é", "\u{10FFFF}", "\\", "\"", "[", "]", "-", "+", ".", "..", "T", "Z", " ", "\n", "${*}", "${?}", "${$}",
];

/// True with probability `num`/`den`, and false once the input is exhausted: every generator
/// here falls back to its common case when the fuzzer's bytes run out (as `choose` falls back
/// to a pool's first, most ordinary word), never to its rare one.
pub fn chance(u: &mut Unstructured, num: u32, den: u32) -> Result<bool> {
    Ok(u.int_in_range(1..=den)? > den - num)
}

/// A word from `pool`; one time in twelve a mutated one, two joined, a near miss or arbitrary
/// text. (Pools hold valid words: a document has many words and one bad one fails it whole, so
/// the bad ones come from here, rarely, and from the fuzzer's own mutations.)
pub fn word(u: &mut Unstructured, pool: &[&str]) -> Result<String> {
    let w = *u.choose(pool)?;
    Ok(match u.int_in_range(0u8..=47)? {
        0..=43 => w.to_string(),
        44 => u.arbitrary::<String>()?,
        45 => mutate(u, w)?,
        46 => (*u.choose(NEAR_MISSES)?).to_string(),
        _ => format!("{w}{}", u.choose(pool)?),
    })
}

/// `s` with one edit: a splice at a character boundary, a truncation, a case change or a
/// repeat; rarely a repeat into the hundreds of kilobytes, which libFuzzer's input length limit
/// would never reach by itself (the size of inputs the API and the wire accept is where
/// quadratic work shows as a hang).
pub fn mutate(u: &mut Unstructured, s: &str) -> Result<String> {
    let boundaries: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
    let at = *u.choose(&boundaries)?;
    Ok(match u.int_in_range(0u8..=9)? {
        0..=3 => format!("{}{}{}", &s[..at], u.choose(SPLICES)?, &s[at..]),
        4 | 5 => s[..at].to_string(),
        6 | 7 => if u.arbitrary()? { s.to_uppercase() } else { s.to_lowercase() },
        8 => s.repeat(u.int_in_range(2..=6)?),
        _ => s.repeat(u.int_in_range(2..=((1 << 20) / s.len().max(1)).max(2))?),
    })
}

/// A string or, one time in three, a list of 0–3 of them (IAM accepts both for most elements).
pub fn one_or_many(u: &mut Unstructured, pool: &[&str]) -> Result<Value> {
    if chance(u, 1, 3)? {
        let n = u.int_in_range(0..=3)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(Value::String(word(u, pool)?));
        }
        Ok(Value::Array(items))
    } else {
        Ok(Value::String(word(u, pool)?))
    }
}

/// A JSON number: an edge value, any integer, or any finite float.
pub fn number(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => json!(u.arbitrary::<i64>()?),
        1 => json!(u.arbitrary::<u64>()?),
        2 => serde_json::Number::from_f64(u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
        _ => serde_json::from_str(u.choose(EDGE_NUMBERS)?).unwrap_or(Value::Null),
    })
}

/// Any JSON value, nested at most `depth` levels: for the slots where the wrong type matters.
pub fn any_json(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 4 } else { 6 };
    Ok(match u.int_in_range(0u8..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => number(u)?,
        3 | 4 => Value::String(word(u, CONDITION_VALUES)?),
        5 => {
            let n = u.int_in_range(0..=3)?;
            Value::Array((0..n).map(|_| any_json(u, depth - 1)).collect::<Result<_>>()?)
        }
        _ => {
            let n = u.int_in_range(0..=3)?;
            let mut m = Map::new();
            for _ in 0..n {
                m.insert(word(u, POLICY_ELEMENTS)?, any_json(u, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

/// Which policy a document is for: decides whether statements carry principals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Identity,
    Resource,
    Trust,
    Session,
    Scp,
    Rcp,
}

impl DocKind {
    fn has_principal(self) -> bool {
        matches!(self, DocKind::Resource | DocKind::Trust | DocKind::Rcp)
    }
}

/// A policy document as a JSON object (or, one time in twelve, its JSON text).
pub fn policy(u: &mut Unstructured, kind: DocKind) -> Result<Value> {
    let doc = policy_object(u, kind)?;
    if chance(u, 1, 12)? { Ok(Value::String(doc.to_string())) } else { Ok(doc) }
}

pub fn policy_object(u: &mut Unstructured, kind: DocKind) -> Result<Value> {
    let mut m = Map::new();
    match u.int_in_range(0u8..=29)? {
        0..=27 => {
            m.insert("Version".into(), json!("2012-10-17"));
        }
        28 => {
            m.insert("Version".into(), Value::String(word(u, VERSIONS)?));
        }
        _ => {}
    }
    if chance(u, 1, 8)? {
        m.insert("Id".into(), Value::String(word(u, SIDS)?));
    }
    let n = u.int_in_range(1..=4)?;
    let mut statements = Vec::with_capacity(n);
    for _ in 0..n {
        statements.push(statement(u, kind)?);
    }
    let statement = if n == 1 && chance(u, 1, 3)? { statements.pop().unwrap_or(Value::Null) } else { Value::Array(statements) };
    m.insert("Statement".into(), statement);
    if chance(u, 1, 40)? {
        m.insert(word(u, POLICY_ELEMENTS)?, any_json(u, 2)?);
    }
    Ok(Value::Object(m))
}

fn statement(u: &mut Unstructured, kind: DocKind) -> Result<Value> {
    let mut m = Map::new();
    if chance(u, 1, 3)? {
        m.insert("Sid".into(), Value::String(word(u, SIDS)?));
    }
    let effect = if chance(u, 1, 60)? { word(u, &["allow", "DENY", ""])? } else { (*u.choose(&["Allow", "Deny"])?).to_string() };
    m.insert("Effect".into(), Value::String(effect));
    if kind.has_principal() || chance(u, 1, 40)? {
        let name = if chance(u, 1, if kind == DocKind::Trust { 40 } else { 8 })? { "NotPrincipal" } else { "Principal" };
        m.insert(name.into(), principal(u, kind)?);
    }
    let action_pool = if kind == DocKind::Trust { TRUST_ACTIONS } else { ACTIONS };
    match u.int_in_range(0u8..=39)? {
        0..=33 => {
            m.insert("Action".into(), one_or_many(u, action_pool)?);
        }
        34..=38 => {
            m.insert("NotAction".into(), one_or_many(u, action_pool)?);
        }
        _ => {}
    }
    if kind != DocKind::Trust || chance(u, 1, 10)? {
        match u.int_in_range(0u8..=39)? {
            0..=35 => {
                m.insert("Resource".into(), one_or_many(u, RESOURCES)?);
            }
            36..=38 => {
                m.insert("NotResource".into(), one_or_many(u, RESOURCES)?);
            }
            _ => {}
        }
    }
    if chance(u, 1, 2)? {
        m.insert("Condition".into(), condition_block(u)?);
    }
    if chance(u, 1, 50)? {
        m.insert(word(u, POLICY_ELEMENTS)?, any_json(u, 2)?);
    }
    Ok(Value::Object(m))
}

fn principal(u: &mut Unstructured, kind: DocKind) -> Result<Value> {
    // `"Principal": "*"` is refused in role trust policies: rarely there.
    if chance(u, 1, if kind == DocKind::Trust { 40 } else { 6 })? {
        return Ok(json!("*"));
    }
    let mut m = Map::new();
    let n = u.int_in_range(1..=2)?;
    for _ in 0..n {
        let (key, pool) = match u.int_in_range(0u8..=5)? {
            3 if kind == DocKind::Trust => ("Federated", FEDERATED_PRINCIPALS),
            4 => ("Service", SERVICE_PRINCIPALS),
            5 if chance(u, 1, 5)? => ("CanonicalUser", CANONICAL_USERS),
            5 => ("Federated", FEDERATED_PRINCIPALS),
            _ => ("AWS", AWS_PRINCIPALS),
        };
        m.insert(key.into(), one_or_many(u, pool)?);
    }
    if chance(u, 1, 40)? {
        m.insert(word(u, &["aws", "Aws", "Everyone", ""])?, one_or_many(u, AWS_PRINCIPALS)?);
    }
    Ok(Value::Object(m))
}

/// `{ Operator: { key: value | [values] } }`.
pub fn condition_block(u: &mut Unstructured) -> Result<Value> {
    let mut ops = Map::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let mut keys = Map::new();
        for _ in 0..u.int_in_range(1..=3)? {
            keys.insert(word(u, CONDITION_KEYS)?, condition_value(u)?);
        }
        ops.insert(operator(u)?, Value::Object(keys));
    }
    Ok(Value::Object(ops))
}

/// An operator name: a base operator, maybe with a set qualifier and `IfExists`.
pub fn operator(u: &mut Unstructured) -> Result<String> {
    let base = word(u, OPERATORS)?;
    let qualifier = match u.int_in_range(0u8..=7)? {
        5 => "ForAllValues:",
        6 => "ForAnyValue:",
        7 if chance(u, 1, 4)? => "ForSomeValues:",
        _ => "",
    };
    let suffix = if chance(u, 1, 5)? { "IfExists" } else { "" };
    Ok(format!("{qualifier}{base}{suffix}"))
}

fn condition_value(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=11)? {
        11 => Value::Bool(u.arbitrary()?),
        10 => number(u)?,
        9 if chance(u, 1, 4)? => any_json(u, 2)?,
        6..=8 => {
            let n = u.int_in_range(0..=3)?;
            Value::Array((0..n).map(|_| scalar(u)).collect::<Result<_>>()?)
        }
        _ => Value::String(word(u, CONDITION_VALUES)?),
    })
}

/// A string, number or boolean: the values a request context holds.
pub fn scalar(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=9)? {
        8 => Value::Bool(u.arbitrary()?),
        9 => number(u)?,
        _ => Value::String(word(u, CONDITION_VALUES)?),
    })
}

/// A request context `{ key: value | [values] }`, now and then with a value of the wrong type.
pub fn context(u: &mut Unstructured) -> Result<Value> {
    let mut m = Map::new();
    for _ in 0..u.int_in_range(0..=6)? {
        let v = match u.int_in_range(0u8..=19)? {
            19 => any_json(u, 2)?,
            14..=18 => {
                let n = u.int_in_range(0..=3)?;
                Value::Array((0..n).map(|_| scalar(u)).collect::<Result<_>>()?)
            }
            _ => scalar(u)?,
        };
        m.insert(word(u, CONDITION_KEYS)?, v);
    }
    Ok(Value::Object(m))
}

/// `simulate`'s `{ policies, request }`.
pub fn simulate_input(u: &mut Unstructured) -> Result<Value> {
    let mut policies = Map::new();
    let layers = [
        ("identity", DocKind::Identity),
        ("resource", DocKind::Resource),
        ("boundary", DocKind::Identity),
        ("session", DocKind::Session),
        ("scp", DocKind::Scp),
        ("rcp", DocKind::Rcp),
    ];
    for (name, kind) in layers {
        let (odds, least) = if name == "identity" { (1, 1) } else { (4, 0) };
        if chance(u, 1, odds)? {
            let n = u.int_in_range(least..=2)?;
            let mut list = Vec::with_capacity(n);
            for _ in 0..n {
                list.push(policy(u, kind)?);
            }
            // SCPs and RCPs come as one level or as a list of levels.
            let v = if matches!(kind, DocKind::Scp | DocKind::Rcp) && chance(u, 1, 3)? { json!([list]) } else { Value::Array(list) };
            policies.insert(name.into(), v);
        }
    }
    let mut request = Map::new();
    request.insert("principal".into(), Value::String(word(u, AWS_PRINCIPALS)?));
    request.insert("action".into(), Value::String(word(u, &ACTIONS[1..])?));
    request.insert("resource".into(), Value::String(word(u, RESOURCES)?));
    if chance(u, 1, 4)? {
        request.insert("resourceAccount".into(), Value::String(word(u, ACCOUNTS)?));
    }
    if chance(u, 2, 3)? {
        request.insert("context".into(), context(u)?);
    }
    Ok(json!({ "policies": policies, "request": request }))
}

/// STS parameters for `operation` from the Query model's input members, each value drawn by
/// member name; now and then a member of the wrong type or one the operation does not have.
pub fn sts_params(u: &mut Unstructured, operation: &sts_sim::query::Operation) -> Result<Value> {
    let mut m = Map::new();
    for member in operation.input {
        if chance(u, 1, 3)? {
            continue;
        }
        m.insert(member.name.into(), member_value(u, member.name, member.shape)?);
    }
    if chance(u, 1, 30)? {
        m.insert(word(u, PARAM_NAMES)?, any_json(u, 1)?);
    }
    Ok(Value::Object(m))
}

fn member_value(u: &mut Unstructured, name: &str, shape: &sts_sim::query::Shape) -> Result<Value> {
    use sts_sim::query::Shape;
    if chance(u, 1, 40)? {
        return any_json(u, 2);
    }
    Ok(match shape {
        Shape::Integer => {
            if chance(u, 1, 4)? {
                number(u)?
            } else {
                json!(u.choose(&[900, 3600, 3601, 899, 43200, 43201, 129600, 129601, 0, -1])?)
            }
        }
        Shape::Timestamp => Value::String(word(u, DATES)?),
        Shape::String => Value::String(match name {
            "Policy" => policy(u, DocKind::Session)?.to_string(),
            _ => word(u, string_pool(name))?,
        }),
        Shape::List(item) => {
            let n = u.int_in_range(0..=3)?;
            Value::Array((0..n).map(|_| member_value(u, name, item)).collect::<Result<_>>()?)
        }
        Shape::Structure(members) => {
            let mut m = Map::new();
            for mm in members.iter() {
                if chance(u, 1, 8)? {
                    continue;
                }
                // Tag keys and values, policy ARNs: the member name alone is too generic.
                let pool_name = match (name, mm.name) {
                    ("Tags", "Key") => "TagKey",
                    ("Tags", "Value") => "TagValue",
                    ("PolicyArns" | "TaskPolicyArn", "arn") => "PolicyArn",
                    (_, n) => n,
                };
                m.insert(mm.name.into(), member_value(u, pool_name, mm.shape)?);
            }
            Value::Object(m)
        }
    })
}

/// The pool a parameter of that name draws from.
pub fn string_pool(name: &str) -> &'static [&'static str] {
    match name {
        "RoleArn" => ROLE_ARNS,
        "RoleSessionName" | "Name" => SESSION_NAMES,
        "PolicyArn" => POLICY_ARNS,
        "TagKey" | "TransitiveTagKeys" => TAG_KEYS,
        "TagValue" => TAG_VALUES,
        "ExternalId" | "TokenCode" => TOKEN_CODES,
        "SerialNumber" => SERIAL_NUMBERS,
        "SourceIdentity" => SESSION_NAMES,
        "PrincipalArn" | "ProviderArn" => FEDERATED_PRINCIPALS,
        "ProviderId" => FEDERATED_PRINCIPALS,
        "TargetPrincipal" => ACCOUNTS,
        "AccessKeyId" => ACCESS_KEY_IDS,
        "SigningAlgorithm" => &["RS256", "ES384", "ES256", "none", ""],
        "Audience" => AUDIENCES,
        _ => CONDITION_VALUES,
    }
}

/// A caller for `sim.call`: an ARN shortcut, a service, the fixture's credentials, or junk.
pub fn caller(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=7)? {
        7 => Value::Null,
        6 => json!({ "Service": word(u, SERVICE_PRINCIPALS)? }),
        4 | 5 => {
            let (id, secret) = *u.choose(fixture::ACCESS_KEYS)?;
            let secret = if chance(u, 1, 8)? { word(u, &[secret])? } else { secret.to_string() };
            json!({ "AccessKeyId": id, "SecretAccessKey": secret })
        }
        3 if chance(u, 1, 4)? => any_json(u, 2)?,
        _ => json!({ "Principal": word(u, CALLER_PRINCIPALS)? }),
    })
}

/// One step of the `sim` scenario runner.
pub fn sim_step(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=15)? {
        15 => json!({ "advance": if chance(u, 1, 4)? { number(u)? } else { json!(u.choose(&[1, 60, 900, 3600, 43200, 129600])?) } }),
        14 => json!({ "revokeOlderSessions": word(u, ROLE_ARNS)? }),
        12 | 13 => json!({ "authorize": {
            "caller": caller(u)?,
            "request": { "action": word(u, ACTIONS)?, "resource": word(u, RESOURCES)?, "context": context(u)? },
        } }),
        11 => json!({ "events": true }),
        10 => json!({ "now": true }),
        9 => json!({ "jwks": word(u, FEDERATED_PRINCIPALS)? }),
        8 => json!({ "openidConfiguration": word(u, ACCOUNTS)? }),
        _ => {
            let op = u.choose(sts_sim::query::OPERATIONS)?;
            let name = if chance(u, 1, 30)? { word(u, &[op.name])? } else { op.name.to_string() };
            let mut call = Map::new();
            call.insert("caller".into(), caller(u)?);
            call.insert("operation".into(), Value::String(name));
            call.insert("params".into(), sts_params(u, op)?);
            if chance(u, 1, 4)? {
                call.insert(
                    "where".into(),
                    json!({ "region": word(u, REGIONS)?, "endpoint": *u.choose(&["regional", "global"])?, "sourceIp": word(u, &["203.0.113.5", "10.1.2.3", "::1", "x"])? }),
                );
            }
            json!({ "call": call })
        }
    })
}

/// `options` of `Sim.create`: `now` and `seed`, now and then at the edges.
pub fn sim_options(u: &mut Unstructured) -> Result<Value> {
    let now = match u.int_in_range(0u8..=15)? {
        15 => number(u)?,
        14 => serde_json::from_str(u.choose(EDGE_NUMBERS)?).unwrap_or(Value::Null),
        13 => Value::String(word(u, DATES)?),
        _ => json!("2026-11-25T12:00:00Z"),
    };
    let seed = if chance(u, 1, 8)? { number(u)? } else { json!(u.int_in_range(0u64..=3)?) };
    Ok(json!({ "now": now, "seed": seed }))
}

/// The fuzzer's bytes as text: valid UTF-8 as is, otherwise lossily converted.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A JSON value from the fuzzer's bytes read as JSON text (the raw mode of the structured
/// targets, seeded from `tests/cases`), or `None` when the text is not JSON.
pub fn raw_json(data: &[u8]) -> Option<Value> {
    serde_json::from_slice(data).ok()
}

/// A world for `Sim.create`: 1–3 accounts with users, groups, roles, managed policies, keys,
/// MFA devices and identity providers, and maybe an organization with SCPs and RCPs.
pub fn world(u: &mut Unstructured) -> Result<Value> {
    let n = u.int_in_range(1..=3)?;
    let mut accounts = Vec::with_capacity(n);
    let mut ids: Vec<String> = Vec::new();
    for i in 0..n {
        let id = if chance(u, 1, 20)? { word(u, ACCOUNTS)? } else { ACCOUNTS[i % 4].to_string() };
        ids.push(id.clone());
        accounts.push(account(u, &id)?);
    }
    let mut w = Map::new();
    if chance(u, 1, 10)? {
        w.insert("Partition".into(), Value::String(word(u, &["aws", "aws-cn", "aws-us-gov"])?));
    }
    if chance(u, 1, 3)? {
        w.insert("Organization".into(), organization(u, &ids)?);
    }
    w.insert("Accounts".into(), Value::Array(accounts));
    Ok(Value::Object(w))
}

fn tags(u: &mut Unstructured) -> Result<Value> {
    let n = u.int_in_range(0..=3)?;
    Ok(Value::Array((0..n).map(|_| Ok(json!({ "Key": word(u, TAG_KEYS)?, "Value": word(u, TAG_VALUES)? }))).collect::<Result<_>>()?))
}

fn inline(u: &mut Unstructured, kind: DocKind) -> Result<Value> {
    let n = u.int_in_range(0..=2)?;
    Ok(Value::Array((0..n).map(|i| Ok(json!({ "PolicyName": format!("P{i}"), "PolicyDocument": policy(u, kind)? }))).collect::<Result<_>>()?))
}

fn attached(u: &mut Unstructured, account: &str) -> Result<Value> {
    let n = u.int_in_range(0..=2)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let arn = match u.int_in_range(0u8..=3)? {
            0 => "arn:aws:iam::aws:policy/AdministratorAccess".to_string(),
            1 => word(u, POLICY_ARNS)?,
            _ => format!("arn:aws:iam::{account}:policy/Managed{}", u.int_in_range(0..=1)?),
        };
        out.push(json!({ "PolicyName": "x", "PolicyArn": arn }));
    }
    Ok(Value::Array(out))
}

fn account(u: &mut Unstructured, id: &str) -> Result<Value> {
    let mut users = Vec::new();
    let user_names = ["alice", "bob", "carol"];
    for name in user_names.iter().take(u.int_in_range(0..=3)?) {
        let mut x = Map::new();
        x.insert("UserName".into(), json!(name));
        x.insert("Path".into(), json!(if chance(u, 1, 20)? { word(u, &["/", "/dev/", "dev"])? } else { "/".to_string() }));
        x.insert("UserPolicyList".into(), inline(u, DocKind::Identity)?);
        x.insert("AttachedManagedPolicies".into(), attached(u, id)?);
        x.insert("GroupList".into(), json!(if chance(u, 1, 4)? { vec!["Devs"] } else { vec![] }));
        x.insert("Tags".into(), tags(u)?);
        if chance(u, 1, 8)? {
            x.insert("PermissionsBoundary".into(), json!({ "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": format!("arn:aws:iam::{id}:policy/Managed0") }));
        }
        users.push(Value::Object(x));
    }
    let mut roles = Vec::new();
    for name in ["Admin", "Deploy", "ReadOnly"].iter().take(u.int_in_range(0..=3)?) {
        let mut x = Map::new();
        x.insert("RoleName".into(), json!(name));
        x.insert("Path".into(), json!("/"));
        x.insert("AssumeRolePolicyDocument".into(), policy(u, DocKind::Trust)?);
        x.insert("RolePolicyList".into(), inline(u, DocKind::Identity)?);
        x.insert("AttachedManagedPolicies".into(), attached(u, id)?);
        x.insert("Tags".into(), tags(u)?);
        if chance(u, 1, 4)? {
            x.insert("MaxSessionDuration".into(), if chance(u, 1, 4)? { number(u)? } else { json!(u.choose(&[3600, 7200, 43200])?) });
        }
        if chance(u, 1, 8)? {
            x.insert("PermissionsBoundary".into(), json!({ "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": format!("arn:aws:iam::{id}:policy/Managed1") }));
        }
        roles.push(Value::Object(x));
    }
    let mut managed = Vec::new();
    for i in 0..2 {
        managed.push(json!({
            "PolicyName": format!("Managed{i}"),
            "Arn": format!("arn:aws:iam::{id}:policy/Managed{i}"),
            "DefaultVersionId": "v1",
            "PolicyVersionList": [{ "VersionId": "v1", "IsDefaultVersion": true, "Document": policy(u, DocKind::Identity)? }],
        }));
    }
    let groups = json!([{ "GroupName": "Devs", "Path": "/", "GroupPolicyList": inline(u, DocKind::Identity)?, "AttachedManagedPolicies": [] }]);
    let mut a = Map::new();
    a.insert("AccountId".into(), json!(id));
    a.insert(
        "AuthorizationDetails".into(),
        json!({ "UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles, "Policies": managed }),
    );
    if chance(u, 1, 3)? {
        // A long-term key of this account (the key id encodes it) for the first user or root.
        let key_id = fixture::access_key_for(id, u.arbitrary()?);
        let user = if users.is_empty() || chance(u, 1, 3)? { "root" } else { "alice" };
        a.insert("AccessKeys".into(), json!([{ "UserName": user, "AccessKeyId": key_id, "SecretAccessKey": fixture::SECRET }]));
    }
    if chance(u, 1, 4)? {
        let user = if users.is_empty() { "root" } else { "alice" };
        a.insert("MFADevices".into(), json!([{ "UserName": user, "SerialNumber": format!("arn:aws:iam::{id}:mfa/{user}"), "Base32StringSeed": word(u, &[fixture::TOTP_SEED])? }]));
    }
    if chance(u, 1, 4)? {
        let mut p = Map::new();
        p.insert("Url".into(), Value::String(word(u, OIDC_URLS)?));
        p.insert("ClientIDList".into(), one_or_many(u, AUDIENCES)?);
        if chance(u, 1, 2)? {
            p.insert("SigningKey".into(), json!(fixture::OIDC_SIGNING_KEY));
        }
        a.insert("OpenIDConnectProviders".into(), json!([p]));
    }
    if chance(u, 1, 5)? {
        // Only keyed providers: a derived RSA key takes long enough to look like a hang.
        a.insert("SAMLProviders".into(), json!([{ "Name": word(u, &["IdP", "Okta"])?, "SigningKey": fixture::SAML_SIGNING_KEY }]));
    }
    if chance(u, 1, 6)? {
        a.insert("EnabledRegions".into(), json!([word(u, REGIONS)?]));
    }
    if chance(u, 1, 6)? {
        a.insert("GlobalEndpointTokenVersion".into(), json!(word(u, &["v1", "v2", "v1Token", "v2Token"])?));
    }
    if chance(u, 1, 6)? {
        a.insert("OutboundWebIdentityFederation".into(), json!({ "Enabled": u.arbitrary::<bool>()? }));
    }
    if chance(u, 1, 6)? {
        a.insert("Policies".into(), org_policies(u)?);
    }
    if chance(u, 1, 50)? {
        a.insert(word(u, WORLD_FIELDS)?, any_json(u, 2)?);
    }
    Ok(Value::Object(a))
}

fn org_policies(u: &mut Unstructured) -> Result<Value> {
    let mut m = Map::new();
    if chance(u, 2, 3)? {
        m.insert("SCP".into(), json!([policy(u, DocKind::Scp)?]));
    }
    if chance(u, 1, 3)? {
        m.insert("RCP".into(), json!([policy(u, DocKind::Rcp)?]));
    }
    Ok(Value::Object(m))
}

fn organization(u: &mut Unstructured, ids: &[String]) -> Result<Value> {
    let (in_root, in_ou): (Vec<&String>, Vec<&String>) = ids.iter().partition(|_| chance(u, 1, 2).unwrap_or(true));
    let mut root = Map::new();
    root.insert("Policies".into(), org_policies(u)?);
    root.insert("Accounts".into(), json!(in_root));
    root.insert("OrganizationalUnits".into(), json!([{ "Name": "Workloads", "Policies": org_policies(u)?, "Accounts": in_ou }]));
    let mut o = Map::new();
    o.insert("Id".into(), json!(word(u, &["o-a1b2c3d4e5"])?));
    o.insert("ManagementAccount".into(), json!(ids.first().cloned().unwrap_or_default()));
    o.insert("Root".into(), Value::Object(root));
    if chance(u, 1, 3)? {
        o.insert("CentralizedRootAccess".into(), json!({ "Enabled": u.arbitrary::<bool>()?, "DelegatedAdministrator": ids.last().cloned().unwrap_or_default() }));
    }
    Ok(Value::Object(o))
}

/// With `STS_SIM_FUZZ_TRACE` set, prints `outcome: <what>` per run: how deep the generated
/// inputs get (`cargo fuzz run <target> -- -runs=0` replays the corpus once).
/// The credentials of an issued session as a caller, after checking that the session works: it
/// can call GetCallerIdentity (`what` names the session in the failure).
pub fn issued_session(sim: &mut sts_sim::sts::sim::Sim, answer: &Value, what: &str) -> sts_sim::sts::caller::Caller {
    let c = &answer["Credentials"];
    let caller = sts_sim::sts::caller::Caller::Credentials {
        access_key_id: c["AccessKeyId"].as_str().unwrap_or_default().into(),
        secret_access_key: c["SecretAccessKey"].as_str().unwrap_or_default().into(),
        session_token: c["SessionToken"].as_str().map(str::to_string),
    };
    let identity = sim.call(Some(&caller), "GetCallerIdentity", &json!({}), &sts_sim::sts::sim::Where::default());
    assert!(identity.is_ok(), "{what} cannot call GetCallerIdentity: {identity:?}");
    caller
}

pub fn note(what: &str) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("STS_SIM_FUZZ_TRACE").is_some()) {
        eprintln!("outcome: {what}");
    }
}
