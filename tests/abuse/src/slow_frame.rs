//! `slow-frame`: connections that dribble one byte of a frame every few seconds, half
//! before `Hello` and half after it with a frame announcing the largest legal body. Each
//! must be closed by the daemon before the run ends; RSS is reported throughout.

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::fd_exhaustion::closed_by_daemon;
use crate::procfs::Usage;
use crate::summary::Summary;
use crate::wire::{self, TimedClient};
use hsm_proto::MAX_BODY_LEN;
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct SlowArgs {
    /// Slow connections (half before Hello, half after)
    #[arg(long, default_value_t = 40)]
    connections: usize,
    /// Seconds between two bytes
    #[arg(long, default_value_t = 2)]
    interval: u64,
    /// How long the bytes are dribbled; every connection must be closed by then
    #[arg(long, default_value_t = 40)]
    seconds: u64,
}

/// One dribbling connection.
struct Slow {
    stream: UnixStream,
    frame: Vec<u8>,
    sent: usize,
    closed_after: Option<Duration>,
}

/// Runs the test.
pub(crate) fn run(bins: &Bins, args: &SlowArgs) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-slow-")?;
    let mut daemon = Daemon::start(bins, dir.path(), &daemon::Options::default())?;
    let pid = daemon.pid();
    let before = Usage::of(pid);
    let mut slow = Vec::new();
    for i in 0..args.connections {
        let greeted = i % 2 == 1;
        let stream = if greeted {
            // Stays open: the daemon holds the greeted connection.
            let Some(c) = TimedClient::connect(daemon.socket(), Duration::from_secs(10)) else {
                anyhow::bail!("could not greet the daemon");
            };
            c.into_stream()
        } else {
            UnixStream::connect(daemon.socket())?
        };
        // A frame that cannot complete within the run: before Hello a Hello header
        // announcing 64 KiB, after it the largest legal body.
        let body_len = if greeted { MAX_BODY_LEN } else { 64 << 10 };
        let mut frame = crate::fuzz_frames::header(body_len);
        frame.extend(std::iter::repeat_n(0u8, 4096));
        slow.push(Slow {
            stream,
            frame,
            sent: 0,
            closed_after: None,
        });
    }
    let started = Instant::now();
    let mut peak = before;
    let mut unserved = 0;
    while started.elapsed() < Duration::from_secs(args.seconds) {
        for s in slow.iter_mut().filter(|s| s.closed_after.is_none()) {
            let byte = [s.frame[s.sent % s.frame.len()]];
            let gone = s.stream.write(&byte).is_err()
                || closed_by_daemon(std::slice::from_ref(&s.stream)) == 1;
            if gone {
                s.closed_after = Some(started.elapsed());
            }
            s.sent += 1;
        }
        let now = Usage::of(pid);
        if now.rss_kib > peak.rss_kib {
            peak = now;
        }
        if wire::served_within(daemon.socket(), Duration::from_secs(1)).is_none() {
            unserved += 1;
        }
        std::thread::sleep(Duration::from_secs(args.interval));
    }
    let open = slow.iter().filter(|s| s.closed_after.is_none()).count();
    let latest = slow.iter().filter_map(|s| s.closed_after).max();
    drop(slow);
    std::thread::sleep(Duration::from_secs(1));
    let after = Usage::of(pid);
    let mut s = Summary::new("slow-frame");
    s.figure("connections", args.connections);
    s.figure("byte interval", format!("{} s", args.interval));
    s.figure("run", format!("{} s", args.seconds));
    s.figure("closed by the daemon", args.connections - open);
    s.figure("still open at the end", open);
    s.figure(
        "last close after",
        latest.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64())),
    );
    s.figure("legitimate probes not served", unserved);
    s.figure("daemon before", before.describe());
    s.figure("daemon peak", peak.describe());
    s.figure("daemon after", after.describe());
    s.check("every slow connection closed by the daemon", open == 0);
    s.check("legitimate clients served throughout", unserved == 0);
    s.check(
        "the daemon is alive",
        daemon.is_running() && !daemon.log_has_panic(),
    );
    Ok(s)
}
