//! What kind of asymmetric key a DER blob holds, read from its algorithm identifier.

use std::fmt;

use der::Decode;
use pkcs8::PrivateKeyInfoRef;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::error::CryptoError;
use super::types::{Curve, KeyType};
use super::CryptoResult;

/// The algorithm (and for EC the curve) of an asymmetric key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AsymmetricKind {
    /// RSA (`rsaEncryption`).
    Rsa,
    /// EC (`id-ecPublicKey`) on one of the supported curves.
    Ec(Curve),
    /// DSA (`id-dsa`).
    Dsa,
}

impl AsymmetricKind {
    /// The `OBJ_ATTR_KEY_TYPE` of this kind.
    pub fn key_type(self) -> KeyType {
        match self {
            Self::Rsa => KeyType::Rsa,
            Self::Ec(_) => KeyType::Ec,
            Self::Dsa => KeyType::Dsa,
        }
    }

    /// The curve, for EC keys.
    pub fn curve(self) -> Option<Curve> {
        match self {
            Self::Ec(curve) => Some(curve),
            Self::Rsa | Self::Dsa => None,
        }
    }
}

/// A freshly generated or imported key pair: PKCS#8 `PrivateKeyInfo` DER (secret) and
/// `SubjectPublicKeyInfo` DER.
#[derive(Clone)]
pub struct KeyPairDer {
    /// The private key, PKCS#8 DER (including the public key for EC).
    pub private_pkcs8: Zeroizing<Vec<u8>>,
    /// The public key, X.509 SubjectPublicKeyInfo DER.
    pub public_spki: Vec<u8>,
}

impl fmt::Debug for KeyPairDer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the private key; its length is harmless (it is OBJ_ATTR_VALUE_LEN).
        f.debug_struct("KeyPairDer")
            .field(
                "private_pkcs8",
                &format_args!("<{} bytes>", self.private_pkcs8.len()),
            )
            .field("public_spki_len", &self.public_spki.len())
            .finish()
    }
}

/// The kind named by an algorithm identifier. EC keys must name their curve.
fn kind_of_algorithm(
    oid: ObjectIdentifier,
    params: Option<ObjectIdentifier>,
) -> CryptoResult<AsymmetricKind> {
    if oid == pkcs1::ALGORITHM_OID {
        Ok(AsymmetricKind::Rsa)
    } else if oid == elliptic_curve::ALGORITHM_OID {
        let curve_oid = params.ok_or(CryptoError::InvalidInput("EC key without a named curve"))?;
        Curve::from_oid(curve_oid)
            .map(AsymmetricKind::Ec)
            .ok_or(CryptoError::PolicyViolation("unsupported curve"))
    } else if oid == dsa::OID {
        Ok(AsymmetricKind::Dsa)
    } else {
        Err(CryptoError::Unsupported("key algorithm"))
    }
}

/// The curve OID of an EC algorithm identifier; `None` for RSA and DSA, whose parameters
/// are not OIDs.
fn curve_param(alg: &spki::AlgorithmIdentifierRef<'_>) -> Option<ObjectIdentifier> {
    if alg.oid == elliptic_curve::ALGORITHM_OID {
        alg.parameters_oid().ok()
    } else {
        None
    }
}

/// The kind of a PKCS#8 private key (without validating the key itself).
pub fn kind_of_pkcs8(pkcs8_der: &[u8]) -> CryptoResult<AsymmetricKind> {
    let info = PrivateKeyInfoRef::from_der(pkcs8_der)
        .map_err(|_| CryptoError::InvalidInput("not a PKCS#8 private key"))?;
    kind_of_algorithm(info.algorithm.oid, curve_param(&info.algorithm))
}

/// The kind of a SubjectPublicKeyInfo public key (without validating the key itself).
pub fn kind_of_spki(spki_der: &[u8]) -> CryptoResult<AsymmetricKind> {
    let info = SubjectPublicKeyInfoRef::from_der(spki_der)
        .map_err(|_| CryptoError::InvalidInput("not a SubjectPublicKeyInfo"))?;
    kind_of_algorithm(info.algorithm.oid, curve_param(&info.algorithm))
}
