//! SAML 2.0 federation as AWS STS performs it for `AssumeRoleWithSAML`: decode the base64
//! `SAMLResponse`, verify its XML signature against the signing keys in the IAM SAML provider's
//! metadata document, check the assertion the way the IAM User Guide documents it, and turn it
//! into the session's name, duration, tags, source identity and trust-policy context keys.
//! Also mints signed responses and metadata, for people who have no IdP. Pure: the caller
//! passes the provider, the clock and (for minting) the key.
//!
//! Sources (each rule below names its own):
//! * "AssumeRoleWithSAML", AWS STS API Reference: the errors (`IDPRejectedClaim`,
//!   `InvalidIdentityToken`, `ExpiredTokenException`, …), the response elements (`Audience` is
//!   the `Recipient`, `Subject`/`SubjectType`, `NameQualifier`'s pseudocode) and botocore's
//!   `SAMLAssertionType` (4..100000 characters).
//! * "Configure SAML assertions for the authentication response", IAM User Guide: exactly one
//!   `SubjectConfirmation` with `NotOnOrAfter` and `Recipient`, the accepted endpoints and
//!   audiences, the `Role`, `RoleSessionName`, `SessionDuration`, `PrincipalTag:*`,
//!   `TransitiveTagKeys` and `SourceIdentity` attributes, and the attribute → context-key tables.
//! * "IAM and AWS STS condition context keys", "Available keys for SAML-based AWS STS
//!   federation" (`saml:aud`, `saml:iss`, `saml:sub`, `saml:sub_type`, `saml:namequalifier`,
//!   `saml:doc`, the eduPerson/eduOrg/AD/X.500 keys).
//! * OASIS SAML 2.0 Core (§2.5.1 conditions, §3.2.2 status, §5.4 signatures) and Profiles
//!   (§4.1.4.2: bearer subject confirmation, `Issuer`).
//! XML parsing, canonicalization and XML-DSig are in [`xmldsig`]; X.509 in [`x509`].
//!
//! Messages: AWS's wording where it is publicly seen (the issue is named at the constant);
//! otherwise the documented description of the error code, or ours, said so in the check's
//! detail. The `checks` trace always carries the simulator's fuller explanation.

pub mod x509;
pub mod xmldsig;

use base64::Engine as _;
use roxmltree::{Document, Node};
use serde::Serialize;

use super::{CheckFailure, TokenCheck, Trace};
use crate::crypto::rsa;
use crate::rng::SimRng;
use xmldsig::{HashAlg, NS_DS, child, children, string_value};

/// botocore `SAMLAssertionType`: 4 to 100000 characters. Length is the parameter layer's check
/// (a `ValidationError`); [`verify_saml_response`] repeats it only to bound its own work.
pub const SAML_ASSERTION_MIN_LEN: usize = 4;
pub const SAML_ASSERTION_MAX_LEN: usize = 100_000;

pub const NS_SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub const NS_MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const STATUS_SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
const CM_BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
/// `SubjectType`: "If the format includes the prefix urn:oasis:names:tc:SAML:2.0:nameid-format,
/// that prefix is removed" (AssumeRoleWithSAML response elements).
const NAMEID_FORMAT_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

/// The global AWS SAML endpoint: a `Recipient`, and an `Audience`.
pub const AWS_SAML_ENDPOINT: &str = "https://signin.aws.amazon.com/saml";
/// "For the value of the Audience element, specify either https://signin.aws.amazon.com/saml or
/// urn:amazon:webservices" ("Configure SAML assertions …", `AudienceRestriction`).
pub const AWS_AUDIENCE_URN: &str = "urn:amazon:webservices";

pub const ATTR_ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const ATTR_ROLE_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const ATTR_SESSION_DURATION: &str = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
pub const ATTR_PRINCIPAL_TAG_PREFIX: &str = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
pub const ATTR_TRANSITIVE_TAG_KEYS: &str = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";
pub const ATTR_SOURCE_IDENTITY: &str = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";

/// Clock skew allowed on `NotBefore`/`NotOnOrAfter`. AWS documents five minutes for OIDC
/// tokens and nothing for SAML; saml2aws#759 shows a one-minute `Conditions` window refused
/// with "Response has expired" once past it. sts-sim allows none (our choice, listed in the
/// report of this module).
pub const CLOCK_SKEW_SECONDS: i64 = 0;

pub const INVALID_IDENTITY_TOKEN: &str = "InvalidIdentityToken";
pub const EXPIRED_TOKEN: &str = "ExpiredTokenException";
pub const IDP_REJECTED_CLAIM: &str = "IDPRejectedClaim";

/// The documented description of `InvalidIdentityToken` (AssumeRoleWithSAML, "Errors"), used
/// where AWS's own words for a malformed response are not published.
const NOT_VALIDATED: &str = "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.";
/// cevoaustralia/aws-google-auth#270: `InvalidIdentityToken` "Response signature invalid".
const SIGNATURE_INVALID: &str = "Response signature invalid";
/// dbeaver/cloudbeaver#3112: `InvalidIdentityToken` "Issuer not present in specified provider".
const ISSUER_NOT_PRESENT: &str = "Issuer not present in specified provider";
/// Versent/saml2aws#759: `ExpiredTokenException` "Response has expired".
const RESPONSE_EXPIRED: &str = "Response has expired";
/// MicrosoftDocs/azure-docs#45025: `InvalidIdentityToken`.
const ROLE_SESSION_NAME_PATTERN: &str = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}";
/// "Troubleshoot SAML federation with IAM": "Error: Response does not contain the required
/// audience." (the page gives no error code).
const AUDIENCE_MISSING: &str = "Response does not contain the required audience.";
/// The documented description of `IDPRejectedClaim` (AssumeRoleWithSAML, "Errors").
const IDP_REJECTED: &str = "The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid.";

/// A refusal, with the code and message AWS answers and the checks that ran up to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SamlError {
    /// `InvalidIdentityToken`, `ExpiredTokenException`, `IDPRejectedClaim` or `ValidationError`.
    pub code: &'static str,
    pub message: String,
    pub checks: Vec<TokenCheck>,
}

/// An IAM SAML provider as the verifier needs it, borrowed from the world.
#[derive(Clone, Copy, Debug)]
pub struct SamlProviderRef<'a> {
    /// `arn:aws:iam::123456789012:saml-provider/MyIdP`.
    pub arn: &'a str,
    /// The `SAMLMetadataDocument` uploaded with `CreateSAMLProvider`.
    pub metadata_document: &'a str,
}

/// What the `AssumeRoleWithSAML` request names.
#[derive(Clone, Copy, Debug)]
pub struct SamlRequest<'a> {
    pub role_arn: &'a str,
    pub principal_arn: &'a str,
    /// The base64 `SAMLResponse`.
    pub saml_assertion: &'a str,
}

/// One `saml:Attribute` with its values (string values of each `AttributeValue`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SamlAttribute {
    pub name: String,
    pub friendly_name: Option<String>,
    pub values: Vec<String>,
}

/// A response that passed every check. Everything in it was read from the element the
/// verified signature covers.
#[derive(Clone, Debug, Serialize)]
pub struct VerifiedSamlAssertion {
    /// `Issuer` (the `Issuer` response element, `saml:iss`).
    pub issuer: String,
    /// The assertion's `ID` (CloudTrail's `sAMLAssertionID` request parameter).
    pub assertion_id: String,
    /// `NameID` (`Subject`, `saml:sub`).
    pub subject: String,
    /// `SubjectType` / `saml:sub_type`: the `Format` without the SAML 2.0 nameid-format prefix.
    pub subject_type: String,
    /// The `Recipient` (the `Audience` response element and `saml:aud`).
    pub recipient: String,
    /// The `AudienceRestriction` `Audience` values.
    pub audiences: Vec<String>,
    /// `NameQualifier` / `saml:namequalifier`.
    pub name_qualifier: String,
    /// `saml:doc`: `account-ID/provider-friendly-name`.
    pub doc: String,
    /// Every (role ARN, provider ARN) pair of the `Role` attribute, normalised to that order.
    pub roles: Vec<(String, String)>,
    /// The pair matching the request.
    pub role_arn: String,
    pub provider_arn: String,
    pub role_session_name: String,
    /// `SessionDuration` in seconds, when present.
    pub session_duration: Option<u32>,
    /// `AuthnStatement` `SessionNotOnOrAfter` (epoch ms), when present: "Your role session lasts
    /// for the duration that you specify for the DurationSeconds parameter, or until the time
    /// specified in the SAML authentication response's SessionNotOnOrAfter value, whichever is
    /// shorter" (AssumeRoleWithSAML, `DurationSeconds`).
    pub session_not_on_or_after_ms: Option<i64>,
    /// `PrincipalTag:*` attributes as (key, value), in document order.
    pub tags: Vec<(String, String)>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    pub attributes: Vec<SamlAttribute>,
    /// The earliest `NotOnOrAfter` of the assertion (epoch ms).
    pub not_on_or_after_ms: i64,
    /// What the verified signatures cover: `Response`, `Assertion`, or both.
    pub signed: Vec<&'static str>,
    /// Trust-policy condition keys ("Available keys for SAML-based AWS STS federation").
    pub context: Vec<(String, Vec<String>)>,
    pub checks: Vec<TokenCheck>,
}

impl CheckFailure for SamlError {
    fn refused(code: &'static str, message: String, checks: Vec<TokenCheck>) -> Self {
        SamlError { code, message, checks }
    }
}

impl Trace {
    /// A failure whose message is ours (AWS's wording is not published).
    fn fail_ours(self, check: &'static str, code: &'static str, message: impl Into<String>, detail: impl Into<String>) -> SamlError {
        let detail = format!("{} (sts-sim's message: AWS's is not documented)", detail.into());
        self.fail(check, code, message, detail)
    }
}

/// The keys a provider's metadata document holds.
#[derive(Clone, Debug)]
pub struct SamlProviderMetadata {
    /// `md:EntityDescriptor` `entityID`: the `Issuer` the provider's assertions must carry.
    pub entity_id: String,
    /// DER of every signing certificate (`KeyDescriptor use="signing"` or without `use`).
    pub certificates: Vec<Vec<u8>>,
    pub keys: Vec<rsa::PublicKey>,
}

/// Reads a SAML metadata document (SAML 2.0 Metadata §2.3.2 `EntityDescriptor`, §2.4.3
/// `IDPSSODescriptor`, §2.4.1.1 `KeyDescriptor`: a key without `use` serves both signing and
/// encryption).
pub fn parse_metadata(xml: &str) -> Result<SamlProviderMetadata, String> {
    let doc = xmldsig::parse(xml)?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(NS_MD) || root.tag_name().name() != "EntityDescriptor" {
        return Err("the metadata document's root is not md:EntityDescriptor".into());
    }
    let entity_id = root.attribute("entityID").filter(|e| !e.is_empty()).ok_or("md:EntityDescriptor has no entityID")?.to_string();
    let idp = child(root, NS_MD, "IDPSSODescriptor").ok_or("the metadata has no md:IDPSSODescriptor")?;
    let mut certificates = Vec::new();
    let mut keys = Vec::new();
    for kd in children(idp, NS_MD, "KeyDescriptor") {
        if kd.attribute("use").is_some_and(|u| u != "signing") {
            continue;
        }
        let certs = child(kd, NS_DS, "KeyInfo").into_iter().flat_map(|ki| children(ki, NS_DS, "X509Data")).flat_map(|xd| children(xd, NS_DS, "X509Certificate"));
        for cert in certs {
            let der = xmldsig::decode_base64_text(&string_value(cert)).ok_or("a ds:X509Certificate is not base64")?;
            keys.push(x509::rsa_public_key(&der)?);
            certificates.push(der);
        }
    }
    if keys.is_empty() {
        return Err("the metadata has no signing certificate (md:KeyDescriptor use=\"signing\" → ds:X509Certificate)".into());
    }
    Ok(SamlProviderMetadata { entity_id, certificates, keys })
}

/// `arn:aws:iam::123456789012:saml-provider/MyIdP` → (`123456789012`, `MyIdP`).
pub fn provider_parts(arn: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam", "", account, resource] => Some((account, resource.strip_prefix("saml-provider/")?)),
        _ => None,
    }
}

/// `NameQualifier` (AssumeRoleWithSAML response elements): "BASE64 ( SHA1 (
/// "https://example.com/saml" + "123456789012" + "/MySAMLIdP" ) )" — issuer, account ID, `/`,
/// provider name. (The condition-keys page describes the three values as "separated by a '/'
/// character"; the API reference's pseudocode has no `/` between issuer and account, and is
/// the one followed.)
pub fn name_qualifier(issuer: &str, provider_arn: &str) -> Option<String> {
    use sha1::{Digest, Sha1};
    let (account, name) = provider_parts(provider_arn)?;
    let digest = Sha1::digest(format!("{issuer}{account}/{name}").as_bytes());
    Some(base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The `SubjectType`: "If the format includes the prefix urn:oasis:names:tc:SAML:2.0:nameid-format,
/// that prefix is removed … If the format includes any other prefix, the format is returned
/// with no modifications." A `NameID` without `Format` is `unspecified` (SAML core §8.3.1's
/// default is the SAML 1.1 `unspecified` URI, which is returned whole).
pub fn subject_type(format: Option<&str>) -> String {
    let format = format.unwrap_or("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    format.strip_prefix(NAMEID_FORMAT_PREFIX).unwrap_or(format).to_string()
}

/// The endpoints a `Recipient` (and a `Destination`) may name ("Configure SAML assertions …",
/// `Subject` and `NameID`): `https://signin.aws.amazon.com/saml`, its `/static/saml` form, a
/// regional `https://<region-code>.signin.aws.amazon.com/saml`, and (for encrypted assertions)
/// `…/saml/acs/<IdP-ID>`. Other partitions' sign-in hosts are not modelled.
pub fn is_aws_saml_endpoint(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else { return false };
    let Some((host, path)) = rest.split_once('/') else { return false };
    let host_ok = host == "signin.aws.amazon.com"
        || host.strip_suffix(".signin.aws.amazon.com").is_some_and(|region| {
            !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    let path_ok = path == "saml"
        || path == "static/saml"
        || path.strip_prefix("saml/acs/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    host_ok && path_ok
}

/// An `Audience` AWS accepts: `https://signin.aws.amazon.com/saml` (or a regional sign-in
/// endpoint, the documented `Recipient` forms) or `urn:amazon:webservices`.
pub fn is_aws_audience(audience: &str) -> bool {
    audience == AWS_AUDIENCE_URN || is_aws_saml_endpoint(audience)
}

/// `xs:dateTime` as SAML uses it (core §1.3.3: UTC, e.g. `2013-11-05T02:06:42.876Z`) → epoch
/// ms. A trailing `Z` or `+00:00` is accepted; other offsets are refused.
pub fn parse_saml_instant(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_suffix('Z').or_else(|| t.strip_suffix("+00:00")).unwrap_or(t);
    let (date, time) = t.split_once('T')?;
    let num = |s: &str, n: usize| -> Option<i64> { (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())? };
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?, 4)?, num(d.next()?, 2)?, num(d.next()?, 2)?);
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (hms, frac) = match time.split_once('.') {
        Some((hms, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => (hms, frac),
        Some(_) => return None,
        None => (time, ""),
    };
    let mut h = hms.split(':');
    let (hh, mm, ss) = (num(h.next()?, 2)?, num(h.next()?, 2)?, num(h.next()?, 2)?);
    if h.next().is_some() || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let ms = frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
    let days = crate::calendar::days_from_civil(y, m, day);
    Some(((days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000) + ms)
}

fn is_saml(node: Node<'_, '_>, ns: &str, local: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(ns) && node.tag_name().name() == local
}

/// `RoleSessionName` and `SourceIdentity` values: "between 2 and 64 characters long, can
/// contain only alphanumeric characters, underscores, and the following characters: . , + = @ -".
pub fn is_session_name(s: &str) -> bool {
    (2..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// Attribute names that map to trust-policy keys ("Mapping SAML attributes to AWS trust policy
/// context keys"; key spellings from "Available keys for SAML-based AWS STS federation").
/// `true` marks the keys documented as lists ("Items marked with [] can have a value that is a
/// list"); a single-valued key takes the first value.
pub const ATTRIBUTE_KEYS: &[(&str, &str, bool)] = &[
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "saml:edupersonaffiliation", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.2", "saml:edupersonnickname", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.3", "saml:edupersonorgdn", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.4", "saml:edupersonorgunitdn", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.5", "saml:edupersonprimaryaffiliation", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "saml:edupersonprincipalname", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.7", "saml:edupersonentitlement", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.8", "saml:edupersonprimaryorgunitdn", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", "saml:edupersonscopedaffiliation", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.10", "saml:edupersontargetedid", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.11", "saml:edupersonassurance", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.2.1.2", "saml:eduorghomepageuri", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.2.1.3", "saml:eduorgidentityauthnpolicyuri", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.2.1.4", "saml:eduorglegalname", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.2.1.5", "saml:eduorgsuperioruri", true),
    ("urn:oid:1.3.6.1.4.1.5923.1.2.1.6", "saml:eduorgwhitepagesuri", true),
    ("urn:oid:2.5.4.3", "saml:cn", true),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "saml:name", false),
    ("http://schemas.xmlsoap.org/claims/CommonName", "saml:commonName", false),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "saml:givenName", false),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "saml:surname", false),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "saml:mail", false),
    // The mapping table sends primarygroupsid to `uid` (the key list also names a
    // saml:primaryGroupSID); the table is followed.
    ("http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid", "saml:uid", false),
    ("2.5.4.3", "saml:commonName", false),
    ("2.5.4.4", "saml:surname", false),
    ("2.4.5.42", "saml:givenName", false),
    ("2.5.4.45", "saml:x500UniqueIdentifier", false),
    ("0.9.2342.19200300100.1.1", "saml:uid", false),
    ("0.9.2342.19200300100.1.3", "saml:mail", false),
    ("0.9.2342.19200300.100.1.45", "saml:organizationStatus", false),
];

/// Whether `key` is a context key the mapping tables type as a list of strings.
pub fn is_list_context_key(key: &str) -> bool {
    ATTRIBUTE_KEYS.iter().any(|(_, k, list)| *list && *k == key)
}

/// Verifies the `SAMLAssertion` of an `AssumeRoleWithSAML` request at `now_epoch_ms`, for the
/// IAM SAML provider `provider` (the caller found it from `PrincipalArn`).
///
/// Order: size, base64, XML, response status, structure (IDs, one assertion), issuer, signature,
/// subject confirmation (recipient), audience, validity window, then the AWS attributes.
pub fn verify_saml_response(request: &SamlRequest<'_>, provider: &SamlProviderRef<'_>, now_epoch_ms: i64) -> Result<VerifiedSamlAssertion, SamlError> {
    let mut trace = Trace::new();
    let chars = request.saml_assertion.chars().count();
    if !(SAML_ASSERTION_MIN_LEN..=SAML_ASSERTION_MAX_LEN).contains(&chars) {
        let bound = if chars < SAML_ASSERTION_MIN_LEN {
            format!("greater than or equal to {SAML_ASSERTION_MIN_LEN}")
        } else {
            format!("less than or equal to {SAML_ASSERTION_MAX_LEN}")
        };
        return Err(trace.fail(
            "size",
            "ValidationError",
            format!("1 validation error detected: Value at 'SAMLAssertion' failed to satisfy constraint: Member must have length {bound}"),
            format!("the assertion has {chars} characters; botocore's SAMLAssertionType allows {SAML_ASSERTION_MIN_LEN} to {SAML_ASSERTION_MAX_LEN}"),
        ));
    }
    trace.pass("size", format!("{chars} characters (4..100000)"));

    let Some(bytes) = xmldsig::decode_base64_text(request.saml_assertion) else {
        return Err(trace.fail_ours("base64", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, "SAMLAssertion is not base64 (the HTTP POST binding base64-encodes the response, SAML bindings §3.5.4)"));
    };
    let Ok(xml) = String::from_utf8(bytes) else {
        return Err(trace.fail_ours("base64", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, "the decoded response is not UTF-8 text"));
    };
    trace.pass("base64", format!("{} bytes of XML", xml.len()));

    let doc = match xmldsig::parse(&xml) {
        Ok(doc) => doc,
        Err(e) => return Err(trace.fail_ours("xml", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    let response = doc.root_element();
    if !is_saml(response, NS_SAMLP, "Response") {
        return Err(trace.fail_ours("xml", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("the root element is {} (namespace {}), not samlp:Response", response.tag_name().name(), response.tag_name().namespace().unwrap_or("none"))));
    }
    if response.attribute("Version") != Some("2.0") {
        return Err(trace.fail_ours("xml", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, "samlp:Response Version is not \"2.0\""));
    }
    trace.pass("xml", "well-formed samlp:Response, SAML 2.0, no DTD");

    // SAML core §3.2.2.2: a top-level status other than Success means the IdP refused.
    let status = child(response, NS_SAMLP, "Status").and_then(|s| child(s, NS_SAMLP, "StatusCode")).and_then(|c| c.attribute("Value"));
    if status != Some(STATUS_SUCCESS) {
        return Err(trace.fail("status", IDP_REJECTED_CLAIM, IDP_REJECTED, format!("samlp:StatusCode is {} (not …:status:Success)", status.unwrap_or("missing"))));
    }
    trace.pass("status", "urn:oasis:names:tc:SAML:2.0:status:Success");

    let assertion = match structure(&doc, response) {
        Ok(a) => a,
        Err(e) => return Err(trace.fail_ours("structure", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    trace.pass("structure", "IDs unique; exactly one saml:Assertion, a child of the Response");

    let metadata = match parse_metadata(provider.metadata_document) {
        Ok(m) => m,
        Err(e) => return Err(trace.fail_ours("metadata", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("the provider's metadata is unusable: {e}"))),
    };
    trace.pass("metadata", format!("entityID {}, {} signing key(s)", metadata.entity_id, metadata.keys.len()));

    // SAML profiles §4.1.4.2: the assertion's Issuer (and the Response's, when present) is the
    // IdP's entity ID, which the provider's metadata declares.
    let issuer = child(assertion, NS_SAML, "Issuer").map(string_value).unwrap_or_default();
    let response_issuer = child(response, NS_SAML, "Issuer").map(string_value);
    if issuer != metadata.entity_id || response_issuer.as_ref().is_some_and(|r| *r != metadata.entity_id) {
        return Err(trace.fail(
            "issuer",
            INVALID_IDENTITY_TOKEN,
            ISSUER_NOT_PRESENT,
            format!(
                "assertion Issuer \"{issuer}\", response Issuer {}; the provider's entityID is \"{}\"",
                response_issuer.as_deref().map_or("absent".to_string(), |r| format!("\"{r}\"")),
                metadata.entity_id
            ),
        ));
    }
    trace.pass("issuer", format!("\"{issuer}\" is the provider's entityID"));

    // Signatures: every ds:Signature enveloped in the Response or the Assertion must verify,
    // and there must be at least one. Each covers its own parent, found by a unique ID, and the
    // one assertion read below is that parent or inside it.
    let mut signed = Vec::new();
    let mut algs = Vec::new();
    for (element, name) in [(response, "Response"), (assertion, "Assertion")] {
        for signature in children(element, NS_DS, "Signature") {
            match xmldsig::verify_enveloped(&doc, signature, &metadata.keys) {
                Ok(v) => {
                    signed.push(name);
                    algs.push(format!("{name}: RSA-{} / digest {}{}", v.signature_alg.name(), v.digest_alg.name(), if v.signature_alg == HashAlg::Sha1 || v.digest_alg == HashAlg::Sha1 { " (SHA-1: deprecated, XML-DSig 1.1 §6.1 keeps it for verification; AWS documents no algorithm list)" } else { "" }));
                }
                Err(e) => return Err(trace.fail("signature", INVALID_IDENTITY_TOKEN, SIGNATURE_INVALID, format!("{name} signature: {e}"))),
            }
        }
    }
    if signed.is_empty() {
        return Err(trace.fail("signature", INVALID_IDENTITY_TOKEN, SIGNATURE_INVALID, "neither the Response nor the Assertion carries a ds:Signature"));
    }
    trace.pass("signature", algs.join("; "));

    let subject = match read_subject(assertion) {
        Ok(s) => s,
        Err(e) => return Err(trace.fail_ours("subject", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, e)),
    };
    trace.pass("subject", format!("NameID \"{}\" ({}), bearer confirmation", subject.name_id, subject_type(subject.format.as_deref())));

    // The Recipient must be an AWS SAML endpoint; so must the Response's Destination when
    // present (SAML bindings §3.5.5.2: a signed message's Destination must be checked).
    if !is_aws_saml_endpoint(&subject.recipient) {
        return Err(trace.fail_ours("recipient", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("Recipient \"{}\" is not an AWS SAML endpoint (https://signin.aws.amazon.com/saml, https://<region>.signin.aws.amazon.com/saml, …)", subject.recipient)));
    }
    if let Some(dest) = response.attribute("Destination").filter(|d| !is_aws_saml_endpoint(d)) {
        return Err(trace.fail_ours("recipient", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("Response Destination \"{dest}\" is not an AWS SAML endpoint")));
    }
    trace.pass("recipient", format!("\"{}\"", subject.recipient));

    // SAML core §2.5.1.4: every AudienceRestriction must name us (one of its Audiences).
    let conditions = child(assertion, NS_SAML, "Conditions");
    let mut audiences = Vec::new();
    for restriction in conditions.into_iter().flat_map(|c| children(c, NS_SAML, "AudienceRestriction")) {
        let values: Vec<String> = children(restriction, NS_SAML, "Audience").map(|a| string_value(a).trim().to_string()).collect();
        if !values.iter().any(|a| is_aws_audience(a)) {
            return Err(trace.fail(
                "audience",
                INVALID_IDENTITY_TOKEN,
                AUDIENCE_MISSING,
                format!("AudienceRestriction {values:?} names neither https://signin.aws.amazon.com/saml nor urn:amazon:webservices (the message is AWS's; the code InvalidIdentityToken is sts-sim's reading)"),
            ));
        }
        audiences.extend(values);
    }
    if audiences.is_empty() {
        trace.pass("audience", "no AudienceRestriction (AWS: the audience \"should be included\"; not enforced)");
    } else {
        trace.pass("audience", format!("{audiences:?}"));
    }

    // Validity: Conditions NotBefore/NotOnOrAfter (SAML core §2.5.1.2) and the confirmation's.
    let mut not_on_or_after = subject.not_on_or_after;
    let mut not_before: Option<i64> = subject.not_before;
    if let Some(c) = conditions {
        if let Some(v) = c.attribute("NotBefore") {
            let Some(t) = parse_saml_instant(v) else {
                return Err(trace.fail_ours("validity", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("Conditions NotBefore \"{v}\" is not an xs:dateTime")));
            };
            not_before = Some(not_before.map_or(t, |b| b.max(t)));
        }
        if let Some(v) = c.attribute("NotOnOrAfter") {
            let Some(t) = parse_saml_instant(v) else {
                return Err(trace.fail_ours("validity", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("Conditions NotOnOrAfter \"{v}\" is not an xs:dateTime")));
            };
            not_on_or_after = not_on_or_after.min(t);
        }
    }
    let skew = CLOCK_SKEW_SECONDS * 1000;
    let now = crate::sts::clock::iso8601(now_epoch_ms);
    if now_epoch_ms >= not_on_or_after.saturating_add(skew) {
        return Err(trace.fail("validity", EXPIRED_TOKEN, RESPONSE_EXPIRED, format!("now {now} is not before NotOnOrAfter {}", crate::sts::clock::iso8601(not_on_or_after))));
    }
    if let Some(nb) = not_before.filter(|nb| now_epoch_ms.saturating_add(skew) < *nb) {
        return Err(trace.fail_ours("validity", INVALID_IDENTITY_TOKEN, "Response is not yet valid", format!("now {now} is before NotBefore {}", crate::sts::clock::iso8601(nb))));
    }
    trace.pass("validity", format!("now {now} within [{}, {})", not_before.map_or("-".into(), crate::sts::clock::iso8601), crate::sts::clock::iso8601(not_on_or_after)));

    let attributes = read_attributes(assertion);
    let find = |name: &str| attributes.iter().find(|a| a.name == name);

    // Role: "a comma-delimited pair of ARNs in the same format as the RoleArn and PrincipalArn
    // parameters". The documented order is role,provider; the reverse is accepted too (IdPs
    // send both, and aws-google-auth#163 reports AWS accepting either: our reading, flagged).
    let mut roles = Vec::new();
    for value in find(ATTR_ROLE).map(|a| a.values.as_slice()).unwrap_or_default() {
        let mut parts = value.split(',').map(str::trim);
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(trace.fail_ours("role", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("Role value \"{value}\" is not \"role-arn,provider-arn\"")));
        };
        let pair = if a.contains(":saml-provider/") && b.contains(":role/") { (b, a) } else { (a, b) };
        roles.push((pair.0.to_string(), pair.1.to_string()));
    }
    let Some((role_arn, provider_arn)) = roles.iter().find(|(r, p)| r == request.role_arn && p == request.principal_arn).cloned() else {
        return Err(trace.fail_ours(
            "role",
            INVALID_IDENTITY_TOKEN,
            format!("The SAML assertion does not grant {} through {}", request.role_arn, request.principal_arn),
            format!("the https://aws.amazon.com/SAML/Attributes/Role attribute holds {roles:?}; none is the requested (RoleArn, PrincipalArn)"),
        ));
    };
    if provider_arn != provider.arn {
        return Err(trace.fail_ours("role", INVALID_IDENTITY_TOKEN, NOT_VALIDATED, format!("the matched provider {provider_arn} is not the provider being verified ({})", provider.arn)));
    }
    trace.pass("role", format!("({role_arn}, {provider_arn}) among {} pair(s)", roles.len()));

    let session = find(ATTR_ROLE_SESSION_NAME).and_then(|a| a.values.first()).cloned();
    let Some(role_session_name) = session else {
        return Err(trace.fail_ours("session-name", INVALID_IDENTITY_TOKEN, "RoleSessionName is required in AuthnResponse", "no https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute"));
    };
    if !is_session_name(&role_session_name) {
        return Err(trace.fail("session-name", INVALID_IDENTITY_TOKEN, ROLE_SESSION_NAME_PATTERN, format!("RoleSessionName \"{role_session_name}\"")));
    }
    trace.pass("session-name", format!("\"{role_session_name}\""));

    let session_duration = match find(ATTR_SESSION_DURATION).and_then(|a| a.values.first()) {
        None => None,
        Some(v) => match v.trim().parse::<u32>() {
            Ok(d) if (900..=43_200).contains(&d) => Some(d),
            _ => {
                return Err(trace.fail_ours("session-duration", INVALID_IDENTITY_TOKEN, "SessionDuration in AuthnResponse must be an integer from 900 to 43200", format!("SessionDuration \"{v}\"")));
            }
        },
    };
    trace.pass("session-duration", session_duration.map_or("absent (the API's DurationSeconds decides)".into(), |d| format!("{d} s")));

    // Session tags: one value per tag ("You must pass a single value for each session tag").
    // Their limits (50 tags, lengths, packed size) are the operation's, as for AssumeRole.
    let mut tags = Vec::new();
    for a in attributes.iter().filter(|a| a.name.starts_with(ATTR_PRINCIPAL_TAG_PREFIX)) {
        let key = &a.name[ATTR_PRINCIPAL_TAG_PREFIX.len()..];
        if a.values.len() != 1 {
            return Err(trace.fail_ours("tags", INVALID_IDENTITY_TOKEN, format!("Session tag {key} must have exactly one value"), format!("PrincipalTag:{key} has {} values", a.values.len())));
        }
        tags.push((key.to_string(), a.values[0].clone()));
    }
    let transitive_tag_keys = find(ATTR_TRANSITIVE_TAG_KEYS).map(|a| a.values.clone()).unwrap_or_default();
    let source_identity = find(ATTR_SOURCE_IDENTITY).and_then(|a| a.values.first()).cloned();
    trace.pass("tags", format!("{} tag(s), {} transitive; source identity {:?}", tags.len(), transitive_tag_keys.len(), source_identity));

    let name_qualifier = name_qualifier(&issuer, &provider_arn).unwrap_or_default();
    let doc_key = provider_parts(&provider_arn).map(|(a, n)| format!("{a}/{n}")).unwrap_or_default();
    let sub_type = subject_type(subject.format.as_deref());
    let mut context: Vec<(String, Vec<String>)> = vec![
        ("saml:aud".into(), vec![subject.recipient.clone()]),
        ("saml:iss".into(), vec![issuer.clone()]),
        ("saml:sub".into(), vec![subject.name_id.clone()]),
        ("saml:sub_type".into(), vec![sub_type.clone()]),
        ("saml:namequalifier".into(), vec![name_qualifier.clone()]),
        ("saml:doc".into(), vec![doc_key.clone()]),
    ];
    // "You should include only one claim per AWS context key. If you include more than one,
    // only one claim will be mapped": the first, here.
    for (name, key, list) in ATTRIBUTE_KEYS {
        if context.iter().any(|(k, _)| k == key) {
            continue;
        }
        if let Some(a) = find(name).filter(|a| !a.values.is_empty()) {
            let values = if *list { a.values.clone() } else { a.values[..1].to_vec() };
            context.push((key.to_string(), values));
        }
    }

    Ok(VerifiedSamlAssertion {
        assertion_id: xmldsig::id_of(assertion).unwrap_or_default().to_string(),
        issuer,
        subject: subject.name_id,
        subject_type: sub_type,
        recipient: subject.recipient,
        audiences,
        name_qualifier,
        doc: doc_key,
        roles,
        role_arn,
        provider_arn,
        role_session_name,
        session_duration,
        session_not_on_or_after_ms: session_not_on_or_after(assertion),
        tags,
        transitive_tag_keys,
        source_identity,
        attributes,
        not_on_or_after_ms: not_on_or_after,
        signed,
        context,
        checks: trace.checks,
    })
}

/// The structural rules that make "the assertion read is the assertion signed" hold whatever
/// the signatures cover (the XML Signature Wrapping defences of Somorovsky et al., "On Breaking
/// SAML", 2012): every ID in the document is unique, there is no encrypted assertion (not
/// supported here), and there is exactly one `saml:Assertion` anywhere in the document, a
/// direct child of the Response. A copy hidden in `Extensions`, in an `Object` of the
/// signature, or beside the original is refused before any signature is looked at.
fn structure<'a, 'i>(doc: &'a Document<'i>, response: Node<'a, 'i>) -> Result<Node<'a, 'i>, String> {
    let mut ids: Vec<&str> = doc.descendants().filter(|n| n.is_element()).filter_map(xmldsig::id_of).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("the ID \"{}\" appears more than once", w[0]));
    }
    if doc.descendants().any(|n| is_saml(n, NS_SAML, "EncryptedAssertion")) {
        return Err("encrypted assertions (saml:EncryptedAssertion) are not supported by sts-sim".into());
    }
    let assertions: Vec<Node> = doc.descendants().filter(|n| is_saml(*n, NS_SAML, "Assertion")).collect();
    match assertions.as_slice() {
        [one] if one.parent_element().map(|p| p.id()) == Some(response.id()) => Ok(*one),
        [_] => Err("the saml:Assertion is not a direct child of samlp:Response".into()),
        [] => Err("the response holds no saml:Assertion".into()),
        many => Err(format!("the response holds {} saml:Assertion elements; exactly one is accepted", many.len())),
    }
}

struct SubjectInfo {
    name_id: String,
    format: Option<String>,
    recipient: String,
    not_on_or_after: i64,
    not_before: Option<i64>,
}

/// "There must be exactly one SubjectConfirmation element with a SubjectConfirmationData element
/// that includes both the NotOnOrAfter attribute and a Recipient attribute" ("Configure SAML
/// assertions …"); its method is bearer (SAML profiles §4.1.4.2).
fn read_subject(assertion: Node<'_, '_>) -> Result<SubjectInfo, String> {
    let subject = child(assertion, NS_SAML, "Subject").ok_or("the assertion has no saml:Subject")?;
    let name_id = child(subject, NS_SAML, "NameID").ok_or("saml:Subject has no saml:NameID")?;
    let confirmations: Vec<Node> = children(subject, NS_SAML, "SubjectConfirmation").collect();
    let [confirmation] = confirmations.as_slice() else {
        return Err(format!("saml:Subject must hold exactly one saml:SubjectConfirmation; it holds {}", confirmations.len()));
    };
    if confirmation.attribute("Method") != Some(CM_BEARER) {
        return Err(format!("SubjectConfirmation Method {:?} is not urn:oasis:names:tc:SAML:2.0:cm:bearer", confirmation.attribute("Method")));
    }
    let data = child(*confirmation, NS_SAML, "SubjectConfirmationData").ok_or("saml:SubjectConfirmation has no saml:SubjectConfirmationData")?;
    let recipient = data.attribute("Recipient").ok_or("SubjectConfirmationData has no Recipient")?.to_string();
    let noa = data.attribute("NotOnOrAfter").ok_or("SubjectConfirmationData has no NotOnOrAfter")?;
    let not_on_or_after = parse_saml_instant(noa).ok_or_else(|| format!("SubjectConfirmationData NotOnOrAfter \"{noa}\" is not an xs:dateTime"))?;
    let not_before = match data.attribute("NotBefore") {
        Some(v) => Some(parse_saml_instant(v).ok_or_else(|| format!("SubjectConfirmationData NotBefore \"{v}\" is not an xs:dateTime"))?),
        None => None,
    };
    let value = string_value(name_id);
    if value.trim().is_empty() {
        return Err("saml:NameID is empty".into());
    }
    Ok(SubjectInfo { name_id: value, format: name_id.attribute("Format").map(str::to_string), recipient, not_on_or_after, not_before })
}

fn read_attributes(assertion: Node<'_, '_>) -> Vec<SamlAttribute> {
    let mut out: Vec<SamlAttribute> = Vec::new();
    for statement in children(assertion, NS_SAML, "AttributeStatement") {
        for a in children(statement, NS_SAML, "Attribute") {
            let name = a.attribute("Name").unwrap_or("").to_string();
            let values: Vec<String> = children(a, NS_SAML, "AttributeValue").map(|v| string_value(v).trim().to_string()).collect();
            match out.iter_mut().find(|e| e.name == name) {
                Some(existing) => existing.values.extend(values),
                None => out.push(SamlAttribute { name, friendly_name: a.attribute("FriendlyName").map(str::to_string), values }),
            }
        }
    }
    out
}

fn session_not_on_or_after(assertion: Node<'_, '_>) -> Option<i64> {
    children(assertion, NS_SAML, "AuthnStatement").filter_map(|s| s.attribute("SessionNotOnOrAfter")).filter_map(parse_saml_instant).min()
}

// ---------------------------------------------------------------------------------------------
// Minting

/// An identity provider's signing key (RSA).
#[derive(Clone)]
pub struct SamlSigningKey {
    key: rsa::PrivateKey,
}

impl core::fmt::Debug for SamlSigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SamlSigningKey").field("bits", &(self.key.public_key().size() * 8)).finish_non_exhaustive()
    }
}

/// Versioned: changing how keys are derived changes every minted response for a seed.
const SAML_SIGNING_KEY_LABEL: &str = "sts-sim/saml-signing-key/v1";

impl SamlSigningKey {
    /// The provider's key, derived from the world seed and its entity ID: RSA-2048, e = 65537,
    /// `crypto::rsa`'s key generation on the seeded stream (as `jwt::SigningKey::derive`; slow
    /// in debug builds, so derive lazily).
    pub fn derive(seed: u64, entity_id: &str) -> SamlSigningKey {
        let mut rng = SimRng::for_label(seed, &format!("{SAML_SIGNING_KEY_LABEL}/{entity_id}"));
        SamlSigningKey { key: rsa::PrivateKey::generate(&mut rng, 2048) }
    }

    /// A key from PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<SamlSigningKey, String> {
        let key = rsa::PrivateKey::from_pem(pem).map_err(|_| "not an RSA private key in PEM".to_string())?;
        Ok(SamlSigningKey { key })
    }

    pub fn public_key(&self) -> rsa::PublicKey {
        self.key.public_key().clone()
    }

    /// A self-signed certificate for this key (see [`x509::self_signed_certificate`]).
    pub fn certificate(&self, common_name: &str, not_before_ms: i64, not_after_ms: i64) -> Result<Vec<u8>, String> {
        x509::self_signed_certificate(&self.key, common_name, not_before_ms, not_after_ms)
    }
}

/// What a minted response asserts. [`SamlMint::new`] fills AWS's endpoint and a five-minute
/// window; everything is public so callers (and tests) can bend any part.
#[derive(Clone, Debug)]
pub struct SamlMint {
    pub issuer: String,
    pub subject: String,
    /// `persistent`, `transient`, … (prefixed with the SAML 2.0 nameid-format URN) or a full URI.
    pub subject_type: String,
    pub roles: Vec<(String, String)>,
    pub session_name: Option<String>,
    pub session_duration: Option<u32>,
    pub tags: Vec<(String, String)>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    /// Further attributes, (Name, values).
    pub attributes: Vec<(String, Vec<String>)>,
    pub issue_instant_ms: i64,
    pub not_before_ms: i64,
    pub not_on_or_after_ms: i64,
    /// `AuthnStatement` `SessionNotOnOrAfter`, when the IdP limits the session.
    pub session_not_on_or_after_ms: Option<i64>,
    pub audience: String,
    pub recipient: String,
    pub sign_response: bool,
    pub sign_assertion: bool,
    pub hash: HashAlg,
    /// The references' canonicalization. The default lists `xs` in the `InclusiveNamespaces`
    /// `PrefixList`, as IdPs that type values with `xsi:type="xs:string"` do: the `xs` prefix is
    /// only used inside an attribute value, which exclusive c14n does not see as a use, so
    /// without it the `xmlns:xs` declaration would not be signed.
    pub c14n: xmldsig::C14n,
    /// The certificate put in each signature's `KeyInfo` (informative; verifiers use metadata).
    pub certificate: Vec<u8>,
}

impl SamlMint {
    pub fn new(issuer: &str, subject: &str, role: (&str, &str), session_name: &str, now_ms: i64) -> SamlMint {
        SamlMint {
            issuer: issuer.into(),
            subject: subject.into(),
            subject_type: "persistent".into(),
            roles: vec![(role.0.into(), role.1.into())],
            session_name: Some(session_name.into()),
            session_duration: None,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            attributes: Vec::new(),
            issue_instant_ms: now_ms,
            not_before_ms: now_ms,
            not_on_or_after_ms: now_ms.saturating_add(300_000),
            session_not_on_or_after_ms: None,
            audience: AWS_SAML_ENDPOINT.into(),
            recipient: AWS_SAML_ENDPOINT.into(),
            sign_response: true,
            sign_assertion: true,
            hash: HashAlg::Sha256,
            c14n: xmldsig::C14n { with_comments: false, inclusive_prefixes: vec!["xs".into()] },
            certificate: Vec::new(),
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// SAML timestamps with milliseconds, UTC.
fn instant(ms: i64) -> String {
    let base = crate::sts::clock::iso8601(ms);
    format!("{}.{:03}Z", base.trim_end_matches('Z'), ms.rem_euclid(1000))
}

/// Deterministic IDs (xs:ID: must not start with a digit): a hash of what is asserted.
fn ids(spec: &SamlMint) -> (String, String) {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(format!("{}\n{}\n{}\n{:?}", spec.issuer, spec.subject, spec.issue_instant_ms, spec.roles).as_bytes());
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    (format!("_r{}", &hex[..32]), format!("_a{}", &hex[32..]))
}

/// The signed response as XML (before base64). Signs the assertion, then the response (whose
/// digest covers the signed assertion), each an enveloped RSA signature with exclusive
/// canonicalization, as IdPs such as ADFS, Okta and Shibboleth do.
pub fn mint_saml_response_xml(key: &SamlSigningKey, spec: &SamlMint) -> Result<String, String> {
    let (response_id, assertion_id) = ids(spec);
    let b64 = base64::engine::general_purpose::STANDARD;
    let cert = b64.encode(&spec.certificate);
    let format = if spec.subject_type.contains(':') { spec.subject_type.clone() } else { format!("{NAMEID_FORMAT_PREFIX}{}", spec.subject_type) };
    let mut attributes: Vec<(String, Vec<String>)> = Vec::new();
    if !spec.roles.is_empty() {
        attributes.push((ATTR_ROLE.into(), spec.roles.iter().map(|(r, p)| format!("{r},{p}")).collect()));
    }
    if let Some(s) = &spec.session_name {
        attributes.push((ATTR_ROLE_SESSION_NAME.into(), vec![s.clone()]));
    }
    if let Some(d) = spec.session_duration {
        attributes.push((ATTR_SESSION_DURATION.into(), vec![d.to_string()]));
    }
    for (k, v) in &spec.tags {
        attributes.push((format!("{ATTR_PRINCIPAL_TAG_PREFIX}{k}"), vec![v.clone()]));
    }
    if !spec.transitive_tag_keys.is_empty() {
        attributes.push((ATTR_TRANSITIVE_TAG_KEYS.into(), spec.transitive_tag_keys.clone()));
    }
    if let Some(s) = &spec.source_identity {
        attributes.push((ATTR_SOURCE_IDENTITY.into(), vec![s.clone()]));
    }
    attributes.extend(spec.attributes.iter().cloned());
    let attribute_xml: String = attributes
        .iter()
        .map(|(name, values)| {
            let vals: String = values.iter().map(|v| format!("\n        <saml:AttributeValue xsi:type=\"xs:string\">{}</saml:AttributeValue>", escape(v))).collect();
            format!("\n      <saml:Attribute Name=\"{}\">{vals}\n      </saml:Attribute>", escape(name))
        })
        .collect();
    let (issue, nb, noa) = (instant(spec.issue_instant_ms), instant(spec.not_before_ms), instant(spec.not_on_or_after_ms));
    let sig_a = if spec.sign_assertion { xmldsig::signature_template(&assertion_id, spec.hash, &spec.c14n, "@DIGEST-A@", "@SIGNATURE-A@", &cert) } else { String::new() };
    let sig_r = if spec.sign_response { xmldsig::signature_template(&response_id, spec.hash, &spec.c14n, "@DIGEST-R@", "@SIGNATURE-R@", &cert) } else { String::new() };
    let issuer = escape(&spec.issuer);
    let recipient = escape(&spec.recipient);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="{NS_SAMLP}" xmlns:saml="{NS_SAML}" ID="{response_id}" Version="2.0" IssueInstant="{issue}" Destination="{recipient}">
  <saml:Issuer>{issuer}</saml:Issuer>{sig_r}
  <samlp:Status><samlp:StatusCode Value="{STATUS_SUCCESS}"/></samlp:Status>
  <saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{assertion_id}" Version="2.0" IssueInstant="{issue}">
    <saml:Issuer>{issuer}</saml:Issuer>{sig_a}
    <saml:Subject>
      <saml:NameID Format="{format}">{subject}</saml:NameID>
      <saml:SubjectConfirmation Method="{CM_BEARER}">
        <saml:SubjectConfirmationData NotOnOrAfter="{noa}" Recipient="{recipient}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="{nb}" NotOnOrAfter="{noa}">
      <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="{issue}"{session_noa} SessionIndex="{assertion_id}">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>{attribute_xml}
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
"#,
        format = escape(&format),
        subject = escape(&spec.subject),
        audience = escape(&spec.audience),
        session_noa = spec.session_not_on_or_after_ms.map(|t| format!(" SessionNotOnOrAfter=\"{}\"", instant(t))).unwrap_or_default(),
    );
    let mut xml = xml;
    if spec.sign_assertion {
        xml = xmldsig::fill_signature(&xml, "@DIGEST-A@", "@SIGNATURE-A@", &key.key, spec.hash, &spec.c14n)?;
    }
    if spec.sign_response {
        xml = xmldsig::fill_signature(&xml, "@DIGEST-R@", "@SIGNATURE-R@", &key.key, spec.hash, &spec.c14n)?;
    }
    Ok(xml)
}

/// The signed response, base64 (the `SAMLAssertion` parameter / the HTTP POST `SAMLResponse`).
pub fn mint_saml_response(key: &SamlSigningKey, spec: &SamlMint) -> Result<String, String> {
    Ok(base64::engine::general_purpose::STANDARD.encode(mint_saml_response_xml(key, spec)?))
}

/// A SAML metadata document for an identity provider with one signing certificate: what
/// `CreateSAMLProvider` takes as `SAMLMetadataDocument`. The `SingleSignOnService` location is
/// the entity ID when it is a URL, else a placeholder (nothing calls it offline).
pub fn metadata_document(entity_id: &str, certificate_der: &[u8]) -> String {
    let cert = base64::engine::general_purpose::STANDARD.encode(certificate_der);
    let sso = if entity_id.starts_with("https://") || entity_id.starts_with("http://") { entity_id.to_string() } else { "https://idp.sts-sim.invalid/sso".to_string() };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="{NS_MD}" entityID="{entity}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="{NS_SAMLP}">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="{NS_DS}">
        <ds:X509Data>
          <ds:X509Certificate>{cert}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#,
        entity = escape(entity_id),
        sso = escape(&sso),
    )
}

#[cfg(test)]
mod tests;
