//! `aesWrapUnwrap`: wraps or unwraps up to 4 KB of file data with an AES key in the HSM
//! (PKCS#5 padding, then RFC 3394 with the given IV).

use super::KeyCtx;
use crate::crypto::{aes_wrap, KeyType};
use crate::error::HsmError;
use crate::keys::KeyClass;
use crate::policy::KeyAction;
use hsm_proto::SecretBytes;

/// Largest input the command accepts (kmu.md §2.1).
pub const MAX_DATA: usize = 4096;
const DEFAULT_IV: [u8; 8] = [0xA6; 8];

pub(crate) fn run(
    ctx: &KeyCtx<'_>,
    handle: u64,
    wrap: bool,
    data: &[u8],
    iv: Option<&[u8]>,
) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    if key.class != KeyClass::Secret || key.key_type != KeyType::Aes.value() {
        return Err(HsmError::InvalidInput("not an AES key"));
    }
    if !(if wrap {
        key.flags.wrap
    } else {
        key.flags.unwrap
    }) {
        return Err(HsmError::KeyAccessDenied);
    }
    if key.m_value >= 2 {
        return Err(HsmError::MxnAuthFailed);
    }
    if data.is_empty() || data.len() > MAX_DATA {
        return Err(HsmError::InvalidInput("data size"));
    }
    let iv: [u8; 8] = match iv {
        None => DEFAULT_IV,
        Some(iv) => iv
            .try_into()
            .map_err(|_| HsmError::InvalidInput("IV length"))?,
    };
    let material = key.material.expose();
    let out = if wrap {
        aes_wrap::wrap_pkcs5(material, iv, data)?
    } else {
        aes_wrap::unwrap_pkcs5(material, iv, data)?.to_vec()
    };
    Ok(SecretBytes::new(out))
}
