//! Masked objects (`extractMaskedObject` / `insertMaskedObject`): a key and its attributes
//! sealed with AES-256-GCM under a key that only the cluster (and its clones) holds, so the
//! blob can be stored anywhere and inserted back only where that key exists.
//!
//! Layout: nonce (12) ‖ ciphertext ‖ tag (16). The caller's AAD binds the blob to its
//! context (for example a format version).

use zeroize::Zeroizing;

use super::random::random_array;
use super::{gcm, CryptoError, CryptoResult};

/// Length of the cluster masking key.
pub const CLUSTER_KEY_LEN: usize = 32;

/// Seals `plaintext` under the 32-byte cluster key with a fresh random nonce.
pub fn seal_masked(cluster_key: &[u8], aad: &[u8], plaintext: &[u8]) -> CryptoResult<Vec<u8>> {
    if cluster_key.len() != CLUSTER_KEY_LEN {
        return Err(CryptoError::InvalidInput(
            "cluster masking key must be 32 bytes",
        ));
    }
    let nonce = random_array::<{ gcm::IV_LEN }>()?;
    let sealed = gcm::seal(cluster_key, &nonce, aad, plaintext, gcm::MAX_TAG_LEN)?;
    Ok([nonce.as_slice(), &sealed].concat())
}

/// Opens a blob made by [`seal_masked`]. Anything that does not open (another cluster's
/// key, other AAD, altered or truncated data) is an integrity failure.
pub fn open_masked(
    cluster_key: &[u8],
    aad: &[u8],
    blob: &[u8],
) -> CryptoResult<Zeroizing<Vec<u8>>> {
    if cluster_key.len() != CLUSTER_KEY_LEN {
        return Err(CryptoError::InvalidInput(
            "cluster masking key must be 32 bytes",
        ));
    }
    if blob.len() < gcm::IV_LEN + gcm::MAX_TAG_LEN {
        return Err(CryptoError::IntegrityFailure("masked object too short"));
    }
    let (nonce, sealed) = blob.split_at(gcm::IV_LEN);
    let nonce: [u8; gcm::IV_LEN] = nonce
        .try_into()
        .map_err(|_| CryptoError::IntegrityFailure("masked object nonce"))?;
    gcm::open(cluster_key, &nonce, aad, sealed, gcm::MAX_TAG_LEN)
        .map_err(|_| CryptoError::IntegrityFailure("masked object does not open"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_and_failures() {
        let key = [7u8; 32];
        let blob = seal_masked(&key, b"v1", b"key and attributes").unwrap();
        assert_eq!(blob.len(), 12 + 18 + 16);
        assert_eq!(
            *open_masked(&key, b"v1", &blob).unwrap(),
            b"key and attributes"
        );
        assert_ne!(
            blob,
            seal_masked(&key, b"v1", b"key and attributes").unwrap()
        );
        let fail = |r: CryptoResult<Zeroizing<Vec<u8>>>| {
            assert!(matches!(r, Err(CryptoError::IntegrityFailure(_))));
        };
        fail(open_masked(&[8u8; 32], b"v1", &blob));
        fail(open_masked(&key, b"v2", &blob));
        fail(open_masked(&key, b"v1", &blob[..20]));
        let mut bad = blob;
        bad[0] ^= 1;
        fail(open_masked(&key, b"v1", &bad));
        assert!(matches!(
            seal_masked(&[0; 16], b"", b"x"),
            Err(CryptoError::InvalidInput(_))
        ));
    }
}
