//! The JS binding: thin `#[wasm_bindgen]` exports over the JSON API in `api`. Values cross the
//! boundary as JSON text (`JSON.stringify` in, `JSON.parse` out): one crossing per call, plain
//! JS objects back, and serde_json's recursion limit guards against hostile nesting. Only programming errors (an argument
//! of the wrong JS type) throw a `TypeError`; everything else is a `{type:"failure"}` value.
//! One exception to JSON, for speed: `handle.decide` reads a request in the usual form field by
//! field in JS (`pack_request`), with the same answers.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::api;
use crate::eval::Decision;

mod ts_types;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A policy document: JSON text (diagnostic positions refer to it) or an object. */
export type PolicyDocument = string | Record<string, unknown>;
export type PolicyKind = "identity" | "resource" | "trust" | "boundary" | "scp" | "rcp" | "session";

/** A problem found in an input, shaped after IAM Access Analyzer's findings. */
export interface Diagnostic {
  severity: "error" | "warning";
  findingType: "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";
  /** Stable issue code, e.g. "MISSING_EFFECT". */
  code: string;
  /** The AWS error code IAM/STS would answer, when it would reject the input. */
  awsErrorCode?: string;
  message: string;
  /** JSON path of the element, e.g. "Statement[0].Condition". */
  path: string;
  /** 1-based positions in the policy text (0 when the input was not text). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Byte offsets in the UTF-8 policy text. */
  offset: number;
  endOffset: number;
}

export interface ValidatePolicyOptions { kind?: PolicyKind }

export type ValidatePolicyResult =
  | { type: "success"; warnings: Diagnostic[] }
  | { type: "failure"; errors: Diagnostic[]; warnings: Diagnostic[] };

/** A condition key's value: a scalar, or a list of them for a multivalued key. */
export type ContextValue = string | number | boolean | (string | number | boolean)[];

export interface SimulatePolicies {
  identity?: PolicyDocument[];
  resource?: PolicyDocument[];
  boundary?: PolicyDocument[];
  /** One list (one level) or a list per organization level (root, OUs, account): each level must allow. */
  scp?: PolicyDocument[] | PolicyDocument[][];
  rcp?: PolicyDocument[] | PolicyDocument[][];
  session?: PolicyDocument[];
}

export interface SimulateRequest {
  /** The caller's ARN. */
  principal: string;
  action: string;
  resource: string;
  /** 12 digits; default: from the resource ARN, else the principal's account. */
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
}

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export type SimulateResult =
  | { type: "success"; decision: Decision; trace: Trace }
  | InputFailure;

export interface SimOptions { /** ISO 8601 or epoch milliseconds; default 2025-01-01T00:00:00Z. */ now?: string | number; /** default 0 */ seed?: number }
export type Caller =
  /** Long-term keys of the world, or temporary credentials (an answer's `Credentials` as they are). */
  | { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string; Expiration?: string }
  | { Principal: string }
  /** An AWS service, on its own or acting for a resource: `SourceAccount` (default: the account in `SourceArn`), `SourceOrgID` / `SourceOrgPaths` (default: the owner's organization in the world) become aws:Source* keys. */
  | { Service: string; SourceAccount?: string; SourceArn?: string; SourceOrgID?: string; SourceOrgPaths?: string[] };
export interface Where { region?: string; endpoint?: "regional" | "global"; sourceIp?: string; userAgent?: string }
export interface StsError { Type: "Sender" | "Receiver"; Code: string; Message: string }
export type StsResult<R> = StsSuccess<R> | StsFailure;
export interface StsSuccess<R> { type: "success"; response: R }
/** A refused call (STS's error), or a malformed argument (`errors`). */
export type StsFailure = StsErrorAnswer | InputFailure;
export interface StsErrorAnswer {
  type: "failure"; error: StsError;
  /** Beyond AWS: why the call was refused, when sts-sim has more to say than STS. */
  explanation?: StsExplanation;
}
/** sts-sim's explanation of a refused AssumeRoleWithWebIdentity or AssumeRoleWithSAML: the token or
 *  assertion checks that ran, then the trust policy's trace (with its hints) or why no role was found. */
export interface StsExplanation { checks: TokenCheck[]; trace?: Trace; why?: string }
/** One step of a web identity token's verification (sts-sim's explanation). */
export interface TokenCheck { check: string; passed: boolean; detail: string }
export type JwsAlg = "RS256" | "RS384" | "RS512" | "ES256" | "ES384";
export interface MintWebIdentityTokenOptions { /** default: the world SigningKey's algorithm, else ES256 */ alg?: JwsAlg; /** extra JOSE header members (e.g. a kid) */ header?: Record<string, unknown> }
export type MintWebIdentityTokenResult = { type: "success"; token: string } | { type: "failure"; errors: Diagnostic[] };
/** The success answer is itself a JSON Web Key Set. */
export type JwksResult = { type: "success"; keys: PublicJwk[] } | InputFailure;
/** A public JSON Web Key (RFC 7517): the world's own `Jwks` keys as given, or the simulator's. */
export interface PublicJwk { kty: string; kid?: string; alg?: string; use?: string; [member: string]: unknown }
/** The OpenID Connect discovery document of an account's outbound issuer (GetWebIdentityToken). */
export interface OpenIdConfiguration { issuer: string; jwks_uri: string; response_types_supported: string[]; subject_types_supported: string[]; id_token_signing_alg_values_supported: string[] }
export type OpenIdConfigurationResult = { type: "success"; configuration: OpenIdConfiguration } | { type: "failure"; errors: Diagnostic[] };
export interface AssumeRoleWithWebIdentityParams {
  RoleArn: string; RoleSessionName: string; /** 4 to 20,000 characters */ WebIdentityToken: string;
  /** www.amazon.com or graph.facebook.com, for OAuth 2.0 access tokens only */ ProviderId?: string;
  PolicyArns?: { arn: string }[]; Policy?: string; DurationSeconds?: number;
}
export interface AssumeRoleWithWebIdentityResponse {
  Credentials: Credentials; SubjectFromWebIdentityToken: string; AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  PackedPolicySize?: number; Provider: string; Audience: string; SourceIdentity?: string;
}
export interface MintSamlResponseRequest {
  /** The NameID (`Subject`, `saml:sub`). */
  subject: string;
  /** persistent (default), transient, … or a full NameID format URI */
  subjectType?: string;
  /** `Role` attribute values: [roleArn, providerArn] pairs, or role ARNs paired with this provider. Default: every role whose trust policy names the provider. */
  roles?: ([string, string] | string)[];
  /** `RoleSessionName` attribute; default: the subject */
  sessionName?: string;
  /** `SessionDuration` attribute, seconds */
  sessionDuration?: number;
  /** `PrincipalTag:<key>` attributes */
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  /** Further attributes by Name (e.g. urn:oid:1.3.6.1.4.1.5923.1.1.1.1) */
  attributes?: Record<string, string | string[]>;
  /** default: the provider's entity ID */
  issuer?: string;
  /** default https://signin.aws.amazon.com/saml */
  audience?: string;
  /** default https://signin.aws.amazon.com/saml */
  recipient?: string;
  /** ISO 8601 or epoch ms; default now and now + 5 minutes */
  notBefore?: string | number;
  notOnOrAfter?: string | number;
  /** AuthnStatement SessionNotOnOrAfter */
  sessionNotOnOrAfter?: string | number;
}
export type MintSamlResponseResult = { type: "success"; samlResponse: string } | { type: "failure"; errors: Diagnostic[] };
export type SamlMetadataResult = { type: "success"; metadata: string } | { type: "failure"; errors: Diagnostic[] };
export interface AssumeRoleWithSAMLParams {
  RoleArn: string; PrincipalArn: string; /** base64, 4 to 100,000 characters */ SAMLAssertion: string;
  PolicyArns?: { arn: string }[]; Policy?: string; DurationSeconds?: number;
}
export interface AssumeRoleWithSAMLResponse {
  Credentials: Credentials; AssumedRoleUser: { Arn: string; AssumedRoleId: string }; PackedPolicySize?: number;
  Subject: string; SubjectType: string; Issuer: string; Audience: string; NameQualifier: string; SourceIdentity?: string;
}
export interface Tag { Key: string; Value: string }
export interface AssumeRoleParams {
  RoleArn: string; RoleSessionName: string; PolicyArns?: { arn: string }[]; Policy?: string; DurationSeconds?: number;
  Tags?: Tag[]; TransitiveTagKeys?: string[]; ExternalId?: string; SerialNumber?: string; TokenCode?: string;
  SourceIdentity?: string; ProvidedContexts?: { ProviderArn?: string; ContextAssertion?: string }[];
}
export interface Credentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
export interface AssumeRoleResponse { Credentials: Credentials; AssumedRoleUser: { Arn: string; AssumedRoleId: string }; PackedPolicySize?: number; SourceIdentity?: string }
export interface GetCallerIdentityResponse { UserId: string; Account: string; Arn: string }
export interface GetAccessKeyInfoParams { AccessKeyId: string }
export interface GetAccessKeyInfoResponse { Account: string }
export interface GetSessionTokenParams { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }
export interface GetSessionTokenResponse { Credentials: Credentials }
export interface GetFederationTokenParams { Name: string; Policy?: string; PolicyArns?: { arn: string }[]; DurationSeconds?: number; Tags?: Tag[] }
export interface GetFederationTokenResponse { Credentials: Credentials; FederatedUser: { FederatedUserId: string; Arn: string }; PackedPolicySize?: number }
export interface DecodeAuthorizationMessageParams { /** 1 to 10,240 characters. */ EncodedMessage: EncodedMessage }
/** The opaque, sealed, URL-safe message a denied `authorize` answers (EC2's "Encoded authorization failure message"). */
export type EncodedMessage = string;
/** JSON text of a `DecodedAuthorizationMessage`, as DecodeAuthorizationMessage answers it. */
export interface DecodeAuthorizationMessageResponse { DecodedMessage: string }
export interface DecodedItems<T> { items: T[] }
/** `JSON.parse(DecodedMessage)`: the shape of the AWS CLI reference's example. */
export interface DecodedAuthorizationMessage {
  allowed: false; explicitDeny: boolean;
  matchedStatements: DecodedItems<{
    statementId?: string; effect: "DENY" | "ALLOW"; principals: DecodedItems<{ value: string }>; principalGroups: DecodedItems<{ value: string }>;
    actions: DecodedItems<{ value: string }>; resources: DecodedItems<{ value: string }>;
    conditions: DecodedItems<{ key: string; values: DecodedItems<{ value: string }> }>;
  }>;
  failures: DecodedItems<unknown>;
  context: {
    /** `name` only for IAM users. */
    principal: { id: string; name?: string; arn: string };
    action: string; resource: string;
    conditions: DecodedItems<{ key: string; values: DecodedItems<{ value: string }> }>;
  };
}
export interface AuthorizeRequest {
  action: string; resource: string; context?: Record<string, ContextValue>; region?: string;
  /** The resource's own resource-based policy (a bucket or key policy); a role of the world uses its trust policy for sts:AssumeRole*. */
  resourcePolicy?: PolicyDocument;
}
export type AuthorizeResult =
  /** `EncodedMessage` when denied (explicitly or implicitly), never when allowed. */
  | { type: "success"; decision: Decision; trace: Trace; EncodedMessage?: EncodedMessage }
  | { type: "failure"; error: StsError } | InputFailure;
"#;

/// Converts a JS value to JSON the way `JSON.stringify` sees it (undefined properties dropped),
/// then parses it with serde_json, whose recursion limit (128 levels) refuses hostile nesting
/// before it can overflow wasm's shadow stack. One boundary crossing, no per-property calls.
fn to_json(value: &JsValue, path: &str) -> Result<Value, String> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    with_json_text(value, path, |text| parse_json_text(text, path))?
}

/// Calls `f` with `JSON.stringify(value)`, or says why there is no JSON text for it. The text is
/// written by the host's own UTF-8 encoder (`TextEncoder.encodeInto`) into a buffer kept for the
/// purpose, not copied character by character into a new allocation (wasm-bindgen's way for a
/// string): on the path of every `handle.decide`, that copy was a quarter of its time.
fn with_json_text<R>(value: &JsValue, path: &str, f: impl FnOnce(&str) -> R) -> Result<R, String> {
    let name = || if path.is_empty() { "the argument".to_string() } else { format!("'{path}'") };
    let text = js_sys::JSON::stringify(value).map_err(|e| {
        // JSON.stringify throws for a cycle, a BigInt, a toJSON that throws, and nesting deeper
        // than the JS stack (a RangeError): say which.
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
        format!("{} cannot be converted to JSON ({why}): it holds a cycle, a BigInt, nesting too deep, or a toJSON method that throws", name())
    })?;
    // JSON.stringify answers undefined, not text, for a value whose toJSON answers undefined.
    let text: &js_sys::JsString = text.dyn_ref().ok_or_else(|| format!("{} has no JSON form (JSON.stringify answers undefined for it)", name()))?;
    // At most three UTF-8 bytes per UTF-16 unit. Longer texts come the usual way.
    if text.length() as usize * 3 > JSON_BUFFER_SIZE {
        return Ok(f(&String::from(text)));
    }
    // JSON.stringify's text is well-formed UTF-16 (lone surrogates are escaped), so the encoder
    // writes all of it, as UTF-8.
    let read = with_buffer(|buffer| {
        let written = TEXT_ENCODER.with(|encoder| encoder.encode_into(text, buffer).written()) as usize;
        std::str::from_utf8(&buffer[..written]).map(f)
    });
    read.map_err(|e| format!("{} has no UTF-8 JSON text ({e})", name()))
}

/// Calls `f` with the kept buffer for text on its way in from JS, JSON_BUFFER_SIZE bytes. It is
/// taken out while in use: JS that runs meanwhile (a getter) and calls back in finds it empty and
/// makes another, never a double borrow.
fn with_buffer<R>(f: impl FnOnce(&mut [u8]) -> R) -> R {
    JSON_BUFFER.with(|cell| {
        let mut buffer = cell.take();
        buffer.resize(JSON_BUFFER_SIZE, 0);
        let answer = f(&mut buffer);
        cell.set(buffer);
        answer
    })
}

/// A request object packed by `pack_request` in JS, when its fields are in the usual form: the
/// packed text goes to `f`. `None` when they are not (or the packer is not available), and then
/// the request takes the JSON path, which reads every form and words every error.
fn with_packed_request<R>(request: &JsValue, f: impl FnOnce(&str) -> Option<R>) -> Option<R> {
    with_buffer(|buffer| {
        let written = usize::try_from(pack_request(request, buffer).ok()?).ok()?;
        f(std::str::from_utf8(&buffer[..written]).ok()?)
    })
}

// Reads a request object's fields in JS and writes them, NUL-separated, into wasm memory with
// the host's UTF-8 encoder (`request_text::read_packed` reads them): for a request in the usual
// form this replaces `JSON.stringify` and reading the JSON back, which were a third of a
// `handle.decide`. It accepts only what JSON.stringify would write as the same strings and the
// JSON reader would accept (own enumerable fields, in their order; strings, booleans, and
// integers of up to 15 digits; lists of those; no toJSON); for anything else it answers -1 and
// the request goes the JSON way. A request it declines may so have its getters run twice.
#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
const wellFormed = typeof ''.isWellFormed === 'function';
const plain = (o) => typeof o === 'object' && o !== null && !Array.isArray(o) && typeof o.toJSON !== 'function';
function scalar(v) {
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return Number.isInteger(v) && v >= 0 && v <= 999999999999999 ? String(v) : undefined;
    default: return undefined;
  }
}
export function pack_request(request, out) {
  if (!wellFormed || !plain(request)) return -1;
  let principal, action, resource, account = '', context;
  for (const key of Object.keys(request)) {
    const v = request[key];
    switch (key) {
      case 'principal': principal = v; break;
      case 'action': action = v; break;
      case 'resource': resource = v; break;
      case 'resourceAccount':
        if (v === undefined) break;
        if (typeof v !== 'string') return -1;
        account = '=' + v;
        break;
      case 'context': context = v; break;
      default: return -1;
    }
  }
  if (typeof principal !== 'string' || typeof action !== 'string' || typeof resource !== 'string') return -1;
  // One string built by concatenation (faster here than an array and join), then encoded once.
  let text = principal + '\0' + action + '\0' + resource + '\0' + account;
  let fields = 4;
  if (context !== undefined && context !== null) {
    if (!plain(context)) return -1;
    for (const key of Object.keys(context)) {
      const v = context[key];
      if (Array.isArray(v)) {
        if (typeof v.toJSON === 'function') return -1;
        text += '\0' + key + '\0' + v.length;
        fields += 2;
        for (let i = 0; i < v.length; i++) {
          const t = scalar(v[i]);
          if (t === undefined) return -1;
          text += '\0' + t;
          fields += 1;
        }
      } else {
        const t = scalar(v);
        if (t === undefined) return -1;
        text += '\0' + key + '\0-\0' + t;
        fields += 3;
      }
    }
  }
  text = fields + '\0' + text;
  if (text.length * 3 > out.length || !text.isWellFormed()) return -1;
  return encoder.encodeInto(text, out).written;
}
"#)]
extern "C" {
    /// The byte count written into `out`, or -1 when the request is not in the usual form. A
    /// getter that throws throws here.
    #[wasm_bindgen(catch)]
    fn pack_request(request: &JsValue, out: &mut [u8]) -> Result<i32, JsValue>;
}

/// The JSON buffer's size: a request of the usual kind is a few hundred bytes.
const JSON_BUFFER_SIZE: usize = 16 * 1024;

thread_local! {
    static JSON_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    static TEXT_ENCODER: TextEncoder = TextEncoder::new();
}

// The host's TextEncoder (browsers and Node have it as a global), declared here: js_sys does not.
#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// Writes `text` as UTF-8 into `out`, a view of wasm memory.
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, out: &mut [u8]) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// JSON text (from `JSON.stringify`) as a serde value, or why it cannot be one.
fn parse_json_text(text: &str, path: &str) -> Result<Value, String> {
    let name = if path.is_empty() { "the argument".to_string() } else { format!("'{path}'") };
    serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        if e.contains("recursion limit") {
            format!("{name} is nested too deeply (more than 128 levels)")
        } else if e.contains("surrogate") || e.contains("hex escape") {
            // JSON.stringify writes a lone UTF-16 surrogate as a \uD800-style escape, which no
            // Unicode text can hold.
            format!("{name} holds a string that is not valid Unicode (a lone UTF-16 surrogate, {e})")
        } else {
            format!("{name} is not valid JSON data: {e}")
        }
    })
}

fn to_js(value: &Value) -> JsValue {
    // A serde_json::Value always serialises, and its text is always valid JSON for JSON.parse.
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A failure answer for input that converted badly (too deep, a function inside…).
fn input_failure(message: &str, path: &str) -> JsValue {
    to_js(&api::failure(vec![api::input_error(path, message)]))
}

/// `validatePolicy(policy, options?)`.
#[wasm_bindgen(js_name = validatePolicy, unchecked_return_type = "ValidatePolicyResult")]
pub fn validate_policy(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidatePolicyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if !(policy.is_string() || (policy.is_object() && !js_sys::Array::is_array(&policy))) {
        return Err(type_error("validatePolicy: 'policy' must be a JSON string or an object"));
    }
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(type_error("validatePolicy: 'options' must be an object like { kind: \"trust\" }"));
    }
    let policy = match to_json(&policy, "policy") {
        Ok(v) => v,
        Err(e) => return Ok(input_failure(&e, "policy")),
    };
    let options = match to_json(&options, "options") {
        Ok(v) => v,
        Err(e) => return Ok(input_failure(&e, "options")),
    };
    Ok(to_js(&api::validate::validate_policy(&policy, &options)))
}

/// `simulate({ policies, request })`.
#[wasm_bindgen(unchecked_return_type = "SimulateResult")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "{ policies: SimulatePolicies; request: SimulateRequest }")] input: JsValue,
) -> Result<JsValue, JsValue> {
    if !input.is_object() || js_sys::Array::is_array(&input) {
        return Err(type_error("simulate: the argument must be an object { policies, request }"));
    }
    match to_json(&input, "") {
        Ok(v) => Ok(to_js(&api::simulate::simulate(&v))),
        Err(e) => Ok(input_failure(&e, "")),
    }
}

/// `compilePolicies(policies)`: parse and compile once, then `handle.simulate(request)` many
/// times without re-parsing. Answers the handle (whose `type` is "success") or a failure value.
#[wasm_bindgen(js_name = compilePolicies, unchecked_return_type = "CompiledPolicies | { type: \"failure\"; errors: Diagnostic[] }")]
pub fn compile_policies(#[wasm_bindgen(unchecked_param_type = "SimulatePolicies")] policies: JsValue) -> Result<JsValue, JsValue> {
    if !policies.is_object() || js_sys::Array::is_array(&policies) {
        return Err(type_error("compilePolicies: the argument must be an object { identity?, resource?, boundary?, scp?, rcp?, session? }"));
    }
    let policies = match to_json(&policies, "policies") {
        Ok(v) => v,
        Err(e) => return Ok(input_failure(&e, "policies")),
    };
    match api::simulate::compile_policies(&policies) {
        Ok(set) => Ok(CompiledPolicies { set }.into()),
        Err(failure) => Ok(to_js(&failure)),
    }
}

/// Policies parsed and compiled once (see `compilePolicies`).
#[wasm_bindgen]
pub struct CompiledPolicies {
    set: api::simulate::CompiledSet,
}

#[wasm_bindgen]
impl CompiledPolicies {
    /// Always "success": lets callers test `compilePolicies(…).type` uniformly.
    #[wasm_bindgen(getter = type)]
    pub fn answer_type(&self) -> String {
        "success".to_string()
    }

    /// Evaluates one request; the same answer as `simulate({ policies, request })`.
    #[wasm_bindgen(unchecked_return_type = "SimulateResult")]
    pub fn simulate(&self, #[wasm_bindgen(unchecked_param_type = "SimulateRequest")] request: JsValue) -> Result<JsValue, JsValue> {
        if !request.is_object() || js_sys::Array::is_array(&request) {
            return Err(type_error("simulate: the request must be an object { principal, action, resource, context? }"));
        }
        match to_json(&request, "request") {
            Ok(v) => Ok(to_js(&api::simulate::simulate_compiled(&self.set, &v))),
            Err(e) => Ok(input_failure(&e, "request")),
        }
    }
}

#[wasm_bindgen]
impl CompiledPolicies {
    /// The decision alone ("Allow" | "ExplicitDeny" | "ImplicitDeny"), without a trace: the fast
    /// path. A malformed request answers the same failure value as `simulate`.
    #[wasm_bindgen(unchecked_return_type = "Decision | { type: \"failure\"; errors: Diagnostic[] }")]
    pub fn decide(&self, #[wasm_bindgen(unchecked_param_type = "SimulateRequest")] request: JsValue) -> Result<JsValue, JsValue> {
        // A request the packer reads is a plain object: it passes the check below.
        if let Some(decision) = self.decide_packed(&request) {
            return Ok(decision_js(decision));
        }
        if !request.is_object() || js_sys::Array::is_array(&request) {
            return Err(type_error("decide: the request must be an object { principal, action, resource, context? }"));
        }
        Ok(self.decide_json(&request, "request"))
    }

    /// Decides many requests in one call (one crossing of the JS/wasm boundary): an array of
    /// decisions, each a string or, for a malformed request, a failure value.
    #[wasm_bindgen(js_name = decideBatch, unchecked_return_type = "Array<Decision | { type: \"failure\"; errors: Diagnostic[] }>")]
    pub fn decide_batch(&self, #[wasm_bindgen(unchecked_param_type = "SimulateRequest[]")] requests: JsValue) -> Result<js_sys::Array, JsValue> {
        if !js_sys::Array::is_array(&requests) {
            return Err(type_error("decideBatch: the argument must be an array of requests"));
        }
        let requests = js_sys::Array::from(&requests);
        let out = js_sys::Array::new_with_length(requests.length());
        for (i, request) in requests.iter().enumerate() {
            let answer = match self.decide_packed(&request) {
                Some(decision) => decision_js(decision),
                None => self.decide_json(&request, &format!("requests[{i}]")),
            };
            out.set(i as u32, answer);
        }
        Ok(out)
    }

    /// The decision for a request object in the usual form, read field by field in JS
    /// (`pack_request`); `None` for any other request.
    fn decide_packed(&self, request: &JsValue) -> Option<Decision> {
        with_packed_request(request, |text| api::simulate::decide_packed(&self.set, text))
    }

    /// The answer for a request by way of its JSON text: read in place when it is in the usual
    /// form, else through serde, which words the error (`undefined`, having no JSON text, reads
    /// as null there).
    fn decide_json(&self, request: &JsValue, path: &str) -> JsValue {
        let request = if request.is_undefined() {
            Value::Null
        } else {
            // Ok(Ok(decision)) from the text in place, Ok(Err(value)) parsed for the general path.
            let read = with_json_text(request, path, |text| match api::simulate::decide_text(&self.set, text) {
                Some(decision) => Ok(Ok(decision)),
                None => parse_json_text(text, path).map(Err),
            });
            match read.and_then(|r| r) {
                Ok(Ok(decision)) => return decision_js(decision),
                Ok(Err(value)) => value,
                Err(e) => return input_failure(&e, path),
            }
        };
        match api::simulate::decide_compiled(&self.set, &request) {
            Ok(decision) => decision_js(decision),
            Err(failure) => to_js(&failure),
        }
    }
}

/// A decision as a JS string, made once per decision: the three strings are kept, not decoded
/// from UTF-8 again on every call.
fn decision_js(decision: Decision) -> JsValue {
    thread_local! {
        static DECISIONS: [JsValue; 3] = [Decision::Allow, Decision::ExplicitDeny, Decision::ImplicitDeny].map(|d| JsValue::from_str(d.as_str()));
    }
    let i = match decision {
        Decision::Allow => 0,
        Decision::ExplicitDeny => 1,
        Decision::ImplicitDeny => 2,
    };
    DECISIONS.with(|d| d[i].clone())
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !js_sys::Array::is_array(v)
}

/// A simulated STS world with its clock, seed, and CloudTrail log (see `api::sim`).
#[wasm_bindgen]
pub struct Sim {
    sim: crate::sts::sim::Sim,
}

/// The diagnostics of a failure value, one per line, for the constructor's Error.
fn failure_text(failure: &Value) -> String {
    let lines: Vec<String> = failure["errors"]
        .as_array()
        .map(|es| es.iter().map(|e| format!("{}: {}", e["path"].as_str().unwrap_or(""), e["message"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    format!("invalid world:\n{}", lines.join("\n"))
}

#[wasm_bindgen]
impl Sim {
    /// `new Sim(world, { now, seed })`: throws a TypeError for arguments of the wrong JS type,
    /// and an Error listing the diagnostics for a world that does not load (use `Sim.create`
    /// to get them as a failure value instead).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "World")] world: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SimOptions")] options: JsValue,
    ) -> Result<Sim, JsValue> {
        match Sim::build(&world, &options)? {
            Ok(sim) => Ok(sim),
            Err(failure) => Err(js_sys::Error::new(&failure_text(&failure)).into()),
        }
    }

    /// `Sim.create(world, { now, seed })`: the Sim, or `{ type: "failure", errors }` naming
    /// each problem's JSON path.
    #[wasm_bindgen(unchecked_return_type = "Sim | { type: \"failure\"; errors: Diagnostic[] }")]
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "World")] world: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SimOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        match Sim::build(&world, &options)? {
            Ok(sim) => Ok(sim.into()),
            Err(failure) => Ok(to_js(&failure)),
        }
    }

    fn build(world: &JsValue, options: &JsValue) -> Result<Result<Sim, Value>, JsValue> {
        if !is_plain_object(world) {
            return Err(type_error("Sim: 'world' must be an object { Accounts: [...] }"));
        }
        if !(options.is_undefined() || options.is_null() || is_plain_object(options)) {
            return Err(type_error("Sim: 'options' must be an object { now?, seed? }"));
        }
        let world = match to_json(world, "world") {
            Ok(v) => v,
            Err(e) => return Ok(Err(api::failure(vec![api::input_error("world", &e)]))),
        };
        let options = match to_json(options, "options") {
            Ok(v) => v,
            Err(e) => return Ok(Err(api::failure(vec![api::input_error("options", &e)]))),
        };
        Ok(api::sim::create(&world, &options).map(|sim| Sim { sim }))
    }

    /// Always "success" for a created Sim (so `Sim.create(…).type` can be tested uniformly).
    #[wasm_bindgen(getter = type)]
    pub fn answer_type(&self) -> String {
        "success".to_string()
    }

    /// `sim.call(caller, operation, params, where?)`. Its TypeScript (`ts_types`: `interface
    /// Sim`) types the parameters and the answer of each operation.
    #[wasm_bindgen(skip_typescript)]
    pub fn call(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Caller | null")] caller: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] operation: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Where")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !(caller.is_null() || caller.is_undefined() || is_plain_object(&caller)) {
            return Err(type_error("call: 'caller' must be an object or null"));
        }
        if !operation.is_string() {
            return Err(type_error("call: 'operation' must be a string such as \"AssumeRole\""));
        }
        if !(params.is_undefined() || params.is_null() || is_plain_object(&params)) {
            return Err(type_error("call: 'params' must be an object"));
        }
        if !(at.is_undefined() || at.is_null() || is_plain_object(&at)) {
            return Err(type_error("call: 'where' must be an object { region?, endpoint? }"));
        }
        let mut parts = Vec::new();
        for (v, path) in [(&caller, "caller"), (&operation, "operation"), (&params, "params"), (&at, "where")] {
            match to_json(v, path) {
                Ok(j) => parts.push(j),
                Err(e) => return Ok(input_failure(&e, path)),
            }
        }
        Ok(to_js(&api::sim::call(&mut self.sim, &parts[0], &parts[1], &parts[2], &parts[3])))
    }

    /// `sim.authorize(caller, { action, resource, context?, region? })`.
    #[wasm_bindgen(unchecked_return_type = "AuthorizeResult")]
    pub fn authorize(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Caller")] caller: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AuthorizeRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !is_plain_object(&caller) || !is_plain_object(&request) {
            return Err(type_error("authorize: 'caller' and 'request' must be objects"));
        }
        let caller = match to_json(&caller, "caller") {
            Ok(v) => v,
            Err(e) => return Ok(input_failure(&e, "caller")),
        };
        let request = match to_json(&request, "request") {
            Ok(v) => v,
            Err(e) => return Ok(input_failure(&e, "request")),
        };
        Ok(to_js(&api::sim::authorize(&mut self.sim, &caller, &request)))
    }

    /// Every call's CloudTrail record, oldest first.
    #[wasm_bindgen(unchecked_return_type = "CloudTrailEvent[]")]
    pub fn events(&self) -> JsValue {
        to_js(&Value::Array(self.sim.events().to_vec()))
    }

    /// Moves the clock forward; answers the new time (ISO 8601).
    pub fn advance(&mut self, seconds: f64) -> Result<String, JsValue> {
        if !(seconds.is_finite() && seconds >= 0.0 && seconds.fract() == 0.0) {
            return Err(type_error("advance: 'seconds' must be a non-negative whole number"));
        }
        self.sim.advance(seconds as u64);
        Ok(api::sim::now(&self.sim))
    }

    /// The simulated time, ISO 8601.
    pub fn now(&self) -> String {
        api::sim::now(&self.sim)
    }

    /// `sim.mintWebIdentityToken(provider, claims, { alg?, header? })`: a web identity token
    /// for an OIDC provider of the world (ARN, URL or host) or a built-in one, signed with the
    /// world's `SigningKey` or the simulator's seed-derived key; `iss`, `iat` and `exp` (now +
    /// 1 hour) are filled in when absent.
    #[wasm_bindgen(js_name = mintWebIdentityToken, unchecked_return_type = "MintWebIdentityTokenResult")]
    pub fn mint_web_identity_token(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] provider: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] claims: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MintWebIdentityTokenOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !provider.is_string() {
            return Err(type_error("mintWebIdentityToken: 'provider' must be a string (an OIDC provider ARN, URL or host)"));
        }
        if !is_plain_object(&claims) {
            return Err(type_error("mintWebIdentityToken: 'claims' must be an object"));
        }
        if !(options.is_undefined() || options.is_null() || is_plain_object(&options)) {
            return Err(type_error("mintWebIdentityToken: 'options' must be an object { alg?, header? }"));
        }
        let mut parts = Vec::new();
        for (v, path) in [(&provider, "provider"), (&claims, "claims"), (&options, "options")] {
            match to_json(v, path) {
                Ok(j) => parts.push(j),
                Err(e) => return Ok(input_failure(&e, path)),
            }
        }
        Ok(to_js(&api::sim::mint_web_identity_token(&mut self.sim, &parts[0], &parts[1], &parts[2])))
    }

    /// `sim.jwks(provider)`: the provider's public JSON Web Key Set as AssumeRoleWithWebIdentity
    /// verifies with it; the success answer is itself a JWK Set (`{ type, keys }`). Given a
    /// 12-digit account id instead, the JWKS of that account's outbound issuer: the keys
    /// GetWebIdentityToken signs with (RS256 and ES384), at `<issuer>/.well-known/jwks.json`.
    #[wasm_bindgen(unchecked_return_type = "JwksResult")]
    pub fn jwks(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] provider: JsValue) -> Result<JsValue, JsValue> {
        if !provider.is_string() {
            return Err(type_error("jwks: 'provider' must be a string (an OIDC provider ARN, URL or host, or an account id)"));
        }
        let provider = Value::String(provider.as_string().unwrap_or_default());
        Ok(to_js(&api::sim::jwks(&mut self.sim, &provider)))
    }

    /// `sim.openidConfiguration(accountId)`: the OpenID Connect discovery document of the
    /// account's outbound issuer (`<issuer>/.well-known/openid-configuration`), for services that
    /// verify GetWebIdentityToken tokens; its `jwks_uri` serves `sim.jwks(accountId)`.
    #[wasm_bindgen(js_name = openidConfiguration, unchecked_return_type = "OpenIdConfigurationResult")]
    pub fn openid_configuration(&self, #[wasm_bindgen(unchecked_param_type = "string")] account_id: JsValue) -> Result<JsValue, JsValue> {
        if !account_id.is_string() {
            return Err(type_error("openidConfiguration: 'accountId' must be a string (a 12-digit account id)"));
        }
        let account = Value::String(account_id.as_string().unwrap_or_default());
        Ok(to_js(&api::sim::openid_configuration(&self.sim, &account)))
    }

    /// `sim.mintSamlResponse(providerArn, request)`: a signed SAML response (base64, the
    /// `SAMLAssertion` parameter) for a SAML provider of the world, signed with its `SigningKey`
    /// or the simulator's seed-derived key; issued by the provider's entity ID, valid for five
    /// minutes, for AWS's sign-in endpoint, with a `Role` attribute for every role that trusts
    /// the provider unless `roles` says otherwise.
    #[wasm_bindgen(js_name = mintSamlResponse, unchecked_return_type = "MintSamlResponseResult")]
    pub fn mint_saml_response(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] provider_arn: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MintSamlResponseRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !provider_arn.is_string() {
            return Err(type_error("mintSamlResponse: 'providerArn' must be a string (a SAML provider ARN)"));
        }
        if !is_plain_object(&request) {
            return Err(type_error("mintSamlResponse: 'request' must be an object { subject, roles?, sessionName?, … }"));
        }
        let provider = Value::String(provider_arn.as_string().unwrap_or_default());
        let request = match to_json(&request, "request") {
            Ok(v) => v,
            Err(e) => return Ok(input_failure(&e, "request")),
        };
        Ok(to_js(&api::sim::mint_saml_response(&self.sim, &provider, &request)))
    }

    /// `sim.samlMetadata(providerArn)`: the metadata document AssumeRoleWithSAML verifies the
    /// provider's responses with (the world's `SAMLMetadataDocument`, else the simulator's, with
    /// the self-signed certificate of its signing key).
    #[wasm_bindgen(js_name = samlMetadata, unchecked_return_type = "SamlMetadataResult")]
    pub fn saml_metadata(&self, #[wasm_bindgen(unchecked_param_type = "string")] provider_arn: JsValue) -> Result<JsValue, JsValue> {
        if !provider_arn.is_string() {
            return Err(type_error("samlMetadata: 'providerArn' must be a string (a SAML provider ARN)"));
        }
        let provider = Value::String(provider_arn.as_string().unwrap_or_default());
        Ok(to_js(&api::sim::saml_metadata(&self.sim, &provider)))
    }

    /// Attaches AWS's `AWSRevokeOlderSessions` policy to the role (sessions issued before now stop working).
    #[wasm_bindgen(js_name = revokeOlderSessions, unchecked_return_type = "{ type: \"success\" } | { type: \"failure\"; errors: Diagnostic[] }")]
    pub fn revoke_older_sessions(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] role_arn: JsValue) -> Result<JsValue, JsValue> {
        if !role_arn.is_string() {
            return Err(type_error("revokeOlderSessions: 'roleArn' must be a string"));
        }
        let arn = Value::String(role_arn.as_string().unwrap_or_default());
        Ok(to_js(&api::sim::revoke_older_sessions(&mut self.sim, &arn)))
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_WIRE: &'static str = r#"
/** An HTTP request as it reaches STS: `url` absolute (`https://sts.amazonaws.com/?…`) or origin-form
 *  (`/?Action=…`, the host then comes from the `Host` header); header names in any case. */
export interface WireRequest {
  method: string; url: string;
  headers?: Record<string, string | string[]> | [string, string][];
  /** A form-encoded POST body; bytes are read as UTF-8. */
  body?: string | Uint8Array;
}
/** STS's answer: XML, with `x-amzn-RequestId`, `Content-Type`, `Content-Length` and `Date` headers. */
export interface WireResponse { status: number; headers: Record<string, string>; body: string }
"#;

#[wasm_bindgen]
impl Sim {
    /// `sim.handle({ method, url, headers, body })`: one HTTP request as an AWS SDK sends it
    /// (Query protocol, SigV4), answered as STS answers it (`api::wire`). Throws a TypeError for
    /// a request object that is not one; every other problem is an AWS error answer.
    #[wasm_bindgen(unchecked_return_type = "WireResponse")]
    pub fn handle(&mut self, #[wasm_bindgen(unchecked_param_type = "WireRequest")] request: JsValue) -> Result<JsValue, JsValue> {
        if !is_plain_object(&request) {
            return Err(type_error("handle: the request must be an object { method, url, headers?, body? }"));
        }
        // A byte body is read as UTF-8 text (the Query protocol's bodies are); it does not go
        // through JSON.
        let body = js_sys::Reflect::get(&request, &JsValue::from_str("body")).unwrap_or(JsValue::UNDEFINED);
        let bytes = body.dyn_ref::<js_sys::Uint8Array>().map(js_sys::Uint8Array::to_vec);
        let request = match &bytes {
            Some(_) => {
                let copy = js_sys::Object::assign(&js_sys::Object::new(), request.unchecked_ref());
                let _ = js_sys::Reflect::delete_property(&copy, &JsValue::from_str("body"));
                copy.into()
            }
            None => request,
        };
        let mut json = to_json(&request, "request").map_err(|e| type_error(&format!("handle: {e}")))?;
        if let (Some(b), Value::Object(m)) = (bytes, &mut json) {
            m.insert("body".into(), Value::String(String::from_utf8_lossy(&b).into_owned()));
        }
        api::wire::handle_json(&mut self.sim, &json).map(|r| to_js(&r)).map_err(|e| type_error(&format!("handle: {e}")))
    }
}

/// The package version (Cargo.toml's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TRUST_TYPES: &'static str = r#"
/** `analyzeTrust`'s argument: a world, and optionally one role or one trust policy to analyze. */
export interface AnalyzeTrustInput {
  /** schema/world.schema.json; may be left out with a `trustPolicy` and no `roleArn`. */
  world?: World;
  roleArn?: string;
  /** Analyzed as the trust policy of `roleArn`, else of a role of its own in the first account. */
  trustPolicy?: PolicyDocument;
  /** Defaults, field by field, to the world's accounts and organization. */
  zoneOfTrust?: { accounts?: string[]; organizationIds?: string[] };
}
export type TrustSeverity = "critical" | "high" | "medium" | "low" | "info";
export interface TrustAdvice { code: string; message: string; /** AWS doc page title — URL. */ doc: string }
export interface TrustFinding {
  /** "unknown": a condition the analysis cannot reason about, and no accepted witness. */
  status: "finding" | "unknown";
  kind: "AnyPrincipal" | "ExternalAccount" | "ExternalUser" | "ExternalRole" | "ServicePrincipal" | "OidcProvider" | "SamlProvider" | "ObservedAccess";
  statement: string | null;
  sid?: string | null;
  who: { principal: string; description: string };
  how: "AssumeRole" | "AssumeRoleWithWebIdentity" | "AssumeRoleWithSAML";
  conditions: { key: string; operator: string; values: string[]; effect: "constrains" | "excludes" | "unknown"; note: string }[];
  externalIdRequired: boolean;
  mfaRequired: boolean;
  severity: TrustSeverity;
  advice: TrustAdvice[];
  unknown?: string[];
  /** The calls (and world changes) that prove the finding; null when the world cannot hold the caller. */
  witness: TrustWitness | null;
  /** Whether the simulator accepted the witness. */
  witnessVerified: boolean;
  /** Who the caller became, when the simulator accepted the witness. */
  witnessAnswer?: { AssumedRoleUser: AssumedRoleUser; SubjectFromWebIdentityToken?: string; Subject?: string };
  witnessError?: TrustWitnessError;
  witnessNote?: string;
  decidedBy?: "witness";
}
export interface CheckedCaller {
  who: string;
  class: "aws" | "oidc" | "saml" | "service";
  operation: "AssumeRole" | "AssumeRoleWithWebIdentity" | "AssumeRoleWithSAML";
  /** null when the attempt could not be built (`answer.notRun` says why). */
  attempt: TrustWitness | null;
  accepted: boolean;
  answer: TrustWitnessAnswer;
}
export interface RoleTrust {
  roleArn: string;
  status: "findings" | "noFindings" | "unknown";
  findings: TrustFinding[];
  /** Principals the policy names that are inside the zone, or narrowed into it, with the reason. */
  insideZone: { statement: string; principal: string; reason: string }[];
  /** Obvious outside callers the simulator was asked to accept, and its answers. */
  checkedCallers: CheckedCaller[];
}
export type AnalyzeTrustResult =
  | { type: "success"; zoneOfTrust: { accounts: string[]; organizationIds: string[] }; roles: RoleTrust[] }
  | { type: "failure"; errors: Diagnostic[] };
"#;

/// `analyzeTrust({ world, roleArn?, trustPolicy?, zoneOfTrust? })`: who outside the zone of
/// trust can assume each role, how, and a witness the simulator ran (`api::trust`).
#[wasm_bindgen(js_name = analyzeTrust, unchecked_return_type = "AnalyzeTrustResult")]
pub fn analyze_trust(#[wasm_bindgen(unchecked_param_type = "AnalyzeTrustInput")] input: JsValue) -> Result<JsValue, JsValue> {
    if !input.is_object() || js_sys::Array::is_array(&input) {
        return Err(type_error("analyzeTrust: the argument must be an object { world, roleArn?, trustPolicy?, zoneOfTrust? }"));
    }
    match to_json(&input, "") {
        Ok(v) => Ok(to_js(&api::trust::analyze_trust(&v))),
        Err(e) => Ok(input_failure(&e, "")),
    }
}
