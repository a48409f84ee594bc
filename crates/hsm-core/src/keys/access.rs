//! Looking keys up for an actor: the only way to reach a key. Visibility and rights are
//! decided by [`crate::policy::key_allowed`].

use super::Key;
use crate::error::HsmError;
use crate::policy::{self, KeyAction, Relation};
use hsm_proto::UserType;

/// Who is asking for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// User ID on the HSM.
    pub user_id: u32,
    /// User type.
    pub user_type: UserType,
}

/// How `actor` relates to `key`.
pub fn relation(key: &Key, actor: Actor) -> Relation {
    match actor.user_type {
        UserType::Cu if key.owner == actor.user_id => Relation::Owner,
        UserType::Cu if key.shared_with.contains(&actor.user_id) => Relation::SharedUser,
        UserType::Cu => Relation::OtherCryptoUser,
        UserType::Co | UserType::Pco | UserType::Preco => Relation::Officer,
        UserType::Au => Relation::Appliance,
    }
}

/// Checks that `actor` may do `action` with `key`; `None` (no such key) reads as an
/// invalid handle, exactly like a key the actor cannot see.
pub fn check(key: Option<&Key>, actor: Actor, action: KeyAction) -> Result<&Key, HsmError> {
    let key = key.ok_or(HsmError::InvalidHandle)?;
    policy::key_allowed(relation(key, actor), key.is_public(), action)?;
    Ok(key)
}
