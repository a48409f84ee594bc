//! Storing new keys: a session key stays in the session; a token key is written to the
//! session HSM and copied to every other HSM of the cluster under the same handle.

use crate::cluster::key_limit;
use crate::context::{status, Ctx};
use crate::error::HsmError;
use crate::objects::build::Origin;
use crate::objects::Key;
use crate::store::Change;
use hsm_proto::keys::{KeyTemplate, NodeStatus, MAX_LABEL_LEN};
use hsm_proto::{ErrorCode, UserId, UserType};

/// Checks the label's length, and the share list and m value of a template against the
/// session HSM's users (docs/kmu.md §1.6).
pub(crate) fn check_template(
    ctx: &Ctx<'_>,
    owner: UserId,
    template: &KeyTemplate,
) -> Result<(), HsmError> {
    if template.label.len() > MAX_LABEL_LEN {
        return Err(HsmError::InvalidInput("label too long"));
    }
    let users = &ctx.hsm().replica.users;
    let valid = template.share_with.len() <= 8
        && template
            .share_with
            .iter()
            .all(|id| *id != owner && users.get(id).is_some_and(|u| u.user_type == UserType::Cu));
    if !valid {
        return Err(HsmError::InvalidShareList);
    }
    let unique: std::collections::BTreeSet<_> = template.share_with.iter().collect();
    if template.m_value > 8 || template.m_value as usize > 1 + unique.len() {
        return Err(HsmError::MValueTooLarge);
    }
    Ok(())
}

/// Whether a non-empty key ID is already used by a key the HSM holds (docs/kmu.md A-11).
pub(crate) fn id_taken(ctx: &Ctx<'_>, id: &str) -> bool {
    !id.is_empty() && ctx.visible_keys().any(|k| k.id == id)
}

/// Stores `keys` (already carrying their handles) and reports per node. A token key that
/// cannot reach `min_servers` HSMs is removed again everywhere.
pub(crate) fn store_keys(
    ctx: &mut Ctx<'_>,
    keys: Vec<Key>,
    min_servers: u32,
) -> Result<Vec<NodeStatus>, HsmError> {
    let Some(first) = keys.first() else {
        return Ok(Vec::new());
    };
    if !first.token {
        let hsm_id = ctx.hsm_id().to_owned();
        let slot = ctx.session.session_keys.entry(hsm_id).or_default();
        for key in keys {
            slot.insert(key.handle, key);
        }
        return Ok(ctx.this_node(None));
    }
    let owner = first.owner;
    let owner_name = ctx.hsm().replica.users.get(&owner).map(|u| u.name.clone());
    let limit = key_limit(&ctx.cluster.hsm_type);
    let mut changes = Vec::new();
    let mut nodes = Vec::new();
    let mut reached = Vec::new();
    for (index, hsm) in ctx.cluster.hsms.iter().enumerate() {
        // A copy goes only where the same owner exists (docs/cluster.md §3.9) and room is left.
        let owner_here = hsm.replica.users.get(&owner).map(|u| u.name.clone()) == owner_name;
        let error = if !owner_here {
            Some(ErrorCode::UserDoesNotExist)
        } else if hsm.replica.keys.len() + keys.len() > limit {
            Some(ErrorCode::KeyLimitReached)
        } else {
            None
        };
        if index == ctx.node && error.is_some() {
            return Err(if error == Some(ErrorCode::KeyLimitReached) {
                HsmError::KeyLimitReached
            } else {
                HsmError::UserDoesNotExist(owner_name.unwrap_or_default())
            });
        }
        if error.is_none() {
            reached.push(index);
            for key in &keys {
                changes.push(Change::PutKey {
                    hsm_id: hsm.identity.hsm_id.clone(),
                    key: key.clone(),
                });
            }
        }
        nodes.push(status(index, error));
    }
    let needed = usize::try_from(min_servers.max(1))
        .unwrap_or(usize::MAX)
        .min(ctx.cluster.hsms.len());
    if reached.len() < needed {
        return Err(HsmError::ServerUnavailable);
    }
    ctx.store.commit(&changes)?;
    for index in reached {
        for key in &keys {
            ctx.cluster.hsms[index]
                .replica
                .keys
                .insert(key.handle, key.clone());
        }
    }
    Ok(nodes)
}

/// Who owns a key imported (or unwrapped) by the caller under `template`: imported keys
/// are never local and always extractable (docs/kmu.md §3.2).
pub(crate) fn import_origin(ctx: &Ctx<'_>, template: &KeyTemplate) -> Result<Origin, HsmError> {
    let owner = ctx.caller_id()?;
    if template.session && !template.share_with.is_empty() {
        return Err(HsmError::InvalidShareList);
    }
    check_template(ctx, owner, template)?;
    Ok(Origin {
        owner,
        local: false,
        extractable: true,
    })
}
