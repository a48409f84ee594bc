//! Re-creates the user this session last deleted on this HSM (CMU's rollBack).

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;

pub(crate) fn run(ctx: &mut OpCtx<'_>, name: &str) -> Result<Reply, HsmError> {
    let hsm_id = ctx.hsm_id().to_owned();
    let user = ctx
        .session
        .last_deleted
        .get(&hsm_id)
        .filter(|u| u.is_named(name))
        .cloned()
        .ok_or_else(|| HsmError::UserDoesNotExist(name.to_owned()))?;
    let replica = &ctx.hsm.replica;
    if replica.users.contains_key(&user.id) || replica.user_named(name).is_some() {
        return Err(HsmError::UserAlreadyExists(name.to_owned()));
    }
    if replica.users.len() >= ctx.config.max_users {
        return Err(HsmError::UserLimitReached);
    }
    ctx.save_user(user, None)?;
    ctx.session.last_deleted.remove(&hsm_id);
    Ok(Reply::Done)
}
