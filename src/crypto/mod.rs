//! The public-key cryptography of federation, written for this simulator: RSA (PKCS#1 v1.5
//! signatures, RFC 8017; key generation, FIPS 186-5 Appendix A.1.3 and B.3) and ECDSA on P-256
//! and P-384 (FIPS 186-5 §6, RFC 6979 nonces), with the key encodings that carry them (PKCS#1,
//! PKCS#8, SEC1, SubjectPublicKeyInfo, PEM).
//!
//! Why not the RustCrypto crates: they were a fifth of the gzipped wasm module (big integers of
//! every fixed size, prime generation, five encoding crates), and this is one run-time-sized
//! integer and one generic curve. Their `rsa`, `p256` and `p384` remain as dev-dependencies: the
//! tests (`crypto/tests.rs`) check this code against them signature by signature and encoding by
//! encoding.
//!
//! Constant time is not a goal. The simulator's keys are derived from a public seed or pasted
//! into a world by its author, and the code runs in the author's own process: there is no secret
//! for a timing side channel to leak. Every operation here may take time that depends on its
//! operands; do not reuse this code for real secrets.

pub mod bigint;
pub mod der;
pub mod ec;
pub mod prime;
pub mod rsa;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha384, Sha512};

/// A hash function a signature is made over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub const ALL: [Hash; 4] = [Hash::Sha1, Hash::Sha256, Hash::Sha384, Hash::Sha512];

    /// The name, as FIPS 180-4 writes it ("SHA-256").
    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// The output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }
}
