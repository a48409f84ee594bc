//! `aesWrapUnwrap`: wraps or unwraps up to 4 KB of file data with an AES key in the HSM
//! (PKCS#5 padding, then RFC 3394 with the given IV).

use super::key_usage::Direction;
use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::{aes_wrap, KeyType};
use crate::error::HsmError;
use crate::objects::KeyClass;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// Largest input the command accepts (docs/kmu.md §2.1).
pub(crate) const MAX_DATA: usize = 4096;
const DEFAULT_IV: [u8; 8] = [0xA6; 8];

/// `aesWrapUnwrap -m MODE -f FILE -w HANDLE [-i IV]`.
pub(crate) struct AesWrapUnwrap {
    pub(crate) handle: KeyHandle,
    pub(crate) wrap: bool,
    pub(crate) data: SecretBytes,
    pub(crate) iv: Option<Vec<u8>>,
}

impl Op for AesWrapUnwrap {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::AesWrapUnwrap);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let out = run(
            ctx,
            self.handle,
            self.wrap,
            self.data.expose(),
            self.iv.as_deref(),
        )?;
        Ok(Progress::key(KeyReply::Bytes(out), Vec::new()))
    }
}

fn run(
    ctx: &Ctx<'_>,
    handle: KeyHandle,
    wrap: bool,
    data: &[u8],
    iv: Option<&[u8]>,
) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    if key.class != KeyClass::Secret || key.key_type != KeyType::Aes.value() {
        return Err(HsmError::InvalidInput("not an AES key"));
    }
    let direction = if wrap {
        Direction::Wrap
    } else {
        Direction::Unwrap
    };
    ctx.permit(key, direction.action())?;
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
