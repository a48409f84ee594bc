//! The real `hsm-daemon` as a child process, and bounded polling.

use crate::bin;
use hsm_client::Client;
use hsm_proto::{Request, Response};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The HSM IDs of the daemon's first cluster, in CMU server order.
pub fn hsm_ids(socket: &Path) -> Vec<String> {
    let mut client = Client::connect(socket, "scenarios").expect("connect");
    match client.call(&Request::ListClusters).expect("ListClusters") {
        Response::Clusters(c) => c[0].hsms.iter().map(|h| h.hsm_id.clone()).collect(),
        other => panic!("unexpected reply {other:?}"),
    }
}

/// Polls `done` every 10 ms until it holds or `limit` passes; returns whether it held.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether a daemon answers the `Hello` exchange on `socket`.
pub fn daemon_answers(socket: &Path) -> bool {
    Client::connect(socket, "scenarios").is_ok()
}

/// The real `hsm-daemon` binary as a child process; killed (SIGKILL) and reaped on drop.
pub struct DaemonProcess {
    child: Option<Child>,
    data_dir: PathBuf,
    socket: PathBuf,
}

impl DaemonProcess {
    /// Starts `hsm-daemon --data-dir DIR --socket DIR/hsm.sock`, logging to
    /// `DIR/daemon-<n>.log`, and waits (bounded) until it answers.
    pub fn start(data_dir: &Path) -> Self {
        let socket = data_dir.join("hsm.sock");
        let log_path = (0..)
            .map(|n| data_dir.join(format!("daemon-{n}.log")))
            .find(|p| !p.exists())
            .expect("a free log name");
        let log = File::create(&log_path).expect("daemon log");
        let child = Command::new(bin("hsm-daemon"))
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--socket")
            .arg(&socket)
            .env_remove("CLOUDHSM_SIM_LOCKOUT_THRESHOLD")
            .env_remove("CLOUDHSM_SIM_ACTIVATED_ADMIN_TYPE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn hsm-daemon");
        let mut me = Self {
            child: Some(child),
            data_dir: data_dir.to_owned(),
            socket,
        };
        let ready = wait_until(Duration::from_secs(20), || {
            let exited = me.child_mut().try_wait().expect("try_wait").is_some();
            exited || daemon_answers(&me.socket)
        });
        let exited = me.child_mut().try_wait().expect("try_wait");
        assert!(
            ready && exited.is_none(),
            "hsm-daemon did not come up (exit: {exited:?}); log:\n{}",
            fs::read_to_string(&log_path).unwrap_or_default()
        );
        me
    }

    /// The socket it listens on.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The data directory it was started with.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Its process ID.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    fn child_mut(&mut self) -> &mut Child {
        self.child.as_mut().expect("running")
    }

    /// Sends SIGTERM and waits (at most 10 s) for the process to exit; returns its status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let child = self.child_mut();
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("SIGTERM");
        let mut status = None;
        wait_until(Duration::from_secs(10), || {
            status = self.child_mut().try_wait().expect("try_wait");
            status.is_some()
        });
        let status = status.expect("hsm-daemon did not exit within 10 s of SIGTERM");
        self.child = None;
        status
    }

    /// Sends SIGKILL (no shutdown code runs) and reaps the process.
    pub fn kill9(mut self) {
        self.kill_now();
    }

    fn kill_now(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
            let _ = child.wait();
        }
    }
}

impl Drop for DaemonProcess {
    fn drop(&mut self) {
        self.kill_now();
    }
}

/// PIDs of live (not zombie) `hsm-daemon` processes whose command line names `data_dir`.
pub fn pids_of_daemon(data_dir: &Path) -> Vec<i32> {
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
pub fn is_gone(pid: i32) -> bool {
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
pub fn short_tempdir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in("/tmp")
        .expect("temp dir")
}
