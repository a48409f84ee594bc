//! [`Core`]: the model's single entry point.
//!
//! Every HSM command passes the policy gate in [`Core::execute`] (or
//! [`Core::begin_login`]) before it reaches its file in `ops/`.

use crate::cluster::Cluster;
use crate::config::CoreConfig;
use crate::error::{HsmError, StoreError};
use crate::ops::keys::KeyCtx;
use crate::ops::{self, login::LoginTicket, OpCtx};
use crate::password::NewPassword;
use crate::policy::{self, Actor, CommandKind};
use crate::session::{Session, SessionId};
use crate::store::{Change, Store};
use hsm_proto::{ClusterInfo, HsmInfo, LoginInfo, UserInfo, UserType};
use std::collections::{BTreeSet, HashMap};

/// An HSM command, with any password already checked and hashed.
#[derive(Debug)]
pub enum Command {
    /// `logoutHSM`.
    Logout,
    /// `changePswd`.
    ChangePassword {
        /// The target's current type.
        user_type: UserType,
        /// Target name.
        name: String,
        /// The new password.
        password: NewPassword,
    },
    /// `createUser`.
    CreateUser {
        /// Type of the new user.
        user_type: UserType,
        /// Name of the new user.
        name: String,
        /// Its password.
        password: NewPassword,
    },
    /// `deleteUser`.
    DeleteUser {
        /// The target's type.
        user_type: UserType,
        /// Target name.
        name: String,
    },
    /// Undo this session's last `deleteUser` on the HSM.
    RestoreDeletedUser {
        /// Name of the deleted user.
        name: String,
    },
    /// `listUsers`.
    ListUsers,
    /// Who this session is logged in as.
    LoginState,
    /// `getHSMInfo`.
    HsmInfo,
}

/// A successful result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Nothing to return.
    Done,
    /// `listUsers` rows.
    Users(Vec<UserInfo>),
    /// Login state on that HSM.
    LoginState(Option<LoginInfo>),
    /// `getHSMInfo` fields.
    HsmInfo(HsmInfo),
}

/// The simulated clusters, the live sessions and the store behind them.
pub struct Core {
    clusters: Vec<Cluster>,
    sessions: HashMap<SessionId, Session>,
    next_session: u64,
    store: Box<dyn Store>,
    config: CoreConfig,
}

impl Core {
    /// Loads the state from `store`; a new store gets one never-activated cluster with
    /// `initial_hsms` HSMs, committed before this returns.
    pub fn open(
        mut store: Box<dyn Store>,
        config: CoreConfig,
        initial_hsms: u32,
    ) -> Result<Self, StoreError> {
        let mut clusters = store.load()?.clusters;
        if clusters.is_empty() {
            let cluster = Cluster::new_uninitialized(0, initial_hsms);
            store.commit(&Change::whole_cluster(&cluster))?;
            tracing::info!(cluster = %cluster.id, hsms = cluster.hsms.len(), "created cluster");
            clusters.push(cluster);
        }
        Ok(Self {
            clusters,
            sessions: HashMap::new(),
            next_session: 1,
            store,
            config,
        })
    }

    /// Describes every cluster.
    pub fn clusters(&self) -> Vec<ClusterInfo> {
        self.clusters.iter().map(Cluster::info).collect()
    }

    /// Starts a session for a new connection.
    pub fn open_session(&mut self) -> SessionId {
        let id = SessionId(self.next_session);
        self.next_session += 1;
        self.sessions.insert(id, Session::default());
        id
    }

    /// Ends a session: its logins on every HSM end with it.
    pub fn close_session(&mut self, id: SessionId) {
        self.sessions.remove(&id);
    }

    /// First half of `loginHSM`: gate and look-ups. The returned ticket is checked against
    /// the password outside any lock, then handed to [`Core::finish_login`].
    pub fn begin_login(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        user_type: UserType,
        name: &str,
    ) -> Result<LoginTicket, HsmError> {
        let ctx = self.ctx(sid, hsm_id)?;
        policy::command_allowed(ctx.actor(), CommandKind::Login)?;
        ops::login::begin(&ctx, user_type, name)
    }

    /// Second half of `loginHSM`: records the outcome of the password check.
    pub fn finish_login(
        &mut self,
        sid: SessionId,
        ticket: LoginTicket,
        password_ok: bool,
    ) -> Result<Reply, HsmError> {
        let mut ctx = self.ctx(sid, &ticket.hsm_id)?;
        policy::command_allowed(ctx.actor(), CommandKind::Login)?;
        ops::login::finish(&mut ctx, ticket, password_ok)
    }

    /// The command gate alone, for callers about to do slow preparation (hashing a new
    /// password) that would be wasted on a refused request.
    pub fn check_gate(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        kind: CommandKind,
    ) -> Result<(), HsmError> {
        let ctx = self.ctx(sid, hsm_id)?;
        policy::command_allowed(ctx.actor(), kind)
    }

    /// Runs one command on one HSM for a session.
    pub fn execute(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        command: Command,
    ) -> Result<Reply, HsmError> {
        let mut ctx = self.ctx(sid, hsm_id)?;
        policy::command_allowed(ctx.actor(), kind_of(&ctx, &command))?;
        match command {
            Command::Logout => ops::logout::run(&mut ctx),
            Command::ChangePassword {
                user_type,
                name,
                password,
            } => ops::change_pswd::run(&mut ctx, user_type, &name, password),
            Command::CreateUser {
                user_type,
                name,
                password,
            } => ops::create_user::run(&mut ctx, user_type, &name, password),
            Command::DeleteUser { user_type, name } => {
                ops::delete_user::run(&mut ctx, user_type, &name)
            }
            Command::RestoreDeletedUser { name } => ops::restore_user::run(&mut ctx, &name),
            Command::ListUsers => Ok(ops::list_users::run(&ctx)),
            Command::LoginState => Ok(ops::login_state::run(&ctx)),
            Command::HsmInfo => Ok(Reply::HsmInfo(ctx.hsm.info())),
        }
    }

    /// The context for a key command: the HSM's whole cluster and the session.
    pub(crate) fn key_ctx(&mut self, sid: SessionId, hsm_id: &str) -> Result<KeyCtx<'_>, HsmError> {
        let cluster = self
            .clusters
            .iter_mut()
            .find(|c| c.hsms.iter().any(|h| h.identity.hsm_id == hsm_id))
            .ok_or_else(|| HsmError::NoSuchHsm(hsm_id.to_owned()))?;
        let node = cluster
            .hsms
            .iter()
            .position(|h| h.identity.hsm_id == hsm_id)
            .unwrap_or(0);
        let cluster_hsms: BTreeSet<&str> = cluster
            .hsms
            .iter()
            .map(|h| h.identity.hsm_id.as_str())
            .collect();
        // Slots taken by other sessions' session keys anywhere in this cluster.
        let foreign_handles: BTreeSet<u64> = self
            .sessions
            .iter()
            .filter(|(id, _)| **id != sid)
            .flat_map(|(_, s)| s.session_keys.iter())
            .filter(|(h, _)| cluster_hsms.contains(h.as_str()))
            .flat_map(|(_, keys)| keys.keys().copied())
            .collect();
        // Sessions exist only between open_session and close_session.
        let session = self.sessions.get_mut(&sid).ok_or(HsmError::NotLoggedIn)?;
        Ok(KeyCtx {
            cluster,
            node,
            session,
            store: self.store.as_mut(),
            foreign_handles,
        })
    }

    fn ctx(&mut self, sid: SessionId, hsm_id: &str) -> Result<OpCtx<'_>, HsmError> {
        // Users logged in to this HSM through any other connection.
        let elsewhere: BTreeSet<u32> = self
            .sessions
            .iter()
            .filter(|(id, _)| **id != sid)
            .filter_map(|(_, s)| s.login(hsm_id))
            .collect();
        let hsm = self
            .clusters
            .iter_mut()
            .flat_map(|c| c.hsms.iter_mut())
            .find(|h| h.identity.hsm_id == hsm_id)
            .ok_or_else(|| HsmError::NoSuchHsm(hsm_id.to_owned()))?;
        let session = self.sessions.get_mut(&sid).ok_or(HsmError::NotLoggedIn)?;
        Ok(OpCtx {
            session_id: sid,
            hsm,
            session,
            store: self.store.as_mut(),
            config: &self.config,
            elsewhere,
        })
    }
}

/// Which gate entry a command falls under. `changePswd` depends on whose password it is.
fn kind_of(ctx: &OpCtx<'_>, command: &Command) -> CommandKind {
    match command {
        Command::Logout => CommandKind::Logout,
        Command::ChangePassword { name, .. } => match ctx.current_user() {
            Some(me) if me.is_named(name) => CommandKind::ChangeOwnPassword,
            _ => CommandKind::ChangeOtherPassword,
        },
        Command::CreateUser { .. } => CommandKind::CreateUser,
        Command::DeleteUser { .. } => CommandKind::DeleteUser,
        Command::RestoreDeletedUser { .. } => CommandKind::RestoreDeletedUser,
        Command::ListUsers => CommandKind::ListUsers,
        Command::LoginState => CommandKind::LoginState,
        Command::HsmInfo => CommandKind::HsmInfo,
    }
}

impl OpCtx<'_> {
    /// The gate's view of the caller on this HSM.
    pub(crate) fn actor(&self) -> Actor {
        self.current_user()
            .map_or(Actor::Anonymous, |u| Actor::User(u.user_type))
    }
}
