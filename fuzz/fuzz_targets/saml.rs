//! SAML response parsing and verification (AssumeRoleWithSAML). Modes (first byte):
//! - raw: the bytes as XML, base64-encoded into `SAMLAssertion`, verified against the fixture
//!   provider; also parsed as IdP metadata, and canonicalized (exclusive c14n, with and without
//!   comments) as the signature code does;
//! - grammar: a SAML `Response` built from parts (issuer, status, 0–2 assertions, subject,
//!   conditions, audience, authn statement, attributes, namespace prefixes, comments, CDATA and
//!   character references), with enveloped-signature templates placed on the response and/or
//!   assertions, referencing their own or another element's ID, then *signed with the
//!   provider's key* through sts-sim's own `xmldsig::fill_signature`: the verifier sees valid
//!   signatures over odd documents, including signature-wrapping shapes;
//! - mint: `sim.mintSamlResponse` with arbitrary request fields, then AssumeRoleWithSAML.

#![no_main]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use sts_sim::crypto::rsa;
use sts_sim::federation::saml::{self, SamlProviderRef, SamlRequest, xmldsig};
use sts_sim::sts::saml_provider::MintRequest;
use sts_sim::sts::sim::Where;
use sts_sim_fuzz::vocab::*;
use sts_sim_fuzz::{chance, fixture, word};

const PROVIDER: &str = "arn:aws:iam::111122223333:saml-provider/KeyedIdP";
const ROLE: &str = "arn:aws:iam::111122223333:role/KeyedRole";

/// (metadata document, entity ID, certificate base64, private key) of the fixture provider.
fn provider() -> &'static (String, String, String, rsa::PrivateKey) {
    static P: OnceLock<(String, String, String, rsa::PrivateKey)> = OnceLock::new();
    P.get_or_init(|| {
        let metadata = fixture::sim().saml_metadata(PROVIDER).expect("fixture SAML provider");
        let parsed = saml::parse_metadata(&metadata).expect("fixture metadata parses");
        let cert = base64::engine::general_purpose::STANDARD.encode(parsed.certificates.first().expect("a certificate"));
        let key = rsa::PrivateKey::from_pem(fixture::SAML_SIGNING_KEY).expect("fixture RSA key");
        (metadata, parsed.entity_id, cert, key)
    })
}

const NS_SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// Text for element content or an attribute value: escaped vocabulary, or now and then raw
/// markup (comments, CDATA, character and entity references) where it is content.
fn text(u: &mut Unstructured, pool: &[&str], content: bool) -> Result<String> {
    let w = word(u, pool)?;
    let escaped = w.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    if content && chance(u, 1, 10)? {
        let raw = *u.choose(&["<!--c-->", "<![CDATA[x<y]]>", "&#x41;", "&#0;", "&#xD;", "&amp;", "&unknown;", "<?pi x?>", "<x/>"])?;
        let at = if u.arbitrary()? { 0 } else { escaped.len() };
        return Ok(format!("{}{raw}{}", &escaped[..at], &escaped[at..]));
    }
    Ok(escaped)
}

fn instant(u: &mut Unstructured, offset_secs: i64) -> Result<String> {
    let at = fixture::NOW_MS + 1000 * offset_secs;
    Ok(if chance(u, 1, 10)? {
        word(u, &["2026-11-25T12:00:00Z", "2026-11-25T12:00:00.123456789Z", "2026-11-25T12:00:00+01:00", "2026-11-25", "", "9999-12-31T23:59:59Z"])?
    } else {
        sts_sim::sts::clock::iso8601(at)
    })
}

struct Doc {
    xml: String,
    /// (digest placeholder, signature placeholder) of each template, innermost first.
    templates: Vec<(String, String)>,
    hash: xmldsig::HashAlg,
    c14n: xmldsig::C14n,
}

impl Doc {
    fn signature(&mut self, u: &mut Unstructured, own_id: &str, ids: &[&str]) -> Result<String> {
        let n = self.templates.len();
        let (digest, signature) = (format!("@DIGEST-{n}@"), format!("@SIGNATURE-{n}@"));
        let reference = if chance(u, 1, 8)? { word(u, ids)? } else { own_id.to_string() };
        let t = xmldsig::signature_template(&reference, self.hash, &self.c14n, &digest, &signature, &provider().2);
        self.templates.push((digest, signature));
        Ok(t)
    }
}

fn maybe(u: &mut Unstructured, part: String) -> Result<String> {
    Ok(match u.int_in_range(0u8..=19)? {
        19 => String::new(),
        18 => format!("{part}{part}"),
        _ => part,
    })
}

fn assertion(u: &mut Unstructured, doc: &mut Doc, id: &str, ids: &[&str]) -> Result<String> {
    let issuer = if chance(u, 1, 8)? { text(u, &["https://idp.example.com/saml", ""], true)? } else { provider().1.clone() };
    let sig = if !chance(u, 1, 4)? { doc.signature(u, id, ids)? } else { String::new() };
    let format = word(u, &["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", ""])?;
    let subject_text = text(u, &["alice@example.com", "bob", ""], true)?;
    let recipient = text(u, &[saml::AWS_SAML_ENDPOINT, "https://us-east-1.signin.aws.amazon.com/saml", "https://evil.example.com/saml", ""], false)?;
    let audience = text(u, &[saml::AWS_SAML_ENDPOINT, saml::AWS_AUDIENCE_URN, "https://other", ""], true)?;
    let lifetime = *u.choose(&[300, 1, -1, 0, 43_200])?;
    let (nb, noa, sub_noa) = (instant(u, -60)?, instant(u, lifetime)?, instant(u, 300)?);
    let subject = maybe(
        u,
        format!(
            "<saml:Subject><saml:NameID Format=\"{format}\">{subject_text}</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData NotOnOrAfter=\"{sub_noa}\" Recipient=\"{recipient}\"/></saml:SubjectConfirmation></saml:Subject>"
        ),
    )?;
    let conditions = maybe(
        u,
        format!("<saml:Conditions NotBefore=\"{nb}\" NotOnOrAfter=\"{noa}\"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>"),
    )?;
    let session_noa = if chance(u, 1, 4)? {
        let limit = *u.choose(&[900, 3600, -1])?;
        format!(" SessionNotOnOrAfter=\"{}\"", instant(u, limit)?)
    } else {
        String::new()
    };
    let authn = maybe(u, format!("<saml:AuthnStatement AuthnInstant=\"{nb}\"{session_noa} SessionIndex=\"{id}\"/>"))?;
    let mut attributes = String::new();
    for _ in 0..u.int_in_range(0..=5)? {
        let name = text(u, &[
            saml::ATTR_ROLE,
            saml::ATTR_ROLE_SESSION_NAME,
            saml::ATTR_SESSION_DURATION,
            "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Project",
            "https://aws.amazon.com/SAML/Attributes/PrincipalTag:",
            saml::ATTR_TRANSITIVE_TAG_KEYS,
            saml::ATTR_SOURCE_IDENTITY,
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.1",
            "",
        ], false)?;
        let mut values = String::new();
        for _ in 0..u.int_in_range(0..=3)? {
            let v = text(u, &[
                "arn:aws:iam::111122223333:role/KeyedRole,arn:aws:iam::111122223333:saml-provider/KeyedIdP",
                "arn:aws:iam::111122223333:saml-provider/KeyedIdP,arn:aws:iam::111122223333:role/KeyedRole",
                "arn:aws:iam::111122223333:role/SamlTagged,arn:aws:iam::111122223333:saml-provider/KeyedIdP",
                "arn:aws:iam::111122223333:role/KeyedRole",
                "alice",
                "3600",
                "43201",
                "-1",
                "Blue",
                "staff",
                "",
            ], true)?;
            let ty = if chance(u, 1, 5)? { "" } else { " xsi:type=\"xs:string\"" };
            values.push_str(&format!("<saml:AttributeValue{ty}>{v}</saml:AttributeValue>"));
        }
        attributes.push_str(&format!("<saml:Attribute Name=\"{name}\">{values}</saml:Attribute>"));
    }
    let statement = maybe(u, format!("<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"))?;
    let (issuer, iid) = (format!("<saml:Issuer>{issuer}</saml:Issuer>"), instant(u, 0)?);
    Ok(format!(
        "<saml:Assertion xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{iid}\">{issuer}{sig}{subject}{conditions}{authn}{statement}</saml:Assertion>"
    ))
}

fn grammar(u: &mut Unstructured) -> Result<String> {
    let hash = *u.choose(&[xmldsig::HashAlg::Sha256, xmldsig::HashAlg::Sha256, xmldsig::HashAlg::Sha1, xmldsig::HashAlg::Sha384, xmldsig::HashAlg::Sha512])?;
    let c14n = xmldsig::C14n {
        with_comments: chance(u, 1, 6)?,
        inclusive_prefixes: if u.arbitrary()? { vec!["xs".into()] } else if chance(u, 1, 5)? { vec!["#default".into(), "saml".into()] } else { vec![] },
    };
    let mut doc = Doc { xml: String::new(), templates: Vec::new(), hash, c14n };
    let ids = ["_r", "_a0", "_a1", "_a0 ", "", "x"];
    let mut assertions = String::new();
    for i in 0..*u.choose(&[1, 1, 1, 0, 2])? {
        let id = if chance(u, 1, 10)? { word(u, &ids)? } else { format!("_a{i}") };
        let a = assertion(u, &mut doc, &id, &ids)?;
        // A signed assertion inside an extension element: a signature-wrapping shape.
        assertions.push_str(&if chance(u, 1, 10)? { format!("<samlp:Extensions>{a}</samlp:Extensions>") } else { a });
    }
    let response_sig = if chance(u, 1, 2)? { doc.signature(u, "_r", &ids)? } else { String::new() };
    let status = word(u, &["urn:oasis:names:tc:SAML:2.0:status:Success", "urn:oasis:names:tc:SAML:2.0:status:Requester", ""])?;
    let issuer = if chance(u, 1, 3)? { format!("<saml:Issuer>{}</saml:Issuer>", provider().1) } else { String::new() };
    let (ns_p, ns_a) = if chance(u, 1, 15)? { (NS_SAML, NS_SAMLP) } else { (NS_SAMLP, NS_SAML) };
    let comment = if chance(u, 1, 10)? { "<!-- idp -->" } else { "" };
    let destination = text(u, &[saml::AWS_SAML_ENDPOINT, "https://evil.example.com/"], false)?;
    let issued = instant(u, 0)?;
    doc.xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<samlp:Response xmlns:samlp=\"{ns_p}\" xmlns:saml=\"{ns_a}\" ID=\"_r\" Version=\"2.0\" IssueInstant=\"{issued}\" Destination=\"{destination}\">{comment}{issuer}{response_sig}<samlp:Status><samlp:StatusCode Value=\"{status}\"/></samlp:Status>{assertions}</samlp:Response>"
    );
    // Fill the signatures innermost first (assertions, then the response whose digest covers them).
    let key = &provider().3;
    let mut xml = doc.xml;
    for (digest, signature) in &doc.templates {
        if let Ok(signed) = xmldsig::fill_signature(&xml, digest, signature, key, doc.hash, &doc.c14n) {
            xml = signed;
        }
    }
    Ok(xml)
}

fn mint(u: &mut Unstructured) -> Result<Option<String>> {
    let req = MintRequest {
        subject: word(u, &["alice@example.com", "", "a<b&c\"d"])?,
        subject_type: if u.arbitrary()? { Some(word(u, &["persistent", "transient", "urn:x", ""])?) } else { None },
        roles: if chance(u, 1, 3)? {
            Some((0..u.int_in_range(0..=2)?).map(|_| Ok((word(u, ROLE_ARNS)?, word(u, &[PROVIDER, "arn:aws:iam::111122223333:saml-provider/OtherKeyIdP"])?))).collect::<Result<_>>()?)
        } else {
            None
        },
        session_name: if u.arbitrary()? { Some(word(u, SESSION_NAMES)?) } else { None },
        session_duration: if u.arbitrary()? { Some(u.arbitrary()?) } else { None },
        tags: (0..u.int_in_range(0..=3)?).map(|_| Ok((word(u, TAG_KEYS)?, word(u, TAG_VALUES)?))).collect::<Result<_>>()?,
        transitive_tag_keys: (0..u.int_in_range(0..=2)?).map(|_| word(u, TAG_KEYS)).collect::<Result<_>>()?,
        source_identity: if chance(u, 1, 3)? { Some(word(u, SESSION_NAMES)?) } else { None },
        attributes: (0..u.int_in_range(0..=2)?).map(|_| Ok((word(u, &["urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "x"])?, vec![word(u, TAG_VALUES)?]))).collect::<Result<_>>()?,
        issuer: if chance(u, 1, 6)? { Some(word(u, &["https://idp.example.com/saml"])?) } else { None },
        audience: if chance(u, 1, 6)? { Some(word(u, &[saml::AWS_AUDIENCE_URN, "x"])?) } else { None },
        recipient: if chance(u, 1, 6)? { Some(word(u, &[saml::AWS_SAML_ENDPOINT, "x"])?) } else { None },
        not_before_ms: if chance(u, 1, 6)? { Some(u.arbitrary()?) } else { None },
        not_on_or_after_ms: if chance(u, 1, 6)? { Some(u.arbitrary()?) } else { None },
        session_not_on_or_after_ms: if chance(u, 1, 6)? { Some(u.arbitrary()?) } else { None },
    };
    Ok(fixture::sim().mint_saml_response(PROVIDER, &req).ok())
}

fn assume(b64: &str, u: &mut Unstructured) -> Result<()> {
    let (metadata, ..) = provider();
    let role = word(u, &[ROLE, "arn:aws:iam::111122223333:role/SamlTagged", "arn:aws:iam::111122223333:role/SamlSubject", "arn:aws:iam::111122223333:role/SamlStaff"])?;
    let _ = saml::verify_saml_response(
        &SamlRequest { role_arn: &role, principal_arn: PROVIDER, saml_assertion: b64 },
        &SamlProviderRef { arn: PROVIDER, metadata_document: metadata },
        fixture::NOW_MS,
    );
    let mut sim = fixture::sim();
    let mut params = json!({ "RoleArn": role, "PrincipalArn": PROVIDER, "SAMLAssertion": b64 });
    if chance(u, 1, 4)? {
        params["DurationSeconds"] = json!(u.choose(&[900, 3600, 43200, 43201])?);
    }
    let answer = sim.call(None, "AssumeRoleWithSAML", &params, &Where::default());
    sts_sim_fuzz::note(&match &answer { Ok(_) => "issued".to_string(), Err(e) => format!("{} {} {}", e.code, e.message, sim.explanation().map(|x| x.to_string()).unwrap_or_default().chars().take(200).collect::<String>()) });
    if let Ok(answer) = answer {
        sts_sim_fuzz::issued_session(&mut sim, &answer, "a SAML session");
    }
    Ok(())
}

fn run(data: &[u8]) -> Result<()> {
    let Some((&mode, rest)) = data.split_first() else { return Ok(()) };
    let b64 = base64::engine::general_purpose::STANDARD;
    match mode % 4 {
        0 => {
            let xml = sts_sim_fuzz::text(rest);
            let _ = saml::parse_metadata(&xml);
            if let Ok(doc) = xmldsig::parse(&xml) {
                for c14n in [xmldsig::C14n::default(), xmldsig::C14n { with_comments: true, inclusive_prefixes: vec!["#default".into(), "xs".into()] }] {
                    let _ = xmldsig::canonicalize(doc.root_element(), None, &c14n);
                }
            }
            assume(&b64.encode(xml.as_bytes()), &mut Unstructured::new(&[]))
        }
        1 => assume(&sts_sim_fuzz::text(rest), &mut Unstructured::new(&[])),
        2 => {
            let mut u = Unstructured::new(rest);
            match mint(&mut u)? {
                Some(b) => assume(&b, &mut u),
                None => Ok(()),
            }
        }
        _ => {
            let mut u = Unstructured::new(rest);
            let xml = grammar(&mut u)?;
            assume(&b64.encode(xml.as_bytes()), &mut u)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
