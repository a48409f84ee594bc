//! `findKey`: keys the caller can see that match every given criterion.

use super::KeyCtx;
use crate::error::HsmError;
use crate::keys::access::relation;
use crate::keys::{handles, Key};
use crate::policy::{key_allowed, KeyAction};
use hsm_proto::keys::{KeyFilter, KeyReply};

pub(crate) fn run(ctx: &KeyCtx<'_>, filter: &KeyFilter) -> Result<KeyReply, HsmError> {
    let actor = ctx.actor()?;
    let mut found: Vec<u64> = ctx
        .visible_keys()
        .filter(|k| key_allowed(relation(k, actor), k.is_public(), KeyAction::Find).is_ok())
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
