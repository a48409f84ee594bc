//! Schema 1 → 2: sealing the records of a database written before sealing existed
//! (docs/storage.md §5).
//!
//! Schema 1 stored each record as its bare postcard encoding; schema 2 stores the same
//! encoding sealed. Sealing in place would leave the plaintext in sled's log until sled
//! happened to reclaim those segments, so the sealed records go into a fresh directory
//! beside the old one (`<dir>.sealing`), which then takes the old one's place:
//!
//! 1. copy every record, sealed, plus the key check and version 2, into `<dir>.sealing`,
//!    flush it, and give it a copy of the master key file;
//! 2. rename `<dir>` to `<dir>.unsealed`, then `<dir>.sealing` to `<dir>`;
//! 3. delete `<dir>.unsealed`.
//!
//! A crash in step 1 leaves the untouched schema-1 directory (the next open starts over);
//! between the renames, [`finish_interrupted`] completes the swap; after them, it deletes
//! the old directory.

use crate::seal::MasterKey;
use crate::{backend, key_check, keyfile, layout, SCHEMA_VERSION};
use hsm_core::StoreError;
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The last schema whose records are stored in the clear.
pub(crate) const UNSEALED_VERSION: u32 = 1;

/// How long to wait for sled to let go of a directory whose handle was dropped (its
/// threads release the lock a moment later).
const RELEASE: Duration = Duration::from_secs(10);

/// The sibling of `dir` named `<name>.<suffix>`.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    dir.with_file_name(name)
}

/// Completes a swap that a crash interrupted, and removes the old plaintext directory of
/// a finished one. Runs before the store's directory is opened.
pub(crate) fn finish_interrupted(dir: &Path) -> Result<(), StoreError> {
    let sealing = sibling(dir, "sealing");
    let unsealed = sibling(dir, "unsealed");
    if !dir.exists() && unsealed.exists() && sealing.exists() {
        // Between the renames: the sealed copy was complete before the first one.
        fs::rename(&sealing, dir).map_err(io_error)?;
        sync_parent(dir)?;
    }
    if dir.exists() && unsealed.exists() {
        remove(&unsealed)?;
    }
    Ok(())
}

/// Seals every record of the schema-1 database `db` (open on `dir`) into a fresh
/// directory and swaps it in, durably. The caller opens `dir` again afterwards.
pub(crate) fn seal_into_fresh_copy(
    db: sled::Db,
    dir: &Path,
    key: &MasterKey,
) -> Result<(), StoreError> {
    let sealing = sibling(dir, "sealing");
    // We hold `dir`'s lock, so a `.sealing` directory is a crashed attempt's leftover.
    remove(&sealing)?;
    let copy = sled::Config::new().path(&sealing).open().map_err(backend)?;
    let mut sealed = 0usize;
    for entry in db.iter() {
        let (k, v) = entry.map_err(backend)?;
        if k.starts_with(layout::META) {
            continue;
        }
        let value = key
            .seal(&k, &v)
            .map_err(|e| StoreError::Backend(Box::new(e)))?;
        copy.insert(k, value).map_err(backend)?;
        sealed += 1;
    }
    copy.insert(layout::KEY_CHECK, key_check(key)?)
        .map_err(backend)?;
    copy.insert(layout::SCHEMA, &SCHEMA_VERSION.to_le_bytes())
        .map_err(backend)?;
    copy.flush().map_err(backend)?;
    let key_file = dir.join(keyfile::FILE_NAME);
    let copied_key = sealing.join(keyfile::FILE_NAME);
    fs::copy(&key_file, &copied_key).map_err(io_error)?;
    File::open(&copied_key)
        .and_then(|f| f.sync_all())
        .map_err(io_error)?;
    drop(copy);
    drop(db);
    wait_released(&sealing)?;
    wait_released(dir)?;

    let unsealed = sibling(dir, "unsealed");
    fs::rename(dir, &unsealed).map_err(io_error)?;
    fs::rename(&sealing, dir).map_err(io_error)?;
    sync_parent(dir)?;
    remove(&unsealed)?;
    tracing::info!(
        records = sealed,
        from = UNSEALED_VERSION,
        to = SCHEMA_VERSION,
        "sealed the store's records into a fresh directory"
    );
    Ok(())
}

/// Waits until no sled instance holds `dir`'s lock file, so that nothing writes into the
/// directory once it is renamed or deleted.
fn wait_released(dir: &Path) -> Result<(), StoreError> {
    let lock = File::open(dir.join("db")).map_err(io_error)?;
    let deadline = Instant::now() + RELEASE;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => return Err(StoreError::InUse),
            Err(TryLockError::Error(e)) => return Err(io_error(e)),
        }
    }
}

fn remove(dir: &Path) -> Result<(), StoreError> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(e)),
        _ => Ok(()),
    }
}

/// Makes the renames in `dir`'s parent durable.
fn sync_parent(dir: &Path) -> Result<(), StoreError> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)
        .and_then(|f| f.sync_all())
        .map_err(io_error)
}

fn io_error(e: io::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}
