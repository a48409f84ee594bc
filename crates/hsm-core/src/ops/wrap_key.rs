//! `wrapKey`: the caller's key, wrapped inside the HSM by another key, leaves as a file.

use super::key_usage::{wrapping_key, Direction};
use super::wrap_header::{mechanism, with_header, Header};
use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::wrap;
use crate::error::HsmError;
use crate::objects::KeyClass;
use crate::policy::{self, CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::{KeyReply, WrapParams};
use hsm_proto::KeyHandle;

/// `wrapKey -k HANDLE -w WRAPPING -m MECHANISM …`.
pub(crate) struct WrapKey {
    pub(crate) handle: KeyHandle,
    pub(crate) wrapping: KeyHandle,
    pub(crate) params: WrapParams,
}

impl Op for WrapKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Wrap);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let reply = wrap_key(ctx, self.handle, self.wrapping, &self.params)?;
        Ok(Progress::key(reply, Vec::new()))
    }
}

/// Wraps the caller's key `handle` with `wrapping`.
fn wrap_key(
    ctx: &Ctx<'_>,
    handle: KeyHandle,
    wrapping: KeyHandle,
    params: &WrapParams,
) -> Result<KeyReply, HsmError> {
    let (mechanism, hash) = mechanism(params)?;
    let target = ctx.key_for(handle, KeyAction::Wrap)?.clone();
    if target.class == KeyClass::Public {
        return Err(HsmError::InvalidInput("public keys are not wrapped"));
    }
    let wrapper = wrapping_key(ctx, wrapping, mechanism, Direction::Wrap)?;
    policy::wrap_under_allowed(&target, wrapper)?;
    let crypto_params = wrap::WrapParams {
        iv: params.iv.clone(),
        aad: params.aad.clone(),
        tag_size: params.tag_size.map(|t| t as usize),
    };
    let out = wrap::wrap(
        mechanism,
        hash,
        wrapper.material.expose(),
        target.material.expose(),
        &crypto_params,
    )?;
    if params.no_header {
        return Ok(KeyReply::Wrapped {
            blob: out.blob,
            gcm_iv: out.gcm_iv,
        });
    }
    let header = Header {
        class: target.class.value(),
        key_type: target.key_type,
        label: target.label.clone(),
        id: target.id.clone(),
        flags: target.flags,
        gcm_iv: out.gcm_iv,
    };
    Ok(KeyReply::Wrapped {
        blob: with_header(ctx, &header, &out.blob)?,
        gcm_iv: None,
    })
}
