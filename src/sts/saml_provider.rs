//! The simulator's IAM SAML providers: finding one from `PrincipalArn`, its metadata document
//! (the world's `SAMLMetadataDocument`, else one the simulator derives), and the key that signs
//! the SAML responses the simulator mints for it.
//!
//! Offline there is no identity provider, so the simulator plays one. A provider's signing key
//! is the world's `SigningKey` (RSA PEM), else an RSA-2048 key derived from the seed and the
//! provider ARN (`SamlSigningKey::derive`). A provider without `SAMLMetadataDocument` has, as
//! its metadata, a document naming the entity ID `https://idp.sts-sim.invalid/<account>/<name>`
//! with a self-signed certificate of that key, so minted responses verify. A world document
//! is taken as given: a response minted with a key it does not hold fails as AWS would fail it
//! ("Response signature invalid").
//!
//! RSA key generation takes seconds in debug builds and in wasm. Derivation is a pure function
//! of (seed, provider ARN), so its results are memoised for the process.


use super::clock::parse_iso8601;
use super::world::{Account, SamlProvider, World};
use crate::federation::saml::{self, SamlMint, SamlSigningKey};
use crate::memo::Memo;
use crate::policy::{Effect, PrincipalKind, PrincipalSet};

/// The validity of a derived provider's self-signed certificate: fixed, so the metadata of a
/// provider is the same whenever it is asked for (verifiers use the key, not the dates).
const CERT_NOT_BEFORE: &str = "2000-01-01T00:00:00Z";
const CERT_NOT_AFTER: &str = "2100-01-01T00:00:00Z";

/// `arn:aws:iam::111122223333:saml-provider/ExampleIdP` → (`111122223333`, `ExampleIdP`).
pub fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    saml::provider_parts(arn).filter(|(account, name)| crate::arn::is_account_id(account) && !name.is_empty() && !name.contains('/'))
}

/// A SAML provider of the world, as one request sees it.
pub struct Provider<'w> {
    pub arn: String,
    pub account: &'w Account,
    pub provider: &'w SamlProvider,
}

impl Provider<'_> {
    /// The entity ID a derived provider's metadata declares (and its responses' `Issuer`).
    pub fn derived_entity_id(&self) -> String {
        format!("https://idp.sts-sim.invalid/{}/{}", self.account.id, self.provider.name)
    }

    /// The key the simulator signs this provider's responses with.
    pub fn signing_key(&self, seed: u64) -> SamlSigningKey {
        match &self.provider.signing_key {
            Some(k) => k.clone(),
            None => derived_key(seed, &self.arn),
        }
    }

    /// The provider's metadata document: the world's, else the derived one.
    pub fn metadata(&self, seed: u64) -> Result<String, String> {
        if let Some(doc) = &self.provider.metadata_document {
            return Ok(doc.clone());
        }
        let entity_id = self.derived_entity_id();
        let cert = self.certificate(seed, &entity_id)?;
        Ok(saml::metadata_document(&entity_id, &cert))
    }

    fn certificate(&self, seed: u64, common_name: &str) -> Result<Vec<u8>, String> {
        let (nb, na) = (parse_iso8601(CERT_NOT_BEFORE).unwrap_or(0), parse_iso8601(CERT_NOT_AFTER).unwrap_or(0));
        self.signing_key(seed).certificate(common_name, nb, na)
    }

    /// The entity ID this provider's responses are issued by: its metadata's `entityID`.
    pub fn entity_id(&self) -> String {
        match &self.provider.metadata_document {
            Some(doc) => saml::parse_metadata(doc).map(|m| m.entity_id).unwrap_or_else(|_| self.derived_entity_id()),
            None => self.derived_entity_id(),
        }
    }

    /// The roles of the provider's account whose trust policy allows this provider as a
    /// `Federated` principal: the `Role` attribute a minted response carries by default.
    pub fn trusting_roles(&self) -> Vec<String> {
        self.account
            .roles
            .iter()
            .filter(|r| {
                r.trust.statements.iter().any(|s| {
                    s.effect == Effect::Allow
                        && s.principal.as_ref().is_some_and(|p| {
                            !p.negated && matches!(&p.principals, PrincipalSet::Listed(list) if list.iter().any(|e| e.kind == PrincipalKind::Federated && e.value == self.arn))
                        })
                })
            })
            .map(|r| r.arn.clone())
            .collect()
    }
}

fn derived_key(seed: u64, provider_arn: &str) -> SamlSigningKey {
    static DERIVED: Memo<(u64, String), SamlSigningKey> = Memo::new(256);
    DERIVED.get_or_insert_with((seed, provider_arn.to_string()), || SamlSigningKey::derive(seed, provider_arn))
}

/// Why a `PrincipalArn` names no provider of the world.
pub enum FindError {
    /// Not a SAML provider ARN at all.
    NotAProviderArn,
    /// A well-formed ARN naming no provider of the world.
    NoSuchProvider,
}

/// The provider a SAML provider ARN names.
pub fn find<'w>(world: &'w World, arn: &str) -> Result<Provider<'w>, FindError> {
    let (account_id, name) = arn_parts(arn).ok_or(FindError::NotAProviderArn)?;
    let account = world.account(account_id).ok_or(FindError::NoSuchProvider)?;
    // IAM SAML provider names are unique in an account; ARNs compare case-sensitively.
    let provider = account.saml_providers.iter().find(|p| p.name == name).ok_or(FindError::NoSuchProvider)?;
    Ok(Provider { arn: format!("arn:{}:iam::{account_id}:saml-provider/{name}", world.partition), account, provider })
}

/// Finds a provider for the minting API, with a message for the user.
pub fn find_for_user<'w>(world: &'w World, arn: &str) -> Result<Provider<'w>, String> {
    find(world, arn).map_err(|e| match e {
        FindError::NotAProviderArn => format!("'{arn}' is not a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)"),
        FindError::NoSuchProvider => format!("no SAML provider {arn} in this world (an account's SAMLProviders)"),
    })
}

/// What a minted response asserts, as the JSON API reads it.
#[derive(Clone, Debug, Default)]
pub struct MintRequest {
    pub subject: String,
    pub subject_type: Option<String>,
    /// (role ARN, provider ARN) pairs; `None`: every role trusting the provider, with it.
    pub roles: Option<Vec<(String, String)>>,
    /// `None`: the subject.
    pub session_name: Option<String>,
    pub session_duration: Option<u32>,
    pub tags: Vec<(String, String)>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    pub attributes: Vec<(String, Vec<String>)>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub recipient: Option<String>,
    pub not_before_ms: Option<i64>,
    pub not_on_or_after_ms: Option<i64>,
    pub session_not_on_or_after_ms: Option<i64>,
}

/// Mints a signed SAML response (base64) for `provider` at `now_ms`: issued by the provider's
/// entity ID, valid for five minutes, `Recipient` and `Audience` AWS's sign-in endpoint, both
/// the response and the assertion signed (RSA-SHA256, exclusive c14n), unless the request says
/// otherwise.
pub fn mint(provider: &Provider<'_>, seed: u64, req: &MintRequest, now_ms: i64) -> Result<String, String> {
    let roles = match &req.roles {
        Some(r) => r.clone(),
        None => provider.trusting_roles().into_iter().map(|r| (r, provider.arn.clone())).collect(),
    };
    let issuer = req.issuer.clone().unwrap_or_else(|| provider.entity_id());
    let session_name = req.session_name.clone().unwrap_or_else(|| req.subject.clone());
    let mut spec = SamlMint::new(&issuer, &req.subject, ("", ""), &session_name, now_ms);
    spec.roles = roles;
    if let Some(t) = &req.subject_type {
        spec.subject_type = t.clone();
    }
    spec.session_duration = req.session_duration;
    spec.tags = req.tags.clone();
    spec.transitive_tag_keys = req.transitive_tag_keys.clone();
    spec.source_identity = req.source_identity.clone();
    spec.attributes = req.attributes.clone();
    if let Some(a) = &req.audience {
        spec.audience = a.clone();
    }
    if let Some(r) = &req.recipient {
        spec.recipient = r.clone();
    }
    if let Some(nb) = req.not_before_ms {
        spec.not_before_ms = nb;
    }
    if let Some(noa) = req.not_on_or_after_ms {
        spec.not_on_or_after_ms = noa;
    }
    spec.session_not_on_or_after_ms = req.session_not_on_or_after_ms;
    spec.certificate = provider.certificate(seed, &issuer)?;
    saml::mint_saml_response(&provider.signing_key(seed), &spec)
}
