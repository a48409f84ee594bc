//! What one HSM holds. Every HSM keeps its own replica; nothing is shared between them.

use crate::objects::Key;
use crate::user::User;
use hsm_proto::{KeyHandle, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One HSM's users and counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    /// Users by ID.
    pub users: BTreeMap<UserId, User>,
    /// The next user ID to hand out: one above the highest ever assigned here.
    pub next_user_id: UserId,
    /// Token (persistent) keys by handle. Session keys live with their session.
    #[serde(skip)]
    pub keys: BTreeMap<KeyHandle, Key>,
}

impl Replica {
    /// The user with this name (case-insensitive), if any.
    pub fn user_named(&self, name: &str) -> Option<&User> {
        self.users.values().find(|u| u.is_named(name))
    }

    /// How many token keys a user owns on this HSM.
    pub fn owned_key_count(&self, user_id: UserId) -> usize {
        self.keys.values().filter(|k| k.owner == user_id).count()
    }
}
