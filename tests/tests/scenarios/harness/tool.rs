//! The one way the tests run a tool binary (`cloudhsm_mgmt_util`, `key_mgmt_util`): typed
//! input echoed after each prompt (`CLOUDHSM_SIM_ECHO_INPUT=1`, as a terminal shows it) and
//! no simulator variables inherited from the environment. [`run`] pipes a whole script in;
//! [`Session`] feeds it line by line.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// The `hsm-daemon` binary under test (built by Cargo for this package's tests).
pub(crate) const HSM_DAEMON: &str = env!("CARGO_BIN_EXE_hsm-daemon");
/// The `cloudhsm_mgmt_util` binary under test.
pub(crate) const CMU: &str = env!("CARGO_BIN_EXE_cloudhsm_mgmt_util");
/// The `key_mgmt_util` binary under test.
pub(crate) const KMU: &str = env!("CARGO_BIN_EXE_key_mgmt_util");

/// The variables through which the environment could steer a tool or a daemon; the tests
/// say everything on the command line instead.
pub(crate) const SIMULATOR_VARIABLES: [&str; 9] = [
    "CLOUDHSM_SIM_PROFILE",
    "CLOUDHSM_SIM_SOCKET",
    "CLOUDHSM_SIM_DATA_DIR",
    "CLOUDHSM_SIM_LOCKOUT_THRESHOLD",
    "CLOUDHSM_SIM_ACTIVATED_ADMIN_TYPE",
    "CLOUDHSM_SIM_MAX_CONNECTIONS",
    "CLOUDHSM_SIM_HELLO_TIMEOUT",
    "CLOUDHSM_SIM_FRAME_TIMEOUT",
    "CLOUDHSM_SIM_UNSAFE_TRACE",
];

/// `--socket SOCKET --no-spawn` (the tool talks to the test's daemon and starts none),
/// then `extra`. KMU's modes take the rest of the command line, so `extra` comes last.
pub(crate) fn socket_args<'a>(socket: &'a Path, extra: &[&'a str]) -> Vec<&'a OsStr> {
    let mut args = vec![
        OsStr::new("--socket"),
        socket.as_os_str(),
        OsStr::new("--no-spawn"),
    ];
    args.extend(extra.iter().map(|a| OsStr::new(*a)));
    args
}

/// The file name of `tool` (a path), for messages.
fn name(tool: &str) -> String {
    Path::new(tool)
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// `tool` with exactly `args`, input echoed, no simulator variables inherited, stdin
/// piped, in `dir` when given.
fn command<S: AsRef<OsStr>>(tool: &str, args: &[S], dir: Option<&Path>) -> Command {
    let mut command = Command::new(tool);
    command
        .args(args)
        .env("CLOUDHSM_SIM_ECHO_INPUT", "1")
        .stdin(Stdio::piped());
    for variable in SIMULATOR_VARIABLES {
        command.env_remove(variable);
    }
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command
}

/// Runs `tool` with exactly `args` (see [`command`]) and `script` on stdin, and returns
/// whatever it produced, without looking at the exit status.
pub(crate) fn run<S: AsRef<OsStr>>(
    tool: &str,
    args: &[S],
    dir: Option<&Path>,
    script: &str,
) -> Output {
    run_bytes(tool, args, dir, script.as_bytes())
}

/// Like [`run`], with input that need not be text (invalid UTF-8 included).
pub(crate) fn run_bytes<S: AsRef<OsStr>>(
    tool: &str,
    args: &[S],
    dir: Option<&Path>,
    script: &[u8],
) -> Output {
    let name = name(tool);
    let mut child = command(tool, args, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {name}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let script = script.to_owned();
    // Fed from a thread so a long output can never block the script.
    let feeder = std::thread::spawn(move || {
        // A tool that exits early closes its stdin; the test then judges its output.
        let _ = stdin.write_all(&script);
    });
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait for {name}: {e}"));
    feeder.join().expect("script feeder");
    output
}

/// Like [`run`], but asserts a zero exit status and returns stdout.
pub(crate) fn run_ok<S: AsRef<OsStr>>(
    tool: &str,
    args: &[S],
    dir: Option<&Path>,
    script: &str,
) -> String {
    let out = run(tool, args, dir, script);
    assert!(
        out.status.success(),
        "{} failed ({}): {}\nstdout:\n{}",
        name(tool),
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A running tool fed line by line (stderr inherited), its stdout collected by a reader
/// thread. Killed and reaped on drop.
pub(crate) struct Session {
    tool: String,
    patience: Duration,
    child: Child,
    stdin: Option<ChildStdin>,
    chunks: Receiver<Vec<u8>>,
    pending: String,
    transcript: String,
}

impl Session {
    /// Starts `tool` with exactly `args` (see [`command`]); [`Session::read_until`] waits
    /// at most `patience`.
    pub(crate) fn start<S: AsRef<OsStr>>(
        tool: &str,
        args: &[S],
        dir: Option<&Path>,
        patience: Duration,
    ) -> Self {
        let mut child = command(tool, args, dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", name(tool)));
        let mut stdout = child.stdout.take().expect("stdout");
        let (tx, chunks) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match std::io::Read::read(&mut stdout, &mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Self {
            tool: name(tool),
            patience,
            stdin: child.stdin.take(),
            child,
            chunks,
            pending: String::new(),
            transcript: String::new(),
        }
    }

    /// Types one line.
    pub(crate) fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("write to {}: {e}", self.tool));
    }

    /// Returns the output up to and including `needle`, waiting at most the session's
    /// patience for it.
    pub(crate) fn read_until(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + self.patience;
        loop {
            if let Some(at) = self.pending.find(needle) {
                let taken: String = self.pending.drain(..at + needle.len()).collect();
                self.transcript.push_str(&taken);
                return taken;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.pending.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => panic!(
                    "{} did not print {needle:?}; so far:\n{}{}",
                    self.tool, self.transcript, self.pending
                ),
            }
        }
    }

    /// Returns the output up to the end that `find` reports in what has been read so far
    /// (`find` returns the byte index just past its match), waiting at most `patience`;
    /// `Err` with everything read instead when the tool closes its stdout or goes quiet.
    /// For readers that stop at one of several prompts and must not panic on a stall.
    pub(crate) fn read_until_found(
        &mut self,
        find: impl Fn(&str) -> Option<usize>,
        patience: Duration,
    ) -> Result<String, String> {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(end) = find(&self.pending) {
                let taken: String = self.pending.drain(..end).collect();
                self.transcript.push_str(&taken);
                return Ok(taken);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.pending.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => {
                    let rest = std::mem::take(&mut self.pending);
                    self.transcript.push_str(&rest);
                    return Err(rest);
                }
            }
        }
    }

    /// Closes stdin (the tool sees end of input).
    pub(crate) fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    /// Closes stdin, waits for a zero exit status, and returns the output not yet read
    /// (collected until stdout closes or the reader has been quiet for 30 s).
    pub(crate) fn finish(&mut self) -> String {
        self.close_stdin();
        let status = self.child.wait().expect("wait");
        while let Ok(chunk) = self.chunks.recv_timeout(Duration::from_secs(30)) {
            self.pending.push_str(&String::from_utf8_lossy(&chunk));
        }
        assert!(status.success(), "{}: {status}", self.tool);
        std::mem::take(&mut self.pending)
    }

    /// The exit status if the process has exited.
    pub(crate) fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("try_wait")
    }

    /// Kills the process with SIGKILL and reaps it.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.kill();
    }
}
