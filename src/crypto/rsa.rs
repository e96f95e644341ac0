//! RSA: RSASSA-PKCS1-v1_5 signatures (RFC 8017 §8.2, EMSA-PKCS1-v1_5 §9.2), key generation
//! (FIPS 186-5 Appendix A.1.3), and the key encodings: PKCS#1 `RSAPrivateKey` and
//! `RSAPublicKey` (RFC 8017 Appendix A.1), PKCS#8 (RFC 5208) and SubjectPublicKeyInfo
//! (RFC 5280 §4.1.2.7, algorithm rsaEncryption with NULL parameters, RFC 8017 Appendix C).
//!
//! Keys are checked as the `rsa` crate this replaces checked them, with its messages: the
//! checks are part of the simulator's observable behaviour (which keys a world may hold).

use core::ops::RangeInclusive;

use super::Hash;
use super::bigint::{Monty, Uint};
use super::der;
use super::prime;
use crate::rng::SimRng;

/// 1.2.840.113549.1.1.1 rsaEncryption.
const OID_RSA_ENCRYPTION: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.2.840.113549.1.1.10 id-RSASSA-PSS: a public key restricted to PSS; accepted without
/// parameters (its key is an `RSAPublicKey` all the same), as the `rsa` crate accepted it.
const OID_RSASSA_PSS: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// The DER of NULL, rsaEncryption's parameters.
const DER_NULL: [u8; 2] = [der::NULL, 0];

/// The public exponent of generated keys (FIPS 186-5 A.1.1: odd, 2¹⁶ < e < 2²⁵⁶; 65537 is what
/// every toolkit uses).
pub const E: u32 = 65537;

/// `DigestInfo` prefixes: the DER of `AlgorithmIdentifier` and the OCTET STRING header in front
/// of the hash (RFC 8017 §9.2, Note 1).
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha1 => &[0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
        Hash::Sha256 => &[0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
        Hash::Sha384 => &[0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
        Hash::Sha512 => &[0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
    }
}

/// EMSA-PKCS1-v1_5-ENCODE (RFC 8017 §9.2) of an already computed hash, for a `k`-byte modulus:
/// `0x00 0x01 0xff… 0x00 DigestInfo`.
fn emsa_pkcs1_v15(hash: Hash, hashed: &[u8], k: usize) -> Result<Vec<u8>, String> {
    if hashed.len() != hash.output_len() {
        return Err(format!("the hash is {} bytes, not {}", hashed.len(), hash.output_len()));
    }
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len() + hashed.len();
    if k < t_len + 11 {
        return Err("intended encoded message length too short".into());
    }
    let mut em = vec![0xff; k];
    em[0] = 0;
    em[1] = 1;
    em[k - t_len - 1] = 0;
    em[k - t_len..k - hashed.len()].copy_from_slice(prefix);
    em[k - hashed.len()..].copy_from_slice(hashed);
    Ok(em)
}

/// An RSA public key (n, e).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    n: Uint,
    e: Uint,
}

impl PublicKey {
    /// A public key whose modulus has a bit length within `bits` (RFC 8017 §3.1: n odd, and
    /// here 2 ≤ e < n, e odd, e < 2³³ as the `rsa` crate required).
    pub fn new(n: Uint, e: Uint, bits: RangeInclusive<usize>) -> Result<PublicKey, &'static str> {
        if n.bits() < *bits.start() {
            return Err("modulus too small");
        }
        if n.bits() > *bits.end() {
            return Err("modulus too large");
        }
        check_public(&n, &e)?;
        Ok(PublicKey { n, e })
    }

    /// From a DER SubjectPublicKeyInfo (a certificate's key): 1024 to 8192 bits.
    pub fn from_spki_der(spki: &[u8]) -> Result<PublicKey, String> {
        let (algorithm, key) = der::read_subject_public_key_info(spki)?;
        match (algorithm.oid, algorithm.parameters) {
            (oid, Some(params)) if oid == OID_RSA_ENCRYPTION && params == DER_NULL => {}
            (oid, None) if oid == OID_RSASSA_PSS => {}
            _ => return Err("not an rsaEncryption key".into()),
        }
        let fields = der::expect_only(key, der::SEQUENCE, "RSAPublicKey")?;
        let (n, fields) = der::read_unsigned(fields, "modulus")?;
        let (e, fields) = der::read_unsigned(fields, "publicExponent")?;
        if !fields.is_empty() {
            return Err("trailing bytes in RSAPublicKey".into());
        }
        Ok(PublicKey::new(Uint::from_be_bytes(n), Uint::from_be_bytes(e), 1024..=8192)?)
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn to_spki_der(&self) -> Vec<u8> {
        let rsa_public_key = der::seq(&[&der::unsigned(&self.n.to_be_bytes()), &der::unsigned(&self.e.to_be_bytes())]);
        der::subject_public_key_info(&der::algorithm(&OID_RSA_ENCRYPTION, &DER_NULL), &rsa_public_key)
    }

    /// The modulus length in bytes (k in RFC 8017).
    pub fn size(&self) -> usize {
        self.n.bits().div_ceil(8)
    }

    pub fn n(&self) -> &Uint {
        &self.n
    }

    pub fn e(&self) -> &Uint {
        &self.e
    }

    /// RSAVP1 (RFC 8017 §5.2.2): s^e mod n.
    fn public_op(&self, s: &Uint) -> Uint {
        match Monty::new(&self.n) {
            Some(m) => m.pow(s, &self.e),
            None => Uint::default(),
        }
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2) of `hashed`, the `hash` of the message: the
    /// signature is exactly k bytes, below n, and its encoded message is byte for byte the one
    /// signing would have made (step 4 compares encodings rather than parsing one).
    pub fn verify(&self, hash: Hash, hashed: &[u8], signature: &[u8]) -> bool {
        let k = self.size();
        let s = Uint::from_be_bytes(signature);
        if signature.len() != k || s >= self.n {
            return false;
        }
        let em = self.public_op(&s).to_be_bytes_padded(k);
        emsa_pkcs1_v15(hash, hashed, k).is_ok_and(|expected| expected == em)
    }
}

/// RFC 8017 §3.1, with the `rsa` crate's bounds on e.
fn check_public(n: &Uint, e: &Uint) -> Result<(), &'static str> {
    if e >= n || !n.is_odd() {
        return Err("invalid modulus");
    }
    if !e.is_odd() {
        return Err("invalid exponent");
    }
    if e.bits() < 2 {
        return Err("public exponent too small");
    }
    if e.bits() > 33 {
        return Err("public exponent too large");
    }
    Ok(())
}

/// An RSA private key with two primes, and its CRT values (RFC 8017 §3.2, second form).
#[derive(Clone)]
pub struct PrivateKey {
    public: PublicKey,
    d: Uint,
    p: Uint,
    q: Uint,
    dp: Uint,
    dq: Uint,
    /// q⁻¹ mod p.
    qinv: Uint,
}

impl core::fmt::Debug for PrivateKey {
    // Never print the private parts.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey").field("bits", &self.public.n.bits()).finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// A key from its parts, checked as RFC 8017 §3.2 requires: p·q = n with p ≠ q, each prime
    /// at most half of n's bits (rounded up), d < n, and d·e ≡ 1 modulo p − 1 and q − 1.
    pub fn from_components(n: Uint, e: Uint, d: Uint, p: Uint, q: Uint) -> Result<PrivateKey, &'static str> {
        if !n.is_odd() {
            return Err("invalid modulus");
        }
        if d.bits() > n.bits() {
            return Err("invalid exponent");
        }
        if p.mul(&q) != n {
            return Err("invalid modulus");
        }
        let half = n.bits().div_ceil(2);
        if p.bits() > half || q.bits() > half || !p.is_odd() || !q.is_odd() {
            return Err("invalid prime value");
        }
        check_public(&n, &e)?;
        if d >= n {
            return Err("invalid exponent");
        }
        if p.bits() < 2 || q.bits() < 2 || p == q {
            return Err("invalid prime value");
        }
        let de = d.mul(&e);
        let (p1, q1) = (p.sub(&Uint::one()), q.sub(&Uint::one()));
        if de.rem(&p1) != Uint::one() || de.rem(&q1) != Uint::one() {
            return Err("invalid exponent");
        }
        let qinv = q.inv_mod(&p).ok_or("invalid prime value")?;
        Ok(PrivateKey { dp: d.rem(&p1), dq: d.rem(&q1), qinv, public: PublicKey { n, e }, d, p, q })
    }

    /// The key of primes p and q: d = e⁻¹ mod λ(n), λ(n) = lcm(p − 1, q − 1) (RFC 8017 §3.2).
    pub fn from_p_q(p: Uint, q: Uint, e: Uint) -> Result<PrivateKey, &'static str> {
        if p.bits() < 2 || q.bits() < 2 || !p.is_odd() || !q.is_odd() {
            return Err("invalid prime value");
        }
        let (p1, q1) = (p.sub(&Uint::one()), q.sub(&Uint::one()));
        let lambda = p1.divrem(&p1.gcd(&q1)).0.mul(&q1);
        let d = e.inv_mod(&lambda).ok_or("invalid prime value")?;
        PrivateKey::from_components(p.mul(&q), e, d, p, q)
    }

    /// A new key of `bits` bits (even, ≥ 1024) with e = 65537, drawn from `rng` (FIPS 186-5
    /// A.1.3): two random probable primes with their top two bits set, at least 2^(bits/2 − 100)
    /// apart (step 5.4), and d > 2^(bits/2) (A.1.1). The same generator state always gives the
    /// same key.
    pub fn generate(rng: &mut SimRng, bits: usize) -> PrivateKey {
        loop {
            let p = prime::random_prime(rng, bits.div_ceil(2), E);
            let q = prime::random_prime(rng, bits / 2, E);
            let distance = if p > q { p.sub(&q) } else { q.sub(&p) };
            if distance.bits() <= (bits / 2).saturating_sub(100) {
                continue;
            }
            if let Ok(key) = PrivateKey::from_p_q(p, q, Uint::from_u32(E))
                && key.public.n.bits() == bits
                && key.d.bits() > bits / 2
            {
                return key;
            }
        }
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// RSASP1 (RFC 8017 §5.2.1, 2.b): m^d mod n through the CRT, two exponentiations of half
    /// the size.
    fn private_op(&self, m: &Uint) -> Uint {
        let (Some(mp), Some(mq)) = (Monty::new(&self.p), Monty::new(&self.q)) else { return Uint::default() };
        let s1 = mp.pow(m, &self.dp);
        let s2 = mq.pow(m, &self.dq);
        // h = (s1 − s2)·qInv mod p; s = s2 + q·h.
        let diff = s1.add(&self.p).sub(&s2.rem(&self.p));
        let h = diff.mul(&self.qinv).rem(&self.p);
        s2.add(&self.q.mul(&h))
    }

    /// RSASSA-PKCS1-v1_5-SIGN (RFC 8017 §8.2.1) of `hashed`, the `hash` of the message.
    /// Deterministic: the same key and hash always give the same signature. The signature is
    /// checked with the public key before it is returned (a wrong one would be a bug here).
    pub fn sign(&self, hash: Hash, hashed: &[u8]) -> Result<Vec<u8>, String> {
        let k = self.public.size();
        let m = Uint::from_be_bytes(&emsa_pkcs1_v15(hash, hashed, k)?);
        let s = self.private_op(&m);
        if self.public.public_op(&s) != m {
            return Err("internal error: the signature does not verify".into());
        }
        Ok(s.to_be_bytes_padded(k))
    }

    /// PKCS#1 `RSAPrivateKey` (RFC 8017 Appendix A.1.2), version 0 (two primes).
    pub fn to_pkcs1_der(&self) -> Vec<u8> {
        let parts = [&self.public.n, &self.public.e, &self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qinv];
        let mut fields = der::unsigned(&[0]);
        for part in parts {
            fields.extend(der::unsigned(&part.to_be_bytes()));
        }
        der::tlv(der::SEQUENCE, &fields)
    }

    /// PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) around the PKCS#1 key.
    pub fn to_pkcs8_der(&self) -> Vec<u8> {
        der::private_key_info(&der::algorithm(&OID_RSA_ENCRYPTION, &DER_NULL), &self.to_pkcs1_der())
    }

    pub fn to_pkcs8_pem(&self) -> String {
        der::pem_encode("PRIVATE KEY", &self.to_pkcs8_der())
    }

    /// From PKCS#1 `RSAPrivateKey` DER. Only n, e, d, p and q are read: the CRT values are
    /// recomputed, as the `rsa` crate recomputed them.
    pub fn from_pkcs1_der(input: &[u8]) -> Result<PrivateKey, String> {
        let fields = der::expect_only(input, der::SEQUENCE, "RSAPrivateKey")?;
        let (version, mut fields) = der::read_small(fields, "RSAPrivateKey version")?;
        if version != 0 {
            return Err("only two-prime RSA keys (version 0) are supported".into());
        }
        let mut parts = Vec::new();
        for what in ["modulus", "publicExponent", "privateExponent", "prime1", "prime2", "exponent1", "exponent2", "coefficient"] {
            let (magnitude, rest) = der::read_unsigned(fields, what)?;
            parts.push(Uint::from_be_bytes(magnitude));
            fields = rest;
        }
        if !fields.is_empty() {
            return Err("trailing bytes in RSAPrivateKey".into());
        }
        let mut parts = parts.into_iter();
        let mut next = || parts.next().unwrap_or_default();
        let (n, e, d, p, q) = (next(), next(), next(), next(), next());
        Ok(PrivateKey::from_components(n, e, d, p, q)?)
    }

    /// From PKCS#8 DER with the rsaEncryption algorithm.
    pub fn from_pkcs8_der(input: &[u8]) -> Result<PrivateKey, String> {
        let (algorithm, private_key) = der::read_private_key_info(input)?;
        if algorithm.oid != OID_RSA_ENCRYPTION || algorithm.parameters != Some(&DER_NULL[..]) {
            return Err("not an rsaEncryption key".into());
        }
        PrivateKey::from_pkcs1_der(private_key)
    }

    /// From PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<PrivateKey, String> {
        if let Some(der) = der::pem_decode(pem, "PRIVATE KEY") {
            return PrivateKey::from_pkcs8_der(&der);
        }
        match der::pem_decode(pem, "RSA PRIVATE KEY") {
            Some(der) => PrivateKey::from_pkcs1_der(&der),
            None => Err("no PRIVATE KEY or RSA PRIVATE KEY PEM block".into()),
        }
    }
}
