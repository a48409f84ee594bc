//! [`Limits`]: what one client may hold and for how long, so that hostile or broken
//! clients cannot exhaust the daemon's descriptors or memory (docs/daemon.md).

use std::time::Duration;

/// Connections served at once by default: AWS's per-cluster client limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 900;
/// Default time a new connection has to complete its `Hello`.
pub const DEFAULT_HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time a frame has to arrive whole, counted from its first byte.
pub const DEFAULT_FRAME_TIMEOUT: Duration = Duration::from_secs(30);

/// Bounds on every connection. Idle time between requests is not bounded: a person may
/// sit at the prompt for as long as they like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections beyond this many are refused with `ProtocolError::TooManyConnections`.
    pub max_connections: usize,
    /// A connection that has not sent a whole `Hello` by then is closed.
    pub hello_timeout: Duration,
    /// A frame not complete this long after its first byte closes its connection, however
    /// steadily its bytes trickle in.
    pub frame_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            hello_timeout: DEFAULT_HELLO_TIMEOUT,
            frame_timeout: DEFAULT_FRAME_TIMEOUT,
        }
    }
}
