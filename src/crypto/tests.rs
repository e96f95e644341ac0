//! `crypto` against independent implementations: the RustCrypto `rsa`, `p256` and `p384` crates
//! it replaced (dev-dependencies), keys made by OpenSSL (`tests/data/keys/`), and arithmetic
//! identities on random numbers. Both directions each time: our signatures verify with theirs,
//! theirs with ours; our encodings decode with theirs, theirs with ours; and since PKCS#1 v1.5
//! and RFC 6979 ECDSA are deterministic, our signatures equal theirs byte for byte.

use p256::ecdsa::signature::{Signer as _, Verifier as _};
use proptest::prelude::*;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, EncodeRsaPrivateKey as _};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _, EncodePrivateKey as _, EncodePublicKey as _};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};

use super::bigint::{Monty, Uint};
use super::{Hash, der, ec, prime, rsa as ours};
use crate::rng::SimRng;

const HASHES: [Hash; 4] = [Hash::Sha1, Hash::Sha256, Hash::Sha384, Hash::Sha512];

fn u128_of(x: &Uint) -> u128 {
    x.to_be_bytes().iter().fold(0u128, |acc, b| (acc << 8) | *b as u128)
}

fn uint(x: u128) -> Uint {
    Uint::from_be_bytes(&x.to_be_bytes())
}

// ---------------------------------------------------------------------------------------------
// Big integers

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arithmetic_agrees_with_u128(a in any::<u64>(), b in any::<u64>(), c in any::<u128>(), d in 1..=u128::MAX) {
        let (a128, b128) = (a as u128, b as u128);
        prop_assert_eq!(u128_of(&uint(a128).mul(&uint(b128))), a128 * b128);
        prop_assert_eq!(u128_of(&uint(a128).add(&uint(b128))), a128 + b128);
        prop_assert_eq!(u128_of(&uint(a128.max(b128)).sub(&uint(a128.min(b128)))), a128.max(b128) - a128.min(b128));
        let (q, r) = uint(c).divrem(&uint(d));
        prop_assert_eq!((u128_of(&q), u128_of(&r)), (c / d, c % d));
        prop_assert_eq!(u128_of(&uint(c).shr(a as usize % 130)), c.checked_shr((a % 130) as u32).unwrap_or(0));
        prop_assert_eq!(uint(c).rem_u32((b as u32).max(1)) as u128, c % (b as u32).max(1) as u128);
        prop_assert_eq!(uint(c).cmp(&uint(d)), c.cmp(&d));
    }

    #[test]
    fn division_identity_on_multi_limb_numbers(a in prop::collection::vec(any::<u8>(), 0..160), d in prop::collection::vec(any::<u8>(), 1..90)) {
        let (a, d) = (Uint::from_be_bytes(&a), Uint::from_be_bytes(&d));
        prop_assume!(!d.is_zero());
        let (q, r) = a.divrem(&d);
        prop_assert!(r < d);
        prop_assert_eq!(q.mul(&d).add(&r), a);
    }

    #[test]
    fn byte_and_shift_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..100), s in 0usize..200) {
        let x = Uint::from_be_bytes(&bytes);
        let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        prop_assert_eq!(x.to_be_bytes(), trimmed);
        prop_assert_eq!(Uint::from_be_bytes(&x.to_be_bytes_padded(bytes.len())), x.clone());
        prop_assert_eq!(x.shl(s).shr(s), x.clone());
        prop_assert_eq!(x.shl(s), x.mul(&Uint::one().shl(s)));
    }

    #[test]
    fn modular_inverse_and_montgomery_agree_with_plain_arithmetic(
        m in prop::collection::vec(any::<u8>(), 1..70), a in prop::collection::vec(any::<u8>(), 0..80),
        b in prop::collection::vec(any::<u8>(), 0..80), e in prop::collection::vec(any::<u8>(), 0..12))
    {
        let (m, a, b, e) = (Uint::from_be_bytes(&m), Uint::from_be_bytes(&a), Uint::from_be_bytes(&b), Uint::from_be_bytes(&e));
        prop_assume!(m > Uint::one());
        match a.inv_mod(&m) {
            Some(inv) => {
                prop_assert!(inv < m);
                prop_assert_eq!(a.mul(&inv).rem(&m), Uint::one());
            }
            None => prop_assert!(a.gcd(&m) != Uint::one()),
        }
        if let Some(monty) = Monty::new(&m) {
            let (am, bm) = (monty.to_monty(&a), monty.to_monty(&b));
            prop_assert_eq!(monty.from_monty(&monty.mul(&am, &bm)), a.mul(&b).rem(&m));
            // Square-and-multiply with plain multiplication and division.
            let mut expected = Uint::one().rem(&m);
            for i in (0..e.bits()).rev() {
                expected = expected.mul(&expected).rem(&m);
                if e.bit(i) {
                    expected = expected.mul(&a).rem(&m);
                }
            }
            prop_assert_eq!(monty.pow(&a, &e), expected);
        } else {
            prop_assert!(!m.is_odd());
        }
    }
}

#[test]
fn inverses_of_known_values() {
    assert_eq!(uint(3).inv_mod(&uint(7)), Some(uint(5)));
    assert_eq!(uint(1).inv_mod(&uint(10)), Some(uint(1)));
    assert_eq!(uint(17).inv_mod(&uint(3120)), Some(uint(2753))); // the textbook toy key: p = 61, q = 53
    assert_eq!(uint(65537).inv_mod(&uint(3120)), Some(uint(2753))); // 65537 ≡ 17 (mod 3120)
    assert_eq!(uint(6).inv_mod(&uint(9)), None);
    assert_eq!(uint(0).inv_mod(&uint(9)), None);
}

// ---------------------------------------------------------------------------------------------
// Primes

#[test]
fn miller_rabin_knows_primes_from_composites() {
    let mut rng = SimRng::from_seed(1);
    // Below 2³² trial division decides: compare with a sieve.
    let mut sieve = vec![true; 20_000];
    sieve[0] = false;
    sieve[1] = false;
    for i in 2..sieve.len() {
        if sieve[i] {
            for j in (i * i..sieve.len()).step_by(i) {
                sieve[j] = false;
            }
        }
    }
    for (n, is_prime) in sieve.iter().enumerate() {
        assert_eq!(prime::is_probable_prime(&uint(n as u128), &mut rng), *is_prime, "{n}");
        if n < 300 {
            assert_eq!(prime::miller_rabin(&uint(n as u128), 30, &mut rng), *is_prime, "Miller–Rabin alone, {n}");
        }
    }
    let primes = [
        "7fffffffffffffffffffffffffffffff",                                 // 2¹²⁷ − 1
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", // P-256 p
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", // P-256 n
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973", // P-384 n
        "ffffffffffffffc5",                                                 // 2⁶⁴ − 59
    ];
    for hex in primes {
        let n = Uint::from_hex(hex);
        assert!(prime::is_probable_prime(&n, &mut rng), "{hex}");
        assert!(prime::miller_rabin(&n, 40, &mut rng), "{hex}");
    }
    assert!(!prime::is_probable_prime(&Uint::from_hex("100000001"), &mut rng), "2³² + 1 is 641 · 6700417");
    // Carmichael numbers fool Fermat's test for every base coprime to them; Miller–Rabin must
    // not be fooled. Also strong pseudoprimes to base 2, and products of two large primes.
    let composites: [u128; 18] = [
        561, 1105, 1729, 2465, 2821, 6601, 8911, 41041, 825265, 321197185, 5394826801, 232250619601, 9746347772161,
        // A Carmichael number above 2⁶⁴, so past trial division (see the next test).
        CHERNICK,
        2047, 3277, 4033, (2u128.pow(61) - 1) * (2u128.pow(61) - 1),
    ];
    for n in composites {
        let n = uint(n);
        assert!(!prime::is_probable_prime(&n, &mut rng), "{n:?}");
        if n.bits() > 3 && n.is_odd() {
            assert!(!prime::miller_rabin(&n, 20, &mut rng), "{n:?}");
        }
    }
    let p256_p = Uint::from_hex(primes[1]);
    let p384_n = Uint::from_hex(primes[3]);
    assert!(!prime::is_probable_prime(&p256_p.mul(&p384_n), &mut rng));
}

/// Chernick's form (6k+1)(12k+1)(18k+1) is a Carmichael number when its three factors are
/// prime; k = 1000051 is the first k ≥ 10⁶ where they are.
const CHERNICK_K: u128 = 1_000_051;
const CHERNICK: u128 = (6 * CHERNICK_K + 1) * (12 * CHERNICK_K + 1) * (18 * CHERNICK_K + 1);

#[test]
fn the_large_carmichael_number_is_one() {
    // So that the composite test above is not vacuous: its factors are prime (below 2³², where
    // trial division decides) and it passes Fermat's test to a base coprime to it.
    let mut rng = SimRng::from_seed(2);
    for f in [6 * CHERNICK_K + 1, 12 * CHERNICK_K + 1, 18 * CHERNICK_K + 1] {
        assert!(prime::is_probable_prime(&uint(f), &mut rng), "{f}");
    }
    let n = uint(CHERNICK);
    assert!(n.bits() > 64);
    assert_eq!(Monty::new(&n).unwrap().pow(&uint(2), &n.sub(&Uint::one())), Uint::one());
}

#[test]
fn random_primes_have_the_asked_shape() {
    let mut rng = SimRng::from_seed(3);
    for bits in [64, 256, 512] {
        let p = prime::random_prime(&mut rng, bits, ours::E);
        assert_eq!(p.bits(), bits);
        assert!(p.bit(bits - 2), "the top two bits are set");
        assert_ne!(p.rem_u32(ours::E), 1, "e is coprime to p − 1");
        assert!(prime::miller_rabin(&p, 40, &mut SimRng::from_seed(99)));
    }
}

// ---------------------------------------------------------------------------------------------
// RSA

struct RsaPair {
    ours: ours::PrivateKey,
    theirs: rsa::PrivateKey,
}

fn pkcs1v15(hash: Hash) -> rsa::Pkcs1v15Sign {
    use sha2::{Sha256, Sha384, Sha512};
    match hash {
        Hash::Sha1 => rsa::Pkcs1v15Sign { hash_len: Some(20), prefix: Box::new([0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14]) },
        Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
    }
}

fn openssl_rsa(pem: &str) -> RsaPair {
    let theirs = rsa::PrivateKey::from_pkcs8_pem(pem).or_else(|_| rsa::PrivateKey::from_pkcs1_pem(pem)).unwrap();
    RsaPair { ours: ours::PrivateKey::from_pem(pem).unwrap(), theirs }
}

/// Keys of every size the tests use, made once: ours (generated from a seed, 2048 bits) and
/// OpenSSL's (2048 PKCS#1, 3072 with e = 3 PKCS#8, 4096 PKCS#8).
fn rsa_keys() -> &'static [RsaPair] {
    static KEYS: std::sync::OnceLock<Vec<RsaPair>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let generated = ours::PrivateKey::generate(&mut SimRng::from_seed(7), 2048);
        let theirs = rsa::PrivateKey::from_pkcs1_der(&generated.to_pkcs1_der()).expect("the rsa crate accepts our generated key");
        vec![
            RsaPair { ours: generated, theirs },
            openssl_rsa(include_str!("../../tests/data/keys/rsa-2048-pkcs1.pem")),
            openssl_rsa(include_str!("../../tests/data/keys/rsa-3072-e3-pkcs8.pem")),
            openssl_rsa(include_str!("../../tests/data/keys/rsa-4096-pkcs8.pem")),
        ]
    })
}

fn same_uint(a: &Uint, b: &rsa::BoxedUint) -> bool {
    *a == Uint::from_be_bytes(&b.to_be_bytes())
}

#[test]
fn rsa_keys_read_alike_and_encode_byte_for_byte_alike() {
    for (i, k) in rsa_keys().iter().enumerate() {
        let public = k.ours.public_key();
        assert!(same_uint(public.n(), k.theirs.n()), "key {i}: n");
        assert!(same_uint(public.e(), k.theirs.e()), "key {i}: e");
        assert_eq!(public.size(), k.theirs.size());
        // PKCS#1, PKCS#8 and SPKI, each way.
        assert_eq!(k.ours.to_pkcs1_der(), k.theirs.to_pkcs1_der().unwrap().as_bytes(), "key {i}: PKCS#1");
        assert_eq!(k.ours.to_pkcs8_der(), k.theirs.to_pkcs8_der().unwrap().as_bytes(), "key {i}: PKCS#8");
        assert_eq!(k.ours.to_pkcs8_pem(), *k.theirs.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap(), "key {i}: PEM");
        let spki = public.to_spki_der();
        assert_eq!(spki, k.theirs.to_public_key().to_public_key_der().unwrap().as_bytes(), "key {i}: SPKI");
        assert_eq!(rsa::PublicKey::from_public_key_der(&spki).unwrap(), k.theirs.to_public_key());
        assert_eq!(ours::PublicKey::from_spki_der(&spki).unwrap(), *public);
        let back = ours::PrivateKey::from_pkcs8_der(k.theirs.to_pkcs8_der().unwrap().as_bytes()).unwrap();
        assert_eq!(back.to_pkcs1_der(), k.ours.to_pkcs1_der());
        let back = rsa::PrivateKey::from_pkcs8_der(&k.ours.to_pkcs8_der()).unwrap();
        assert_eq!(back.to_pkcs1_der().unwrap().as_bytes(), k.ours.to_pkcs1_der());
    }
}

#[test]
fn generated_rsa_keys_are_deterministic_and_well_formed() {
    let a = &rsa_keys()[0].ours;
    let b = ours::PrivateKey::generate(&mut SimRng::from_seed(7), 2048);
    assert_eq!(a.to_pkcs1_der(), b.to_pkcs1_der(), "same seed, same key");
    assert_eq!(a.public_key().n().bits(), 2048);
    assert_eq!(a.public_key().e(), &Uint::from_u32(65537));
    // The rsa crate's own validation (from_pkcs1_der → from_components → validate) accepted it;
    // its primes are each half the modulus.
    let theirs = &rsa_keys()[0].theirs;
    assert_eq!(theirs.primes().len(), 2);
    for p in theirs.primes() {
        assert_eq!(p.bit_width_vartime(), 1024);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn rsa_signatures_equal_theirs_and_verify_both_ways(message in prop::collection::vec(any::<u8>(), 0..300), which in 0usize..4, h in 0usize..4, flip in any::<prop::sample::Index>()) {
        let k = &rsa_keys()[which];
        let hash = HASHES[h];
        let hashed = hash.digest(&message);
        let sig = k.ours.sign(hash, &hashed).unwrap();
        prop_assert_eq!(&sig, &k.theirs.sign(pkcs1v15(hash), &hashed).unwrap());
        prop_assert!(k.ours.public_key().verify(hash, &hashed, &sig));
        prop_assert!(k.theirs.to_public_key().verify(pkcs1v15(hash), &hashed, &sig).is_ok());
        // Tampered: one bit of the signature, one bit of the hash, another hash function, a
        // signature one byte short or long.
        let mut bad = sig.clone();
        let i = flip.index(bad.len() * 8);
        bad[i / 8] ^= 1 << (i % 8);
        prop_assert!(!k.ours.public_key().verify(hash, &hashed, &bad));
        let mut bad_hash = hashed.clone();
        bad_hash[0] ^= 0x80;
        prop_assert!(!k.ours.public_key().verify(hash, &bad_hash, &sig));
        let other = HASHES[(h + 1) % 4];
        prop_assert!(!k.ours.public_key().verify(other, &other.digest(&message), &sig));
        prop_assert!(!k.ours.public_key().verify(hash, &hashed, &sig[1..]));
        prop_assert!(!k.ours.public_key().verify(hash, &hashed, &[&[0u8][..], &sig].concat()));
    }
}

#[test]
fn rsa_verifies_against_another_keys_signature_and_refuses_s_at_least_n() {
    let keys = rsa_keys();
    let hashed = Hash::Sha256.digest(b"message");
    let sig = keys[1].ours.sign(Hash::Sha256, &hashed).unwrap();
    assert!(!keys[0].ours.public_key().verify(Hash::Sha256, &hashed, &sig));
    // s = n (and s = n + the real signature would wrap): refused before any arithmetic.
    let n = keys[1].ours.public_key().n().to_be_bytes_padded(256);
    assert!(!keys[1].ours.public_key().verify(Hash::Sha256, &hashed, &n));
}

#[test]
fn rsa_public_key_checks_keep_the_rsa_crate_messages() {
    let n = rsa_keys()[1].ours.public_key().n().clone();
    let e = Uint::from_u32(65537);
    assert_eq!(ours::PublicKey::new(n.clone(), e.clone(), 2048..=8192).map(|_| ()), Ok(()));
    assert_eq!(ours::PublicKey::new(n.clone(), e.clone(), 2049..=8192).unwrap_err(), "modulus too small");
    assert_eq!(ours::PublicKey::new(n.clone(), e.clone(), 1024..=2047).unwrap_err(), "modulus too large");
    assert_eq!(ours::PublicKey::new(n.add(&Uint::one()), e.clone(), 2048..=8192).unwrap_err(), "invalid modulus");
    assert_eq!(ours::PublicKey::new(n.clone(), Uint::from_u32(65536), 2048..=8192).unwrap_err(), "invalid exponent");
    assert_eq!(ours::PublicKey::new(n.clone(), Uint::one(), 2048..=8192).unwrap_err(), "public exponent too small");
    assert_eq!(ours::PublicKey::new(n.clone(), Uint::one().shl(33).add(&Uint::one()), 2048..=8192).unwrap_err(), "public exponent too large");
    assert_eq!(ours::PublicKey::new(n.clone(), n.clone(), 2048..=8192).unwrap_err(), "invalid modulus");
    // The same verdicts from the rsa crate.
    let b = |x: &Uint| rsa::BoxedUint::from_be_slice_vartime(&x.to_be_bytes());
    assert!(rsa::PublicKey::new_with_size_limits(b(&n), b(&e), 2048..=8192).is_ok());
    assert_eq!(rsa::PublicKey::new_with_size_limits(b(&n), b(&e), 2049..=8192).unwrap_err().to_string(), "modulus too small");
    assert_eq!(rsa::PublicKey::new_with_size_limits(b(&n), b(&Uint::one()), 2048..=8192).unwrap_err().to_string(), "public exponent too small");
}

#[test]
fn rsa_private_keys_must_be_consistent() {
    let k = &rsa_keys()[1].ours;
    let der = k.to_pkcs1_der();
    let fields = der::expect_only(&der, der::SEQUENCE, "RSAPrivateKey").unwrap();
    let mut parts = Vec::new();
    let mut rest = der::read_small(fields, "version").unwrap().1;
    while !rest.is_empty() {
        let (m, r) = der::read_unsigned(rest, "part").unwrap();
        parts.push(Uint::from_be_bytes(m));
        rest = r;
    }
    let [n, e, d, p, q, ..] = &parts[..] else { panic!("eight parts") };
    assert!(ours::PrivateKey::from_components(n.clone(), e.clone(), d.clone(), p.clone(), q.clone()).is_ok());
    let two = Uint::from_u32(2);
    assert_eq!(ours::PrivateKey::from_components(n.clone(), e.clone(), d.add(&two), p.clone(), q.clone()).unwrap_err(), "invalid exponent");
    assert_eq!(ours::PrivateKey::from_components(n.clone(), e.clone(), d.clone(), p.add(&two), q.clone()).unwrap_err(), "invalid modulus");
    assert_eq!(ours::PrivateKey::from_components(n.clone(), e.clone(), n.clone(), p.clone(), q.clone()).unwrap_err(), "invalid exponent");
    assert_eq!(ours::PrivateKey::from_p_q(p.clone(), p.clone(), e.clone()).unwrap_err(), "invalid prime value");
    assert_eq!(ours::PrivateKey::from_p_q(p.clone(), q.add(&Uint::one()), e.clone()).unwrap_err(), "invalid prime value");
    let from_p_q = ours::PrivateKey::from_p_q(p.clone(), q.clone(), e.clone()).unwrap();
    let theirs = rsa::PrivateKey::from_p_q(rsa::BoxedUint::from_be_slice_vartime(&p.to_be_bytes()), rsa::BoxedUint::from_be_slice_vartime(&q.to_be_bytes()), rsa::BoxedUint::from(65537u64)).unwrap();
    assert_eq!(from_p_q.to_pkcs8_der(), theirs.to_pkcs8_der().unwrap().as_bytes(), "d = e⁻¹ mod λ(n), as theirs");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Untrusted bytes never panic the key readers, and edits of a valid key are refused or read
    /// as the rsa crate reads them.
    #[test]
    fn rsa_key_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), at in any::<prop::sample::Index>(), to in any::<u8>()) {
        let _ = ours::PrivateKey::from_pkcs1_der(&bytes);
        let _ = ours::PrivateKey::from_pkcs8_der(&bytes);
        let _ = ours::PublicKey::from_spki_der(&bytes);
        let _ = ours::PrivateKey::from_pem(&String::from_utf8_lossy(&bytes));
        let k = &rsa_keys()[1];
        let mut der = k.ours.public_key().to_spki_der();
        let i = at.index(der.len());
        der[i] = to;
        let theirs = rsa::PublicKey::from_public_key_der(&der);
        match ours::PublicKey::from_spki_der(&der) {
            Ok(key) => {
                let theirs = theirs.expect("the rsa crate reads what we read");
                prop_assert!(same_uint(key.n(), theirs.n()) && same_uint(key.e(), theirs.e()));
            }
            Err(e) => prop_assert!(theirs.is_err(), "refused what the rsa crate reads (byte {} = {}): {}", i, to, e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ECDSA

fn theirs_256(d: &[u8]) -> Option<p256::ecdsa::SigningKey> {
    p256::ecdsa::SigningKey::from_slice(d).ok()
}

fn theirs_384(d: &[u8]) -> Option<p384::ecdsa::SigningKey> {
    p384::ecdsa::SigningKey::from_slice(d).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn ecdsa_p256_equals_theirs(d in prop::array::uniform32(any::<u8>()), message in prop::collection::vec(any::<u8>(), 0..200), flip in any::<prop::sample::Index>()) {
        let Some(theirs) = theirs_256(&d) else {
            prop_assert!(ec::PrivateKey::from_scalar(ec::Curve::P256, &d).is_none());
            return Ok(());
        };
        let key = ec::PrivateKey::from_scalar(ec::Curve::P256, &d).unwrap();
        let point = theirs.verifying_key().to_sec1_point(false);
        prop_assert_eq!(key.public_key().to_sec1(), point.as_bytes());
        let sig = key.sign(&message);
        let their_sig: p256::ecdsa::Signature = theirs.sign(&message);
        prop_assert_eq!(&sig, &their_sig.to_bytes().to_vec(), "RFC 6979: the same signature");
        prop_assert!(key.public_key().verify(&message, &sig));
        prop_assert!(theirs.verifying_key().verify(&message, &p256::ecdsa::Signature::from_slice(&sig).unwrap()).is_ok());
        check_tampering(key.public_key(), &message, &sig, flip);
        // Encodings: PKCS#8 and SEC1 byte for byte, PEM alike, and each read by the other.
        let secret = p256::SecretKey::from(&theirs);
        prop_assert_eq!(key.to_pkcs8_der(), secret.to_pkcs8_der().unwrap().as_bytes().to_vec());
        prop_assert_eq!(&key.to_sec1_der(true), &*secret.to_sec1_der().unwrap());
        prop_assert_eq!(key.to_pkcs8_pem(), secret.to_pkcs8_pem(p256::pkcs8::LineEnding::LF).unwrap().to_string());
        prop_assert_eq!(p256::SecretKey::from_pkcs8_der(&key.to_pkcs8_der()).unwrap(), secret.clone());
        prop_assert_eq!(ec::PrivateKey::from_sec1_der(ec::Curve::P256, &secret.to_sec1_der().unwrap()).unwrap().scalar(), d.to_vec());
        prop_assert!(ec::PrivateKey::from_pkcs8_der(ec::Curve::P384, &key.to_pkcs8_der()).is_err(), "another curve's key");
    }

    #[test]
    fn ecdsa_p384_equals_theirs(d in prop::collection::vec(any::<u8>(), 48), message in prop::collection::vec(any::<u8>(), 0..200), flip in any::<prop::sample::Index>()) {
        let Some(theirs) = theirs_384(&d) else {
            prop_assert!(ec::PrivateKey::from_scalar(ec::Curve::P384, &d).is_none());
            return Ok(());
        };
        let key = ec::PrivateKey::from_scalar(ec::Curve::P384, &d).unwrap();
        prop_assert_eq!(key.public_key().to_sec1(), theirs.verifying_key().to_sec1_point(false).as_bytes().to_vec());
        let sig = key.sign(&message);
        let their_sig: p384::ecdsa::Signature = theirs.sign(&message);
        prop_assert_eq!(&sig, &their_sig.to_bytes().to_vec(), "RFC 6979: the same signature");
        prop_assert!(theirs.verifying_key().verify(&message, &p384::ecdsa::Signature::from_slice(&sig).unwrap()).is_ok());
        check_tampering(key.public_key(), &message, &sig, flip);
        let secret = p384::SecretKey::from(&theirs);
        prop_assert_eq!(key.to_pkcs8_der(), secret.to_pkcs8_der().unwrap().as_bytes().to_vec());
        prop_assert_eq!(&key.to_sec1_der(true), &*secret.to_sec1_der().unwrap());
        prop_assert_eq!(ec::PrivateKey::from_pkcs8_der(ec::Curve::P384, secret.to_pkcs8_der().unwrap().as_bytes()).unwrap().scalar(), d.clone());
    }

    /// Their signatures (made with a random nonce, so not RFC 6979's) verify with ours.
    #[test]
    fn ecdsa_verifies_their_randomized_signatures(seed in any::<u64>(), message in prop::collection::vec(any::<u8>(), 0..100)) {
        use p256::ecdsa::signature::RandomizedSigner as _;
        let mut rng = SimRng::from_seed(seed);
        let d = rng.bytes::<32>();
        let Some(theirs) = theirs_256(&d) else { return Ok(()) };
        let ours = ec::PrivateKey::from_scalar(ec::Curve::P256, &d).unwrap();
        let sig: p256::ecdsa::Signature = theirs.sign_with_rng(&mut RandBytes(rng), &message);
        prop_assert!(ours.public_key().verify(&message, &sig.to_bytes()));
        // ECDSA signatures are malleable: (r, n − s) verifies as well, in both implementations.
        let n = Uint::from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        let bytes = sig.to_bytes();
        let (r, s) = bytes.split_at(32);
        let high = [r.to_vec(), n.sub(&Uint::from_be_bytes(s)).to_be_bytes_padded(32)].concat();
        prop_assert!(ours.public_key().verify(&message, &high));
        prop_assert!(theirs.verifying_key().verify(&message, &p256::ecdsa::Signature::from_slice(&high).unwrap()).is_ok());
    }

    /// Points: ours accepts (x, y) exactly when the p256 crate does.
    #[test]
    fn ec_points_are_accepted_alike(x in prop::array::uniform32(any::<u8>()), y in prop::array::uniform32(any::<u8>()), d in prop::array::uniform32(any::<u8>()), bump in 0u8..3) {
        let sec1 = [&[4u8][..], &x, &y].concat();
        prop_assert_eq!(ec::PublicKey::from_coordinates(ec::Curve::P256, &x, &y).is_some(), p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).is_ok());
        // A point on the curve, then the same with y or x moved.
        if let Some(key) = ec::PrivateKey::from_scalar(ec::Curve::P256, &d) {
            let (px, mut py) = (key.public_key().x(), key.public_key().y());
            prop_assert!(ec::PublicKey::from_coordinates(ec::Curve::P256, &px, &py).is_some());
            py[31] = py[31].wrapping_add(bump + 1);
            prop_assert!(ec::PublicKey::from_coordinates(ec::Curve::P256, &px, &py).is_none());
            prop_assert!(p256::ecdsa::VerifyingKey::from_sec1_bytes(&[&[4u8][..], &px, &py].concat()).is_err());
        }
    }
}

/// A `rand_core` generator over SimRng, for the p256 crate's randomized signing.
struct RandBytes(SimRng);

impl rand_core::TryRng for RandBytes {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from_le_bytes(self.0.bytes()))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for RandBytes {}

fn check_tampering(key: &ec::PublicKey, message: &[u8], sig: &[u8], flip: prop::sample::Index) {
    let size = key.curve().size();
    let mut bad = sig.to_vec();
    let i = flip.index(bad.len() * 8);
    bad[i / 8] ^= 1 << (i % 8);
    assert!(!key.verify(message, &bad), "a flipped bit");
    assert!(!key.verify(&[message, b"!"].concat(), sig), "another message");
    assert!(!key.verify(message, &sig[..2 * size - 1]), "too short");
    // r or s zero, or at least n.
    let n = match key.curve() {
        ec::Curve::P256 => Uint::from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
        ec::Curve::P384 => Uint::from_hex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
    };
    let (r, s) = sig.split_at(size);
    for (r2, s2) in [(vec![0; size], s.to_vec()), (r.to_vec(), vec![0; size]), (n.to_be_bytes_padded(size), s.to_vec()), (r.to_vec(), n.add(&Uint::from_be_bytes(s)).to_be_bytes_padded(size))] {
        assert!(!key.verify(message, &[r2, s2].concat()));
    }
    // A DER `Ecdsa-Sig-Value` of the same r and s (RFC 3279 §2.2.3) is not a JWS signature.
    let der_sig = der::seq(&[&der::unsigned(r), &der::unsigned(s)]);
    assert!(!key.verify(message, &der_sig));
}

#[test]
fn ec_keys_from_openssl() {
    for (curve, pem) in [(ec::Curve::P256, include_str!("../../tests/data/keys/ec-p256-sec1.pem")), (ec::Curve::P384, include_str!("../../tests/data/keys/ec-p384-pkcs8.pem"))] {
        let key = ec::PrivateKey::from_pem(curve, pem).unwrap();
        let other = if curve == ec::Curve::P256 { ec::Curve::P384 } else { ec::Curve::P256 };
        assert!(ec::PrivateKey::from_pem(other, pem).is_err(), "the PEM's curve is checked");
        let sig = key.sign(b"hello");
        match curve {
            ec::Curve::P256 => {
                let theirs = p256::SecretKey::from_sec1_pem(pem).unwrap();
                assert_eq!(key.scalar(), theirs.to_bytes().to_vec());
                let vk = p256::ecdsa::VerifyingKey::from(&p256::ecdsa::SigningKey::from(&theirs));
                assert!(vk.verify(b"hello", &p256::ecdsa::Signature::from_slice(&sig).unwrap()).is_ok());
            }
            ec::Curve::P384 => {
                let theirs = p384::SecretKey::from_pkcs8_pem(pem).unwrap();
                assert_eq!(key.scalar(), theirs.to_bytes().to_vec());
            }
        }
    }
    // A SEC1 key whose stated public point is another key's is refused.
    let pem = include_str!("../../tests/data/keys/ec-p256-sec1.pem");
    let key = ec::PrivateKey::from_pem(ec::Curve::P256, pem).unwrap();
    let other = ec::PrivateKey::from_scalar(ec::Curve::P256, &[7u8; 32]).unwrap();
    let mut der = key.to_sec1_der(true);
    let (at, len) = (der.len() - 64, 64);
    der[at..at + len].copy_from_slice(&other.public_key().to_sec1()[1..]);
    assert!(ec::PrivateKey::from_sec1_der(ec::Curve::P256, &der).is_err());
}

/// RFC 6979 Appendix A.2.5 (P-256, SHA-256, message "sample"): the published k gives the
/// published signature.
#[test]
fn rfc6979_p256_sample_vector() {
    let d = Uint::from_hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721").to_be_bytes_padded(32);
    let key = ec::PrivateKey::from_scalar(ec::Curve::P256, &d).unwrap();
    assert_eq!(key.public_key().x(), Uint::from_hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6").to_be_bytes_padded(32));
    let sig = key.sign(b"sample");
    let r = Uint::from_hex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
    let s = Uint::from_hex("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    assert_eq!(sig, [r.to_be_bytes_padded(32), s.to_be_bytes_padded(32)].concat());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn ec_key_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), at in any::<prop::sample::Index>(), to in any::<u8>()) {
        for curve in [ec::Curve::P256, ec::Curve::P384] {
            let _ = ec::PrivateKey::from_pkcs8_der(curve, &bytes);
            let _ = ec::PrivateKey::from_sec1_der(curve, &bytes);
            let _ = ec::PublicKey::from_sec1(curve, &bytes);
        }
        let key = ec::PrivateKey::from_scalar(ec::Curve::P256, &[9u8; 32]).unwrap();
        let mut der = key.to_pkcs8_der();
        let i = at.index(der.len());
        der[i] = to;
        let theirs = p256::SecretKey::from_pkcs8_der(&der);
        match ec::PrivateKey::from_pkcs8_der(ec::Curve::P256, &der) {
            Ok(k) => {
                let theirs = theirs.expect("p256 reads what we read");
                prop_assert_eq!(k.scalar(), theirs.to_bytes().to_vec());
            }
            Err(e) => prop_assert!(theirs.is_err(), "refused what p256 reads (byte {} = {}): {}", i, to, e),
        }
    }
}
