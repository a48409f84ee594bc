//! Persistence, as the model sees it: typed, domain-level records and atomic batches.
//!
//! The model computes a batch of [`Change`]s, commits it, and only then applies it in
//! memory, so a failed commit leaves both sides unchanged. A backend must make a batch
//! durable before `commit` returns.

use crate::cluster::Cluster;
use crate::error::StoreError;
use crate::hsm::Hsm;
use crate::objects::Key;
use crate::replica::Replica;
use crate::user::User;
use hsm_proto::{HsmId, HsmIdentity, KeyHandle, SecretBytes, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Cluster-level facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterRecord {
    /// Position among the daemon's clusters.
    pub ordinal: u32,
    /// Cluster ID.
    pub id: String,
    /// Region.
    pub region: String,
    /// HSM type.
    pub hsm_type: String,
    /// HSM IDs in cluster order.
    pub hsm_ids: Vec<HsmId>,
    /// The key masked objects are sealed with; clones inherit it.
    pub mask_key: SecretBytes,
}

/// HSM-level facts (everything but the users).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HsmRecord {
    /// Identity.
    pub identity: HsmIdentity,
    /// Position in the cluster.
    pub index: u32,
    /// Next user ID to assign.
    pub next_user_id: UserId,
}

/// One durable change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Create or replace a cluster record.
    PutCluster(ClusterRecord),
    /// Create or replace an HSM record.
    PutHsm(HsmRecord),
    /// Create or replace a user on one HSM.
    PutUser {
        /// HSM ID.
        hsm_id: HsmId,
        /// The user.
        user: User,
    },
    /// Remove a user from one HSM.
    RemoveUser {
        /// HSM ID.
        hsm_id: HsmId,
        /// User ID.
        user_id: UserId,
    },
    /// Create or replace a token key on one HSM.
    PutKey {
        /// HSM ID.
        hsm_id: HsmId,
        /// The key.
        key: Key,
    },
    /// Remove a token key from one HSM.
    RemoveKey {
        /// HSM ID.
        hsm_id: HsmId,
        /// Key handle.
        handle: KeyHandle,
    },
}

impl Change {
    /// Every change that writes a whole cluster.
    pub fn whole_cluster(cluster: &Cluster) -> Vec<Change> {
        let mut out = vec![Change::PutCluster(ClusterRecord {
            ordinal: cluster.ordinal,
            id: cluster.id.clone(),
            region: cluster.region.clone(),
            hsm_type: cluster.hsm_type.clone(),
            hsm_ids: cluster
                .hsms
                .iter()
                .map(|h| h.identity.hsm_id.clone())
                .collect(),
            mask_key: cluster.mask_key.clone(),
        })];
        for hsm in &cluster.hsms {
            out.push(Change::PutHsm(HsmRecord {
                identity: hsm.identity.clone(),
                index: hsm.index,
                next_user_id: hsm.replica.next_user_id,
            }));
            for user in hsm.replica.users.values() {
                out.push(Change::PutUser {
                    hsm_id: hsm.identity.hsm_id.clone(),
                    user: user.clone(),
                });
            }
            for key in hsm.replica.keys.values() {
                out.push(Change::PutKey {
                    hsm_id: hsm.identity.hsm_id.clone(),
                    key: key.clone(),
                });
            }
        }
        out
    }
}

/// Everything a store holds, reassembled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredState {
    /// Clusters by ordinal. Empty for a new data directory.
    pub clusters: Vec<Cluster>,
}

impl StoredState {
    /// Reassembles clusters from their records. Fails if a record refers to a missing one.
    pub fn assemble(
        clusters: Vec<ClusterRecord>,
        hsms: Vec<HsmRecord>,
        users: Vec<(HsmId, User)>,
    ) -> Result<Self, StoreError> {
        let mut replicas: BTreeMap<HsmId, (HsmRecord, Replica)> = hsms
            .into_iter()
            .map(|h| {
                let replica = Replica {
                    users: BTreeMap::new(),
                    next_user_id: h.next_user_id,
                    keys: BTreeMap::new(),
                };
                (h.identity.hsm_id.clone(), (h, replica))
            })
            .collect();
        for (hsm_id, user) in users {
            let (_, replica) = replicas
                .get_mut(&hsm_id)
                .ok_or(StoreError::Corrupt { what: "user" })?;
            replica.users.insert(user.id, user);
        }
        let mut out = Vec::new();
        for c in clusters {
            let mut hsms = Vec::new();
            for id in &c.hsm_ids {
                let (record, replica) = replicas
                    .remove(id)
                    .ok_or(StoreError::Corrupt { what: "cluster" })?;
                hsms.push(Hsm {
                    identity: record.identity,
                    index: record.index,
                    replica,
                });
            }
            out.push(Cluster {
                ordinal: c.ordinal,
                id: c.id,
                region: c.region,
                hsm_type: c.hsm_type,
                mask_key: c.mask_key,
                hsms,
            });
        }
        out.sort_by_key(|c| c.ordinal);
        Ok(Self { clusters: out })
    }

    /// Puts token keys (with their HSM IDs) into the assembled replicas.
    pub fn with_keys(mut self, keys: Vec<(HsmId, Key)>) -> Result<Self, StoreError> {
        for (hsm_id, key) in keys {
            let hsm = self
                .clusters
                .iter_mut()
                .flat_map(|c| c.hsms.iter_mut())
                .find(|h| h.identity.hsm_id == hsm_id)
                .ok_or(StoreError::Corrupt { what: "key" })?;
            hsm.replica.keys.insert(key.handle, key);
        }
        Ok(self)
    }
}

/// Durable storage of the model.
pub trait Store: Send {
    /// Reads everything back.
    fn load(&self) -> Result<StoredState, StoreError>;
    /// Applies a batch atomically and durably.
    fn commit(&mut self, changes: &[Change]) -> Result<(), StoreError>;
}

/// An in-memory store for tests and for running without a data directory.
#[derive(Debug, Default, Clone)]
pub struct MemStore {
    clusters: BTreeMap<String, ClusterRecord>,
    hsms: BTreeMap<HsmId, HsmRecord>,
    users: BTreeMap<(HsmId, UserId), User>,
    keys: BTreeMap<(HsmId, KeyHandle), Key>,
    /// When set, the next commit fails (to test that failures change nothing).
    pub fail_next_commit: bool,
}

impl Store for MemStore {
    fn load(&self) -> Result<StoredState, StoreError> {
        StoredState::assemble(
            self.clusters.values().cloned().collect(),
            self.hsms.values().cloned().collect(),
            self.users
                .iter()
                .map(|((h, _), u)| (h.clone(), u.clone()))
                .collect(),
        )?
        .with_keys(
            self.keys
                .iter()
                .map(|((h, _), k)| (h.clone(), k.clone()))
                .collect(),
        )
    }

    fn commit(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        if std::mem::take(&mut self.fail_next_commit) {
            return Err(StoreError::Backend("injected failure".into()));
        }
        for change in changes {
            match change {
                Change::PutCluster(c) => {
                    self.clusters.insert(c.id.clone(), c.clone());
                }
                Change::PutHsm(h) => {
                    self.hsms.insert(h.identity.hsm_id.clone(), h.clone());
                }
                Change::PutUser { hsm_id, user } => {
                    self.users.insert((hsm_id.clone(), user.id), user.clone());
                }
                Change::RemoveUser { hsm_id, user_id } => {
                    self.users.remove(&(hsm_id.clone(), *user_id));
                }
                Change::PutKey { hsm_id, key } => {
                    self.keys.insert((hsm_id.clone(), key.handle), key.clone());
                }
                Change::RemoveKey { hsm_id, handle } => {
                    self.keys.remove(&(hsm_id.clone(), *handle));
                }
            }
        }
        Ok(())
    }
}
