//! `fd-exhaustion`: the daemon under a low descriptor limit (`prlimit --nofile=N:N`), then
//! 1,000 connections that never send `Hello`. The daemon's CPU use must stay low, its log
//! must not flood, and a legitimate client must be served within 1 s.

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::procfs::{self, Usage};
use crate::summary::{ms, Summary};
use crate::wire;
use std::io::{ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct FdArgs {
    /// The daemon's descriptor limit (soft and hard)
    #[arg(long, default_value_t = 256)]
    nofile: u32,
    /// Hostile connections
    #[arg(long, default_value_t = 1000)]
    hostile: usize,
    /// Seconds over which the daemon's CPU use is measured
    #[arg(long, default_value_t = 3)]
    window: u64,
    /// Highest acceptable CPU use over the window, in percent of one core
    #[arg(long, default_value_t = 10.0)]
    max_cpu: f64,
    /// Largest acceptable log growth, in KiB
    #[arg(long, default_value_t = 1024)]
    max_log_kib: u64,
}

/// Runs the test.
pub(crate) fn run(bins: &Bins, args: &FdArgs) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-fd-")?;
    let options = daemon::Options {
        nofile: Some(args.nofile),
        ..daemon::Options::default()
    };
    let mut daemon = Daemon::start(bins, dir.path(), &options)?;
    let pid = daemon.pid();
    anyhow::ensure!(
        procfs::comm(pid) == "hsm-daemon",
        "pid {pid} is not hsm-daemon (prlimit did not exec it)"
    );
    let before = Usage::of(pid);
    let log_before = daemon.log_len();

    // Openers on their own threads: a connect blocks once the listen backlog is full.
    let held: Arc<Mutex<Vec<UnixStream>>> = Arc::default();
    let opened = Arc::new(AtomicUsize::new(0));
    let openers = 4;
    for k in 0..openers {
        let (held, opened, socket) = (held.clone(), opened.clone(), daemon.socket().to_owned());
        let count = args.hostile / openers + usize::from(k < args.hostile % openers);
        std::thread::spawn(move || {
            for _ in 0..count {
                let Ok(s) = UnixStream::connect(&socket) else {
                    continue;
                };
                opened.fetch_add(1, Ordering::Relaxed);
                held.lock().unwrap_or_else(PoisonError::into_inner).push(s);
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while opened.load(Ordering::Relaxed) < args.hostile && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened_in_time = opened.load(Ordering::Relaxed);
    let first = wire::served_within(daemon.socket(), Duration::from_secs(1));

    let ticks = procfs::cpu_ticks(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(args.window));
    let spent = (procfs::cpu_ticks(pid) - ticks) as f64 / procfs::ticks_per_second() as f64;
    let cpu = 100.0 * spent / started.elapsed().as_secs_f64();
    let during = Usage::of(pid);
    let second = wire::served_within(daemon.socket(), Duration::from_secs(1));
    let log_growth = daemon.log_len().saturating_sub(log_before);
    let closed = closed_by_daemon(&held.lock().unwrap_or_else(PoisonError::into_inner));
    let alive = daemon.is_running() && !daemon.log_has_panic();

    let served = |p: Option<Duration>| p.map_or_else(|| "NOT within 1 s".to_owned(), ms);
    let mut s = Summary::new("fd-exhaustion");
    s.figure("descriptor limit", args.nofile);
    s.figure("hostile connections", args.hostile);
    s.figure("opened within 5 s", opened_in_time);
    s.figure("closed by the daemon", closed);
    s.figure("legitimate client, at once", served(first));
    s.figure(
        &format!("legitimate client, after {} s", args.window),
        served(second),
    );
    s.figure(
        "daemon CPU",
        format!("{cpu:.1} % of a core over {} s", args.window),
    );
    s.figure("log growth", format!("{log_growth} bytes"));
    s.figure("daemon before", before.describe());
    s.figure("daemon during", during.describe());
    s.check(
        &format!("CPU idle (< {} %)", args.max_cpu),
        cpu < args.max_cpu,
    );
    s.check("a legitimate client served within 1 s", second.is_some());
    s.check(
        &format!("log bounded (< {} KiB growth)", args.max_log_kib),
        log_growth < args.max_log_kib * 1024,
    );
    s.check("the daemon is alive", alive);
    Ok(s)
}

/// How many of `streams` the daemon has closed (EOF or reset on a non-blocking read).
pub(crate) fn closed_by_daemon(streams: &[UnixStream]) -> usize {
    streams
        .iter()
        .filter(|s| {
            let mut s: &UnixStream = s;
            if s.set_nonblocking(true).is_err() {
                return false;
            }
            let mut probe = [0u8; 64];
            match s.read(&mut probe) {
                Ok(0) => true,
                Err(e) => e.kind() == ErrorKind::ConnectionReset,
                Ok(_) => false,
            }
        })
        .count()
}
