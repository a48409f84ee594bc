//! The master key file: 32 random bytes, mode 0600, in the store's directory
//! (docs/storage.md "The master key file").
//!
//! A file that group or others could read is refused rather than quietly narrowed: the key
//! may already have been copied, and only its owner can judge that. Every function here
//! runs while the store holds sled's directory lock, so no other store races it.

use crate::seal::{MasterKey, KEY_LEN};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Name of the master key file inside the store's directory.
pub const FILE_NAME: &str = "master.key";
const TEMP_NAME: &str = "master.key.tmp";

/// Why the master key could not be had. It reaches callers as the source of
/// [`StoreError::Backend`](hsm_core::StoreError::Backend), so the daemon's start-up error
/// names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum MasterKeyError {
    /// Reading, creating or syncing the file failed.
    #[error("cannot use the master key file {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// The file's mode lets group or others at it.
    #[error(
        "the master key file {path} has mode {mode:o}, open to group or others; if nobody \
         else could have read it, restrict it with `chmod 600`, otherwise treat the keys as \
         exposed"
    )]
    Exposed {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file is not a regular file of 32 bytes.
    #[error("the master key file {path} is not a regular file of 32 bytes")]
    Malformed {
        /// The file.
        path: PathBuf,
    },
    /// The database is sealed but its key file is gone.
    #[error("the master key file {path} is missing, and the records are sealed under it")]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The key opens nothing in this database.
    #[error("the master key file {path} does not belong to this database")]
    Mismatch {
        /// The file.
        path: PathBuf,
    },
}

/// Reads the key file in `dir`. With `create`, a missing file is made first; without it
/// (the records are already sealed) a missing file is an error, since a new key could
/// never open them.
pub(crate) fn load(dir: &Path, create: bool) -> Result<MasterKey, MasterKeyError> {
    let path = dir.join(FILE_NAME);
    let io = |source| MasterKeyError::Io {
        path: path.clone(),
        source,
    };
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound && create => {
            return write_new(dir).map_err(io);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(MasterKeyError::Missing { path });
        }
        Err(e) => return Err(io(e)),
    };
    if !meta.is_file() || meta.len() != KEY_LEN as u64 {
        return Err(MasterKeyError::Malformed { path });
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(MasterKeyError::Exposed { path, mode });
    }
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    File::open(&path)
        .and_then(|mut f| f.read_exact(bytes.as_mut_slice()))
        .map_err(io)?;
    Ok(MasterKey::new(&bytes))
}

/// Makes a fresh key and publishes it atomically: written and synced under a temporary
/// name, then renamed, then the directory synced, so a crash leaves either no key file or
/// a whole one, and sealed records are only written once the key is durable.
fn write_new(dir: &Path) -> io::Result<MasterKey> {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    getrandom::fill(bytes.as_mut_slice()).map_err(io::Error::other)?;
    let temp = dir.join(TEMP_NAME);
    match fs::remove_file(&temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)?;
    // The umask can only clear bits; set them exactly so the owner can read it back.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes.as_slice())?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, dir.join(FILE_NAME))?;
    File::open(dir)?.sync_all()?;
    Ok(MasterKey::new(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_key_file_is_0600_and_32_bytes_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let made = load(dir.path(), true).unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::metadata(&path).unwrap().len(), 32);
        assert!(!dir.path().join(TEMP_NAME).exists());
        let sealed = made.seal(b"aad", b"x").unwrap();
        let again = load(dir.path(), false).unwrap();
        assert_eq!(again.open(b"aad", &sealed).unwrap().as_slice(), b"x");
    }

    #[test]
    fn a_missing_file_is_created_only_when_allowed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            load(dir.path(), false),
            Err(MasterKeyError::Missing { .. })
        ));
        assert!(!dir.path().join(FILE_NAME).exists());
    }

    #[test]
    fn a_file_open_to_group_or_others_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        drop(load(dir.path(), true).unwrap());
        let path = dir.path().join(FILE_NAME);
        for bad in [0o640, 0o604, 0o660, 0o644] {
            fs::set_permissions(&path, fs::Permissions::from_mode(bad)).unwrap();
            match load(dir.path(), true) {
                Err(MasterKeyError::Exposed { mode, .. }) => assert_eq!(mode, bad),
                other => panic!("mode {bad:o}: {other:?}"),
            }
            assert_eq!(mode(&path), bad);
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        assert!(load(dir.path(), false).is_ok());
    }

    #[test]
    fn a_file_of_the_wrong_size_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for len in [0, 31, 33] {
            fs::write(&path, vec![7u8; len]).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            assert!(matches!(
                load(dir.path(), true),
                Err(MasterKeyError::Malformed { .. })
            ));
        }
    }

    #[test]
    fn a_stale_temporary_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(TEMP_NAME), b"half-written").unwrap();
        assert!(load(dir.path(), true).is_ok());
        assert_eq!(fs::metadata(dir.path().join(FILE_NAME)).unwrap().len(), 32);
    }
}
