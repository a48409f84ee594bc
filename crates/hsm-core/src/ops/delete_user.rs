//! `deleteUser`. The deleted record stays with the session so rollBack can restore it.

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::policy::{self, CommandKind};
use crate::store::Change;
use hsm_proto::UserType;

/// `deleteUser TYPE NAME`.
pub(crate) struct DeleteUser {
    pub(crate) user_type: UserType,
    pub(crate) name: String,
}

impl Op for DeleteUser {
    const KIND: CommandKind = CommandKind::DeleteUser;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let Self { user_type, name } = self;
        policy::managed_type_allowed(user_type)?;
        let target = ctx
            .hsm()
            .replica
            .user_named(&name)
            .filter(|u| u.user_type.matches(user_type))
            .ok_or(HsmError::UserDoesNotExist(name))?
            .clone();
        if ctx.is_logged_in_anywhere(target.id) {
            return Err(HsmError::UserLoggedIn(target.name).into());
        }
        if target.user_type == UserType::Cu && ctx.hsm().replica.owned_key_count(target.id) > 0 {
            return Err(HsmError::UserOwnsKeys(target.name).into());
        }
        let hsm_id = ctx.hsm_id().to_owned();
        ctx.store.commit(&[Change::RemoveUser {
            hsm_id: hsm_id.clone(),
            user_id: target.id,
        }])?;
        ctx.hsm_mut().replica.users.remove(&target.id);
        tracing::info!(hsm = %hsm_id, id = %target.id, name = %target.name, "user deleted");
        ctx.session.last_deleted.insert(hsm_id, target);
        Ok(Progress::local(Reply::Done))
    }
}
