//! Locating the workspace's binaries, building them once per test process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Path of a binary built by this workspace (`hsm-daemon`, `cloudhsm_mgmt_util`, ...).
/// Test executables live in `target/<profile>/deps`; binaries one level up.
///
/// The first call builds the workspace's binaries (see `build_binaries`), so the
/// scenarios never run against a stale or missing binary.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    build_binaries(dir);
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is not built; run `cargo build --workspace` first",
        path.display()
    );
    path
}

/// Builds the binaries of `hsm-daemon` and `cli-tools` into `profile_dir`
/// (`target/<profile>`), once per test process. `cargo test` builds a package's binaries
/// only for that package's own integration tests, so neither `cargo test -p scenarios`
/// nor `cargo test --workspace` on a clean checkout would otherwise produce (or refresh)
/// `hsm-daemon`. Cargo has released its build lock by the time tests run.
fn build_binaries(profile_dir: &Path) {
    static BUILT: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let result = BUILT.get_or_init(|| {
        let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => "dev".to_owned(),
            Some(other) => other.to_owned(),
        };
        let target_dir = profile_dir.parent().unwrap_or(profile_dir);
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        let out = Command::new(cargo)
            .args(["build", "--quiet", "--offline", "--bins"])
            .args(["-p", "hsm-daemon", "-p", "cli-tools", "--profile", &profile])
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--target-dir")
            .arg(target_dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "building the binaries failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
