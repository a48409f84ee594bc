//! `fuzz-frames`: mutated and structure-aware frames against a live daemon over many
//! connections; after each batch the daemon must be alive, free of panics, and serving a
//! legitimate client.
//!
//! - `corpus`: a valid request of every variant, the seeds;
//! - `mutate`: the mutations.

mod corpus;
pub(crate) use mutate::header;

mod mutate;

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::procfs::Usage;
use crate::rng::Rng;
use crate::summary::Summary;
use crate::wire;
use std::io::Write;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct FuzzArgs {
    /// Fuzzed frames in total
    #[arg(long, default_value_t = 20_000)]
    frames: u64,
    /// Frames per batch; the daemon is checked after each
    #[arg(long, default_value_t = 2_000)]
    batch: u64,
    /// Connections open at once
    #[arg(long, default_value_t = 16)]
    parallel: usize,
}

/// Counters shared by the senders.
#[derive(Default)]
struct Counters {
    frames: AtomicU64,
    connections: AtomicU64,
    /// Connections the daemon had not closed 10 s after our end of input.
    unclosed: AtomicU64,
}

/// Runs the fuzzer.
pub(crate) fn run(bins: &Bins, args: &FuzzArgs, seed: u64) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-fuzz-")?;
    let mut daemon = Daemon::start(bins, dir.path(), &daemon::Options::default())?;
    let bodies = corpus::bodies(&daemon.hsm_ids()?[0]);
    let before = Usage::of(daemon.pid());
    let counters = Counters::default();
    let mut rng = Rng::new(seed);
    let (mut batches, mut unserved, mut died) = (0u64, 0u64, false);
    let started = Instant::now();
    while counters.frames.load(Ordering::Relaxed) < args.frames {
        let goal = (counters.frames.load(Ordering::Relaxed) + args.batch).min(args.frames);
        std::thread::scope(|scope| {
            for _ in 0..args.parallel.max(1) {
                let mut rng = Rng::new(rng.next_u64());
                let (bodies, counters, socket) = (&bodies, &counters, daemon.socket());
                scope.spawn(move || {
                    while counters.frames.load(Ordering::Relaxed) < goal {
                        one_connection(socket, &mut rng, bodies, counters);
                    }
                });
            }
        });
        batches += 1;
        if !daemon.is_running() {
            died = true;
            break;
        }
        if wire::served_within(daemon.socket(), Duration::from_secs(5)).is_none() {
            unserved += 1;
        }
    }
    let elapsed = started.elapsed();
    let after = Usage::of(daemon.pid());
    let panics = u64::from(died || daemon.log_has_panic());
    let frames = counters.frames.load(Ordering::Relaxed);
    let mut s = Summary::new("fuzz-frames");
    s.figure("frames", frames);
    s.figure("connections", counters.connections.load(Ordering::Relaxed));
    s.figure("batches", batches);
    s.figure("panics", panics);
    s.figure("daemon died", died);
    s.figure("batches not served", unserved);
    s.figure(
        "unclosed after EOF",
        counters.unclosed.load(Ordering::Relaxed),
    );
    s.figure("log bytes", daemon.log_len());
    s.figure("daemon before", before.describe());
    s.figure("daemon after", after.describe());
    let rate = frames as f64 / elapsed.as_secs_f64().max(0.001);
    s.figure(
        "seconds",
        format!("{:.1} ({rate:.0} frames/s)", elapsed.as_secs_f64()),
    );
    s.check("no panic and the daemon alive (panics = 0)", panics == 0);
    s.check(
        "a legitimate client served after every batch",
        unserved == 0,
    );
    s.check(
        "every connection closed after its input ended",
        counters.unclosed.load(Ordering::Relaxed) == 0,
    );
    Ok(s)
}

/// One connection: maybe a `Hello`, then one to four fuzzed frames, then our end of
/// input; the daemon must answer or close within 10 s.
fn one_connection(socket: &Path, rng: &mut Rng, bodies: &[Vec<u8>], counters: &Counters) {
    let Ok(mut stream) = UnixStream::connect(socket) else {
        return;
    };
    counters.connections.fetch_add(1, Ordering::Relaxed);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut bytes = if rng.chance(70) {
        wire::hello_frame()
    } else {
        Vec::new()
    };
    let n = 1 + rng.below(4);
    for _ in 0..n {
        bytes.extend(mutate::frame(rng, bodies));
    }
    counters.frames.fetch_add(n as u64, Ordering::Relaxed);
    // The daemon may close before reading everything.
    let _ = stream.write_all(&bytes);
    let _ = stream.shutdown(Shutdown::Write);
    if !wire::drain_until_closed(&mut stream, Duration::from_secs(10), 1 << 24) {
        counters.unclosed.fetch_add(1, Ordering::Relaxed);
    }
}
