//! Helpers for the end-to-end scenarios: locating the built binaries and driving them.
//!
//! Depends on every workspace crate it exercises; used only by the `scenarios` test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub use hsm_daemon::test_util::TestDaemon;

/// Path of a binary built by this workspace (`hsm-daemon`, `cloudhsm_mgmt_util`, ...).
/// Test executables live in `target/<profile>/deps`; binaries one level up.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is not built; run `cargo test --workspace`",
        path.display()
    );
    path
}

/// Runs `cloudhsm_mgmt_util` against `socket` with `script` on stdin (input echoed after
/// each prompt, as a terminal shows it) and returns its stdout.
pub fn cmu(socket: &Path, script: &str) -> String {
    cmu_with(socket, script, &[])
}

/// Like [`cmu`], with extra command-line arguments (a config file, `--profile`).
pub fn cmu_with(socket: &Path, script: &str, extra: &[&str]) -> String {
    let mut child = Command::new(bin("cloudhsm_mgmt_util"))
        .args(extra)
        .arg("--socket")
        .arg(socket)
        .arg("--no-spawn")
        .env("CLOUDHSM_SIM_ECHO_INPUT", "1")
        .env_remove("CLOUDHSM_SIM_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cloudhsm_mgmt_util");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "cloudhsm_mgmt_util failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
