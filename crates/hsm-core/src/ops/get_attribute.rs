//! `getAttribute`: every attribute of a key the caller can see; the tool picks one or
//! dumps them all.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::objects::attributes;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::KeyHandle;

/// `getAttribute`: every attribute; the tool picks.
pub(crate) struct GetAttribute {
    pub(crate) handle: KeyHandle,
}

impl Op for GetAttribute {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::GetAttributes);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(run(ctx, self.handle)?, Vec::new()))
    }
}

fn run(ctx: &Ctx<'_>, handle: KeyHandle) -> Result<KeyReply, HsmError> {
    let key = ctx.key_for(handle, KeyAction::ReadAttributes)?;
    Ok(KeyReply::Attributes(attributes::all(key)))
}
