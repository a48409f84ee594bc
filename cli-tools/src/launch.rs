//! Start-up shared by the tool binaries: the flags that say where the daemon is and which
//! output profile to use, the connection and the cluster list read over it, and the choice
//! of input source. Each binary keeps its own flags, modes and error wording around these.

use crate::daemon::{self, ConnectError, Endpoint};
use crate::io::{Input, PipedInput};
use crate::profile::{Profile, PROFILE_ENV};
use crate::terminal::TerminalInput;
use hsm_client::{Client, ClientError};
use hsm_proto::{paths, ClusterInfo, Request, Response};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Environment variable that makes piped input visible in the output, as a terminal
/// would echo it (for recording transcripts).
pub const ECHO_ENV: &str = "CLOUDHSM_SIM_ECHO_INPUT";

/// The flags every tool takes, flattened into its own clap `Parser` (their place in the
/// struct is their place in `--help`).
// These doc comments are clap's `--help` text, where `<data dir>` is meant literally.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Daemon socket [env: CLOUDHSM_SIM_SOCKET] [default: <data dir>/hsm.sock]
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// Daemon data directory, used when starting a daemon [env: CLOUDHSM_SIM_DATA_DIR]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Do not start hsm-daemon when none is running
    #[arg(long)]
    no_spawn: bool,
    /// Output profile: sdk3 (captures of the real SDK 3 tools) or legacy (user guide)
    #[arg(long, env = PROFILE_ENV, default_value = "sdk3", value_parser = ["sdk3", "legacy"])]
    profile: String,
}

impl CommonArgs {
    /// The output profile (clap has already refused anything but the two names).
    pub fn profile(&self) -> Profile {
        Profile::parse(&self.profile).unwrap_or_default()
    }

    /// Where the daemon is: the flags, else the environment, else the default data
    /// directory and the socket inside it.
    pub fn endpoint(&self) -> Endpoint {
        let data_dir = paths::data_dir(self.data_dir.clone());
        Endpoint {
            socket: paths::socket(self.socket.clone(), &data_dir),
            data_dir,
            spawn: !self.no_spawn,
        }
    }
}

/// Why start-up could not get the cluster list.
#[derive(Debug)]
pub enum LaunchError {
    /// No daemon could be reached (or started).
    Connect(ConnectError),
    /// The cluster list request failed.
    Call(ClientError),
    /// The daemon answered the cluster list request with something else.
    Unexpected(Box<Response>),
}

impl std::fmt::Display for LaunchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect(e) => write!(f, "{e}"),
            Self::Call(e) => write!(f, "{e}"),
            Self::Unexpected(other) => write!(f, "unexpected reply from daemon: {other:?}"),
        }
    }
}

impl std::error::Error for LaunchError {}

/// Connects to the daemon as `tool` (starting one if allowed) and reads its clusters.
pub fn connect(endpoint: &Endpoint, tool: &str) -> Result<(Client, Vec<ClusterInfo>), LaunchError> {
    let mut client = daemon::connect(endpoint, tool).map_err(LaunchError::Connect)?;
    match client.call(&Request::ListClusters) {
        Ok(Response::Clusters(clusters)) => Ok((client, clusters)),
        Ok(other) => Err(LaunchError::Unexpected(Box::new(other))),
        Err(e) => Err(LaunchError::Call(e)),
    }
}

/// Where input lines come from. With `allow_terminal` and a terminal on stdin: the line
/// editor, completing `commands` and keeping `<data_dir>/<tool>.history` (plain reading if
/// the editor cannot start). Otherwise piped stdin, echoed when [`ECHO_ENV`] is `1`.
pub fn input(
    tool: &str,
    commands: &'static [&'static str],
    data_dir: &Path,
    allow_terminal: bool,
) -> Box<dyn Input> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() && allow_terminal {
        let history = data_dir.join(format!("{tool}.history"));
        match TerminalInput::new(commands, Some(history)) {
            Ok(t) => Box::new(t),
            Err(_) => Box::new(PipedInput::new(stdin.lock(), false, tool)),
        }
    } else {
        let echo = std::env::var_os(ECHO_ENV).is_some_and(|v| v == "1");
        Box::new(PipedInput::new(stdin.lock(), echo, tool))
    }
}
