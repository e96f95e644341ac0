"""Makes signxml-response.xml and signxml-metadata.xml: a SAML response whose assertion is
signed by an independent XML-DSig implementation (signxml on lxml/libxml2 c14n), for
src/federation/saml/tests.rs. Run once in a throwaway venv with `pip install signxml`; the
outputs are committed, the key is thrown away.
"""
import base64, datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import XMLSigner, methods

ENTITY = "https://idp.example.com/saml"
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2026, 1, 1)).not_valid_after(datetime.datetime(2036, 1, 1))
        .sign(key, hashes.SHA256()))
cert_pem = cert.public_bytes(serialization.Encoding.PEM)
cert_b64 = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()

response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_resp1" Version="2.0" IssueInstant="2026-11-25T11:59:00Z" Destination="https://signin.aws.amazon.com/saml">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">{ENTITY}</saml2:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_assertion1" Version="2.0" IssueInstant="2026-11-25T11:59:00Z">
    <saml2:Issuer>{ENTITY}</saml2:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"></ds:Signature>
    <saml2:Subject>
      <saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_9f86d081884c7d659a2feaa0c55ad015</saml2:NameID>
      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml2:SubjectConfirmationData NotOnOrAfter="2026-11-25T12:04:00Z" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml2:SubjectConfirmation>
    </saml2:Subject>
    <saml2:Conditions NotBefore="2026-11-25T11:59:00Z" NotOnOrAfter="2026-11-25T12:04:00Z">
      <saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction>
    </saml2:Conditions>
    <saml2:AttributeStatement>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <saml2:AttributeValue xsi:type="xs:string">arn:aws:iam::123456789012:role/Federated,arn:aws:iam::123456789012:saml-provider/ExampleIdP</saml2:AttributeValue>
      </saml2:Attribute>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <saml2:AttributeValue xsi:type="xs:string">bob@example.com</saml2:AttributeValue>
      </saml2:Attribute>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team">
        <saml2:AttributeValue xsi:type="xs:string">Blue &amp; Green</saml2:AttributeValue>
      </saml2:Attribute>
    </saml2:AttributeStatement>
  </saml2:Assertion>
</samlp:Response>"""

def sign(text, c14n, prefixes, out):
    root = etree.fromstring(text.encode())
    assertion = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256", c14n_algorithm=c14n)
    signed = signer.sign(assertion, key=key, cert=cert_pem.decode(), reference_uri="_assertion1", inclusive_ns_prefixes=prefixes)
    root.replace(assertion, signed)
    open(out, "wb").write(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

sign(response, "http://www.w3.org/2001/10/xml-exc-c14n#", None, "signxml-response.xml")
# Exclusive c14n WithComments; a comment inside a signed value (covered by the digest here, so
# it is part of what was signed). No inclusive_ns_prefixes: signxml 5.2 then writes the
# InclusiveNamespaces only under SignedInfo's CanonicalizationMethod yet also applies the
# PrefixList to the Reference's transform, a digest no spec-following verifier reproduces.
sign(response.replace(">bob@example.com<", ">bob@<!-- mail -->example.com<"),
     "http://www.w3.org/2001/10/xml-exc-c14n#WithComments", None, "signxml-response-comments.xml")
open("signxml-metadata.xml", "w").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{ENTITY}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{cert_b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{ENTITY}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
""")
