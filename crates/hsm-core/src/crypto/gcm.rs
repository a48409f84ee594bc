//! AES-GCM with any AES key size and a tag of 8 to 16 bytes (mechanisms 10 and 11).
//!
//! A GCM tag of `t` bytes is by definition the first `t` bytes of the full 16-byte tag, so
//! the full tag is computed and truncated; opening recomputes it and compares the prefix.

use aes_gcm::aead::array::Array;
use aes_gcm::aes::cipher::consts::U12;
use aes_gcm::{AeadInOut, AesGcm, KeyInit};
use zeroize::Zeroizing;

use super::{CryptoError, CryptoResult};

/// GCM nonce (IV) length used by CloudHSM.
pub const IV_LEN: usize = 12;
/// Default and largest tag length.
pub const MAX_TAG_LEN: usize = 16;
/// Smallest tag length KMU accepts (`-tag_size`).
pub const MIN_TAG_LEN: usize = 8;

/// Checks a tag length.
fn check_tag_len(tag_len: usize) -> CryptoResult<()> {
    if (MIN_TAG_LEN..=MAX_TAG_LEN).contains(&tag_len) {
        Ok(())
    } else {
        Err(CryptoError::InvalidInput(
            "GCM tag size must be 8 to 16 bytes",
        ))
    }
}

/// Runs the GCM encryption transform over `buf` in place and returns the full 16-byte tag.
/// Applied to ciphertext it yields the plaintext (CTR mode), with a tag that means nothing.
fn transform(key: &[u8], iv: &[u8; IV_LEN], aad: &[u8], buf: &mut [u8]) -> CryptoResult<[u8; 16]> {
    /// One monomorphic call per key size.
    fn run<A: AeadInOut<NonceSize = U12> + KeyInit>(
        key: &[u8],
        iv: &[u8; IV_LEN],
        aad: &[u8],
        buf: &mut [u8],
    ) -> CryptoResult<[u8; 16]> {
        let cipher = A::new_from_slice(key).map_err(|_| CryptoError::InvalidInput("AES key"))?;
        let tag = cipher
            .encrypt_inout_detached(&Array::from(*iv), aad, buf.into())
            .map_err(|_| CryptoError::InvalidInput("GCM input too long"))?;
        let mut out = [0u8; 16];
        out.copy_from_slice(&tag[..16]);
        Ok(out)
    }
    match key.len() {
        16 => run::<AesGcm<aes::Aes128, U12>>(key, iv, aad, buf),
        24 => run::<AesGcm<aes::Aes192, U12>>(key, iv, aad, buf),
        32 => run::<AesGcm<aes::Aes256, U12>>(key, iv, aad, buf),
        _ => Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
    }
}

/// Encrypts `plaintext`; returns ciphertext‖tag with a `tag_len`-byte tag.
pub fn seal(
    key: &[u8],
    iv: &[u8; IV_LEN],
    aad: &[u8],
    plaintext: &[u8],
    tag_len: usize,
) -> CryptoResult<Vec<u8>> {
    check_tag_len(tag_len)?;
    let mut out = plaintext.to_vec();
    let tag = transform(key, iv, aad, &mut out)?;
    out.extend_from_slice(&tag[..tag_len]);
    Ok(out)
}

/// Decrypts ciphertext‖tag and checks the `tag_len`-byte tag; a mismatch (altered data,
/// wrong key, IV or AAD) is an integrity failure.
pub fn open(
    key: &[u8],
    iv: &[u8; IV_LEN],
    aad: &[u8],
    sealed: &[u8],
    tag_len: usize,
) -> CryptoResult<Zeroizing<Vec<u8>>> {
    check_tag_len(tag_len)?;
    let ct_len = sealed
        .len()
        .checked_sub(tag_len)
        .ok_or(CryptoError::InvalidInput("GCM data shorter than its tag"))?;
    let (ct, tag) = sealed.split_at(ct_len);
    let mut plain = Zeroizing::new(ct.to_vec());
    transform(key, iv, aad, &mut plain)?;
    // Re-encrypting the candidate plaintext reproduces `ct` and so the true tag.
    let mut again = Zeroizing::new(plain.to_vec());
    let expected = transform(key, iv, aad, &mut again)?;
    let diff = expected[..tag_len]
        .iter()
        .zip(tag)
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if diff != 0 {
        return Err(CryptoError::IntegrityFailure("GCM tag mismatch"));
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn nist_test_case_4() {
        // GCM spec (McGrew/Viega) test case 4: AES-128 with AAD.
        let key = hex("feffe9928665731c6d6a8f9467308308");
        let iv: [u8; 12] = hex("cafebabefacedbaddecaf888").try_into().unwrap();
        let pt = hex(concat!(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72",
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
        ));
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let ct = hex(concat!(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e",
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
        ));
        let tag = hex("5bc94fbc3221a5db94fae95ae7121a47");
        let sealed = seal(&key, &iv, &aad, &pt, 16).unwrap();
        assert_eq!(sealed, [ct.clone(), tag.clone()].concat());
        assert_eq!(*open(&key, &iv, &aad, &sealed, 16).unwrap(), pt);
        // A truncated tag is the prefix of the full one.
        let short = seal(&key, &iv, &aad, &pt, 8).unwrap();
        assert_eq!(short, [ct, tag[..8].to_vec()].concat());
        assert_eq!(*open(&key, &iv, &aad, &short, 8).unwrap(), pt);
    }

    #[test]
    fn tamper_and_wrong_aad_fail() {
        let key = [5u8; 32];
        let iv = [6u8; 12];
        let sealed = seal(&key, &iv, b"aad", b"secret key bytes", 12).unwrap();
        assert_eq!(sealed.len(), 16 + 12);
        assert!(matches!(
            open(&key, &iv, b"other", &sealed, 12),
            Err(CryptoError::IntegrityFailure(_))
        ));
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert!(open(&key, &iv, b"aad", &bad, 12).is_err());
        assert!(open(&key, &iv, b"aad", &sealed, 16).is_err());
        assert!(matches!(
            seal(&key, &iv, b"", b"x", 7),
            Err(CryptoError::InvalidInput(_))
        ));
        assert!(seal(&key, &iv, b"", b"x", 17).is_err());
        assert!(seal(&[0; 24], &iv, b"", b"x", 16).is_ok());
        assert!(open(&key, &iv, b"", &[0; 4], 8).is_err());
    }
}
