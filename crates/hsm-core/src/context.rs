//! [`Ctx`]: what one command may touch — the session's HSM and the rest of its cluster,
//! the caller's session, the store — and the look-ups every command shares.

use crate::cluster::Cluster;
use crate::config::CoreConfig;
use crate::error::HsmError;
use crate::hsm::Hsm;
use crate::objects::{handles, Key};
use crate::policy::{self, Actor, KeyAction};
use crate::session::{Session, SessionId};
use crate::store::{Change, HsmRecord, Store};
use crate::user::User;
use hsm_proto::keys::NodeStatus;
use hsm_proto::{ErrorCode, HsmId, KeyHandle, UserId};
use std::collections::BTreeSet;

/// One command's view of the simulation.
pub(crate) struct Ctx<'a> {
    pub(crate) session_id: SessionId,
    pub(crate) cluster: &'a mut Cluster,
    /// Index of the session's HSM in the cluster (its node id).
    pub(crate) node: usize,
    pub(crate) session: &'a mut Session,
    pub(crate) store: &'a mut dyn Store,
    pub(crate) config: &'a CoreConfig,
    /// IDs of users logged in to this HSM through other connections.
    pub(crate) elsewhere: BTreeSet<UserId>,
    /// Handles of other sessions' session keys in this cluster (they hold slots too).
    pub(crate) foreign_handles: BTreeSet<KeyHandle>,
}

impl Ctx<'_> {
    /// The session's HSM.
    pub(crate) fn hsm(&self) -> &Hsm {
        &self.cluster.hsms[self.node]
    }

    /// The session's HSM, to change.
    pub(crate) fn hsm_mut(&mut self) -> &mut Hsm {
        &mut self.cluster.hsms[self.node]
    }

    pub(crate) fn hsm_id(&self) -> &HsmId {
        &self.hsm().identity.hsm_id
    }

    /// The user this session is logged in as on this HSM.
    pub(crate) fn current_user(&self) -> Option<&User> {
        let id = self.session.login(self.hsm_id().as_str())?;
        self.hsm().replica.users.get(&id)
    }

    /// The gate's view of the caller on this HSM.
    pub(crate) fn actor(&self) -> Actor {
        self.current_user()
            .map_or(Actor::Anonymous, |u| Actor::User {
                id: u.id,
                user_type: u.user_type,
            })
    }

    /// The logged-in caller's user ID.
    pub(crate) fn caller_id(&self) -> Result<UserId, HsmError> {
        self.current_user()
            .map(|u| u.id)
            .ok_or(HsmError::NotLoggedIn)
    }

    /// Whether any connection, this one included, is logged in as `user_id` here.
    pub(crate) fn is_logged_in_anywhere(&self, user_id: UserId) -> bool {
        self.elsewhere.contains(&user_id)
            || self.session.login(self.hsm_id().as_str()) == Some(user_id)
    }

    /// Durably stores `user` on this HSM, then applies it in memory.
    pub(crate) fn save_user(&mut self, user: User, extra: Option<Change>) -> Result<(), HsmError> {
        let mut changes = vec![Change::PutUser {
            hsm_id: self.hsm_id().to_owned(),
            user: user.clone(),
        }];
        changes.extend(extra);
        self.store.commit(&changes)?;
        self.hsm_mut().replica.users.insert(user.id, user);
        Ok(())
    }

    /// Durably stores a changed token key on this HSM only, then applies it in memory.
    pub(crate) fn save_token_key(&mut self, key: Key) -> Result<(), HsmError> {
        self.store.commit(&[Change::PutKey {
            hsm_id: self.hsm_id().clone(),
            key: key.clone(),
        }])?;
        self.hsm_mut().replica.keys.insert(key.handle, key);
        Ok(())
    }

    /// The HSM record with a different next-user-ID counter.
    pub(crate) fn hsm_record(&self, next_user_id: UserId) -> HsmRecord {
        let hsm = self.hsm();
        HsmRecord {
            identity: hsm.identity.clone(),
            index: hsm.index,
            next_user_id,
        }
    }

    /// The key behind `handle` as this session sees it: its own session keys first.
    pub(crate) fn lookup(&self, handle: KeyHandle) -> Option<&Key> {
        self.session
            .session_keys
            .get(self.hsm_id())
            .and_then(|keys| keys.get(&handle))
            .or_else(|| self.hsm().replica.keys.get(&handle))
    }

    /// The key, if the object gate lets the caller do `action` with it; a missing key
    /// reads as an invalid handle, exactly like one the caller cannot see.
    pub(crate) fn key_for(&self, handle: KeyHandle, action: KeyAction) -> Result<&Key, HsmError> {
        // Nobody reaches a key without a login, whatever the key.
        self.caller_id()?;
        let key = self.lookup(handle).ok_or(HsmError::InvalidHandle)?;
        self.permit(key, action)?;
        Ok(key)
    }

    /// The object gate for a key already in hand.
    pub(crate) fn permit(&self, key: &Key, action: KeyAction) -> Result<(), HsmError> {
        policy::key_allowed(self.actor(), key, action)
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
    pub(crate) fn allocate_handle(&self, taken: &BTreeSet<KeyHandle>) -> KeyHandle {
        let mut in_use: BTreeSet<KeyHandle> = self.foreign_handles.union(taken).copied().collect();
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
    pub(crate) fn all_nodes(&self, error: Option<ErrorCode>) -> Vec<NodeStatus> {
        (0..self.cluster.hsms.len())
            .map(|n| status(n, error))
            .collect()
    }

    /// The session node's status alone (session keys live only there).
    pub(crate) fn this_node(&self, error: Option<ErrorCode>) -> Vec<NodeStatus> {
        vec![status(self.node, error)]
    }
}

/// Node `node`'s status.
pub(crate) fn status(node: usize, error: Option<ErrorCode>) -> NodeStatus {
    NodeStatus {
        node: u32::try_from(node).unwrap_or(u32::MAX),
        error,
    }
}
