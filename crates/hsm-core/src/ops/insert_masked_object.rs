//! `insertMaskedObject`: opens a masked object of this cluster (or a clone) and stores the
//! key under a new handle, with its owner, sharing, attributes and quorum value.

use super::extract_masked_object::MAGIC;
use super::key_storage::store_keys;
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::masked;
use crate::error::HsmError;
use crate::objects::Key;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::UserType;
use std::collections::BTreeSet;

/// `insertMaskedObject -f FILE [-min_srv N]`.
pub(crate) struct InsertMaskedObject {
    pub(crate) blob: Vec<u8>,
    pub(crate) min_servers: u32,
}

impl Op for InsertMaskedObject {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::InsertMasked);

    fn reach(&self) -> Reach {
        Reach::Cluster { session_key: false }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        ctx.caller_id()?;
        let sealed = self
            .blob
            .strip_prefix(MAGIC.as_slice())
            .ok_or(HsmError::MaskedObjectForeign)?;
        let plain = masked::open_masked(ctx.cluster.mask_key.expose(), MAGIC, sealed)
            .map_err(|_| HsmError::MaskedObjectForeign)?;
        let mut key: Key =
            postcard::from_bytes(&plain).map_err(|_| HsmError::MaskedObjectForeign)?;
        let owner_here = ctx
            .hsm()
            .replica
            .users
            .get(&key.owner)
            .is_some_and(|u| u.user_type == UserType::Cu);
        if !owner_here {
            return Err(HsmError::MaskedObjectForeign.into());
        }
        key.handle = ctx.allocate_handle(&BTreeSet::new());
        let handle = key.handle;
        let nodes = store_keys(ctx, vec![key], self.min_servers)?;
        Ok(Progress::key(KeyReply::Created(vec![handle]), nodes))
    }
}
