//! Every black-box test of cloudhsm-sim, in one binary (each test binary links everything,
//! and linking dominates a build on small machines): the real binaries of this package,
//! reached through `CARGO_BIN_EXE_<name>`, against real or in-process daemons.
//!
//! `hsm-daemon` on its own:
//! - `daemon_binary`: start-up, permissions, signals, socket hygiene, the data directory;
//! - `daemon_hardening`: descriptor exhaustion, floods of bad frames, `RUST_LOG=trace`,
//!   core dumps and the descriptor limit.
//!
//! Golden transcripts (files under `tests/golden`, `tests/cmu_keys_golden`,
//! `tests/kmu_golden`):
//! - `cmu_transcripts`: `cloudhsm_mgmt_util` user and cluster commands;
//! - `cmu_key_transcripts`: `cloudhsm_mgmt_util` key commands and the files they write;
//! - `kmu_transcripts`: `key_mgmt_util` sessions;
//! - `kmu_files`: `key_mgmt_util` sessions whose output files are checked too;
//! - `kmu_modes`: `key_mgmt_util`'s single-command and script modes, banner, daemon down.
//!
//! End-to-end scenarios:
//! - `smoke`: the tools start against a fresh cluster;
//! - `desync`: per-HSM user tables drifting apart, and the recovery answers;
//! - `persistence`: the real daemon killed with SIGKILL and restarted on its data;
//! - `concurrency`: many client sessions and CMU processes against one daemon;
//! - `protocol`: malformed frames on a raw socket never hang or stop the daemon;
//! - `limits`: the connection limit, the Hello deadline and the whole-frame deadline;
//! - `expect`: CMU driven under a pty by `expect`, hidden password prompts included;
//! - `terminal`: both tools under a pty: lines typed ahead, plain prompts, the keys a
//!   person uses;
//! - `autospawn`: CMU starting `hsm-daemon` when nothing listens, and `--no-spawn`;
//! - `keys_openssl`: KMU's signatures, exports and wraps judged by the OpenSSL CLI;
//! - `keys_session_token`: session keys on one HSM and gone with their session, token keys
//!   on every HSM under one handle;
//! - `keys_persistence`: token keys surviving SIGKILL of the real daemon, still signing;
//! - `keys_concurrency`: twenty KMU processes as twenty crypto users at once;
//! - `keys_ownership`: owner, sharee, other CU, CO and AU through both tools;
//! - `sealed_storage`: no key material or password readable in the data directory.
//!
//! Hardening (issue 12):
//! - `hardening`: oversized input files, owner-only key files, input that is not UTF-8,
//!   absurd arguments.
//!
//! README.md's walkthroughs:
//! - `readme`: the README's sessions and shell blocks run against the real binaries, their
//!   lines checked in order against the output, so the README cannot go stale.
//!
//! The user guide's example sessions:
//! - `fidelity`: every example replayed per guide page and scored, under both output
//!   profiles; no page may score lower than docs/fidelity.md records.
//!
//! `harness` holds what they share.
//!
//! The package's binaries link `hsm-daemon` and `cli-tools` (and so everything); the tests
//! reach the daemon only through `hsm-client`, `hsm-proto` and hsm-daemon's `test-util`
//! feature (`TestDaemon`), never through hsm-core.

mod harness;

mod autospawn;
mod cmu_key_transcripts;
mod cmu_transcripts;
mod concurrency;
mod daemon_binary;
mod daemon_hardening;
mod desync;
mod expect;
mod fidelity;
mod hardening;
mod keys_concurrency;
mod keys_openssl;
mod keys_ownership;
mod keys_persistence;
mod keys_session_token;
mod kmu_files;
mod kmu_modes;
mod kmu_transcripts;
mod limits;
mod persistence;
mod protocol;
mod readme;
mod sealed_storage;
mod smoke;
mod terminal;
