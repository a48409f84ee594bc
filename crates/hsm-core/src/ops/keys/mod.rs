//! Key commands. Each runs against the HSM the session is attached to; token keys it
//! creates or deletes fan out to every HSM of that HSM's cluster, with one status per
//! node, because the cluster keeps token keys in sync (cluster.md §3.3).

pub mod aes_wrap_unwrap;
pub mod create;
pub mod delete_key;
pub mod export;
pub mod fake_pem;
pub mod find_all_keys;
pub mod find_key;
pub mod find_single_key;
pub mod generate;
pub mod get_attributes;
pub mod get_key_info;
pub mod import;
pub mod masked;
pub mod set_attribute;
pub mod share_key;
pub mod sign_verify;
mod usage;
pub mod wrap_key;

use crate::cluster::Cluster;
use crate::error::HsmError;
use crate::hsm::Hsm;
use crate::keys::access::{self, Actor};
use crate::keys::{handles, Key};
use crate::policy::KeyAction;
use crate::session::Session;
use crate::store::Store;
use hsm_proto::keys::NodeStatus;
use std::collections::BTreeSet;

/// What a key command may touch: the session HSM's whole cluster, the session, the store.
pub struct KeyCtx<'a> {
    pub(crate) cluster: &'a mut Cluster,
    /// Index of the session's HSM in the cluster (its node id).
    pub(crate) node: usize,
    pub(crate) session: &'a mut Session,
    pub(crate) store: &'a mut dyn Store,
    /// Handles of other sessions' session keys in this cluster (they hold slots too).
    pub(crate) foreign_handles: BTreeSet<u64>,
}

impl KeyCtx<'_> {
    pub(crate) fn hsm(&self) -> &Hsm {
        &self.cluster.hsms[self.node]
    }

    pub(crate) fn hsm_id(&self) -> &str {
        &self.hsm().identity.hsm_id
    }

    /// The logged-in caller on the session HSM.
    pub(crate) fn actor(&self) -> Result<Actor, HsmError> {
        let id = self
            .session
            .login(self.hsm_id())
            .ok_or(HsmError::NotLoggedIn)?;
        let user = self
            .hsm()
            .replica
            .users
            .get(&id)
            .ok_or(HsmError::NotLoggedIn)?;
        Ok(Actor {
            user_id: user.id,
            user_type: user.user_type,
        })
    }

    /// The key behind `handle` as this session sees it: its own session keys first.
    pub(crate) fn lookup(&self, handle: u64) -> Option<&Key> {
        self.session
            .session_keys
            .get(self.hsm_id())
            .and_then(|keys| keys.get(&handle))
            .or_else(|| self.hsm().replica.keys.get(&handle))
    }

    /// The key, if the caller may do `action` with it.
    pub(crate) fn key_for(&self, handle: u64, action: KeyAction) -> Result<&Key, HsmError> {
        access::check(self.lookup(handle), self.actor()?, action)
    }

    /// Every key of the session HSM this session can address: token keys and its own
    /// session keys.
    pub(crate) fn visible_keys(&self) -> impl Iterator<Item = &Key> {
        let session = self
            .session
            .session_keys
            .get(self.hsm_id())
            .into_iter()
            .flat_map(|m| m.values());
        self.hsm().replica.keys.values().chain(session)
    }

    /// A fresh handle: the lowest free slot across the cluster.
    pub(crate) fn allocate_handle(&self, taken: &BTreeSet<u64>) -> u64 {
        let mut in_use: BTreeSet<u64> = self.foreign_handles.union(taken).copied().collect();
        for hsm in &self.cluster.hsms {
            in_use.extend(hsm.replica.keys.keys());
        }
        for keys in self.session.session_keys.values() {
            in_use.extend(keys.keys());
        }
        let node = u32::try_from(self.node).unwrap_or(0);
        handles::allocate(node, &in_use)
    }

    /// One status per HSM of the cluster, all the same.
    pub(crate) fn all_nodes(&self, error: Option<hsm_proto::ErrorCode>) -> Vec<NodeStatus> {
        (0..self.cluster.hsms.len())
            .map(|n| status(n, error))
            .collect()
    }

    /// The session node's status alone (session keys live only there).
    pub(crate) fn this_node(&self, error: Option<hsm_proto::ErrorCode>) -> Vec<NodeStatus> {
        vec![status(self.node, error)]
    }
}

pub(crate) fn status(node: usize, error: Option<hsm_proto::ErrorCode>) -> NodeStatus {
    NodeStatus {
        node: u32::try_from(node).unwrap_or(u32::MAX),
        error,
    }
}
