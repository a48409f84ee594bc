//! `cloudhsm_mgmt_util`: a shell that talks to each HSM of its configuration separately.
//!
//! - [`servers`]: the server list and the start-up trace;
//! - `broadcast`: sending one command to every target server and reporting per server,
//!   with the confirmation and recovery prompts;
//! - `strings`: the table of fixed, recommended and profile-dependent strings;
//! - `commands`: one file per command, and the table that parses, dispatches and
//!   documents them.

mod broadcast;
mod commands;
pub mod config;
pub mod servers;
mod strings;

use crate::io::Io;
use crate::profile::Profile;
use crate::repl::{Flow, Tool};
use hsm_client::{Client, ClientError};
use hsm_proto::{HsmOp, Response};
use servers::Server;

pub use commands::NAMES as COMMAND_NAMES;

/// Global mode, or server mode on one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Global,
    Server(usize),
}

/// A CMU session: one daemon connection, the configured servers, and the mode.
pub struct Cmu {
    client: Client,
    servers: Vec<Server>,
    mode: Mode,
    profile: Profile,
}

impl Cmu {
    /// A session over `client` with the given server list.
    pub fn new(client: Client, servers: Vec<Server>, profile: Profile) -> Self {
        Self {
            client,
            servers,
            mode: Mode::Global,
            profile,
        }
    }

    /// Prints the start-up trace (docs/cmu.md §1.4, docs/output-profiles.md §A.2).
    pub fn print_startup(&self, io: &mut Io<'_>) {
        servers::print_startup(&self.servers, self.profile, io);
    }

    /// Servers a command goes to: every connected server, or the one in server mode.
    pub(crate) fn targets(&self) -> Vec<usize> {
        match self.mode {
            Mode::Global => (0..self.servers.len())
                .filter(|i| self.servers[*i].is_connected())
                .collect(),
            Mode::Server(n) => vec![n],
        }
    }

    pub(crate) fn server(&self, index: usize) -> &Server {
        &self.servers[index]
    }

    /// Sends `op` to one server.
    pub(crate) fn send(&mut self, index: usize, op: HsmOp) -> Result<Response, ClientError> {
        let Some(hsm_id) = self.servers[index].hsm_id.clone() else {
            return Err(ClientError::Closed);
        };
        self.client.hsm(&hsm_id, op)
    }

    /// The text after `<command> failed: `.
    pub(crate) fn failure_text(&self, error: &ClientError) -> String {
        strings::failure_text(self.profile, error)
    }
}

impl Tool for Cmu {
    fn prompt(&self) -> String {
        match self.mode {
            Mode::Global => strings::PROMPT.to_owned(),
            Mode::Server(n) => format!("server{n}>"),
        }
    }

    fn run_line(&mut self, line: &str, io: &mut Io<'_>) -> Flow {
        commands::run_line(self, line, io)
    }

    fn end_of_input(&mut self, io: &mut Io<'_>) {
        // End of input behaves like quit (docs/cmu.md §1.12).
        commands::quit::say_goodbye(self, io);
    }
}
