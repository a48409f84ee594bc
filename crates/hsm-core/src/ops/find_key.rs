//! `findKey`: keys the caller can see that match every given criterion.

use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::objects::{handles, Key};
use crate::policy::{key_allowed, CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::{KeyFilter, KeyReply};
use hsm_proto::KeyHandle;

/// `findKey` with its criteria.
pub(crate) struct FindKey {
    pub(crate) filter: KeyFilter,
}

impl Op for FindKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Find);

    fn reach(&self) -> Reach {
        Reach::Cluster { session_key: false }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let found = run(ctx, &self.filter)?;
        Ok(Progress::key(found, ctx.all_nodes(None)))
    }
}

fn run(ctx: &Ctx<'_>, filter: &KeyFilter) -> Result<KeyReply, HsmError> {
    ctx.caller_id()?;
    let actor = ctx.actor();
    let mut found: Vec<KeyHandle> = ctx
        .visible_keys()
        .filter(|k| key_allowed(actor, k, KeyAction::Find).is_ok())
        .filter(|k| matches(k, filter))
        .map(|k| k.handle)
        .collect();
    handles::listing_order(&mut found);
    Ok(KeyReply::Handles(found))
}

fn matches(key: &Key, f: &KeyFilter) -> bool {
    f.class.is_none_or(|c| c == key.class.value())
        && f.key_type.is_none_or(|t| t == key.key_type)
        && f.label.as_ref().is_none_or(|l| *l == key.label)
        && f.id.as_ref().is_none_or(|i| *i == key.id)
        && f.session.is_none_or(|s| s != key.token)
        && f.users.iter().all(|u| key.usable_by(*u))
        && f.modulus
            .as_ref()
            .is_none_or(|m| key.facts.modulus.as_ref() == Some(m))
        && f.kcv
            .as_ref()
            .is_none_or(|kcv| kcv.as_slice() == key.facts.kcv)
}
