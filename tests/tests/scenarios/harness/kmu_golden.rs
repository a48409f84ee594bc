//! The harness of the `key_mgmt_util` golden tests: a daemon with users and a working
//! directory, around the golden-transcript run of [`golden`](super::golden).
//!
//! Each scenario is a pair under `tests/kmu_golden/`: `<name>.script` (the lines typed,
//! answers to prompts included) and `<name>.golden` (the expected screen). The golden files
//! are written from the reference (docs/kmu.md, Appendix A for help texts, and the SDK 3
//! corrections of docs/output-profiles.md §F), not recorded from the binary.
//!
//! Every scenario runs against its own in-process daemon with three HSMs, on which the
//! `admin` officer is activated and two crypto users exist: `alice` (user id 3, password
//! `Password1`) and `bob` (user id 4, password `Password2`). The tool runs in a fresh
//! working directory (files the script names live there) with `CLOUDHSM_SIM_ECHO_INPUT=1`,
//! so typed lines appear after their prompts as a terminal shows them.
//!
//! Comparison is byte for byte (KMU's TABs and trailing blanks are part of its output),
//! except that `{*}` in a golden line matches any text: for random key material.

use super::golden::{check_transcript, Rule};
use super::tool::{self, socket_args, KMU};
use hsm_client::Client;
use hsm_daemon::test_util::TestDaemon;
use hsm_proto::{HsmOp, Request, Response, Secret, UserType};
use std::process::Output;

/// Activates `admin` and creates `alice` and `bob` on every HSM, as CMU would.
fn create_users(daemon: &TestDaemon) {
    let mut client = Client::connect(&daemon.socket(), "kmu-test-setup").expect("connect");
    let Response::Clusters(clusters) = client.call(&Request::ListClusters).expect("clusters")
    else {
        panic!("no cluster list");
    };
    for hsm in &clusters[0].hsms {
        let id = &hsm.hsm_id;
        let ops = [
            HsmOp::Login {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("password"),
            },
            HsmOp::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("Passw0rd1"),
            },
            HsmOp::CreateUser {
                user_type: UserType::Cu,
                name: "alice".into(),
                password: Secret::new("Password1"),
            },
            HsmOp::CreateUser {
                user_type: UserType::Cu,
                name: "bob".into(),
                password: Secret::new("Password2"),
            },
            HsmOp::Logout,
        ];
        for op in ops {
            client.hsm(id, op).expect("user setup");
        }
    }
}

/// A daemon with users, and a working directory for the tool.
pub(crate) struct Scenario {
    pub(crate) daemon: TestDaemon,
    pub(crate) work: tempfile::TempDir,
}

impl Scenario {
    /// A three-HSM daemon with `admin`, `alice` and `bob` set up, and an empty directory.
    pub(crate) fn new() -> Self {
        let daemon = TestDaemon::start(3);
        create_users(&daemon);
        let work = tempfile::Builder::new()
            .prefix("kmu-")
            .tempdir()
            .expect("work dir");
        Self { daemon, work }
    }

    /// A file the script will read.
    pub(crate) fn file(&self, name: &str, contents: &[u8]) {
        std::fs::write(self.work.path().join(name), contents).expect("write input file");
    }

    /// A file the tool wrote.
    pub(crate) fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.work.path().join(name))
            .unwrap_or_else(|e| panic!("tool did not write {name}: {e}"))
    }

    /// Runs the tool with `args` and `stdin`.
    pub(crate) fn run(&self, args: &[&str], stdin: &str) -> Output {
        let socket = self.daemon.socket();
        tool::run(
            KMU,
            &socket_args(&socket, args),
            Some(self.work.path()),
            stdin,
        )
    }

    /// Runs `<name>.script` and compares the screen with `<name>.golden`.
    pub(crate) fn check(&self, name: &str, args: &[&str]) {
        let socket = self.daemon.socket();
        check_transcript(
            KMU,
            &socket_args(&socket, args),
            Some(self.work.path()),
            ("kmu_golden", name),
            Rule::Wildcards,
        );
    }
}
