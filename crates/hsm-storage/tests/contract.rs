//! The `Store` contract, written once as generic functions and run against both backends
//! (STYLE.md "Storage"): `MemStore` from hsm-core and `SledStore` from this crate. Backend
//! specifics (reopening a directory, schema version, the directory lock, injected commit
//! failures) follow the shared suite.

use hsm_core::cluster::Cluster;
use hsm_core::objects::{Key, KeyClass, KeyFacts, KeyFlags};
use hsm_core::password::PasswordHash;
use hsm_core::user::User;
use hsm_core::{Change, MemStore, Store, StoreError, StoredState};
use hsm_proto::{HsmId, HsmIdentity, KeyHandle, Secret, SecretBytes, UserId, UserType};
use hsm_storage::{SledStore, SCHEMA_VERSION};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Backends

/// A store under test, plus what a process restart means for it.
trait Backend {
    type S: Store;
    fn store(&mut self) -> &mut Self::S;
    /// Drops the store and opens the same data again.
    fn reopen(&mut self);
}

/// MemStore lives as long as the process, so "reopening" keeps the same value.
#[derive(Default)]
struct Mem(MemStore);

impl Backend for Mem {
    type S = MemStore;
    fn store(&mut self) -> &mut MemStore {
        &mut self.0
    }
    fn reopen(&mut self) {
        self.0 = std::mem::take(&mut self.0);
    }
}

/// SledStore in a temporary directory.
struct Sled {
    // Declared first so it is dropped first: the database closes before its directory goes.
    store: Option<SledStore>,
    dir: TempDir,
}

impl Sled {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SledStore::open(dir.path()).expect("open sled store");
        Self {
            store: Some(store),
            dir,
        }
    }
}

impl Backend for Sled {
    type S = SledStore;
    fn store(&mut self) -> &mut SledStore {
        self.store.as_mut().expect("store is open")
    }
    fn reopen(&mut self) {
        // Drop first: sled holds an exclusive lock on the directory.
        self.store = None;
        self.store = Some(reopen(self.dir.path()));
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures

fn hash() -> PasswordHash {
    static HASH: OnceLock<PasswordHash> = OnceLock::new();
    HASH.get_or_init(|| PasswordHash::new(&Secret::new("Contract_pw1")))
        .clone()
}

/// A cluster as `Core` would create it, with one more user on its second HSM.
fn cluster(ordinal: u32, hsms: u32) -> Cluster {
    let mut c = Cluster::new_uninitialized(ordinal, hsms);
    if let Some(hsm) = c.hsms.get_mut(1) {
        let bob = User::new(UserId(3), "Bob", UserType::Cu, Some(hash()));
        hsm.replica.users.insert(UserId(3), bob);
        hsm.replica.next_user_id = UserId(4);
    }
    c
}

fn load<S: Store>(store: &S) -> StoredState {
    store.load().expect("load")
}

fn commit<S: Store>(store: &mut S, changes: &[Change]) {
    store.commit(changes).expect("commit");
}

fn hsm_id(c: &Cluster, i: usize) -> HsmId {
    c.hsms[i].identity.hsm_id.clone()
}

fn put_user(hsm_id: impl AsRef<str>, user: &User) -> Change {
    Change::PutUser {
        hsm_id: HsmId::from(hsm_id.as_ref()),
        user: user.clone(),
    }
}

fn remove_user(hsm_id: impl AsRef<str>, user_id: u32) -> Change {
    Change::RemoveUser {
        hsm_id: HsmId::from(hsm_id.as_ref()),
        user_id: UserId(user_id),
    }
}

/// A token AES key owned by `owner`.
fn key(handle: u64, owner: u32) -> Key {
    Key {
        handle: KeyHandle(handle),
        class: KeyClass::Secret,
        key_type: 31,
        owner: UserId(owner),
        shared_with: [UserId(owner + 1)].into(),
        m_value: 0,
        token: true,
        label: format!("key{handle}"),
        id: String::new(),
        flags: KeyFlags {
            encrypt: true,
            decrypt: true,
            ..KeyFlags::default()
        },
        facts: KeyFacts {
            value_len: 16,
            ..KeyFacts::default()
        },
        material: SecretBytes::new(vec![0x5a; 16]),
    }
}

fn put_key(hsm_id: impl AsRef<str>, key: &Key) -> Change {
    Change::PutKey {
        hsm_id: HsmId::from(hsm_id.as_ref()),
        key: key.clone(),
    }
}

fn remove_key(hsm_id: impl AsRef<str>, handle: u64) -> Change {
    Change::RemoveKey {
        hsm_id: HsmId::from(hsm_id.as_ref()),
        handle: KeyHandle(handle),
    }
}

fn hsm_record(c: &Cluster, i: usize, next_user_id: u32) -> Change {
    // Taken from `whole_cluster` so the test does not depend on the record's fields.
    let mut c = c.clone();
    c.hsms[i].replica.next_user_id = UserId(next_user_id);
    let id = hsm_id(&c, i);
    Change::whole_cluster(&c)
        .into_iter()
        .find(|change| matches!(change, Change::PutHsm(h) if h.identity.hsm_id == id))
        .expect("whole_cluster writes every HSM record")
}

/// The single stored cluster.
fn only_cluster<S: Store>(store: &S) -> Cluster {
    let mut clusters = load(store).clusters;
    assert_eq!(clusters.len(), 1, "expected exactly one cluster");
    clusters.remove(0)
}

// ---------------------------------------------------------------------------------------
// The contract

fn empty_store_loads_nothing(b: &mut impl Backend) {
    assert_eq!(load(b.store()), StoredState::default());
    b.reopen();
    assert_eq!(load(b.store()), StoredState::default());
}

fn a_committed_cluster_loads_back_equal(b: &mut impl Backend) {
    let c = cluster(0, 3);
    commit(b.store(), &Change::whole_cluster(&c));
    assert_eq!(load(b.store()).clusters, [c]);
    // Password hashes survive as hashes that still verify.
    let bob = &only_cluster(b.store()).hsms[1].replica.users[&UserId(3)];
    let stored = bob.password.as_ref().expect("bob has a password");
    assert!(stored.verify(&Secret::new("Contract_pw1")));
    assert!(!stored.verify(&Secret::new("contract_pw1")));
}

fn clusters_load_in_ordinal_order(b: &mut impl Backend) {
    let (c0, c1, c2) = (cluster(0, 1), cluster(1, 2), cluster(2, 3));
    commit(b.store(), &Change::whole_cluster(&c2));
    commit(b.store(), &Change::whole_cluster(&c0));
    commit(b.store(), &Change::whole_cluster(&c1));
    assert_eq!(load(b.store()).clusters, [c0, c1, c2]);
}

fn recommitting_a_cluster_replaces_it(b: &mut impl Backend) {
    let mut c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    c.region = "eu-west-1".into();
    commit(b.store(), &Change::whole_cluster(&c));
    assert_eq!(load(b.store()).clusters, [c]);
}

fn put_user_adds_then_replaces(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    let h0 = hsm_id(&c, 0);
    let mut carl = User::new(UserId(7), "carl", UserType::Co, Some(hash()));
    commit(b.store(), &[put_user(&h0, &carl)]);
    assert_eq!(
        only_cluster(b.store()).hsms[0].replica.users[&UserId(7)],
        carl
    );
    carl.login_failures = 4;
    carl.user_type = UserType::Pco;
    commit(b.store(), &[put_user(&h0, &carl)]);
    let loaded = only_cluster(b.store());
    assert_eq!(loaded.hsms[0].replica.users[&UserId(7)], carl);
    assert_eq!(loaded.hsms[0].replica.users.len(), 3);
    // The other HSM did not get the user.
    assert_eq!(loaded.hsms[1], c.hsms[1]);
}

fn remove_user_removes_only_that_user_on_that_hsm(b: &mut impl Backend) {
    let c = cluster(0, 3);
    commit(b.store(), &Change::whole_cluster(&c));
    commit(b.store(), &[remove_user(hsm_id(&c, 1), 1)]);
    let loaded = only_cluster(b.store());
    let ids: Vec<u32> = loaded.hsms[1].replica.users.keys().map(|id| id.0).collect();
    assert_eq!(ids, [2, 3]);
    assert_eq!(loaded.hsms[0], c.hsms[0]);
    assert_eq!(loaded.hsms[2], c.hsms[2]);
    // The counter is not the store's business: it stays as committed.
    assert_eq!(loaded.hsms[1].replica.next_user_id, UserId(4));
}

fn removing_a_missing_user_is_harmless(b: &mut impl Backend) {
    let c = cluster(0, 1);
    commit(b.store(), &Change::whole_cluster(&c));
    commit(b.store(), &[remove_user(hsm_id(&c, 0), 99)]);
    assert_eq!(load(b.store()).clusters, [c]);
}

fn put_hsm_updates_the_counter_and_keeps_the_users(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    commit(b.store(), &[hsm_record(&c, 1, 40)]);
    let loaded = only_cluster(b.store());
    assert_eq!(loaded.hsms[1].replica.next_user_id, UserId(40));
    assert_eq!(loaded.hsms[1].replica.users, c.hsms[1].replica.users);
    assert_eq!(loaded.hsms[0], c.hsms[0]);
}

fn the_same_user_id_on_two_hsms_is_two_records(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    let on0 = User::new(UserId(9), "alpha", UserType::Cu, None);
    let on1 = User::new(UserId(9), "beta", UserType::Co, None);
    commit(
        b.store(),
        &[put_user(hsm_id(&c, 0), &on0), put_user(hsm_id(&c, 1), &on1)],
    );
    commit(b.store(), &[remove_user(hsm_id(&c, 0), 9)]);
    let loaded = only_cluster(b.store());
    assert!(!loaded.hsms[0].replica.users.contains_key(&UserId(9)));
    assert_eq!(loaded.hsms[1].replica.users[&UserId(9)], on1);
}

/// A create as `Core` commits it: the user and the HSM's counter in one batch.
fn a_batch_applies_every_change(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    let (h0, h1) = (hsm_id(&c, 0), hsm_id(&c, 1));
    let dave = User::new(UserId(3), "dave", UserType::Cu, Some(hash()));
    let erin = User::new(UserId(4), "erin", UserType::Co, None);
    commit(
        b.store(),
        &[
            put_user(&h0, &dave),
            hsm_record(&c, 0, 4),
            put_user(&h1, &erin),
            remove_user(&h1, 3),
            hsm_record(&c, 1, 5),
        ],
    );
    let loaded = only_cluster(b.store());
    assert_eq!(loaded.hsms[0].replica.users[&UserId(3)], dave);
    assert_eq!(loaded.hsms[0].replica.next_user_id, UserId(4));
    let ids: Vec<u32> = loaded.hsms[1].replica.users.keys().map(|id| id.0).collect();
    assert_eq!(ids, [1, 2, 4]);
    assert_eq!(loaded.hsms[1].replica.next_user_id, UserId(5));
}

fn a_batch_applies_in_order(b: &mut impl Backend) {
    let c = cluster(0, 1);
    commit(b.store(), &Change::whole_cluster(&c));
    let h0 = hsm_id(&c, 0);
    let mut fay = User::new(UserId(5), "fay", UserType::Cu, None);
    commit(b.store(), &[put_user(&h0, &fay), remove_user(&h0, 5)]);
    assert!(!only_cluster(b.store()).hsms[0]
        .replica
        .users
        .contains_key(&UserId(5)));
    fay.login_failures = 1;
    let first = fay.clone();
    fay.login_failures = 2;
    commit(
        b.store(),
        &[
            remove_user(&h0, 5),
            put_user(&h0, &first),
            put_user(&h0, &fay),
        ],
    );
    assert_eq!(
        only_cluster(b.store()).hsms[0].replica.users[&UserId(5)],
        fay
    );
}

fn an_empty_batch_changes_nothing(b: &mut impl Backend) {
    commit(b.store(), &[]);
    assert_eq!(load(b.store()), StoredState::default());
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    commit(b.store(), &[]);
    assert_eq!(load(b.store()).clusters, [c]);
}

fn hsm_ids_that_prefix_each_other_stay_apart(b: &mut impl Backend) {
    // Cluster IDs and HSM IDs are derived in practice, but the layout must not depend on it.
    let mut c = cluster(0, 3);
    let ids = ["hsm-a", "hsm-ab", "hsm-a/b"];
    for (hsm, id) in c.hsms.iter_mut().zip(ids) {
        hsm.identity.hsm_id = id.into();
        hsm.replica.users.insert(
            UserId(10),
            User::new(UserId(10), &format!("u_{}", id.len()), UserType::Cu, None),
        );
    }
    commit(b.store(), &Change::whole_cluster(&c));
    assert_eq!(load(b.store()).clusters, [c]);
    commit(b.store(), &[remove_user("hsm-a", 10)]);
    let loaded = only_cluster(b.store());
    assert!(!loaded.hsms[0].replica.users.contains_key(&UserId(10)));
    assert!(loaded.hsms[1].replica.users.contains_key(&UserId(10)));
    assert!(loaded.hsms[2].replica.users.contains_key(&UserId(10)));
}

fn a_user_of_an_unknown_hsm_is_reported_corrupt(b: &mut impl Backend) {
    let c = cluster(0, 1);
    commit(b.store(), &Change::whole_cluster(&c));
    let ghost = User::new(UserId(3), "ghost", UserType::Cu, None);
    commit(b.store(), &[put_user("hsm-nowhere", &ghost)]);
    assert!(matches!(b.store().load(), Err(StoreError::Corrupt { .. })));
}

fn put_key_adds_then_replaces_on_that_hsm_only(b: &mut impl Backend) {
    let c = cluster(0, 3);
    commit(b.store(), &Change::whole_cluster(&c));
    let h1 = hsm_id(&c, 1);
    let mut k = key(262_150, 3);
    commit(b.store(), &[put_key(&h1, &k)]);
    let loaded = only_cluster(b.store());
    assert_eq!(
        loaded.hsms[1].replica.keys.get(&KeyHandle(262_150)),
        Some(&k)
    );
    assert!(loaded.hsms[0].replica.keys.is_empty());
    assert!(loaded.hsms[2].replica.keys.is_empty());
    k.label = "relabelled".into();
    k.shared_with.clear();
    commit(b.store(), &[put_key(&h1, &k)]);
    let loaded = only_cluster(b.store());
    assert_eq!(loaded.hsms[1].replica.keys.len(), 1);
    assert_eq!(loaded.hsms[1].replica.keys[&KeyHandle(262_150)], k);
}

fn remove_key_removes_only_that_key_on_that_hsm(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    let (h0, h1) = (hsm_id(&c, 0), hsm_id(&c, 1));
    let (k1, k2) = (key(6, 3), key(7, 3));
    commit(
        b.store(),
        &[put_key(&h0, &k1), put_key(&h0, &k2), put_key(&h1, &k1)],
    );
    commit(b.store(), &[remove_key(&h0, 6), remove_key(&h0, 99)]);
    let loaded = only_cluster(b.store());
    let handles: Vec<u64> = loaded.hsms[0].replica.keys.keys().map(|h| h.0).collect();
    assert_eq!(handles, [7]);
    assert_eq!(loaded.hsms[1].replica.keys.get(&KeyHandle(6)), Some(&k1));
}

fn a_key_of_an_unknown_hsm_is_reported_corrupt(b: &mut impl Backend) {
    let c = cluster(0, 1);
    commit(b.store(), &Change::whole_cluster(&c));
    commit(b.store(), &[put_key("hsm-nowhere", &key(6, 3))]);
    assert!(matches!(b.store().load(), Err(StoreError::Corrupt { .. })));
}

fn keys_survive_a_reopen(b: &mut impl Backend) {
    let c = cluster(0, 2);
    commit(b.store(), &Change::whole_cluster(&c));
    let h1 = hsm_id(&c, 1);
    let k = key(1 << 18 | 6, 3);
    commit(b.store(), &[put_key(&h1, &k)]);
    b.reopen();
    assert_eq!(
        only_cluster(b.store()).hsms[1].replica.keys.get(&k.handle),
        Some(&k)
    );
}

/// `Change::whole_cluster` promises "every change that writes a whole cluster": a
/// cluster whose HSMs hold token keys must load back with them.
fn a_committed_cluster_with_keys_loads_back_equal(b: &mut impl Backend) {
    let mut c = cluster(0, 2);
    for hsm in &mut c.hsms {
        hsm.replica.keys.insert(KeyHandle(6), key(6, 3));
    }
    commit(b.store(), &Change::whole_cluster(&c));
    assert_eq!(load(b.store()).clusters, [c]);
}

fn everything_survives_a_reopen(b: &mut impl Backend) {
    let (mut c0, c1) = (cluster(0, 3), cluster(1, 2));
    commit(b.store(), &Change::whole_cluster(&c0));
    commit(b.store(), &Change::whole_cluster(&c1));
    let h2 = hsm_id(&c0, 2);
    let gus = User::new(UserId(3), "gus", UserType::Co, Some(hash()));
    commit(b.store(), &[put_user(&h2, &gus), hsm_record(&c0, 2, 4)]);
    commit(b.store(), &[remove_user(hsm_id(&c0, 0), 2)]);
    c0.hsms[2].replica.users.insert(UserId(3), gus);
    c0.hsms[2].replica.next_user_id = UserId(4);
    c0.hsms[0].replica.users.remove(&UserId(2));
    let before = load(b.store());
    assert_eq!(before.clusters, [c0, c1]);
    b.reopen();
    assert_eq!(load(b.store()), before);
    // And the reopened store keeps accepting changes.
    commit(b.store(), &[remove_user(&h2, 3)]);
    b.reopen();
    assert!(!load(b.store()).clusters[0].hsms[2]
        .replica
        .users
        .contains_key(&UserId(3)));
}

macro_rules! contract_suite {
    ($backend:ident, $make:expr) => {
        mod $backend {
            use super::*;

            #[test]
            fn empty_store_loads_nothing() {
                super::empty_store_loads_nothing(&mut $make);
            }
            #[test]
            fn a_committed_cluster_loads_back_equal() {
                super::a_committed_cluster_loads_back_equal(&mut $make);
            }
            #[test]
            fn clusters_load_in_ordinal_order() {
                super::clusters_load_in_ordinal_order(&mut $make);
            }
            #[test]
            fn recommitting_a_cluster_replaces_it() {
                super::recommitting_a_cluster_replaces_it(&mut $make);
            }
            #[test]
            fn put_user_adds_then_replaces() {
                super::put_user_adds_then_replaces(&mut $make);
            }
            #[test]
            fn remove_user_removes_only_that_user_on_that_hsm() {
                super::remove_user_removes_only_that_user_on_that_hsm(&mut $make);
            }
            #[test]
            fn removing_a_missing_user_is_harmless() {
                super::removing_a_missing_user_is_harmless(&mut $make);
            }
            #[test]
            fn put_hsm_updates_the_counter_and_keeps_the_users() {
                super::put_hsm_updates_the_counter_and_keeps_the_users(&mut $make);
            }
            #[test]
            fn the_same_user_id_on_two_hsms_is_two_records() {
                super::the_same_user_id_on_two_hsms_is_two_records(&mut $make);
            }
            #[test]
            fn a_batch_applies_every_change() {
                super::a_batch_applies_every_change(&mut $make);
            }
            #[test]
            fn a_batch_applies_in_order() {
                super::a_batch_applies_in_order(&mut $make);
            }
            #[test]
            fn an_empty_batch_changes_nothing() {
                super::an_empty_batch_changes_nothing(&mut $make);
            }
            #[test]
            fn hsm_ids_that_prefix_each_other_stay_apart() {
                super::hsm_ids_that_prefix_each_other_stay_apart(&mut $make);
            }
            #[test]
            fn a_user_of_an_unknown_hsm_is_reported_corrupt() {
                super::a_user_of_an_unknown_hsm_is_reported_corrupt(&mut $make);
            }
            #[test]
            fn put_key_adds_then_replaces_on_that_hsm_only() {
                super::put_key_adds_then_replaces_on_that_hsm_only(&mut $make);
            }
            #[test]
            fn remove_key_removes_only_that_key_on_that_hsm() {
                super::remove_key_removes_only_that_key_on_that_hsm(&mut $make);
            }
            #[test]
            fn a_key_of_an_unknown_hsm_is_reported_corrupt() {
                super::a_key_of_an_unknown_hsm_is_reported_corrupt(&mut $make);
            }
            #[test]
            fn keys_survive_a_reopen() {
                super::keys_survive_a_reopen(&mut $make);
            }
            #[test]
            fn a_committed_cluster_with_keys_loads_back_equal() {
                super::a_committed_cluster_with_keys_loads_back_equal(&mut $make);
            }
            #[test]
            fn everything_survives_a_reopen() {
                super::everything_survives_a_reopen(&mut $make);
            }
        }
    };
}

contract_suite!(mem_store, Mem::default());
contract_suite!(sled_store, Sled::new());

// ---------------------------------------------------------------------------------------
// MemStore specifics

#[test]
fn mem_injected_failure_applies_nothing_and_fails_once() {
    let mut store = MemStore::default();
    let c = cluster(0, 2);
    store.fail_next_commit = true;
    assert!(matches!(
        store.commit(&Change::whole_cluster(&c)),
        Err(StoreError::Backend(_))
    ));
    assert_eq!(load(&store), StoredState::default());
    assert!(!store.fail_next_commit);
    commit(&mut store, &Change::whole_cluster(&c));
    assert_eq!(load(&store).clusters, [c]);
}

// ---------------------------------------------------------------------------------------
// SledStore specifics

/// How long a test waits for sled to let go of a directory whose handle it has dropped.
const RELEASE: Duration = Duration::from_secs(10);

/// Reopens a directory this test has just closed.
fn reopen(dir: &Path) -> SledStore {
    SledStore::open_within(dir, RELEASE).expect("reopen sled store")
}

/// The raw sled database under a store this test has just closed, to tamper with it.
fn raw_db(dir: &Path) -> sled::Db {
    reopen(dir).into_db()
}

/// Rewrites a freshly created store's schema version.
fn overwrite_schema_record(dir: &std::path::Path, value: &[u8]) {
    drop(SledStore::open(dir).expect("create store"));
    let db = raw_db(dir);
    assert_eq!(
        db.get(b"meta/schema").expect("get").as_deref(),
        Some(&SCHEMA_VERSION.to_le_bytes()[..])
    );
    db.insert(b"meta/schema", value).expect("insert");
    db.flush().expect("flush");
}

#[test]
fn sled_reopening_a_directory_gives_identical_state() {
    let dir = tempfile::tempdir().unwrap();
    let c = cluster(0, 3);
    {
        let mut store = SledStore::open(dir.path()).unwrap();
        commit(&mut store, &Change::whole_cluster(&c));
    }
    let store = reopen(dir.path());
    assert_eq!(load(&store).clusters, [c]);
}

#[test]
fn sled_a_directory_from_another_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    overwrite_schema_record(dir.path(), &(SCHEMA_VERSION + 1).to_le_bytes());
    match SledStore::open_within(dir.path(), RELEASE) {
        Err(StoreError::SchemaMismatch { found, expected }) => {
            assert_eq!((found, expected), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        Err(other) => panic!("expected a schema mismatch, got {other:?}"),
        Ok(_) => panic!("expected a schema mismatch, the store opened"),
    }
}

#[test]
fn sled_an_unreadable_schema_version_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    overwrite_schema_record(dir.path(), &[1, 0, 0]);
    assert!(matches!(
        SledStore::open_within(dir.path(), RELEASE),
        Err(StoreError::Corrupt { .. })
    ));
}

#[test]
fn sled_a_directory_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SledStore::open(dir.path()).unwrap();
    assert!(matches!(
        SledStore::open(dir.path()),
        Err(StoreError::InUse)
    ));
}

#[test]
fn sled_open_within_waits_for_a_release_and_then_gives_up() {
    let dir = tempfile::tempdir().unwrap();
    let first = SledStore::open(dir.path()).unwrap();
    assert!(matches!(
        SledStore::open_within(dir.path(), Duration::from_millis(200)),
        Err(StoreError::InUse)
    ));
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        released.recv().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
    });
    release.send(()).unwrap();
    assert!(SledStore::open_within(dir.path(), RELEASE).is_ok());
    holder.join().unwrap();
}

#[test]
fn sled_a_corrupt_record_fails_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let c = cluster(0, 1);
    {
        let mut store = SledStore::open(dir.path()).unwrap();
        commit(&mut store, &Change::whole_cluster(&c));
    }
    {
        // Truncate every user record to garbage.
        let db = raw_db(dir.path());
        let users: Vec<_> = db
            .scan_prefix(b"user/")
            .keys()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!users.is_empty(), "user records live under user/");
        for key in users {
            db.insert(key, &[0xff][..]).unwrap();
        }
        db.flush().unwrap();
    }
    let store = reopen(dir.path());
    assert!(matches!(store.load(), Err(StoreError::Corrupt { .. })));
}

/// The whole model over sled: what `Core` commits, a reopened `Core` loads.
#[test]
fn sled_core_state_survives_a_reopen() {
    use hsm_core::{Command, Core, CoreConfig, Reply};
    let dir = tempfile::tempdir().unwrap();
    let listing = |core: &mut Core, sid, hsm: &str| match core
        .run_inline(sid, hsm, Command::ListUsers)
        .result
    {
        Ok(Reply::Users(users)) => users,
        other => panic!("{other:?}"),
    };
    let (hsms, before) = {
        let store = SledStore::open(dir.path()).unwrap();
        let mut core = Core::open(Box::new(store), CoreConfig::default(), 2).unwrap();
        let hsms: Vec<HsmId> = core.clusters()[0]
            .hsms
            .iter()
            .map(|h| h.hsm_id.clone())
            .collect();
        let sid = core.open_session();
        let login = Command::Login {
            user_type: UserType::Preco,
            name: "admin".into(),
            password: Secret::new("password"),
        };
        core.run_inline(sid, hsms[0].as_str(), login)
            .result
            .unwrap();
        let password = Secret::new("Admin_pw1");
        core.run_inline(
            sid,
            hsms[0].as_str(),
            Command::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: password.clone(),
            },
        )
        .result
        .unwrap();
        core.run_inline(
            sid,
            hsms[0].as_str(),
            Command::CreateUser {
                user_type: UserType::Cu,
                name: "bob".into(),
                password,
            },
        )
        .result
        .unwrap();
        let before: Vec<_> = hsms
            .iter()
            .map(|h| listing(&mut core, sid, h.as_str()))
            .collect();
        (hsms, before)
    };
    let store = reopen(dir.path());
    let mut core = Core::open(Box::new(store), CoreConfig::default(), 5).unwrap();
    let sid = core.open_session();
    let after: Vec<_> = hsms
        .iter()
        .map(|h| listing(&mut core, sid, h.as_str()))
        .collect();
    assert_eq!(after, before);
    assert_eq!(core.clusters()[0].hsms.len(), 2);
    assert_eq!(before[0][0].user_type, UserType::Co);
    assert_eq!(before[0].len(), 3);
}

/// A cluster unlike the generated ones (other region, ordinal, IDs, counters) still
/// round-trips through both backends.
#[test]
fn a_hand_edited_cluster_round_trips_through_both_backends() {
    let mut c = Cluster::new_uninitialized(7, 1);
    c.id = "cluster-handmade".into();
    c.region = "eu-west-1".into();
    c.hsm_type = "hsm2m.medium".into();
    let hsm = &mut c.hsms[0];
    hsm.identity = HsmIdentity {
        hsm_id: "hsm-handmade".into(),
        cluster_id: "cluster-handmade".into(),
        eni_ip: "10.9.9.9".into(),
        availability_zone: "eu-west-1c".into(),
        port: 2225,
    };
    hsm.replica.users.clear();
    hsm.replica.users.insert(
        UserId(5),
        User::new(UserId(5), "only", UserType::Co, Some(hash())),
    );
    hsm.replica.next_user_id = UserId(77);
    let mut mem = Mem::default();
    let mut sled = Sled::new();
    commit(mem.store(), &Change::whole_cluster(&c));
    commit(sled.store(), &Change::whole_cluster(&c));
    sled.reopen();
    assert_eq!(load(mem.store()).clusters, std::slice::from_ref(&c));
    assert_eq!(load(sled.store()).clusters, [c]);
}
