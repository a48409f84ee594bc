//! The CMU configuration file (docs/cmu.md §1.3): which HSMs to talk to, in which order.

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
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read configuration file {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
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
