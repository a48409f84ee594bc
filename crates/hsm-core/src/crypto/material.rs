//! Key material across algorithms: the public half of a private key, canonical
//! encodings, public-key checks and value lengths, dispatched on the key's kind.

use super::key_kind::{kind_of_pkcs8, kind_of_spki, AsymmetricKind, KeyPairDer};
use super::CryptoResult;
use super::{dsa_keys, ec_keys, rsa_keys};

/// The SubjectPublicKeyInfo DER of the public half of a PKCS#8 private key (RSA, EC, DSA).
/// The key is parsed and checked on the way.
pub fn public_from_private(pkcs8_der: &[u8]) -> CryptoResult<Vec<u8>> {
    match kind_of_pkcs8(pkcs8_der)? {
        AsymmetricKind::Rsa => rsa_keys::public_from_private(pkcs8_der),
        AsymmetricKind::Ec(curve) => ec_keys::public_from_private(curve, pkcs8_der),
        AsymmetricKind::Dsa => dsa_keys::public_from_private(pkcs8_der),
    }
}

/// Parses and re-encodes a PKCS#8 private key with the library's encoder, which validates it
/// and gives one canonical encoding (so `OBJ_ATTR_VALUE_LEN` does not depend on the tool that
/// wrote the file). Returns the kind and the canonical pair.
pub fn normalize_private(pkcs8_der: &[u8]) -> CryptoResult<(AsymmetricKind, KeyPairDer)> {
    let kind = kind_of_pkcs8(pkcs8_der)?;
    let pair = match kind {
        AsymmetricKind::Rsa => rsa_keys::normalize(pkcs8_der)?,
        AsymmetricKind::Ec(curve) => ec_keys::normalize(curve, pkcs8_der)?,
        AsymmetricKind::Dsa => dsa_keys::normalize(pkcs8_der)?,
    };
    Ok((kind, pair))
}

/// Checks that a SubjectPublicKeyInfo holds a usable key of a supported kind and returns
/// the kind (used when importing public keys).
pub fn validate_public(spki_der: &[u8]) -> CryptoResult<AsymmetricKind> {
    let kind = kind_of_spki(spki_der)?;
    match kind {
        AsymmetricKind::Rsa => rsa_keys::public_facts(spki_der).map(|_| ())?,
        AsymmetricKind::Ec(_) => ec_keys::public_point(spki_der).map(|_| ())?,
        AsymmetricKind::Dsa => dsa_keys::validate_public(spki_der)?,
    }
    Ok(kind)
}

/// `OBJ_ATTR_VALUE_LEN` of a key-pair half, per docs/kmu.md §3.2: a private key's PKCS#8 DER
/// length; for public keys, RSA 2 × modulus bytes, EC the point length, DSA the SPKI length.
pub fn public_value_len(spki_der: &[u8]) -> CryptoResult<usize> {
    match kind_of_spki(spki_der)? {
        AsymmetricKind::Rsa => Ok(2 * rsa_keys::public_facts(spki_der)?.modulus.len()),
        AsymmetricKind::Ec(curve) => Ok(curve.point_len()),
        AsymmetricKind::Dsa => Ok(spki_der.len()),
    }
}
