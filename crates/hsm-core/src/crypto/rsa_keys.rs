//! RSA key generation, parsing, and the facts CloudHSM shows as attributes
//! (`OBJ_ATTR_MODULUS`, `OBJ_ATTR_MODULUS_BITS`, `OBJ_ATTR_PUBLIC_EXPONENT`).

use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, PrivateKey, PublicKey};
use spki::{DecodePublicKey, EncodePublicKey};
use zeroize::Zeroizing;

use super::key_kind::{kind_of_pkcs8, kind_of_spki};
use super::random::os_rng;
use super::{AsymmetricKind, CryptoError, CryptoResult, KeyPairDer};

/// Smallest modulus the FIPS HSM generates.
pub const MIN_MODULUS_BITS: u32 = 2048;
/// Largest modulus the FIPS HSM generates.
pub const MAX_MODULUS_BITS: u32 = 4096;
/// Smallest public exponent the FIPS HSM accepts.
pub const MIN_PUBLIC_EXPONENT: u64 = 65537;

/// Checks `genRSAKeyPair -m/-e` against the FIPS policy (docs/kmu.md §2.14): 2048 ≤ bits ≤ 4096
/// in steps of 256, exponent odd and ≥ 65537. Cheap, so callers can refuse before the slow
/// generation starts.
pub fn check_rsa_policy(bits: u32, public_exponent: u64) -> CryptoResult<()> {
    if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) || !bits.is_multiple_of(256) {
        return Err(CryptoError::PolicyViolation(
            "RSA modulus must be 2048..=4096 bits, a multiple of 256",
        ));
    }
    if public_exponent < MIN_PUBLIC_EXPONENT || public_exponent.is_multiple_of(2) {
        return Err(CryptoError::PolicyViolation(
            "RSA public exponent must be odd and at least 65537",
        ));
    }
    // The library caps exponents at 2^33 - 1; KMU's client already caps them at 2^31 - 1.
    if public_exponent > PublicKey::MAX_PUB_EXPONENT {
        return Err(CryptoError::InvalidInput("RSA public exponent too large"));
    }
    Ok(())
}

/// Generates an RSA key pair after [`check_rsa_policy`]. Slow: seconds for 4096 bits even
/// optimised, so callers run it outside any lock.
pub fn generate_rsa(bits: u32, public_exponent: u64) -> CryptoResult<KeyPairDer> {
    check_rsa_policy(bits, public_exponent)?;
    let bits = usize::try_from(bits).map_err(|_| CryptoError::InvalidInput("modulus size"))?;
    let key = PrivateKey::new_with_exp(&mut os_rng(), bits, BoxedUint::from(public_exponent))
        .map_err(|e| match e {
            rsa::Error::Rng => CryptoError::Rng,
            _ => CryptoError::InvalidInput("RSA key generation parameters"),
        })?;
    pair_der(&key)
}

/// Public values of an RSA key, as the attributes show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublicFacts {
    /// `n`, big-endian without leading zeros (`OBJ_ATTR_MODULUS`).
    pub modulus: Vec<u8>,
    /// `e`, big-endian without leading zeros (`OBJ_ATTR_PUBLIC_EXPONENT`, e.g. `01 00 01`).
    pub public_exponent: Vec<u8>,
    /// Bit length of `n` (`OBJ_ATTR_MODULUS_BITS`).
    pub modulus_bits: u32,
}

/// The modulus, exponent and size of an RSA SubjectPublicKeyInfo.
pub fn public_facts(spki_der: &[u8]) -> CryptoResult<RsaPublicFacts> {
    facts_of(&parse_public(spki_der)?)
}

/// The facts of a parsed public key.
pub(crate) fn facts_of(key: &PublicKey) -> CryptoResult<RsaPublicFacts> {
    let modulus_bits = key.n().bit_width();
    Ok(RsaPublicFacts {
        modulus: key.n_bytes().into_vec(),
        public_exponent: key.e_bytes().into_vec(),
        modulus_bits,
    })
}

/// Parses an RSA PKCS#8 private key; a key of another algorithm is a mechanism mismatch.
pub(crate) fn parse_private(pkcs8_der: &[u8]) -> CryptoResult<PrivateKey> {
    if kind_of_pkcs8(pkcs8_der)? != AsymmetricKind::Rsa {
        return Err(CryptoError::MechanismMismatch("not an RSA private key"));
    }
    PrivateKey::from_pkcs8_der(pkcs8_der)
        .map_err(|_| CryptoError::InvalidInput("not a valid RSA private key"))
}

/// Parses an RSA SubjectPublicKeyInfo; a key of another algorithm is a mechanism mismatch.
pub(crate) fn parse_public(spki_der: &[u8]) -> CryptoResult<PublicKey> {
    if kind_of_spki(spki_der)? != AsymmetricKind::Rsa {
        return Err(CryptoError::MechanismMismatch("not an RSA public key"));
    }
    PublicKey::from_public_key_der(spki_der)
        .map_err(|_| CryptoError::InvalidInput("not a valid RSA public key"))
}

/// PKCS#8 and SPKI encodings of a key.
pub(crate) fn pair_der(key: &PrivateKey) -> CryptoResult<KeyPairDer> {
    let private = key
        .to_pkcs8_der()
        .map_err(|_| CryptoError::InvalidInput("RSA private key encoding"))?;
    let public = key
        .to_public_key()
        .to_public_key_der()
        .map_err(|_| CryptoError::InvalidInput("RSA public key encoding"))?;
    Ok(KeyPairDer {
        private_pkcs8: Zeroizing::new(private.as_bytes().to_vec()),
        public_spki: public.into_vec(),
    })
}

/// SPKI of the public half of an RSA PKCS#8 key.
pub(crate) fn public_from_private(pkcs8_der: &[u8]) -> CryptoResult<Vec<u8>> {
    Ok(pair_der(&parse_private(pkcs8_der)?)?.public_spki)
}

/// Canonical re-encoding of an RSA PKCS#8 key.
pub(crate) fn normalize(pkcs8_der: &[u8]) -> CryptoResult<KeyPairDer> {
    pair_der(&parse_private(pkcs8_der)?)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// One RSA-2048 pair shared by the tests that do not test generation (it is slow).
    pub(crate) fn shared_rsa_2048() -> &'static KeyPairDer {
        static KEY: OnceLock<KeyPairDer> = OnceLock::new();
        KEY.get_or_init(|| generate_rsa(2048, 65537).unwrap())
    }

    #[test]
    fn policy_table() {
        assert!(check_rsa_policy(2048, 65537).is_ok());
        assert!(check_rsa_policy(2304, 65537).is_ok());
        assert!(check_rsa_policy(4096, 2_147_483_647).is_ok());
        for (bits, e) in [(1024, 65537), (2047, 65537), (2100, 65537), (4352, 65537)] {
            assert!(matches!(
                check_rsa_policy(bits, e),
                Err(CryptoError::PolicyViolation(_))
            ));
        }
        for e in [3, 17, 65536, 65538, 65535] {
            assert!(matches!(
                check_rsa_policy(2048, e),
                Err(CryptoError::PolicyViolation(_))
            ));
        }
        assert!(matches!(
            generate_rsa(1024, 65537),
            Err(CryptoError::PolicyViolation(_))
        ));
    }

    #[test]
    fn generated_key_facts() {
        let pair = shared_rsa_2048();
        let facts = public_facts(&pair.public_spki).unwrap();
        assert_eq!(facts.modulus_bits, 2048);
        assert_eq!(facts.modulus.len(), 256);
        assert_eq!(facts.public_exponent, [0x01, 0x00, 0x01]);
        assert_eq!(
            public_from_private(&pair.private_pkcs8).unwrap(),
            pair.public_spki
        );
        assert_eq!(
            *normalize(&pair.private_pkcs8).unwrap().private_pkcs8,
            *pair.private_pkcs8
        );
        assert!(format!("{pair:?}").contains("bytes"));
    }

    #[test]
    fn odd_exponent_other_than_f4() {
        let pair = generate_rsa(2048, 65539).unwrap();
        let facts = public_facts(&pair.public_spki).unwrap();
        assert_eq!(facts.public_exponent, [0x01, 0x00, 0x03]);
    }

    #[test]
    fn garbage_is_invalid_input() {
        assert!(matches!(
            public_facts(b"nope"),
            Err(CryptoError::InvalidInput(_))
        ));
        assert!(parse_private(b"nope").is_err());
    }
}
