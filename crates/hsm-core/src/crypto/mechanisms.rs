//! AWS's numeric constants for operations (docs/kmu.md §1.8): signing and wrapping mechanisms
//! and hash types. Each enum converts from and to the number KMU uses.

use super::KeyType;

/// Hash algorithms, numbered as `wrapKey -t` / `unWrapKey -t` number them. The signing
/// mechanisms use the same five hashes.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum HashType {
    /// SHA-1 (2), the default of `-t`.
    #[default]
    Sha1,
    /// SHA-256 (3).
    Sha256,
    /// SHA-384 (4).
    Sha384,
    /// SHA-512 (5).
    Sha512,
    /// SHA-224 (6).
    Sha224,
}

impl HashType {
    /// The hash for a `-t` number.
    pub fn from_value(value: u32) -> Option<Self> {
        Some(match value {
            2 => Self::Sha1,
            3 => Self::Sha256,
            4 => Self::Sha384,
            5 => Self::Sha512,
            6 => Self::Sha224,
            _ => return None,
        })
    }

    /// The `-t` number of this hash.
    pub fn value(self) -> u32 {
        match self {
            Self::Sha1 => 2,
            Self::Sha256 => 3,
            Self::Sha384 => 4,
            Self::Sha512 => 5,
            Self::Sha224 => 6,
        }
    }

    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// OpenSSL's digest name (`openssl dgst -<name>`).
    pub fn openssl_name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha224 => "sha224",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }
}

/// How a signing mechanism pads or encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignScheme {
    /// RSASSA-PKCS1-v1_5 with a DigestInfo.
    RsaPkcs1v15,
    /// RSASSA-PSS, salt length = hash length, MGF1 with the same hash.
    RsaPss,
    /// ECDSA with a DER `Ecdsa-Sig-Value`.
    Ecdsa,
}

/// Signing mechanisms of `sign -m` / `verify -m`: 0-4 RSA PKCS#1 v1.5, 5-9 RSA-PSS,
/// 15-19 ECDSA, each with SHA-1/256/384/512/224 (RSA) or SHA-1/224/256/384/512 (ECDSA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SignMechanism {
    /// `SHA1_RSA_PKCS` (0).
    Sha1RsaPkcs,
    /// `SHA256_RSA_PKCS` (1).
    Sha256RsaPkcs,
    /// `SHA384_RSA_PKCS` (2).
    Sha384RsaPkcs,
    /// `SHA512_RSA_PKCS` (3).
    Sha512RsaPkcs,
    /// `SHA224_RSA_PKCS` (4).
    Sha224RsaPkcs,
    /// `SHA1_RSA_PKCS_PSS` (5).
    Sha1RsaPkcsPss,
    /// `SHA256_RSA_PKCS_PSS` (6).
    Sha256RsaPkcsPss,
    /// `SHA384_RSA_PKCS_PSS` (7).
    Sha384RsaPkcsPss,
    /// `SHA512_RSA_PKCS_PSS` (8).
    Sha512RsaPkcsPss,
    /// `SHA224_RSA_PKCS_PSS` (9).
    Sha224RsaPkcsPss,
    /// `ECDSA_SHA1` (15).
    EcdsaSha1,
    /// `ECDSA_SHA224` (16).
    EcdsaSha224,
    /// `ECDSA_SHA256` (17).
    EcdsaSha256,
    /// `ECDSA_SHA384` (18).
    EcdsaSha384,
    /// `ECDSA_SHA512` (19).
    EcdsaSha512,
}

impl SignMechanism {
    /// Every mechanism, in numeric order.
    pub const ALL: [Self; 15] = [
        Self::Sha1RsaPkcs,
        Self::Sha256RsaPkcs,
        Self::Sha384RsaPkcs,
        Self::Sha512RsaPkcs,
        Self::Sha224RsaPkcs,
        Self::Sha1RsaPkcsPss,
        Self::Sha256RsaPkcsPss,
        Self::Sha384RsaPkcsPss,
        Self::Sha512RsaPkcsPss,
        Self::Sha224RsaPkcsPss,
        Self::EcdsaSha1,
        Self::EcdsaSha224,
        Self::EcdsaSha256,
        Self::EcdsaSha384,
        Self::EcdsaSha512,
    ];

    /// The mechanism for a `-m` number (0-9, 15-19).
    pub fn from_value(value: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.value() == value)
    }

    /// The `-m` number of this mechanism.
    pub fn value(self) -> u32 {
        match self {
            Self::Sha1RsaPkcs => 0,
            Self::Sha256RsaPkcs => 1,
            Self::Sha384RsaPkcs => 2,
            Self::Sha512RsaPkcs => 3,
            Self::Sha224RsaPkcs => 4,
            Self::Sha1RsaPkcsPss => 5,
            Self::Sha256RsaPkcsPss => 6,
            Self::Sha384RsaPkcsPss => 7,
            Self::Sha512RsaPkcsPss => 8,
            Self::Sha224RsaPkcsPss => 9,
            Self::EcdsaSha1 => 15,
            Self::EcdsaSha224 => 16,
            Self::EcdsaSha256 => 17,
            Self::EcdsaSha384 => 18,
            Self::EcdsaSha512 => 19,
        }
    }

    /// The hash applied to the message.
    pub fn hash(self) -> HashType {
        match self {
            Self::Sha1RsaPkcs | Self::Sha1RsaPkcsPss | Self::EcdsaSha1 => HashType::Sha1,
            Self::Sha224RsaPkcs | Self::Sha224RsaPkcsPss | Self::EcdsaSha224 => HashType::Sha224,
            Self::Sha256RsaPkcs | Self::Sha256RsaPkcsPss | Self::EcdsaSha256 => HashType::Sha256,
            Self::Sha384RsaPkcs | Self::Sha384RsaPkcsPss | Self::EcdsaSha384 => HashType::Sha384,
            Self::Sha512RsaPkcs | Self::Sha512RsaPkcsPss | Self::EcdsaSha512 => HashType::Sha512,
        }
    }

    /// Padding / encoding of the signature.
    pub fn scheme(self) -> SignScheme {
        match self.value() {
            0..=4 => SignScheme::RsaPkcs1v15,
            5..=9 => SignScheme::RsaPss,
            _ => SignScheme::Ecdsa,
        }
    }

    /// The key type the mechanism needs.
    pub fn key_type(self) -> KeyType {
        match self.scheme() {
            SignScheme::RsaPkcs1v15 | SignScheme::RsaPss => KeyType::Rsa,
            SignScheme::Ecdsa => KeyType::Ec,
        }
    }
}

/// Wrapping mechanisms of `wrapKey -m` / `unWrapKey -m` (docs/kmu.md §1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum WrapMechanism {
    /// 4 `AES_KEY_WRAP_PAD_PKCS5`: PKCS#5 padding (1-8 bytes) then RFC 3394 with the IV.
    AesKeyWrapPadPkcs5,
    /// 5 `NIST_AES_WRAP_NO_PAD`: RFC 3394, input a multiple of 8 and at least 16 bytes.
    NistAesWrapNoPad,
    /// 6 `NIST_AES_WRAP_PAD`: RFC 5649.
    NistAesWrapPad,
    /// 7 `RSA_AES`: an ephemeral AES-256 key under RSA-OAEP, then RFC 5649 of the target.
    RsaAes,
    /// 8 `RSA_OAEP`: RSA-OAEP with MGF1, both with the chosen hash.
    RsaOaep,
    /// 10 `AES_GCM`: 12-byte random IV returned separately; blob = ciphertext‖tag.
    AesGcm,
    /// 11 `CLOUDHSM_AES_GCM`: blob = IV(12)‖ciphertext‖tag.
    CloudHsmAesGcm,
    /// 12 `RSA_PKCS`: RSA PKCS#1 v1.5 encryption.
    RsaPkcs,
}

impl WrapMechanism {
    /// Every mechanism, in numeric order.
    pub const ALL: [Self; 8] = [
        Self::AesKeyWrapPadPkcs5,
        Self::NistAesWrapNoPad,
        Self::NistAesWrapPad,
        Self::RsaAes,
        Self::RsaOaep,
        Self::AesGcm,
        Self::CloudHsmAesGcm,
        Self::RsaPkcs,
    ];

    /// The mechanism for a `-m` number; 9 (`NIST_TDEA_WRAP`) and unknown numbers give `None`.
    pub fn from_value(value: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.value() == value)
    }

    /// The `-m` number of this mechanism.
    pub fn value(self) -> u32 {
        match self {
            Self::AesKeyWrapPadPkcs5 => 4,
            Self::NistAesWrapNoPad => 5,
            Self::NistAesWrapPad => 6,
            Self::RsaAes => 7,
            Self::RsaOaep => 8,
            Self::AesGcm => 10,
            Self::CloudHsmAesGcm => 11,
            Self::RsaPkcs => 12,
        }
    }

    /// The type of the wrapping key: AES, or RSA (public to wrap, private to unwrap).
    pub fn wrapping_key_type(self) -> KeyType {
        match self {
            Self::RsaAes | Self::RsaOaep | Self::RsaPkcs => KeyType::Rsa,
            _ => KeyType::Aes,
        }
    }

    /// Whether the hash type (`-t`) changes the result.
    pub fn uses_hash(self) -> bool {
        matches!(self, Self::RsaAes | Self::RsaOaep)
    }

    /// Whether this is one of the two AES-GCM mechanisms (AAD and tag size apply).
    pub fn is_gcm(self) -> bool {
        matches!(self, Self::AesGcm | Self::CloudHsmAesGcm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_mechanisms() {
        let values: Vec<u32> = SignMechanism::ALL.iter().map(|m| m.value()).collect();
        assert_eq!(values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19]);
        for m in SignMechanism::ALL {
            assert_eq!(SignMechanism::from_value(m.value()), Some(m));
        }
        assert_eq!(SignMechanism::from_value(10), None);
        assert_eq!(SignMechanism::Sha256RsaPkcs.hash(), HashType::Sha256);
        assert_eq!(SignMechanism::Sha224RsaPkcsPss.hash(), HashType::Sha224);
        assert_eq!(SignMechanism::EcdsaSha224.hash(), HashType::Sha224);
        assert_eq!(SignMechanism::Sha1RsaPkcsPss.scheme(), SignScheme::RsaPss);
        assert_eq!(SignMechanism::EcdsaSha1.key_type(), KeyType::Ec);
    }

    #[test]
    fn wrap_mechanisms_and_hashes() {
        for m in WrapMechanism::ALL {
            assert_eq!(WrapMechanism::from_value(m.value()), Some(m));
        }
        for v in [0, 1, 2, 3, 9, 13] {
            assert_eq!(WrapMechanism::from_value(v), None);
        }
        assert_eq!(WrapMechanism::RsaPkcs.wrapping_key_type(), KeyType::Rsa);
        assert_eq!(WrapMechanism::AesGcm.wrapping_key_type(), KeyType::Aes);
        assert_eq!(HashType::default(), HashType::Sha1);
        for v in 2..=6 {
            assert_eq!(HashType::from_value(v).map(HashType::value), Some(v));
        }
        assert_eq!(HashType::from_value(1), None);
    }
}
