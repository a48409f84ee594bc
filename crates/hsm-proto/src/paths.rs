//! Where the daemon and its clients meet: the default data directory and socket path.
//!
//! Resolution order, the same on both sides: a command-line flag, then the environment
//! variables [`DATA_DIR_ENV`] / [`SOCKET_ENV`], then `$XDG_DATA_HOME/cloudhsm-sim` or
//! `~/.local/share/cloudhsm-sim`, with the socket at `<data dir>/hsm.sock`.

use std::env;
use std::path::PathBuf;

/// Environment variable naming the data directory.
pub const DATA_DIR_ENV: &str = "CLOUDHSM_SIM_DATA_DIR";
/// Environment variable naming the socket path.
pub const SOCKET_ENV: &str = "CLOUDHSM_SIM_SOCKET";
/// File name of the socket inside the data directory.
pub const SOCKET_FILE: &str = "hsm.sock";

/// The data directory: `flag`, else the environment, else the XDG default.
pub fn data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| non_empty_env(DATA_DIR_ENV))
        .unwrap_or_else(|| {
            non_empty_env("XDG_DATA_HOME")
                .or_else(|| non_empty_env("HOME").map(|h| h.join(".local").join("share")))
                .unwrap_or_else(|| PathBuf::from("."))
                .join("cloudhsm-sim")
        })
}

/// The socket path: `flag`, else the environment, else inside `data_dir`.
pub fn socket(flag: Option<PathBuf>, data_dir: &std::path::Path) -> PathBuf {
    flag.or_else(|| non_empty_env(SOCKET_ENV))
        .unwrap_or_else(|| data_dir.join(SOCKET_FILE))
}

fn non_empty_env(name: &str) -> Option<PathBuf> {
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}
