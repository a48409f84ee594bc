//! The real `hsm-daemon` as a child process: started on a data directory (optionally under
//! `prlimit --nofile`), awaited by bounded polling, SIGKILLed, and its log inspected.

use crate::bins::Bins;
use anyhow::{bail, Context};
use hsm_client::Client;
use hsm_proto::{HsmId, Request, Response};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Environment variables of the simulator that must not leak into a run.
const SIMULATOR_VARIABLES: [&str; 6] = [
    "CLOUDHSM_SIM_PROFILE",
    "CLOUDHSM_SIM_SOCKET",
    "CLOUDHSM_SIM_DATA_DIR",
    "CLOUDHSM_SIM_LOCKOUT_THRESHOLD",
    "CLOUDHSM_SIM_ACTIVATED_ADMIN_TYPE",
    "RUST_LOG",
];

/// How a daemon is started.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Run under `prlimit --nofile=N:N`.
    pub(crate) nofile: Option<u32>,
    /// HSMs in the default cluster of a new data directory.
    pub(crate) hsms: Option<u32>,
}

/// A running `hsm-daemon`, killed (SIGKILL) and reaped on drop.
pub(crate) struct Daemon {
    child: Child,
    socket: PathBuf,
    log: PathBuf,
}

impl Daemon {
    /// Starts the daemon on `data_dir` (socket `data_dir/hsm.sock`), logging to a new
    /// `data_dir/daemon-<n>.log`, and waits until it answers `Hello` (at most 60 s).
    pub(crate) fn start(bins: &Bins, data_dir: &Path, options: &Options) -> anyhow::Result<Self> {
        let socket = data_dir.join("hsm.sock");
        let log = (0..)
            .map(|n| data_dir.join(format!("daemon-{n}.log")))
            .find(|p| !p.exists())
            .context("no free log name")?;
        let mut command = match options.nofile {
            Some(n) => {
                let mut c = Command::new("prlimit");
                c.arg(format!("--nofile={n}:{n}"))
                    .arg("--")
                    .arg(bins.daemon());
                c
            }
            None => Command::new(bins.daemon()),
        };
        command
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--socket")
            .arg(&socket);
        if let Some(hsms) = options.hsms {
            command.arg("--hsms").arg(hsms.to_string());
        }
        for variable in SIMULATOR_VARIABLES {
            command.env_remove(variable);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log)?)
            .spawn()
            .context("spawning hsm-daemon")?;
        let mut me = Self { child, socket, log };
        me.wait_ready(Duration::from_secs(60))?;
        Ok(me)
    }

    fn wait_ready(&mut self, limit: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "hsm-daemon exited at start-up ({status}):\n{}",
                    self.log_text()
                );
            }
            if Client::connect(&self.socket, "abuse").is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!("hsm-daemon not ready after {limit:?}:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The socket it listens on.
    pub(crate) fn socket(&self) -> &Path {
        &self.socket
    }

    /// Its process ID (with `prlimit`, which execs the daemon, the same process).
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it is still running.
    pub(crate) fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Its log so far.
    pub(crate) fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Bytes logged so far.
    pub(crate) fn log_len(&self) -> u64 {
        fs::metadata(&self.log).map_or(0, |m| m.len())
    }

    /// Whether the log reports a panic.
    pub(crate) fn log_has_panic(&self) -> bool {
        self.log_text().contains("panicked")
    }

    /// The HSM IDs of its first cluster.
    pub(crate) fn hsm_ids(&self) -> anyhow::Result<Vec<HsmId>> {
        let mut client = Client::connect(&self.socket, "abuse")?;
        match client.call(&Request::ListClusters)? {
            Response::Clusters(c) => Ok(c[0].hsms.iter().map(|h| h.hsm_id.clone()).collect()),
            other => bail!("unexpected reply {other:?}"),
        }
    }

    /// SIGKILL, then reap.
    pub(crate) fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
