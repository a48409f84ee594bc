//! `listUsers`: this HSM's users in ascending ID order.

use super::OpCtx;
use crate::core::Reply;

pub(crate) fn run(ctx: &OpCtx<'_>) -> Reply {
    Reply::Users(ctx.hsm.replica.users.values().map(|u| u.info()).collect())
}
