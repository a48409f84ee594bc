//! What one HSM holds. Every HSM keeps its own replica; nothing is shared between them.

use crate::objects::Key;
use crate::user::User;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One HSM's users and counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    /// Users by ID.
    pub users: BTreeMap<u32, User>,
    /// The next user ID to hand out: one above the highest ever assigned here.
    pub next_user_id: u32,
    /// Token (persistent) keys by handle. Session keys live with their session.
    #[serde(skip)]
    pub keys: BTreeMap<u64, Key>,
}

impl Replica {
    /// The user with this name (case-insensitive), if any.
    pub fn user_named(&self, name: &str) -> Option<&User> {
        self.users.values().find(|u| u.is_named(name))
    }

    /// How many token keys a user owns on this HSM.
    pub fn owned_key_count(&self, user_id: u32) -> usize {
        self.keys.values().filter(|k| k.owner == user_id).count()
    }
}
