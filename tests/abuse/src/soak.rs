//! `soak`: many concurrent clients (900, AWS's per-cluster client limit) doing cheap
//! requests for a while: no failures, latency percentiles, and the daemon's RSS and
//! thread count before and after.

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::procfs::Usage;
use crate::summary::{ms, Summary};
use crate::wire::TimedClient;
use hsm_proto::{HsmId, HsmOp, Request, Response};
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct SoakArgs {
    /// Concurrent clients
    #[arg(long, default_value_t = 900)]
    clients: usize,
    /// How long they send requests
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Allowed RSS growth from before to after, in MiB
    #[arg(long, default_value_t = 64)]
    rss_slack_mib: u64,
    /// Allowed thread-count growth from before to after
    #[arg(long, default_value_t = 4)]
    threads_slack: u64,
}

/// What one client saw.
#[derive(Debug, Default)]
struct Seen {
    latencies_us: Vec<u32>,
    failures: u64,
    connected: bool,
}

/// Runs the soak.
pub(crate) fn run(bins: &Bins, args: &SoakArgs) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-soak-")?;
    let mut daemon = Daemon::start(bins, dir.path(), &daemon::Options::default())?;
    let hsm = daemon.hsm_ids()?[0].clone();
    let pid = daemon.pid();
    let before = Usage::of(pid);
    let barrier = Arc::new(Barrier::new(args.clients + 1));
    let run_for = Duration::from_secs(args.seconds);
    let handles: Vec<_> = (0..args.clients)
        .map(|i| {
            let (socket, hsm, barrier) = (daemon.socket().to_owned(), hsm.clone(), barrier.clone());
            std::thread::Builder::new()
                .stack_size(256 << 10)
                .spawn(move || client(&socket, &hsm, &barrier, run_for, i))
        })
        .collect::<Result<_, _>>()?;
    barrier.wait();
    std::thread::sleep(run_for / 2);
    let during = Usage::of(pid);
    let seen: Vec<Seen> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    // Let the daemon notice every close and release what the connections held.
    std::thread::sleep(Duration::from_secs(2));
    let after = Usage::of(pid);
    let alive = daemon.is_running();
    let connected = seen.iter().filter(|s| s.connected).count();
    let failures: u64 = seen.iter().map(|s| s.failures).sum();
    let mut latencies: Vec<u32> = seen.into_iter().flat_map(|s| s.latencies_us).collect();
    latencies.sort_unstable();
    let pct = |p: usize| {
        let i = (latencies.len() * p / 100).min(latencies.len().saturating_sub(1));
        Duration::from_micros(latencies.get(i).copied().unwrap_or(0).into())
    };
    let mut s = Summary::new("soak");
    s.figure(
        "clients",
        format!("{} ({connected} connected)", args.clients),
    );
    s.figure("seconds", args.seconds);
    s.figure("requests", latencies.len());
    s.figure("failures", failures);
    s.figure("p50", ms(pct(50)));
    s.figure("p99", ms(pct(99)));
    s.figure("max", ms(pct(100)));
    s.figure("daemon before", before.describe());
    s.figure("daemon during", during.describe());
    s.figure("daemon after", after.describe());
    s.check("every client connected", connected == args.clients);
    s.check("no failed request (failures = 0)", failures == 0);
    s.check("the daemon is alive", alive && !daemon.log_has_panic());
    s.check(
        &format!("RSS flat (after <= before + {} MiB)", args.rss_slack_mib),
        after.rss_kib <= before.rss_kib + args.rss_slack_mib * 1024,
    );
    s.check(
        &format!("threads flat (after <= before + {})", args.threads_slack),
        after.threads <= before.threads + args.threads_slack,
    );
    Ok(s)
}

/// One client: connect, wait for the others, then cycle through cheap requests.
fn client(socket: &Path, hsm: &HsmId, start: &Barrier, run_for: Duration, i: usize) -> Seen {
    let mut seen = Seen::default();
    let mut conn = TimedClient::connect(socket, Duration::from_secs(30));
    seen.connected = conn.is_some();
    start.wait();
    let requests = [
        Request::ListClusters,
        Request::Hsm {
            hsm_id: hsm.clone(),
            op: HsmOp::LoginState,
        },
        Request::Hsm {
            hsm_id: hsm.clone(),
            op: HsmOp::ListUsers,
        },
        Request::Hsm {
            hsm_id: hsm.clone(),
            op: HsmOp::HsmInfo,
        },
    ];
    let deadline = Instant::now() + run_for;
    let mut n = i;
    while Instant::now() < deadline {
        let Some(c) = conn.as_mut() else {
            seen.failures += 1;
            std::thread::sleep(Duration::from_millis(100));
            conn = TimedClient::connect(socket, Duration::from_secs(30));
            continue;
        };
        let started = Instant::now();
        match c.call(&requests[n % requests.len()]) {
            Some(Response::Protocol(_) | Response::Failed(_)) | None => {
                seen.failures += 1;
                conn = None;
            }
            Some(_) => {
                let us = started.elapsed().as_micros();
                seen.latencies_us
                    .push(u32::try_from(us).unwrap_or(u32::MAX));
            }
        }
        n += 1;
    }
    seen
}
