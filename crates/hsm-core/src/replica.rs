//! What one HSM holds. Every HSM keeps its own replica; nothing is shared between them.

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
}

impl Replica {
    /// The user with this name (case-insensitive), if any.
    pub fn user_named(&self, name: &str) -> Option<&User> {
        self.users.values().find(|u| u.is_named(name))
    }

    /// How many keys a user owns on this HSM. Key storage arrives with key_mgmt_util;
    /// until then no user owns keys.
    pub fn owned_key_count(&self, _user_id: u32) -> usize {
        0
    }
}
