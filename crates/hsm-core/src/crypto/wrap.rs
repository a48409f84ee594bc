//! `wrapKey` / `unWrapKey` mechanisms (docs/kmu.md §1.8, §2.32, §2.34): one entry point each,
//! dispatching on [`WrapMechanism`]. The output is the bare mechanism output (what
//! `-noheader` writes); the KMU header is the caller's business.

use std::fmt;

use zeroize::Zeroizing;

use super::aes_wrap::{self, DEFAULT_IV};
use super::random::random_array;
use super::{gcm, rsa_wrap, CryptoError, CryptoResult, HashType, WrapMechanism};

/// Optional inputs of a wrap. Each applies only to some mechanisms and is ignored by the
/// others, as KMU ignores options that do not apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrapParams {
    /// IV for mechanisms 4 and 5 (8 bytes); `None` means A6A6A6A6A6A6A6A6.
    pub iv: Option<Vec<u8>>,
    /// Additional authenticated data for mechanisms 10 and 11.
    pub aad: Vec<u8>,
    /// Tag size in bytes for mechanisms 10 and 11 (8..=16); `None` means 16.
    pub tag_size: Option<usize>,
}

/// Optional inputs of an unwrap: those of [`WrapParams`] plus the GCM IV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnwrapParams {
    /// IV for mechanisms 4 and 5 (8 bytes); `None` means A6A6A6A6A6A6A6A6.
    pub iv: Option<Vec<u8>>,
    /// Additional authenticated data for mechanisms 10 and 11.
    pub aad: Vec<u8>,
    /// Tag size in bytes for mechanisms 10 and 11 (8..=16); `None` means 16.
    pub tag_size: Option<usize>,
    /// The 12-byte IV that mechanism 10 returned separately (required for mechanism 10).
    pub gcm_iv: Option<Vec<u8>>,
}

/// Result of a wrap.
#[derive(Clone, PartialEq, Eq)]
pub struct WrapOutput {
    /// The mechanism output (ciphertext; never secret in the clear).
    pub blob: Vec<u8>,
    /// For mechanism 10 only: the HSM-generated 12-byte IV, returned apart from the blob.
    pub gcm_iv: Option<Vec<u8>>,
}

impl fmt::Debug for WrapOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrapOutput")
            .field("blob_len", &self.blob.len())
            .field("gcm_iv", &self.gcm_iv)
            .finish()
    }
}

/// The key-wrap IV: given (8 bytes) or the default.
fn kw_iv(iv: Option<&[u8]>) -> CryptoResult<[u8; 8]> {
    match iv {
        None => Ok(DEFAULT_IV),
        Some(iv) => iv
            .try_into()
            .map_err(|_| CryptoError::InvalidInput("key wrap IV must be 8 bytes")),
    }
}

/// Wraps `plaintext` (raw secret key bytes or PKCS#8 DER) with `mechanism`.
///
/// `wrapping_key` is the AES key bytes for mechanisms 4, 5, 6, 10, 11 and the RSA public key
/// (SPKI DER) for 7, 8, 12; `hash` matters only for 7 and 8.
pub fn wrap(
    mechanism: WrapMechanism,
    hash: HashType,
    wrapping_key: &[u8],
    plaintext: &[u8],
    params: &WrapParams,
) -> CryptoResult<WrapOutput> {
    let blob_only = |blob| WrapOutput { blob, gcm_iv: None };
    match mechanism {
        WrapMechanism::AesKeyWrapPadPkcs5 => {
            let iv = kw_iv(params.iv.as_deref())?;
            aes_wrap::wrap_pkcs5(wrapping_key, iv, plaintext).map(blob_only)
        }
        WrapMechanism::NistAesWrapNoPad => {
            let iv = kw_iv(params.iv.as_deref())?;
            aes_wrap::wrap_no_pad(wrapping_key, iv, plaintext).map(blob_only)
        }
        WrapMechanism::NistAesWrapPad => aes_wrap::wrap_kwp(wrapping_key, plaintext).map(blob_only),
        WrapMechanism::RsaAes => {
            rsa_wrap::rsa_aes_wrap(wrapping_key, hash, plaintext).map(blob_only)
        }
        WrapMechanism::RsaOaep => {
            rsa_wrap::oaep_encrypt(wrapping_key, hash, plaintext).map(blob_only)
        }
        WrapMechanism::RsaPkcs => rsa_wrap::pkcs1_encrypt(wrapping_key, plaintext).map(blob_only),
        WrapMechanism::AesGcm | WrapMechanism::CloudHsmAesGcm => {
            let tag = params.tag_size.unwrap_or(gcm::MAX_TAG_LEN);
            let iv = random_array::<{ gcm::IV_LEN }>()?;
            let sealed = gcm::seal(wrapping_key, &iv, &params.aad, plaintext, tag)?;
            if mechanism == WrapMechanism::AesGcm {
                Ok(WrapOutput {
                    blob: sealed,
                    gcm_iv: Some(iv.to_vec()),
                })
            } else {
                Ok(blob_only([iv.as_slice(), &sealed].concat()))
            }
        }
    }
}

/// Unwraps `blob` with `mechanism`, returning the plaintext (raw key bytes or PKCS#8 DER).
///
/// `unwrapping_key` is the AES key bytes for mechanisms 4, 5, 6, 10, 11 and the RSA private
/// key (PKCS#8 DER) for 7, 8, 12. Altered data or a wrong key gives
/// [`CryptoError::IntegrityFailure`] (except for mechanism 12 with a wrong key of the same
/// size, which may decode by chance).
pub fn unwrap(
    mechanism: WrapMechanism,
    hash: HashType,
    unwrapping_key: &[u8],
    blob: &[u8],
    params: &UnwrapParams,
) -> CryptoResult<Zeroizing<Vec<u8>>> {
    match mechanism {
        WrapMechanism::AesKeyWrapPadPkcs5 => {
            let iv = kw_iv(params.iv.as_deref())?;
            aes_wrap::unwrap_pkcs5(unwrapping_key, iv, blob)
        }
        WrapMechanism::NistAesWrapNoPad => {
            let iv = kw_iv(params.iv.as_deref())?;
            aes_wrap::unwrap_no_pad(unwrapping_key, iv, blob)
        }
        WrapMechanism::NistAesWrapPad => aes_wrap::unwrap_kwp(unwrapping_key, blob),
        WrapMechanism::RsaAes => rsa_wrap::rsa_aes_unwrap(unwrapping_key, hash, blob),
        WrapMechanism::RsaOaep => rsa_wrap::oaep_decrypt(unwrapping_key, hash, blob),
        WrapMechanism::RsaPkcs => rsa_wrap::pkcs1_decrypt(unwrapping_key, blob),
        WrapMechanism::AesGcm => {
            let iv = params
                .gcm_iv
                .as_deref()
                .ok_or(CryptoError::InvalidInput("AES_GCM unwrap needs the IV"))?;
            let iv: [u8; gcm::IV_LEN] = iv
                .try_into()
                .map_err(|_| CryptoError::InvalidInput("GCM IV must be 12 bytes"))?;
            let tag = params.tag_size.unwrap_or(gcm::MAX_TAG_LEN);
            gcm::open(unwrapping_key, &iv, &params.aad, blob, tag)
        }
        WrapMechanism::CloudHsmAesGcm => {
            if blob.len() < gcm::IV_LEN {
                return Err(CryptoError::InvalidInput("CLOUDHSM_AES_GCM blob too short"));
            }
            let (iv, sealed) = blob.split_at(gcm::IV_LEN);
            let iv: [u8; gcm::IV_LEN] = iv
                .try_into()
                .map_err(|_| CryptoError::InvalidInput("GCM IV must be 12 bytes"))?;
            let tag = params.tag_size.unwrap_or(gcm::MAX_TAG_LEN);
            gcm::open(unwrapping_key, &iv, &params.aad, sealed, tag)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rsa_keys::tests::shared_rsa_2048;

    fn unwrap_params(w: &WrapParams, out: &WrapOutput) -> UnwrapParams {
        UnwrapParams {
            iv: w.iv.clone(),
            aad: w.aad.clone(),
            tag_size: w.tag_size,
            gcm_iv: out.gcm_iv.clone(),
        }
    }

    #[test]
    fn every_mechanism_round_trips() {
        let aes = [0x42u8; 32];
        let rsa = shared_rsa_2048();
        let target = [0x17u8; 32];
        let params = WrapParams {
            iv: None,
            aad: b"label".to_vec(),
            tag_size: Some(12),
        };
        for m in WrapMechanism::ALL {
            let (wk, uk): (&[u8], &[u8]) = match m.wrapping_key_type() {
                crate::crypto::KeyType::Aes => (&aes, &aes),
                _ => (&rsa.public_spki, &rsa.private_pkcs8),
            };
            let out = wrap(m, HashType::Sha256, wk, &target, &params).unwrap();
            assert_eq!(out.gcm_iv.is_some(), m == WrapMechanism::AesGcm, "{m:?}");
            let back = unwrap(
                m,
                HashType::Sha256,
                uk,
                &out.blob,
                &unwrap_params(&params, &out),
            );
            assert_eq!(*back.unwrap(), target, "{m:?}");
            let expected_len = match m {
                WrapMechanism::AesKeyWrapPadPkcs5 => 48,
                WrapMechanism::NistAesWrapNoPad | WrapMechanism::NistAesWrapPad => 40,
                WrapMechanism::AesGcm => 32 + 12,
                WrapMechanism::CloudHsmAesGcm => 12 + 32 + 12,
                WrapMechanism::RsaAes => 256 + 40,
                WrapMechanism::RsaOaep | WrapMechanism::RsaPkcs => 256,
            };
            assert_eq!(out.blob.len(), expected_len, "{m:?}");
        }
    }

    #[test]
    fn gcm_ivs_are_fresh_and_required() {
        let key = [1u8; 16];
        let p = WrapParams::default();
        let a = wrap(
            WrapMechanism::AesGcm,
            HashType::Sha1,
            &key,
            b"0123456789abcdef",
            &p,
        )
        .unwrap();
        let b = wrap(
            WrapMechanism::AesGcm,
            HashType::Sha1,
            &key,
            b"0123456789abcdef",
            &p,
        )
        .unwrap();
        assert_ne!(a.gcm_iv, b.gcm_iv);
        assert!(matches!(
            unwrap(
                WrapMechanism::AesGcm,
                HashType::Sha1,
                &key,
                &a.blob,
                &UnwrapParams::default()
            ),
            Err(CryptoError::InvalidInput(_))
        ));
    }

    #[test]
    fn wrong_keys_and_ivs() {
        let key = [1u8; 16];
        let other = [2u8; 16];
        let target = [9u8; 24];
        let p = WrapParams::default();
        for m in [
            WrapMechanism::AesKeyWrapPadPkcs5,
            WrapMechanism::NistAesWrapNoPad,
            WrapMechanism::NistAesWrapPad,
            WrapMechanism::CloudHsmAesGcm,
        ] {
            let out = wrap(m, HashType::Sha1, &key, &target, &p).unwrap();
            assert!(matches!(
                unwrap(
                    m,
                    HashType::Sha1,
                    &other,
                    &out.blob,
                    &UnwrapParams::default()
                ),
                Err(CryptoError::IntegrityFailure(_))
            ));
        }
        let bad_iv = WrapParams {
            iv: Some(vec![1, 2, 3]),
            ..WrapParams::default()
        };
        assert!(matches!(
            wrap(
                WrapMechanism::NistAesWrapNoPad,
                HashType::Sha1,
                &key,
                &target,
                &bad_iv
            ),
            Err(CryptoError::InvalidInput(_))
        ));
        let rsa = shared_rsa_2048();
        assert!(wrap(WrapMechanism::RsaOaep, HashType::Sha1, &key, &target, &p).is_err());
        assert!(matches!(
            wrap(
                WrapMechanism::NistAesWrapPad,
                HashType::Sha1,
                &rsa.public_spki,
                &target,
                &p
            ),
            Err(CryptoError::InvalidInput(_))
        ));
    }
}
