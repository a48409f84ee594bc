//! `findSingleKey`: which HSMs of the cluster hold a key the caller can see.

use super::{status, KeyCtx};
use crate::error::HsmError;
use crate::policy::KeyAction;
use hsm_proto::keys::NodeStatus;
use hsm_proto::ErrorCode;

pub(crate) fn run(ctx: &KeyCtx<'_>, handle: u64) -> Result<Vec<NodeStatus>, HsmError> {
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
