//! XML for SAML, standards only: safe parsing (no DTD, bounded size and depth), Exclusive XML
//! Canonicalization 1.0 with and without comments, and enveloped XML Signatures with RSA
//! (verification and creation). What AWS does with a verified SAML response is in `saml.rs`.
//!
//! Sources:
//! * W3C "Exclusive XML Canonicalization Version 1.0" (2002), §3 (which namespace nodes are
//!   rendered), and "Canonical XML Version 1.0" §2.3 (the rendering: escaping, sorting, empty
//!   elements as start/end tag pairs).
//! * W3C "XML Signature Syntax and Processing Version 1.1" §3.2 (core validation: reference
//!   digests first, then the signature over the canonical `SignedInfo`), §6.6.4 (the
//!   enveloped-signature transform) and §6.1 (algorithm identifiers; RSAwithSHA1 stays required
//!   for verification of old signatures, SHA-1 is discouraged for new ones).
//! * OASIS SAML 2.0 Core §5.4: a SAML signature has exactly one `ds:Reference`, a same-document
//!   reference to the `ID` of the signed element (§5.4.2), with only the enveloped-signature and
//!   exclusive canonicalization transforms (§5.4.4).

use roxmltree::{Document, Node, NodeId, NodeType, ParsingOptions};

use crate::crypto::rsa;

pub const NS_DS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const NS_EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const ALG_EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const ALG_EXC_C14N_WITH_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
pub const ALG_ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// The most elements one message may nest; real SAML responses nest fewer than fifteen.
pub const MAX_DEPTH: usize = 64;
/// The most nodes one message may hold (elements, text, comments, attributes' owners).
pub const MAX_NODES: u32 = 50_000;

/// A digest algorithm of XML-DSig 1.1 §6.2 (and RFC 6931 for SHA-384): the hash function of
/// `crypto`, with its XML-DSig names below.
pub use crate::crypto::Hash as HashAlg;

impl HashAlg {
    pub fn digest_uri(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
            HashAlg::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            HashAlg::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            HashAlg::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    pub fn signature_uri(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            HashAlg::Sha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            HashAlg::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            HashAlg::Sha512 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        }
    }

    fn from_digest_uri(uri: &str) -> Option<HashAlg> {
        HashAlg::ALL.into_iter().find(|h| h.digest_uri() == uri)
    }

    fn from_signature_uri(uri: &str) -> Option<HashAlg> {
        HashAlg::ALL.into_iter().find(|h| h.signature_uri() == uri)
    }
}

/// Parses untrusted XML: any document type declaration is refused outright (no DTD, so no
/// entity expansion and no external entity can ever be reached; roxmltree would accept an
/// empty `<!DOCTYPE x>`), the node count is capped, and so is the element depth (the
/// canonicalizer recurses).
pub fn parse(text: &str) -> Result<Document<'_>, String> {
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return Err("the XML has a document type declaration (DOCTYPE/ENTITY), which is refused: no DTD, no entity expansion".into());
    }
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| format!("not well-formed XML: {e}"))?;
    for node in doc.descendants().filter(Node::is_element) {
        if node.ancestors().take(MAX_DEPTH + 2).count() > MAX_DEPTH + 1 {
            return Err(format!("the XML nests elements deeper than {MAX_DEPTH} levels"));
        }
    }
    Ok(doc)
}

/// The qualified name as written in the source (`saml:Assertion`): canonical XML keeps the
/// prefixes the document used, which roxmltree resolves away.
fn source_qname<'a>(node: Node<'a, '_>) -> Result<&'a str, String> {
    let input = node.document().input_text();
    let start = node.range().start;
    let rest = input.get(start + 1..).ok_or("element outside its document")?;
    let end = rest.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
    let name = &rest[..end];
    if name.is_empty() {
        return Err("element without a name".into());
    }
    Ok(name)
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

/// Which canonicalization, over which node set.
#[derive(Clone, Debug, Default)]
pub struct C14n {
    pub with_comments: bool,
    /// The `InclusiveNamespaces` `PrefixList` (`#default` names the default namespace).
    pub inclusive_prefixes: Vec<String>,
}

/// Exclusive XML Canonicalization 1.0 of the subtree at `apex`, minus the subtree at
/// `exclude` (the enveloped-signature transform removes the `ds:Signature` element).
pub fn canonicalize(apex: Node<'_, '_>, exclude: Option<NodeId>, c14n: &C14n) -> Result<Vec<u8>, String> {
    let mut out = String::new();
    let mut rendered: Vec<(String, String)> = Vec::new();
    write_element(apex, exclude, c14n, &mut rendered, &mut out, 0)?;
    Ok(out.into_bytes())
}

/// Exc-C14N §3: a namespace node is rendered when its prefix is visibly utilized by the element
/// (the element's own prefix, or a prefixed attribute's) or listed in the PrefixList (then the
/// inclusive rules apply: rendered when in scope), and the nearest output ancestor did not
/// already render the same prefix with the same URI. `rendered` is that ancestor chain.
fn write_element(
    node: Node<'_, '_>,
    exclude: Option<NodeId>,
    c14n: &C14n,
    rendered: &mut Vec<(String, String)>,
    out: &mut String,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("elements nest deeper than {MAX_DEPTH} levels"));
    }
    let input = node.document().input_text();
    let qname = source_qname(node)?;
    let mut wanted: Vec<&str> = vec![prefix_of(qname)];
    let mut attrs: Vec<(&str, &str, &str, &str)> = Vec::new();
    for a in node.attributes() {
        let aq = input.get(a.range_qname()).ok_or("attribute outside its document")?;
        let p = prefix_of(aq);
        if !p.is_empty() && p != "xml" {
            wanted.push(p);
        }
        attrs.push((a.namespace().unwrap_or(""), a.name(), aq, a.value()));
    }
    for p in &c14n.inclusive_prefixes {
        wanted.push(if p == "#default" { "" } else { p.as_str() });
    }
    wanted.sort_unstable();
    wanted.dedup();

    let mut decls: Vec<(String, String)> = Vec::new();
    for p in wanted {
        if p == "xml" {
            continue;
        }
        let in_effect = rendered.iter().rev().find(|(rp, _)| rp == p).map(|(_, u)| u.as_str());
        if p.is_empty() {
            // The default namespace: an empty one is "no namespace"; `xmlns=""` is only output
            // to undo a non-empty default an output ancestor rendered.
            let uri = node.default_namespace().unwrap_or("");
            if in_effect.unwrap_or("") != uri {
                decls.push((String::new(), uri.to_string()));
            }
        } else if let Some(uri) = node.lookup_namespace_uri(Some(p)) {
            if in_effect != Some(uri) {
                decls.push((p.to_string(), uri.to_string()));
            }
        }
        // A PrefixList entry not in scope has no namespace node: nothing to render. A visibly
        // utilized prefix is always in scope (roxmltree refuses unbound prefixes).
    }
    // C14N §2.3: namespace nodes sorted by local name (the default one first), then attributes
    // sorted by namespace URI (none first), then local name.
    decls.sort_unstable();
    attrs.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    out.push('<');
    out.push_str(qname);
    for (p, uri) in &decls {
        if p.is_empty() {
            out.push_str(" xmlns=\"");
        } else {
            out.push_str(" xmlns:");
            out.push_str(p);
            out.push_str("=\"");
        }
        escape_attr(uri, out);
        out.push('"');
    }
    for (_, _, aq, value) in &attrs {
        out.push(' ');
        out.push_str(aq);
        out.push_str("=\"");
        escape_attr(value, out);
        out.push('"');
    }
    out.push('>');

    let pushed = decls.len();
    rendered.extend(decls);
    for child in node.children() {
        if Some(child.id()) == exclude {
            continue;
        }
        match child.node_type() {
            NodeType::Element => write_element(child, exclude, c14n, rendered, out, depth + 1)?,
            NodeType::Text => escape_text(child.text().unwrap_or(""), out),
            NodeType::Comment => {
                if c14n.with_comments {
                    out.push_str("<!--");
                    out.push_str(child.text().unwrap_or(""));
                    out.push_str("-->");
                }
            }
            NodeType::PI => {
                if let Some(pi) = child.pi() {
                    out.push_str("<?");
                    out.push_str(pi.target);
                    if let Some(v) = pi.value.filter(|v| !v.is_empty()) {
                        out.push(' ');
                        out.push_str(v);
                    }
                    out.push_str("?>");
                }
            }
            NodeType::Root => {}
        }
    }
    rendered.truncate(rendered.len() - pushed);
    out.push_str("</");
    out.push_str(qname);
    out.push('>');
    Ok(())
}

/// C14N §2.3 text nodes: `&`, `<`, `>` and CR are replaced by references.
fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// C14N §2.3 attribute values: `&`, `<`, `"`, TAB, LF and CR are replaced by references.
fn escape_attr(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// The concatenated text of every text node under `node`, comments and processing
/// instructions skipped. This is the XPath string-value, and the only safe way to read a
/// signed value: taking the first text child (as `roxmltree::Node::text` does) would read
/// `alice@example.com` out of `alice@example.com<!---->.evil.com` while the signature (without
/// comments) covers `alice@example.com.evil.com` — the 2018 "comment truncation" attack.
pub fn string_value(node: Node<'_, '_>) -> String {
    node.descendants().filter(Node::is_text).filter_map(|t| t.text()).collect()
}

/// The element children of `node` in namespace `ns` named `local`.
pub fn children<'a, 'i>(node: Node<'a, 'i>, ns: &'a str, local: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == local)
}

pub fn child<'a, 'i>(node: Node<'a, 'i>, ns: &'a str, local: &'a str) -> Option<Node<'a, 'i>> {
    children(node, ns, local).next()
}

fn element_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn is_ds(node: Node<'_, '_>, local: &str) -> bool {
    node.tag_name().namespace() == Some(NS_DS) && node.tag_name().name() == local
}

/// Base64 as XML-DSig carries it (`ds:base64Binary`): whitespace anywhere is ignored.
pub use crate::crypto::der::decode_base64_text;

/// The parsed `ds:SignedInfo` of one enveloped signature.
#[derive(Clone, Debug)]
pub struct SignatureParts<'a, 'i> {
    pub signature: Node<'a, 'i>,
    pub signed_info: Node<'a, 'i>,
    pub signed_info_c14n: C14n,
    pub signature_alg: HashAlg,
    /// The `Reference` `URI` without its `#`.
    pub reference_id: String,
    pub reference_c14n: C14n,
    pub digest_alg: HashAlg,
    pub digest_value: Vec<u8>,
    pub signature_value: Vec<u8>,
}

fn c14n_method(algorithm: &str, method: Node<'_, '_>) -> Result<C14n, String> {
    let with_comments = match algorithm {
        ALG_EXC_C14N => false,
        ALG_EXC_C14N_WITH_COMMENTS => true,
        other => return Err(format!("canonicalization {other} is not supported (SAML core §5.4.3: exclusive canonicalization)")),
    };
    let inclusive_prefixes = match child(method, NS_EXC_C14N, "InclusiveNamespaces") {
        Some(inc) => inc.attribute("PrefixList").unwrap_or("").split_ascii_whitespace().map(str::to_string).collect(),
        None => Vec::new(),
    };
    Ok(C14n { with_comments, inclusive_prefixes })
}

/// Reads a `ds:Signature` element's structure (XML-DSig §4), restricted to what SAML core §5.4
/// allows: one `Reference` to `#ID`, the enveloped-signature transform, then exclusive
/// canonicalization.
pub fn signature_parts<'a, 'i>(signature: Node<'a, 'i>) -> Result<SignatureParts<'a, 'i>, String> {
    let mut kids = element_children(signature);
    let signed_info = kids.next().filter(|n| is_ds(*n, "SignedInfo")).ok_or("ds:Signature must start with ds:SignedInfo")?;
    let signature_value_node = kids.next().filter(|n| is_ds(*n, "SignatureValue")).ok_or("ds:SignedInfo must be followed by ds:SignatureValue")?;
    let signature_value = decode_base64_text(&string_value(signature_value_node)).ok_or("ds:SignatureValue is not base64")?;

    let mut si = element_children(signed_info);
    let cm = si.next().filter(|n| is_ds(*n, "CanonicalizationMethod")).ok_or("ds:SignedInfo must start with ds:CanonicalizationMethod")?;
    let signed_info_c14n = c14n_method(cm.attribute("Algorithm").unwrap_or(""), cm)?;
    let sm = si.next().filter(|n| is_ds(*n, "SignatureMethod")).ok_or("ds:CanonicalizationMethod must be followed by ds:SignatureMethod")?;
    let sm_alg = sm.attribute("Algorithm").unwrap_or("");
    let signature_alg = HashAlg::from_signature_uri(sm_alg).ok_or_else(|| format!("signature method {sm_alg} is not supported (RSA with SHA-1/256/384/512 are)"))?;
    if element_children(sm).next().is_some() {
        return Err("ds:SignatureMethod must be empty for RSA (an HMACOutputLength has no place here)".into());
    }
    let references: Vec<Node> = si.collect();
    if references.len() != 1 || !is_ds(references[0], "Reference") {
        return Err(format!("ds:SignedInfo must hold exactly one ds:Reference (SAML core §5.4.2); it holds {} element(s) after SignatureMethod", references.len()));
    }
    let reference = references[0];
    let uri = reference.attribute("URI").unwrap_or("");
    let reference_id = uri.strip_prefix('#').filter(|id| !id.is_empty()).ok_or_else(|| format!("the ds:Reference URI \"{uri}\" is not a same-document reference to an ID (SAML core §5.4.2)"))?;

    let mut rk = element_children(reference);
    let mut next = rk.next();
    let mut transforms: Vec<Node> = Vec::new();
    if let Some(t) = next.filter(|n| is_ds(*n, "Transforms")) {
        transforms = element_children(t).collect();
        next = rk.next();
    }
    let dm = next.filter(|n| is_ds(*n, "DigestMethod")).ok_or("ds:Reference must hold ds:DigestMethod")?;
    let dm_alg = dm.attribute("Algorithm").unwrap_or("");
    let digest_alg = HashAlg::from_digest_uri(dm_alg).ok_or_else(|| format!("digest method {dm_alg} is not supported"))?;
    let dv = rk.next().filter(|n| is_ds(*n, "DigestValue")).ok_or("ds:DigestMethod must be followed by ds:DigestValue")?;
    let digest_value = decode_base64_text(&string_value(dv)).ok_or("ds:DigestValue is not base64")?;
    if rk.next().is_some() {
        return Err("unexpected element after ds:DigestValue".into());
    }

    // SAML core §5.4.4: the enveloped-signature transform, then exclusive canonicalization.
    // Anything else (XPath, XSLT, a second c14n) is refused: each one is a way to make the
    // digest cover something other than the element that is read.
    let algs: Vec<&str> = transforms.iter().map(|t| t.attribute("Algorithm").unwrap_or("")).collect();
    if transforms.iter().any(|t| !is_ds(*t, "Transform")) {
        return Err("ds:Transforms may only hold ds:Transform elements".into());
    }
    let reference_c14n = match algs.as_slice() {
        [ALG_ENVELOPED_SIGNATURE, c14n] => c14n_method(c14n, transforms[1])?,
        _ => {
            return Err(format!(
                "the transforms must be enveloped-signature then exclusive canonicalization (SAML core §5.4.4); found [{}]",
                algs.join(", ")
            ));
        }
    };

    Ok(SignatureParts {
        signature,
        signed_info,
        signed_info_c14n,
        signature_alg,
        reference_id: reference_id.to_string(),
        reference_c14n,
        digest_alg,
        digest_value,
        signature_value,
    })
}

/// The element whose `ID` (or `Id`/`id`) attribute is `id`, when exactly one element has it.
pub fn element_by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, String> {
    let mut found = doc.descendants().filter(|n| n.is_element() && id_of(*n) == Some(id));
    let first = found.next().ok_or_else(|| format!("no element has ID \"{id}\""))?;
    if found.next().is_some() {
        return Err(format!("more than one element has ID \"{id}\""));
    }
    Ok(first)
}

/// An element's ID attribute (SAML's `ID`; `Id`/`id` are counted too so that no lookalike
/// can shadow it).
pub fn id_of<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes().find(|a| a.namespace().is_none() && matches!(a.name(), "ID" | "Id" | "id")).map(|a| a.value())
}

/// The result of one verified enveloped signature.
#[derive(Clone, Debug)]
pub struct VerifiedSignature {
    pub signed_element: NodeId,
    pub signature_alg: HashAlg,
    pub digest_alg: HashAlg,
    /// Index into the keys tried, of the key that verified.
    pub key_index: usize,
    pub with_comments: bool,
}

/// XML-DSig core validation (§3.2) of an enveloped signature: the reference must point, by a
/// unique ID, at the signature's own parent; that element, without the signature, canonicalized,
/// must hash to `DigestValue`; and the canonical `SignedInfo` must verify under one of `keys`.
pub fn verify_enveloped(doc: &Document<'_>, signature: Node<'_, '_>, keys: &[rsa::PublicKey]) -> Result<VerifiedSignature, String> {
    let parts = signature_parts(signature)?;
    let parent = signature.parent_element().ok_or("ds:Signature has no parent element")?;
    let target = element_by_id(doc, &parts.reference_id)?;
    if target.id() != parent.id() {
        return Err(format!(
            "the signature references #{} but is enveloped in another element ({}); only an enveloped signature over its own parent is accepted",
            parts.reference_id,
            parent.tag_name().name()
        ));
    }
    let canonical = canonicalize(target, Some(signature.id()), &parts.reference_c14n)?;
    if parts.digest_alg.digest(&canonical) != parts.digest_value {
        return Err(format!("the {} digest of #{} does not match ds:DigestValue: the signed content was changed", parts.digest_alg.name(), parts.reference_id));
    }
    let signed_info = canonicalize(parts.signed_info, None, &parts.signed_info_c14n)?;
    let hashed = parts.signature_alg.digest(&signed_info);
    for (i, key) in keys.iter().enumerate() {
        // RFC 8017 §8.2.2 step 1: the signature is exactly k bytes (checked inside).
        if key.verify(parts.signature_alg, &hashed, &parts.signature_value) {
            return Ok(VerifiedSignature {
                signed_element: target.id(),
                signature_alg: parts.signature_alg,
                digest_alg: parts.digest_alg,
                key_index: i,
                with_comments: parts.reference_c14n.with_comments,
            });
        }
    }
    Err(format!("the RSA-{} signature over ds:SignedInfo does not verify with any of the provider's {} signing key(s)", parts.signature_alg.name(), keys.len()))
}

/// The `ds:Signature` template minting fills in: `DIGEST` and `SIGNATURE` are replaced once the
/// digest (and then the signature over the canonical `SignedInfo`) is known.
pub fn signature_template(reference_id: &str, alg: HashAlg, reference_c14n: &C14n, digest_placeholder: &str, signature_placeholder: &str, certificate_b64: &str) -> String {
    let c14n_transform = match (reference_c14n.with_comments, reference_c14n.inclusive_prefixes.is_empty()) {
        (false, true) => format!("<ds:Transform Algorithm=\"{ALG_EXC_C14N}\"/>"),
        (comments, _) => format!(
            "<ds:Transform Algorithm=\"{}\"><ec:InclusiveNamespaces xmlns:ec=\"{NS_EXC_C14N}\" PrefixList=\"{}\"/></ds:Transform>",
            if comments { ALG_EXC_C14N_WITH_COMMENTS } else { ALG_EXC_C14N },
            reference_c14n.inclusive_prefixes.join(" ")
        ),
    };
    format!(
        concat!(
            "<ds:Signature xmlns:ds=\"{ds}\">",
            "<ds:SignedInfo>",
            "<ds:CanonicalizationMethod Algorithm=\"{c14n}\"/>",
            "<ds:SignatureMethod Algorithm=\"{sig}\"/>",
            "<ds:Reference URI=\"#{id}\">",
            "<ds:Transforms>",
            "<ds:Transform Algorithm=\"{env}\"/>",
            "{c14n_transform}",
            "</ds:Transforms>",
            "<ds:DigestMethod Algorithm=\"{dig}\"/>",
            "<ds:DigestValue>{dv}</ds:DigestValue>",
            "</ds:Reference>",
            "</ds:SignedInfo>",
            "<ds:SignatureValue>{sv}</ds:SignatureValue>",
            "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>",
            "</ds:Signature>"
        ),
        ds = NS_DS,
        c14n = ALG_EXC_C14N,
        sig = alg.signature_uri(),
        id = reference_id,
        env = ALG_ENVELOPED_SIGNATURE,
        dig = alg.digest_uri(),
        dv = digest_placeholder,
        sv = signature_placeholder,
        cert = certificate_b64,
        c14n_transform = c14n_transform,
    )
}

/// Fills one enveloped signature in `xml`: the `ds:Signature` whose `DigestValue` is
/// `digest_placeholder` (made by [`signature_template`]) gets the digest of its parent, then
/// the signature over its canonical `SignedInfo`. Uses the verifier's own parsing and
/// canonicalization, so what is signed is exactly what is checked.
pub fn fill_signature(
    xml: &str,
    digest_placeholder: &str,
    signature_placeholder: &str,
    key: &rsa::PrivateKey,
    alg: HashAlg,
    reference_c14n: &C14n,
) -> Result<String, String> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let digest = {
        let doc = parse(xml)?;
        let signature = placeholder_signature(&doc, digest_placeholder)?;
        let parent = signature.parent_element().ok_or("signature without parent")?;
        alg.digest(&canonicalize(parent, Some(signature.id()), reference_c14n)?)
    };
    let xml = xml.replacen(digest_placeholder, &b64.encode(digest), 1);
    let signature_value = {
        let doc = parse(&xml)?;
        let signature = doc
            .descendants()
            .find(|n| is_ds(*n, "Signature") && element_children(*n).nth(1).is_some_and(|sv| string_value(sv) == signature_placeholder))
            .ok_or("the signature template is missing")?;
        let signed_info = element_children(signature).next().ok_or("no SignedInfo")?;
        let hashed = alg.digest(&canonicalize(signed_info, None, &C14n::default())?);
        crate::federation::rsa_memo::sign(key, alg, &hashed).map_err(|e| format!("RSA signing failed: {e}"))?
    };
    Ok(xml.replacen(signature_placeholder, &b64.encode(signature_value), 1))
}

fn placeholder_signature<'a, 'i>(doc: &'a Document<'i>, digest_placeholder: &str) -> Result<Node<'a, 'i>, String> {
    doc.descendants()
        .filter(|n| is_ds(*n, "DigestValue") && string_value(*n) == digest_placeholder)
        .find_map(|dv| dv.ancestors().find(|a| is_ds(*a, "Signature")))
        .ok_or_else(|| "the signature template is missing".to_string())
}
