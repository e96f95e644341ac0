//! RSA PKCS#1 v1.5 signatures, remembered. The scheme is deterministic (RFC 8017 §8.2.1: the
//! same key and message always give the same signature), so a signature made once can be
//! answered again without the private-key operation — the costliest step of minting a SAML
//! response or a self-signed certificate (tens of milliseconds in the wasm build). Answers are
//! byte-identical to signing afresh; the cache is shared by every simulator of the process and
//! bounded.

use sha2::{Digest, Sha256};

use crate::crypto::{Hash, rsa};
use crate::memo::Memo;

/// `key.sign(hash, hashed)`, from the cache when this key signed this digest before.
pub fn sign(key: &rsa::PrivateKey, hash: Hash, hashed: &[u8]) -> Result<Vec<u8>, String> {
    static SIGNED: Memo<[u8; 32], Vec<u8>> = Memo::new(1024);
    let mut h = Sha256::new();
    for part in [&key.public_key().to_spki_der(), &[hash as u8][..], hashed] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    let id: [u8; 32] = h.finalize().into();
    SIGNED.get_or_try_insert_with(id, || key.sign(hash, hashed))
}
