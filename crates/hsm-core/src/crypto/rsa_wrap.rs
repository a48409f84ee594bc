//! RSA encryption for wrapping: RSA-OAEP (mechanism 8), RSA PKCS#1 v1.5 (12) and
//! CKM_RSA_AES_KEY_WRAP (7). Wrap takes the RSA public key (SPKI), unwrap the private key
//! (PKCS#8).

use rsa::traits::PublicKeyParts;
use rsa::BoxedUint;
use zeroize::Zeroizing;

use super::digest_alg::with_digest;
use super::random::{os_rng, random_bytes};
use super::rsa_keys::{parse_private, parse_public};
use super::{aes_wrap, CryptoError, CryptoResult, HashType};

/// Size of the ephemeral AES key of RSA_AES (AES-256, as CloudHSM uses).
pub const RSA_AES_EPHEMERAL_KEY_LEN: usize = 32;

/// The longest target RSA-OAEP can wrap: modulusBytes − 2·hashBytes − 2 (docs/kmu.md §2.34).
pub fn oaep_max_len(modulus_len: usize, hash: HashType) -> usize {
    modulus_len.saturating_sub(2 * hash.output_len() + 2)
}

/// RSA-OAEP with `hash` for both OAEP and MGF1 and an empty label.
pub fn oaep_encrypt(public_spki: &[u8], hash: HashType, data: &[u8]) -> CryptoResult<Vec<u8>> {
    let key = parse_public(public_spki)?;
    if data.len() > oaep_max_len(key.size(), hash) {
        return Err(CryptoError::InvalidInput(
            "target too long for RSA-OAEP with this key",
        ));
    }
    with_digest!(hash, D => key.oaep_encrypt_with_rng::<D, _>(&mut os_rng(), data))
        .map_err(|e| encrypt_error(&e))
}

/// Inverse of [`oaep_encrypt`]; a ciphertext that does not decode is an integrity failure.
pub fn oaep_decrypt(
    private_pkcs8: &[u8],
    hash: HashType,
    ciphertext: &[u8],
) -> CryptoResult<Zeroizing<Vec<u8>>> {
    let key = parse_private(private_pkcs8)?;
    if ciphertext.len() != key.size() {
        return Err(CryptoError::InvalidInput(
            "RSA ciphertext length differs from modulus",
        ));
    }
    with_digest!(hash, D => key.oaep_decrypt_with_rng::<D, _>(&mut os_rng(), ciphertext))
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::IntegrityFailure("RSA-OAEP decryption"))
}

/// RSA PKCS#1 v1.5 encryption (block type 2).
pub fn pkcs1_encrypt(public_spki: &[u8], data: &[u8]) -> CryptoResult<Vec<u8>> {
    let key = parse_public(public_spki)?;
    if data.len() + 11 > key.size() {
        return Err(CryptoError::InvalidInput(
            "target too long for RSA PKCS#1 v1.5",
        ));
    }
    key.pkcs1v15_encrypt_with_rng(&mut os_rng(), data)
        .map_err(|e| encrypt_error(&e))
}

/// Inverse of [`pkcs1_encrypt`] with explicit rejection: bad padding is reported as an
/// integrity failure, as an HSM reports it, rather than answered with the random message
/// of the library's implicit-rejection decryption.
pub fn pkcs1_decrypt(private_pkcs8: &[u8], ciphertext: &[u8]) -> CryptoResult<Zeroizing<Vec<u8>>> {
    let key = parse_private(private_pkcs8)?;
    let k = key.size();
    if ciphertext.len() != k {
        return Err(CryptoError::InvalidInput(
            "RSA ciphertext length differs from modulus",
        ));
    }
    let c = BoxedUint::from_be_slice(ciphertext, key.n_bits_precision())
        .map_err(|_| CryptoError::InvalidInput("RSA ciphertext"))?;
    let m = Zeroizing::new(
        rsa::hazmat::rsa_decrypt_and_check(&key, Some(&mut os_rng()), &c)
            .map_err(|_| CryptoError::IntegrityFailure("RSA decryption"))?,
    );
    let full = Zeroizing::new(m.to_be_bytes());
    // m < n, so the bytes above the k-byte encoded message are zero.
    let em = &full[full.len().saturating_sub(k)..];
    // EM = 00 ‖ 02 ‖ PS (at least 8 non-zero bytes) ‖ 00 ‖ M
    let separator = em.iter().skip(2).position(|&b| b == 0).map(|p| p + 2);
    match separator {
        Some(sep) if em[0] == 0 && em[1] == 2 && sep >= 10 => {
            Ok(Zeroizing::new(em[sep + 1..].to_vec()))
        }
        _ => Err(CryptoError::IntegrityFailure("RSA PKCS#1 v1.5 padding")),
    }
}

/// CKM_RSA_AES_KEY_WRAP: a fresh AES-256 key encrypted with RSA-OAEP(`hash`), followed by
/// the RFC 5649 wrap of `data` under that key.
pub fn rsa_aes_wrap(public_spki: &[u8], hash: HashType, data: &[u8]) -> CryptoResult<Vec<u8>> {
    let ephemeral = random_bytes(RSA_AES_EPHEMERAL_KEY_LEN)?;
    let mut out = oaep_encrypt(public_spki, hash, &ephemeral)?;
    out.extend_from_slice(&aes_wrap::wrap_kwp(&ephemeral, data)?);
    Ok(out)
}

/// Inverse of [`rsa_aes_wrap`]: the first modulus-length bytes are the OAEP part.
pub fn rsa_aes_unwrap(
    private_pkcs8: &[u8],
    hash: HashType,
    blob: &[u8],
) -> CryptoResult<Zeroizing<Vec<u8>>> {
    let k = parse_private(private_pkcs8)?.size();
    if blob.len() <= k {
        return Err(CryptoError::InvalidInput("RSA_AES blob too short"));
    }
    let (rsa_part, kwp_part) = blob.split_at(k);
    let ephemeral = oaep_decrypt(private_pkcs8, hash, rsa_part)?;
    if !matches!(ephemeral.len(), 16 | 24 | 32) {
        return Err(CryptoError::IntegrityFailure(
            "RSA_AES ephemeral key length",
        ));
    }
    aes_wrap::unwrap_kwp(&ephemeral, kwp_part)
}

/// Maps an RSA encryption error.
fn encrypt_error(e: &rsa::Error) -> CryptoError {
    match e {
        rsa::Error::Rng => CryptoError::Rng,
        rsa::Error::MessageTooLong => CryptoError::InvalidInput("target too long for the key"),
        _ => CryptoError::InvalidInput("RSA encryption"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::ec_keys::generate_ec;
    use crate::crypto::rsa_keys::tests::shared_rsa_2048;
    use crate::crypto::Curve;

    const HASHES: [HashType; 5] = [
        HashType::Sha1,
        HashType::Sha224,
        HashType::Sha256,
        HashType::Sha384,
        HashType::Sha512,
    ];

    #[test]
    fn oaep_round_trip_and_limit() {
        let pair = shared_rsa_2048();
        for hash in HASHES {
            let max = oaep_max_len(256, hash);
            let data = vec![0x5a; max];
            let ct = oaep_encrypt(&pair.public_spki, hash, &data).unwrap();
            assert_eq!(ct.len(), 256);
            assert_eq!(*oaep_decrypt(&pair.private_pkcs8, hash, &ct).unwrap(), data);
            assert!(matches!(
                oaep_encrypt(&pair.public_spki, hash, &vec![0; max + 1]),
                Err(CryptoError::InvalidInput(_))
            ));
        }
        assert_eq!(oaep_max_len(256, HashType::Sha256), 190);
        let ct = oaep_encrypt(&pair.public_spki, HashType::Sha256, b"k").unwrap();
        assert!(matches!(
            oaep_decrypt(&pair.private_pkcs8, HashType::Sha1, &ct),
            Err(CryptoError::IntegrityFailure(_))
        ));
    }

    #[test]
    fn pkcs1_round_trip_and_explicit_rejection() {
        let pair = shared_rsa_2048();
        for len in [0, 1, 32, 245] {
            let data = vec![0xa5; len];
            let ct = pkcs1_encrypt(&pair.public_spki, &data).unwrap();
            assert_eq!(*pkcs1_decrypt(&pair.private_pkcs8, &ct).unwrap(), data);
        }
        assert!(pkcs1_encrypt(&pair.public_spki, &[0; 246]).is_err());
        // Each encoded message below breaks one rule of EM = 00 ‖ 02 ‖ PS ‖ 00 ‖ M. They are
        // built by hand because a random ciphertext (an OAEP one, say) is well padded about
        // once in 400 tries.
        let well_formed = |ps_len: usize| {
            let mut em = vec![0x00, 0x02];
            em.extend(std::iter::repeat_n(0x77, ps_len));
            em.push(0x00);
            em.resize(256, 0x42);
            em
        };
        assert_eq!(
            *pkcs1_decrypt(
                &pair.private_pkcs8,
                &raw_encrypt(&pair.public_spki, &well_formed(8))
            )
            .unwrap(),
            vec![0x42; 256 - 11]
        );
        let mut wrong_leading = well_formed(8);
        wrong_leading[0] = 0x01;
        let mut wrong_block_type = well_formed(8);
        wrong_block_type[1] = 0x01;
        let mut no_separator = well_formed(8);
        no_separator[10] = 0x77;
        for em in [
            wrong_leading,
            wrong_block_type,
            well_formed(7),
            no_separator,
        ] {
            let ct = raw_encrypt(&pair.public_spki, &em);
            assert!(matches!(
                pkcs1_decrypt(&pair.private_pkcs8, &ct),
                Err(CryptoError::IntegrityFailure(_))
            ));
        }
    }

    /// Textbook RSA of an already encoded message, padded to the modulus length.
    fn raw_encrypt(public_spki: &[u8], em: &[u8]) -> Vec<u8> {
        let key = parse_public(public_spki).unwrap();
        let m = BoxedUint::from_be_slice(em, key.n_bits_precision()).unwrap();
        let c = rsa::hazmat::rsa_encrypt(&key, &m).unwrap().to_be_bytes();
        let mut out = vec![0; key.size().saturating_sub(c.len())];
        out.extend_from_slice(&c[c.len().saturating_sub(key.size())..]);
        out
    }

    #[test]
    fn rsa_aes_round_trip() {
        let pair = shared_rsa_2048();
        let target = vec![0x11; 1217];
        let blob = rsa_aes_wrap(&pair.public_spki, HashType::Sha256, &target).unwrap();
        assert_eq!(blob.len(), 256 + 1224 + 8);
        let back = rsa_aes_unwrap(&pair.private_pkcs8, HashType::Sha256, &blob).unwrap();
        assert_eq!(*back, target);
        let mut bad = blob;
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            rsa_aes_unwrap(&pair.private_pkcs8, HashType::Sha256, &bad),
            Err(CryptoError::IntegrityFailure(_))
        ));
    }

    #[test]
    fn ec_key_is_a_mismatch() {
        let ec = generate_ec(Curve::P256).unwrap();
        assert!(matches!(
            oaep_encrypt(&ec.public_spki, HashType::Sha1, b"x"),
            Err(CryptoError::MechanismMismatch(_))
        ));
        assert!(matches!(
            pkcs1_decrypt(&ec.private_pkcs8, &[0; 256]),
            Err(CryptoError::MechanismMismatch(_))
        ));
    }
}
