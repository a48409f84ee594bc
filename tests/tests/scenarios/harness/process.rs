//! The real `hsm-daemon` as a child process (the one runner of every test that needs the
//! binary rather than the in-process `TestDaemon`), bounded polling, and `/proc` look-ups
//! for daemons the tools start themselves.

use super::tool::{HSM_DAEMON, SIMULATOR_VARIABLES};
use hsm_client::Client;
use hsm_proto::{HsmId, Request, Response};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Pause between polls.
const POLL: Duration = Duration::from_millis(10);

/// The HSM IDs of the daemon's first cluster, in CMU server order.
pub(crate) fn hsm_ids(socket: &Path) -> Vec<HsmId> {
    let mut client = Client::connect(socket, "scenarios").expect("connect");
    match client.call(&Request::ListClusters).expect("ListClusters") {
        Response::Clusters(c) => c[0].hsms.iter().map(|h| h.hsm_id.clone()).collect(),
        other => panic!("unexpected reply {other:?}"),
    }
}

/// Polls `done` every 10 ms until it holds or `limit` passes; returns whether it held.
pub(crate) fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(POLL);
    }
}

/// Whether a daemon answers the `Hello` exchange on `socket`.
pub(crate) fn daemon_answers(socket: &Path) -> bool {
    Client::connect(socket, "scenarios").is_ok()
}

/// Upper bound for a daemon's start-up (a new data directory hashes the factory password).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// Upper bound for a daemon to exit after a signal or a refusal.
const EXIT_TIMEOUT: Duration = Duration::from_secs(30);

/// The real `hsm-daemon` binary as a child process; killed (SIGKILL) and reaped on drop, so
/// a failing assertion never leaves a daemon behind. Readiness and exit are awaited by
/// bounded polling, never by fixed sleeps.
pub(crate) struct DaemonProcess {
    child: Child,
    socket: PathBuf,
    log: PathBuf,
}

impl DaemonProcess {
    /// Spawns `hsm-daemon --data-dir DATA [--socket SOCKET] EXTRA` (without `--socket`, the
    /// daemon's default `DATA/hsm.sock`) with stderr to `log`. Does not wait for readiness.
    pub(crate) fn spawn(
        data_dir: &Path,
        socket: Option<&Path>,
        extra: &[&str],
        log: &Path,
    ) -> Self {
        Self::spawn_with(&[], &[], data_dir, socket, extra, log)
    }

    /// Like [`spawn`](Self::spawn), run through `wrapper` (a command that execs the rest
    /// of its line, such as `prlimit --nofile=64`) with `env` added to the cleaned
    /// environment.
    pub(crate) fn spawn_with(
        wrapper: &[&str],
        env: &[(&str, &str)],
        data_dir: &Path,
        socket: Option<&Path>,
        extra: &[&str],
        log: &Path,
    ) -> Self {
        let mut command = match wrapper {
            [] => Command::new(HSM_DAEMON),
            [program, args @ ..] => {
                let mut c = Command::new(program);
                c.args(args).arg(HSM_DAEMON);
                c
            }
        };
        command.arg("--data-dir").arg(data_dir);
        if let Some(socket) = socket {
            command.arg("--socket").arg(socket);
        }
        for variable in SIMULATOR_VARIABLES {
            command.env_remove(variable);
        }
        command
            .args(extra)
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(log).expect("create daemon log"));
        let child = command.spawn().expect("spawn hsm-daemon");
        Self {
            child,
            socket: socket.map_or_else(|| data_dir.join("hsm.sock"), Path::to_path_buf),
            log: log.to_owned(),
        }
    }

    /// Starts `hsm-daemon --data-dir DIR --socket DIR/hsm.sock`, logging to
    /// `DIR/daemon-<n>.log`, and waits (bounded) until it answers.
    pub(crate) fn start(data_dir: &Path) -> Self {
        let socket = data_dir.join("hsm.sock");
        let mut me = Self::spawn(data_dir, Some(&socket), &[], &free_log(data_dir));
        me.connect();
        me
    }

    /// Polls until a client completes the `Hello` exchange, and returns that client; panics
    /// with the daemon's stderr if it exits first or is not ready within a minute.
    pub(crate) fn connect(&mut self) -> Client {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "hsm-daemon exited during start-up with {status}; stderr:\n{}",
                    self.stderr()
                );
            }
            match Client::connect(&self.socket, "scenarios") {
                Ok(client) => return client,
                Err(e) if Instant::now() >= deadline => panic!(
                    "hsm-daemon not ready after {START_TIMEOUT:?}: {e}; stderr:\n{}",
                    self.stderr()
                ),
                Err(_) => std::thread::sleep(POLL),
            }
        }
    }

    /// The socket it listens on.
    pub(crate) fn socket(&self) -> &Path {
        &self.socket
    }

    /// Its process ID.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it has logged so far.
    pub(crate) fn stderr(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process is still running (not exited).
    pub(crate) fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Sends `signal` to the process.
    pub(crate) fn signal(&self, signal: Signal) {
        let pid = Pid::from_raw(i32::try_from(self.child.id()).expect("pid fits in i32"));
        kill(pid, signal).expect("send signal");
    }

    /// Polls until the process exits (at most 30 s) and returns its status.
    pub(crate) fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + EXIT_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "hsm-daemon still running {EXIT_TIMEOUT:?} later; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Sends SIGTERM and waits (bounded) for the process to exit; returns its status.
    pub(crate) fn terminate(mut self) -> ExitStatus {
        self.signal(Signal::SIGTERM);
        self.wait_exit()
    }

    /// Sends SIGKILL (no shutdown code runs) and reaps the process.
    pub(crate) fn kill9(self) {
        drop(self);
    }
}

impl Drop for DaemonProcess {
    fn drop(&mut self) {
        // SIGKILL; a no-op for a process already reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first `dir/daemon-<n>.log` that does not exist yet.
pub(crate) fn free_log(dir: &Path) -> PathBuf {
    (0..)
        .map(|n| dir.join(format!("daemon-{n}.log")))
        .find(|p| !p.exists())
        .expect("a free log name")
}

/// PIDs of live (not zombie) `hsm-daemon` processes whose command line names `data_dir`.
pub(crate) fn pids_of_daemon(data_dir: &Path) -> Vec<i32> {
    let needle = data_dir.as_os_str().as_encoded_bytes();
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else {
                return false;
            };
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            let is_daemon = args.first().is_some_and(|a| a.ends_with(b"hsm-daemon"));
            is_daemon && args.contains(&needle) && !is_zombie(*pid)
        })
        .collect()
}

/// Whether `/proc/<pid>` is gone or a zombie (exited, not yet reaped by its parent).
pub(crate) fn is_gone(pid: i32) -> bool {
    fs::metadata(format!("/proc/{pid}")).is_err() || is_zombie(pid)
}

fn is_zombie(pid: i32) -> bool {
    // `pid (comm) S ...`: the state follows the last `)`.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            after
                .split_whitespace()
                .next()
                .map(|st| st == "Z" || st == "X")
        })
        .unwrap_or(false)
}

/// A temporary directory under `/tmp` (socket paths must stay under 108 bytes).
pub(crate) fn short_tempdir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in("/tmp")
        .expect("temp dir")
}
