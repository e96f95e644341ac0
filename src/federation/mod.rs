//! Web-identity federation as AWS STS performs it for `AssumeRoleWithWebIdentity`: find the
//! account's IAM OIDC provider from the token's `iss`, check the audience, the signature
//! (against the provider's JSON Web Key Set) and the validity window, then turn the verified
//! claims into trust-policy context keys, session tags and a source identity. Pure: the caller
//! passes the providers, the clock and (for minting) the seed. JOSE itself is in [`jwt`].
//!
//! Sources (each rule below names its own):
//! * "AssumeRoleWithWebIdentity", AWS STS API Reference (errors, `WebIdentityToken` 4..20000
//!   characters in botocore's `clientTokenType`, the `Provider`/`Audience`/
//!   `SubjectFromWebIdentityToken` response fields).
//! * "OIDC federation", IAM User Guide: IAM allows five minutes past `exp` for clock skew.
//! * "IAM and AWS STS condition context keys", IAM User Guide, "Available keys for AWS OIDC
//!   federation" (`<provider>:aud`, `:azp`, `:amr`, `:sub`, `accounts.google.com:oaud`, …).
//! * "Passing session tags using AssumeRoleWithWebIdentity" (`https://aws.amazon.com/tags`) and
//!   "Monitor and control actions taken with assumed roles" (`https://aws.amazon.com/source_identity`).
//! * OpenID Connect Core 1.0 §3.1.3.7 (ID token validation, whose order we follow) and RFC 7519.
//!
//! Where AWS's exact wording is not documented, the message is the one STS is publicly seen to
//! answer (the issue or article is named), or, failing that, ours: [`TokenCheck::detail`]
//! always carries the simulator's fuller explanation, which goes beyond what AWS says.

pub mod jwt;
pub mod rsa_memo;
pub mod saml;

use serde::Serialize;
use serde_json::{Map, Value};

use jwt::{Alg, JoseError, Jwks};

/// botocore `clientTokenType`: `WebIdentityToken` has 4 to 20000 characters. Length is the
/// parameter layer's check (a `ValidationError`); [`verify_web_identity_token`] repeats the
/// upper bound only to bound its own work.
pub const WEB_IDENTITY_TOKEN_MIN_LEN: usize = 4;
pub const WEB_IDENTITY_TOKEN_MAX_LEN: usize = 20_000;

/// "OIDC federation" (IAM User Guide): "IAM provides a five-minute window beyond the expiration
/// time specified in the JWT to account for clock skew, as allowed by the OpenID Connect (OIDC)
/// Core 1.0 standard."
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// The identity providers AWS knows without an IAM OIDC provider ("CreateOpenIDConnectProvider":
/// Google, Facebook and Amazon Cognito "are already built-in to AWS"; Login with Amazon is the
/// fourth `ProviderId`/`Federated` principal of the condition-keys page). A world that wants to
/// accept their tokens registers them with keys of its own (there is no network to fetch theirs).
pub const BUILT_IN_PROVIDERS: [&str; 4] = [
    "accounts.google.com",
    "cognito-identity.amazonaws.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// The claim that carries session tags ("Passing session tags using AssumeRoleWithWebIdentity").
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";
/// The claim that carries a source identity ("Monitor and control actions taken with assumed
/// roles", "Using source identity with AssumeRoleWithWebIdentity").
pub const SOURCE_IDENTITY_CLAIM: &str = "https://aws.amazon.com/source_identity";

/// An IAM OIDC provider as the verifier needs it, borrowed from the world.
#[derive(Clone, Copy, Debug)]
pub struct OidcProviderRef<'a> {
    /// The provider URL as registered (`https://token.actions.githubusercontent.com`).
    pub url: &'a str,
    /// `ClientIDList`: the accepted audiences.
    pub client_ids: &'a [String],
    /// The provider's JWK Set. `None` plays the part of a `jwks_uri` AWS cannot reach.
    pub jwks: Option<&'a Value>,
}

/// The provider's name in ARNs and condition keys: the URL without `https://`
/// (`arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`,
/// `token.actions.githubusercontent.com:sub`). A trailing slash stays: the condition key of a
/// provider registered as `auth-dev.mozilla.auth0.com/` is `auth-dev.mozilla.auth0.com/:aud`
/// (gene1wood's gist on Auth0 federation, and re:Post "resolve OIDC IdP federation errors": the
/// CLI adds a trailing slash to the ARN, the SDKs do not, and the two differ).
pub fn provider_key(url: &str) -> &str {
    url.strip_prefix("https://").unwrap_or(url)
}

/// One step of the verification, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenCheck {
    /// `size`, `jws`, `claims`, `issuer`, `audience`, `signature`, `expiration`, `not-before`,
    /// `issued-at`.
    pub check: &'static str,
    pub passed: bool,
    /// What was compared with what: the simulator's explanation, beyond AWS's message.
    pub detail: String,
}

/// A refusal, with the code and message AWS answers and the checks that ran up to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebIdentityError {
    /// `InvalidIdentityToken`, `ExpiredTokenException` or `ValidationError`.
    pub code: &'static str,
    pub message: String,
    pub checks: Vec<TokenCheck>,
}

pub const INVALID_IDENTITY_TOKEN: &str = "InvalidIdentityToken";
pub const EXPIRED_TOKEN: &str = "ExpiredTokenException";

/// The AWS text for a token that cannot be validated. It is the documented description of
/// `InvalidIdentityToken` (API reference, "Errors"); AWS's own wording for a bad signature or a
/// malformed token is not published.
const NOT_VALIDATED: &str = "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.";

/// re:Post "How can I resolve the AWS STS AssumeRoleWithWebIdentity API call error
/// InvalidIdentityToken?" quotes "Couldn't retrieve verification key from your identity
/// provider."; aws/aws-sdk-php#1725 shows the full text below. Offline, it answers a provider
/// without a JWKS and a `kid` the JWKS does not hold.
const NO_VERIFICATION_KEY: &str = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

/// A token that passed every check.
#[derive(Clone, Debug, Serialize)]
pub struct VerifiedWebIdentity {
    /// The matching provider's URL, as registered.
    pub provider_url: String,
    /// [`provider_key`] of that URL: the prefix of the provider's condition keys.
    pub provider_key: String,
    /// The token's `iss`: the `Provider` response element ("For OpenID Connect ID tokens, this
    /// contains the value of the iss field").
    pub issuer: String,
    /// `sub`: the `SubjectFromWebIdentityToken` response element.
    pub subject: String,
    /// The client ID the audience check accepted: `azp` when present, else the `aud` value in
    /// the ClientIDList. The `Audience` response element ("The intended audience (also known as
    /// client ID) of the web identity token").
    pub audience: String,
    pub alg: Alg,
    pub kid: Option<String>,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub checks: Vec<TokenCheck>,
}

/// A refused token or assertion: AWS's code and message, and the checks that ran up to the
/// refusal (web identity tokens here, SAML assertions in `saml`).
pub(crate) trait CheckFailure {
    fn refused(code: &'static str, message: String, checks: Vec<TokenCheck>) -> Self;
}

impl CheckFailure for WebIdentityError {
    fn refused(code: &'static str, message: String, checks: Vec<TokenCheck>) -> Self {
        WebIdentityError { code, message, checks }
    }
}

/// The checks run so far on one token or assertion, in order, for the trace.
pub(crate) struct Trace {
    pub(crate) checks: Vec<TokenCheck>,
}

impl Trace {
    pub(crate) fn new() -> Trace {
        Trace { checks: Vec::new() }
    }

    pub(crate) fn pass(&mut self, check: &'static str, detail: impl Into<String>) {
        self.checks.push(TokenCheck { check, passed: true, detail: detail.into() });
    }

    pub(crate) fn fail<E: CheckFailure>(mut self, check: &'static str, code: &'static str, message: impl Into<String>, detail: impl Into<String>) -> E {
        self.checks.push(TokenCheck { check, passed: false, detail: detail.into() });
        E::refused(code, message.into(), self.checks)
    }
}

/// A JWT NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n.as_f64().map(Some).ok_or_else(|| format!("\"{name}\" is not a NumericDate")),
        Some(_) => Err(format!("\"{name}\" is not a number (RFC 7519 §4.1: a NumericDate)")),
    }
}

/// Prints a NumericDate the way it was given when it is whole (the usual case). Otherwise as
/// serde_json prints the number (shortest round-trip form), not with `f64`'s `Display`, whose
/// float formatting would be the only one in the wasm (about 10 KB of it, gzip).
fn show_date(t: f64) -> String {
    if t.fract() == 0.0 && t.abs() < 1e15 {
        format!("{}", t as i64)
    } else {
        serde_json::Number::from_f64(t).map_or_else(|| "a non-finite number".to_string(), |n| n.to_string())
    }
}

/// `aud` is one string or an array of strings (RFC 7519 §4.1.3).
fn audiences(claims: &Map<String, Value>) -> Result<Option<Vec<String>>, String> {
    match claims.get("aud") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| "\"aud\" holds a non-string".to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err("\"aud\" is neither a string nor an array of strings".into()),
    }
}

fn string_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("\"{name}\" is not a string")),
    }
}

/// Verifies a `WebIdentityToken` for `AssumeRoleWithWebIdentity`, at `now_epoch_ms` (the sim
/// clock), against the caller's account's IAM OIDC providers.
///
/// The steps follow OpenID Connect Core 1.0 §3.1.3.7: issuer (AWS finds the provider from
/// `iss`), audience, signature, expiration. Codes and messages:
/// * no provider for `iss` → `InvalidIdentityToken` "No OpenIDConnect provider found in your
///   account for <iss>" (quoted in aws-actions/configure-aws-credentials#721 and
///   namespacelabs/foundation#801);
/// * audience not in the ClientIDList → `InvalidIdentityToken` "Incorrect token audience"
///   (awslabs/amazon-eks-irsa-cfn#18 and many more); a missing `aud` → "Missing a required
///   claim: aud" (aws/aws-sdk-ruby#2698); the same wording is used for the other required
///   claims (`iss`, `sub`, `exp`), which AWS does not document;
/// * signature or key failures → `InvalidIdentityToken` (see [`NOT_VALIDATED`],
///   [`NO_VERIFICATION_KEY`]);
/// * expired → `ExpiredTokenException` "Token expired: current date/time <now> must be before
///   the expiration date/time <exp>" (aws/aws-sdk-java-v2#5709; both in epoch seconds).
///
/// `IDPCommunicationError` and `IDPRejectedClaim` never come from here: AWS answers them when
/// it calls the IdP (to fetch keys, or to validate an OAuth access token of Login with Amazon
/// or Facebook); offline there is no such call for a JWT.
pub fn verify_web_identity_token(
    token: &str,
    providers: &[OidcProviderRef<'_>],
    now_epoch_ms: i64,
) -> Result<VerifiedWebIdentity, WebIdentityError> {
    let mut trace = Trace::new();
    let chars = token.chars().count();
    if !(WEB_IDENTITY_TOKEN_MIN_LEN..=WEB_IDENTITY_TOKEN_MAX_LEN).contains(&chars) {
        let bound = if chars < WEB_IDENTITY_TOKEN_MIN_LEN {
            format!("greater than or equal to {WEB_IDENTITY_TOKEN_MIN_LEN}")
        } else {
            format!("less than or equal to {WEB_IDENTITY_TOKEN_MAX_LEN}")
        };
        // The value is not echoed: botocore marks clientTokenType "sensitive".
        return Err(trace.fail(
            "size",
            "ValidationError",
            format!("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length {bound}"),
            format!("the token has {chars} characters; botocore's clientTokenType allows {WEB_IDENTITY_TOKEN_MIN_LEN} to {WEB_IDENTITY_TOKEN_MAX_LEN}"),
        ));
    }
    trace.pass("size", format!("{chars} characters (4..20000)"));

    let jws = match jwt::decode(token) {
        Ok(jws) => jws,
        Err(err) => return Err(trace.fail("jws", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, err.to_string())),
    };
    trace.pass("jws", format!("compact JWS, alg {}, kid {}", jws.alg, jws.kid.as_deref().unwrap_or("(none)")));

    let claims = match serde_json::from_slice::<Value>(&jws.payload) {
        Ok(Value::Object(map)) => map,
        _ => {
            return Err(trace.fail("claims", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, "the payload is not a JSON object (RFC 7519 §7.2 step 10)"));
        }
    };
    let required = |trace: Trace, name: &str, problem: Result<Option<String>, String>| match problem {
        Ok(Some(v)) => Ok((trace, v)),
        Ok(None) => Err(trace.fail("claims", INVALID_IDENTITY_TOKEN, format!("Missing a required claim: {name}"), format!("the token has no \"{name}\" claim"))),
        Err(e) => Err(trace.fail("claims", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    let (trace, issuer) = required(trace, "iss", string_claim(&claims, "iss"))?;
    let (mut trace, subject) = required(trace, "sub", string_claim(&claims, "sub"))?;
    trace.pass("claims", "iss and sub are present");

    // Issuer: the provider whose URL is the `iss` (both read without `https://`). The comparison
    // is exact, trailing slash and case included (see `provider_key`).
    let Some(provider) = providers.iter().find(|p| provider_key(p.url) == provider_key(&issuer)) else {
        let known: Vec<&str> = providers.iter().map(|p| p.url).collect();
        return Err(trace.fail(
            "issuer",
            INVALID_IDENTITY_TOKEN,
            format!("No OpenIDConnect provider found in your account for {issuer}"),
            format!("iss \"{issuer}\" matches none of the account's OIDC providers {known:?}"),
        ));
    };
    // "The JSON Web Tokens (JWTs) generated by the GetWebIdentityToken API cannot be used for
    // OpenID Connect (OIDC) federation into AWS (via the AssumeRoleWithWebIdentity API)"
    // ("Getting started with outbound identity federation"). Without a provider for the issuer
    // the answer above is AWS's; with one registered, AWS documents the refusal, not its text:
    // the message is sts-sim's.
    if is_outbound_issuer(&issuer) {
        return Err(trace.fail(
            "issuer",
            INVALID_IDENTITY_TOKEN,
            format!("Tokens issued by GetWebIdentityToken ({issuer}) cannot be used with AssumeRoleWithWebIdentity"),
            "the token comes from AWS's outbound identity federation, which AssumeRoleWithWebIdentity does not accept",
        ));
    }
    trace.pass("issuer", format!("iss \"{issuer}\" is the provider {}", provider.url));

    // Audience. When `azp` is present AWS compares it, not `aud`, with the ClientIDList: the
    // condition-keys page documents that `<provider>:aud` comes from `azp` when it is set, and
    // tokens whose `aud` is listed but whose `azp` is not are refused with "Incorrect token
    // audience" (aws/aws-sdk-net#3071, Entra ID v2 tokens; the Auth0 access-token write-up on
    // blog.ashphy.com). Otherwise one of the `aud` values must be listed (OIDC Core §3.1.3.7
    // step 3).
    let aud = match audiences(&claims) {
        Ok(Some(aud)) => aud,
        Ok(None) => return Err(trace.fail("audience", INVALID_IDENTITY_TOKEN, "Missing a required claim: aud", "the token has no \"aud\" claim")),
        Err(e) => return Err(trace.fail("audience", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    let azp = match string_claim(&claims, "azp") {
        Ok(azp) => azp,
        Err(e) => return Err(trace.fail("audience", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    let listed = |v: &str| provider.client_ids.iter().any(|c| c == v);
    // A provider built into AWS (Google, Cognito) has no IAM provider and so no ClientIDList:
    // any audience passes here, and the trust policy's `<provider>:aud` condition is what
    // limits it (the IAM docs require that condition for Cognito identity pools). A world that
    // lists client IDs for it gets them checked.
    let any_audience = provider.client_ids.is_empty() && BUILT_IN_PROVIDERS.contains(&provider_key(provider.url));
    let accepted = match &azp {
        Some(azp) => (any_audience || listed(azp)).then(|| azp.clone()),
        None => aud.iter().find(|a| any_audience || listed(a)).cloned(),
    };
    let Some(audience) = accepted else {
        let compared = match &azp {
            Some(azp) => format!("azp \"{azp}\" (used instead of aud {aud:?} because it is present)"),
            None => format!("aud {aud:?}"),
        };
        return Err(trace.fail(
            "audience",
            INVALID_IDENTITY_TOKEN,
            "Incorrect token audience",
            format!("{compared} is not in the provider's ClientIDList {:?}", provider.client_ids),
        ));
    };
    trace.pass("audience", format!("\"{audience}\" is in the ClientIDList"));

    // Signature, with the provider's keys.
    let Some(jwks_json) = provider.jwks else {
        return Err(trace.fail(
            "signature",
            INVALID_IDENTITY_TOKEN,
            NO_VERIFICATION_KEY,
            format!("the provider {} has no JSON Web Key Set in this world (AWS would fetch it from the provider's jwks_uri)", provider.url),
        ));
    };
    let jwks = match Jwks::from_json(jwks_json) {
        Ok(jwks) => jwks,
        Err(e) => return Err(trace.fail("signature", INVALID_IDENTITY_TOKEN, NO_VERIFICATION_KEY, e.to_string())),
    };
    match jws.verify(&jwks) {
        Ok(key) => {
            let kid = key.kid.as_deref().unwrap_or("(no kid)");
            trace.pass("signature", format!("{} signature verified with key {kid}", jws.alg));
        }
        Err(err @ JoseError::NoKey(_)) => {
            let mut detail = err.to_string();
            if !jwks.skipped.is_empty() {
                detail.push_str(&format!("; unusable keys skipped: {}", jwks.skipped.join("; ")));
            }
            return Err(trace.fail("signature", INVALID_IDENTITY_TOKEN, NO_VERIFICATION_KEY, detail));
        }
        Err(err) => return Err(trace.fail("signature", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, err.to_string())),
    }

    // Expiration: required by OIDC Core §2 (ID Token "exp": REQUIRED); refused once the clock
    // is at or past exp + 5 minutes ("OIDC federation": the five-minute clock-skew window).
    let now = now_epoch_ms as f64 / 1000.0;
    let now_secs = now_epoch_ms.div_euclid(1000);
    let exp = match numeric_date(&claims, "exp") {
        Ok(Some(exp)) => exp,
        Ok(None) => return Err(trace.fail("expiration", INVALID_IDENTITY_TOKEN, "Missing a required claim: exp", "the token has no \"exp\" claim")),
        Err(e) => return Err(trace.fail("expiration", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    if now >= exp + CLOCK_SKEW_SECONDS as f64 {
        return Err(trace.fail(
            "expiration",
            EXPIRED_TOKEN,
            format!("Token expired: current date/time {now_secs} must be before the expiration date/time {}", show_date(exp)),
            format!("now ({now_secs}) is at or past exp ({}) plus the 300-second clock-skew allowance", show_date(exp)),
        ));
    }
    let grace = if now >= exp { " (inside the 5-minute clock-skew window)" } else { "" };
    trace.pass("expiration", format!("now {now_secs} < exp {} + 300{grace}", show_date(exp)));

    // Not before (RFC 7519 §4.1.5). AWS documents no rule for it; the simulator refuses a token
    // that is not valid yet even allowing the same five minutes of skew, with its own message.
    match numeric_date(&claims, "nbf") {
        Ok(Some(nbf)) if now + (CLOCK_SKEW_SECONDS as f64) < nbf => {
            return Err(trace.fail(
                "not-before",
                INVALID_IDENTITY_TOKEN,
                format!("Token not yet valid: current date/time {now_secs} must be after the not-before date/time {}", show_date(nbf)),
                "nbf is more than 5 minutes in the future (sts-sim's rule: AWS does not document one)",
            ));
        }
        Ok(Some(nbf)) => trace.pass("not-before", format!("nbf {} <= now {now_secs} + 300", show_date(nbf))),
        Ok(None) => {}
        Err(e) => return Err(trace.fail("not-before", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    }

    // Issued at: read but not enforced. AWS publishes no limit; one report shows an
    // ExpiredTokenException "Token too old: 441398" (mozilla-iam/mozilla-aws-cli#146) whose rule
    // is unknown, so the simulator does not invent one.
    match numeric_date(&claims, "iat") {
        Ok(Some(iat)) => trace.pass("issued-at", format!("iat {} (recorded; AWS documents no age limit)", show_date(iat))),
        Ok(None) => {}
        Err(e) => return Err(trace.fail("issued-at", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    }

    Ok(VerifiedWebIdentity {
        provider_url: provider.url.to_string(),
        provider_key: provider_key(provider.url).to_string(),
        issuer,
        subject,
        audience,
        alg: jws.alg,
        kid: jws.kid.clone(),
        header: jws.header.clone(),
        claims,
        checks: trace.checks,
    })
}

/// Values of a claim that is a string or an array of strings (other members are skipped).
fn string_values(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// The trust-policy condition keys a verified token brings, named `<provider>:<claim>`
/// ("IAM and AWS STS condition context keys", "Available keys for AWS OIDC federation":
/// "Define condition keys using the name of the OIDC provider followed by the claim (:aud,
/// :azp, :amr, sub)"):
/// * `:aud`: `azp` when the token has one, else `aud` (documented for
///   `accounts.google.com:aud`; AWS's audience check reads the same, see
///   [`verify_web_identity_token`]);
/// * `:oaud`: `aud`, for `accounts.google.com` only (the one provider the page defines it for);
/// * `:azp`, `:sub`, and `:amr` (multivalued: "test it in a policy using condition set
///   operators"; Cognito's `cognito-identity.amazonaws.com:amr` holds `authenticated` or
///   `unauthenticated` and the login provider) when the claims are present.
///
/// GitHub Actions tokens give `token.actions.githubusercontent.com:aud` and `:sub`
/// (`repo:<org>/<repo>:ref:refs/heads/<branch>`, `…:environment:<name>`, `…:pull_request`),
/// compared case-sensitively ("Configuring a role for GitHub OIDC identity provider").
pub fn trust_policy_context(v: &VerifiedWebIdentity) -> Vec<(String, Vec<String>)> {
    let key = &v.provider_key;
    let mut out = Vec::new();
    let aud = string_values(v.claims.get("aud"));
    let azp = v.claims.get("azp").and_then(Value::as_str);
    let effective_aud = match azp {
        Some(azp) => vec![azp.to_string()],
        None => aud.clone(),
    };
    out.push((format!("{key}:aud"), effective_aud));
    if key == "accounts.google.com" {
        out.push((format!("{key}:oaud"), aud));
    }
    if let Some(azp) = azp {
        out.push((format!("{key}:azp"), vec![azp.to_string()]));
    }
    out.push((format!("{key}:sub"), vec![v.subject.clone()]));
    let amr = string_values(v.claims.get("amr"));
    if !amr.is_empty() {
        out.push((format!("{key}:amr"), amr));
    }
    out
}

/// The keys of an OAuth 2.0 access token of Login with Amazon or Facebook (the `ProviderId`
/// path, not a JWT): `www.amazon.com:app_id` / `:user_id`, `graph.facebook.com:app_id` / `:id`
/// ("Available keys for AWS OIDC federation": "aud" and "id"). `None` for other providers.
pub fn oauth_provider_context(provider_id: &str, app_id: &str, user_id: &str) -> Option<Vec<(String, Vec<String>)>> {
    let user_key = match provider_id {
        "www.amazon.com" => "user_id",
        "graph.facebook.com" => "id",
        _ => return None,
    };
    Some(vec![
        (format!("{provider_id}:app_id"), vec![app_id.to_string()]),
        (format!("{provider_id}:{user_key}"), vec![user_id.to_string()]),
    ])
}

/// Session tags from the `https://aws.amazon.com/tags` claim ("Passing session tags using
/// AssumeRoleWithWebIdentity"): `principal_tags` maps each key to a one-element array,
/// `transitive_tag_keys` lists keys. The limits every session tag obeys (50 tags, 128/256
/// characters, the packed size) are the operation's to check, as for `AssumeRole`'s `Tags`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TokenSessionTags {
    pub tags: Vec<(String, String)>,
    pub transitive_tag_keys: Vec<String>,
}

fn bad_claim(message: String) -> WebIdentityError {
    WebIdentityError {
        code: INVALID_IDENTITY_TOKEN,
        message: message.clone(),
        checks: vec![TokenCheck { check: "claims", passed: false, detail: format!("{message} (sts-sim's message: AWS's is not documented)") }],
    }
}

/// Reads the session tags a verified token carries (`None` without the claim). The shape the
/// page shows is required; "You must pass a single value for each session tag. AWS STS does
/// not support multi-valued session tags", so an array of several values is refused.
pub fn session_tags(v: &VerifiedWebIdentity) -> Result<Option<TokenSessionTags>, WebIdentityError> {
    let Some(claim) = v.claims.get(TAGS_CLAIM) else { return Ok(None) };
    let obj = claim.as_object().ok_or_else(|| bad_claim(format!("The {TAGS_CLAIM} claim must be a JSON object")))?;
    let mut out = TokenSessionTags::default();
    if let Some(tags) = obj.get("principal_tags") {
        let tags = tags.as_object().ok_or_else(|| bad_claim("principal_tags must be a JSON object".into()))?;
        for (k, val) in tags {
            let value = match val {
                Value::Array(items) if items.len() == 1 => items[0].as_str(),
                // A bare string is accepted too: it is the same single value.
                Value::String(s) => Some(s.as_str()),
                Value::Array(items) if items.len() > 1 => {
                    return Err(bad_claim(format!("Session tag {k} has {} values; session tags are single-valued", items.len())));
                }
                _ => None,
            };
            let value = value.ok_or_else(|| bad_claim(format!("Session tag {k} must have one string value")))?;
            out.tags.push((k.clone(), value.to_string()));
        }
    }
    if let Some(keys) = obj.get("transitive_tag_keys") {
        let keys = keys.as_array().ok_or_else(|| bad_claim("transitive_tag_keys must be an array of strings".into()))?;
        for k in keys {
            let k = k.as_str().ok_or_else(|| bad_claim("transitive_tag_keys must be an array of strings".into()))?;
            out.transitive_tag_keys.push(k.to_string());
        }
    }
    Ok(Some(out))
}

/// The source identity a verified token asks for (`None` without the claim). Its length and
/// characters are checked by the operation, as for `AssumeRole`'s `SourceIdentity`.
pub fn source_identity(v: &VerifiedWebIdentity) -> Result<Option<String>, WebIdentityError> {
    match v.claims.get(SOURCE_IDENTITY_CLAIM) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad_claim(format!("The {SOURCE_IDENTITY_CLAIM} claim must be a string"))),
    }
}

#[cfg(test)]
mod tests;

/// The host suffix of AWS's outbound identity federation issuers (GetWebIdentityToken), as the
/// sample token of "Understanding token claims" shows it: `https://<id>.tokens.sts.global.api.aws`.
pub const OUTBOUND_ISSUER_HOST_SUFFIX: &str = ".tokens.sts.global.api.aws";

/// Is `iss` an outbound identity federation issuer (any account's)?
pub fn is_outbound_issuer(iss: &str) -> bool {
    iss.strip_prefix("https://").is_some_and(|h| h.trim_end_matches('/').ends_with(OUTBOUND_ISSUER_HOST_SUFFIX))
}
