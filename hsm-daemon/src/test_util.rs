//! `TestDaemon`: the production `serve` in-process on a temporary socket.
//!
//! Each test owns its daemon, so tests run in parallel. The listener is bound before the
//! server thread starts, so clients can connect at once without sleeping.

use crate::socket;
use crate::{Limits, SharedCore};
use hsm_core::{Core, CoreConfig};
use hsm_storage::SledStore;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// A daemon on a temporary socket, with its data in a temporary directory under `/tmp`
/// (socket paths are limited to 108 bytes). Shuts down on drop.
pub struct TestDaemon {
    dir: TempDir,
    hsms: u32,
    config: CoreConfig,
    limits: Limits,
    running: Option<(oneshot::Sender<()>, JoinHandle<()>)>,
}

impl TestDaemon {
    /// Starts a daemon whose default cluster has `hsms` HSMs.
    pub fn start(hsms: u32) -> Self {
        Self::start_with(hsms, CoreConfig::default())
    }

    /// Starts a daemon with explicit model settings.
    pub fn start_with(hsms: u32, config: CoreConfig) -> Self {
        Self::start_configured(hsms, config, Limits::default())
    }

    /// Starts a daemon with default model settings and explicit connection limits (short
    /// deadlines, a small connection limit).
    pub fn start_limited(hsms: u32, limits: Limits) -> Self {
        Self::start_configured(hsms, CoreConfig::default(), limits)
    }

    fn start_configured(hsms: u32, config: CoreConfig, limits: Limits) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("chsm-")
            .tempdir_in("/tmp")
            .expect("create temp dir");
        let mut me = Self {
            dir,
            hsms,
            config,
            limits,
            running: None,
        };
        me.launch();
        me
    }

    /// The socket path to connect to.
    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("hsm.sock")
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stops the daemon and starts it again on the same data directory and socket.
    pub fn restart(&mut self) {
        self.stop();
        self.launch();
    }

    fn launch(&mut self) {
        // After a restart, sled may hold the directory a moment longer than the old store.
        let store = SledStore::open_within(&self.dir.path().join("db"), Duration::from_secs(10))
            .expect("open store");
        let core = Core::open(Box::new(store), self.config.clone(), self.hsms).expect("open core");
        let core: SharedCore = Arc::new(Mutex::new(core));
        let listener = socket::bind(&self.socket()).expect("bind socket");
        listener.set_nonblocking(true).expect("non-blocking");
        let limits = self.limits;
        let (tx, rx) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .max_blocking_threads(crate::MAX_BLOCKING_THREADS)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::UnixListener::from_std(listener).expect("listener");
                let _ = crate::serve(listener, core, limits, async {
                    let _ = rx.await;
                })
                .await;
            });
        });
        self.running = Some((tx, thread));
    }

    fn stop(&mut self) {
        if let Some((tx, thread)) = self.running.take() {
            let _ = tx.send(());
            let _ = thread.join();
        }
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        self.stop();
    }
}
