//! AES key wrap: RFC 3394 with a caller-chosen IV (mechanisms 4 and 5, `aesWrapUnwrap`),
//! the PKCS#5-padded variant CloudHSM uses for mechanism 4, and RFC 5649 (mechanism 6).
//!
//! RFC 3394 is written out here because the `aes-kw` crate fixes the IV to A6A6A6A6A6A6A6A6,
//! while KMU accepts `-i`. RFC 5649 comes from `aes-kw`.

use aes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use zeroize::Zeroizing;

use super::{CryptoError, CryptoResult};

/// The RFC 3394 default IV, which KMU also uses when `-i` is absent.
pub const DEFAULT_IV: [u8; 8] = [0xA6; 8];

/// An AES block cipher of any of the three key sizes.
pub(crate) enum Aes {
    /// AES-128.
    A128(aes::Aes128),
    /// AES-192.
    A192(aes::Aes192),
    /// AES-256.
    A256(aes::Aes256),
}

impl Aes {
    /// The cipher for a 16-, 24- or 32-byte key.
    pub(crate) fn new(key: &[u8]) -> CryptoResult<Self> {
        let bad = |_| CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes");
        Ok(match key.len() {
            16 => Self::A128(aes::Aes128::new_from_slice(key).map_err(bad)?),
            24 => Self::A192(aes::Aes192::new_from_slice(key).map_err(bad)?),
            32 => Self::A256(aes::Aes256::new_from_slice(key).map_err(bad)?),
            _ => return Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
        })
    }

    /// Encrypts one block in place.
    fn encrypt(&self, block: &mut [u8; 16]) {
        let mut b = Array::from(*block);
        match self {
            Self::A128(c) => c.encrypt_block(&mut b),
            Self::A192(c) => c.encrypt_block(&mut b),
            Self::A256(c) => c.encrypt_block(&mut b),
        }
        block.copy_from_slice(&b);
    }

    /// Decrypts one block in place.
    fn decrypt(&self, block: &mut [u8; 16]) {
        let mut b = Array::from(*block);
        match self {
            Self::A128(c) => c.decrypt_block(&mut b),
            Self::A192(c) => c.decrypt_block(&mut b),
            Self::A256(c) => c.decrypt_block(&mut b),
        }
        block.copy_from_slice(&b);
    }
}

/// RFC 3394 §2.2.1 wrapping of `data` (a non-empty multiple of 8 bytes) with `iv`.
fn kw_wrap(cipher: &Aes, iv: [u8; 8], data: &[u8]) -> Vec<u8> {
    let n = data.len() / 8;
    let mut out = vec![0u8; data.len() + 8];
    out[8..].copy_from_slice(data);
    let mut a = iv;
    let mut block = Zeroizing::new([0u8; 16]);
    let mut t: u64 = 0;
    for _ in 0..6 {
        for i in 1..=n {
            t += 1;
            block[..8].copy_from_slice(&a);
            block[8..].copy_from_slice(&out[8 * i..8 * i + 8]);
            cipher.encrypt(&mut block);
            a.copy_from_slice(&block[..8]);
            xor_counter(&mut a, t);
            out[8 * i..8 * i + 8].copy_from_slice(&block[8..]);
        }
    }
    out[..8].copy_from_slice(&a);
    out
}

/// RFC 3394 §2.2.2 unwrapping; checks the recovered IV against `iv` in constant time.
fn kw_unwrap(cipher: &Aes, iv: [u8; 8], blob: &[u8]) -> CryptoResult<Zeroizing<Vec<u8>>> {
    if !blob.len().is_multiple_of(8) || blob.len() < 16 {
        return Err(CryptoError::InvalidInput(
            "wrapped data must be a multiple of 8, >= 16",
        ));
    }
    let n = blob.len() / 8 - 1;
    let mut a = [0u8; 8];
    a.copy_from_slice(&blob[..8]);
    let mut r = Zeroizing::new(blob[8..].to_vec());
    let mut block = Zeroizing::new([0u8; 16]);
    let mut t = 6 * u64::try_from(n).map_err(|_| CryptoError::InvalidInput("too long"))?;
    for _ in 0..6 {
        for i in (0..n).rev() {
            xor_counter(&mut a, t);
            t -= 1;
            block[..8].copy_from_slice(&a);
            block[8..].copy_from_slice(&r[8 * i..8 * i + 8]);
            cipher.decrypt(&mut block);
            a.copy_from_slice(&block[..8]);
            r[8 * i..8 * i + 8].copy_from_slice(&block[8..]);
        }
    }
    // Constant-time comparison: the difference is accumulated, then tested once.
    let diff = a
        .iter()
        .zip(iv.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if diff != 0 {
        return Err(CryptoError::IntegrityFailure("AES key wrap IV mismatch"));
    }
    Ok(r)
}

/// `A ^= t` with `t` as a 64-bit big-endian integer (RFC 3394 step 2).
fn xor_counter(a: &mut [u8; 8], t: u64) {
    for (x, y) in a.iter_mut().zip(t.to_be_bytes()) {
        *x ^= y;
    }
}

/// RFC 3394 wrap without padding (mechanism 5): `data` must be a multiple of 8 bytes and at
/// least 16 bytes long.
pub fn wrap_no_pad(key: &[u8], iv: [u8; 8], data: &[u8]) -> CryptoResult<Vec<u8>> {
    if !data.len().is_multiple_of(8) || data.len() < 16 {
        return Err(CryptoError::InvalidInput(
            "data must be a multiple of 8 bytes, >= 16",
        ));
    }
    Ok(kw_wrap(&Aes::new(key)?, iv, data))
}

/// Inverse of [`wrap_no_pad`].
pub fn unwrap_no_pad(key: &[u8], iv: [u8; 8], blob: &[u8]) -> CryptoResult<Zeroizing<Vec<u8>>> {
    if blob.len() < 24 {
        return Err(CryptoError::InvalidInput("wrapped data too short"));
    }
    kw_unwrap(&Aes::new(key)?, iv, blob)
}

/// PKCS#5 padding (always 1-8 bytes, each the pad length) then RFC 3394 (mechanism 4 and
/// `aesWrapUnwrap`). A 24-byte DES3 key wraps to 40 bytes.
pub fn wrap_pkcs5(key: &[u8], iv: [u8; 8], data: &[u8]) -> CryptoResult<Vec<u8>> {
    let cipher = Aes::new(key)?;
    let pad = 8 - data.len() % 8;
    let mut padded = Zeroizing::new(Vec::with_capacity(data.len() + pad));
    padded.extend_from_slice(data);
    // `pad` is 1..=8, so it fits in a byte.
    padded.resize(data.len() + pad, u8::try_from(pad).unwrap_or(8));
    Ok(kw_wrap(&cipher, iv, &padded))
}

/// Inverse of [`wrap_pkcs5`]; bad padding is an integrity failure.
pub fn unwrap_pkcs5(key: &[u8], iv: [u8; 8], blob: &[u8]) -> CryptoResult<Zeroizing<Vec<u8>>> {
    let mut plain = kw_unwrap(&Aes::new(key)?, iv, blob)?;
    let pad = usize::from(*plain.last().unwrap_or(&0));
    let ok = (1..=8).contains(&pad)
        && pad <= plain.len()
        && plain[plain.len() - pad..]
            .iter()
            .all(|&b| usize::from(b) == pad);
    if !ok {
        return Err(CryptoError::IntegrityFailure("bad PKCS#5 padding"));
    }
    let len = plain.len() - pad;
    plain.truncate(len);
    Ok(plain)
}

/// RFC 5649 wrap with padding (mechanism 6). `data` must not be empty.
pub fn wrap_kwp(key: &[u8], data: &[u8]) -> CryptoResult<Vec<u8>> {
    if data.is_empty() {
        return Err(CryptoError::InvalidInput("nothing to wrap"));
    }
    let mut out = vec![0u8; data.len().div_ceil(8) * 8 + 8];
    let bad = |_| CryptoError::InvalidInput("AES key wrap with padding");
    let len = match key.len() {
        16 => aes_kw::KwpAes128::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .wrap_key(data, &mut out)
            .map_err(bad)?
            .len(),
        24 => aes_kw::KwpAes192::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .wrap_key(data, &mut out)
            .map_err(bad)?
            .len(),
        32 => aes_kw::KwpAes256::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .wrap_key(data, &mut out)
            .map_err(bad)?
            .len(),
        _ => return Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
    };
    out.truncate(len);
    Ok(out)
}

/// Inverse of [`wrap_kwp`].
pub fn unwrap_kwp(key: &[u8], blob: &[u8]) -> CryptoResult<Zeroizing<Vec<u8>>> {
    if !blob.len().is_multiple_of(8) || blob.len() < 16 {
        return Err(CryptoError::InvalidInput(
            "wrapped data must be a multiple of 8, >= 16",
        ));
    }
    let mut out = Zeroizing::new(vec![0u8; blob.len() - 8]);
    let bad = |e| match e {
        aes_kw::Error::IntegrityCheckFailed => {
            CryptoError::IntegrityFailure("AES key wrap with padding")
        }
        _ => CryptoError::InvalidInput("AES key wrap with padding"),
    };
    let len = match key.len() {
        16 => aes_kw::KwpAes128::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .unwrap_key(blob, &mut out)
            .map_err(bad)?
            .len(),
        24 => aes_kw::KwpAes192::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .unwrap_key(blob, &mut out)
            .map_err(bad)?
            .len(),
        32 => aes_kw::KwpAes256::new_from_slice(key)
            .map_err(|_| CryptoError::InvalidInput("AES key"))?
            .unwrap_key(blob, &mut out)
            .map_err(bad)?
            .len(),
        _ => return Err(CryptoError::InvalidInput("AES keys are 16, 24 or 32 bytes")),
    };
    out.truncate(len);
    Ok(out)
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
    fn rfc3394_vectors() {
        // RFC 3394 §4.1: 128-bit data with a 128-bit KEK.
        let kek = hex("000102030405060708090A0B0C0D0E0F");
        let data = hex("00112233445566778899AABBCCDDEEFF");
        let wrapped = wrap_no_pad(&kek, DEFAULT_IV, &data).unwrap();
        assert_eq!(
            wrapped,
            hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")
        );
        assert_eq!(*unwrap_no_pad(&kek, DEFAULT_IV, &wrapped).unwrap(), data);
        // RFC 3394 §4.6: 256-bit data with a 256-bit KEK.
        let kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        let data = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        let want =
            "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21";
        assert_eq!(wrap_no_pad(&kek, DEFAULT_IV, &data).unwrap(), hex(want));
        // RFC 3394 §4.2: 128-bit data with a 192-bit KEK.
        let kek = hex("000102030405060708090A0B0C0D0E0F1011121314151617");
        let data = hex("00112233445566778899AABBCCDDEEFF");
        let want = hex("96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D");
        assert_eq!(wrap_no_pad(&kek, DEFAULT_IV, &data).unwrap(), want);
    }

    #[test]
    fn default_iv_matches_aes_kw_crate() {
        let kek = [7u8; 32];
        let data = [9u8; 40];
        let mut buf = [0u8; 48];
        let theirs = aes_kw::KwAes256::new_from_slice(&kek)
            .unwrap()
            .wrap_key(&data, &mut buf)
            .unwrap()
            .to_vec();
        assert_eq!(wrap_no_pad(&kek, DEFAULT_IV, &data).unwrap(), theirs);
    }

    #[test]
    fn custom_iv_and_tamper() {
        let kek = [1u8; 16];
        let iv = [1, 2, 3, 4, 5, 6, 7, 8];
        let data = [0x55u8; 24];
        let wrapped = wrap_no_pad(&kek, iv, &data).unwrap();
        assert_ne!(wrapped, wrap_no_pad(&kek, DEFAULT_IV, &data).unwrap());
        assert_eq!(*unwrap_no_pad(&kek, iv, &wrapped).unwrap(), data);
        assert!(matches!(
            unwrap_no_pad(&kek, DEFAULT_IV, &wrapped),
            Err(CryptoError::IntegrityFailure(_))
        ));
        let mut bad = wrapped;
        bad[10] ^= 1;
        assert!(matches!(
            unwrap_no_pad(&kek, iv, &bad),
            Err(CryptoError::IntegrityFailure(_))
        ));
        assert!(matches!(
            wrap_no_pad(&kek, iv, &[0; 8]),
            Err(CryptoError::InvalidInput(_))
        ));
        assert!(wrap_no_pad(&kek, iv, &[0; 20]).is_err());
        assert!(wrap_no_pad(&[0; 17], iv, &[0; 16]).is_err());
    }

    #[test]
    fn pkcs5_always_pads() {
        let kek = [3u8; 24];
        // 24-byte DES3 key → 32 padded → 40 wrapped (the aesWrapUnwrap example).
        let wrapped = wrap_pkcs5(&kek, DEFAULT_IV, &[0xAB; 24]).unwrap();
        assert_eq!(wrapped.len(), 40);
        assert_eq!(
            *unwrap_pkcs5(&kek, DEFAULT_IV, &wrapped).unwrap(),
            [0xAB; 24]
        );
        for len in 0..=33 {
            let data: Vec<u8> = (0..len).map(|i| u8::try_from(i).unwrap()).collect();
            let w = wrap_pkcs5(&kek, DEFAULT_IV, &data).unwrap();
            assert_eq!(w.len(), (len / 8 + 1) * 8 + 8);
            assert_eq!(*unwrap_pkcs5(&kek, DEFAULT_IV, &w).unwrap(), data);
        }
        // Valid RFC 3394 data whose last byte is not a valid pad is an integrity failure.
        let unpadded = wrap_no_pad(&kek, DEFAULT_IV, &[0u8; 16]).unwrap();
        assert!(matches!(
            unwrap_pkcs5(&kek, DEFAULT_IV, &unpadded),
            Err(CryptoError::IntegrityFailure(_))
        ));
    }

    #[test]
    fn rfc5649_vectors() {
        // RFC 5649 §6.
        let kek = hex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
        let data = hex("c37b7e6492584340bed12207808941155068f738");
        let want = hex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
        assert_eq!(wrap_kwp(&kek, &data).unwrap(), want);
        assert_eq!(*unwrap_kwp(&kek, &want).unwrap(), data);
        let data = hex("466f7250617369");
        let want = hex("afbeb0f07dfbf5419200f2ccb50bb24f");
        assert_eq!(wrap_kwp(&kek, &data).unwrap(), want);
        assert_eq!(*unwrap_kwp(&kek, &want).unwrap(), data);
        let mut bad = want;
        bad[0] ^= 1;
        assert!(matches!(
            unwrap_kwp(&kek, &bad),
            Err(CryptoError::IntegrityFailure(_))
        ));
        assert!(wrap_kwp(&kek, &[]).is_err());
    }
}
