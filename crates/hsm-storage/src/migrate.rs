//! Schema 1 → 2: sealing the records of a database written before sealing existed
//! (docs/storage.md "Migration").
//!
//! Schema 1 stored each record as its bare postcard encoding; schema 2 stores the same
//! encoding sealed. So migration seals every value as it is, without decoding it, and
//! raises the version in the same atomic batch: a crash leaves either the untouched
//! schema-1 database, which migrates again at the next open, or the finished one.

use crate::seal::MasterKey;
use crate::{backend, key_check, layout, SCHEMA_VERSION};
use hsm_core::StoreError;

/// The last schema whose records are stored in the clear.
pub(crate) const UNSEALED_VERSION: u32 = 1;

/// Seals every record of a schema-1 database under `key` and raises it to
/// [`SCHEMA_VERSION`], durably, before returning.
pub(crate) fn seal_records(db: &sled::Db, key: &MasterKey) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    let mut sealed = 0usize;
    for entry in db.iter() {
        let (k, v) = entry.map_err(backend)?;
        if k.starts_with(layout::META) {
            continue;
        }
        let value = key
            .seal(&k, &v)
            .map_err(|e| StoreError::Backend(Box::new(e)))?;
        batch.insert(k, value);
        sealed += 1;
    }
    batch.insert(layout::KEY_CHECK, key_check(key)?);
    batch.insert(layout::SCHEMA, &SCHEMA_VERSION.to_le_bytes());
    db.apply_batch(batch).map_err(backend)?;
    db.flush().map_err(backend)?;
    tracing::info!(
        records = sealed,
        from = UNSEALED_VERSION,
        to = SCHEMA_VERSION,
        "sealed the store's records"
    );
    Ok(())
}
