//! DSA key generation and parsing. CloudHSM's FIPS HSMs make DSA keys only with a 2048-bit
//! `p` (docs/kmu.md §2.11); `sign` offers no DSA mechanism, so keys are only generated, stored,
//! imported and exported.

use dsa::{Components, KeySize, SigningKey, VerifyingKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use spki::{DecodePublicKey, EncodePublicKey};
use zeroize::Zeroizing;

use super::key_kind::{kind_of_pkcs8, kind_of_spki};
use super::random::os_rng;
use super::{AsymmetricKind, CryptoError, CryptoResult, KeyPairDer};

/// Generates a DSA key pair with fresh domain parameters (L = 2048, N = 256). Slow: the
/// parameter search dominates.
pub fn generate_dsa(bits: u32) -> CryptoResult<KeyPairDer> {
    if bits != 2048 {
        return Err(CryptoError::PolicyViolation("DSA keys must be 2048 bits"));
    }
    let mut rng = os_rng();
    let components =
        Components::try_generate_from_rng_with_key_size(&mut rng, KeySize::DSA_2048_256)
            .map_err(|_| CryptoError::Rng)?;
    let key = SigningKey::try_generate_from_rng_with_components(&mut rng, components)
        .map_err(|_| CryptoError::Rng)?;
    pair_der(&key)
}

/// Encodes a key as PKCS#8 and SPKI.
fn pair_der(key: &SigningKey) -> CryptoResult<KeyPairDer> {
    let private = key
        .to_pkcs8_der()
        .map_err(|_| CryptoError::InvalidInput("DSA private key encoding"))?;
    let public = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|_| CryptoError::InvalidInput("DSA public key encoding"))?;
    Ok(KeyPairDer {
        private_pkcs8: Zeroizing::new(private.as_bytes().to_vec()),
        public_spki: public.into_vec(),
    })
}

/// Canonical re-encoding of a DSA PKCS#8 key.
pub(crate) fn normalize(pkcs8_der: &[u8]) -> CryptoResult<KeyPairDer> {
    if kind_of_pkcs8(pkcs8_der)? != AsymmetricKind::Dsa {
        return Err(CryptoError::MechanismMismatch("not a DSA key"));
    }
    let key = SigningKey::from_pkcs8_der(pkcs8_der)
        .map_err(|_| CryptoError::InvalidInput("not a valid DSA private key"))?;
    pair_der(&key)
}

/// SPKI of the public half of a DSA PKCS#8 key.
pub(crate) fn public_from_private(pkcs8_der: &[u8]) -> CryptoResult<Vec<u8>> {
    Ok(normalize(pkcs8_der)?.public_spki)
}

/// Checks that a SubjectPublicKeyInfo holds a valid DSA public key.
pub(crate) fn validate_public(spki_der: &[u8]) -> CryptoResult<()> {
    if kind_of_spki(spki_der)? != AsymmetricKind::Dsa {
        return Err(CryptoError::MechanismMismatch("not a DSA key"));
    }
    VerifyingKey::from_public_key_der(spki_der)
        .map(|_| ())
        .map_err(|_| CryptoError::InvalidInput("not a valid DSA public key"))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// One DSA pair shared by tests that do not test generation.
    pub(crate) fn shared_dsa_2048() -> &'static KeyPairDer {
        static KEY: OnceLock<KeyPairDer> = OnceLock::new();
        KEY.get_or_init(|| generate_dsa(2048).unwrap())
    }

    #[test]
    fn only_2048_is_allowed() {
        for bits in [1024, 3072] {
            assert!(matches!(
                generate_dsa(bits),
                Err(CryptoError::PolicyViolation(_))
            ));
        }
    }

    #[test]
    fn generated_pair_round_trips() {
        let pair = shared_dsa_2048();
        assert_eq!(
            kind_of_spki(&pair.public_spki).unwrap(),
            AsymmetricKind::Dsa
        );
        assert_eq!(
            public_from_private(&pair.private_pkcs8).unwrap(),
            pair.public_spki
        );
        validate_public(&pair.public_spki).unwrap();
    }
}
