//! Helpers for the end-to-end scenarios: locating the built binaries, driving them, and
//! reading their output.
//!
//! - binaries and CMU runs: [`bin`], [`cmu`], [`cmu_with`], [`run_cmu`];
//! - transcripts: [`Transcript`] splits CMU output into one step per command line, and
//!   [`list_users`] / [`user_row`] build the exact `listUsers` text of a fresh cluster;
//! - processes: [`DaemonProcess`] (the real `hsm-daemon` as a child, killed on drop),
//!   [`wait_until`] (bounded polling instead of fixed sleeps), [`pids_of_daemon`];
//! - [`mod@kmu`]: `key_mgmt_util` runs (re-exported: [`kmu()`], [`kmu_in`], ...),
//!   sessions, transcripts and the exact SDK 3 lines;
//! - [`cmu_keys`]: exact CMU output of the key commands (findAllKeys, shareKey, ...);
//! - [`openssl`]: the OpenSSL command line as the judge of exported keys and signatures;
//! - `tool` (private): the one runner both tools' helpers use: spawning with a piped script,
//!   or a line-by-line session.
//!
//! Depends on every workspace crate it exercises; used only by the `scenarios` test.

pub use hsm_daemon::test_util::TestDaemon;

mod bins;
mod cmu;
pub mod cmu_keys;
pub mod kmu;
pub mod openssl;
mod process;
mod tool;

pub use bins::bin;
pub use cmu::*;
pub use kmu::{kmu, kmu_in, kmu_with, run_kmu};
pub use process::*;
