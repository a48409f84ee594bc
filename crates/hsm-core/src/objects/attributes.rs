//! The attribute table (docs/kmu.md §3.1), the order of a full dump (§2.16), and which
//! attributes may change (§3.3).

use super::{Key, KeyClass};
use hsm_proto::keys::{AttrValue, Attribute, MAX_LABEL_LEN};

/// OBJ_ATTR_CLASS.
pub const CLASS: u32 = 0;
/// OBJ_ATTR_TOKEN.
pub const TOKEN: u32 = 1;
/// OBJ_ATTR_PRIVATE.
pub const PRIVATE: u32 = 2;
/// OBJ_ATTR_LABEL.
pub const LABEL: u32 = 3;
/// OBJ_ATTR_TRUSTED.
pub const TRUSTED: u32 = 134;
/// OBJ_ATTR_KEY_TYPE.
pub const KEY_TYPE: u32 = 256;
/// OBJ_ATTR_ID.
pub const ID: u32 = 258;
/// OBJ_ATTR_SENSITIVE.
pub const SENSITIVE: u32 = 259;
/// OBJ_ATTR_ENCRYPT.
pub const ENCRYPT: u32 = 260;
/// OBJ_ATTR_DECRYPT.
pub const DECRYPT: u32 = 261;
/// OBJ_ATTR_WRAP.
pub const WRAP: u32 = 262;
/// OBJ_ATTR_UNWRAP.
pub const UNWRAP: u32 = 263;
/// OBJ_ATTR_SIGN.
pub const SIGN: u32 = 264;
/// OBJ_ATTR_VERIFY.
pub const VERIFY: u32 = 266;
/// OBJ_ATTR_DERIVE.
pub const DERIVE: u32 = 268;
/// OBJ_ATTR_MODULUS.
pub const MODULUS: u32 = 288;
/// OBJ_ATTR_MODULUS_BITS.
pub const MODULUS_BITS: u32 = 289;
/// OBJ_ATTR_PUBLIC_EXPONENT.
pub const PUBLIC_EXPONENT: u32 = 290;
/// OBJ_ATTR_VALUE_LEN.
pub const VALUE_LEN: u32 = 353;
/// OBJ_ATTR_EXTRACTABLE.
pub const EXTRACTABLE: u32 = 354;
/// OBJ_ATTR_LOCAL.
pub const LOCAL: u32 = 355;
/// OBJ_ATTR_NEVER_EXTRACTABLE.
pub const NEVER_EXTRACTABLE: u32 = 356;
/// OBJ_ATTR_ALWAYS_SENSITIVE.
pub const ALWAYS_SENSITIVE: u32 = 357;
/// OBJ_ATTR_DESTROYABLE.
pub const DESTROYABLE: u32 = 370;
/// OBJ_ATTR_KCV.
pub const KCV: u32 = 371;
/// OBJ_ATTR_WRAP_WITH_TRUSTED.
pub const WRAP_WITH_TRUSTED: u32 = 528;
/// OBJ_ATTR_WRAP_TEMPLATE.
pub const WRAP_TEMPLATE: u32 = 1_073_742_353;
/// OBJ_ATTR_UNWRAP_TEMPLATE.
pub const UNWRAP_TEMPLATE: u32 = 1_073_742_354;

/// Every attribute a key has, in dump order: the 17 common ones, the modulus group for
/// RSA (3) and EC (2), then the six newer ones (TRUSTED … NEVER_EXTRACTABLE).
pub fn all(key: &Key) -> Vec<Attribute> {
    let f = &key.flags;
    let b = |id, v: bool| Attribute {
        id,
        value: AttrValue::Byte(u8::from(v)),
    };
    let class = u8::try_from(key.class.value()).unwrap_or(u8::MAX);
    let key_type = u8::try_from(key.key_type).unwrap_or(u8::MAX);
    let mut out = vec![
        Attribute {
            id: CLASS,
            value: AttrValue::Byte(class),
        },
        Attribute {
            id: KEY_TYPE,
            value: AttrValue::Byte(key_type),
        },
        b(TOKEN, key.token),
        b(PRIVATE, true),
        b(ENCRYPT, f.encrypt),
        b(DECRYPT, f.decrypt),
        b(WRAP, f.wrap),
        b(UNWRAP, f.unwrap),
        b(SIGN, f.sign),
        b(VERIFY, f.verify),
        b(LOCAL, f.local),
        b(SENSITIVE, f.sensitive),
        b(EXTRACTABLE, f.extractable),
        Attribute {
            id: LABEL,
            value: AttrValue::Text(key.label.clone()),
        },
        Attribute {
            id: ID,
            value: AttrValue::Text(key.id.clone()),
        },
        Attribute {
            id: VALUE_LEN,
            value: AttrValue::Word(key.facts.value_len),
        },
        Attribute {
            id: KCV,
            value: AttrValue::Bytes(key.facts.kcv.to_vec()),
        },
    ];
    if let Some(m) = &key.facts.modulus {
        out.push(Attribute {
            id: MODULUS,
            value: AttrValue::Bytes(m.clone()),
        });
    }
    if let Some(bits) = key.facts.modulus_bits {
        out.push(Attribute {
            id: MODULUS_BITS,
            value: AttrValue::Word(bits),
        });
    }
    if let Some(e) = &key.facts.public_exponent {
        out.push(Attribute {
            id: PUBLIC_EXPONENT,
            value: AttrValue::Bytes(e.clone()),
        });
    }
    out.extend([
        b(TRUSTED, f.trusted),
        b(WRAP_WITH_TRUSTED, f.wrap_with_trusted),
        b(DESTROYABLE, f.destroyable),
        b(DERIVE, f.derive),
        b(ALWAYS_SENSITIVE, f.always_sensitive),
        b(NEVER_EXTRACTABLE, f.never_extractable),
    ]);
    out
}

/// Why an attribute change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetRefusal {
    /// The attribute can never change, or not in this direction (0xb3).
    ReadOnly,
    /// The value is not acceptable for the attribute (0xe7).
    BadValue,
}

/// The boolean attributes CMU's setAttribute may change (docs/cmu.md §3.18).
const SETTABLE_FLAGS: [u32; 10] = [
    TRUSTED,
    ENCRYPT,
    DECRYPT,
    WRAP,
    UNWRAP,
    SIGN,
    VERIFY,
    DERIVE,
    DESTROYABLE,
    WRAP_WITH_TRUSTED,
];

/// Applies a CMU `setAttribute` change (docs/cmu.md §3.18, docs/kmu.md §3.3) to `key`.
/// Who may do it is decided by the caller; this checks only the attribute rules.
pub fn set(key: &mut Key, id: u32, value: &AttrValue) -> Result<(), SetRefusal> {
    if id == LABEL {
        let AttrValue::Text(label) = value else {
            return Err(SetRefusal::BadValue);
        };
        if label.len() > MAX_LABEL_LEN {
            return Err(SetRefusal::BadValue);
        }
        key.label.clone_from(label);
        return Ok(());
    }
    // Whether the attribute may change at all comes before whether the value fits it.
    if !SETTABLE_FLAGS.contains(&id) {
        return Err(SetRefusal::ReadOnly);
    }
    let on = match value {
        AttrValue::Byte(0) | AttrValue::Word(0) => false,
        AttrValue::Byte(1) | AttrValue::Word(1) => true,
        _ => return Err(SetRefusal::BadValue),
    };
    let f = &mut key.flags;
    let slot = match id {
        TRUSTED => &mut f.trusted,
        ENCRYPT => &mut f.encrypt,
        DECRYPT => &mut f.decrypt,
        WRAP => &mut f.wrap,
        UNWRAP => &mut f.unwrap,
        SIGN => &mut f.sign,
        VERIFY => &mut f.verify,
        DERIVE if key.class == KeyClass::Public && on => return Err(SetRefusal::ReadOnly),
        DERIVE => &mut f.derive,
        DESTROYABLE => &mut f.destroyable,
        // One way: once set, only trusted keys may ever wrap this key.
        WRAP_WITH_TRUSTED if f.wrap_with_trusted && !on => return Err(SetRefusal::ReadOnly),
        WRAP_WITH_TRUSTED => &mut f.wrap_with_trusted,
        _ => return Err(SetRefusal::ReadOnly),
    };
    *slot = on;
    Ok(())
}
