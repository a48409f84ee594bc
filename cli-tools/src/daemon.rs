//! Finding the daemon, and starting it when nothing listens.

use hsm_client::{Client, ClientError};
use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for a freshly started daemon to accept connections.
const SPAWN_WAIT: Duration = Duration::from_secs(20);

/// Where the daemon is, and whether the tool may start one.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The daemon's data directory (passed on to a daemon this tool starts).
    pub data_dir: PathBuf,
    /// The socket.
    pub socket: PathBuf,
    /// Whether to start `hsm-daemon` when nothing listens.
    pub spawn: bool,
}

/// Why no daemon could be reached.
#[derive(Debug)]
pub enum ConnectError {
    /// Nothing listens and starting a daemon was not allowed.
    NotRunning(PathBuf, io::Error),
    /// The daemon answered but the handshake failed.
    Handshake(ClientError),
    /// Starting the daemon failed.
    Spawn(PathBuf, io::Error),
    /// The started daemon exited or never accepted; its log says why.
    SpawnedDied(PathBuf),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotRunning(s, e) => {
                write!(f, "no hsm-daemon is listening on {} ({e})", s.display())
            }
            Self::Handshake(e) => write!(f, "{e}"),
            Self::Spawn(p, e) => write!(f, "cannot start {}: {e}", p.display()),
            Self::SpawnedDied(log) => {
                write!(f, "hsm-daemon did not start; see {}", log.display())
            }
        }
    }
}

impl std::error::Error for ConnectError {}

/// Connects to the daemon at `endpoint`, starting `hsm-daemon` (the one beside this
/// executable) in the background first if nothing listens and spawning is allowed.
pub fn connect(endpoint: &Endpoint, client: &str) -> Result<Client, ConnectError> {
    match Client::connect(&endpoint.socket, client) {
        Ok(c) => return Ok(c),
        Err(ClientError::Io(e)) if !endpoint.spawn => {
            return Err(ConnectError::NotRunning(endpoint.socket.clone(), e))
        }
        Err(ClientError::Io(_)) => {}
        Err(e) => return Err(ConnectError::Handshake(e)),
    }
    let log = spawn(endpoint)?;
    let deadline = Instant::now() + SPAWN_WAIT;
    loop {
        match Client::connect(&endpoint.socket, client) {
            Ok(c) => return Ok(c),
            Err(ClientError::Io(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(ClientError::Io(_)) => return Err(ConnectError::SpawnedDied(log)),
            Err(e) => return Err(ConnectError::Handshake(e)),
        }
    }
}

/// Starts the daemon detached from this process group, logging to the data directory.
fn spawn(endpoint: &Endpoint) -> Result<PathBuf, ConnectError> {
    let exe = daemon_path();
    let fail = |e| ConnectError::Spawn(exe.clone(), e);
    fs::create_dir_all(&endpoint.data_dir).map_err(fail)?;
    fs::set_permissions(&endpoint.data_dir, fs::Permissions::from_mode(0o700)).map_err(fail)?;
    let log_path = endpoint.data_dir.join("hsm-daemon.log");
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(fail)?;
    Command::new(&exe)
        .arg("--data-dir")
        .arg(&endpoint.data_dir)
        .arg("--socket")
        .arg(&endpoint.socket)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        // Its own process group: Ctrl-C at the tool's prompt must not stop the daemon.
        .process_group(0)
        .spawn()
        .map_err(fail)?;
    Ok(log_path)
}

/// `hsm-daemon` beside the running executable, else whatever `PATH` finds.
fn daemon_path() -> PathBuf {
    std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name("hsm-daemon"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| Path::new("hsm-daemon").to_path_buf())
}
