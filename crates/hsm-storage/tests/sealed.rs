//! Sealed storage (docs/storage.md): no secret readable in a store's directory, the master
//! key file's rules, records bound to their place, and the migration of schema-1 stores.

use hsm_core::cluster::Cluster;
use hsm_core::objects::{Key, KeyClass, KeyFacts, KeyFlags};
use hsm_core::password::{HashCost, PasswordHash};
use hsm_core::user::User;
use hsm_core::{Change, Store, StoreError};
use hsm_proto::{KeyHandle, Secret, SecretBytes, UserId, UserType};
use hsm_storage::{MasterKeyError, SledStore, MASTER_KEY_FILE, SCHEMA_VERSION};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a test waits for sled to let go of a directory whose handle it has dropped.
const RELEASE: Duration = Duration::from_secs(10);
const PASSWORD: &str = "Sealed_store_pw";
const MATERIAL: &[u8; 32] = b"KNOWN-AES-KEY-MATERIAL-0123456!!";

/// A one-HSM cluster with a crypto user (known password) owning a key (known material).
fn cluster() -> Cluster {
    let mut c = Cluster::new_uninitialized(0, 1);
    let replica = &mut c.hsms[0].replica;
    let hash = PasswordHash::with_cost(&Secret::new(PASSWORD), HashCost::Light);
    replica.users.insert(
        UserId(3),
        User::new(UserId(3), "bob", UserType::Cu, Some(hash)),
    );
    replica.next_user_id = UserId(4);
    for handle in [6, 7] {
        replica.keys.insert(KeyHandle(handle), key(handle));
    }
    c
}

fn key(handle: u64) -> Key {
    Key {
        handle: KeyHandle(handle),
        class: KeyClass::Secret,
        key_type: 31,
        owner: UserId(3),
        shared_with: Default::default(),
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
            value_len: 32,
            ..KeyFacts::default()
        },
        material: SecretBytes::new(MATERIAL.to_vec()),
    }
}

/// The bytes that must never be readable at rest.
fn secrets(c: &Cluster) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("key material", MATERIAL.to_vec()),
        ("masking key", c.mask_key.expose().to_vec()),
        ("password", PASSWORD.as_bytes().to_vec()),
        ("password hash", b"$argon2id$".to_vec()),
    ]
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read the directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The files under `dir` whose bytes contain `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            fs::read(p)
                .expect("read a file")
                .windows(needle.len())
                .any(|w| w == needle)
        })
        .collect()
}

fn assert_nothing_readable(dir: &Path, c: &Cluster) {
    // The search does reach sled's records: their keys are stored in the clear.
    assert!(!holding(dir, c.hsms[0].identity.hsm_id.as_str().as_bytes()).is_empty());
    for (what, needle) in secrets(c) {
        assert_eq!(holding(dir, &needle), Vec::<PathBuf>::new(), "{what} found");
    }
}

fn reopen(dir: &Path) -> SledStore {
    SledStore::open_within(dir, RELEASE).expect("reopen")
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

/// The master key error behind a failed open.
fn key_error(result: Result<SledStore, StoreError>) -> MasterKeyError {
    match result {
        Err(StoreError::Backend(source)) => *source
            .downcast::<MasterKeyError>()
            .expect("a master key error"),
        Err(other) => panic!("expected a master key error, got {other:?}"),
        Ok(_) => panic!("expected a master key error, the store opened"),
    }
}

#[test]
fn no_key_material_masking_key_or_password_is_readable_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let c = cluster();
    {
        let mut store = SledStore::open(dir.path()).unwrap();
        store.commit(&Change::whole_cluster(&c)).unwrap();
    }
    assert_eq!(
        reopen(dir.path()).load().unwrap().clusters,
        std::slice::from_ref(&c)
    );
    assert_nothing_readable(dir.path(), &c);
}

#[test]
fn the_master_key_file_is_created_0600_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    drop(SledStore::open(dir.path()).unwrap());
    let path = dir.path().join(MASTER_KEY_FILE);
    assert_eq!(mode(&path), 0o600);
    let first = fs::read(&path).unwrap();
    assert_eq!(first.len(), 32);
    drop(reopen(dir.path()));
    assert_eq!(fs::read(&path).unwrap(), first);
}

#[test]
fn a_master_key_file_open_to_others_is_refused_and_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    drop(SledStore::open(dir.path()).unwrap());
    let path = dir.path().join(MASTER_KEY_FILE);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(matches!(
        key_error(SledStore::open_within(dir.path(), RELEASE)),
        MasterKeyError::Exposed { mode: 0o644, .. }
    ));
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn a_missing_or_foreign_master_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = SledStore::open(dir.path()).unwrap();
        store.commit(&Change::whole_cluster(&cluster())).unwrap();
    }
    let path = dir.path().join(MASTER_KEY_FILE);
    let original = fs::read(&path).unwrap();
    fs::remove_file(&path).unwrap();
    assert!(matches!(
        key_error(SledStore::open_within(dir.path(), RELEASE)),
        MasterKeyError::Missing { .. }
    ));
    // Refused without making a new key, which could never open the records.
    assert!(!path.exists());
    fs::write(&path, [0x42; 32]).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(matches!(
        key_error(SledStore::open_within(dir.path(), RELEASE)),
        MasterKeyError::Mismatch { .. }
    ));
    fs::write(&path, original).unwrap();
    assert!(reopen(dir.path()).load().is_ok());
}

#[test]
fn a_sealed_record_moved_to_another_place_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = SledStore::open(dir.path()).unwrap();
        store.commit(&Change::whole_cluster(&cluster())).unwrap();
    }
    {
        let db = reopen(dir.path()).into_db();
        let keys: Vec<_> = db.scan_prefix(b"key/").collect::<Result<_, _>>().unwrap();
        assert_eq!(keys.len(), 2);
        // Key 6's sealed record copied over key 7's: both decrypt to valid keys if the
        // record's place were not bound into the seal.
        db.insert(&keys[1].0, keys[0].1.clone()).unwrap();
        db.flush().unwrap();
    }
    assert!(matches!(
        reopen(dir.path()).load(),
        Err(StoreError::Corrupt { what: "key" })
    ));
}

// ---------------------------------------------------------------------------------------
// Migration from schema 1

/// What schema 1 wrote for `changes`: bare postcard encodings under the same keys, and
/// version 1. Kept here as the old code path, so the migration is tested against it.
fn write_schema_1(dir: &Path, changes: &[Change]) {
    let db = sled::open(dir).expect("open sled");
    db.insert(b"meta/schema", &1u32.to_le_bytes())
        .expect("write a schema-1 record");
    for change in changes {
        let (k, v) = match change {
            Change::PutCluster(c) => (
                [b"cluster/", c.id.as_bytes()].concat(),
                postcard::to_stdvec(c),
            ),
            Change::PutHsm(h) => (
                [b"hsm/", h.identity.hsm_id.as_str().as_bytes()].concat(),
                postcard::to_stdvec(h),
            ),
            Change::PutUser { hsm_id, user } => (
                [
                    b"user/",
                    hsm_id.as_str().as_bytes(),
                    b"/",
                    &user.id.0.to_be_bytes(),
                ]
                .concat(),
                postcard::to_stdvec(user),
            ),
            Change::PutKey { hsm_id, key } => (
                [
                    b"key/",
                    hsm_id.as_str().as_bytes(),
                    b"/",
                    &key.handle.0.to_be_bytes(),
                ]
                .concat(),
                postcard::to_stdvec(key),
            ),
            other => panic!("not a put: {other:?}"),
        };
        db.insert(k, v.expect("encode a record"))
            .expect("write a schema-1 record");
    }
    db.flush().expect("write a schema-1 record");
}

#[test]
fn a_schema_1_store_is_sealed_and_raised_to_schema_2() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    let c = cluster();
    write_schema_1(&dir, &Change::whole_cluster(&c));
    // The old layout held the material in the clear.
    assert!(!holding(&dir, MATERIAL).is_empty());

    let store = SledStore::open_within(&dir, RELEASE).unwrap();
    assert_eq!(store.load().unwrap().clusters, std::slice::from_ref(&c));
    assert_eq!(mode(&dir.join(MASTER_KEY_FILE)), 0o600);
    // The plaintext left with the old directory: nothing readable anywhere beside it.
    assert_nothing_readable(root.path(), &c);
    assert_eq!(
        fs::read_dir(root.path()).unwrap().count(),
        1,
        "only db/ is left"
    );
    let db = store.into_db();
    assert_eq!(
        db.get(b"meta/schema").unwrap().as_deref(),
        Some(&SCHEMA_VERSION.to_le_bytes()[..])
    );
    assert_eq!(SCHEMA_VERSION, 2);
    let records: Vec<_> = db
        .iter()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .into_iter()
        .filter(|(k, _)| !k.starts_with(b"meta/"))
        .collect();
    // Cluster, HSM, admin, app_user, bob, two keys: all present, none readable.
    assert_eq!(records.len(), 7);
    for (k, v) in &records {
        for (what, needle) in secrets(&c) {
            assert!(
                !v.windows(needle.len()).any(|w| w == needle.as_slice()),
                "{what} in {}",
                String::from_utf8_lossy(k)
            );
        }
    }
    drop(db);
    // Opened again, it is a schema-2 store like any other.
    let mut store = reopen(&dir);
    assert_eq!(store.load().unwrap().clusters, std::slice::from_ref(&c));
    store
        .commit(&[Change::RemoveKey {
            hsm_id: c.hsms[0].identity.hsm_id.clone(),
            handle: KeyHandle(7),
        }])
        .unwrap();
    assert_eq!(
        store.load().unwrap().clusters[0].hsms[0].replica.keys.len(),
        1
    );
}

/// A crash after the key file was written but before the sealing batch leaves a schema-1
/// database beside a key file; the next open seals under that key, not a new one.
#[test]
fn a_migration_interrupted_after_the_key_file_resumes_with_that_key() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    let c = cluster();
    write_schema_1(&dir, &Change::whole_cluster(&c));
    let path = dir.join(MASTER_KEY_FILE);
    fs::write(&path, [0x17; 32]).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    // A crash while copying left a partial sealed copy beside it.
    fs::create_dir(root.path().join("db.sealing")).unwrap();
    fs::write(root.path().join("db.sealing/db"), b"partial").unwrap();
    let store = SledStore::open_within(&dir, RELEASE).unwrap();
    assert_eq!(store.load().unwrap().clusters, [c]);
    assert_eq!(fs::read(&path).unwrap(), [0x17; 32]);
}

/// A crash between the two renames leaves `db.unsealed` (the old directory) and a complete
/// `db.sealing`, and no `db`: the next open finishes the swap and drops the plaintext.
#[test]
fn a_migration_interrupted_between_the_renames_is_finished() {
    let root = tempfile::tempdir().unwrap();
    let c = cluster();
    let sealed = root.path().join("db.sealing");
    let mut store = SledStore::open(&sealed).unwrap();
    store.commit(&Change::whole_cluster(&c)).unwrap();
    drop(store);
    write_schema_1(&root.path().join("db.unsealed"), &Change::whole_cluster(&c));

    let dir = root.path().join("db");
    let store = SledStore::open_within(&dir, RELEASE).unwrap();
    assert_eq!(store.load().unwrap().clusters, std::slice::from_ref(&c));
    drop(store);
    assert_nothing_readable(root.path(), &c);
    assert_eq!(
        fs::read_dir(root.path()).unwrap().count(),
        1,
        "only db/ is left"
    );
}
