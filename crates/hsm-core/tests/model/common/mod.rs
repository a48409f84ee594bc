//! Helpers shared by the per-command test binaries: a [`Sim`] around one [`Core`] on a
//! MemStore the test can still reach (to inject commit failures and to reopen), cached
//! password hashes, and short forms of the commands.
#![allow(dead_code)]

use hsm_core::password::HashCost;
use hsm_core::{
    Change, Command, Core, CoreConfig, HsmError, Job, JobOutput, MemStore, Outcome, Reply,
    SessionId, Step, Store, StoreError, StoredState,
};
use hsm_proto::keys::{
    AttrValue, Attribute, ClusterReply, KeyFilter, KeyReply, KeyRequest, KeySpec, KeyTemplate,
    NodeStatus,
};
use hsm_proto::{ErrorCode, KeyHandle, LoginInfo, Secret, UserId, UserInfo, UserType};
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};

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

/// Handle `n`, for assertions that spell handles as numbers.
pub(crate) const fn h(n: u64) -> KeyHandle {
    KeyHandle(n)
}

/// A password as a command carries it.
pub(crate) fn pw(password: &str) -> Secret {
    Secret::new(password)
}

/// A key command's result, as a test reads it.
#[derive(Debug)]
pub(crate) struct KeyOutcome {
    pub(crate) result: Result<KeyReply, HsmError>,
    pub(crate) nodes: Vec<NodeStatus>,
}

impl From<Outcome> for KeyOutcome {
    fn from(outcome: Outcome) -> Self {
        let result = outcome.result.map(|reply| match reply {
            Reply::Cluster(ClusterReply {
                outcome: Ok(reply), ..
            }) => reply,
            other => panic!("a key command replied {other:?}"),
        });
        Self {
            result,
            nodes: outcome.nodes,
        }
    }
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
    pub(crate) fn open(store: SharedStore, mut config: CoreConfig, hsms: u32) -> Self {
        // Hundreds of users are created across the suite; the hash format is the same.
        config.password_cost = HashCost::Light;
        let mut core =
            Core::open(Box::new(store.clone()), config.clone(), hsms).expect("open the core");
        let hsms = core.clusters()[0]
            .hsms
            .iter()
            .map(|h| h.hsm_id.0.clone())
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

    /// `loginHSM` on HSM `i`.
    pub(crate) fn login(
        &mut self,
        sid: SessionId,
        i: usize,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> Result<Reply, HsmError> {
        self.run(sid, i, login_command(user_type, name, password))
    }

    /// The first part of `loginHSM` on HSM `i`: the checks, up to the password check the
    /// returned job does.
    pub(crate) fn begin_login(
        &mut self,
        sid: SessionId,
        hsm: &str,
        user_type: UserType,
        name: &str,
        password: &str,
    ) -> Result<Job, HsmError> {
        match self
            .core
            .execute(sid, hsm, login_command(user_type, name, password))
        {
            Step::Work(job) => Ok(job),
            Step::Done(outcome) => Err(outcome.result.expect_err("a login needs a job")),
        }
    }

    /// Resumes a command after its job ran, to its end.
    pub(crate) fn finish(&mut self, sid: SessionId, output: JobOutput) -> Result<Reply, HsmError> {
        let step = self.core.resume(sid, output);
        self.drive(sid, step).result
    }

    /// Runs jobs and resumes until the command is done.
    pub(crate) fn drive(&mut self, sid: SessionId, mut step: Step) -> Outcome {
        loop {
            match step {
                Step::Done(outcome) => return outcome,
                Step::Work(job) => step = self.core.resume(sid, job.run()),
            }
        }
    }

    /// Runs one command on HSM `i` to its end.
    pub(crate) fn outcome(&mut self, sid: SessionId, i: usize, command: Command) -> Outcome {
        let hsm = self.hsm(i);
        let step = self.core.execute(sid, &hsm, command);
        self.drive(sid, step)
    }

    /// Runs one command on HSM `i`.
    pub(crate) fn run(
        &mut self,
        sid: SessionId,
        i: usize,
        command: Command,
    ) -> Result<Reply, HsmError> {
        self.outcome(sid, i, command).result
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

// ---------------------------------------------------------------------------------------
// Key commands: short forms used by the `keys_*` test binaries.
// ---------------------------------------------------------------------------------------

/// Attribute ids (docs/kmu.md §3.1), as the key tests spell them.
pub(crate) mod attr {
    pub(crate) const CLASS: u32 = 0;
    pub(crate) const TOKEN: u32 = 1;
    pub(crate) const PRIVATE: u32 = 2;
    pub(crate) const LABEL: u32 = 3;
    pub(crate) const TRUSTED: u32 = 134;
    pub(crate) const KEY_TYPE: u32 = 256;
    pub(crate) const ID: u32 = 258;
    pub(crate) const SENSITIVE: u32 = 259;
    pub(crate) const ENCRYPT: u32 = 260;
    pub(crate) const DECRYPT: u32 = 261;
    pub(crate) const WRAP: u32 = 262;
    pub(crate) const UNWRAP: u32 = 263;
    pub(crate) const SIGN: u32 = 264;
    pub(crate) const VERIFY: u32 = 266;
    pub(crate) const DERIVE: u32 = 268;
    pub(crate) const MODULUS: u32 = 288;
    pub(crate) const MODULUS_BITS: u32 = 289;
    pub(crate) const PUBLIC_EXPONENT: u32 = 290;
    pub(crate) const VALUE_LEN: u32 = 353;
    pub(crate) const EXTRACTABLE: u32 = 354;
    pub(crate) const LOCAL: u32 = 355;
    pub(crate) const NEVER_EXTRACTABLE: u32 = 356;
    pub(crate) const ALWAYS_SENSITIVE: u32 = 357;
    pub(crate) const DESTROYABLE: u32 = 370;
    pub(crate) const KCV: u32 = 371;
    pub(crate) const WRAP_WITH_TRUSTED: u32 = 528;
    pub(crate) const WRAP_TEMPLATE: u32 = 1_073_742_353;
    pub(crate) const UNWRAP_TEMPLATE: u32 = 1_073_742_354;
}

/// Key type constants (docs/kmu.md §1.8).
pub(crate) const RSA: u32 = 0;
pub(crate) const EC: u32 = 3;
pub(crate) const GENERIC: u32 = 16;
pub(crate) const DES3: u32 = 21;
pub(crate) const AES: u32 = 31;

/// A token-key template with a label and nothing else.
pub(crate) fn tpl(label: &str) -> KeyTemplate {
    KeyTemplate {
        label: label.to_owned(),
        ..KeyTemplate::default()
    }
}

/// A session-key template.
pub(crate) fn session_tpl(label: &str) -> KeyTemplate {
    KeyTemplate {
        session: true,
        ..tpl(label)
    }
}

/// `genSymKey -t 31 -s 32`.
pub(crate) fn aes256() -> KeySpec {
    KeySpec::Symmetric {
        key_type: AES,
        size: 32,
    }
}

/// `genECCKeyPair -i 2` (P-256).
pub(crate) fn p256() -> KeySpec {
    KeySpec::Ec { curve_id: 2 }
}

/// `genRSAKeyPair -m 2048 -e 65537`.
pub(crate) fn rsa2048() -> KeySpec {
    KeySpec::Rsa {
        bits: 2048,
        exponent: 65537,
    }
}

/// The handles of a `Created` reply.
#[track_caller]
pub(crate) fn created(reply: KeyReply) -> Vec<KeyHandle> {
    match reply {
        KeyReply::Created(handles) => handles,
        KeyReply::Imported { handle, .. } => vec![handle],
        other => panic!("expected new keys, got {other:?}"),
    }
}

/// The bytes of a `Bytes` reply.
#[track_caller]
pub(crate) fn bytes(reply: KeyReply) -> Vec<u8> {
    match reply {
        KeyReply::Bytes(b) => b.expose().to_vec(),
        other => panic!("expected bytes, got {other:?}"),
    }
}

/// The blob and GCM IV of a `Wrapped` reply.
#[track_caller]
pub(crate) fn wrapped(reply: KeyReply) -> (Vec<u8>, Option<Vec<u8>>) {
    match reply {
        KeyReply::Wrapped { blob, gcm_iv } => (blob, gcm_iv),
        other => panic!("expected a wrapped key, got {other:?}"),
    }
}

/// Per-node results, in node order: `None` for success.
pub(crate) fn node_errors(nodes: &[NodeStatus]) -> Vec<Option<ErrorCode>> {
    let mut sorted = nodes.to_vec();
    sorted.sort_by_key(|n| n.node);
    sorted.iter().map(|n| n.error).collect()
}

/// The code of a failed key command.
#[track_caller]
pub(crate) fn key_code(outcome: KeyOutcome) -> ErrorCode {
    match outcome.result {
        Ok(v) => panic!("expected an HSM error, got Ok({v:?})"),
        Err(e) => e.code(),
    }
}

impl Sim {
    /// An activated cluster with the crypto users `names` (each [`USER_PW`]) on every HSM.
    /// Returns the officer's session and the users' IDs, in the order given.
    pub(crate) fn with_cus(hsms: u32, names: &[&str]) -> (Self, SessionId, Vec<UserId>) {
        let mut sim = Self::new(hsms);
        let co = sim.activate();
        for name in names {
            sim.create_everywhere(co, UserType::Cu, name, USER_PW);
        }
        let ids = names.iter().map(|n| sim.user_id(0, n)).collect();
        (sim, co, ids)
    }

    /// The ID of user `name` on HSM `i`.
    #[track_caller]
    pub(crate) fn user_id(&mut self, i: usize, name: &str) -> UserId {
        self.user(i, name)
            .unwrap_or_else(|| panic!("no user {name} on HSM {i}"))
            .id
    }

    /// A crypto user `name` logged in on every HSM.
    pub(crate) fn cu(&mut self, name: &str) -> SessionId {
        self.logged_in_everywhere(UserType::Cu, name, USER_PW)
    }

    /// Runs one key command through HSM `i`.
    pub(crate) fn key(&mut self, sid: SessionId, i: usize, request: KeyRequest) -> KeyOutcome {
        self.outcome(sid, i, Command::Key(request)).into()
    }

    /// Runs one key command that must succeed; returns its reply.
    #[track_caller]
    pub(crate) fn key_ok(&mut self, sid: SessionId, i: usize, request: KeyRequest) -> KeyReply {
        let what = format!("{request:?}");
        match self.key(sid, i, request).result {
            Ok(reply) => reply,
            Err(e) => panic!("{what}: expected success, got {e:?} (code {:?})", e.code()),
        }
    }

    /// Runs one key command that must fail; returns its code.
    #[track_caller]
    pub(crate) fn key_err(&mut self, sid: SessionId, i: usize, request: KeyRequest) -> ErrorCode {
        let what = format!("{request:?}");
        match self.key(sid, i, request).result {
            Ok(reply) => panic!("{what}: expected an HSM error, got Ok({reply:?})"),
            Err(e) => e.code(),
        }
    }

    /// Generates keys; returns the new handles (public first for a pair).
    #[track_caller]
    pub(crate) fn generate(
        &mut self,
        sid: SessionId,
        i: usize,
        spec: KeySpec,
        template: KeyTemplate,
    ) -> Vec<KeyHandle> {
        created(self.key_ok(sid, i, KeyRequest::GenerateKey { spec, template }))
    }

    /// A new AES-256 key.
    #[track_caller]
    pub(crate) fn aes(&mut self, sid: SessionId, i: usize, template: KeyTemplate) -> KeyHandle {
        self.generate(sid, i, aes256(), template)[0]
    }

    /// A new P-256 pair: (public, private).
    #[track_caller]
    pub(crate) fn ec_pair(
        &mut self,
        sid: SessionId,
        i: usize,
        template: KeyTemplate,
    ) -> (KeyHandle, KeyHandle) {
        let h = self.generate(sid, i, p256(), template);
        (h[0], h[1])
    }

    /// A new RSA-2048 pair: (public, private). Takes about a second.
    #[track_caller]
    pub(crate) fn rsa_pair(
        &mut self,
        sid: SessionId,
        i: usize,
        template: KeyTemplate,
    ) -> (KeyHandle, KeyHandle) {
        let h = self.generate(sid, i, rsa2048(), template);
        (h[0], h[1])
    }

    /// Every attribute of a key, as `getAttribute -a 512` sees it.
    #[track_caller]
    pub(crate) fn attributes(
        &mut self,
        sid: SessionId,
        i: usize,
        handle: KeyHandle,
    ) -> Vec<Attribute> {
        match self.key_ok(sid, i, KeyRequest::GetAttributes { handle }) {
            KeyReply::Attributes(a) => a,
            other => panic!("getAttribute: {other:?}"),
        }
    }

    /// One attribute of a key.
    #[track_caller]
    pub(crate) fn attribute(
        &mut self,
        sid: SessionId,
        i: usize,
        handle: KeyHandle,
        id: u32,
    ) -> AttrValue {
        self.attributes(sid, i, handle)
            .into_iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("key {handle} has no attribute {id}"))
            .value
    }

    /// The key check value of a key.
    #[track_caller]
    pub(crate) fn kcv(&mut self, sid: SessionId, i: usize, handle: KeyHandle) -> Vec<u8> {
        match self.attribute(sid, i, handle, attr::KCV) {
            AttrValue::Bytes(b) => b,
            other => panic!("KCV: {other:?}"),
        }
    }

    /// `findKey` with a filter.
    #[track_caller]
    pub(crate) fn find(&mut self, sid: SessionId, i: usize, filter: KeyFilter) -> Vec<KeyHandle> {
        match self.key_ok(sid, i, KeyRequest::FindKeys(filter)) {
            KeyReply::Handles(h) => h,
            other => panic!("findKey: {other:?}"),
        }
    }

    /// `findKey` with no filter: every key the session can see on HSM `i`.
    #[track_caller]
    pub(crate) fn find_all(&mut self, sid: SessionId, i: usize) -> Vec<KeyHandle> {
        self.find(sid, i, KeyFilter::default())
    }

    /// `getKeyInfo`: (owner, shared with, m value).
    #[track_caller]
    pub(crate) fn key_info(
        &mut self,
        sid: SessionId,
        i: usize,
        handle: KeyHandle,
    ) -> (UserId, Vec<UserId>, u32) {
        match self.key_ok(sid, i, KeyRequest::GetKeyInfo { handle }) {
            KeyReply::KeyInfo {
                owner,
                shared_with,
                m_value,
            } => (owner, shared_with, m_value),
            other => panic!("getKeyInfo: {other:?}"),
        }
    }

    /// CMU `findAllKeys` (officer session): the handles listed for `user_id` on HSM `i`.
    #[track_caller]
    pub(crate) fn all_keys_of(
        &mut self,
        co: SessionId,
        i: usize,
        user_id: UserId,
    ) -> Vec<KeyHandle> {
        match self.key_ok(
            co,
            i,
            KeyRequest::FindAllKeys {
                user_id,
                hash: false,
            },
        ) {
            KeyReply::AllKeys { keys, .. } => keys.iter().map(|k| k.handle).collect(),
            other => panic!("findAllKeys: {other:?}"),
        }
    }

    /// `findSingleKey`: per-node results in node order.
    #[track_caller]
    pub(crate) fn presence(
        &mut self,
        sid: SessionId,
        i: usize,
        handle: KeyHandle,
    ) -> Vec<Option<ErrorCode>> {
        let outcome = self.key(sid, i, KeyRequest::FindSingleKey { handle });
        node_errors(&outcome.nodes)
    }

    /// `exSymKey -k handle -w wrapping`: the plaintext key bytes.
    #[track_caller]
    pub(crate) fn export_sym(
        &mut self,
        sid: SessionId,
        i: usize,
        handle: KeyHandle,
        wrapping: KeyHandle,
    ) -> Vec<u8> {
        bytes(self.key_ok(
            sid,
            i,
            KeyRequest::ExportSymKey {
                handle,
                wrapping,
                host_key: None,
            },
        ))
    }

    /// `deleteKey`, which must succeed.
    #[track_caller]
    pub(crate) fn delete_key(&mut self, sid: SessionId, i: usize, handle: KeyHandle) {
        self.key_ok(sid, i, KeyRequest::DeleteKey { handle });
    }
}

fn login_command(user_type: UserType, name: &str, password: &str) -> Command {
    Command::Login {
        user_type,
        name: name.to_owned(),
        password: Secret::new(password),
    }
}
