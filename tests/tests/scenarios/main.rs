//! End-to-end scenarios: real binaries against real daemons.
//!
//! - `smoke`: the tools start against a fresh cluster;
//! - `desync`: per-HSM user tables drifting apart, and the recovery answers;
//! - `persistence`: the real daemon killed with SIGKILL and restarted on its data;
//! - `concurrency`: many client sessions and CMU processes against one daemon;
//! - `protocol`: malformed frames on a raw socket never hang or stop the daemon;
//! - `expect`: CMU driven under a pty by `expect`, hidden password prompts included;
//! - `autospawn`: CMU starting `hsm-daemon` when nothing listens, and `--no-spawn`;
//! - `keys_openssl`: KMU's signatures, exports and wraps judged by the OpenSSL CLI;
//! - `keys_session_token`: session keys on one HSM and gone with their session, token keys
//!   on every HSM under one handle;
//! - `keys_persistence`: token keys surviving SIGKILL of the real daemon, still signing;
//! - `keys_concurrency`: twenty KMU processes as twenty crypto users at once;
//! - `keys_ownership`: owner, sharee, other CU, CO and AU through both tools.

mod autospawn;
mod concurrency;
mod desync;
mod expect;
mod keys_concurrency;
mod keys_openssl;
mod keys_ownership;
mod keys_persistence;
mod keys_session_token;
mod persistence;
mod protocol;
mod smoke;
