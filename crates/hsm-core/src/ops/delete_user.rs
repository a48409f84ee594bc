//! `deleteUser`. The deleted record stays with the session so rollBack can restore it.

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;
use crate::store::Change;
use hsm_proto::UserType;

pub(crate) fn run(ctx: &mut OpCtx<'_>, user_type: UserType, name: &str) -> Result<Reply, HsmError> {
    if !matches!(user_type, UserType::Co | UserType::Pco | UserType::Cu) {
        return Err(HsmError::InvalidUserType);
    }
    let target = ctx
        .hsm
        .replica
        .user_named(name)
        .filter(|u| u.user_type.matches(user_type))
        .ok_or_else(|| HsmError::UserDoesNotExist(name.to_owned()))?
        .clone();
    if ctx.is_logged_in_anywhere(target.id) {
        return Err(HsmError::UserLoggedIn(target.name));
    }
    if target.user_type == UserType::Cu && ctx.hsm.replica.owned_key_count(target.id) > 0 {
        return Err(HsmError::UserOwnsKeys(target.name));
    }
    let hsm_id = ctx.hsm_id().to_owned();
    ctx.store.commit(&[Change::RemoveUser {
        hsm_id: hsm_id.clone(),
        user_id: target.id,
    }])?;
    ctx.hsm.replica.users.remove(&target.id);
    tracing::info!(hsm = %hsm_id, id = target.id, name = %target.name, "user deleted");
    ctx.session.last_deleted.insert(hsm_id, target);
    Ok(Reply::Done)
}
