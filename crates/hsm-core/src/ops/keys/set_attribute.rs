//! `setAttribute`. KMU may only turn a session key into a token key (attribute 1, 0→1);
//! CMU changes the settable attributes of this HSM's copy (cmu.md §3.18): the owner any
//! but TRUSTED, a crypto officer only TRUSTED.

use super::create::store_keys;
use super::KeyCtx;
use crate::error::HsmError;
use crate::keys::attributes::{self, SetRefusal, TOKEN, TRUSTED};
use crate::policy::KeyAction;
use crate::store::Change;
use hsm_proto::keys::{AttrValue, NodeStatus};
use hsm_proto::UserType;

pub(crate) fn run(
    ctx: &mut KeyCtx<'_>,
    handle: u64,
    attribute: u32,
    value: &AttrValue,
) -> Result<Vec<NodeStatus>, HsmError> {
    let officer = matches!(ctx.actor()?.user_type, UserType::Co | UserType::Pco);
    if attribute == TOKEN {
        // Only the owning crypto user turns a session key into a token key (kmu.md §2.30).
        if officer {
            return Err(HsmError::InvalidUserType);
        }
        return make_token(ctx, handle, value);
    }
    if officer != (attribute == TRUSTED) {
        return Err(HsmError::InvalidUserType);
    }
    let mut key = ctx.key_for(handle, KeyAction::SetAttribute)?.clone();
    attributes::set(&mut key, attribute, value).map_err(|r| match r {
        SetRefusal::ReadOnly => HsmError::PolicyViolation("attribute is not modifiable"),
        SetRefusal::BadValue => HsmError::InvalidInput("attribute value"),
    })?;
    if key.token {
        let hsm_id = ctx.hsm_id().to_owned();
        ctx.store.commit(&[Change::PutKey {
            hsm_id,
            key: key.clone(),
        }])?;
        ctx.cluster.hsms[ctx.node].replica.keys.insert(handle, key);
    } else if let Some(keys) = ctx
        .session
        .session_keys
        .get_mut(&ctx.cluster.hsms[ctx.node].identity.hsm_id)
    {
        keys.insert(handle, key);
    }
    Ok(Vec::new())
}

/// Session → token, keeping the handle; the key then reaches every HSM.
fn make_token(
    ctx: &mut KeyCtx<'_>,
    handle: u64,
    value: &AttrValue,
) -> Result<Vec<NodeStatus>, HsmError> {
    let key = ctx.key_for(handle, KeyAction::SetAttribute)?;
    match value {
        AttrValue::Byte(0) | AttrValue::Word(0) => return Err(HsmError::KeyAccessDenied),
        AttrValue::Byte(_) | AttrValue::Word(_) => {}
        AttrValue::Text(_) | AttrValue::Bytes(_) => {
            return Err(HsmError::InvalidInput("attribute value"))
        }
    }
    if key.token {
        return Ok(ctx.all_nodes(None));
    }
    let mut key = key.clone();
    key.token = true;
    let nodes = store_keys(ctx, vec![key], 1)?;
    let hsm_id = ctx.hsm_id().to_owned();
    if let Some(keys) = ctx.session.session_keys.get_mut(&hsm_id) {
        keys.remove(&handle);
    }
    Ok(nodes)
}
