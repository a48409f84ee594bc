//! key_mgmt_util's argument parsing on arbitrary command lines.
//!
//! The scanner itself (`cli_tools::kmu::args::scan`, `Args`) and the per-command option
//! tables are `pub(crate)`; a pure-parser target needs them exposed, e.g. as
//! `#[doc(hidden)] pub mod args` in `cli-tools/src/kmu/mod.rs` (or behind a `fuzzing`
//! feature). Until then this target goes through the public entry the tool's
//! single-command mode uses, `Kmu::run_words`, against an in-process daemon
//! (`hsm_daemon::test_util::TestDaemon`): slower, but it reaches every command's
//! parser and validation exactly as typed input does. Input: whitespace-separated words,
//! the first one the command.
#![no_main]

use cli_tools::io::{Io, PipedInput};
use cli_tools::kmu::Kmu;
use cli_tools::profile::Profile;
use hsm_client::Client;
use hsm_daemon::test_util::TestDaemon;
use hsm_proto::{Request, Response};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

/// One daemon and one logged-out KMU session for the whole fuzzing run.
fn session() -> &'static Mutex<(TestDaemon, Kmu)> {
    static SESSION: OnceLock<Mutex<(TestDaemon, Kmu)>> = OnceLock::new();
    SESSION.get_or_init(|| {
        let daemon = TestDaemon::start(1);
        let mut client = Client::connect(&daemon.socket(), "fuzz").expect("connect");
        let cluster = match client.call(&Request::ListClusters).expect("clusters") {
            Response::Clusters(mut c) => c.remove(0),
            other => panic!("unexpected {other:?}"),
        };
        let kmu = Kmu::new(client, cluster, 0, Profile::default());
        Mutex::new((daemon, kmu))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let words: Vec<&str> = text.split_whitespace().take(64).collect();
    // A file argument could name /dev/zero or a FIFO: stay with parsing, not reading.
    if words.is_empty() || words.iter().any(|w| w.starts_with('/')) {
        return;
    }
    let mut guard = session().lock().unwrap_or_else(|e| e.into_inner());
    let mut input = PipedInput::new(std::io::empty(), false);
    let mut io = Io::new(&mut input);
    let _ = guard.1.run_words(&words, &mut io);
    // Keep the session logged out, so the next input starts from the same state.
    guard.1.end_session();
});
