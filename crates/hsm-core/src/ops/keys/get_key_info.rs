//! `getKeyInfo`: owner, sharing and quorum of a key. Public keys show only the owner.

use super::KeyCtx;
use crate::error::HsmError;
use crate::policy::KeyAction;
use hsm_proto::keys::KeyReply;

pub(crate) fn run(ctx: &KeyCtx<'_>, handle: u64) -> Result<KeyReply, HsmError> {
    let key = ctx.key_for(handle, KeyAction::ReadAttributes)?;
    let shared_with = if key.is_public() {
        Vec::new()
    } else {
        key.shared_with.iter().copied().collect()
    };
    Ok(KeyReply::KeyInfo {
        owner: key.owner,
        shared_with,
        m_value: key.m_value,
    })
}
