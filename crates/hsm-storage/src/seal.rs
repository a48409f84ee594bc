//! AES-256-GCM sealing of record values, so key material, masking keys and password hashes
//! never reach the disk in the clear (docs/storage.md "Sealing").
//!
//! A sealed value is `nonce (12) | ciphertext | tag (16)`. The nonce is random for every
//! write: records are rewritten in place with no counter that survives a crash, and a
//! random 96-bit nonce stays safe far beyond the number of writes a simulator makes. The
//! record's sled key is the associated data, so a value copied onto another record (a key
//! swapped onto another handle, a user onto another HSM) fails to open.

use aes_gcm::aead::array::Array;
use aes_gcm::{AeadInOut, Aes256Gcm, KeyInit};
use zeroize::Zeroizing;

/// Length of a master key.
pub(crate) const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// A value that could not be sealed or opened. Deliberately without detail: a failed tag
/// check says nothing about which byte differed, and the caller names the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a record could not be sealed (operating system RNG failure) or opened")]
pub(crate) struct SealError;

/// The per-directory master key, ready to use. The raw bytes are not kept: the cipher's
/// expanded key is all that is needed, and aes-gcm's `zeroize` feature wipes it on drop.
pub(crate) struct MasterKey {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Builds the cipher; the caller's buffer is wiped when it drops.
    pub(crate) fn new(bytes: &Zeroizing<[u8; KEY_LEN]>) -> Self {
        Self {
            cipher: Aes256Gcm::new(&Array::from(**bytes)),
        }
    }

    /// Encrypts `plaintext`, bound to `aad`.
    pub(crate) fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| SealError)?;
        // Encrypted in the output buffer itself, so no second plaintext copy is left behind.
        let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let tag = self
            .cipher
            .encrypt_inout_detached(&Array::from(nonce), aad, out[NONCE_LEN..].as_mut().into())
            .map_err(|_| SealError)?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// Decrypts a value [`seal`](Self::seal) made with the same key and `aad`.
    pub(crate) fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError);
        }
        let (nonce, rest) = sealed.split_at(NONCE_LEN);
        let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
        let nonce = <[u8; NONCE_LEN]>::try_from(nonce).map_err(|_| SealError)?;
        let tag = <[u8; TAG_LEN]>::try_from(tag).map_err(|_| SealError)?;
        let mut plain = Zeroizing::new(ciphertext.to_vec());
        self.cipher
            .decrypt_inout_detached(
                &Array::from(nonce),
                aad,
                plain.as_mut_slice().into(),
                &Array::from(tag),
            )
            .map_err(|_| SealError)?;
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> MasterKey {
        MasterKey::new(&Zeroizing::new([byte; KEY_LEN]))
    }

    #[test]
    fn round_trip() {
        let k = key(1);
        let sealed = k.seal(b"key/hsm-a/1", b"secret material").unwrap();
        assert_eq!(sealed.len(), NONCE_LEN + 15 + TAG_LEN);
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(
            k.open(b"key/hsm-a/1", &sealed).unwrap().as_slice(),
            b"secret material"
        );
        assert_eq!(k.open(b"", &k.seal(b"", b"").unwrap()).unwrap().len(), 0);
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let k = key(1);
        assert_ne!(
            k.seal(b"a", b"same").unwrap(),
            k.seal(b"a", b"same").unwrap()
        );
    }

    #[test]
    fn any_tampered_byte_is_refused() {
        let k = key(1);
        let sealed = k.seal(b"aad", b"secret material").unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert_eq!(k.open(b"aad", &bad), Err(SealError), "byte {i}");
        }
        assert_eq!(k.open(b"aad", &sealed[..sealed.len() - 1]), Err(SealError));
        assert_eq!(k.open(b"aad", &sealed[..NONCE_LEN]), Err(SealError));
    }

    #[test]
    fn other_associated_data_is_refused() {
        let k = key(1);
        let sealed = k.seal(b"key/hsm-a/1", b"secret").unwrap();
        assert_eq!(k.open(b"key/hsm-a/2", &sealed), Err(SealError));
        assert_eq!(k.open(b"", &sealed), Err(SealError));
    }

    #[test]
    fn another_master_key_is_refused() {
        let sealed = key(1).seal(b"aad", b"secret").unwrap();
        assert_eq!(key(2).open(b"aad", &sealed), Err(SealError));
    }

    #[test]
    fn debug_shows_no_key() {
        assert_eq!(format!("{:?}", key(0xab)), "MasterKey(..)");
    }
}
