//! CMU `shareKey`: the owner adds or removes crypto users, on this HSM's copy of the key.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, UserId, UserType};

/// CMU `shareKey`: add or remove crypto users.
pub(crate) struct ShareKey {
    pub(crate) handle: KeyHandle,
    pub(crate) users: Vec<UserId>,
    pub(crate) share: bool,
}

impl Op for ShareKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Share);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        run(ctx, self.handle, &self.users, self.share)?;
        Ok(Progress::key(KeyReply::Done, Vec::new()))
    }
}

fn run(
    ctx: &mut Ctx<'_>,
    handle: KeyHandle,
    users: &[UserId],
    share: bool,
) -> Result<(), HsmError> {
    let key = ctx.key_for(handle, KeyAction::Share)?;
    let replica = &ctx.hsm().replica;
    let valid = !key.is_public()
        && key.token
        && !users.is_empty()
        && users.iter().all(|id| {
            let is_cu = replica
                .users
                .get(id)
                .is_some_and(|u| u.user_type == UserType::Cu);
            let listed = key.shared_with.contains(id);
            *id != key.owner && is_cu && (share || listed)
        });
    if !valid {
        return Err(HsmError::InvalidInput("share list"));
    }
    let mut key = key.clone();
    for id in users {
        if share {
            key.shared_with.insert(*id);
        } else {
            key.shared_with.remove(id);
        }
    }
    ctx.save_token_key(key)
}
