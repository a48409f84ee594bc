//! `extractMaskedObject` / `insertMaskedObject`: a key with all its metadata, sealed with
//! the cluster's masking key, so only this cluster (or a clone) can take it back in.

use super::create::store_keys;
use super::KeyCtx;
use crate::crypto::masked;
use crate::error::HsmError;
use crate::keys::Key;
use crate::policy::KeyAction;
use hsm_proto::keys::{KeyReply, NodeStatus};
use hsm_proto::{SecretBytes, UserType};
use std::collections::BTreeSet;

const MAGIC: &[u8; 8] = b"KMUMASK1";

/// Seals the caller's key, whatever its extractability.
pub(crate) fn extract(ctx: &KeyCtx<'_>, handle: u64) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Mask)?;
    let plain = zeroize::Zeroizing::new(
        postcard::to_stdvec(key).map_err(|_| HsmError::InvalidInput("key"))?,
    );
    let sealed = masked::seal_masked(ctx.cluster.mask_key.expose(), MAGIC, &plain)?;
    Ok(SecretBytes::new([MAGIC.as_slice(), &sealed].concat()))
}

/// Opens a masked object and stores the key under a new handle, with its owner, sharing,
/// attributes and quorum value.
pub(crate) fn insert(
    ctx: &mut KeyCtx<'_>,
    blob: &[u8],
    min_servers: u32,
) -> Result<(KeyReply, Vec<NodeStatus>), HsmError> {
    ctx.actor()?;
    let sealed = blob
        .strip_prefix(MAGIC.as_slice())
        .ok_or(HsmError::MaskedObjectForeign)?;
    let plain = masked::open_masked(ctx.cluster.mask_key.expose(), MAGIC, sealed)
        .map_err(|_| HsmError::MaskedObjectForeign)?;
    let mut key: Key = postcard::from_bytes(&plain).map_err(|_| HsmError::MaskedObjectForeign)?;
    let owner_here = ctx
        .hsm()
        .replica
        .users
        .get(&key.owner)
        .is_some_and(|u| u.user_type == UserType::Cu);
    if !owner_here {
        return Err(HsmError::MaskedObjectForeign);
    }
    key.handle = ctx.allocate_handle(&BTreeSet::new());
    let handle = key.handle;
    let nodes = store_keys(ctx, vec![key], min_servers)?;
    Ok((KeyReply::Created(vec![handle]), nodes))
}
