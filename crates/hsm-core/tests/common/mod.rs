//! Helpers shared by the per-command test binaries: a [`Sim`] around one [`Core`] on a
//! MemStore the test can still reach (to inject commit failures and to reopen), cached
//! password hashes, and short forms of the commands.
#![allow(dead_code)]

use hsm_core::{
    Change, Command, Core, CoreConfig, HsmError, MemStore, NewPassword, Reply, SessionId, Store,
    StoreError, StoredState,
};
use hsm_proto::{ErrorCode, LoginInfo, Secret, UserInfo, UserType};
use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The factory password of the PRECO `admin`.
pub(crate) const FACTORY_PW: &str = "password";
/// The password the helpers give `admin` when they activate an HSM.
pub(crate) const ADMIN_PW: &str = "Admin_pw1";
/// The password of users created by the helpers unless a test says otherwise.
pub(crate) const USER_PW: &str = "User_pw1";

/// A [`MemStore`] the test keeps a handle to after [`Core::open`] has taken the store.
/// `MemStore::fail_next_commit` is unreachable once the store is boxed inside the core,
/// so failures are injected through this handle.
#[derive(Clone, Default)]
pub(crate) struct SharedStore(Arc<Mutex<MemStore>>);

impl SharedStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, MemStore> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes the next commit fail.
    pub(crate) fn fail_next_commit(&self) {
        self.lock().fail_next_commit = true;
    }

    /// Whether an injected failure is still pending (i.e. nothing committed since).
    pub(crate) fn failure_pending(&self) -> bool {
        self.lock().fail_next_commit
    }

    /// Everything the store holds now.
    pub(crate) fn state(&self) -> StoredState {
        self.lock().load().expect("load the store")
    }

    /// An independent copy of the store's contents.
    pub(crate) fn copy(&self) -> SharedStore {
        let mut copy = self.lock().clone();
        copy.fail_next_commit = false;
        SharedStore(Arc::new(Mutex::new(copy)))
    }
}

impl Store for SharedStore {
    fn load(&self) -> Result<StoredState, StoreError> {
        self.lock().load()
    }

    fn commit(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        self.lock().commit(changes)
    }
}

/// A hash of `password`, computed once per test binary (argon2 is slow).
pub(crate) fn pw(password: &str) -> NewPassword {
    static CACHE: OnceLock<Mutex<HashMap<String, NewPassword>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(password)
    {
        return hit.clone();
    }
    let prepared = NewPassword::prepare(&Secret::new(password));
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(password.to_owned(), prepared.clone());
    prepared
}

/// The code of an expected error.
#[track_caller]
pub(crate) fn code<T: Debug>(result: Result<T, HsmError>) -> ErrorCode {
    match result {
        Ok(v) => panic!("expected an HSM error, got Ok({v:?})"),
        Err(e) => e.code(),
    }
}

/// Asserts success.
#[track_caller]
pub(crate) fn ok(result: Result<Reply, HsmError>) {
    if let Err(e) = result {
        panic!("expected success, got {e:?} (code {:?})", e.code());
    }
}

/// One core, the handle to its store, its HSM IDs, and an observer session that never
/// logs in (for `listUsers`).
pub(crate) struct Sim {
    pub(crate) core: Core,
    pub(crate) store: SharedStore,
    pub(crate) config: CoreConfig,
    pub(crate) hsms: Vec<String>,
    observer: SessionId,
}

impl Sim {
    /// A fresh, never-activated cluster of `hsms` HSMs with the default configuration.
    pub(crate) fn new(hsms: u32) -> Self {
        Self::with_config(hsms, CoreConfig::default())
    }

    /// A fresh cluster with explicit settings.
    pub(crate) fn with_config(hsms: u32, config: CoreConfig) -> Self {
        Self::open(SharedStore::default(), config, hsms)
    }

    /// A core over `store` (new or already filled).
    pub(crate) fn open(store: SharedStore, config: CoreConfig, hsms: u32) -> Self {
        let mut core =
            Core::open(Box::new(store.clone()), config.clone(), hsms).expect("open the core");
        let hsms = core.clusters()[0]
            .hsms
            .iter()
            .map(|h| h.hsm_id.clone())
            .collect();
        let observer = core.open_session();
        Self {
            core,
            store,
            config,
            hsms,
            observer,
        }
    }

    /// A second core over a copy of this one's store: what a restart would load.
    pub(crate) fn reopened(&self) -> Self {
        Self::open(self.store.copy(), self.config.clone(), 1)
    }

    /// The ID of HSM number `i`.
    pub(crate) fn hsm(&self, i: usize) -> String {
        self.hsms[i].clone()
    }

    /// A new session.
    pub(crate) fn session(&mut self) -> SessionId {
        self.core.open_session()
    }

    /// Both halves of `loginHSM` on HSM `i`.
    pub(crate) fn login(
        &mut self,
        sid: SessionId,
        i: usize,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> Result<Reply, HsmError> {
        let hsm = self.hsm(i);
        let ticket = self.core.begin_login(sid, &hsm, user_type, name)?;
        let ok = ticket.check(&Secret::new(password));
        self.core.finish_login(sid, ticket, ok)
    }

    /// Runs one command on HSM `i`.
    pub(crate) fn run(
        &mut self,
        sid: SessionId,
        i: usize,
        command: Command,
    ) -> Result<Reply, HsmError> {
        let hsm = self.hsm(i);
        self.core.execute(sid, &hsm, command)
    }

    /// `createUser` with a cached hash.
    pub(crate) fn create(
        &mut self,
        sid: SessionId,
        i: usize,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> Result<Reply, HsmError> {
        self.run(
            sid,
            i,
            Command::CreateUser {
                user_type,
                name: name.to_owned(),
                password: pw(password),
            },
        )
    }

    /// `changePswd` with a cached hash.
    pub(crate) fn change(
        &mut self,
        sid: SessionId,
        i: usize,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> Result<Reply, HsmError> {
        self.run(
            sid,
            i,
            Command::ChangePassword {
                user_type,
                name: name.to_owned(),
                password: pw(password),
            },
        )
    }

    /// `deleteUser`.
    pub(crate) fn delete(
        &mut self,
        sid: SessionId,
        i: usize,
        user_type: UserType,
        name: &str,
    ) -> Result<Reply, HsmError> {
        self.run(
            sid,
            i,
            Command::DeleteUser {
                user_type,
                name: name.to_owned(),
            },
        )
    }

    /// Undo of this session's last `deleteUser`.
    pub(crate) fn restore(
        &mut self,
        sid: SessionId,
        i: usize,
        name: &str,
    ) -> Result<Reply, HsmError> {
        self.run(
            sid,
            i,
            Command::RestoreDeletedUser {
                name: name.to_owned(),
            },
        )
    }

    /// `logoutHSM`.
    pub(crate) fn logout(&mut self, sid: SessionId, i: usize) -> Result<Reply, HsmError> {
        self.run(sid, i, Command::Logout)
    }

    /// `listUsers` on HSM `i`, seen by the observer session.
    pub(crate) fn users(&mut self, i: usize) -> Vec<UserInfo> {
        let observer = self.observer;
        match self.run(observer, i, Command::ListUsers) {
            Ok(Reply::Users(users)) => users,
            other => panic!("listUsers: {other:?}"),
        }
    }

    /// `listUsers` of every HSM.
    pub(crate) fn all_users(&mut self) -> Vec<Vec<UserInfo>> {
        (0..self.hsms.len()).map(|i| self.users(i)).collect()
    }

    /// One row of `listUsers`, by exact stored name.
    pub(crate) fn user(&mut self, i: usize, name: &str) -> Option<UserInfo> {
        self.users(i).into_iter().find(|u| u.name == name)
    }

    /// `LoginFailureCnt` of a user on HSM `i`.
    pub(crate) fn failures(&mut self, i: usize, name: &str) -> u32 {
        self.user(i, name)
            .unwrap_or_else(|| panic!("no user {name} on HSM {i}"))
            .login_failure_count
    }

    /// Who `sid` is logged in as on HSM `i`.
    pub(crate) fn login_state(&mut self, sid: SessionId, i: usize) -> Option<LoginInfo> {
        match self.run(sid, i, Command::LoginState) {
            Ok(Reply::LoginState(state)) => state,
            other => panic!("login state: {other:?}"),
        }
    }

    /// Logs `admin` in on every HSM and activates it with [`ADMIN_PW`]. Returns that
    /// session, still logged in as the activated officer everywhere.
    pub(crate) fn activate(&mut self) -> SessionId {
        let sid = self.session();
        for i in 0..self.hsms.len() {
            ok(self.login(sid, i, UserType::Preco, "admin", FACTORY_PW));
            ok(self.change(sid, i, UserType::Preco, "admin", ADMIN_PW));
        }
        sid
    }

    /// Creates a user on every HSM through `sid`.
    pub(crate) fn create_everywhere(
        &mut self,
        sid: SessionId,
        user_type: UserType,
        name: &str,
        password: &str,
    ) {
        for i in 0..self.hsms.len() {
            ok(self.create(sid, i, user_type, name, password));
        }
    }

    /// A session logged in as `name` on every HSM.
    pub(crate) fn logged_in_everywhere(
        &mut self,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> SessionId {
        let sid = self.session();
        for i in 0..self.hsms.len() {
            ok(self.login(sid, i, user_type, name, password));
        }
        sid
    }

    /// An activated cluster with CU `bob` ([`USER_PW`]) on every HSM. Returns the
    /// officer's session (logged in as `admin` everywhere).
    pub(crate) fn with_bob(hsms: u32) -> (Self, SessionId) {
        let mut sim = Self::new(hsms);
        let co = sim.activate();
        sim.create_everywhere(co, UserType::Cu, "bob", USER_PW);
        (sim, co)
    }
}
