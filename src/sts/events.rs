//! CloudTrail records of STS calls, shaped as "Logging IAM and AWS STS API calls with AWS
//! CloudTrail" (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html)
//! and "CloudTrail userIdentity element" show them: eventVersion 1.08, the caller's
//! `userIdentity` by type (IAMUser, Root, AssumedRole with its sessionContext, FederatedUser
//! with its issuing user, GetSessionToken sessions as their user with a sessionContext,
//! AWSService), camelCase `requestParameters` and `responseElements`, error code and message
//! for refused calls. A cross-account AssumeRole is delivered to both accounts, with one
//! `sharedEventID` (as CloudTrail does for cross-account events).
//!
//! Secrets never enter the log: no SecretAccessKey, no SessionToken (CloudTrail itself logs
//! the session token of AssumeRole responses; sts-sim leaves it out), no TokenCode.

use std::cell::OnceCell;

use serde_json::{Map, Value, json};

use super::authz::{RequestOrigin, session_role};
use super::caller::{Caller, Identity, IdentityKind, LongTermIdentity, SessionKind};
use super::clock::{cloudtrail_date, iso8601};
use super::error::StsError;
use super::ops::Operation;
use super::sim::{CallContext, Endpoint, Sim, Where};

/// `RoleArn` → `roleArn`, recursively; `Tags[].Key` → `tags[].key`.
fn camel(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (super::params::member_name(k), camel(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(camel).collect()),
        other => other.clone(),
    }
}

fn request_parameters(params: &Value) -> Value {
    match camel(params) {
        Value::Object(mut m) => {
            m.remove("tokenCode");
            // A web identity token is a bearer credential: CloudTrail's AssumeRoleWithWebIdentity
            // records show roleArn, roleSessionName and durationSeconds, never the token.
            m.remove("webIdentityToken");
            // Likewise a SAML assertion: AssumeRoleWithSAML records show its ID
            // (`sAMLAssertionID`, added by the operation), not the assertion.
            m.remove("sAMLAssertion");
            // A trade-in token is a bearer credential too (GetDelegatedAccessToken).
            m.remove("tradeInToken");
            if m.is_empty() { Value::Null } else { Value::Object(m) }
        }
        _ => Value::Null,
    }
}

fn response_elements(response: &Value) -> Value {
    let mut r = camel(response);
    // The JWT GetWebIdentityToken answers is a bearer credential: kept out of the log, as the
    // session token is (botocore's STS model marks `webIdentityTokenType` sensitive).
    if let Some(m) = r.as_object_mut() {
        m.remove("webIdentityToken");
    }
    if let Some(c) = r.get_mut("credentials").and_then(Value::as_object_mut) {
        c.remove("secretAccessKey");
        c.remove("sessionToken");
        if let Some(ms) = c.get("expiration").and_then(Value::as_str).and_then(super::clock::parse_iso8601) {
            c.insert("expiration".into(), Value::String(cloudtrail_date(ms)));
        }
    }
    r
}

/// `type`, `principalId`, `arn`, `accountId` (and `userName` of a user) of a long-term identity:
/// the caller itself, or the `sessionIssuer` of a federated user ("CloudTrail userIdentity
/// element": "If the credentials were obtained with root or IAM user credentials to call AWS
/// STS GetFederationToken, the element provides information about the root account or IAM
/// user"). `accessKeyId` (when given) comes before `userName`, as in that page's examples.
fn long_term_json(sim: &Sim, account: &str, who: &LongTermIdentity, access_key_id: Option<&str>) -> Value {
    let mut v = Map::new();
    let (kind, principal_id, arn, name) = match who {
        LongTermIdentity::Root => ("Root", account.to_string(), format!("arn:{}:iam::{account}:root", sim.world().partition), None),
        LongTermIdentity::User(name) => {
            let user = sim.world().account(account).and_then(|a| a.user(name));
            ("IAMUser", user.map(|u| u.id.clone()).unwrap_or_default(), user.map(|u| u.arn.clone()).unwrap_or_default(), Some(name))
        }
    };
    v.insert("type".into(), json!(kind));
    v.insert("principalId".into(), json!(principal_id));
    v.insert("arn".into(), json!(arn));
    v.insert("accountId".into(), json!(account));
    if let Some(k) = access_key_id {
        v.insert("accessKeyId".into(), json!(k));
    }
    if let Some(n) = name {
        v.insert("userName".into(), json!(n));
    }
    Value::Object(v)
}

fn user_identity(sim: &Sim, identity: &Identity) -> Value {
    let world = sim.world();
    let account = identity.account().unwrap_or_default();
    let key = identity.access_key_id.clone().unwrap_or_default();
    let arn = identity.principal.arn.clone().unwrap_or_default();
    match &identity.kind {
        IdentityKind::Root => long_term_json(sim, account, &LongTermIdentity::Root, Some(&key)),
        IdentityKind::User { name } => long_term_json(sim, account, &LongTermIdentity::User(name.clone()), Some(&key)),
        IdentityKind::Service { name, .. } => json!({ "type": "AWSService", "invokedBy": name }),
        // Replaced by the operation's `FederatedCaller` once it knows the caller (see `record`).
        IdentityKind::Unsigned => json!({ "type": "Unknown" }),
        IdentityKind::Session(c) => {
            let (kind, issuer) = match identity.session_kind() {
                Some(SessionKind::Role) => {
                    let issuer = session_role(world, identity).ok().flatten().map(|role| {
                        json!({ "type": "Role", "principalId": role.id, "arn": role.arn, "accountId": account, "userName": role.name })
                    });
                    (Some("AssumedRole"), issuer)
                }
                Some(SessionKind::Federated) => (Some("FederatedUser"), identity.long_term_identity().map(|broker| long_term_json(sim, account, &broker, None))),
                // GetSessionToken: the user (or root user) itself, with the session's attributes
                // ("Sessions are also created [...] when users make a request with APIs that
                // include multi-factor authentication", sessionContext).
                Some(SessionKind::SessionToken | SessionKind::RootTask) | None => (None, None),
            };
            let mut session = Map::new();
            if let Some(i) = issuer {
                session.insert("sessionIssuer".into(), i);
            }
            session.insert(
                "attributes".into(),
                json!({ "creationDate": iso8601(c.issued_at.saturating_mul(1000)), "mfaAuthenticated": if c.mfa_authenticated() { "true" } else { "false" } }),
            );
            if let Some(si) = &c.source_identity {
                session.insert("sourceIdentity".into(), Value::String(si.clone()));
            }
            // "webIdFederationData: If the request was made with temporary security credentials
            // obtained by web identity federation, this element lists information about the
            // identity provider" ("CloudTrail userIdentity element").
            // Not for a SAML session: its provider is no web identity provider.
            if let Some(p) = c.federated_provider.as_ref().filter(|p| !p.contains(":saml-provider/")) {
                session.insert("webIdFederationData".into(), json!({ "federatedProvider": p, "attributes": {} }));
            }
            let mut v = match (kind, identity.long_term_identity()) {
                (None, Some(who)) => long_term_json(sim, account, &who, Some(&key)),
                (kind, _) => json!({ "type": kind.unwrap_or("IAMUser"), "principalId": c.principal_id, "arn": arn, "accountId": account, "accessKeyId": key }),
            };
            v["sessionContext"] = Value::Object(session);
            v
        }
    }
}

/// `additionalEventData`: "AWS STS includes additional AWS CloudTrail log fields: endpointType
/// and awsServingRegion ... under the additionalEventData RequestDetails element" (Logging IAM
/// and AWS STS API calls with AWS CloudTrail; the page's examples carry it for global and
/// Regional endpoints alike). The serving Region is the one sts-sim applied the call's rules
/// in: the requested Region, or us-east-1 for the global endpoint.
fn additional_event_data(d: &Draft, at: &Where) -> Value {
    let mut m = Map::new();
    let endpoint_type = match at.endpoint {
        Endpoint::Global => "global",
        Endpoint::Regional => "regional",
    };
    m.insert("RequestDetails".into(), json!({ "awsServingRegion": d.region, "endpointType": endpoint_type }));
    m.extend(d.additional.iter().map(|(k, v)| (k.clone(), v.clone())));
    Value::Object(m)
}

fn host(at: &Where) -> String {
    match at.endpoint {
        Endpoint::Global => "sts.amazonaws.com".into(),
        Endpoint::Regional => format!("sts.{}.amazonaws.com", at.region),
    }
}

/// `8-4-4-4-12` lower-case hex: how request and event ids are written.
pub(crate) fn uuid_text(b: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[usize::from(x >> 4)] as char);
        s.push(HEX[usize::from(x & 0x0f)] as char);
    }
    s
}

struct Draft {
    event_name: String,
    user_identity: Value,
    region: String,
    error: Option<StsError>,
    request_parameters: Value,
    response_elements: Value,
    read_only: bool,
    resources: Option<Value>,
    /// `additionalEventData` members beside `RequestDetails`.
    additional: Map<String, Value>,
}

/// One call's CloudTrail records, kept typed: the JSON is built only when the log is read
/// (`EventLog::records`), because building it was a quarter of an AssumeRole call and most
/// simulations read few of their records. Ids are drawn when the call is made, so the log reads
/// the same whenever it is rendered.
struct CallRecord {
    draft: Draft,
    at: Where,
    now_ms: i64,
    request_id: [u8; 16],
    /// `sharedEventID`, when the records go to more than one account.
    shared_event_id: Option<[u8; 16]>,
    /// One record per recipient account (`None`: a record without `recipientAccountId`), with
    /// its `eventID`.
    deliveries: Vec<(Option<String>, [u8; 16])>,
}

impl CallRecord {
    fn render_into(&self, out: &mut Vec<Value>) {
        let d = &self.draft;
        let at = &self.at;
        let request_id = uuid_text(self.request_id);
        let shared = self.shared_event_id.map(uuid_text);
        for (recipient, event_id) in &self.deliveries {
            let mut e = Map::new();
            e.insert("eventVersion".into(), json!("1.08"));
            e.insert("userIdentity".into(), d.user_identity.clone());
            e.insert("eventTime".into(), json!(iso8601(self.now_ms)));
            e.insert("eventSource".into(), json!("sts.amazonaws.com"));
            e.insert("eventName".into(), json!(d.event_name));
            e.insert("awsRegion".into(), json!(d.region));
            e.insert("sourceIPAddress".into(), json!(at.source_ip));
            e.insert("userAgent".into(), json!(at.user_agent));
            if let Some(err) = &d.error {
                e.insert("errorCode".into(), json!(err.code));
                e.insert("errorMessage".into(), json!(err.message));
            }
            e.insert("requestParameters".into(), d.request_parameters.clone());
            e.insert("responseElements".into(), d.response_elements.clone());
            e.insert("additionalEventData".into(), additional_event_data(d, at));
            e.insert("requestID".into(), json!(request_id));
            e.insert("eventID".into(), json!(uuid_text(*event_id)));
            e.insert("readOnly".into(), json!(d.read_only));
            if let Some(r) = &d.resources {
                e.insert("resources".into(), r.clone());
            }
            e.insert("eventType".into(), json!("AwsApiCall"));
            e.insert("managementEvent".into(), json!(true));
            if let Some(r) = recipient {
                e.insert("recipientAccountId".into(), json!(r));
            }
            if let Some(s) = &shared {
                e.insert("sharedEventID".into(), json!(s));
            }
            e.insert("eventCategory".into(), json!("Management"));
            e.insert("tlsDetails".into(), json!({ "clientProvidedHostHeader": host(at) }));
            out.push(Value::Object(e));
        }
    }
}

/// The simulator's CloudTrail log: every call's records, in order.
#[derive(Default)]
pub(crate) struct EventLog {
    /// The calls not rendered yet (all of them until the log is first read).
    calls: Vec<CallRecord>,
    /// The records as JSON, built on the first read; from then on each new call's records are
    /// rendered as they come, so a reader that looks after every call pays once per record.
    rendered: OnceCell<Vec<Value>>,
    /// How many records the log holds.
    len: usize,
}

impl EventLog {
    fn push(&mut self, call: CallRecord) {
        self.len += call.deliveries.len();
        match self.rendered.get_mut() {
            Some(records) => {
                self.calls.clear();
                call.render_into(records);
            }
            None => self.calls.push(call),
        }
    }

    /// Every record, as CloudTrail writes it.
    pub(crate) fn records(&self) -> &[Value] {
        self.rendered.get_or_init(|| {
            let mut out = Vec::with_capacity(self.len);
            for c in &self.calls {
                c.render_into(&mut out);
            }
            out
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The `requestID` of the last call recorded, without rendering the log.
    pub(crate) fn last_request_id(&self) -> Option<String> {
        match self.rendered.get() {
            Some(records) => records.last().and_then(|e| e.get("requestID")).and_then(Value::as_str).map(str::to_string),
            None => self.calls.last().map(|c| uuid_text(c.request_id)),
        }
    }
}

fn emit(sim: &mut Sim, d: Draft, at: &Where, now_ms: i64, recipients: Vec<String>) {
    let request_id = sim.uuid_bytes();
    let shared_event_id = if recipients.len() > 1 { Some(sim.uuid_bytes()) } else { None };
    let deliveries = if recipients.is_empty() {
        vec![(None, sim.uuid_bytes())]
    } else {
        recipients.into_iter().map(|r| (Some(r), sim.uuid_bytes())).collect()
    };
    sim.events.push(CallRecord { draft: d, at: at.clone(), now_ms, request_id, shared_event_id, deliveries });
}

/// A call refused before its caller was known (unknown action, bad credentials).
pub fn record_unauthenticated(sim: &mut Sim, operation: &str, caller: Option<&Caller>, origin: &RequestOrigin, at: &Where, error: &StsError) {
    let key = match caller {
        Some(Caller::Credentials { access_key_id, .. }) => access_key_id.clone(),
        _ => String::new(),
    };
    let draft = Draft {
        event_name: operation.to_string(),
        user_identity: json!({ "type": "Unknown", "accessKeyId": key }),
        region: origin.region.clone(),
        error: Some(error.clone()),
        request_parameters: Value::Null,
        response_elements: Value::Null,
        read_only: true,
        resources: None,
        additional: Map::new(),
    };
    emit(sim, draft, at, origin.now_ms, Vec::new());
}

pub fn record(sim: &mut Sim, op: &Operation, ctx: &CallContext, at: &Where, params: &Value, result: &Result<Value, StsError>) {
    let caller_account = ctx.identity.account().map(str::to_string);
    let resource_account = op.resource_account.and_then(|f| f(params));
    let mut recipients: Vec<String> = caller_account.into_iter().collect();
    if let Some(r) = &resource_account
        && !recipients.contains(r)
    {
        recipients.push(r.clone());
    }
    let federated = ctx.federated.borrow().clone();
    let mut parameters = request_parameters(params);
    if !federated.request_parameters.is_empty()
        && let Value::Object(m) = &mut parameters
    {
        m.extend(federated.request_parameters);
    }
    let draft = Draft {
        event_name: op.name.to_string(),
        user_identity: federated.user_identity.unwrap_or_else(|| user_identity(sim, &ctx.identity)),
        region: ctx.region.clone(),
        error: result.as_ref().err().cloned(),
        request_parameters: parameters,
        response_elements: match result {
            Ok(r) if op.log_response => response_elements(r),
            _ => Value::Null,
        },
        read_only: op.read_only,
        resources: op.resources.map(|f| f(params)).filter(|r| r.as_array().is_some_and(|a| !a.is_empty())),
        additional: federated.additional_event_data,
    };
    emit(sim, draft, at, ctx.origin.now_ms, recipients);
}
