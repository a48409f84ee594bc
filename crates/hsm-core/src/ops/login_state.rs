//! Who this session is logged in as on this HSM (`info server`).

use super::OpCtx;
use crate::core::Reply;
use hsm_proto::LoginInfo;

pub(crate) fn run(ctx: &OpCtx<'_>) -> Reply {
    Reply::LoginState(ctx.current_user().map(|u| LoginInfo {
        name: u.name.clone(),
        user_type: u.user_type,
    }))
}
