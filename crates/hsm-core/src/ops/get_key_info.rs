//! `getKeyInfo`: owner, sharing and quorum of a key. Public keys show only the owner.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::KeyHandle;

/// `getKeyInfo -k HANDLE`.
pub(crate) struct GetKeyInfo {
    pub(crate) handle: KeyHandle,
}

impl Op for GetKeyInfo {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::GetKeyInfo);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(run(ctx, self.handle)?, Vec::new()))
    }
}

fn run(ctx: &Ctx<'_>, handle: KeyHandle) -> Result<KeyReply, HsmError> {
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
