//! Per-connection state: who the connection is logged in as on each HSM.
//!
//! Logins are per HSM: a login can succeed on some HSMs and fail on others.

use crate::objects::Key;
use crate::user::User;
use hsm_proto::{HsmId, KeyHandle, UserId};
use std::collections::BTreeMap;

/// Identifies one client connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(pub u64);

/// One connection's state.
#[derive(Debug, Default)]
pub struct Session {
    /// Logged-in user ID per HSM ID.
    pub(crate) logins: BTreeMap<HsmId, UserId>,
    /// The user this session last deleted on each HSM, kept so CMU's rollBack can
    /// restore it. Never leaves the daemon.
    pub(crate) last_deleted: BTreeMap<HsmId, User>,
    /// Session keys per HSM ID: they live only on that HSM and die with the login.
    pub(crate) session_keys: BTreeMap<HsmId, BTreeMap<KeyHandle, Key>>,
}

impl Session {
    /// The user ID this session is logged in as on `hsm_id`.
    pub fn login(&self, hsm_id: &str) -> Option<UserId> {
        self.logins.get(hsm_id).copied()
    }
}
