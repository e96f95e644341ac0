//! ECDSA on the NIST curves P-256 and P-384 (FIPS 186-5 §6.4; curves from NIST SP 800-186
//! §3.2.1.3-4): signatures as the raw `r || s` pair of JWS (RFC 7518 §3.4), nonces by RFC 6979
//! (so a signature depends only on the key and the message), and the key encodings: SEC1
//! points and `ECPrivateKey` (SEC 1 v2 §2.3.3, Appendix C.4), PKCS#8 (RFC 5915, RFC 5208).
//!
//! One generic short-Weierstrass curve with a = −3, points in Jacobian coordinates over the
//! Montgomery field arithmetic of `bigint`; the two curves differ only in their constants.

use std::sync::OnceLock;

use super::Hash;
use super::bigint::{Monty, Uint, add_limbs, cmp_limbs, sub_limbs};
use super::der;

/// 1.2.840.10045.2.1 id-ecPublicKey (RFC 5480 §2.1.1).
const OID_EC_PUBLIC_KEY: [u8; 7] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// A curve this module signs and verifies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
}

impl Curve {
    /// The JWK `crv` name (RFC 7518 §6.2.1.1).
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    /// Coordinate (and scalar) length in bytes.
    pub fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }

    /// The hash ES256 and ES384 pair with the curve (RFC 7518 §3.4).
    fn hash(self) -> Hash {
        match self {
            Curve::P256 => Hash::Sha256,
            Curve::P384 => Hash::Sha384,
        }
    }

    /// The namedCurve OID (RFC 5480 §2.1.1.1): secp256r1 1.2.840.10045.3.1.7, secp384r1
    /// 1.3.132.0.34.
    fn oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            Curve::P384 => &[0x2b, 0x81, 0x04, 0x00, 0x22],
        }
    }

    fn params(self) -> &'static Params {
        static P256: OnceLock<Params> = OnceLock::new();
        static P384: OnceLock<Params> = OnceLock::new();
        // NIST SP 800-186 §3.2.1.3 (P-256) and §3.2.1.4 (P-384): p, n, b, Gx, Gy.
        match self {
            Curve::P256 => P256.get_or_init(|| {
                Params::new([
                    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
                    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
                    "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
                    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
                ])
            }),
            Curve::P384 => P384.get_or_init(|| {
                Params::new([
                    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
                    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
                    "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
                    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
                    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
                ])
            }),
        }
    }
}

/// Limbs of the largest field (P-384): field elements are fixed arrays, so point arithmetic
/// allocates nothing; a curve uses its first `len` limbs, the rest stay zero.
const MAX_LIMBS: usize = 12;
type Fe = [u32; MAX_LIMBS];

/// A point in Jacobian coordinates (x/z², y/z³), in Montgomery form; z = 0 is the point at
/// infinity.
#[derive(Clone, Copy)]
struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
}

const INFINITY: Point = Point { x: [0; MAX_LIMBS], y: [0; MAX_LIMBS], z: [0; MAX_LIMBS] };

fn is_zero(a: &Fe) -> bool {
    a.iter().all(|l| *l == 0)
}

/// A curve's constants and its field arithmetic.
struct Params {
    p: Monty,
    p_minus_2: Uint,
    /// The group order.
    n: Uint,
    b: Fe,
    /// 0·G, 1·G, …, 15·G: the generator's window table, made once, in affine form (z = 1) so
    /// that adding from it takes the cheaper mixed addition.
    g: [Point; 16],
    /// 1 in Montgomery form.
    one: Fe,
    len: usize,
}

impl Params {
    fn new([p, n, b, gx, gy]: [&str; 5]) -> Params {
        let p = Uint::from_hex(p);
        let mut params = Params {
            p: Monty::new(&p).unwrap_or_else(|| unreachable!("the curve primes are odd")),
            p_minus_2: p.sub(&Uint::from_u32(2)),
            n: Uint::from_hex(n),
            b: [0; MAX_LIMBS],
            g: [INFINITY; 16],
            one: [0; MAX_LIMBS],
            len: p.limbs().len(),
        };
        params.one = params.fe(&Uint::one());
        params.b = params.fe(&Uint::from_hex(b));
        let g = params.table(&params.point(&Uint::from_hex(gx), &Uint::from_hex(gy)));
        params.g = g.map(|pt| params.affine(&pt).map_or(INFINITY, |(x, y)| params.point(&x, &y)));
        params
    }

    fn fe(&self, x: &Uint) -> Fe {
        let mut a = [0; MAX_LIMBS];
        a[..self.len].copy_from_slice(&self.p.to_monty(x));
        a
    }

    fn to_uint(&self, a: &Fe) -> Uint {
        self.p.from_monty(&a[..self.len])
    }

    /// The affine point (x, y) in Jacobian form.
    fn point(&self, x: &Uint, y: &Uint) -> Point {
        Point { x: self.fe(x), y: self.fe(y), z: self.one }
    }

    fn mul(&self, a: &Fe, b: &Fe) -> Fe {
        let mut out = [0; MAX_LIMBS];
        self.p.mul_into(&mut out[..self.len], &a[..self.len], &b[..self.len]);
        out
    }

    fn sqr(&self, a: &Fe) -> Fe {
        self.mul(a, a)
    }

    fn add(&self, a: &Fe, b: &Fe) -> Fe {
        let (mut out, p) = (*a, self.p.modulus().limbs());
        let carry = add_limbs(&mut out[..self.len], &b[..self.len]);
        if carry || cmp_limbs(&out[..self.len], p) != core::cmp::Ordering::Less {
            sub_limbs(&mut out[..self.len], p);
        }
        out
    }

    fn sub(&self, a: &Fe, b: &Fe) -> Fe {
        let mut out = *a;
        if sub_limbs(&mut out[..self.len], &b[..self.len]) {
            add_limbs(&mut out[..self.len], self.p.modulus().limbs());
        }
        out
    }

    /// a⁻¹ = a^(p−2) (Fermat; p is prime).
    fn inv(&self, a: &Fe) -> Fe {
        let mut out = [0; MAX_LIMBS];
        out[..self.len].copy_from_slice(&self.p.pow_monty(&a[..self.len], &self.p_minus_2));
        out
    }

    /// y² = x³ − 3x + b.
    fn on_curve(&self, x: &Fe, y: &Fe) -> bool {
        let three_x = self.add(&self.add(x, x), x);
        let rhs = self.add(&self.sub(&self.mul(&self.sqr(x), x), &three_x), &self.b);
        self.sqr(y) == rhs
    }

    /// 2P ("dbl-2001-b", Bernstein and Lange's Explicit-Formulas Database, for a = −3).
    fn double(&self, pt: &Point) -> Point {
        let Point { x, y, z } = pt;
        let delta = self.sqr(z);
        let gamma = self.sqr(y);
        let beta = self.mul(x, &gamma);
        let t = self.mul(&self.sub(x, &delta), &self.add(x, &delta));
        let alpha = self.add(&self.add(&t, &t), &t);
        let beta4 = self.add(&self.add(&beta, &beta), &self.add(&beta, &beta));
        let x3 = self.sub(&self.sqr(&alpha), &self.add(&beta4, &beta4));
        let yz = self.add(y, z);
        let z3 = self.sub(&self.sub(&self.sqr(&yz), &gamma), &delta);
        let gamma2 = self.sqr(&gamma);
        let gamma2_4 = self.add(&self.add(&gamma2, &gamma2), &self.add(&gamma2, &gamma2));
        let y3 = self.sub(&self.mul(&alpha, &self.sub(&beta4, &x3)), &self.add(&gamma2_4, &gamma2_4));
        Point { x: x3, y: y3, z: z3 }
    }

    /// P + Q ("add-2007-bl", or "madd-2007-bl" when Q has z = 1), with the cases the formula
    /// does not cover: either point at infinity, P = Q (a doubling) and P = −Q (infinity).
    fn add_points(&self, a: &Point, b: &Point) -> Point {
        if is_zero(&a.z) {
            return *b;
        }
        if is_zero(&b.z) {
            return *a;
        }
        let b_affine = b.z == self.one;
        let z1z1 = self.sqr(&a.z);
        let z2z2 = if b_affine { self.one } else { self.sqr(&b.z) };
        let u1 = if b_affine { a.x } else { self.mul(&a.x, &z2z2) };
        let u2 = self.mul(&b.x, &z1z1);
        let s1 = if b_affine { a.y } else { self.mul(&self.mul(&a.y, &b.z), &z2z2) };
        let s2 = self.mul(&self.mul(&b.y, &a.z), &z1z1);
        if u1 == u2 {
            return if s1 == s2 { self.double(a) } else { INFINITY };
        }
        let h = self.sub(&u2, &u1);
        let h2 = self.add(&h, &h);
        let i = self.sqr(&h2);
        let j = self.mul(&h, &i);
        let r = self.sub(&s2, &s1);
        let r = self.add(&r, &r);
        let v = self.mul(&u1, &i);
        let x3 = self.sub(&self.sub(&self.sqr(&r), &j), &self.add(&v, &v));
        let s1j = self.mul(&s1, &j);
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.add(&s1j, &s1j));
        // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H = 2·Z1·Z2·H.
        let z3 = if b_affine {
            let zh = self.mul(&a.z, &h);
            self.add(&zh, &zh)
        } else {
            let zz = self.add(&a.z, &b.z);
            self.mul(&self.sub(&self.sub(&self.sqr(&zz), &z1z1), &z2z2), &h)
        };
        Point { x: x3, y: y3, z: z3 }
    }

    /// 0·P, 1·P, …, 15·P.
    fn table(&self, pt: &Point) -> [Point; 16] {
        let mut t = [INFINITY; 16];
        t[1] = *pt;
        for i in 2..16 {
            t[i] = if i % 2 == 0 { self.double(&t[i / 2]) } else { self.add_points(&t[i - 1], pt) };
        }
        t
    }

    /// Σ kᵢ·Pᵢ with fixed 4-bit windows over each point's [`Params::table`] and shared doublings
    /// (Straus–Shamir): one term signs, two verify.
    fn mul_sum(&self, terms: &[(&[Point; 16], &Uint)]) -> Point {
        let windows = terms.iter().map(|(_, k)| k.bits()).max().unwrap_or(0).div_ceil(4);
        let mut acc = INFINITY;
        for w in (0..windows).rev() {
            if !is_zero(&acc.z) {
                for _ in 0..4 {
                    acc = self.double(&acc);
                }
            }
            for (table, k) in terms {
                let digit = (0..4).fold(0, |d, b| d | (k.bit(4 * w + b) as usize) << b);
                if digit != 0 {
                    acc = self.add_points(&acc, &table[digit]);
                }
            }
        }
        acc
    }

    /// The affine coordinates, or `None` at infinity.
    fn affine(&self, pt: &Point) -> Option<(Uint, Uint)> {
        if is_zero(&pt.z) {
            return None;
        }
        let zinv = self.inv(&pt.z);
        let zinv2 = self.sqr(&zinv);
        let x = self.mul(&pt.x, &zinv2);
        let y = self.mul(&pt.y, &self.mul(&zinv2, &zinv));
        Some((self.to_uint(&x), self.to_uint(&y)))
    }
}

/// bits2int (RFC 6979 §2.3.2): the leftmost `qlen` bits of `bytes` as an integer.
fn bits2int(bytes: &[u8], qlen: usize) -> Uint {
    Uint::from_be_bytes(bytes).shr((8 * bytes.len()).saturating_sub(qlen))
}

/// HMAC (RFC 2104) with SHA-256 or SHA-384 over the concatenation of `parts`.
fn hmac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else { return Vec::new() };
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match hash {
        Hash::Sha384 => run::<Hmac<sha2::Sha384>>(key, parts),
        _ => run::<Hmac<sha2::Sha256>>(key, parts),
    }
}

/// The nonces of RFC 6979 §3.2 (HMAC_DRBG with the curve's hash, keyed by the private key and
/// the message hash, no additional data): candidates in order, each used once.
struct Nonces {
    hash: Hash,
    q: Uint,
    k: Vec<u8>,
    v: Vec<u8>,
}

impl Nonces {
    fn new(curve: Curve, d: &Uint, h1: &[u8]) -> Nonces {
        let (hash, q) = (curve.hash(), &curve.params().n);
        let rlen = q.bits().div_ceil(8);
        // Steps b-g: x = int2octets(d), h = bits2octets(h1) = int2octets(bits2int(h1) mod q).
        let x = d.to_be_bytes_padded(rlen);
        let h = bits2int(h1, q.bits()).rem(q).to_be_bytes_padded(rlen);
        let mut n = Nonces { hash, q: q.clone(), k: vec![0; hash.output_len()], v: vec![1; hash.output_len()] };
        for tag in [0u8, 1] {
            n.k = hmac(hash, &n.k, &[&n.v, &[tag], &x, &h]);
            n.v = hmac(hash, &n.k, &[&n.v]);
        }
        n
    }

    /// Step h: the next k in [1, q−1].
    fn next(&mut self) -> Uint {
        loop {
            let mut t = Vec::new();
            while t.len() * 8 < self.q.bits() {
                self.v = hmac(self.hash, &self.k, &[&self.v]);
                t.extend_from_slice(&self.v);
            }
            let k = bits2int(&t, self.q.bits());
            // h.3, done after every candidate so that the next call continues the sequence.
            self.k = hmac(self.hash, &self.k, &[&self.v, &[0]]);
            self.v = hmac(self.hash, &self.k, &[&self.v]);
            if !k.is_zero() && k < self.q {
                return k;
            }
        }
    }
}

/// A public key: a point on the curve other than infinity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    curve: Curve,
    x: Uint,
    y: Uint,
}

impl PublicKey {
    /// The point (x, y), each coordinate exactly the curve's size in bytes (RFC 7518 §6.2.1.2-3),
    /// below p, and on the curve.
    pub fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Option<PublicKey> {
        let prm = curve.params();
        let (xi, yi) = (Uint::from_be_bytes(x), Uint::from_be_bytes(y));
        let p = prm.p.modulus();
        if x.len() != curve.size() || y.len() != curve.size() || xi >= *p || yi >= *p {
            return None;
        }
        prm.on_curve(&prm.fe(&xi), &prm.fe(&yi)).then_some(PublicKey { curve, x: xi, y: yi })
    }

    /// An uncompressed SEC1 point, `04 || x || y` (SEC 1 v2 §2.3.4).
    pub fn from_sec1(curve: Curve, bytes: &[u8]) -> Option<PublicKey> {
        match bytes.split_first() {
            Some((4, xy)) if xy.len() == 2 * curve.size() => {
                let (x, y) = xy.split_at(curve.size());
                PublicKey::from_coordinates(curve, x, y)
            }
            _ => None,
        }
    }

    pub fn to_sec1(&self) -> Vec<u8> {
        [vec![4], self.x(), self.y()].concat()
    }

    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The x coordinate, the curve's size in bytes.
    pub fn x(&self) -> Vec<u8> {
        self.x.to_be_bytes_padded(self.curve.size())
    }

    pub fn y(&self) -> Vec<u8> {
        self.y.to_be_bytes_padded(self.curve.size())
    }

    /// ECDSA verification (FIPS 186-5 §6.4.2) of `signature` = r || s, each the curve's size
    /// in bytes, over `message` hashed with the curve's hash. Any other length (a DER
    /// signature among them) is refused, as are r and s outside [1, n−1].
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let (prm, size) = (self.curve.params(), self.curve.size());
        if signature.len() != 2 * size {
            return false;
        }
        let (r, s) = (Uint::from_be_bytes(&signature[..size]), Uint::from_be_bytes(&signature[size..]));
        let n = &prm.n;
        if r.is_zero() || s.is_zero() || r >= *n || s >= *n {
            return false;
        }
        let e = bits2int(&self.curve.hash().digest(message), n.bits());
        let Some(w) = s.inv_mod(n) else { return false };
        let u1 = e.mul(&w).rem(n);
        let u2 = r.mul(&w).rem(n);
        let q = prm.point(&self.x, &self.y);
        let sum = prm.mul_sum(&[(&prm.g, &u1), (&prm.table(&q), &u2)]);
        // x(R) mod n = r, without leaving Jacobian coordinates: X = x·Z² for x = r, or for
        // x = r + n when that is still below p (p > n on both curves).
        let z2 = prm.sqr(&sum.z);
        let p = prm.p.modulus();
        !is_zero(&sum.z) && [r.clone(), r.add(n)].iter().any(|x| x < p && prm.mul(&prm.fe(x), &z2) == sum.x)
    }
}

/// A private key: the scalar d in [1, n−1] and its public point d·G.
#[derive(Clone)]
pub struct PrivateKey {
    d: Uint,
    public: PublicKey,
}

impl core::fmt::Debug for PrivateKey {
    // Never print the scalar.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey").field("curve", &self.public.curve).finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// The scalar as big-endian bytes: the curve's size, or down to 24 bytes (left-padded, as
    /// RustCrypto's `SecretKey::from_slice` accepted them); it must lie in [1, n−1].
    pub fn from_scalar(curve: Curve, bytes: &[u8]) -> Option<PrivateKey> {
        let prm = curve.params();
        let d = Uint::from_be_bytes(bytes);
        if !(24..=curve.size()).contains(&bytes.len()) || d.is_zero() || d >= prm.n {
            return None;
        }
        let (x, y) = prm.affine(&prm.mul_sum(&[(&prm.g, &d)]))?;
        Some(PrivateKey { d, public: PublicKey { curve, x, y } })
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The scalar, the curve's size in bytes.
    pub fn scalar(&self) -> Vec<u8> {
        self.d.to_be_bytes_padded(self.public.curve.size())
    }

    /// ECDSA signature generation (FIPS 186-5 §6.4.1) with the nonce of RFC 6979 §3.2: `r || s`.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let curve = self.public.curve;
        let (prm, size) = (curve.params(), curve.size());
        let n = &prm.n;
        let h1 = curve.hash().digest(message);
        let e = bits2int(&h1, n.bits());
        let mut nonces = Nonces::new(curve, &self.d, &h1);
        loop {
            let k = nonces.next();
            let Some((x, _)) = prm.affine(&prm.mul_sum(&[(&prm.g, &k)])) else { continue };
            let r = x.rem(n);
            let Some(k_inv) = k.inv_mod(n) else { continue };
            let s = k_inv.mul(&e.add(&r.mul(&self.d))).rem(n);
            if !r.is_zero() && !s.is_zero() {
                return [r.to_be_bytes_padded(size), s.to_be_bytes_padded(size)].concat();
            }
        }
    }

    /// SEC1 `ECPrivateKey` DER (SEC 1 v2 Appendix C.4): version 1, the scalar, the named curve
    /// (unless `parameters` is false, as inside PKCS#8) and the public point.
    pub fn to_sec1_der(&self, parameters: bool) -> Vec<u8> {
        let curve = if parameters { der::tlv(der::CONTEXT_0, &der::tlv(der::OID, self.public.curve.oid())) } else { Vec::new() };
        let public = der::tlv(der::CONTEXT_1, &der::bit_string(&self.public.to_sec1()));
        der::seq(&[&der::unsigned(&[1]), &der::tlv(der::OCTET_STRING, &self.scalar()), &curve, &public])
    }

    /// PKCS#8 (RFC 5915 §3 inside RFC 5208 §5): algorithm id-ecPublicKey with the named curve.
    pub fn to_pkcs8_der(&self) -> Vec<u8> {
        der::private_key_info(&self.algorithm(), &self.to_sec1_der(false))
    }

    pub fn to_pkcs8_pem(&self) -> String {
        der::pem_encode("PRIVATE KEY", &self.to_pkcs8_der())
    }

    fn algorithm(&self) -> Vec<u8> {
        der::algorithm(&OID_EC_PUBLIC_KEY, &der::tlv(der::OID, self.public.curve.oid()))
    }

    /// From SEC1 `ECPrivateKey` DER: a stated curve must be `curve`, a stated public point must
    /// be the scalar's.
    pub fn from_sec1_der(curve: Curve, input: &[u8]) -> Result<PrivateKey, String> {
        let fields = der::expect_only(input, der::SEQUENCE, "ECPrivateKey")?;
        let (version, fields) = der::read_small(fields, "ECPrivateKey version")?;
        if version != 1 {
            return Err(format!("ECPrivateKey version {version}"));
        }
        let (scalar, mut fields) = der::expect(fields, der::OCTET_STRING, "privateKey")?;
        let key = PrivateKey::from_scalar(curve, scalar.contents).ok_or_else(|| format!("not a {} private key", curve.name()))?;
        if let Ok((parameters, rest)) = der::expect(fields, der::CONTEXT_0, "parameters") {
            if der::expect_only(parameters.contents, der::OID, "namedCurve")? != curve.oid() {
                return Err(format!("the key is not on {}", curve.name()));
            }
            fields = rest;
        }
        if let Ok((public, rest)) = der::expect(fields, der::CONTEXT_1, "publicKey") {
            let (point, []) = der::read_bit_string(public.contents, "publicKey")? else {
                return Err("trailing bytes after publicKey".into());
            };
            if PublicKey::from_sec1(curve, point).as_ref() != Some(&key.public) {
                return Err("the public key does not match the private key".into());
            }
            fields = rest;
        }
        if !fields.is_empty() {
            return Err("trailing bytes in ECPrivateKey".into());
        }
        Ok(key)
    }

    /// From PKCS#8 DER with algorithm id-ecPublicKey and `curve` as its named curve.
    pub fn from_pkcs8_der(curve: Curve, input: &[u8]) -> Result<PrivateKey, String> {
        let (algorithm, private_key) = der::read_private_key_info(input)?;
        let named = algorithm.parameters.map(|p| der::expect_only(p, der::OID, "namedCurve"));
        if algorithm.oid != OID_EC_PUBLIC_KEY || !matches!(named, Some(Ok(oid)) if oid == curve.oid()) {
            return Err(format!("not a {} key", curve.name()));
        }
        PrivateKey::from_sec1_der(curve, private_key)
    }

    /// From PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`).
    pub fn from_pem(curve: Curve, pem: &str) -> Result<PrivateKey, String> {
        if let Some(der) = der::pem_decode(pem, "PRIVATE KEY") {
            return PrivateKey::from_pkcs8_der(curve, &der);
        }
        match der::pem_decode(pem, "EC PRIVATE KEY") {
            Some(der) => PrivateKey::from_sec1_der(curve, &der),
            None => Err("no PRIVATE KEY or EC PRIVATE KEY PEM block".into()),
        }
    }
}
