//! CMU `findAllKeys`: the keys a user owns or shares on this HSM, and optionally a hash of
//! every user, owner and share list, which is equal across HSMs exactly when they agree.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::objects::handles;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::UserId;

use hsm_proto::keys::{KeyReply, ListedKey};
use sha2::{Digest, Sha256};

/// CMU `findAllKeys USER HASH`.
pub(crate) struct FindAllKeys {
    pub(crate) user_id: UserId,
    pub(crate) hash: bool,
}

impl Op for FindAllKeys {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::FindAllKeys);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(
            run(ctx, self.user_id, self.hash)?,
            Vec::new(),
        ))
    }
}

fn run(ctx: &Ctx<'_>, user_id: UserId, with_hash: bool) -> Result<KeyReply, HsmError> {
    ctx.caller_id()?;
    let replica = &ctx.hsm().replica;
    // Public keys count only for their owner (unlike key_mgmt_util's findKey).
    let mut keys: Vec<ListedKey> = replica
        .keys
        .values()
        .filter(|k| k.owner == user_id || k.shared_with.contains(&user_id))
        .map(|k| ListedKey {
            handle: k.handle,
            owned: k.owner == user_id,
        })
        .collect();
    keys.sort_by_key(|k| (handles::index_of(k.handle), k.handle));
    let hash = (with_hash && !keys.is_empty()).then(|| {
        let mut h = Sha256::new();
        for u in replica.users.values() {
            h.update(u.id.0.to_be_bytes());
            h.update(u.name.to_ascii_lowercase().as_bytes());
            h.update([0]);
            h.update(u.user_type.as_str().as_bytes());
            h.update([0]);
        }
        for k in replica.keys.values() {
            h.update(k.handle.0.to_be_bytes());
            h.update(k.owner.0.to_be_bytes());
            for s in &k.shared_with {
                h.update(s.0.to_be_bytes());
            }
            h.update([0xff]);
        }
        h.finalize().to_vec()
    });
    Ok(KeyReply::AllKeys { keys, hash })
}
