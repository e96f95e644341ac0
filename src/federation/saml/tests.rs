//! SAML federation tests. Pages cited: "Configure SAML assertions for the authentication
//! response" (IAM User Guide, below "Configure SAML assertions"), "AssumeRoleWithSAML" (STS API
//! Reference), "Available keys for SAML-based AWS STS federation" (IAM User Guide).

use std::sync::OnceLock;

use super::*;

const ENTITY: &str = "https://idp.example.com/saml";
const PROVIDER: &str = "arn:aws:iam::123456789012:saml-provider/ExampleIdP";
const ROLE: &str = "arn:aws:iam::123456789012:role/Federated";

fn now() -> i64 {
    parse_saml_instant("2026-11-25T12:00:00Z").unwrap()
}

/// RSA key generation is slow in debug builds: two keys for the whole test binary.
fn key() -> &'static SamlSigningKey {
    static KEY: OnceLock<SamlSigningKey> = OnceLock::new();
    KEY.get_or_init(|| SamlSigningKey::derive(1, ENTITY))
}

fn other_key() -> &'static SamlSigningKey {
    static KEY: OnceLock<SamlSigningKey> = OnceLock::new();
    KEY.get_or_init(|| SamlSigningKey::derive(2, ENTITY))
}

fn certificate(k: &SamlSigningKey) -> Vec<u8> {
    k.certificate(ENTITY, now() - 86_400_000, now() + 3650 * 86_400_000).unwrap()
}

fn metadata() -> &'static str {
    static MD: OnceLock<String> = OnceLock::new();
    MD.get_or_init(|| metadata_document(ENTITY, &certificate(key())))
}

fn spec() -> SamlMint {
    let mut s = SamlMint::new(ENTITY, "alice@example.com", (ROLE, PROVIDER), "alice", now() - 60_000);
    s.certificate = certificate(key());
    s.tags = vec![("Project".into(), "Marketing".into()), ("CostCenter".into(), "12345".into())];
    s.transitive_tag_keys = vec!["Project".into()];
    s.source_identity = Some("alice".into());
    s.session_duration = Some(1800);
    s.attributes = vec![
        ("urn:oid:1.3.6.1.4.1.5923.1.1.1.1".into(), vec!["staff".into(), "member".into()]),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress".into(), vec!["alice@example.com".into()]),
    ];
    s
}

fn mint_xml(s: &SamlMint) -> String {
    mint_saml_response_xml(key(), s).unwrap()
}

fn b64(xml: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(xml)
}

fn verify_with(xml: &str, md: &str, role: &str, principal: &str, at: i64) -> Result<VerifiedSamlAssertion, SamlError> {
    let assertion = b64(xml);
    let request = SamlRequest { role_arn: role, principal_arn: principal, saml_assertion: &assertion };
    verify_saml_response(&request, &SamlProviderRef { arn: PROVIDER, metadata_document: md }, at)
}

fn verify(xml: &str) -> Result<VerifiedSamlAssertion, SamlError> {
    verify_with(xml, metadata(), ROLE, PROVIDER, now())
}

fn refused(xml: &str) -> SamlError {
    match verify(xml) {
        Ok(v) => panic!("accepted: subject {}", v.subject),
        Err(e) => e,
    }
}

fn failed_check(e: &SamlError) -> &'static str {
    e.checks.last().map(|c| c.check).unwrap_or("")
}

#[test]
fn saml_round_trip() {
    let v = verify(&mint_xml(&spec())).unwrap();
    assert_eq!(v.issuer, ENTITY);
    assert_eq!(v.subject, "alice@example.com");
    // AssumeRoleWithSAML `SubjectType`: the nameid-format prefix is removed.
    assert_eq!(v.subject_type, "persistent");
    // `Audience` response element / saml:aud come from the Recipient.
    assert_eq!(v.recipient, AWS_SAML_ENDPOINT);
    assert_eq!((v.role_arn.as_str(), v.provider_arn.as_str()), (ROLE, PROVIDER));
    assert_eq!(v.role_session_name, "alice");
    assert_eq!(v.session_duration, Some(1800));
    assert_eq!(v.tags, vec![("Project".to_string(), "Marketing".to_string()), ("CostCenter".to_string(), "12345".to_string())]);
    assert_eq!(v.transitive_tag_keys, vec!["Project".to_string()]);
    assert_eq!(v.source_identity.as_deref(), Some("alice"));
    assert_eq!(v.signed, vec!["Response", "Assertion"]);
    assert_eq!(v.doc, "123456789012/ExampleIdP");
    let ctx = |k: &str| v.context.iter().find(|(key, _)| key == k).map(|(_, vals)| vals.clone());
    assert_eq!(ctx("saml:aud"), Some(vec![AWS_SAML_ENDPOINT.to_string()]));
    assert_eq!(ctx("saml:iss"), Some(vec![ENTITY.to_string()]));
    assert_eq!(ctx("saml:sub_type"), Some(vec!["persistent".to_string()]));
    assert_eq!(ctx("saml:doc"), Some(vec!["123456789012/ExampleIdP".to_string()]));
    assert_eq!(ctx("saml:edupersonaffiliation"), Some(vec!["staff".to_string(), "member".to_string()]));
    assert_eq!(ctx("saml:mail"), Some(vec!["alice@example.com".to_string()]));
    assert!(v.checks.iter().all(|c| c.passed));
    // The base64 form is what AssumeRoleWithSAML takes.
    let b = mint_saml_response(key(), &spec()).unwrap();
    let request = SamlRequest { role_arn: ROLE, principal_arn: PROVIDER, saml_assertion: &b };
    assert!(verify_saml_response(&request, &SamlProviderRef { arn: PROVIDER, metadata_document: metadata() }, now()).is_ok());
}

#[test]
fn saml_name_qualifier_follows_the_documented_pseudocode() {
    // AssumeRoleWithSAML, `NameQualifier`: BASE64 ( SHA1 ( "https://example.com/saml" +
    // "123456789012" + "/MySAMLIdP" ) ). Expected value computed with Python's hashlib.
    assert_eq!(
        name_qualifier("https://example.com/saml", "arn:aws:iam::123456789012:saml-provider/MySAMLIdP").as_deref(),
        Some("1uAJanUnBc2XeUkHURMht+xam2c=")
    );
}

#[test]
fn saml_either_signature_placement_verifies() {
    for (response, assertion) in [(true, false), (false, true)] {
        let mut s = spec();
        s.sign_response = response;
        s.sign_assertion = assertion;
        let v = verify(&mint_xml(&s)).unwrap();
        assert_eq!(v.signed, if response { vec!["Response"] } else { vec!["Assertion"] });
    }
    let mut s = spec();
    s.sign_response = false;
    s.sign_assertion = false;
    let e = refused(&mint_xml(&s));
    assert_eq!((e.code, e.message.as_str()), (INVALID_IDENTITY_TOKEN, "Response signature invalid"));
}

#[test]
fn saml_rsa_sha1_is_accepted_and_flagged() {
    let mut s = spec();
    s.hash = HashAlg::Sha1;
    let v = verify(&mint_xml(&s)).unwrap();
    let sig = v.checks.iter().find(|c| c.check == "signature").unwrap();
    assert!(sig.detail.contains("SHA-1: deprecated"), "{}", sig.detail);
}

#[test]
fn saml_wrong_signature_value_is_refused() {
    let xml = mint_xml(&spec());
    let start = xml.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
    let mut bytes = xml.into_bytes();
    bytes[start + 10] = if bytes[start + 10] == b'A' { b'B' } else { b'A' };
    let e = refused(&String::from_utf8(bytes).unwrap());
    assert_eq!((e.code, e.message.as_str(), failed_check(&e)), (INVALID_IDENTITY_TOKEN, "Response signature invalid", "signature"));
}

#[test]
fn saml_swapped_certificate_is_refused() {
    let md = metadata_document(ENTITY, &certificate(other_key()));
    let e = verify_with(&mint_xml(&spec()), &md, ROLE, PROVIDER, now()).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (INVALID_IDENTITY_TOKEN, "Response signature invalid"));
    // The KeyInfo certificate in the response is not trusted: swapping it for the other key's
    // certificate (and re-signing with the other key) changes nothing.
    let mut s = spec();
    s.certificate = certificate(other_key());
    let forged = mint_saml_response_xml(other_key(), &s).unwrap();
    assert_eq!(refused(&forged).message, "Response signature invalid");
}

/// The assertion element (with its signature) and the same element unsigned, renamed and
/// re-identified: the attacker's.
fn split_assertion(xml: &str) -> (String, String) {
    let start = xml.find("<saml:Assertion ").unwrap();
    let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    let original = xml[start..end].to_string();
    let mut evil = original.clone();
    if let (Some(s), Some(e)) = (evil.find("<ds:Signature"), evil.find("</ds:Signature>")) {
        evil.replace_range(s..e + "</ds:Signature>".len(), "");
    }
    let evil = evil.replace("alice@example.com", "mallory@evil.example").replace("ID=\"_a", "ID=\"_evil");
    (original, evil)
}

#[test]
fn saml_signature_wrapping_variants_are_refused() {
    for sign_response in [false, true] {
        let mut s = spec();
        s.sign_response = sign_response;
        let xml = mint_xml(&s);
        let (original, evil) = split_assertion(&xml);
        let variants = [
            ("evil before", xml.replace(&original, &format!("{evil}{original}"))),
            ("evil after", xml.replace(&original, &format!("{original}{evil}"))),
            (
                "signed moved into Extensions",
                xml.replace(&original, &evil).replace("<samlp:Status>", &format!("<samlp:Extensions>{original}</samlp:Extensions><samlp:Status>")),
            ),
            ("evil with the same ID", xml.replace(&original, &format!("{}{original}", evil.replace("ID=\"_evil", "ID=\"_a")))),
            (
                "signed moved into the signature's Object",
                xml.replace(&original, &evil).replacen("</ds:Signature>", &format!("<ds:Object>{original}</ds:Object></ds:Signature>"), 1),
            ),
        ];
        for (name, wrapped) in variants {
            let e = match verify(&wrapped) {
                Ok(v) => panic!("{name} (sign_response {sign_response}): accepted as {}", v.subject),
                Err(e) => e,
            };
            assert_eq!(e.code, INVALID_IDENTITY_TOKEN, "{name}");
        }
    }
}

#[test]
fn saml_a_signature_over_another_element_is_refused() {
    // The assertion-only signature copied next to an unsigned evil assertion: its Reference
    // names the original's ID, which is not its parent.
    let mut s = spec();
    s.sign_response = false;
    let xml = mint_xml(&s);
    let (original, evil) = split_assertion(&xml);
    let sig_start = original.find("<ds:Signature").unwrap();
    let sig_end = original.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let signature = &original[sig_start..sig_end];
    let evil_signed = evil.replacen("</saml:Issuer>", &format!("</saml:Issuer>{signature}"), 1);
    let e = refused(&xml.replace(&original, &evil_signed));
    assert_eq!(failed_check(&e), "signature");
}

#[test]
fn saml_expired_and_not_yet_valid() {
    let xml = mint_xml(&spec());
    // Minted at now-60s with a five-minute window.
    let e = verify_with(&xml, metadata(), ROLE, PROVIDER, now() + 240_000).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (EXPIRED_TOKEN, "Response has expired"));
    let e = verify_with(&xml, metadata(), ROLE, PROVIDER, now() - 120_000).unwrap_err();
    assert_eq!((e.code, failed_check(&e)), (INVALID_IDENTITY_TOKEN, "validity"));
    assert!(verify_with(&xml, metadata(), ROLE, PROVIDER, now() + 239_000).is_ok());
}

#[test]
fn saml_wrong_audience_recipient_issuer() {
    // "For the value of the Audience element, specify either https://signin.aws.amazon.com/saml
    // or urn:amazon:webservices" (Configure SAML assertions, AudienceRestriction).
    let mut s = spec();
    s.audience = "https://sp.example.com/".into();
    assert_eq!(failed_check(&refused(&mint_xml(&s))), "audience");
    s.audience = AWS_AUDIENCE_URN.into();
    assert!(verify(&mint_xml(&s)).is_ok());
    s.audience = "https://us-west-2.signin.aws.amazon.com/saml".into();
    assert!(verify(&mint_xml(&s)).is_ok());

    // Recipient "must match the AWS endpoint" (Configure SAML assertions, Subject and NameID).
    let mut s = spec();
    s.recipient = "https://evil.example.com/saml".into();
    assert_eq!(failed_check(&refused(&mint_xml(&s))), "recipient");
    for ok in ["https://eu-west-1.signin.aws.amazon.com/saml", "https://signin.aws.amazon.com/static/saml"] {
        s.recipient = ok.into();
        assert_eq!(verify(&mint_xml(&s)).unwrap().recipient, ok);
    }

    let mut s = spec();
    s.issuer = "https://other-idp.example.com".into();
    let e = refused(&mint_xml(&s));
    assert_eq!((e.code, e.message.as_str()), (INVALID_IDENTITY_TOKEN, "Issuer not present in specified provider"));
}

#[test]
fn saml_role_pairs() {
    // Reversed inside the attribute value (provider,role): accepted (our reading, see
    // verify_saml_response).
    let mut s = spec();
    s.roles = vec![(PROVIDER.into(), ROLE.into())];
    let v = verify(&mint_xml(&s)).unwrap();
    assert_eq!(v.roles, vec![(ROLE.to_string(), PROVIDER.to_string())]);

    let xml = mint_xml(&spec());
    // The request's RoleArn and PrincipalArn swapped.
    let e = verify_with(&xml, metadata(), PROVIDER, ROLE, now()).unwrap_err();
    assert_eq!(failed_check(&e), "role");
    // A pair with the wrong provider.
    let mut s = spec();
    s.roles = vec![(ROLE.into(), "arn:aws:iam::123456789012:saml-provider/Other".into())];
    assert_eq!(failed_check(&refused(&mint_xml(&s))), "role");
    // Another role than the one requested.
    let e = verify_with(&xml, metadata(), "arn:aws:iam::123456789012:role/Admin", PROVIDER, now()).unwrap_err();
    assert_eq!(failed_check(&e), "role");
    // Several pairs: the requested one is picked.
    let mut s = spec();
    s.roles = vec![("arn:aws:iam::123456789012:role/Other".into(), PROVIDER.into()), (ROLE.into(), PROVIDER.into())];
    assert_eq!(verify(&mint_xml(&s)).unwrap().roles.len(), 2);
}

#[test]
fn saml_role_session_name_and_duration() {
    let mut s = spec();
    s.session_name = None;
    let e = refused(&mint_xml(&s));
    assert_eq!((e.code, e.message.as_str()), (INVALID_IDENTITY_TOKEN, "RoleSessionName is required in AuthnResponse"));
    s.session_name = Some("John Doe".into());
    let e = refused(&mint_xml(&s));
    assert_eq!(e.message, "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
    // SessionDuration: "The value can range from 900 seconds (15 minutes) to 43200 seconds".
    let mut s = spec();
    s.session_duration = Some(899);
    assert_eq!(failed_check(&refused(&mint_xml(&s))), "session-duration");
    s.session_duration = Some(43_200);
    assert_eq!(verify(&mint_xml(&s)).unwrap().session_duration, Some(43_200));
}

#[test]
fn saml_status_other_than_success_is_idp_rejected_claim() {
    let xml = mint_xml(&spec()).replace("status:Success", "status:Responder");
    assert_eq!(refused(&xml).code, IDP_REJECTED_CLAIM);
}

#[test]
fn saml_doctype_and_entity_bombs_are_refused() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol2;</samlp:Response>"#;
    let e = refused(bomb);
    assert_eq!(failed_check(&e), "xml");
    assert!(e.checks.last().unwrap().detail.contains("DOCTYPE"));
    // A DOCTYPE in front of a genuine signed response is refused too.
    let xml = mint_xml(&spec()).replacen("?>", "?><!DOCTYPE samlp:Response>", 1);
    assert_eq!(failed_check(&refused(&xml)), "xml");
    let external = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
    assert_eq!(failed_check(&refused(external)), "xml");
    let deep = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    assert_eq!(failed_check(&refused(&deep)), "xml");
}

#[test]
fn saml_comment_inside_name_id_does_not_truncate_the_identity() {
    // The 2018 comment-truncation attack (CVE-2017-11427 and siblings): the signature (exclusive
    // c14n without comments) ignores the comment; the identity read must be the whole value.
    let mut s = spec();
    s.subject = "alice@example.com.evil.example".into();
    s.sign_response = false;
    let xml = mint_xml(&s).replace(">alice@example.com.evil.example<", ">alice@example.com<!---->.evil.example<");
    assert!(xml.contains("<!---->"));
    let v = verify(&xml).unwrap();
    assert_eq!(v.subject, "alice@example.com.evil.example");
    assert_eq!(v.context.iter().find(|(k, _)| k == "saml:sub").unwrap().1, vec!["alice@example.com.evil.example".to_string()]);
}

#[test]
fn saml_every_single_byte_change_is_refused_or_harmless() {
    // Each byte flipped in turn: the response is refused, or (a byte outside the signed content:
    // KeyInfo, insignificant whitespace, the XML declaration) what is read is unchanged.
    let mut s = spec();
    s.sign_response = false; // the assertion's signature alone guards the content
    let xml = mint_xml(&s);
    let base = verify(&xml).unwrap();
    let fingerprint = |v: &VerifiedSamlAssertion| {
        format!("{}|{}|{}|{:?}|{}|{:?}|{:?}|{:?}|{}|{:?}", v.issuer, v.subject, v.subject_type, v.roles, v.role_session_name, v.session_duration, v.tags, v.attributes, v.not_on_or_after_ms, v.audiences)
    };
    let expected = fingerprint(&base);
    let (a_start, a_end) = (xml.find("<saml:Assertion ").unwrap(), xml.find("</saml:Assertion>").unwrap() + 17);
    let (k_start, k_end) = (xml.find("<ds:KeyInfo>").unwrap(), xml.find("</ds:KeyInfo>").unwrap());
    let mut accepted_inside = Vec::new();
    for i in 0..xml.len() {
        let mut bytes = xml.clone().into_bytes();
        bytes[i] ^= if bytes[i].is_ascii_alphanumeric() { 0x01 } else { 0x20 };
        let Ok(mutated) = String::from_utf8(bytes) else { continue };
        if let Ok(v) = verify(&mutated) {
            assert_eq!(fingerprint(&v), expected, "byte {i} ({:?}) changed what is read", &xml[i.saturating_sub(20)..(i + 20).min(xml.len())]);
            if (a_start..a_end).contains(&i) && !(k_start..k_end).contains(&i) {
                accepted_inside.push(i);
            }
        }
    }
    // Inside the signed assertion, outside KeyInfo, only whitespace between attributes could
    // change harmlessly; flipping a space (0x20 ^ 0x20 = NUL) is never well-formed, so none is.
    assert!(accepted_inside.is_empty(), "accepted changes at {accepted_inside:?}");
}

#[test]
fn saml_metadata_and_certificate() {
    let md = parse_metadata(metadata()).unwrap();
    assert_eq!(md.entity_id, ENTITY);
    assert_eq!(md.keys, vec![key().public_key()]);
    assert!(parse_metadata("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>").is_err());
    // Our certificate round-trips through our DER walk; OpenSSL's is read in the next test.
    let der = certificate(key());
    assert_eq!(x509::rsa_public_key(&der).unwrap(), key().public_key());
    assert!(x509::rsa_public_key(&der[..der.len() - 1]).is_err());
}

#[test]
fn saml_reads_an_openssl_certificate() {
    // A self-signed certificate made by OpenSSL (an independent X.509 implementation), with
    // extensions and a v3 header: the DER walk finds its key.
    let pem = include_str!("../../../tests/data/saml/openssl-cert.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = xmldsig::decode_base64_text(&body).unwrap();
    let key = x509::rsa_public_key(&der).unwrap();
    assert_eq!(key.size(), 256);
}

#[test]
fn saml_exclusive_c14n() {
    // Exc-C14N §3: only visibly utilized namespaces are rendered, where first utilized;
    // attributes sorted; empty elements expanded; comments kept only WithComments; the
    // PrefixList renders a listed in-scope prefix.
    let xml = r#"<a:root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:u"><a:x z="1" b:y="2" a="&amp;&lt;&quot;"/><!-- c --><b:w>t&gt;<![CDATA[<&]]></b:w><p xmlns="urn:d"><q/></p></a:root>"#;
    let doc = xmldsig::parse(xml).unwrap();
    let root = doc.root_element();
    let plain = String::from_utf8(xmldsig::canonicalize(root, None, &xmldsig::C14n::default()).unwrap()).unwrap();
    assert_eq!(
        plain,
        r#"<a:root xmlns:a="urn:a"><a:x xmlns:b="urn:b" a="&amp;&lt;&quot;" z="1" b:y="2"></a:x><b:w xmlns:b="urn:b">t&gt;&lt;&amp;</b:w><p xmlns="urn:d"><q></q></p></a:root>"#
    );
    let with = xmldsig::C14n { with_comments: true, inclusive_prefixes: vec!["unused".into()] };
    let commented = String::from_utf8(xmldsig::canonicalize(root, None, &with).unwrap()).unwrap();
    assert_eq!(
        commented,
        r#"<a:root xmlns:a="urn:a" xmlns:unused="urn:u"><a:x xmlns:b="urn:b" a="&amp;&lt;&quot;" z="1" b:y="2"></a:x><!-- c --><b:w xmlns:b="urn:b">t&gt;&lt;&amp;</b:w><p xmlns="urn:d"><q></q></p></a:root>"#
    );
    // A subtree alone carries the declarations it uses, not its ancestors' others.
    let x = root.first_element_child().unwrap();
    assert_eq!(
        String::from_utf8(xmldsig::canonicalize(x, None, &xmldsig::C14n::default()).unwrap()).unwrap(),
        r#"<a:x xmlns:a="urn:a" xmlns:b="urn:b" a="&amp;&lt;&quot;" z="1" b:y="2"></a:x>"#
    );
    // xmlns="" undoes a default namespace an output ancestor rendered.
    let doc = xmldsig::parse(r#"<r xmlns="urn:d"><s xmlns=""/></r>"#).unwrap();
    assert_eq!(String::from_utf8(xmldsig::canonicalize(doc.root_element(), None, &xmldsig::C14n::default()).unwrap()).unwrap(), r#"<r xmlns="urn:d"><s xmlns=""></s></r>"#);
}

#[test]
fn saml_instants() {
    assert_eq!(parse_saml_instant("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_saml_instant("2013-11-05T02:06:42.876Z"), Some(1_383_617_202_876));
    assert_eq!(parse_saml_instant("2013-11-05T02:06:42+00:00"), Some(1_383_617_202_000));
    assert_eq!(parse_saml_instant("2013-11-05T02:06:42+02:00"), None);
    assert_eq!(parse_saml_instant("2013-13-05T02:06:42Z"), None);
    assert_eq!(parse_saml_instant("yesterday"), None);
}

#[test]
fn saml_size_and_garbage() {
    let request = SamlRequest { role_arn: ROLE, principal_arn: PROVIDER, saml_assertion: "abc" };
    let e = verify_saml_response(&request, &SamlProviderRef { arn: PROVIDER, metadata_document: metadata() }, now()).unwrap_err();
    assert_eq!(e.code, "ValidationError");
    let request = SamlRequest { role_arn: ROLE, principal_arn: PROVIDER, saml_assertion: "!!!! not base64" };
    let e = verify_saml_response(&request, &SamlProviderRef { arn: PROVIDER, metadata_document: metadata() }, now()).unwrap_err();
    assert_eq!((e.code, failed_check(&e)), (INVALID_IDENTITY_TOKEN, "base64"));
    assert_eq!(failed_check(&refused("<samlp:Response")), "xml");
}

#[cfg(not(target_arch = "wasm32"))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn saml_verify_never_panics_on_arbitrary_text(s in ".{0,400}") {
            let _ = verify(&s);
            let request = SamlRequest { role_arn: ROLE, principal_arn: PROVIDER, saml_assertion: &s };
            let _ = verify_saml_response(&request, &SamlProviderRef { arn: PROVIDER, metadata_document: &s }, now());
            let _ = parse_metadata(&s);
            let _ = x509::rsa_public_key(s.as_bytes());
        }

        #[test]
        fn saml_verify_never_panics_on_mutated_responses(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            static XML: OnceLock<String> = OnceLock::new();
            let xml = XML.get_or_init(|| mint_xml(&spec()));
            let mut bytes = xml.clone().into_bytes();
            for (at, b) in edits {
                let i = at % bytes.len();
                bytes[i] = b;
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let _ = verify(&text);
        }

        #[test]
        fn saml_der_walk_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = x509::subject_public_key_info(&bytes);
        }
    }
}

/// Responses signed by an independent implementation (Python signxml 5.2 on lxml/libxml2's
/// canonicalizer), made by tests/data/saml/make_signxml_response.py with a throwaway key.
#[test]
fn saml_verifies_responses_signed_by_signxml() {
    let md = include_str!("../../../tests/data/saml/signxml-metadata.xml");
    let at = parse_saml_instant("2026-11-25T12:00:00Z").unwrap();
    let xml = include_str!("../../../tests/data/saml/signxml-response.xml");
    let v = verify_with(xml, md, ROLE, PROVIDER, at).unwrap();
    assert_eq!(v.subject, "_9f86d081884c7d659a2feaa0c55ad015");
    assert_eq!(v.subject_type, "transient");
    assert_eq!(v.audiences, vec![AWS_AUDIENCE_URN.to_string()]);
    assert_eq!(v.role_session_name, "bob@example.com");
    assert_eq!(v.tags, vec![("Team".to_string(), "Blue & Green".to_string())]);
    assert_eq!(v.signed, vec!["Assertion"]);
    // One changed character in the signed content is refused.
    assert_eq!(failed_check(&verify_with(&xml.replace("Blue &amp; Green", "Blue &amp; Gray"), md, ROLE, PROVIDER, at).unwrap_err()), "signature");
    // Our own metadata (another key) does not verify it.
    assert_eq!(failed_check(&verify_with(xml, metadata(), ROLE, PROVIDER, at).unwrap_err()), "signature");

    // Exclusive c14n WithComments, and a comment
    // inside a signed value: the comment is signed, the value read is the whole text.
    let xml = include_str!("../../../tests/data/saml/signxml-response-comments.xml");
    let v = verify_with(xml, md, ROLE, PROVIDER, at).unwrap();
    assert_eq!(v.role_session_name, "bob@example.com");
    // With comments in the digest, removing or adding one breaks the signature.
    let e = verify_with(&xml.replace("<!-- mail -->", ""), md, ROLE, PROVIDER, at).unwrap_err();
    assert_eq!(failed_check(&e), "signature");
}

#[test]
fn saml_mint_with_comments_and_without_prefix_list() {
    for c14n in [xmldsig::C14n { with_comments: true, inclusive_prefixes: vec!["xs".into()] }, xmldsig::C14n::default()] {
        let mut s = spec();
        s.c14n = c14n.clone();
        let xml = mint_xml(&s);
        assert!(verify(&xml).is_ok(), "{c14n:?}");
        let commented = xml.replace(">alice@example.com</saml:NameID>", ">alice@example.com<!---->.evil</saml:NameID>");
        if c14n.with_comments {
            assert_eq!(failed_check(&refused(&commented)), "signature");
        } else {
            // Without comments the digest holds, but the text changed: refused all the same.
            assert_eq!(failed_check(&refused(&commented)), "signature");
        }
    }
}
