//! EC key generation, parsing, and the facts CloudHSM shows as attributes: for EC keys
//! `OBJ_ATTR_MODULUS` holds the uncompressed point `04‖X‖Y` and `OBJ_ATTR_MODULUS_BITS`
//! the OpenSSL NID of the curve (docs/kmu.md §2.12).

use elliptic_curve::sec1::ToSec1Point;
use elliptic_curve::{Generate, PublicKey, SecretKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use spki::{DecodePublicKey, EncodePublicKey};
use zeroize::Zeroizing;

use super::key_kind::{kind_of_pkcs8, kind_of_spki};
use super::random::os_rng;
use super::{AsymmetricKind, CryptoError, CryptoResult, Curve, KeyPairDer};

/// Runs `$body` with `$c` bound to the RustCrypto curve type of `$curve`. Each arm is
/// monomorphic, which avoids spelling out elliptic-curve's long generic bounds.
macro_rules! with_curve {
    ($curve:expr, $c:ident => $body:expr) => {
        match $curve {
            $crate::crypto::Curve::P256 => {
                type $c = p256::NistP256;
                $body
            }
            $crate::crypto::Curve::P384 => {
                type $c = p384::NistP384;
                $body
            }
            $crate::crypto::Curve::Secp256k1 => {
                type $c = k256::Secp256k1;
                $body
            }
        }
    };
}
pub(crate) use with_curve;

/// Generates an EC key pair on `curve`. The PKCS#8 form embeds the public point, as
/// CloudHSM's does (138 bytes for P-256, the documented `OBJ_ATTR_VALUE_LEN`).
pub fn generate_ec(curve: Curve) -> CryptoResult<KeyPairDer> {
    with_curve!(curve, C => {
        let key = SecretKey::<C>::try_generate_from_rng(&mut os_rng())
            .map_err(|_| CryptoError::Rng)?;
        pair_der::<C>(&key)
    })
}

/// Encodes a secret key as PKCS#8 and its public key as SPKI.
fn pair_der<C>(key: &SecretKey<C>) -> CryptoResult<KeyPairDer>
where
    SecretKey<C>: EncodePrivateKey,
    PublicKey<C>: EncodePublicKey,
    C: elliptic_curve::CurveArithmetic,
{
    let private = key
        .to_pkcs8_der()
        .map_err(|_| CryptoError::InvalidInput("EC private key encoding"))?;
    let public = key
        .public_key()
        .to_public_key_der()
        .map_err(|_| CryptoError::InvalidInput("EC public key encoding"))?;
    Ok(KeyPairDer {
        private_pkcs8: Zeroizing::new(private.as_bytes().to_vec()),
        public_spki: public.into_vec(),
    })
}

/// The curve of an EC SubjectPublicKeyInfo; another algorithm is a mechanism mismatch.
pub fn curve_of_spki(spki_der: &[u8]) -> CryptoResult<Curve> {
    kind_of_spki(spki_der)?
        .curve()
        .ok_or(CryptoError::MechanismMismatch("not an EC key"))
}

/// The curve of an EC PKCS#8 private key; another algorithm is a mechanism mismatch.
pub fn curve_of_pkcs8(pkcs8_der: &[u8]) -> CryptoResult<Curve> {
    kind_of_pkcs8(pkcs8_der)?
        .curve()
        .ok_or(CryptoError::MechanismMismatch("not an EC key"))
}

/// The uncompressed public point `04‖X‖Y` of an EC SubjectPublicKeyInfo (a compressed
/// point in the SPKI is decompressed), with its curve.
pub fn public_point(spki_der: &[u8]) -> CryptoResult<(Curve, Vec<u8>)> {
    let curve = curve_of_spki(spki_der)?;
    let point = with_curve!(curve, C => {
        let key = PublicKey::<C>::from_public_key_der(spki_der)
            .map_err(|_| CryptoError::InvalidInput("not a valid EC public key"))?;
        key.to_sec1_point(false).as_bytes().to_vec()
    });
    Ok((curve, point))
}

/// SPKI of the public half of an EC PKCS#8 key.
pub(crate) fn public_from_private(curve: Curve, pkcs8_der: &[u8]) -> CryptoResult<Vec<u8>> {
    Ok(normalize(curve, pkcs8_der)?.public_spki)
}

/// Canonical re-encoding of an EC PKCS#8 key (checks that an embedded public point
/// belongs to the private scalar).
pub(crate) fn normalize(curve: Curve, pkcs8_der: &[u8]) -> CryptoResult<KeyPairDer> {
    if kind_of_pkcs8(pkcs8_der)? != AsymmetricKind::Ec(curve) {
        return Err(CryptoError::MechanismMismatch(
            "not an EC key on this curve",
        ));
    }
    with_curve!(curve, C => {
        let key = SecretKey::<C>::from_pkcs8_der(pkcs8_der)
            .map_err(|_| CryptoError::InvalidInput("not a valid EC private key"))?;
        pair_der::<C>(&key)
    })
}

/// Reads a SEC1 `ECPrivateKey` (the body of `-----BEGIN EC PRIVATE KEY-----`), which must
/// name its curve, and returns the curve and the canonical pair.
pub(crate) fn from_sec1(sec1_der: &[u8]) -> CryptoResult<(Curve, KeyPairDer)> {
    use der::Decode;
    let parsed = sec1::EcPrivateKey::from_der(sec1_der)
        .map_err(|_| CryptoError::InvalidInput("not a SEC1 EC private key"))?;
    let oid = parsed
        .parameters
        .and_then(sec1::EcParameters::named_curve)
        .ok_or(CryptoError::InvalidInput(
            "EC private key without a named curve",
        ))?;
    let curve = Curve::from_oid(oid).ok_or(CryptoError::PolicyViolation("unsupported curve"))?;
    let pair = with_curve!(curve, C => {
        let key = SecretKey::<C>::from_sec1_der(sec1_der)
            .map_err(|_| CryptoError::InvalidInput("not a valid EC private key"))?;
        pair_der::<C>(&key)?
    });
    Ok((curve, pair))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::Secp256k1];

    #[test]
    fn generate_and_read_back_every_curve() {
        for curve in CURVES {
            let pair = generate_ec(curve).unwrap();
            assert_eq!(curve_of_spki(&pair.public_spki).unwrap(), curve);
            assert_eq!(curve_of_pkcs8(&pair.private_pkcs8).unwrap(), curve);
            let (c, point) = public_point(&pair.public_spki).unwrap();
            assert_eq!(c, curve);
            assert_eq!(point.len(), curve.point_len());
            assert_eq!(point[0], 0x04);
            assert_eq!(
                public_from_private(curve, &pair.private_pkcs8).unwrap(),
                pair.public_spki
            );
        }
    }

    #[test]
    fn p256_pkcs8_is_138_bytes_as_documented() {
        // docs/kmu.md §2.12: OBJ_ATTR_VALUE_LEN 0x8a for a P-256 private key.
        let pair = generate_ec(Curve::P256).unwrap();
        assert_eq!(pair.private_pkcs8.len(), 138);
    }

    #[test]
    fn wrong_curve_or_kind_is_refused() {
        let pair = generate_ec(Curve::P384).unwrap();
        assert!(matches!(
            normalize(Curve::P256, &pair.private_pkcs8),
            Err(CryptoError::MechanismMismatch(_))
        ));
        let rsa = crate::crypto::rsa_keys::tests::shared_rsa_2048();
        assert!(matches!(
            curve_of_spki(&rsa.public_spki),
            Err(CryptoError::MechanismMismatch(_))
        ));
    }
}
