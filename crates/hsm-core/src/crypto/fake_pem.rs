//! `getCaviumPrivKey` fake PEM files (docs/kmu.md §2.17.1) and their detection for
//! `IsValidKeyHandlefile` (§2.25) and `importPrivateKey`.
//!
//! A fake PEM looks like a private key to OpenSSL but holds only the public values and the
//! HSM key handle, so the CloudHSM OpenSSL engine can route operations to the HSM.

use der::asn1::UintRef;
use der::pem::LineEnding;
use der::{Decode, Encode};
use hsm_proto::KeyHandle;
use pkcs8::PrivateKeyInfoRef;

use super::key_kind::kind_of_spki;
use super::{ec_keys, rsa_keys, AsymmetricKind, CryptoError, CryptoResult};

/// The 32-bit magic 0xEEFCFCEA as x86 writes it (little-endian).
pub const MAGIC: [u8; 4] = 0xEEFC_FCEA_u32.to_le_bytes();
/// The second magic 0xCAFEFEED (keys "already imported"), little-endian.
pub const MAGIC_IMPORTED: [u8; 4] = 0xCAFE_FEED_u32.to_le_bytes();

/// `len` bytes of the repeated magic with `handle` (little-endian) written at `at`.
fn pattern(len: usize, at: usize, handle: KeyHandle) -> Vec<u8> {
    let mut out: Vec<u8> = MAGIC.iter().copied().cycle().take(len).collect();
    out[at..at + 8].copy_from_slice(&handle.0.to_le_bytes());
    out
}

/// Fake `RSA PRIVATE KEY`: real `n` and `e`; `d` = modulus-length magic pattern with bytes
/// 8..15 = the handle; `p`, `q`, `dmp1`, `dmq1`, `iqmp` = 0. Encoded by hand with `der`,
/// since the rsa crate refuses such a key.
pub fn fake_rsa_pem(public_spki: &[u8], handle: KeyHandle) -> CryptoResult<String> {
    let facts = rsa_keys::public_facts(public_spki)?;
    let d = pattern(facts.modulus.len(), 8, handle);
    let zero = uint(&[0])?;
    let key = pkcs1::RsaPrivateKey {
        modulus: uint(&facts.modulus)?,
        public_exponent: uint(&facts.public_exponent)?,
        private_exponent: uint(&d)?,
        prime1: zero,
        prime2: zero,
        exponent1: zero,
        exponent2: zero,
        coefficient: zero,
        other_prime_infos: None,
    };
    let der = key
        .to_der()
        .map_err(|_| CryptoError::InvalidInput("fake RSA key encoding"))?;
    der::pem::encode_string("RSA PRIVATE KEY", LineEnding::LF, &der)
        .map_err(|_| CryptoError::InvalidInput("PEM encoding"))
}

/// A DER INTEGER view of big-endian bytes.
fn uint(bytes: &[u8]) -> CryptoResult<UintRef<'_>> {
    UintRef::new(bytes).map_err(|_| CryptoError::InvalidInput("integer"))
}

/// Fake `EC PRIVATE KEY`: real curve and public point; the private scalar is the magic
/// pattern (curve size rounded up to 8 bytes) with bytes 4..11 = the handle.
pub fn fake_ec_pem(public_spki: &[u8], handle: KeyHandle) -> CryptoResult<String> {
    let (curve, point) = ec_keys::public_point(public_spki)?;
    let scalar = pattern(curve.field_len().div_ceil(8) * 8, 4, handle);
    let key = sec1::EcPrivateKey {
        private_key: &scalar,
        parameters: Some(sec1::EcParameters::NamedCurve(curve.oid())),
        public_key: Some(&point),
    };
    let der = key
        .to_der()
        .map_err(|_| CryptoError::InvalidInput("fake EC key encoding"))?;
    der::pem::encode_string("EC PRIVATE KEY", LineEnding::LF, &der)
        .map_err(|_| CryptoError::InvalidInput("PEM encoding"))
}

/// The fake PEM for an RSA or EC key pair, given its public key. Other kinds are refused
/// ("Input key handle should be RSA/ECDSA private key handle").
pub fn fake_private_key_pem(public_spki: &[u8], handle: KeyHandle) -> CryptoResult<String> {
    match kind_of_spki(public_spki)? {
        AsymmetricKind::Rsa => fake_rsa_pem(public_spki, handle),
        AsymmetricKind::Ec(_) => fake_ec_pem(public_spki, handle),
        AsymmetricKind::Dsa => Err(CryptoError::MechanismMismatch(
            "fake PEM needs an RSA or ECDSA private key",
        )),
    }
}

/// What `IsValidKeyHandlefile` finds in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFileKind {
    /// A real RSA private key.
    RealKey,
    /// A fake PEM naming this handle (bytes 8..11 of `d`, as upstream reads them).
    FakeHandle(u32),
    /// Not an RSA private key PEM (upstream reads the file as RSA only).
    Unreadable,
}

/// The DER of the first private key block, with its label.
fn first_private_block(pem: &[u8]) -> Option<(String, Vec<u8>)> {
    let text = std::str::from_utf8(pem).ok()?.replace("\r\n", "\n");
    let start = text.find("-----BEGIN ")?;
    let label_end = text[start + 11..].find("-----")? + start + 11;
    let label = text[start + 11..label_end].to_string();
    let marker = format!("-----END {label}-----");
    let end = text[start..].find(&marker)? + start + marker.len();
    let (_, der) = der::pem::decode_vec(&text.as_bytes()[start..end]).ok()?;
    Some((label, der))
}

/// `d` of an RSA private key PEM (PKCS#1, or PKCS#8 holding RSA), without validating it.
fn rsa_private_exponent(pem: &[u8]) -> Option<Vec<u8>> {
    let (label, der) = first_private_block(pem)?;
    let pkcs1_der = match label.as_str() {
        "RSA PRIVATE KEY" => der,
        "PRIVATE KEY" => {
            let info = PrivateKeyInfoRef::from_der(&der).ok()?;
            if info.algorithm.oid != pkcs1::ALGORITHM_OID {
                return None;
            }
            info.private_key.as_bytes().to_vec()
        }
        _ => return None,
    };
    let key = pkcs1::RsaPrivateKeyRef::from_der(&pkcs1_der).ok()?;
    Some(key.private_exponent.as_bytes().to_vec())
}

/// The EC private scalar of a SEC1 or PKCS#8 EC PEM, without validating it.
fn ec_private_scalar(pem: &[u8]) -> Option<Vec<u8>> {
    let (label, der) = first_private_block(pem)?;
    let sec1_der = match label.as_str() {
        "EC PRIVATE KEY" => der,
        "PRIVATE KEY" => {
            let info = PrivateKeyInfoRef::from_der(&der).ok()?;
            info.private_key.as_bytes().to_vec()
        }
        _ => return None,
    };
    let key = sec1::EcPrivateKey::from_der(&sec1_der).ok()?;
    Some(key.private_key.to_vec())
}

/// Whether `bytes` start with one of the two magics.
fn has_magic(bytes: &[u8]) -> bool {
    bytes.len() >= 16 && (bytes[..4] == MAGIC || bytes[..4] == MAGIC_IMPORTED)
}

/// Classifies a file for `IsValidKeyHandlefile`: reads it as an RSA private key and looks
/// for the magic at the start of `d`.
pub fn classify_key_file(pem: &[u8]) -> KeyFileKind {
    match rsa_private_exponent(pem) {
        None => KeyFileKind::Unreadable,
        Some(d) if has_magic(&d) => {
            KeyFileKind::FakeHandle(u32::from_le_bytes([d[8], d[9], d[10], d[11]]))
        }
        Some(_) => KeyFileKind::RealKey,
    }
}

/// The 64-bit handle of a fake RSA or EC PEM, for `importPrivateKey`'s "This key is already
/// imported with handle %lld"; `None` for anything else.
pub fn fake_handle(pem: &[u8]) -> Option<u64> {
    let read = |b: &[u8], at: usize| {
        let mut h = [0u8; 8];
        h.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(h)
    };
    if let Some(d) = rsa_private_exponent(pem) {
        return has_magic(&d).then(|| read(&d, 8));
    }
    let scalar = ec_private_scalar(pem)?;
    has_magic(&scalar).then(|| read(&scalar, 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::dsa_keys::tests::shared_dsa_2048;
    use crate::crypto::ec_keys::generate_ec;
    use crate::crypto::pem::private_key_to_pem;
    use crate::crypto::rsa_keys::tests::shared_rsa_2048;
    use crate::crypto::Curve;

    #[test]
    fn rsa_fake_layout() {
        let pair = shared_rsa_2048();
        let handle = 0x0102_0304_0506_0708_u64;
        let pem = fake_rsa_pem(&pair.public_spki, KeyHandle(handle)).unwrap();
        assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let d = rsa_private_exponent(pem.as_bytes()).unwrap();
        assert_eq!(d.len(), 256);
        assert_eq!(d[..8], [0xEA, 0xFC, 0xFC, 0xEE, 0xEA, 0xFC, 0xFC, 0xEE]);
        assert_eq!(d[8..16], handle.to_le_bytes());
        assert_eq!(d[16..20], MAGIC);
        assert_eq!(
            classify_key_file(pem.as_bytes()),
            KeyFileKind::FakeHandle(0x0506_0708)
        );
        assert_eq!(fake_handle(pem.as_bytes()), Some(handle));
        // The real modulus and exponent are there, the primes are zero.
        let (_, der) = first_private_block(pem.as_bytes()).unwrap();
        let key = pkcs1::RsaPrivateKeyRef::from_der(&der).unwrap();
        let facts = rsa_keys::public_facts(&pair.public_spki).unwrap();
        assert_eq!(key.modulus.as_bytes(), facts.modulus.as_slice());
        assert_eq!(key.public_exponent.as_bytes(), [1, 0, 1]);
        assert!(key.prime1.as_bytes().iter().all(|&b| b == 0));
        // It is not a usable key.
        assert!(crate::crypto::pem::parse_private_key_pem(pem.as_bytes()).is_err());
    }

    #[test]
    fn real_and_unreadable_files() {
        let pair = shared_rsa_2048();
        let real = private_key_to_pem(&pair.private_pkcs8).unwrap();
        assert_eq!(classify_key_file(real.as_bytes()), KeyFileKind::RealKey);
        assert_eq!(fake_handle(real.as_bytes()), None);
        let ec = generate_ec(Curve::P256).unwrap();
        let ec_pem = private_key_to_pem(&ec.private_pkcs8).unwrap();
        assert_eq!(
            classify_key_file(ec_pem.as_bytes()),
            KeyFileKind::Unreadable
        );
        assert_eq!(fake_handle(ec_pem.as_bytes()), None);
        assert_eq!(classify_key_file(b"not a pem"), KeyFileKind::Unreadable);
    }

    #[test]
    fn ec_fake_layout() {
        for curve in [Curve::P256, Curve::P384, Curve::Secp256k1] {
            let pair = generate_ec(curve).unwrap();
            let pem = fake_private_key_pem(&pair.public_spki, KeyHandle(15)).unwrap();
            assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
            let scalar = ec_private_scalar(pem.as_bytes()).unwrap();
            assert_eq!(scalar.len(), curve.field_len());
            assert_eq!(scalar[..4], MAGIC);
            assert_eq!(scalar[4..12], 15u64.to_le_bytes());
            assert_eq!(scalar[12..16], MAGIC);
            assert_eq!(fake_handle(pem.as_bytes()), Some(15));
            // IsValidKeyHandlefile reads RSA only.
            assert_eq!(classify_key_file(pem.as_bytes()), KeyFileKind::Unreadable);
        }
    }

    #[test]
    fn dsa_has_no_fake_pem() {
        assert!(matches!(
            fake_private_key_pem(&shared_dsa_2048().public_spki, KeyHandle(1)),
            Err(CryptoError::MechanismMismatch(_))
        ));
    }
}
