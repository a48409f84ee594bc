//! `key_mgmt_util` (KMU): key management for crypto users, against the simulator.
//!
//! A KMU session is attached to one HSM of one cluster, the session node (docs/kmu.md §1.7):
//! logins and logouts go to every HSM of the cluster, key commands to the session node,
//! which replicates token keys and reports one status per HSM.
//!
//! - `args`: the option scanner (docs/kmu.md §1.5);
//! - `commands`: one file per command, the dispatch table and the `help` listing;
//! - `output`: the `RET` line and the `CLUSTER` block (docs/kmu.md §0.2);
//! - `strings`: the table of result texts, \[REC\] strings and profile-dependent output;
//! - [`modes`]: single-command and script modes, and the start-up failure messages;
//! - `files`: reading and writing local files; `der`: the minimal PEM/DER code for the
//!   client-side checks.

mod args;
mod commands;
mod der;
mod files;
pub mod modes;
mod output;
mod strings;

use crate::io::Io;
use crate::profile::Profile;
use crate::repl::{Flow, Tool};
use hsm_client::{Client, ClientError};
use hsm_proto::keys::{ClusterReply, KeyReply, KeyRequest, NodeStatus};
use hsm_proto::{ClusterInfo, HsmOp, Response};

pub use commands::NAMES as COMMAND_NAMES;

/// A KMU session: one daemon connection, the cluster, and the session node.
pub struct Kmu {
    client: Client,
    cluster: ClusterInfo,
    node: usize,
    profile: Profile,
    logged_in: bool,
}

/// The answer to a key request: the payload or a result code, and each HSM's status.
pub(crate) struct KeyResult {
    pub outcome: Result<KeyReply, u32>,
    pub nodes: Vec<NodeStatus>,
}

impl KeyResult {
    /// The code for the `RET` line: 0 for any reply, else the failure's code.
    pub(crate) fn code(&self) -> u32 {
        self.outcome.as_ref().err().copied().unwrap_or(0)
    }
}

impl Kmu {
    /// A session over `client` attached to HSM `node` of `cluster`.
    pub fn new(client: Client, cluster: ClusterInfo, node: usize, profile: Profile) -> Self {
        Self {
            client,
            cluster,
            node,
            profile,
            logged_in: false,
        }
    }

    /// The upstream start-up banner and command list (docs/kmu.md §1.1, `--banner`).
    pub fn print_banner(&mut self, io: &mut Io<'_>) {
        io.text("\n\tCfm3Initialize() returned app id : 01000000 \n");
        io.text("\n\tsession_handle 1000000 \n");
        io.text("\n\tCurrent FIPS mode is: 00000002\n");
        commands::run_tokens(self, &["help"], io);
    }

    /// Runs one command given as words (single-command and script modes).
    pub fn run_words(&mut self, words: &[&str], io: &mut Io<'_>) -> Flow {
        commands::run_tokens(self, words, io)
    }

    /// Ends the session as `exit` does: the login ends and session keys go with it.
    pub fn end_session(&mut self) {
        if self.logged_in {
            for index in 0..self.cluster.hsms.len() {
                let _ = self.op(index, HsmOp::Logout);
            }
            self.logged_in = false;
        }
    }

    /// Whether a login succeeded on the session node (single-command mode stops if not).
    pub fn is_logged_in(&self) -> bool {
        self.logged_in
    }

    pub(crate) fn profile(&self) -> Profile {
        self.profile
    }

    pub(crate) fn hsm_count(&self) -> usize {
        self.cluster.hsms.len()
    }

    /// The session node's index in the cluster (its node id).
    pub(crate) fn node(&self) -> usize {
        self.node
    }

    /// Sends `op` to HSM `index` of the cluster; a failure becomes its result code.
    pub(crate) fn op(&mut self, index: usize, op: HsmOp) -> Result<Response, u32> {
        let hsm_id = self.cluster.hsms[index].hsm_id.clone();
        self.client.hsm(&hsm_id, op).map_err(|e| failure_code(&e))
    }

    /// Sends a key request to the session node.
    pub(crate) fn key(&mut self, request: KeyRequest) -> KeyResult {
        match self.op(self.node, HsmOp::Key(request)) {
            Ok(Response::Cluster(ClusterReply { outcome, nodes })) => KeyResult {
                outcome: outcome.map_err(|e| e.value()),
                nodes,
            },
            Ok(other) => KeyResult {
                outcome: Err(failure_code(&ClientError::Unexpected(Box::new(other)))),
                nodes: Vec::new(),
            },
            Err(code) => KeyResult {
                outcome: Err(code),
                nodes: Vec::new(),
            },
        }
    }
}

/// The result code KMU prints for a failed call. Failures of the daemon connection read
/// as the client daemon's socket error; unexpected replies are also logged to stderr.
fn failure_code(error: &ClientError) -> u32 {
    match error {
        ClientError::Hsm(code) => code.value(),
        ClientError::Io(_) | ClientError::Closed => strings::DAEMON_SOCKET_ERROR,
        other => {
            eprintln!("key_mgmt_util: {other}");
            strings::DAEMON_SOCKET_ERROR
        }
    }
}

impl Tool for Kmu {
    fn prompt(&self) -> String {
        strings::PROMPT.to_owned()
    }

    fn run_line(&mut self, line: &str, io: &mut Io<'_>) -> Flow {
        commands::run_line(self, line, io)
    }

    fn end_of_input(&mut self, _io: &mut Io<'_>) {
        // End of input behaves like exit (docs/kmu.md §1.2 [REC]).
        self.end_session();
    }
}
