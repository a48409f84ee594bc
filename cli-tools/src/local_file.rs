//! Local files the tools read and write themselves: one bounded reader for every file
//! named on a command line, and one writer that decides who may read what it writes.
//!
//! A file argument can name anything, `/dev/zero` included, so no input file is read whole
//! before its size is known: the reader stops one byte past its limit. Files that hold key
//! material are created owner-only, whatever the umask says.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Largest message or key file KMU accepts: the client hashes up to 64 KB itself and
/// refuses more (docs/cluster.md §2.6, docs/kmu.md §2.31).
pub const MAX_INPUT_FILE: u64 = 64 * 1024;

/// Largest script or configuration file the tools read; far beyond any real one.
pub const MAX_SCRIPT_FILE: u64 = 1024 * 1024;

/// Why a bounded read gave no contents.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file holds more than the limit allowed.
    TooLarge,
}

/// Reads `path` whole if it holds at most `limit` bytes, never reading more than
/// `limit + 1` of them.
pub fn read_bounded(path: impl AsRef<Path>, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Who may read a file a tool writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Public keys, signatures, listings: mode 0644, as the real tools write them
    /// (docs/kmu.md §1.9).
    Public,
    /// Key material in any form (plaintext, wrapped, masked, references to private keys):
    /// mode 0600, so that a umask of 022 cannot expose it.
    Private,
}

impl Access {
    fn mode(self) -> u32 {
        match self {
            Self::Public => 0o644,
            Self::Private => 0o600,
        }
    }
}

/// Creates or truncates `path` and writes `bytes`. A private file that already existed
/// with a wider mode is narrowed before anything is written to it, since the mode given at
/// creation does not apply to an existing file.
pub fn write(path: impl AsRef<Path>, bytes: &[u8], access: Access) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(access.mode())
        .open(path)?;
    if access == Access::Private {
        file.set_permissions(Permissions::from_mode(access.mode()))?;
    }
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn reads_stop_past_the_limit() {
        assert!(matches!(
            read_bounded("/dev/zero", MAX_INPUT_FILE),
            Err(ReadError::TooLarge)
        ));
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f");
        std::fs::write(&path, vec![7u8; 65536]).expect("write");
        assert_eq!(
            read_bounded(&path, MAX_INPUT_FILE).expect("read").len(),
            65536
        );
        std::fs::write(&path, vec![7u8; 65537]).expect("write");
        assert!(matches!(
            read_bounded(&path, MAX_INPUT_FILE),
            Err(ReadError::TooLarge)
        ));
        assert!(matches!(
            read_bounded(dir.path().join("none"), 1),
            Err(ReadError::Io(_))
        ));
    }

    #[test]
    fn private_files_are_owner_only_even_when_they_existed() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("key");
        std::fs::write(&path, b"old").expect("write");
        std::fs::set_permissions(&path, Permissions::from_mode(0o644)).expect("chmod");
        write(&path, b"secret", Access::Private).expect("write");
        let meta = std::fs::metadata(&path).expect("stat");
        assert_eq!(meta.mode() & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).expect("read"), b"secret");
        let fresh = dir.path().join("fresh");
        write(&fresh, b"k", Access::Private).expect("write");
        assert_eq!(std::fs::metadata(&fresh).expect("stat").mode() & 0o077, 0);
    }
}
