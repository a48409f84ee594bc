//! The `hsm-daemon` binary's whole `main`: arguments, logging, signals and wiring around
//! [`serve`](crate::serve). It lives in the library so that the package that builds the
//! binaries (and runs the black-box tests against them) needs only a one-line `main`.
//!
//! It is also the only place that installs a `tracing` subscriber (through `logging`),
//! sets resource limits (through `rlimits`) and uses `anyhow`: all three belong to the
//! process, not to the library's other modules.

use crate::limits::{self, Limits};
use crate::socket::{self, BindError};
use anyhow::{bail, Context};
use clap::Parser;
use hsm_core::{Core, CoreConfig, StoreError};
use hsm_proto::{paths, UserType};
use hsm_storage::SledStore;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Simulates AWS CloudHSM clusters for cloudhsm_mgmt_util and key_mgmt_util.
#[derive(Debug, Parser)]
#[command(name = "hsm-daemon", version)]
struct Args {
    /// Directory for the simulator's state [env: CLOUDHSM_SIM_DATA_DIR]
    /// [default: $XDG_DATA_HOME/cloudhsm-sim or ~/.local/share/cloudhsm-sim]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Unix socket to listen on [env: CLOUDHSM_SIM_SOCKET] [default: <data dir>/hsm.sock]
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// HSMs in the default cluster (1-28); only used when the data directory is new
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=28))]
    hsms: u32,
    /// Failed logins that lock an account (20 simulates clusters created before Feb 2018)
    #[arg(long, value_name = "N", env = "CLOUDHSM_SIM_LOCKOUT_THRESHOLD", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..))]
    lockout_threshold: u32,
    /// How the activated admin is listed: CO (SDK 3 captures) or PCO (2017-2018 guide)
    #[arg(long, value_name = "TYPE", env = "CLOUDHSM_SIM_ACTIVATED_ADMIN_TYPE", default_value = "CO",
          value_parser = ["CO", "PCO"])]
    activated_admin_type: String,
    /// Connections served at once; more are refused (AWS allows 900 clients per cluster)
    #[arg(long, value_name = "N", env = "CLOUDHSM_SIM_MAX_CONNECTIONS",
          default_value_t = limits::DEFAULT_MAX_CONNECTIONS, value_parser = parse_count)]
    max_connections: usize,
    /// Seconds a new connection has to send its Hello before it is closed
    #[arg(long, value_name = "SECONDS", env = "CLOUDHSM_SIM_HELLO_TIMEOUT", default_value = "10",
          value_parser = parse_seconds)]
    hello_timeout: Duration,
    /// Seconds a request frame has to arrive whole, from its first byte
    #[arg(long, value_name = "SECONDS", env = "CLOUDHSM_SIM_FRAME_TIMEOUT", default_value = "30",
          value_parser = parse_seconds)]
    frame_timeout: Duration,
}

fn parse_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err("expected a whole number from 1 to 1000000".to_owned()),
    }
}

/// Whole or decimal seconds, so that tests can use short deadlines.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 86_400.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err("expected seconds above 0 and at most 86400, such as 10 or 0.5".to_owned()),
    }
}

/// Runs the daemon as the `hsm-daemon` binary: parses the process arguments (exiting with
/// clap's usage on an error), logs to stderr, serves until SIGTERM or SIGINT, and reports a
/// start-up or serving failure on stderr with a failure status.
pub fn main() -> ExitCode {
    crate::logging::init();
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hsm-daemon: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    crate::rlimits::forbid_core_dumps().context("cannot disable core dumps")?;
    match crate::rlimits::raise_descriptor_limit() {
        Ok(n) => tracing::debug!(descriptors = n, "descriptor limit"),
        Err(e) => tracing::warn!(error = %e, "cannot read the descriptor limit"),
    }
    let limits = Limits {
        max_connections: args.max_connections,
        hello_timeout: args.hello_timeout,
        frame_timeout: args.frame_timeout,
    };
    let data_dir = paths::data_dir(args.data_dir);
    let socket_path = paths::socket(args.socket, &data_dir);
    // Checked before touching the store, so a second daemon leaves the first one alone.
    if socket::is_live(&socket_path) {
        bail!(
            "another hsm-daemon is already listening on {}",
            socket_path.display()
        );
    }
    prepare_dir(&data_dir)?;
    let store = SledStore::open(&data_dir.join("db")).map_err(|e| {
        // Only a held lock means another daemon; the store's own error (a master key file
        // refused, a schema from another build) says what is wrong in its source chain.
        let why = match e {
            StoreError::InUse => " (is another hsm-daemon using it?)",
            _ => "",
        };
        anyhow::Error::new(e).context(format!(
            "cannot open the state in {}{why}",
            data_dir.display()
        ))
    })?;
    let config = CoreConfig {
        lockout_threshold: args.lockout_threshold,
        activated_admin_type: if args.activated_admin_type == "PCO" {
            UserType::Pco
        } else {
            UserType::Co
        },
        ..CoreConfig::default()
    };
    let core = Core::open(Box::new(store), config, args.hsms).context("cannot load the state")?;
    let listener = match socket::bind(&socket_path) {
        Ok(l) => l,
        Err(BindError::InUse) => {
            bail!(
                "another hsm-daemon is already listening on {}",
                socket_path.display()
            )
        }
        Err(e) => bail!("cannot bind {}: {e}", socket_path.display()),
    };
    let socket_file = socket::SocketFile::of(&socket_path)?;
    listener.set_nonblocking(true)?;
    tracing::info!(socket = %socket_path.display(), data_dir = %data_dir.display(), "listening");

    // Password hashing (19 MiB each) and key generation run on the blocking pool; bound it
    // so a burst of logins queues instead of exhausting memory.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(crate::MAX_BLOCKING_THREADS)
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let listener = tokio::net::UnixListener::from_std(listener)?;
        crate::serve(
            listener,
            Arc::new(Mutex::new(core)),
            limits,
            shutdown_signal(),
        )
        .await
    });
    // Only remove the socket if it is still ours (not replaced by a newer daemon).
    socket_file.remove_if_unchanged(&socket_path);
    result.context("serving failed")
}

fn prepare_dir(dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot restrict {}", dir.display()))
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("cannot install signal handlers; stop with SIGKILL");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM received, shutting down"),
        _ = int.recv() => tracing::info!("SIGINT received, shutting down"),
    }
}
