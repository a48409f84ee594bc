//! `setAttribute`. KMU may only turn a session key into a token key (attribute 1, 0→1);
//! CMU changes the settable attributes of this HSM's copy (docs/cmu.md §3.18): the owner any
//! but TRUSTED, a crypto officer only TRUSTED.

use super::key_storage::store_keys;
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::objects::attributes::{self, SetRefusal, TOKEN};
use crate::policy::{self, CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::{AttrValue, KeyReply, NodeStatus};
use hsm_proto::KeyHandle;

/// `setAttribute`: one attribute of one key.
pub(crate) struct SetAttribute {
    pub(crate) handle: KeyHandle,
    pub(crate) attribute: u32,
    pub(crate) value: AttrValue,
}

impl Op for SetAttribute {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::SetAttribute);

    fn reach(&self) -> Reach {
        // Only OBJ_ATTR_TOKEN reaches the other HSMs (the key is copied to them).
        if self.attribute == TOKEN {
            Reach::Cluster { session_key: false }
        } else {
            Reach::Local
        }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let nodes = run(ctx, self.handle, self.attribute, &self.value)?;
        Ok(Progress::key(KeyReply::Done, nodes))
    }
}

fn run(
    ctx: &mut Ctx<'_>,
    handle: KeyHandle,
    attribute: u32,
    value: &AttrValue,
) -> Result<Vec<NodeStatus>, HsmError> {
    let caller = ctx
        .current_user()
        .map(|u| u.user_type)
        .ok_or(HsmError::NotLoggedIn)?;
    policy::attribute_change_allowed(caller, attribute)?;
    if attribute == TOKEN {
        return make_token(ctx, handle, value);
    }
    let mut key = ctx.key_for(handle, KeyAction::SetAttribute)?.clone();
    attributes::set(&mut key, attribute, value).map_err(|r| match r {
        SetRefusal::ReadOnly => HsmError::PolicyViolation("attribute is not modifiable"),
        SetRefusal::BadValue => HsmError::InvalidInput("attribute value"),
    })?;
    if key.token {
        ctx.save_token_key(key)?;
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
    ctx: &mut Ctx<'_>,
    handle: KeyHandle,
    value: &AttrValue,
) -> Result<Vec<NodeStatus>, HsmError> {
    let key = ctx.key_for(handle, KeyAction::SetAttribute)?;
    match value {
        AttrValue::Byte(v) => policy::token_change_allowed(*v != 0)?,
        AttrValue::Word(v) => policy::token_change_allowed(*v != 0)?,
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
