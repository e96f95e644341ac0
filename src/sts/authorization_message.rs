//! Encoded authorization messages: what a denied request carries back ("Encoded authorization
//! failure message: …", as EC2 words its `UnauthorizedOperation`), and what
//! DecodeAuthorizationMessage reveals from it.
//!
//! The decoded document has the shape AWS shows (AWS CLI reference, `aws sts
//! decode-authorization-message`, example output; and public decodings of implicit denies such as
//! aws/aws-sdk-go#1536 and vmware-archive/terraforming-aws#73):
//!
//! ```text
//! {"allowed":false,"explicitDeny":true,
//!  "matchedStatements":{"items":[{"statementId":"VisualEditor0","effect":"DENY",
//!     "principals":{"items":[{"value":"AROA123456789EXAMPLE"}]},"principalGroups":{"items":[]},
//!     "actions":{"items":[{"value":"ec2:RunInstances"}]},"resources":{"items":[{"value":"*"}]},
//!     "conditions":{"items":[]}}]},
//!  "failures":{"items":[]},
//!  "context":{"principal":{"id":"AROA123456789EXAMPLE:Ana","arn":"arn:aws:sts::…:assumed-role/Developer/Ana"},
//!     "action":"…","resource":"arn:aws:ec2:us-east-1:111122223333:instance/*",
//!     "conditions":{"items":[{"key":"aws:Region","values":{"items":[{"value":"us-east-1"}]}},…]}}}
//! ```
//!
//! Choices where AWS is silent (each is pinned by a case under
//! `tests/cases/sts/decode-authorization-message/`):
//! - `matchedStatements` lists the statements that decided an explicit deny (every matching
//!   `Deny`); for an implicit deny it is empty, as every public implicit-deny decoding shows.
//! - A statement's `principals` is the unique id of the identity its policy is attached to (the
//!   CLI example shows the role id `AROA…` for a role's policy); for a resource-based policy, the
//!   values of its `Principal` element; for SCPs and RCPs none. `principalGroups` is always
//!   empty (the only value AWS shows). A statement without `Sid` has no `statementId`.
//! - `context.action` is the action as requested, `service:Action` (the boto3 example and the
//!   public decodings show `ec2:StopInstances`, `iam:PassRole`; the CLI example shows the bare
//!   `RunInstances`).
//! - `context.conditions`: the keys the request itself carried (`authorize`'s `context`), then
//!   the descriptor keys AWS lists for every request in its examples: `aws:Resource` (the ARN's
//!   resource part), `aws:Account` (the resource's account), `aws:Type` (the resource type, for
//!   ARNs with an account and a `type/…` or `type:…` resource), `aws:Region`, `aws:Service` and
//!   `aws:ARN`. Keys derived from the principal (`aws:PrincipalArn`, tags…) are not listed: no
//!   AWS example shows them.
//! - `failures.items` is always empty: AWS never documents what goes there.
//!
//! The message is sealed like session tokens (`session_token`): XChaCha20-Poly1305 under a key
//! derived from the seed, so only a simulator with the same seed can read it and any edit is
//! refused. Layout, then URL-safe Base64 without padding (real encoded messages use `-` and `_`
//! and carry no `=`):
//!
//! ```text
//!   layout   1 byte, 0x01 (authenticated as associated data)
//!   nonce    24 random bytes
//!   sealed   XChaCha20-Poly1305(key, nonce, aad = layout, UTF-8 decoded document) ‖ 16-byte tag
//! ```

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use serde_json::{Map, Value, json};

use super::caller::{Identity, IdentityKind};
use super::world::World;
use crate::context::RequestContext;
use crate::eval::{Decision, Layer, LayerResult, PolicySet, Trace};
use crate::policy::{Effect, Policy, PrincipalSet, Statement};
use crate::rng::{SimRng, derive_key};

/// Label of the key messages are sealed with: `derive_key(seed, KEY_LABEL)`.
pub const KEY_LABEL: &str = "sts-sim/authorization-message/v1";
/// Label of the nonce stream.
pub const NONCE_LABEL: &str = "sts-sim/authorization-message-nonces";
const LAYOUT_V1: u8 = 0x01;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

pub fn sealing_key(seed: u64) -> [u8; 32] {
    derive_key(seed, KEY_LABEL)
}

/// Seals a decoded document into an encoded message.
pub fn seal(key: &[u8; 32], nonce_rng: &mut SimRng, document: &str) -> String {
    let aad = [LAYOUT_V1];
    let nonce: [u8; NONCE_LEN] = nonce_rng.bytes();
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    // Encryption fails only past 2^38 bytes of plaintext (RFC 8439 §2.8).
    let sealed = cipher.encrypt(&nonce.into(), Payload { msg: document.as_bytes(), aad: &aad }).unwrap_or_default();
    let mut raw = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    raw.push(LAYOUT_V1);
    raw.extend_from_slice(&nonce);
    raw.extend_from_slice(&sealed);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Opens an encoded message sealed by [`seal`] under the same key: the decoded document, or
/// `None` for anything else (garbage, an edited message, one sealed under another seed).
pub fn open(key: &[u8; 32], message: &str) -> Option<String> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(message).ok()?;
    if raw.len() < 1 + NONCE_LEN + TAG_LEN || raw[0] != LAYOUT_V1 {
        return None;
    }
    let (aad, rest) = raw.split_at(1);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let plain = cipher.decrypt(&nonce.into(), Payload { msg: sealed, aad }).ok()?;
    String::from_utf8(plain).ok()
}

/// `{"items":[{"value":…},…]}`.
fn value_items<'a>(values: impl IntoIterator<Item = &'a str>) -> Value {
    json!({ "items": values.into_iter().map(|v| json!({ "value": v })).collect::<Vec<_>>() })
}

/// Whose policy a statement sits in, for its `principals`.
fn statement_principals(layer: Layer, statement: &Statement, principal_id: &str) -> Value {
    match layer {
        Layer::Identity | Layer::Boundary | Layer::Session => value_items([principal_id]),
        Layer::Resource => match statement.principal.as_ref().map(|p| &p.principals) {
            Some(PrincipalSet::Everyone) => value_items(["*"]),
            Some(PrincipalSet::Listed(entries)) => value_items(entries.iter().map(|e| e.value.as_str())),
            None => value_items([]),
        },
        Layer::Scp | Layer::Rcp => value_items([]),
    }
}

fn statement_item(layer: Layer, statement: &Statement, principal_id: &str) -> Value {
    let mut m = Map::new();
    if let Some(sid) = &statement.sid {
        m.insert("statementId".into(), json!(sid));
    }
    m.insert("effect".into(), json!(if statement.effect == Effect::Deny { "DENY" } else { "ALLOW" }));
    m.insert("principals".into(), statement_principals(layer, statement, principal_id));
    m.insert("principalGroups".into(), json!({ "items": [] }));
    m.insert("actions".into(), value_items(statement.action.patterns.iter().map(|p| p.source())));
    m.insert("resources".into(), value_items(statement.resource.iter().flat_map(|r| r.patterns.iter().map(|p| p.source()))));
    let conditions: Vec<Value> =
        statement.conditions.iter().map(|c| json!({ "key": c.key, "values": value_items(c.values.iter().map(|v| v.text.as_str())) })).collect();
    m.insert("conditions".into(), json!({ "items": conditions }));
    Value::Object(m)
}

fn layer_policies(set: &PolicySet, layer: Layer, level: Option<usize>) -> &[Policy] {
    match (layer, level) {
        (Layer::Identity, _) => &set.identity,
        (Layer::Resource, _) => &set.resource,
        (Layer::Boundary, _) => &set.boundary,
        (Layer::Session, _) => &set.session,
        (Layer::Scp, Some(l)) => set.scp.get(l).map_or(&[], Vec::as_slice),
        (Layer::Rcp, Some(l)) => set.rcp.get(l).map_or(&[], Vec::as_slice),
        (Layer::Scp | Layer::Rcp, None) => &[],
    }
}

/// The statements that decided an explicit deny: every matching `Deny` statement, in the order
/// the trace lists them. Empty for any other decision.
pub fn denying_statements(trace: &Trace, set: &PolicySet, principal_id: &str) -> Vec<Value> {
    if trace.decision != Decision::ExplicitDeny {
        return Vec::new();
    }
    let mut out = Vec::new();
    for layer in trace.layers.iter().filter(|l| l.applicable && l.result == LayerResult::ExplicitDeny) {
        let policies = layer_policies(set, layer.layer, layer.level);
        for policy in &layer.policies {
            for st in policy.statements.iter().filter(|s| s.matched && s.effect == Effect::Deny) {
                let statement = policies.get(policy.index).and_then(|p| p.statements.iter().find(|s| s.index == st.index));
                if let Some(statement) = statement {
                    out.push(statement_item(layer.layer, statement, principal_id));
                }
            }
        }
    }
    out
}

/// What the request was: the pieces `context` shows.
pub struct DeniedRequest<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    /// The resource's account (from its ARN, else the caller's).
    pub resource_account: Option<&'a str>,
    pub region: &'a str,
    /// The keys the request itself carried.
    pub request_keys: &'a RequestContext,
}

fn condition_item(key: &str, values: &[&str]) -> Value {
    json!({ "key": key, "values": value_items(values.iter().copied()) })
}

/// The decoded document for a denied request, as DecodeAuthorizationMessage returns it.
pub fn document(world: &World, identity: &Identity, decision: Decision, matched: Vec<Value>, request: &DeniedRequest) -> String {
    let mut principal = Map::new();
    principal.insert("id".into(), json!(identity.user_id(world)));
    // "name" only for IAM users (boto3's example: user Bob; the CLI example's role session has none).
    if let IdentityKind::User { name } = &identity.kind {
        principal.insert("name".into(), json!(name));
    }
    principal.insert("arn".into(), json!(identity.display_arn()));

    let mut conditions: Vec<Value> = request
        .request_keys
        .entries()
        .map(|e| condition_item(&e.key, &e.values.iter().map(|v| v.text.as_str()).collect::<Vec<_>>()))
        .collect();
    let parts: Vec<&str> = request.resource.splitn(6, ':').collect();
    let arn_resource = match parts[..] {
        ["arn", _, _, _, account, resource] => Some((account, resource)),
        _ => None,
    };
    if let Some((_, resource)) = arn_resource {
        conditions.push(condition_item("aws:Resource", &[resource]));
    }
    if let Some(account) = request.resource_account {
        conditions.push(condition_item("aws:Account", &[account]));
    }
    if let Some((account, resource)) = arn_resource
        && !account.is_empty()
        && let Some(kind) = resource.split(['/', ':']).next().filter(|k| k.len() < resource.len())
    {
        conditions.push(condition_item("aws:Type", &[kind]));
    }
    conditions.push(condition_item("aws:Region", &[request.region]));
    if let Some((service, _)) = request.action.split_once(':') {
        conditions.push(condition_item("aws:Service", &[service]));
    }
    if arn_resource.is_some() {
        conditions.push(condition_item("aws:ARN", &[request.resource]));
    }

    let doc = json!({
        "allowed": false,
        "explicitDeny": decision == Decision::ExplicitDeny,
        "matchedStatements": { "items": matched },
        "failures": { "items": [] },
        "context": {
            "principal": Value::Object(principal),
            "action": request.action,
            "resource": request.resource,
            "conditions": { "items": conditions },
        },
    });
    doc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_refusals() {
        let key = sealing_key(1);
        let mut rng = SimRng::for_label(1, NONCE_LABEL);
        let m = seal(&key, &mut rng, r#"{"allowed":false}"#);
        assert!(m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(open(&key, &m).as_deref(), Some(r#"{"allowed":false}"#));
        assert_eq!(open(&sealing_key(2), &m), None);
        let mut edited = m.clone().into_bytes();
        let mid = edited.len() / 2;
        edited[mid] = if edited[mid] == b'A' { b'B' } else { b'A' };
        assert_eq!(open(&key, &String::from_utf8(edited).unwrap_or_default()), None);
        assert_eq!(open(&key, "not a message"), None);
        assert_eq!(open(&key, ""), None);
        assert_eq!(open(&key, "AQ"), None);
    }
}
