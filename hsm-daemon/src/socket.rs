//! Binding the daemon's socket without ever hijacking a live daemon.

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;

/// Why the socket could not be bound.
#[derive(Debug)]
pub enum BindError {
    /// Another daemon accepts connections on that path.
    InUse,
    /// Something that is not a socket sits at that path.
    NotASocket,
    /// The path is too long for a Unix socket address (108 bytes).
    PathTooLong,
    /// Filesystem or socket failure.
    Io(io::Error),
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InUse => f.write_str("another hsm-daemon is already listening on this socket"),
            Self::NotASocket => f.write_str("the path exists and is not a socket; remove it first"),
            Self::PathTooLong => f.write_str("socket path is longer than 107 bytes"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BindError {}

/// Whether a daemon is accepting connections at `path` right now.
pub fn is_live(path: &Path) -> bool {
    UnixStream::connect(path).is_ok()
}

/// Binds `path` with mode 0600, creating its directory with mode 0700 if needed.
/// A stale socket file (nothing accepting) is replaced; a live one is left alone.
pub fn bind(path: &Path) -> Result<UnixListener, BindError> {
    if path.as_os_str().len() > 107 {
        return Err(BindError::PathTooLong);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(BindError::Io)?;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(BindError::Io)?;
        }
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_socket() => return Err(BindError::NotASocket),
        Ok(_) if is_live(path) => return Err(BindError::InUse),
        Ok(_) => {
            tracing::info!(path = %path.display(), "removing stale socket");
            fs::remove_file(path).map_err(BindError::Io)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(BindError::Io(e)),
    }
    let listener = UnixListener::bind(path).map_err(BindError::Io)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(BindError::Io)?;
    Ok(listener)
}

/// Identifies the socket file a daemon bound (device and inode), so that shutdown removes
/// only its own socket, never one a newer daemon has bound at the same path since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketFile {
    dev: u64,
    ino: u64,
}

impl SocketFile {
    /// The identity of the file at `path` now.
    pub fn of(path: &Path) -> io::Result<Self> {
        let meta = fs::symlink_metadata(path)?;
        Ok(Self {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    /// Removes `path` if it is still this file.
    pub fn remove_if_unchanged(self, path: &Path) {
        if Self::of(path).is_ok_and(|now| now == self) {
            let _ = fs::remove_file(path);
        }
    }
}
