//! sled-backed persistence for cloudhsm-sim.
//!
//! [`SledStore`] implements [`hsm_core::Store`]. Every record lives in one sled tree under
//! a typed key prefix, so a batch of changes is one atomic `apply_batch`, followed by a
//! flush before `commit` returns: an acknowledged change survives `kill -9`.
//!
//! Every record value is sealed (AES-256-GCM, `seal`) under a master key kept in a 0600
//! file in the store's directory (`keyfile`), because an HSM never holds key material in
//! the clear on disk; `layout` says where records live and `migrate` seals a database
//! written before sealing existed. docs/storage.md has the whole design.
//!
//! Depends on `hsm-core` (for the trait and records) and `hsm-proto`.

mod keyfile;
mod layout;
mod migrate;
mod seal;

pub use keyfile::{MasterKeyError, FILE_NAME as MASTER_KEY_FILE};
use seal::MasterKey;

use hsm_core::objects::Key;
use hsm_core::store::{ClusterRecord, HsmRecord};
use hsm_core::user::User;
use hsm_core::{Change, Store, StoreError, StoredState};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// Schema version written by this build. Version 1 (unsealed records) is migrated at
/// open; any other version is refused.
pub const SCHEMA_VERSION: u32 = 2;

/// A [`Store`] in a sled database directory, with its master key file beside sled's files.
pub struct SledStore {
    db: sled::Db,
    key: MasterKey,
}

impl SledStore {
    /// Opens (or creates) the database in `dir`. Fails with [`StoreError::InUse`] at once if
    /// another store holds it, and fails if it was written by an incompatible schema. A new
    /// database gets a new master key file; a schema-1 database is sealed and upgraded. A
    /// master key file that is missing, malformed, open to group or others, or not this
    /// database's fails the open with a [`MasterKeyError`] as the backend error's source.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::open_within(dir, Duration::ZERO)
    }

    /// Like [`open`](Self::open), but retries while the directory is in use, for up to
    /// `patience`. This is for a process reopening a directory whose store it has just
    /// dropped: sled releases its file lock only when its last internal thread lets go
    /// of the handle, which can be a moment after the drop.
    pub fn open_within(dir: &Path, patience: Duration) -> Result<Self, StoreError> {
        let deadline = Instant::now() + patience;
        loop {
            match Self::open_once(dir) {
                Err(StoreError::InUse) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                result => return result,
            }
        }
    }

    /// The underlying sled database, for tools that inspect or repair records directly.
    /// Record values in it are sealed; only `meta/schema` is readable as is.
    pub fn into_db(self) -> sled::Db {
        self.db
    }

    fn open_once(dir: &Path) -> Result<Self, StoreError> {
        // sled's periodic flusher stays on even though every commit flushes: it is also
        // what reclaims old log segments, so without it the directory only grows.
        migrate::finish_interrupted(dir)?;
        let db = sled::Config::new().path(dir).open().map_err(open_error)?;
        // From here on sled's directory lock is held, so the key file has no other writer.
        let key = match schema_version(&db)? {
            None => {
                let key = keyfile::load(dir, true).map_err(key_error)?;
                let mut batch = sled::Batch::default();
                batch.insert(layout::KEY_CHECK, key_check(&key)?);
                batch.insert(layout::SCHEMA, &SCHEMA_VERSION.to_le_bytes());
                db.apply_batch(batch).map_err(backend)?;
                db.flush().map_err(backend)?;
                key
            }
            Some(migrate::UNSEALED_VERSION) => {
                let key = keyfile::load(dir, true).map_err(key_error)?;
                migrate::seal_into_fresh_copy(db, dir, &key)?;
                // The directory now holds the sealed copy; open it as any schema-2 store.
                return Self::open_within(dir, Duration::from_secs(10));
            }
            Some(SCHEMA_VERSION) => {
                let key = keyfile::load(dir, false).map_err(key_error)?;
                let check = db
                    .get(layout::KEY_CHECK)
                    .map_err(backend)?
                    .ok_or(StoreError::Corrupt { what: "key check" })?;
                let opened = key.open(layout::KEY_CHECK, &check);
                if !opened.is_ok_and(|plain| plain.as_slice() == KEY_CHECK) {
                    return Err(key_error(MasterKeyError::Mismatch {
                        path: dir.join(keyfile::FILE_NAME),
                    }));
                }
                key
            }
            Some(found) => {
                return Err(StoreError::SchemaMismatch {
                    found,
                    expected: SCHEMA_VERSION,
                })
            }
        };
        Ok(Self { db, key })
    }

    /// Seals a record's encoding under its own sled key.
    fn seal<T: Serialize>(&self, record_key: &[u8], value: &T) -> Result<Vec<u8>, StoreError> {
        // The encoding holds key material in the clear; wipe it once sealed.
        let plain = Zeroizing::new(
            postcard::to_stdvec(value).map_err(|e| StoreError::Backend(Box::new(e)))?,
        );
        self.key
            .seal(record_key, &plain)
            .map_err(|e| StoreError::Backend(Box::new(e)))
    }

    fn scan<T: DeserializeOwned>(
        &self,
        prefix: &[u8],
        what: &'static str,
    ) -> Result<Vec<(Vec<u8>, T)>, StoreError> {
        self.db
            .scan_prefix(prefix)
            .map(|entry| {
                let (k, v) = entry.map_err(backend)?;
                let plain = self
                    .key
                    .open(&k, &v)
                    .map_err(|_| StoreError::Corrupt { what })?;
                let value =
                    postcard::from_bytes(&plain).map_err(|_| StoreError::Corrupt { what })?;
                Ok((k.to_vec(), value))
            })
            .collect()
    }
}

impl Store for SledStore {
    fn load(&self) -> Result<StoredState, StoreError> {
        let clusters: Vec<ClusterRecord> = self
            .scan(layout::CLUSTER, "cluster")?
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let hsms: Vec<HsmRecord> = self
            .scan(layout::HSM, "hsm")?
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let users = self
            .scan::<User>(layout::USER, "user")?
            .into_iter()
            .map(|(k, u)| {
                Ok((
                    layout::user_hsm(&k).ok_or(StoreError::Corrupt { what: "user key" })?,
                    u,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let keys = self
            .scan::<Key>(layout::KEY, "key")?
            .into_iter()
            .map(|(k, key)| {
                Ok((
                    layout::key_hsm(&k).ok_or(StoreError::Corrupt { what: "key key" })?,
                    key,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        StoredState::assemble(clusters, hsms, users)?.with_keys(keys)
    }

    fn commit(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for change in changes {
            let (k, sealed) = match change {
                Change::PutCluster(c) => {
                    let k = layout::cluster(&c.id);
                    let v = self.seal(&k, c)?;
                    (k, v)
                }
                Change::PutHsm(h) => {
                    let k = layout::hsm(&h.identity.hsm_id);
                    let v = self.seal(&k, h)?;
                    (k, v)
                }
                Change::PutUser { hsm_id, user } => {
                    let k = layout::user(hsm_id, user.id);
                    let v = self.seal(&k, user)?;
                    (k, v)
                }
                Change::PutKey { hsm_id, key } => {
                    let k = layout::key(hsm_id, key.handle);
                    let v = self.seal(&k, key)?;
                    (k, v)
                }
                Change::RemoveUser { hsm_id, user_id } => {
                    batch.remove(layout::user(hsm_id, *user_id));
                    continue;
                }
                Change::RemoveKey { hsm_id, handle } => {
                    batch.remove(layout::key(hsm_id, *handle));
                    continue;
                }
            };
            batch.insert(k, sealed);
        }
        self.db.apply_batch(batch).map_err(backend)?;
        self.db.flush().map_err(backend)?;
        Ok(())
    }
}

/// What [`layout::KEY_CHECK`] holds, sealed.
const KEY_CHECK: &[u8] = b"cloudhsm-sim sealed store";

fn key_check(key: &MasterKey) -> Result<Vec<u8>, StoreError> {
    key.seal(layout::KEY_CHECK, KEY_CHECK)
        .map_err(|e| StoreError::Backend(Box::new(e)))
}

/// The version in `meta/schema`, or `None` for a database that has never been opened.
fn schema_version(db: &sled::Db) -> Result<Option<u32>, StoreError> {
    db.get(layout::SCHEMA)
        .map_err(backend)?
        .map(|raw| {
            <[u8; 4]>::try_from(raw.as_ref())
                .map(u32::from_le_bytes)
                .map_err(|_| StoreError::Corrupt {
                    what: "schema version",
                })
        })
        .transpose()
}

fn key_error(e: MasterKeyError) -> StoreError {
    StoreError::Backend(Box::new(e))
}

fn backend(e: sled::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

/// sled 0.34 reports a held directory lock only as this `io::Error` message.
fn open_error(e: sled::Error) -> StoreError {
    match &e {
        sled::Error::Io(io) if io.to_string().starts_with("could not acquire lock") => {
            StoreError::InUse
        }
        _ => backend(e),
    }
}
