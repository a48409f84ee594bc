//! Re-creates the user this session last deleted on this HSM (CMU's rollBack).

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::policy::CommandKind;

/// Undo of this session's last `deleteUser` on the HSM.
pub(crate) struct RestoreUser {
    pub(crate) name: String,
}

impl Op for RestoreUser {
    const KIND: CommandKind = CommandKind::RestoreDeletedUser;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let name = &self.name;
        let hsm_id = ctx.hsm_id().to_owned();
        let user = ctx
            .session
            .last_deleted
            .get(&hsm_id)
            .filter(|u| u.is_named(name))
            .cloned()
            .ok_or_else(|| HsmError::UserDoesNotExist(name.clone()))?;
        let replica = &ctx.hsm().replica;
        if replica.users.contains_key(&user.id) || replica.user_named(name).is_some() {
            return Err(HsmError::UserAlreadyExists(name.clone()).into());
        }
        if replica.users.len() >= ctx.config.max_users {
            return Err(HsmError::UserLimitReached.into());
        }
        ctx.save_user(user, None)?;
        ctx.session.last_deleted.remove(&hsm_id);
        Ok(Progress::local(Reply::Done))
    }
}
