//! `key_mgmt_util`: the CloudHSM Key Management Utility, against the simulator.

use clap::Parser;
use cli_tools::io::Io;
use cli_tools::kmu::{self, modes, Kmu};
use cli_tools::launch::{self, CommonArgs, LaunchError};
use cli_tools::repl;
use std::io::Write;
use std::process::ExitCode;

/// The client name given to the daemon, the stderr prefix and the history file's stem.
const TOOL: &str = "key_mgmt_util";

/// Key Management Utility (simulated). Manages the keys of a cloudhsm-sim cluster as a
/// crypto user.
///
/// Without MODE it reads commands at the `Command:` prompt (or from piped stdin).
/// MODE `singlecmd [loginHSM -u CU -s <user> -p <password>] <command> [args...]` runs one
/// command; MODE `scriptfile <file>` runs the lines of a file.
// These doc comments are clap's `--help` text, where `<file>` is meant literally.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Parser)]
#[command(name = TOOL, version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
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
    let profile = args.common.profile();
    if args.daemon_down {
        print!("{}", modes::daemon_down(profile));
        return ExitCode::FAILURE;
    }
    let endpoint = args.common.endpoint();
    let (client, clusters) = match launch::connect(&endpoint, TOOL) {
        Ok(connected) => connected,
        Err(e) => {
            // KMU's own report of an unreachable daemon goes to stdout first.
            if matches!(e, LaunchError::Connect(_)) {
                print!("{}", modes::daemon_down(profile));
            }
            eprintln!("{TOOL}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(cluster) = clusters
        .into_iter()
        .next()
        .filter(|c| args.node < c.hsms.len())
    else {
        eprintln!("{TOOL}: the daemon has no HSM with node id {}", args.node);
        return ExitCode::FAILURE;
    };
    let mut shell = Kmu::new(client, cluster, args.node, profile);

    // Modes read their commands from the command line or a file, never from the editor.
    let allow_terminal = args.mode.is_empty();
    let mut input = launch::input(TOOL, kmu::COMMAND_NAMES, &endpoint.data_dir, allow_terminal);
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
