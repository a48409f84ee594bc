//! Random bytes from the operating system, and symmetric key generation.

use zeroize::Zeroizing;

use super::{CryptoError, CryptoResult, KeyType};

/// The operating system's RNG. Library calls take it through the `try_` variants so an RNG
/// failure becomes [`CryptoError::Rng`] instead of a panic.
pub(crate) fn os_rng() -> getrandom::SysRng {
    getrandom::SysRng
}

/// `len` random bytes, for keys, IVs and nonces.
pub fn random_bytes(len: usize) -> CryptoResult<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    getrandom::fill(&mut out).map_err(|_| CryptoError::Rng)?;
    Ok(out)
}

/// `len` random bytes as a plain vector, for callers that cannot handle an RNG failure
/// (cluster creation makes its masking key with it).
///
/// # Panics
/// Only if the operating system's RNG fails, which no simulator state survives anyway;
/// prefer [`random_bytes`] where an error can be returned.
pub fn bytes(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut out).expect("operating system RNG failed");
    out
}

/// A random array (IVs and nonces, which are not secret).
pub(crate) fn random_array<const N: usize>() -> CryptoResult<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| CryptoError::Rng)?;
    Ok(out)
}

/// Sets the low bit of every byte so each byte has odd parity, as DES keys require.
pub fn set_des_odd_parity(key: &mut [u8]) {
    for b in key {
        // Bits 1..7 carry the key; bit 0 is chosen so the count of ones is odd.
        let high = *b & 0xfe;
        *b = high | u8::from(high.count_ones() % 2 == 0);
    }
}

/// A new secret key of `key_type` and `len` bytes, as `genSymKey` makes it.
///
/// AES takes 16, 24 or 32 bytes; DES3 takes 24 bytes and gets odd parity per byte; a generic
/// secret takes 1..=3583 bytes (`genSymKey -s` must be below 3584). RC4 breaks the FIPS policy;
/// asymmetric types are not secret keys.
pub fn generate_secret(key_type: KeyType, len: usize) -> CryptoResult<Zeroizing<Vec<u8>>> {
    match key_type {
        KeyType::Aes if matches!(len, 16 | 24 | 32) => random_bytes(len),
        KeyType::Aes => Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
        KeyType::Des3 if len == 24 => {
            let mut key = random_bytes(len)?;
            set_des_odd_parity(&mut key);
            Ok(key)
        }
        KeyType::Des3 => Err(CryptoError::InvalidInput("DES3 keys are 24 bytes")),
        KeyType::GenericSecret if (1..3584).contains(&len) => random_bytes(len),
        KeyType::GenericSecret => Err(CryptoError::InvalidInput(
            "generic secrets are 1 to 3583 bytes",
        )),
        KeyType::Rc4 => Err(CryptoError::PolicyViolation(
            "RC4 is not allowed in FIPS mode",
        )),
        KeyType::Rsa | KeyType::Dsa | KeyType::Ec => {
            Err(CryptoError::InvalidInput("not a symmetric key type"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_differ() {
        let a = random_bytes(32).unwrap();
        let b = random_bytes(32).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(*a, *b);
    }

    #[test]
    fn des3_keys_have_odd_parity() {
        for _ in 0..20 {
            let key = generate_secret(KeyType::Des3, 24).unwrap();
            assert!(key.iter().all(|b| b.count_ones() % 2 == 1));
        }
        let mut fixed = [0u8, 1, 0xfe, 0xff, 0x80];
        set_des_odd_parity(&mut fixed);
        assert_eq!(fixed, [0x01, 0x01, 0xfe, 0xfe, 0x80]);
    }

    #[test]
    fn secret_lengths_are_checked() {
        assert_eq!(generate_secret(KeyType::Aes, 32).unwrap().len(), 32);
        assert!(matches!(
            generate_secret(KeyType::Aes, 20),
            Err(CryptoError::InvalidInput(_))
        ));
        assert!(generate_secret(KeyType::Des3, 16).is_err());
        assert_eq!(generate_secret(KeyType::GenericSecret, 7).unwrap().len(), 7);
        assert!(matches!(
            generate_secret(KeyType::Rc4, 16),
            Err(CryptoError::PolicyViolation(_))
        ));
        assert!(generate_secret(KeyType::Rsa, 16).is_err());
    }
}
