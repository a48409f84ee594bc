//! The CMU configuration file (docs/cmu.md §1.3): which HSMs to talk to, in which order.

use crate::local_file::{self, ReadError, MAX_SCRIPT_FILE};
use serde::Deserialize;
use std::path::Path;

/// The port the real CMU uses.
pub const DEFAULT_PORT: u16 = 2225;

/// One `servers[]` entry; fields CMU does not need are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerEntry {
    /// HSM ENI IP; picks the simulated HSM.
    pub hostname: String,
    /// Display name; defaults to the hostname.
    #[serde(default)]
    pub name: Option<String>,
    /// Port; defaults to 2225.
    #[serde(default)]
    pub port: Option<u16>,
    /// `"no"` skips the entry.
    #[serde(default)]
    pub enable: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    servers: Vec<ServerEntry>,
}

/// Reads the enabled server entries of a configuration file, in file order.
pub fn load(path: &Path) -> Result<Vec<ServerEntry>, String> {
    let text = match local_file::read_bounded(path, MAX_SCRIPT_FILE) {
        Ok(text) => text,
        Err(ReadError::Io(e)) => {
            return Err(format!(
                "cannot read configuration file {}: {e}",
                path.display()
            ))
        }
        Err(ReadError::TooLarge) => {
            return Err(format!(
                "cannot read configuration file {}: larger than {MAX_SCRIPT_FILE} bytes",
                path.display()
            ))
        }
    };
    let file: File = serde_json::from_slice(&text)
        .map_err(|e| format!("invalid configuration file {}: {e}", path.display()))?;
    Ok(file
        .servers
        .into_iter()
        .filter(|s| {
            !s.enable
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case("no"))
        })
        .collect())
}
