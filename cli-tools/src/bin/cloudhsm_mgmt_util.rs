//! `cloudhsm_mgmt_util`: the CloudHSM Management Utility, against the simulator.

use clap::Parser;
use cli_tools::cmu::{self, config, servers, Cmu};
use cli_tools::daemon::{self, Endpoint};
use cli_tools::io::{Input, Io, PipedInput};
use cli_tools::profile::{Profile, PROFILE_ENV};
use cli_tools::repl;
use cli_tools::terminal::TerminalInput;
use hsm_proto::{paths, Request, Response};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Environment variable that makes piped input visible in the output, as a terminal
/// would echo it (for recording transcripts).
const ECHO_ENV: &str = "CLOUDHSM_SIM_ECHO_INPUT";

/// CloudHSM Management Utility (simulated). Talks to the HSMs of a cloudhsm-sim cluster.
#[derive(Debug, Parser)]
#[command(name = "cloudhsm_mgmt_util", version)]
struct Args {
    /// Configuration file in the real tool's JSON shape; its servers[].hostname entries
    /// pick HSMs by ENI IP. Without it, every HSM of the default cluster.
    config: Option<PathBuf>,
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

fn main() -> ExitCode {
    let args = Args::parse();
    let profile = Profile::parse(&args.profile).unwrap_or_default();
    let entries = match args.config.as_deref().map(config::load).transpose() {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("cloudhsm_mgmt_util: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let data_dir = paths::data_dir(args.data_dir);
    let endpoint = Endpoint {
        socket: paths::socket(args.socket, &data_dir),
        data_dir,
        spawn: !args.no_spawn,
    };
    let mut client = match daemon::connect(&endpoint, "cloudhsm_mgmt_util") {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cloudhsm_mgmt_util: {e}");
            return ExitCode::FAILURE;
        }
    };
    let clusters = match client.call(&Request::ListClusters) {
        Ok(Response::Clusters(c)) => c,
        Ok(other) => {
            eprintln!("cloudhsm_mgmt_util: unexpected reply from daemon: {other:?}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("cloudhsm_mgmt_util: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server_list = servers::resolve(entries, &clusters);
    let mut shell = Cmu::new(client, server_list, profile);

    let stdin = std::io::stdin();
    let mut input: Box<dyn Input> = if stdin.is_terminal() {
        let history = endpoint.data_dir.join("cloudhsm_mgmt_util.history");
        match TerminalInput::new(cmu::COMMAND_NAMES, Some(history)) {
            Ok(t) => Box::new(t),
            Err(_) => Box::new(PipedInput::new(stdin.lock(), false)),
        }
    } else {
        let echo = std::env::var_os(ECHO_ENV).is_some_and(|v| v == "1");
        Box::new(PipedInput::new(stdin.lock(), echo))
    };
    let mut io = Io::new(input.as_mut());
    shell.print_startup(&mut io);
    repl::run(&mut shell, &mut io);
    ExitCode::SUCCESS
}
