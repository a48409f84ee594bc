//! Key files (docs/kmu.md §1.9): private keys are read from any unencrypted PEM OpenSSL writes
//! (PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, traditional `DSA PRIVATE KEY`)
//! and written as PKCS#8; public keys are `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo).

use std::fmt;

use der::pem::LineEnding;
use der::Decode;
use pkcs1::DecodeRsaPublicKey;
use spki::EncodePublicKey;
use zeroize::Zeroizing;

use super::material::{normalize_private, validate_public};
use super::{
    ec_keys, rsa_keys, AsymmetricKind, CryptoError, CryptoResult, Curve, KeyPairDer, KeyType,
};

/// A private key read from PEM, normalised to PKCS#8.
#[derive(Clone)]
pub struct ParsedPrivateKey {
    /// Algorithm and curve.
    pub kind: AsymmetricKind,
    /// Canonical PKCS#8 DER and the matching SPKI.
    pub pair: KeyPairDer,
}

impl ParsedPrivateKey {
    /// `OBJ_ATTR_KEY_TYPE` of the key.
    pub fn key_type(&self) -> KeyType {
        self.kind.key_type()
    }

    /// The curve, for EC keys.
    pub fn curve(&self) -> Option<Curve> {
        self.kind.curve()
    }
}

impl fmt::Debug for ParsedPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedPrivateKey")
            .field("kind", &self.kind)
            .field("pair", &self.pair)
            .finish()
    }
}

/// A public key read from PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPublicKey {
    /// Algorithm and curve.
    pub kind: AsymmetricKind,
    /// SubjectPublicKeyInfo DER.
    pub spki_der: Vec<u8>,
}

/// One `-----BEGIN label-----` … `-----END label-----` block of a PEM file.
struct Block<'a> {
    /// The label, e.g. `PRIVATE KEY`.
    label: &'a str,
    /// The whole block text, boundaries included.
    text: &'a str,
}

/// The PEM blocks of `text`, in order. Text outside blocks is ignored, as OpenSSL ignores
/// it (and `openssl ecparam -genkey` writes an `EC PARAMETERS` block before the key).
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = rest[start..].find(&end_marker) else {
            break;
        };
        let stop = start + end + end_marker.len();
        out.push(Block {
            label,
            text: &rest[start..stop],
        });
        rest = &rest[stop..];
    }
    out
}

/// Base64 body of a block; PEM with RFC 1421 headers is legacy encrypted PEM.
fn decode(block: &Block<'_>) -> CryptoResult<Zeroizing<Vec<u8>>> {
    if block.text.contains("Proc-Type:") || block.text.contains("DEK-Info:") {
        return Err(CryptoError::EncryptedKey);
    }
    // Normalise line endings so files written on Windows read too.
    let text = block.text.replace("\r\n", "\n");
    der::pem::decode_vec(text.trim().as_bytes())
        .map(|(_, der)| Zeroizing::new(der))
        .map_err(|_| CryptoError::InvalidInput("malformed PEM"))
}

/// Reads the first private key of a PEM file and normalises it to PKCS#8.
pub fn parse_private_key_pem(pem: &[u8]) -> CryptoResult<ParsedPrivateKey> {
    let text =
        std::str::from_utf8(pem).map_err(|_| CryptoError::InvalidInput("PEM is not text"))?;
    for block in blocks(text) {
        let (kind, pair) = match block.label {
            "ENCRYPTED PRIVATE KEY" => return Err(CryptoError::EncryptedKey),
            "PRIVATE KEY" => normalize_private(&decode(&block)?)?,
            "RSA PRIVATE KEY" => {
                use pkcs1::DecodeRsaPrivateKey;
                let key = rsa::PrivateKey::from_pkcs1_der(&decode(&block)?)
                    .map_err(|_| CryptoError::InvalidInput("not a valid RSA private key"))?;
                (AsymmetricKind::Rsa, rsa_keys::pair_der(&key)?)
            }
            "EC PRIVATE KEY" => {
                let (curve, pair) = ec_keys::from_sec1(&decode(&block)?)?;
                (AsymmetricKind::Ec(curve), pair)
            }
            "DSA PRIVATE KEY" => (AsymmetricKind::Dsa, dsa_traditional(&decode(&block)?)?),
            _ => continue,
        };
        return Ok(ParsedPrivateKey { kind, pair });
    }
    Err(CryptoError::InvalidInput("no private key in PEM"))
}

/// OpenSSL's traditional DSA key: SEQUENCE { 0, p, q, g, y, x }, converted to PKCS#8.
fn dsa_traditional(der_bytes: &[u8]) -> CryptoResult<KeyPairDer> {
    use dsa::{BoxedUint, Components, SigningKey, VerifyingKey};
    let bad = CryptoError::InvalidInput("not a valid DSA private key");
    let ints = Vec::<der::asn1::UintRef<'_>>::from_der(der_bytes).map_err(|_| bad.clone())?;
    let [version, p, q, g, y, x] = ints.as_slice() else {
        return Err(bad);
    };
    if !version.as_bytes().iter().all(|&b| b == 0) {
        return Err(bad);
    }
    // As the dsa crate decodes PKCS#8: p, q, g at their own widths, y and x at p's width.
    let (p, q, g) = (
        BoxedUint::from_be_slice_vartime(p.as_bytes()),
        BoxedUint::from_be_slice_vartime(q.as_bytes()),
        BoxedUint::from_be_slice_vartime(g.as_bytes()),
    );
    let bits = p.bits_precision();
    let (Ok(y), Ok(x)) = (
        BoxedUint::from_be_slice(y.as_bytes(), bits),
        BoxedUint::from_be_slice(x.as_bytes(), bits),
    ) else {
        return Err(bad);
    };
    let components = Components::from_components(p, q, g).map_err(|_| bad.clone())?;
    let verifying = VerifyingKey::from_components(components, y).map_err(|_| bad.clone())?;
    let signing = SigningKey::from_components(verifying, x).map_err(|_| bad.clone())?;
    use pkcs8::EncodePrivateKey;
    let pkcs8 = signing.to_pkcs8_der().map_err(|_| bad.clone())?;
    super::dsa_keys::normalize(pkcs8.as_bytes())
}

/// Writes a PKCS#8 private key as `-----BEGIN PRIVATE KEY-----` PEM (LF line endings).
pub fn private_key_to_pem(pkcs8_der: &[u8]) -> CryptoResult<Zeroizing<String>> {
    der::pem::encode_string("PRIVATE KEY", LineEnding::LF, pkcs8_der)
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::InvalidInput("PEM encoding"))
}

/// Reads the first public key of a PEM file: `PUBLIC KEY` (SPKI, RSA/EC/DSA) or PKCS#1
/// `RSA PUBLIC KEY` (converted to SPKI).
pub fn parse_public_key_pem(pem: &[u8]) -> CryptoResult<ParsedPublicKey> {
    let text =
        std::str::from_utf8(pem).map_err(|_| CryptoError::InvalidInput("PEM is not text"))?;
    for block in blocks(text) {
        let spki_der = match block.label {
            "PUBLIC KEY" => decode(&block)?.to_vec(),
            "RSA PUBLIC KEY" => rsa::PublicKey::from_pkcs1_der(&decode(&block)?)
                .map_err(|_| CryptoError::InvalidInput("not a valid RSA public key"))?
                .to_public_key_der()
                .map_err(|_| CryptoError::InvalidInput("RSA public key encoding"))?
                .into_vec(),
            _ => continue,
        };
        let kind = validate_public(&spki_der)?;
        return Ok(ParsedPublicKey { kind, spki_der });
    }
    Err(CryptoError::InvalidInput("no public key in PEM"))
}

/// Writes a SubjectPublicKeyInfo as `-----BEGIN PUBLIC KEY-----` PEM (LF line endings).
pub fn public_key_to_pem(spki_der: &[u8]) -> CryptoResult<String> {
    der::pem::encode_string("PUBLIC KEY", LineEnding::LF, spki_der)
        .map_err(|_| CryptoError::InvalidInput("PEM encoding"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::dsa_keys::tests::shared_dsa_2048;
    use crate::crypto::ec_keys::generate_ec;
    use crate::crypto::rsa_keys::tests::shared_rsa_2048;

    #[test]
    fn pkcs8_round_trips_for_every_kind() {
        let ec = generate_ec(Curve::Secp256k1).unwrap();
        for (pair, kind) in [
            (shared_rsa_2048(), AsymmetricKind::Rsa),
            (&ec, AsymmetricKind::Ec(Curve::Secp256k1)),
            (shared_dsa_2048(), AsymmetricKind::Dsa),
        ] {
            let pem = private_key_to_pem(&pair.private_pkcs8).unwrap();
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
            let parsed = parse_private_key_pem(pem.as_bytes()).unwrap();
            assert_eq!(parsed.kind, kind);
            assert_eq!(*parsed.pair.private_pkcs8, *pair.private_pkcs8);
            assert_eq!(parsed.pair.public_spki, pair.public_spki);
            let public = public_key_to_pem(&pair.public_spki).unwrap();
            let parsed = parse_public_key_pem(public.as_bytes()).unwrap();
            assert_eq!(parsed.kind, kind);
            assert_eq!(parsed.spki_der, pair.public_spki);
        }
    }

    #[test]
    fn pkcs1_and_sec1_forms() {
        use pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
        use pkcs8::DecodePrivateKey;
        let rsa = shared_rsa_2048();
        let key = rsa::PrivateKey::from_pkcs8_der(&rsa.private_pkcs8).unwrap();
        let pem = key.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        let parsed = parse_private_key_pem(pem.as_bytes()).unwrap();
        assert_eq!(parsed.pair.public_spki, rsa.public_spki);
        let pub_pem = key.to_public_key().to_pkcs1_pem(LineEnding::LF).unwrap();
        assert_eq!(
            parse_public_key_pem(pub_pem.as_bytes()).unwrap().spki_der,
            rsa.public_spki
        );

        let ec = generate_ec(Curve::P384).unwrap();
        let secret = p384::SecretKey::from_pkcs8_der(&ec.private_pkcs8).unwrap();
        let sec1 = secret.to_sec1_pem(LineEnding::LF).unwrap();
        // As `openssl ecparam -genkey` writes it: parameters first, then the key.
        let with_params = format!(
            "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n{}",
            sec1.as_str()
        );
        let parsed = parse_private_key_pem(with_params.as_bytes()).unwrap();
        assert_eq!(parsed.curve(), Some(Curve::P384));
        assert_eq!(parsed.key_type(), KeyType::Ec);
        assert_eq!(*parsed.pair.private_pkcs8, *ec.private_pkcs8);
    }

    #[test]
    fn encrypted_and_garbage() {
        let enc =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            parse_private_key_pem(enc.as_bytes()).unwrap_err(),
            CryptoError::EncryptedKey
        );
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            parse_private_key_pem(legacy.as_bytes()).unwrap_err(),
            CryptoError::EncryptedKey
        );
        assert!(matches!(
            parse_private_key_pem(b"hello"),
            Err(CryptoError::InvalidInput(_))
        ));
        let bad = "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n";
        assert!(parse_private_key_pem(bad.as_bytes()).is_err());
        assert!(parse_public_key_pem(b"").is_err());
        assert!(parse_private_key_pem(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn debug_hides_the_key() {
        let ec = generate_ec(Curve::P256).unwrap();
        let pem = private_key_to_pem(&ec.private_pkcs8).unwrap();
        let parsed = parse_private_key_pem(pem.as_bytes()).unwrap();
        let shown = format!("{parsed:?}");
        assert!(shown.contains("138 bytes"));
        assert!(!shown.contains(&format!("{:?}", &ec.private_pkcs8[..8])));
    }
}
