//! Raw traffic on the daemon's socket, below `hsm-client`: frames built by hand, reads with
//! deadlines, and the "is a legitimate client served" probe.

use hsm_client::Client;
use hsm_proto::frame;
use hsm_proto::{Request, Response, PROTOCOL_MAJOR, PROTOCOL_MINOR};
use std::io::{ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A `Hello` frame.
pub(crate) fn hello_frame() -> Vec<u8> {
    encode(&Request::Hello {
        client: "abuse".to_owned(),
        major: PROTOCOL_MAJOR,
        minor: PROTOCOL_MINOR,
    })
}

/// One request as a frame (every request the suite builds fits).
pub(crate) fn encode(request: &Request) -> Vec<u8> {
    frame::encode(request).unwrap_or_default()
}

/// Reads until the daemon closes the connection, the deadline passes, or `cap` bytes
/// arrived; returns whether the daemon closed it (EOF or reset).
pub(crate) fn drain_until_closed(stream: &mut UnixStream, limit: Duration, cap: usize) -> bool {
    let deadline = Instant::now() + limit;
    let mut total = 0;
    let mut chunk = [0u8; 8192];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || total > cap {
            return false;
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return true;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return true,
            Ok(n) => total += n,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether a legitimate client completes `Hello` and `ListClusters` within `limit`;
/// returns the time it took. The attempt runs on its own thread, because a connect to a
/// listener whose backlog is full blocks without a timeout.
pub(crate) fn served_within(socket: &Path, limit: Duration) -> Option<Duration> {
    let (tx, rx) = mpsc::channel();
    let socket: PathBuf = socket.to_owned();
    let started = Instant::now();
    std::thread::spawn(move || {
        let ok = Client::connect(&socket, "abuse-probe")
            .and_then(|mut c| c.call(&Request::ListClusters))
            .is_ok_and(|r| matches!(r, Response::Clusters(_)));
        let _ = tx.send(ok);
    });
    match rx.recv_timeout(limit) {
        Ok(true) => Some(started.elapsed()),
        _ => None,
    }
}
