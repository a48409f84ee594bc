//! `key_mgmt_util`: the CloudHSM Key Management Utility, against the simulator.

use clap::Parser;
use cli_tools::daemon::{self, Endpoint};
use cli_tools::io::{Input, Io, PipedInput};
use cli_tools::kmu::{self, modes, Kmu};
use cli_tools::profile::{Profile, PROFILE_ENV};
use cli_tools::repl;
use cli_tools::terminal::TerminalInput;
use hsm_proto::{paths, Request, Response};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Environment variable that makes piped input visible in the output, as a terminal
/// would echo it (for recording transcripts).
const ECHO_ENV: &str = "CLOUDHSM_SIM_ECHO_INPUT";

/// Key Management Utility (simulated). Manages the keys of a cloudhsm-sim cluster as a
/// crypto user.
///
/// Without MODE it reads commands at the `Command:` prompt (or from piped stdin).
/// MODE `singlecmd [loginHSM -u CU -s <user> -p <password>] <command> [args...]` runs one
/// command; MODE `scriptfile <file>` runs the lines of a file.
#[derive(Debug, Parser)]
#[command(name = "key_mgmt_util", version)]
struct Args {
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
    /// The HSM this session is attached to: its index in the first cluster
    #[arg(long, value_name = "N", default_value_t = 0)]
    node: usize,
    /// Print the upstream start-up banner and the command list before the first prompt
    #[arg(long)]
    banner: bool,
    /// Simulate a client daemon that is down: print its error and exit
    #[arg(long)]
    daemon_down: bool,
    /// singlecmd ... | scriptfile <file>
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "MODE"
    )]
    mode: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let profile = Profile::parse(&args.profile).unwrap_or_default();
    if args.daemon_down {
        print!("{}", modes::daemon_down(profile));
        return ExitCode::FAILURE;
    }
    let data_dir = paths::data_dir(args.data_dir);
    let endpoint = Endpoint {
        socket: paths::socket(args.socket, &data_dir),
        data_dir,
        spawn: !args.no_spawn,
    };
    let mut client = match daemon::connect(&endpoint, "key_mgmt_util") {
        Ok(c) => c,
        Err(e) => {
            print!("{}", modes::daemon_down(profile));
            eprintln!("key_mgmt_util: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cluster = match client.call(&Request::ListClusters) {
        Ok(Response::Clusters(clusters)) => clusters.into_iter().next(),
        Ok(other) => {
            eprintln!("key_mgmt_util: unexpected reply from daemon: {other:?}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("key_mgmt_util: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(cluster) = cluster.filter(|c| args.node < c.hsms.len()) else {
        eprintln!(
            "key_mgmt_util: the daemon has no HSM with node id {}",
            args.node
        );
        return ExitCode::FAILURE;
    };
    let mut shell = Kmu::new(client, cluster, args.node, profile);

    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal() && args.mode.is_empty();
    let mut input: Box<dyn Input> = if interactive {
        let history = endpoint.data_dir.join("key_mgmt_util.history");
        match TerminalInput::new(kmu::COMMAND_NAMES, Some(history)) {
            Ok(t) => Box::new(t),
            Err(_) => Box::new(PipedInput::new(stdin.lock(), false)),
        }
    } else {
        let echo = std::env::var_os(ECHO_ENV).is_some_and(|v| v == "1");
        Box::new(PipedInput::new(stdin.lock(), echo))
    };
    let mut io = Io::new(input.as_mut());
    let words: Vec<&str> = args.mode.iter().map(String::as_str).collect();
    match words.split_first() {
        None => {
            if args.banner {
                shell.print_banner(&mut io);
            }
            repl::run(&mut shell, &mut io);
        }
        Some((&"singlecmd", rest)) => {
            if !modes::single_command(&mut shell, rest, &mut io) {
                return ExitCode::FAILURE;
            }
        }
        Some((&"scriptfile", rest)) => modes::script_file(
            &mut shell,
            rest.first().copied().unwrap_or_default(),
            &mut io,
        ),
        Some(_) => {
            io.text(&modes::unknown_mode());
            return ExitCode::FAILURE;
        }
    }
    let _ = std::io::stdout().flush();
    ExitCode::SUCCESS
}
