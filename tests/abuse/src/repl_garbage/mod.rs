//! `repl-garbage`: a corpus of garbage lines piped into `cloudhsm_mgmt_util` and
//! `key_mgmt_util`; neither may crash (signal or panic) or hang (timeout), and both must
//! exit.
//!
//! - `corpus`: the garbage.

mod corpus;

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::rng::Rng;
use crate::summary::Summary;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct GarbageArgs {
    /// Runs per tool
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Garbage lines per run
    #[arg(long, default_value_t = 40)]
    lines: usize,
    /// Seconds a run may take before it counts as a hang
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

/// Outcomes of one tool's runs.
#[derive(Debug, Default)]
struct Tally {
    runs: usize,
    lines: usize,
    nonzero: usize,
    crashes: usize,
    hangs: usize,
    slowest: Duration,
}

/// Runs the corpus through both tools.
pub(crate) fn run(bins: &Bins, args: &GarbageArgs, seed: u64) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-repl-")?;
    let mut daemon = Daemon::start(bins, dir.path(), &daemon::Options::default())?;
    let big = dir.path().join("big.bin");
    let mut rng = Rng::new(seed);
    fs::write(&big, rng.bytes(2 << 20))?;
    let tools = [
        (
            "cloudhsm_mgmt_util",
            bins.cmu(),
            cli_tools::cmu::COMMAND_NAMES,
            "quit",
        ),
        (
            "key_mgmt_util",
            bins.kmu(),
            cli_tools::kmu::COMMAND_NAMES,
            "exit",
        ),
    ];
    let logins = [
        "loginHSM PRECO admin password",
        "loginHSM -u CU -s nobody -p nopass1",
    ];
    let mut s = Summary::new("repl-garbage");
    let mut bad = 0;
    for (k, (name, path, names, quit)) in tools.iter().enumerate() {
        let mut tally = Tally::default();
        for run in 0..args.runs {
            let mut input = Vec::new();
            for _ in 0..args.lines {
                if rng.chance(5) {
                    input.extend_from_slice(logins[k].as_bytes());
                } else {
                    input.extend(corpus::line(&mut rng, names, &big));
                }
                input.push(b'\n');
            }
            if run % 2 == 0 {
                input.extend_from_slice(format!("{quit}\n").as_bytes());
            }
            let stderr = dir.path().join(format!("{name}-{run}.stderr"));
            one_run(
                path,
                daemon.socket(),
                &input,
                &stderr,
                args.timeout,
                &mut tally,
            )?;
            tally.lines += args.lines;
        }
        bad += tally.crashes + tally.hangs;
        s.figure(
            name,
            format!(
                "runs={} lines={} crashes={} hangs={} nonzero-exits={} slowest={:.1} s",
                tally.runs,
                tally.lines,
                tally.crashes,
                tally.hangs,
                tally.nonzero,
                tally.slowest.as_secs_f64()
            ),
        );
    }
    s.check("no tool crashed or hung", bad == 0);
    s.check(
        "the daemon is alive",
        daemon.is_running() && !daemon.log_has_panic(),
    );
    Ok(s)
}

/// Pipes `input` into the tool and waits (bounded) for it to exit.
fn one_run(
    tool: &Path,
    socket: &Path,
    input: &[u8],
    stderr: &Path,
    timeout: u64,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut child = Command::new(tool)
        .arg("--socket")
        .arg(socket)
        .arg("--no-spawn")
        .env_remove("CLOUDHSM_SIM_ECHO_INPUT")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(File::create(stderr)?)
        .spawn()?;
    let mut stdin = child.stdin.take();
    let bytes = input.to_vec();
    // The tool may stop reading early (quit, an error); a broken pipe is fine.
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&bytes);
        }
    });
    let started = Instant::now();
    let limit = Duration::from_secs(timeout);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    tally.runs += 1;
    tally.slowest = tally.slowest.max(started.elapsed());
    let panicked = fs::read_to_string(stderr).is_ok_and(|e| e.contains("panicked"));
    match status {
        None => tally.hangs += 1,
        Some(st) if st.signal().is_some() || panicked => tally.crashes += 1,
        Some(st) if !st.success() => tally.nonzero += 1,
        Some(_) => {}
    }
    Ok(())
}
