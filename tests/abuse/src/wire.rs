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

/// A client with deadlines on every read and write, so that a stuck daemon shows up as a
/// failure rather than a hang of the suite.
pub(crate) struct TimedClient {
    stream: UnixStream,
    buf: Vec<u8>,
}

impl TimedClient {
    /// Connects and exchanges `Hello`, each step within `limit`.
    pub(crate) fn connect(socket: &Path, limit: Duration) -> Option<Self> {
        let stream = UnixStream::connect(socket).ok()?;
        stream.set_read_timeout(Some(limit)).ok()?;
        stream.set_write_timeout(Some(limit)).ok()?;
        let mut me = Self {
            stream,
            buf: Vec::new(),
        };
        let hello = me.call_bytes(&hello_frame())?;
        matches!(hello, Response::Hello { .. }).then_some(me)
    }

    /// Sends one request; `None` when the daemon failed to answer in time or closed.
    pub(crate) fn call(&mut self, request: &Request) -> Option<Response> {
        self.call_bytes(&encode(request))
    }

    fn call_bytes(&mut self, bytes: &[u8]) -> Option<Response> {
        use std::io::Write;
        self.stream.write_all(bytes).ok()?;
        loop {
            if let Some((response, used)) = frame::decode::<Response>(&self.buf).ok()? {
                self.buf.drain(..used);
                return Some(response);
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).ok()?;
            if n == 0 {
                return None;
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

impl TimedClient {
    /// The socket, for tests that go on below the protocol.
    pub(crate) fn into_stream(self) -> UnixStream {
        self.stream
    }
}
