//! `crash-loop`: SIGKILL the daemon during a mixed workload, restart it on the same data
//! directory, and check that every change the client saw acknowledged is still there.
//!
//! - `session`: the calls made over `hsm-client`;
//! - `workload`: one worker of the workload (users, passwords, keys);
//! - `ledger`: the acknowledged changes and their check after a restart.

mod ledger;
mod session;
mod workload;

use crate::bins::{scratch, Bins};
use crate::daemon::{self, Daemon};
use crate::rng::Rng;
use crate::summary::Summary;
use anyhow::Context;
use hsm_client::Client;
use hsm_proto::{HsmId, HsmOp, Secret, UserType};
use ledger::{Ledger, UserEntry};
use session::ADMIN_PASSWORD;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use workload::{keyer, Tally, Worker};

/// Settings of one run.
#[derive(Debug, clap::Args)]
pub(crate) struct CrashArgs {
    /// Kill-and-restart cycles
    #[arg(long, default_value_t = 10)]
    cycles: u32,
    /// Concurrent workers
    #[arg(long, default_value_t = 3)]
    workers: usize,
    /// Longest time the workload runs before the kill, in milliseconds
    #[arg(long, default_value_t = 1500)]
    max_run_ms: u64,
}

/// Runs the crash loop.
pub(crate) fn run(bins: &Bins, args: &CrashArgs, seed: u64) -> anyhow::Result<Summary> {
    let dir = scratch("abuse-crash-")?;
    let options = daemon::Options {
        hsms: Some(1),
        ..daemon::Options::default()
    };
    let mut rng = Rng::new(seed);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let started = Instant::now();
    let mut daemon = Daemon::start(bins, dir.path(), &options)?;
    let hsm = daemon.hsm_ids()?[0].clone();
    setup(&daemon, &hsm, args.workers, &ledger).context("set-up")?;
    let (mut lost, mut refused, mut details) = (0, 0, Vec::new());
    for cycle in 0..args.cycles {
        let workers: Vec<_> = (0..args.workers)
            .map(|t| {
                let worker = Worker {
                    t,
                    cycle,
                    socket: daemon.socket().to_owned(),
                    hsm: hsm.clone(),
                    ledger: Arc::clone(&ledger),
                    rng: Rng::new(rng.next_u64()),
                };
                std::thread::spawn(move || worker.run())
            })
            .collect();
        let run_ms = 100 + rng.next_u64() % args.max_run_ms.max(1);
        std::thread::sleep(Duration::from_millis(run_ms));
        daemon.kill9();
        for w in workers {
            refused += w.join().map_or(0, |t: Tally| t.refused);
        }
        daemon = Daemon::start(bins, dir.path(), &options)?;
        let check = lock(&ledger).verify(daemon.socket(), &hsm)?;
        lost += check.lost;
        details.extend(check.details);
    }
    let panicked = daemon.log_has_panic();
    let ledger = lock(&ledger);
    let mut s = Summary::new("crash-loop");
    s.figure("cycles", args.cycles);
    s.figure("acknowledged", ledger.acknowledged);
    s.figure("lost", lost);
    s.figure("refused", refused);
    s.figure("users", ledger.users.len());
    s.figure("keys", ledger.keys.values().map(|k| k.len()).sum::<usize>());
    s.figure("seconds", format!("{:.1}", started.elapsed().as_secs_f64()));
    for d in details.iter().take(10) {
        s.figure("lost change", d);
    }
    s.check("no acknowledged change lost (lost = 0)", lost == 0);
    s.check(
        "workload made acknowledged changes",
        ledger.acknowledged > 0,
    );
    s.check("no panic in the daemon log", !panicked);
    Ok(s)
}

fn lock(ledger: &Mutex<Ledger>) -> std::sync::MutexGuard<'_, Ledger> {
    ledger.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Activates the HSM (admin's password becomes [`ADMIN_PASSWORD`]) and creates one key
/// owner per worker, recording both as acknowledged.
fn setup(
    daemon: &Daemon,
    hsm: &HsmId,
    workers: usize,
    ledger: &Mutex<Ledger>,
) -> anyhow::Result<()> {
    let mut admin = Client::connect(daemon.socket(), "abuse-setup")?;
    session::login(&mut admin, hsm, UserType::Preco, "admin", "password")?;
    let activate = HsmOp::ChangePassword {
        user_type: UserType::Preco,
        name: "admin".to_owned(),
        password: Secret::new(ADMIN_PASSWORD),
    };
    admin.hsm(hsm, activate)?;
    let mut ledger = lock(ledger);
    ledger.acknowledged += 1;
    for t in 0..workers {
        let password = format!("keyerpw{t}");
        let op = HsmOp::CreateUser {
            user_type: UserType::Cu,
            name: keyer(t),
            password: Secret::new(&password),
        };
        admin.hsm(hsm, op)?;
        ledger.acknowledged += 1;
        let entry = UserEntry {
            password,
            maybe: None,
            dirty: false,
        };
        ledger.users.insert(keyer(t), entry);
    }
    Ok(())
}
