//! `getAttribute`: every attribute of a key the caller can see; the tool picks one or
//! dumps them all.

use super::KeyCtx;
use crate::error::HsmError;
use crate::keys::attributes;
use crate::policy::KeyAction;
use hsm_proto::keys::KeyReply;

pub(crate) fn run(ctx: &KeyCtx<'_>, handle: u64) -> Result<KeyReply, HsmError> {
    let key = ctx.key_for(handle, KeyAction::ReadAttributes)?;
    Ok(KeyReply::Attributes(attributes::all(key)))
}
