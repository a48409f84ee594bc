//! Keys as an HSM stores them: class, type, owner, sharing, attributes, material.
//!
//! - [`attributes`]: the attribute table (`OBJ_ATTR_*`), dumps and the setAttribute rules;
//! - [`build`]: new key records with the attribute defaults of docs/kmu.md §3.2;
//! - [`handles`]: deterministic handle allocation (docs/kmu.md §1.7).

pub mod attributes;
pub mod build;
pub mod handles;

use hsm_proto::{KeyHandle, SecretBytes, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Key class (`OBJ_ATTR_CLASS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyClass {
    /// 2: a public key.
    Public,
    /// 3: a private key.
    Private,
    /// 4: a secret (symmetric) key.
    Secret,
}

impl KeyClass {
    /// The AWS constant.
    pub fn value(self) -> u32 {
        match self {
            Self::Public => 2,
            Self::Private => 3,
            Self::Secret => 4,
        }
    }

    /// Parses the AWS constant.
    pub fn from_value(v: u32) -> Option<Self> {
        match v {
            2 => Some(Self::Public),
            3 => Some(Self::Private),
            4 => Some(Self::Secret),
            _ => None,
        }
    }
}

/// The boolean attributes of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct KeyFlags {
    /// OBJ_ATTR_ENCRYPT.
    pub encrypt: bool,
    /// OBJ_ATTR_DECRYPT.
    pub decrypt: bool,
    /// OBJ_ATTR_WRAP.
    pub wrap: bool,
    /// OBJ_ATTR_UNWRAP.
    pub unwrap: bool,
    /// OBJ_ATTR_SIGN.
    pub sign: bool,
    /// OBJ_ATTR_VERIFY.
    pub verify: bool,
    /// OBJ_ATTR_DERIVE.
    pub derive: bool,
    /// OBJ_ATTR_LOCAL: generated inside the HSM.
    pub local: bool,
    /// OBJ_ATTR_SENSITIVE.
    pub sensitive: bool,
    /// OBJ_ATTR_EXTRACTABLE.
    pub extractable: bool,
    /// OBJ_ATTR_TRUSTED (set by a CO).
    pub trusted: bool,
    /// OBJ_ATTR_WRAP_WITH_TRUSTED: only trusted keys may wrap it; frozen once set.
    pub wrap_with_trusted: bool,
    /// OBJ_ATTR_DESTROYABLE.
    pub destroyable: bool,
    /// OBJ_ATTR_ALWAYS_SENSITIVE.
    pub always_sensitive: bool,
    /// OBJ_ATTR_NEVER_EXTRACTABLE.
    pub never_extractable: bool,
}

/// Derived facts, computed once when the key is made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyFacts {
    /// OBJ_ATTR_VALUE_LEN.
    pub value_len: u32,
    /// OBJ_ATTR_KCV.
    pub kcv: [u8; 3],
    /// OBJ_ATTR_MODULUS (RSA modulus, or the EC public point).
    pub modulus: Option<Vec<u8>>,
    /// OBJ_ATTR_MODULUS_BITS (RSA bits, or the EC curve's OpenSSL NID).
    pub modulus_bits: Option<u32>,
    /// OBJ_ATTR_PUBLIC_EXPONENT (RSA).
    pub public_exponent: Option<Vec<u8>>,
}

/// One key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// Handle, the same on every HSM the key reaches.
    pub handle: KeyHandle,
    /// Class.
    pub class: KeyClass,
    /// OBJ_ATTR_KEY_TYPE (0 RSA, 1 DSA, 3 EC, 16 generic, 21 DES3, 31 AES).
    pub key_type: u32,
    /// User ID of the owning crypto user.
    pub owner: UserId,
    /// Crypto users the key is shared with.
    pub shared_with: BTreeSet<UserId>,
    /// Approvals needed to use or manage it (0 or 1 = none).
    pub m_value: u32,
    /// Token (persistent) or session key.
    pub token: bool,
    /// OBJ_ATTR_LABEL.
    pub label: String,
    /// OBJ_ATTR_ID.
    pub id: String,
    /// Boolean attributes.
    pub flags: KeyFlags,
    /// Derived attributes.
    pub facts: KeyFacts,
    /// Raw secret bytes, PKCS#8 DER (private) or SPKI DER (public).
    pub material: SecretBytes,
}

impl Key {
    /// Whether the key is a public key, which every crypto user may see and use.
    pub fn is_public(&self) -> bool {
        self.class == KeyClass::Public
    }

    /// Whether a user owns the key or has it shared.
    pub fn usable_by(&self, user_id: UserId) -> bool {
        self.owner == user_id || self.shared_with.contains(&user_id) || self.is_public()
    }
}
