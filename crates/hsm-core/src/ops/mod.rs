//! One file per HSM command. Each runs after the policy gate, against one HSM.

pub mod change_pswd;
pub mod create_user;
pub mod delete_user;
pub mod keys;
pub mod list_users;
pub mod login;
pub mod login_state;
pub mod logout;
pub mod restore_user;

use crate::config::CoreConfig;
use crate::error::HsmError;
use crate::hsm::Hsm;
use crate::session::{Session, SessionId};
use crate::store::{Change, HsmRecord, Store};
use crate::user::User;
use std::collections::BTreeSet;

/// What a command may touch: one HSM, the caller's session, and the store.
pub struct OpCtx<'a> {
    pub(crate) session_id: SessionId,
    pub(crate) hsm: &'a mut Hsm,
    pub(crate) session: &'a mut Session,
    pub(crate) store: &'a mut dyn Store,
    pub(crate) config: &'a CoreConfig,
    /// IDs of users logged in to this HSM through other connections.
    pub(crate) elsewhere: BTreeSet<u32>,
}

impl OpCtx<'_> {
    pub(crate) fn hsm_id(&self) -> &str {
        &self.hsm.identity.hsm_id
    }

    /// The user this session is logged in as on this HSM.
    pub(crate) fn current_user(&self) -> Option<&User> {
        let id = self.session.login(self.hsm_id())?;
        self.hsm.replica.users.get(&id)
    }

    /// Whether any connection, this one included, is logged in as `user_id` here.
    pub(crate) fn is_logged_in_anywhere(&self, user_id: u32) -> bool {
        self.elsewhere.contains(&user_id) || self.session.login(self.hsm_id()) == Some(user_id)
    }

    /// Durably stores `user` on this HSM, then applies it in memory.
    pub(crate) fn save_user(&mut self, user: User, extra: Option<Change>) -> Result<(), HsmError> {
        let mut changes = vec![Change::PutUser {
            hsm_id: self.hsm_id().to_owned(),
            user: user.clone(),
        }];
        changes.extend(extra);
        self.store.commit(&changes)?;
        self.hsm.replica.users.insert(user.id, user);
        Ok(())
    }

    /// The HSM record with a different next-user-ID counter.
    pub(crate) fn hsm_record(&self, next_user_id: u32) -> HsmRecord {
        HsmRecord {
            identity: self.hsm.identity.clone(),
            index: self.hsm.index,
            next_user_id,
        }
    }
}
