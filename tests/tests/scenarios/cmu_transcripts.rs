//! Golden transcripts of `cloudhsm_mgmt_util`.
//!
//! Each scenario is a pair under `tests/golden/`: `<name>.script` (the lines typed, answers to
//! `(y/n)` and recovery prompts and hidden passwords included) and `<name>.golden` (the
//! expected screen). An optional `<name>.cfg` is passed as the CMU configuration file.
//!
//! The golden files are written from the reference (docs/cmu.md and the corrections table of
//! docs/output-profiles.md §F), not recorded from the binary. Every test runs against its own
//! in-process daemon with three HSMs, with `CLOUDHSM_SIM_ECHO_INPUT=1` so the typed lines
//! appear after their prompts as a terminal shows them (hidden input excepted).
//!
//! Lines are compared after expanding TABs to 8-column stops and dropping trailing blanks
//! (docs/cmu.md A-34, docs/output-profiles.md §F #11). The CMU must then exit with status 0 after
//! `quit` (docs/cmu.md §1.2) and print nothing on stderr. The harness is `harness::golden`.

use crate::harness::golden::{check_transcript, golden_dir, Rule};
use crate::harness::{socket_args, TestDaemon, CMU};
use std::ffi::OsStr;

/// Runs `<name>.script` through the CMU (with `extra_args`) against a fresh three-HSM
/// cluster and compares the screen with `<name>.golden`.
fn check(name: &str, extra_args: &[&str]) {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let config = golden_dir("golden").join(format!("{name}.cfg"));
    let mut args: Vec<&OsStr> = Vec::new();
    if config.exists() {
        args.push(config.as_os_str());
    }
    args.extend(socket_args(&socket, extra_args));
    check_transcript(CMU, &args, None, ("golden", name), Rule::Normalized);
}

#[test]
fn startup() {
    check("startup", &[]);
}

#[test]
fn activation() {
    check("activation", &[]);
}

#[test]
fn create_user() {
    check("create_user", &[]);
}

#[test]
fn user_types() {
    check("user_types", &[]);
}

#[test]
fn list_users() {
    check("list_users", &[]);
}

#[test]
fn change_pswd() {
    check("change_pswd", &[]);
}

#[test]
fn delete_user() {
    check("delete_user", &[]);
}

#[test]
fn lockout() {
    check("lockout", &[]);
}

#[test]
fn server_mode() {
    check("server_mode", &[]);
}

#[test]
fn info_and_hsm_info() {
    check("info_and_hsm_info", &[]);
}

#[test]
fn permissions() {
    check("permissions", &[]);
}

#[test]
fn malformed() {
    check("malformed", &[]);
}

#[test]
fn abbreviations() {
    check("abbreviations", &[]);
}

#[test]
fn help() {
    check("help", &[]);
}

#[test]
fn list_attributes() {
    check("list_attributes", &[]);
}

#[test]
fn enable_e2e() {
    check("enable_e2e", &[]);
}

#[test]
fn hpswd() {
    check("hpswd", &[]);
}

#[test]
fn config_file() {
    check("config_file", &[]);
}

#[test]
fn legacy_activation() {
    check("legacy_activation", &["--profile", "legacy"]);
}

#[test]
fn legacy_errors() {
    check("legacy_errors", &["--profile", "legacy"]);
}
