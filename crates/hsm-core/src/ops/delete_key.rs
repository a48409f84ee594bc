//! `deleteKey`: the owner deletes a key; a token key goes from every HSM that holds it.

use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::{status, Ctx};
use crate::error::HsmError;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use crate::store::Change;
use hsm_proto::keys::{KeyReply, NodeStatus};
use hsm_proto::{ErrorCode, KeyHandle};

/// `deleteKey -k HANDLE`.
pub(crate) struct DeleteKey {
    pub(crate) handle: KeyHandle,
}

impl Op for DeleteKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Delete);

    fn reach(&self) -> Reach {
        Reach::Cluster { session_key: false }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(KeyReply::Done, run(ctx, self.handle)?))
    }
}

fn run(ctx: &mut Ctx<'_>, handle: KeyHandle) -> Result<Vec<NodeStatus>, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Delete)?;
    if !key.token {
        let hsm_id = ctx.hsm_id().to_owned();
        if let Some(keys) = ctx.session.session_keys.get_mut(&hsm_id) {
            keys.remove(&handle);
        }
        return Ok(ctx.this_node(None));
    }
    let mut changes = Vec::new();
    let mut nodes = Vec::new();
    for (n, hsm) in ctx.cluster.hsms.iter().enumerate() {
        let present = hsm.replica.keys.contains_key(&handle);
        if present {
            changes.push(Change::RemoveKey {
                hsm_id: hsm.identity.hsm_id.clone(),
                handle,
            });
        }
        nodes.push(status(n, (!present).then_some(ErrorCode::InvalidHandle)));
    }
    ctx.store.commit(&changes)?;
    for hsm in &mut ctx.cluster.hsms {
        hsm.replica.keys.remove(&handle);
    }
    Ok(nodes)
}
