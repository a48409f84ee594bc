//! The two tools' whole `main`s: their own flags, modes and error wording around the
//! shared start-up of [`launch`]. They live in the library so that the package that builds
//! the binaries (and runs the black-box tests against them) needs only one-line `main`s.

use crate::cmu::{self, config, servers, Cmu};
use crate::io::Io;
use crate::kmu::{self, modes, Kmu};
use crate::launch::{self, CommonArgs, LaunchError};
use crate::repl;
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `cloudhsm_mgmt_util`'s name: the client name given to the daemon, the stderr prefix and
/// the history file's stem.
const CMU: &str = "cloudhsm_mgmt_util";
/// `key_mgmt_util`'s name, used as [`CMU`] is.
const KMU: &str = "key_mgmt_util";

/// CloudHSM Management Utility (simulated). Talks to the HSMs of a cloudhsm-sim cluster.
#[derive(Debug, Parser)]
#[command(name = CMU, version)]
struct CmuArgs {
    /// Configuration file in the real tool's JSON shape; its servers[].hostname entries
    /// pick HSMs by ENI IP. Without it, every HSM of the default cluster.
    config: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

/// Runs `cloudhsm_mgmt_util`: parses the process arguments, connects to (or starts) the
/// daemon, prints the start-up trace and reads commands until `quit` or end of input.
pub fn cloudhsm_mgmt_util() -> ExitCode {
    let args = CmuArgs::parse();
    let profile = args.common.profile();
    let entries = match args.config.as_deref().map(config::load).transpose() {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("{CMU}: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let endpoint = args.common.endpoint();
    let (client, clusters) = match launch::connect(&endpoint, CMU) {
        Ok(connected) => connected,
        Err(e) => {
            eprintln!("{CMU}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server_list = servers::resolve(entries, &clusters);
    let mut shell = Cmu::new(client, server_list, profile);

    let mut input = launch::input(CMU, cmu::COMMAND_NAMES, &endpoint.data_dir, true);
    let mut io = Io::new(input.as_mut());
    shell.print_startup(&mut io);
    repl::run(&mut shell, &mut io);
    exit_code(io.input().rejected_lines())
}

/// Key Management Utility (simulated). Manages the keys of a cloudhsm-sim cluster as a
/// crypto user.
///
/// Without MODE it reads commands at the `Command:` prompt (or from piped stdin).
/// MODE `singlecmd [loginHSM -u CU -s <user> -p <password>] <command> [args...]` runs one
/// command; MODE `scriptfile <file>` runs the lines of a file.
// These doc comments are clap's `--help` text, where `<file>` is meant literally.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Parser)]
#[command(name = KMU, version)]
struct KmuArgs {
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

/// Runs `key_mgmt_util`: parses the process arguments, connects to (or starts) the daemon,
/// and runs the chosen mode (the `Command:` prompt, `singlecmd` or `scriptfile`).
pub fn key_mgmt_util() -> ExitCode {
    let args = KmuArgs::parse();
    let profile = args.common.profile();
    if args.daemon_down {
        print!("{}", modes::daemon_down(profile));
        return ExitCode::FAILURE;
    }
    let endpoint = args.common.endpoint();
    let (client, clusters) = match launch::connect(&endpoint, KMU) {
        Ok(connected) => connected,
        Err(e) => {
            // KMU's own report of an unreachable daemon goes to stdout first.
            if matches!(e, LaunchError::Connect(_)) {
                print!("{}", modes::daemon_down(profile));
            }
            eprintln!("{KMU}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(cluster) = clusters
        .into_iter()
        .next()
        .filter(|c| args.node < c.hsms.len())
    else {
        eprintln!("{KMU}: the daemon has no HSM with node id {}", args.node);
        return ExitCode::FAILURE;
    };
    let mut shell = Kmu::new(client, cluster, args.node, profile);

    // Modes read their commands from the command line or a file, never from the editor.
    let allow_terminal = args.mode.is_empty();
    let mut input = launch::input(KMU, kmu::COMMAND_NAMES, &endpoint.data_dir, allow_terminal);
    let mut io = Io::new(input.as_mut());
    let words: Vec<&str> = args.mode.iter().map(String::as_str).collect();
    let mut rejected = 0;
    match words.split_first() {
        None => {
            if args.banner {
                shell.print_banner(&mut io);
            }
            repl::run(&mut shell, &mut io);
            rejected = io.input().rejected_lines();
        }
        Some((&"singlecmd", rest)) => {
            if !modes::single_command(&mut shell, rest, &mut io) {
                return ExitCode::FAILURE;
            }
        }
        Some((&"scriptfile", rest)) => {
            rejected = modes::script_file(
                &mut shell,
                rest.first().copied().unwrap_or_default(),
                &mut io,
            );
        }
        Some(_) => {
            io.text(&modes::unknown_mode());
            return ExitCode::FAILURE;
        }
    }
    let _ = std::io::stdout().flush();
    exit_code(rejected)
}

/// Success, unless input lines were skipped for not being UTF-8: the commands on them
/// never ran, and a script's caller must be able to tell.
fn exit_code(rejected_lines: usize) -> ExitCode {
    if rejected_lines == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
