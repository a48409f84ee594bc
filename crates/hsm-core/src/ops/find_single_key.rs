//! `findSingleKey`: which HSMs of the cluster hold a key the caller can see.

use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::{status, Ctx};
use crate::error::HsmError;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::{KeyReply, NodeStatus};
use hsm_proto::{ErrorCode, KeyHandle};

/// `findSingleKey -k HANDLE`.
pub(crate) struct FindSingleKey {
    pub(crate) handle: KeyHandle,
}

impl Op for FindSingleKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::FindSingle);

    fn reach(&self) -> Reach {
        Reach::Cluster { session_key: false }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(KeyReply::Done, run(ctx, self.handle)?))
    }
}

fn run(ctx: &Ctx<'_>, handle: KeyHandle) -> Result<Vec<NodeStatus>, HsmError> {
    let key = ctx.key_for(handle, KeyAction::ReadAttributes)?;
    let token = key.token;
    Ok(ctx
        .cluster
        .hsms
        .iter()
        .enumerate()
        .map(|(n, hsm)| {
            let present = if token {
                hsm.replica.keys.contains_key(&handle)
            } else {
                n == ctx.node
            };
            status(n, (!present).then_some(ErrorCode::InvalidHandle))
        })
        .collect())
}
