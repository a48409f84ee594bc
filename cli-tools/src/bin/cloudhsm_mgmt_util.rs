//! `cloudhsm_mgmt_util`: the CloudHSM Management Utility, against the simulator.

use clap::Parser;
use cli_tools::cmu::{self, config, servers, Cmu};
use cli_tools::io::Io;
use cli_tools::launch::{self, CommonArgs};
use cli_tools::repl;
use std::path::PathBuf;
use std::process::ExitCode;

/// The client name given to the daemon, the stderr prefix and the history file's stem.
const TOOL: &str = "cloudhsm_mgmt_util";

/// CloudHSM Management Utility (simulated). Talks to the HSMs of a cloudhsm-sim cluster.
#[derive(Debug, Parser)]
#[command(name = TOOL, version)]
struct Args {
    /// Configuration file in the real tool's JSON shape; its servers[].hostname entries
    /// pick HSMs by ENI IP. Without it, every HSM of the default cluster.
    config: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let profile = args.common.profile();
    let entries = match args.config.as_deref().map(config::load).transpose() {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("{TOOL}: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let endpoint = args.common.endpoint();
    let (client, clusters) = match launch::connect(&endpoint, TOOL) {
        Ok(connected) => connected,
        Err(e) => {
            eprintln!("{TOOL}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server_list = servers::resolve(entries, &clusters);
    let mut shell = Cmu::new(client, server_list, profile);

    let mut input = launch::input(TOOL, cmu::COMMAND_NAMES, &endpoint.data_dir, true);
    let mut io = Io::new(input.as_mut());
    shell.print_startup(&mut io);
    repl::run(&mut shell, &mut io);
    ExitCode::SUCCESS
}
