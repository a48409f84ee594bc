//! End-to-end scenarios: real binaries against real daemons.
//!
//! - `smoke`: the tools start against a fresh cluster;
//! - `desync`: per-HSM user tables drifting apart, and the recovery answers;
//! - `persistence`: the real daemon killed with SIGKILL and restarted on its data;
//! - `concurrency`: many client sessions and CMU processes against one daemon;
//! - `protocol`: malformed frames on a raw socket never hang or stop the daemon;
//! - `expect`: CMU driven under a pty by `expect`, hidden password prompts included;
//! - `autospawn`: CMU starting `hsm-daemon` when nothing listens, and `--no-spawn`.

mod autospawn;
mod concurrency;
mod desync;
mod expect;
mod persistence;
mod protocol;
mod smoke;
