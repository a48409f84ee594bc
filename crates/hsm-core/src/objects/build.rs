//! Building key records with the attribute defaults of docs/kmu.md §3.2: which flags each kind
//! of key gets, and its derived facts (length, check value, modulus).

use super::{Key, KeyClass, KeyFacts, KeyFlags};
use crate::crypto::{ec_keys, kcv, rsa_keys, AsymmetricKind, CryptoError, KeyType};
use hsm_proto::keys::KeyTemplate;
use hsm_proto::{KeyHandle, SecretBytes, UserId};

/// Where a new key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The owning crypto user.
    pub owner: UserId,
    /// Generated inside the HSM (`OBJ_ATTR_LOCAL`), rather than imported or unwrapped.
    pub local: bool,
    /// Extractable (false for `-nex`).
    pub extractable: bool,
}

/// A secret (symmetric) key.
pub fn secret(
    handle: KeyHandle,
    key_type: KeyType,
    material: &[u8],
    origin: Origin,
    template: &KeyTemplate,
) -> Result<Key, CryptoError> {
    let aes = key_type == KeyType::Aes;
    let cipher = aes || key_type == KeyType::Des3;
    let flags = KeyFlags {
        encrypt: cipher,
        decrypt: cipher,
        wrap: aes,
        unwrap: aes,
        ..sensitive_flags(origin)
    };
    let facts = KeyFacts {
        value_len: len32(material.len()),
        kcv: kcv::kcv_secret(key_type, material)?,
        ..KeyFacts::default()
    };
    Ok(base(
        handle,
        KeyClass::Secret,
        key_type,
        origin,
        template,
        flags,
        facts,
        material.to_vec(),
    ))
}

/// The public half of a pair (or an imported public key): always extractable, never
/// sensitive, shared with nobody (every crypto user may use it).
pub fn public(
    handle: KeyHandle,
    kind: AsymmetricKind,
    spki: &[u8],
    origin: Origin,
    template: &KeyTemplate,
) -> Result<Key, CryptoError> {
    let rsa = kind == AsymmetricKind::Rsa;
    let flags = KeyFlags {
        encrypt: rsa,
        wrap: rsa,
        verify: true,
        local: origin.local,
        extractable: true,
        destroyable: true,
        ..KeyFlags::default()
    };
    let mut facts = asymmetric_facts(kind, spki)?;
    facts.value_len = match kind {
        AsymmetricKind::Rsa => len32(facts.modulus.as_ref().map_or(0, Vec::len) * 2),
        AsymmetricKind::Ec(_) => len32(facts.modulus.as_ref().map_or(0, Vec::len)),
        AsymmetricKind::Dsa => len32(spki.len()),
    };
    let template = KeyTemplate {
        share_with: Vec::new(),
        m_value: 0,
        ..template.clone()
    };
    Ok(base(
        handle,
        KeyClass::Public,
        kind.key_type(),
        origin,
        &template,
        flags,
        facts,
        spki.to_vec(),
    ))
}

/// The private half of a pair (or an imported or unwrapped private key).
pub fn private(
    handle: KeyHandle,
    kind: AsymmetricKind,
    pkcs8: &[u8],
    spki: &[u8],
    origin: Origin,
    template: &KeyTemplate,
) -> Result<Key, CryptoError> {
    let rsa = kind == AsymmetricKind::Rsa;
    let flags = KeyFlags {
        decrypt: rsa,
        unwrap: rsa,
        sign: true,
        ..sensitive_flags(origin)
    };
    let mut facts = asymmetric_facts(kind, spki)?;
    facts.value_len = len32(pkcs8.len());
    Ok(base(
        handle,
        KeyClass::Private,
        kind.key_type(),
        origin,
        template,
        flags,
        facts,
        pkcs8.to_vec(),
    ))
}

/// Flags shared by secret and private keys.
fn sensitive_flags(origin: Origin) -> KeyFlags {
    KeyFlags {
        local: origin.local,
        sensitive: true,
        extractable: origin.extractable,
        destroyable: true,
        always_sensitive: origin.local,
        never_extractable: origin.local && !origin.extractable,
        ..KeyFlags::default()
    }
}

/// Modulus, bits, exponent and the shared check value of a key pair.
fn asymmetric_facts(kind: AsymmetricKind, spki: &[u8]) -> Result<KeyFacts, CryptoError> {
    let mut facts = KeyFacts {
        kcv: kcv::kcv_public(spki),
        ..KeyFacts::default()
    };
    match kind {
        AsymmetricKind::Rsa => {
            let rsa = rsa_keys::public_facts(spki)?;
            facts.modulus = Some(rsa.modulus);
            facts.modulus_bits = Some(rsa.modulus_bits);
            facts.public_exponent = Some(rsa.public_exponent);
        }
        AsymmetricKind::Ec(_) => {
            // EC keys keep the public point in MODULUS and the curve's NID in MODULUS_BITS.
            let (curve, point) = ec_keys::public_point(spki)?;
            facts.modulus = Some(point);
            facts.modulus_bits = Some(curve.nid());
        }
        AsymmetricKind::Dsa => {}
    }
    Ok(facts)
}

#[allow(clippy::too_many_arguments)]
fn base(
    handle: KeyHandle,
    class: KeyClass,
    key_type: KeyType,
    origin: Origin,
    template: &KeyTemplate,
    flags: KeyFlags,
    facts: KeyFacts,
    material: Vec<u8>,
) -> Key {
    Key {
        handle,
        class,
        key_type: key_type.value(),
        owner: origin.owner,
        shared_with: template.share_with.iter().copied().collect(),
        m_value: template.m_value,
        token: !template.session,
        label: template.label.clone(),
        id: template.id.clone(),
        flags,
        facts,
        material: SecretBytes::new(material),
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
