//! `sign` / `verify` (docs/kmu.md §2.31, §2.33): RSA PKCS#1 v1.5 and PSS give a raw
//! modulus-length signature; ECDSA gives a DER `Ecdsa-Sig-Value`.
//!
//! ECDSA hashes the message with the mechanism's hash, which may differ from the curve's
//! usual hash (ECDSA_SHA1 on P-384), so it signs and verifies the prehash.

use ecdsa::{der, Signature, SigningKey, VerifyingKey};
use elliptic_curve::{PublicKey, SecretKey};
use pkcs8::DecodePrivateKey;
use signature::hazmat::{PrehashSigner, PrehashVerifier};
use spki::DecodePublicKey;

use super::digest_alg::{digest, with_digest};
use super::ec_keys::{curve_of_pkcs8, curve_of_spki, with_curve};
use super::key_kind::{kind_of_pkcs8, kind_of_spki};
use super::random::os_rng;
use super::rsa_keys::{parse_private, parse_public};
use super::{AsymmetricKind, CryptoError, CryptoResult, SignMechanism, SignScheme};

/// Checks that a key kind fits a mechanism.
fn check_kind(mechanism: SignMechanism, kind: AsymmetricKind) -> CryptoResult<()> {
    let fits = match kind {
        AsymmetricKind::Rsa => mechanism.scheme() != SignScheme::Ecdsa,
        AsymmetricKind::Ec(_) => mechanism.scheme() == SignScheme::Ecdsa,
        AsymmetricKind::Dsa => false,
    };
    if fits {
        Ok(())
    } else {
        Err(CryptoError::MechanismMismatch(
            "provided key not valid for signature mechanism",
        ))
    }
}

/// Signs `message` with a PKCS#8 private key.
pub fn sign(
    mechanism: SignMechanism,
    private_pkcs8: &[u8],
    message: &[u8],
) -> CryptoResult<Vec<u8>> {
    check_kind(mechanism, kind_of_pkcs8(private_pkcs8)?)?;
    let hash = mechanism.hash();
    match mechanism.scheme() {
        SignScheme::RsaPkcs1v15 => {
            let key = parse_private(private_pkcs8)?;
            with_digest!(hash, D => key.pkcs1v15_sign_with_rng::<D, _>(&mut os_rng(), message))
                .map_err(|e| rsa_sign_error(&e))
        }
        SignScheme::RsaPss => {
            let key = parse_private(private_pkcs8)?;
            with_digest!(hash, D => key.pss_sign_with_rng::<D, _>(&mut os_rng(), message))
                .map_err(|e| rsa_sign_error(&e))
        }
        SignScheme::Ecdsa => {
            let prehash = digest(hash, message);
            with_curve!(curve_of_pkcs8(private_pkcs8)?, C => {
                let secret = SecretKey::<C>::from_pkcs8_der(private_pkcs8)
                    .map_err(|_| CryptoError::InvalidInput("not a valid EC private key"))?;
                let signer = SigningKey::<C>::from(&secret);
                let sig: der::Signature<C> = signer
                    .sign_prehash(&prehash)
                    .map_err(|_| CryptoError::InvalidInput("ECDSA signing failed"))?;
                Ok(sig.as_bytes().to_vec())
            })
        }
    }
}

/// Verifies `signature` over `message` with a SubjectPublicKeyInfo public key.
///
/// `Ok(false)` for any signature that does not verify, including one of the wrong length or
/// not valid DER; errors only for a key that is unusable or does not fit the mechanism.
pub fn verify(
    mechanism: SignMechanism,
    public_spki: &[u8],
    message: &[u8],
    signature: &[u8],
) -> CryptoResult<bool> {
    check_kind(mechanism, kind_of_spki(public_spki)?)?;
    let hash = mechanism.hash();
    match mechanism.scheme() {
        SignScheme::RsaPkcs1v15 => {
            let key = parse_public(public_spki)?;
            Ok(with_digest!(hash, D => key.pkcs1v15_verify::<D>(message, signature)).is_ok())
        }
        SignScheme::RsaPss => {
            let key = parse_public(public_spki)?;
            Ok(with_digest!(hash, D => key.pss_verify::<D>(message, signature)).is_ok())
        }
        SignScheme::Ecdsa => {
            let prehash = digest(hash, message);
            with_curve!(curve_of_spki(public_spki)?, C => {
                let public = PublicKey::<C>::from_public_key_der(public_spki)
                    .map_err(|_| CryptoError::InvalidInput("not a valid EC public key"))?;
                let verifier = VerifyingKey::<C>::from(&public);
                let Ok(sig) = Signature::<C>::from_der(signature) else {
                    return Ok(false);
                };
                // secp256k1 verification insists on low-S; OpenSSL and other signers may
                // produce high-S, which is equally valid ECDSA, so normalise first.
                let sig = sig.normalize_s();
                Ok(verifier.verify_prehash(&prehash, &sig).is_ok())
            })
        }
    }
}

/// Maps an RSA signing error.
fn rsa_sign_error(e: &rsa::Error) -> CryptoError {
    match e {
        rsa::Error::Rng => CryptoError::Rng,
        _ => CryptoError::InvalidInput("RSA signing failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::dsa_keys::tests::shared_dsa_2048;
    use crate::crypto::ec_keys::generate_ec;
    use crate::crypto::rsa_keys::tests::shared_rsa_2048;
    use crate::crypto::Curve;

    #[test]
    fn rsa_mechanisms_sign_and_verify() {
        let pair = shared_rsa_2048();
        for m in SignMechanism::ALL
            .into_iter()
            .filter(|m| m.key_type() == crate::crypto::KeyType::Rsa)
        {
            let sig = sign(m, &pair.private_pkcs8, b"message").unwrap();
            assert_eq!(sig.len(), 256, "{m:?}");
            assert!(
                verify(m, &pair.public_spki, b"message", &sig).unwrap(),
                "{m:?}"
            );
            assert!(
                !verify(m, &pair.public_spki, b"messagf", &sig).unwrap(),
                "{m:?}"
            );
            assert!(!verify(m, &pair.public_spki, b"message", &sig[1..]).unwrap());
        }
        // PKCS#1 v1.5 is deterministic; PSS is not.
        let m = SignMechanism::Sha256RsaPkcs;
        assert_eq!(
            sign(m, &pair.private_pkcs8, b"x").unwrap(),
            sign(m, &pair.private_pkcs8, b"x").unwrap()
        );
        let m = SignMechanism::Sha256RsaPkcsPss;
        assert_ne!(
            sign(m, &pair.private_pkcs8, b"x").unwrap(),
            sign(m, &pair.private_pkcs8, b"x").unwrap()
        );
        // A signature made with one hash does not verify under another.
        let sig = sign(SignMechanism::Sha1RsaPkcs, &pair.private_pkcs8, b"x").unwrap();
        assert!(!verify(SignMechanism::Sha256RsaPkcs, &pair.public_spki, b"x", &sig).unwrap());
    }

    #[test]
    fn ecdsa_every_hash_on_every_curve() {
        for curve in [Curve::P256, Curve::P384, Curve::Secp256k1] {
            let pair = generate_ec(curve).unwrap();
            for m in SignMechanism::ALL
                .into_iter()
                .filter(|m| m.key_type() == crate::crypto::KeyType::Ec)
            {
                let sig = sign(m, &pair.private_pkcs8, b"hello").unwrap();
                assert_eq!(sig[0], 0x30, "DER SEQUENCE");
                assert!(
                    verify(m, &pair.public_spki, b"hello", &sig).unwrap(),
                    "{curve:?} {m:?}"
                );
                assert!(!verify(m, &pair.public_spki, b"hellp", &sig).unwrap());
                assert!(!verify(m, &pair.public_spki, b"hello", b"\x30\x00").unwrap());
            }
        }
    }

    #[test]
    fn high_s_secp256k1_signatures_verify() {
        // Our signer emits low-S; other signers (OpenSSL) emit either. (r, n - s) is the
        // same signature in ECDSA terms and must verify.
        let pair = generate_ec(Curve::Secp256k1).unwrap();
        let m = SignMechanism::EcdsaSha256;
        let sig = sign(m, &pair.private_pkcs8, b"msg").unwrap();
        let parsed = Signature::<k256::Secp256k1>::from_der(&sig).unwrap();
        let (r, s) = parsed.split_scalars();
        let high_s = -*s.as_ref();
        let high =
            Signature::<k256::Secp256k1>::from_scalars(r.to_bytes(), high_s.to_bytes()).unwrap();
        assert_ne!(high, parsed);
        let high_der = high.to_der();
        assert!(verify(m, &pair.public_spki, b"msg", high_der.as_bytes()).unwrap());
    }

    #[test]
    fn mismatches() {
        let rsa = shared_rsa_2048();
        let ec = generate_ec(Curve::P256).unwrap();
        let dsa = shared_dsa_2048();
        for (m, key) in [
            (SignMechanism::EcdsaSha256, &rsa.private_pkcs8),
            (SignMechanism::Sha256RsaPkcs, &ec.private_pkcs8),
            (SignMechanism::Sha256RsaPkcsPss, &dsa.private_pkcs8),
        ] {
            assert!(matches!(
                sign(m, key, b"x"),
                Err(CryptoError::MechanismMismatch(_))
            ));
        }
        assert!(matches!(
            verify(SignMechanism::EcdsaSha1, &rsa.public_spki, b"x", b"sig"),
            Err(CryptoError::MechanismMismatch(_))
        ));
        assert!(matches!(
            sign(SignMechanism::EcdsaSha1, b"garbage", b"x"),
            Err(CryptoError::InvalidInput(_))
        ));
    }
}
