//! Where the real binaries are: `--bin-dir`, else the directory of this executable (cargo
//! puts `cloudhsm-abuse` beside `hsm-daemon` and the tools in `target/<profile>/`).

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// The directory holding `hsm-daemon`, `cloudhsm_mgmt_util` and `key_mgmt_util`.
#[derive(Debug, Clone)]
pub(crate) struct Bins {
    dir: PathBuf,
}

impl Bins {
    /// Finds the binaries in `dir`, or beside the current executable.
    pub(crate) fn find(dir: Option<PathBuf>) -> anyhow::Result<Self> {
        let dir = match dir {
            Some(d) => d,
            None => std::env::current_exe()
                .context("locating this executable")?
                .parent()
                .context("executable has no directory")?
                .to_path_buf(),
        };
        let me = Self { dir };
        for bin in [me.daemon(), me.cmu(), me.kmu()] {
            if !bin.is_file() {
                bail!(
                    "{} not found: build with `cargo build -p cloudhsm-sim` or pass --bin-dir",
                    bin.display()
                );
            }
        }
        Ok(me)
    }

    /// `hsm-daemon`.
    pub(crate) fn daemon(&self) -> PathBuf {
        self.dir.join("hsm-daemon")
    }

    /// `cloudhsm_mgmt_util`.
    pub(crate) fn cmu(&self) -> PathBuf {
        self.dir.join("cloudhsm_mgmt_util")
    }

    /// `key_mgmt_util`.
    pub(crate) fn kmu(&self) -> PathBuf {
        self.dir.join("key_mgmt_util")
    }
}

/// A fresh directory under `/tmp` (socket paths are limited to 108 bytes).
pub(crate) fn scratch(prefix: &str) -> anyhow::Result<tempfile::TempDir> {
    Ok(tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(Path::new("/tmp"))?)
}
