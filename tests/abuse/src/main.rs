//! `cloudhsm-abuse`: the abuse suite of cloudhsm-sim, run against the real `hsm-daemon`,
//! `cloudhsm_mgmt_util` and `key_mgmt_util` binaries (tests/abuse/README.md).
//!
//! One subcommand per property, each printing one summary block ([`summary`]) and exiting
//! non-zero when a property fails:
//! - [`crash_loop`]: SIGKILL during a workload; acknowledged changes survive;
//! - [`fuzz_frames`]: mutated and structure-aware frames; the daemon never dies or panics;
//! - [`soak`]: 900 concurrent clients; no failures, p50/p99, RSS and threads before/after;
//! - [`fd_exhaustion`]: 1,000 silent connections under a 256-descriptor limit;
//! - [`slow_frame`]: frames dribbled one byte at a time;
//! - [`repl_garbage`]: garbage lines piped into both tools.
//!
//! Shared: [`bins`] (where the binaries are), [`daemon`] (the daemon as a child),
//! [`wire`] (raw frames, the legitimate-client probe), [`procfs`], [`rng`].
//!
//! A binary crate: `anyhow` carries the set-up failures of every subcommand.

mod bins;
mod crash_loop;
mod daemon;
mod fd_exhaustion;
mod fuzz_frames;
mod procfs;
mod repl_garbage;
mod rng;
mod slow_frame;
mod soak;
mod summary;
mod wire;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The cloudhsm-sim abuse suite.
#[derive(Debug, Parser)]
#[command(name = "cloudhsm-abuse")]
struct Cli {
    /// Directory holding hsm-daemon, cloudhsm_mgmt_util and key_mgmt_util
    /// [default: this executable's directory]
    #[arg(long, global = true, value_name = "DIR")]
    bin_dir: Option<PathBuf>,
    /// Seed of the random choices [default: from the clock; printed]
    #[arg(long, global = true)]
    seed: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// SIGKILL the daemon during a mixed workload and check the acknowledged-changes ledger
    CrashLoop(crash_loop::CrashArgs),
    /// Send mutated and structure-aware frames; the daemon must never die or panic
    FuzzFrames(fuzz_frames::FuzzArgs),
    /// Many concurrent clients: failures, p50/p99, daemon RSS and threads before/after
    Soak(soak::SoakArgs),
    /// Silent connections against a daemon under a low descriptor limit
    FdExhaustion(fd_exhaustion::FdArgs),
    /// Connections that dribble one byte of a frame every few seconds
    SlowFrame(slow_frame::SlowArgs),
    /// Pipe garbage lines into both tools; neither may crash or hang
    ReplGarbage(repl_garbage::GarbageArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let seed = cli.seed.unwrap_or_else(rng::clock_seed);
    let result = bins::Bins::find(cli.bin_dir).and_then(|bins| match &cli.command {
        Command::CrashLoop(a) => crash_loop::run(&bins, a, seed),
        Command::FuzzFrames(a) => fuzz_frames::run(&bins, a, seed),
        Command::Soak(a) => soak::run(&bins, a),
        Command::FdExhaustion(a) => fd_exhaustion::run(&bins, a),
        Command::SlowFrame(a) => slow_frame::run(&bins, a),
        Command::ReplGarbage(a) => repl_garbage::run(&bins, a, seed),
    });
    match result {
        Ok(mut summary) => {
            summary.figure("seed", seed);
            summary.finish()
        }
        Err(e) => {
            eprintln!("cloudhsm-abuse: {e:#}");
            ExitCode::from(2)
        }
    }
}
