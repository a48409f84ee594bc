//! The cloudhsm-sim daemon as a library, so tests run the production path in-process.
//!
//! Modules follow the request path:
//! - [`socket`]: binding the Unix socket safely (stale files, live daemons, permissions);
//! - [`listener`]: [`serve`], the accept loop with peer-credential checks, the connection
//!   limit and shutdown; `accept_backoff` and `ungreeted` for when `accept` fails;
//! - [`limits`]: [`Limits`], the connection limit and the deadlines;
//! - `connection`: framing and the per-connection session, within the deadlines;
//!   `frame_buf` holds its received bytes; `warn_budget` bounds the warnings clients cause;
//! - `dispatch`: one loop runs every request through [`hsm_core::Core`], slow jobs on the
//!   blocking pool; errors become wire codes here, once;
//! - [`state`]: [`SharedCore`], the model all connections share;
//! - [`test_util`] (feature `test-util`): `TestDaemon`;
//! - [`cli`]: the `hsm-daemon` binary's `main` (arguments, logging, signals), so that the
//!   binary itself is one line in the package that hosts all three binaries; `logging`
//!   (its subscriber) and `rlimits` (core dumps off, descriptors up) serve only it.
//!
//! Depends on `hsm-core`, `hsm-storage` and `hsm-proto`; `anyhow`, `clap` and
//! `tracing-subscriber` only in [`cli`] and `logging`.

mod accept_backoff;
pub mod cli;
mod connection;
mod dispatch;
mod frame_buf;
pub mod limits;
pub mod listener;
mod logging;
mod rlimits;
pub mod socket;
pub mod state;
#[cfg(feature = "test-util")]
pub mod test_util;
mod ungreeted;
mod warn_budget;

pub use limits::Limits;
pub use listener::serve;
pub use state::SharedCore;

/// Threads for slow work (password hashing, key generation, signing).
pub const MAX_BLOCKING_THREADS: usize = 8;

/// Version string reported in the `Hello` exchange.
pub const DAEMON_VERSION: &str = concat!("cloudhsm-sim ", env!("CARGO_PKG_VERSION"));
