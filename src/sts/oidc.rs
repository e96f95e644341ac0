//! The simulator's OpenID Connect identity providers: which providers AssumeRoleWithWebIdentity
//! trusts for an account (its IAM OIDC providers, and the providers built into AWS), each
//! provider's JSON Web Key Set, and the keys that sign the tokens the simulator mints for them.
//!
//! Offline there is no `jwks_uri` to fetch, so a provider's JWKS is, in order: the world's
//! `Jwks` (what AWS would fetch, taken as given), else the public half of the world's
//! `SigningKey`, else the public keys the simulator derives from its seed for the provider URL
//! (`SigningKey::derive`). Minting signs with the `SigningKey` when the world gives one, else
//! with the derived key. ES256 is the default algorithm: EC keys derive in microseconds while
//! RSA key generation takes seconds in wasm, so RSA keys are generated only when first asked
//! for, and cached.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::world::World;
use crate::federation::jwt::{self, Alg, SigningKey};
use crate::federation::{BUILT_IN_PROVIDERS, OidcProviderRef, provider_key};
use crate::memo::Memo;

/// The algorithm minted tokens use when none is asked for.
pub const DEFAULT_ALG: Alg = Alg::ES256;

/// Built-in providers whose tokens are OpenID Connect ID tokens (a JWT with `iss`): Google and
/// Amazon Cognito. Login with Amazon and Facebook issue OAuth 2.0 access tokens, passed with
/// `ProviderId` ("AssumeRoleWithWebIdentity": "Currently www.amazon.com and graph.facebook.com
/// are the only supported identity providers for OAuth 2.0 access tokens").
pub const BUILT_IN_OIDC_ISSUERS: [&str; 2] = ["accounts.google.com", "cognito-identity.amazonaws.com"];
/// The `ProviderId` values AssumeRoleWithWebIdentity accepts (same page).
pub const OAUTH_PROVIDER_IDS: [&str; 2] = ["www.amazon.com", "graph.facebook.com"];

/// The seed-derived signing keys, by provider URL and algorithm, generated on first use.
#[derive(Clone, Debug)]
pub struct OidcKeys {
    seed: u64,
    derived: BTreeMap<(String, &'static str), SigningKey>,
}

impl OidcKeys {
    pub fn new(seed: u64) -> OidcKeys {
        OidcKeys { seed, derived: BTreeMap::new() }
    }

    /// The key the simulator signs `url`'s tokens with for `alg`.
    pub fn derived(&mut self, url: &str, alg: Alg) -> &SigningKey {
        let seed = self.seed;
        self.derived.entry((url.to_string(), alg.name())).or_insert_with(|| derive_shared(seed, url, alg))
    }

    /// The derived public keys of `url`: ES256's always, every algorithm's already used for
    /// this URL, and `extra`'s (the algorithm of a token being verified).
    fn jwks(&mut self, url: &str, extra: Option<Alg>) -> Value {
        self.derived(url, DEFAULT_ALG);
        if let Some(alg) = extra {
            self.derived(url, alg);
        }
        let keys: Vec<Value> = self.derived.iter().filter(|((u, _), _)| u == url).map(|(_, k)| k.public_jwk()).collect();
        json!({ "keys": keys })
    }
}

/// `SigningKey::derive`, shared by every simulator of the process: generating a key (RSA above
/// all) costs far more than a call, and a playground that builds a fresh simulator per edit
/// would pay it each time. Keys depend only on (seed, URL, algorithm); the cache is bounded.
fn derive_shared(seed: u64, url: &str, alg: Alg) -> SigningKey {
    static SHARED: Memo<(u64, String, &'static str), SigningKey> = Memo::new(256);
    SHARED.get_or_insert_with((seed, url.to_string(), alg.name()), || SigningKey::derive(seed, url, alg))
}

/// A world's `SigningKey`: PEM text (PKCS#8, PKCS#1 RSA or SEC1 EC; an RSA key signs RS256, a
/// P-256 key ES256, a P-384 key ES384) or a private JWK object.
pub fn read_signing_key(v: &Value) -> Result<SigningKey, String> {
    match v {
        Value::String(pem) => [Alg::ES256, Alg::ES384, Alg::RS256]
            .into_iter()
            .find_map(|alg| SigningKey::from_pem(pem, alg).ok())
            .ok_or_else(|| "not a PEM private key this simulator can sign with (PKCS#8, PKCS#1 RSA of 2048 bits or more, or SEC1 P-256/P-384)".to_string()),
        Value::Object(_) => SigningKey::from_jwk(v).map_err(|e| format!("not a usable private JWK: {e}")),
        _ => Err("must be PEM text or a private JWK object".to_string()),
    }
}

/// A provider as one request sees it.
#[derive(Clone, Debug)]
pub struct Provider {
    /// The provider URL (`https://token.actions.githubusercontent.com`); for a built-in
    /// provider, `https://` + its host.
    pub url: String,
    pub client_ids: Vec<String>,
    /// The JWK Set the verifier uses.
    pub jwks: Value,
    /// The account whose IAM OIDC provider this is; `None` for a built-in provider.
    pub account: Option<String>,
    signing_key: Option<SigningKey>,
}

impl Provider {
    /// How a trust policy's `Federated` principal names the provider: the IAM OIDC provider's
    /// ARN (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`), or
    /// the host of a provider built into AWS (`accounts.google.com`,
    /// `cognito-identity.amazonaws.com`: "Available keys for AWS OIDC federation", "Create a
    /// role for web identity or OIDC federation"). It is also the `Provider` response element
    /// and CloudTrail's `identityProvider` (CloudTrail records of GitHub Actions and EKS
    /// federation show the provider ARN in both, where the API reference's description says the
    /// token's `iss`).
    pub fn principal(&self, partition: &str) -> String {
        let key = provider_key(&self.url);
        match &self.account {
            Some(account) if !BUILT_IN_PROVIDERS.contains(&key) => format!("arn:{partition}:iam::{account}:oidc-provider/{key}"),
            _ => key.to_string(),
        }
    }

    pub fn is_built_in(&self) -> bool {
        BUILT_IN_PROVIDERS.contains(&provider_key(&self.url))
    }
}

/// The providers as the verifier borrows them.
pub fn refs(providers: &[Provider]) -> Vec<OidcProviderRef<'_>> {
    providers.iter().map(|p| OidcProviderRef { url: &p.url, client_ids: &p.client_ids, jwks: Some(&p.jwks) }).collect()
}

fn registered(p: &super::world::OidcProvider, account: &str, keys: &mut OidcKeys, token_alg: Option<Alg>) -> Provider {
    let jwks = match (&p.jwks, &p.signing_key) {
        (Some(j), _) => j.clone(),
        (None, Some(k)) => k.jwks(),
        (None, None) => keys.jwks(&p.url, token_alg),
    };
    Provider { url: p.url.clone(), client_ids: p.client_ids.clone(), jwks, account: Some(account.to_string()), signing_key: p.signing_key.clone() }
}

fn built_in(host: &str, keys: &mut OidcKeys, token_alg: Option<Alg>) -> Provider {
    let url = format!("https://{host}");
    let jwks = keys.jwks(&url, token_alg);
    Provider { url, client_ids: Vec::new(), jwks, account: None, signing_key: None }
}

/// The providers that can vouch for a web identity token in `account`: its IAM OIDC providers,
/// then Google and Cognito unless the account registered them itself. `token_alg` is the
/// algorithm the token's header names, so that a derived key of that algorithm is in the set.
pub fn account_providers(world: &World, keys: &mut OidcKeys, account: Option<&str>, token_alg: Option<Alg>) -> Vec<Provider> {
    let mut out: Vec<Provider> = match account.and_then(|a| world.account(a)) {
        Some(a) => a.oidc_providers.iter().map(|p| registered(p, &a.id, keys, token_alg)).collect(),
        None => Vec::new(),
    };
    for host in BUILT_IN_OIDC_ISSUERS {
        if !out.iter().any(|p| provider_key(&p.url) == host) {
            out.push(built_in(host, keys, token_alg));
        }
    }
    out
}

/// The stand-in for an OAuth 2.0 provider's access-token check (`ProviderId`): offline, a token
/// the simulator minted for `www.amazon.com` or `graph.facebook.com`.
pub fn oauth_provider(provider_id: &str, keys: &mut OidcKeys, token_alg: Option<Alg>) -> Provider {
    built_in(provider_id, keys, token_alg)
}

/// Finds a provider by what a user calls it: its ARN
/// (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`), its URL, or
/// its host (the first account registering it; else a built-in provider).
pub fn find(world: &World, keys: &mut OidcKeys, reference: &str) -> Result<Provider, String> {
    let key = if let Some(rest) = reference.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let [_, "iam", "", account, resource] = parts[..] else {
            return Err(format!("'{reference}' is not an OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)"));
        };
        let Some(key) = resource.strip_prefix("oidc-provider/") else {
            return Err(format!("'{reference}' is not an OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)"));
        };
        if let Some(a) = world.account(account)
            && let Some(p) = a.oidc_providers.iter().find(|p| provider_key(&p.url) == key)
        {
            return Ok(registered(p, &a.id, keys, None));
        }
        if BUILT_IN_PROVIDERS.contains(&key) {
            return Ok(built_in(key, keys, None));
        }
        return Err(format!("account {account} has no OIDC provider {key} in this world"));
    } else {
        provider_key(reference)
    };
    for a in &world.accounts {
        if let Some(p) = a.oidc_providers.iter().find(|p| provider_key(&p.url) == key) {
            return Ok(registered(p, &a.id, keys, None));
        }
    }
    if BUILT_IN_PROVIDERS.contains(&key) {
        return Ok(built_in(key, keys, None));
    }
    Err(format!("no OIDC provider '{reference}' in this world (give a provider ARN, its URL, or a built-in provider: {})", BUILT_IN_PROVIDERS.join(", ")))
}

/// Mints a web identity token for `provider`: `claims` (an object) with `iss` (the provider
/// URL), `iat` (now) and `exp` (now + 1 hour) filled in when absent, signed with the
/// provider's key for `alg` (default: the world key's algorithm, else ES256). `header` adds JOSE
/// header members (a `kid` to test key selection); `alg` and `typ` are the minter's.
pub fn mint(keys: &mut OidcKeys, provider: &Provider, claims: &Value, alg: Option<Alg>, header: Option<&Map<String, Value>>, now_ms: i64) -> Result<String, String> {
    let Value::Object(claims) = claims else { return Err("'claims' must be a JSON object".to_string()) };
    let mut claims = claims.clone();
    let now = now_ms.div_euclid(1000);
    claims.entry("iss").or_insert_with(|| json!(provider.url));
    claims.entry("iat").or_insert_with(|| json!(now));
    claims.entry("exp").or_insert_with(|| json!(now + 3600));
    let key = match &provider.signing_key {
        Some(k) => match alg {
            Some(a) => k.clone().with_alg(a).map_err(|e| format!("the provider's SigningKey cannot sign {a}: {e}"))?,
            None => k.clone(),
        },
        None => keys.derived(&provider.url, alg.unwrap_or(DEFAULT_ALG)).clone(),
    };
    let mut h = Map::new();
    h.insert("alg".into(), json!(key.alg().name()));
    h.insert("typ".into(), json!("JWT"));
    h.insert("kid".into(), json!(key.kid()));
    if let Some(extra) = header {
        for (k, v) in extra {
            if k != "alg" {
                h.insert(k.clone(), v.clone());
            }
        }
    }
    jwt::mint_with_header(&key, &Value::Object(h), &Value::Object(claims)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        super::super::world::load(&json!({ "Accounts": [{
            "AccountId": "111122223333",
            "OpenIDConnectProviders": [{ "Url": "https://token.actions.githubusercontent.com", "ClientIDList": ["sts.amazonaws.com"] }]
        }]}))
        .unwrap()
    }

    #[test]
    fn providers_are_named_as_federated_principals() {
        let (w, mut keys) = (world(), OidcKeys::new(1));
        let gh = find(&w, &mut keys, "token.actions.githubusercontent.com").unwrap();
        assert_eq!(gh.principal("aws"), "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
        let by_arn = find(&w, &mut keys, "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com").unwrap();
        assert_eq!(by_arn.url, gh.url);
        let google = find(&w, &mut keys, "accounts.google.com").unwrap();
        assert_eq!((google.principal("aws").as_str(), google.url.as_str()), ("accounts.google.com", "https://accounts.google.com"));
        assert!(find(&w, &mut keys, "arn:aws:iam::111122223333:oidc-provider/nowhere.example").is_err());
        assert!(find(&w, &mut keys, "arn:aws:iam::111122223333:role/NotAProvider").is_err());
        // The account's providers, then the built-in OpenID Connect issuers.
        let all = account_providers(&w, &mut keys, Some("111122223333"), None);
        let urls: Vec<&str> = all.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["https://token.actions.githubusercontent.com", "https://accounts.google.com", "https://cognito-identity.amazonaws.com"]);
    }

    #[test]
    fn minting_fills_the_registered_claims_and_the_jwks_verifies_it() {
        let (w, mut keys) = (world(), OidcKeys::new(1));
        let gh = find(&w, &mut keys, "https://token.actions.githubusercontent.com").unwrap();
        let now_ms = 1_795_608_000_000;
        let token = mint(&mut keys, &gh, &json!({ "sub": "repo:acme/app:ref:refs/heads/main", "aud": "sts.amazonaws.com" }), None, None, now_ms).unwrap();
        let jws = jwt::decode(&token).unwrap();
        assert_eq!(jws.alg, DEFAULT_ALG);
        let claims: Value = serde_json::from_slice(&jws.payload).unwrap();
        assert_eq!((claims["iss"].as_str(), claims["iat"].as_i64(), claims["exp"].as_i64()), (Some("https://token.actions.githubusercontent.com"), Some(1_795_608_000), Some(1_795_611_600)));
        let jwks = jwt::Jwks::from_json(&find(&w, &mut keys, "token.actions.githubusercontent.com").unwrap().jwks).unwrap();
        assert!(jws.verify(&jwks).is_ok());
        assert!(mint(&mut keys, &gh, &json!("not an object"), None, None, now_ms).is_err());
        // An explicit claim wins over the filled-in one.
        let t = mint(&mut keys, &gh, &json!({ "iss": "https://other.example" }), None, None, now_ms).unwrap();
        let c: Value = serde_json::from_slice(&jwt::decode(&t).unwrap().payload).unwrap();
        assert_eq!(c["iss"], "https://other.example");
    }

    #[test]
    fn world_signing_keys_read_pem_and_jwk() {
        let pem = SigningKey::derive(3, "https://x.example", Alg::ES384).to_pkcs8_pem().unwrap();
        assert_eq!(read_signing_key(&json!(pem)).unwrap().alg(), Alg::ES384);
        assert!(read_signing_key(&json!("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----")).is_err());
        assert!(read_signing_key(&json!(42)).is_err());
        assert!(read_signing_key(&json!({ "kty": "EC", "crv": "P-256" })).is_err());
    }
}
