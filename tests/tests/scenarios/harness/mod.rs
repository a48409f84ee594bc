//! What the tests share: running the binaries, daemons to run them against, and reading
//! their output.
//!
//! - [`tool`]: the one runner of the tool binaries ([`CMU`], [`KMU`]): a piped script, or a
//!   line-by-line session; [`socket_args`] points a tool at a test's daemon;
//! - [`process`]: [`DaemonProcess`] (the real `hsm-daemon` as a child, killed on drop),
//!   [`wait_until`] (bounded polling instead of fixed sleeps), [`pids_of_daemon`];
//!   [`TestDaemon`] is the in-process daemon of hsm-daemon's `test-util` feature;
//! - [`mod@cmu`]: CMU runs ([`cmu()`], [`cmu_with`], [`run_cmu`], [`CmuSession`]);
//!   [`Transcript`] splits CMU output into one step per command line, and [`list_users`] /
//!   [`user_row`] build the exact `listUsers` text of a fresh cluster;
//! - [`cmu_keys`]: exact CMU output of the key commands (findAllKeys, shareKey, ...);
//! - [`mod@kmu`]: `key_mgmt_util` runs, sessions, transcripts and the exact SDK 3 lines;
//! - [`golden`]: golden transcripts (`<name>.script` typed, `<name>.golden` expected) of
//!   both tools, compared by the rule each tool's golden files are written for;
//! - [`kmu_golden`]: the KMU golden scenarios' daemon with users and working directory;
//! - [`openssl`]: the OpenSSL command line as the judge of exported keys and signatures.

pub(crate) use hsm_daemon::test_util::TestDaemon;

mod cmu;
pub(crate) mod cmu_keys;
pub(crate) mod golden;
pub(crate) mod kmu;
pub(crate) mod kmu_golden;
pub(crate) mod openssl;
mod process;
pub(crate) mod pty;
pub(crate) mod tool;

pub(crate) use cmu::*;
pub(crate) use process::*;
pub(crate) use tool::{socket_args, CMU, KMU};
