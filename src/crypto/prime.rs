//! Probable primes for RSA key generation: the Miller–Rabin test (FIPS 186-5 Appendix B.3.1)
//! and a random search that sieves out candidates with a small factor before testing them.
//!
//! Rounds: FIPS 186-5 Table B.1 gives the Miller–Rabin rounds after which a random candidate
//! that passes is composite with probability at most 2⁻¹¹² (the security strength of
//! RSA-2048): 5 for 1024-bit primes, 4 for 1536-bit and larger ones. The simulator only generates
//! RSA-2048 keys (1024-bit primes); the test itself takes the rounds for any size.

use std::sync::OnceLock;

use super::bigint::{Monty, Uint};
use crate::rng::SimRng;

/// Primes below this bound are found by the sieve; every larger candidate is first divided by
/// them (a random odd number has no odd prime factor below 2¹⁶ with probability ≈ 1/10, so nine
/// in ten candidates never reach an exponentiation).
const SIEVE_LIMIT: usize = 1 << 16;

/// Odd candidates examined per random start: x, x+2, …, x+2·(WINDOW−1). Around 2¹⁰²⁴ one odd
/// number in 355 is prime, so a window of 4096 holds about 11 and is almost never empty.
const WINDOW: usize = 4096;

/// The odd primes below [`SIEVE_LIMIT`] (sieve of Eratosthenes, once per process).
fn small_odd_primes() -> &'static [u32] {
    static PRIMES: OnceLock<Vec<u32>> = OnceLock::new();
    PRIMES.get_or_init(|| {
        let mut composite = vec![false; SIEVE_LIMIT];
        let mut primes = Vec::new();
        for i in (3..SIEVE_LIMIT).step_by(2) {
            if !composite[i] {
                primes.push(i as u32);
                for j in (i * i..SIEVE_LIMIT).step_by(2 * i) {
                    composite[j] = true;
                }
            }
        }
        primes
    })
}

/// FIPS 186-5 Table B.1 (error probability 2⁻¹¹²).
pub fn rounds_for(bits: usize) -> usize {
    if bits >= 1536 { 4 } else { 5 }
}

/// Whether `n` is (probably) prime: trial division by the odd primes below 2¹⁶, which decides
/// every `n` below 2³², then `rounds_for(bits)` Miller–Rabin rounds with bases from `rng`.
pub fn is_probable_prime(n: &Uint, rng: &mut SimRng) -> bool {
    if n.bits() <= 1 {
        return false;
    }
    if !n.is_odd() {
        return *n == Uint::from_u32(2);
    }
    for &p in small_odd_primes() {
        if n.rem_u32(p) == 0 {
            return *n == Uint::from_u32(p);
        }
    }
    // No factor below 2¹⁶: below 2³² that is proof of primality.
    n.bits() <= 32 || miller_rabin(n, rounds_for(n.bits()), rng)
}

/// FIPS 186-5 B.3.1: `rounds` random bases b in [2, n−2]; with n − 1 = 2ᵃ·m, an odd n passes a
/// round when b^m ≡ ±1 or b^(m·2ʲ) ≡ −1 for some j < a. Even numbers other than 2 fail.
pub fn miller_rabin(n: &Uint, rounds: usize, rng: &mut SimRng) -> bool {
    if n.bits() <= 2 {
        // 2 and 3 have no base in [2, n−2] to draw.
        return n.bits() == 2;
    }
    let Some(monty) = Monty::new(n) else { return false };
    let n1 = n.sub(&Uint::one());
    let a = (0..n1.bits()).take_while(|&i| !n1.bit(i)).count();
    let m = n1.shr(a);
    let (one, minus_one) = (monty.one(), monty.to_monty(&n1));
    let mut bytes = vec![0u8; n.bits().div_ceil(8)];
    'rounds: for _ in 0..rounds {
        let b = loop {
            rng.fill(&mut bytes);
            let b = Uint::from_be_bytes(&bytes).shr(8 * bytes.len() - n.bits());
            if b > Uint::one() && b < n1 {
                break b;
            }
        };
        let mut z = monty.pow_monty(&monty.to_monty(&b), &m);
        if z == one || z == minus_one {
            continue;
        }
        for _ in 1..a {
            z = monty.mul(&z, &z);
            if z == minus_one {
                continue 'rounds;
            }
            if z == one {
                return false;
            }
        }
        return false;
    }
    true
}

/// A random probable prime of exactly `bits` bits (≥ 32) with its two top bits set (so that the
/// product of two such primes has exactly twice as many bits: FIPS 186-5 A.1.3 step 4.4 asks for
/// p ≥ √2·2^(bits−1)) and p ≢ 1 (mod `e`), so that e (an odd prime above the sieve bound, here
/// 65537) is coprime to p − 1 (A.1.3 step 4.5). Where A.1.3 draws a fresh random number for
/// every candidate, this search starts at a random odd number and steps by 2 through a sieved
/// window (a fresh start when the window runs out), as OpenSSL does: each start costs one
/// division by every small prime instead of one per candidate. Primes that follow long gaps are
/// a little likelier to be chosen, which does not matter to a simulator.
pub fn random_prime(rng: &mut SimRng, bits: usize, e: u32) -> Uint {
    let primes = small_odd_primes();
    let mut bytes = vec![0u8; bits.div_ceil(8)];
    loop {
        rng.fill(&mut bytes);
        let mut start = Uint::from_be_bytes(&bytes).shr(8 * bytes.len() - bits);
        for bit in [bits - 1, bits - 2, 0] {
            start.set_bit(bit);
        }
        // Mark i when start + 2i ≡ 0 (mod a small prime) or ≡ 1 (mod e): i ≡ (t − r)·2⁻¹.
        let mut sieved = vec![false; WINDOW];
        for (sp, target) in primes.iter().map(|&p| (p as u64, 0)).chain([(e as u64, 1)]) {
            let r = start.rem_u32(sp as u32) as u64;
            let half = sp.div_ceil(2);
            let mut i = ((target + sp - r) % sp * half % sp) as usize;
            while i < WINDOW {
                sieved[i] = true;
                i += sp as usize;
            }
        }
        for (i, _) in sieved.iter().enumerate().filter(|(_, s)| !**s) {
            let candidate = start.add(&Uint::from_u32(2 * i as u32));
            if candidate.bits() != bits {
                break;
            }
            if miller_rabin(&candidate, rounds_for(bits), rng) {
                return candidate;
            }
        }
    }
}
