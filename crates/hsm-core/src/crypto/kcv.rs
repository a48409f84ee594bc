//! Key check values (`OBJ_ATTR_KCV`, docs/kmu.md §2.36): three bytes that identify a key
//! without revealing it, so two copies of one key can be compared.

use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
use sha1::{Digest, Sha1};

use super::{CryptoError, CryptoResult, KeyType};

/// A key check value.
pub type Kcv = [u8; 3];

/// The value CloudHSM stores for keys without a defined KCV (generic secrets).
pub const NO_KCV: Kcv = [0, 0, 0];

/// First three bytes of a block.
fn first3(block: &[u8]) -> Kcv {
    [block[0], block[1], block[2]]
}

/// AES: the first 3 bytes of AES-ECB(key, 16 zero bytes).
pub fn kcv_aes(key: &[u8]) -> CryptoResult<Kcv> {
    let mut block = Array::from([0u8; 16]);
    match key.len() {
        16 => aes::Aes128::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
        24 => aes::Aes192::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
        32 => aes::Aes256::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
        _ => return Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
    }
    .map_err(|_| CryptoError::InvalidInput("AES key length"))?;
    Ok(first3(&block))
}

/// DES3: the first 3 bytes of 3DES-EDE-ECB(key, 8 zero bytes), with a 24-byte key.
pub fn kcv_des3(key: &[u8]) -> CryptoResult<Kcv> {
    let cipher = des::TdesEde3::new_from_slice(key)
        .map_err(|_| CryptoError::InvalidInput("DES3 keys are 24 bytes"))?;
    let mut block = Array::from([0u8; 8]);
    cipher.encrypt_block(&mut block);
    Ok(first3(&block))
}

/// Asymmetric keys: the first 3 bytes of SHA-1 over the DER SubjectPublicKeyInfo, so the
/// public and private halves of a pair share one KCV.
pub fn kcv_public(spki_der: &[u8]) -> Kcv {
    first3(&Sha1::digest(spki_der))
}

/// The KCV of a secret key of `key_type` (AES, DES3; generic secret and RC4 get
/// [`NO_KCV`]).
pub fn kcv_secret(key_type: KeyType, key: &[u8]) -> CryptoResult<Kcv> {
    match key_type {
        KeyType::Aes => kcv_aes(key),
        KeyType::Des3 => kcv_des3(key),
        KeyType::GenericSecret | KeyType::Rc4 => Ok(NO_KCV),
        KeyType::Rsa | KeyType::Dsa | KeyType::Ec => {
            Err(CryptoError::InvalidInput("asymmetric keys take kcv_public"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_known_answers() {
        // AES-128, zero key, zero block: 66e94bd4ef8a2c3b884cfa59ca342b2e (FIPS-197 family).
        assert_eq!(kcv_aes(&[0; 16]).unwrap(), [0x66, 0xe9, 0x4b]);
        // AES-192 zero key: aae06992acbf52a3e8f4a96ec9300bd7.
        assert_eq!(kcv_aes(&[0; 24]).unwrap(), [0xaa, 0xe0, 0x69]);
        // AES-256 zero key: dc95c078a2408989ad48a21492842087.
        assert_eq!(kcv_aes(&[0; 32]).unwrap(), [0xdc, 0x95, 0xc0]);
        assert!(kcv_aes(&[0; 15]).is_err());
    }

    #[test]
    fn des3_known_answer() {
        // With K1 = K2 = K3, EDE collapses to single DES: DES(0101010101010101, 0) is
        // 8ca64de9c1b123a7 (the classic all-"zero" parity-adjusted key).
        assert_eq!(kcv_des3(&[0x01; 24]).unwrap(), [0x8c, 0xa6, 0x4d]);
        assert!(kcv_des3(&[0x01; 16]).is_err());
    }

    #[test]
    fn public_and_generic() {
        // SHA-1("") = da39a3ee...
        assert_eq!(kcv_public(b""), [0xda, 0x39, 0xa3]);
        assert_eq!(kcv_secret(KeyType::GenericSecret, b"k").unwrap(), NO_KCV);
        assert_eq!(
            kcv_secret(KeyType::Aes, &[0; 16]).unwrap(),
            [0x66, 0xe9, 0x4b]
        );
        assert!(kcv_secret(KeyType::Rsa, b"").is_err());
    }
}
