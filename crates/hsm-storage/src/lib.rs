//! sled-backed persistence for cloudhsm-sim.
//!
//! [`SledStore`] implements [`hsm_core::Store`]. Every record lives in one sled tree under
//! a typed key prefix, so a batch of changes is one atomic `apply_batch`, followed by a
//! flush before `commit` returns: an acknowledged change survives `kill -9`.
//!
//! Depends on `hsm-core` (for the trait and records) and `hsm-proto`.

mod layout;

use hsm_core::objects::Key;
use hsm_core::store::{ClusterRecord, HsmRecord};
use hsm_core::user::User;
use hsm_core::{Change, Store, StoreError, StoredState};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};

/// Schema version written by this build; opening other versions fails.
pub const SCHEMA_VERSION: u32 = 1;

/// A [`Store`] in a sled database directory.
pub struct SledStore {
    db: sled::Db,
}

impl SledStore {
    /// Opens (or creates) the database in `dir`. Fails with [`StoreError::InUse`] at once if
    /// another store holds it, and fails if it was written by an incompatible schema.
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
    pub fn into_db(self) -> sled::Db {
        self.db
    }

    fn open_once(dir: &Path) -> Result<Self, StoreError> {
        // sled's periodic flusher stays on even though every commit flushes: it is also
        // what reclaims old log segments, so without it the directory only grows.
        let db = sled::Config::new().path(dir).open().map_err(open_error)?;
        match db.get(layout::SCHEMA).map_err(backend)? {
            None => {
                db.insert(layout::SCHEMA, &SCHEMA_VERSION.to_le_bytes())
                    .map_err(backend)?;
                db.flush().map_err(backend)?;
            }
            Some(raw) => {
                let found = <[u8; 4]>::try_from(raw.as_ref())
                    .map(u32::from_le_bytes)
                    .map_err(|_| StoreError::Corrupt {
                        what: "schema version",
                    })?;
                if found != SCHEMA_VERSION {
                    return Err(StoreError::SchemaMismatch {
                        found,
                        expected: SCHEMA_VERSION,
                    });
                }
            }
        }
        Ok(Self { db })
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
                let value = postcard::from_bytes(&v).map_err(|_| StoreError::Corrupt { what })?;
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
            match change {
                Change::PutCluster(c) => batch.insert(layout::cluster(&c.id), encode(c)?),
                Change::PutHsm(h) => batch.insert(layout::hsm(&h.identity.hsm_id), encode(h)?),
                Change::PutUser { hsm_id, user } => {
                    batch.insert(layout::user(hsm_id, user.id), encode(user)?);
                }
                Change::RemoveUser { hsm_id, user_id } => {
                    batch.remove(layout::user(hsm_id, *user_id))
                }
                Change::PutKey { hsm_id, key } => {
                    batch.insert(layout::key(hsm_id, key.handle), encode(key)?);
                }
                Change::RemoveKey { hsm_id, handle } => batch.remove(layout::key(hsm_id, *handle)),
            }
        }
        self.db.apply_batch(batch).map_err(backend)?;
        self.db.flush().map_err(backend)?;
        Ok(())
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_stdvec(value).map_err(|e| StoreError::Backend(Box::new(e)))
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
