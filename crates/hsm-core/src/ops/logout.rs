//! `logoutHSM`.

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;

pub(crate) fn run(ctx: &mut OpCtx<'_>) -> Result<Reply, HsmError> {
    let hsm_id = ctx.hsm_id().to_owned();
    ctx.session.logins.remove(&hsm_id);
    ctx.session.last_deleted.remove(&hsm_id);
    // Session keys end with the login that made them.
    ctx.session.session_keys.remove(&hsm_id);
    Ok(Reply::Done)
}
