//! Golden transcripts of `cloudhsm_mgmt_util`.
//!
//! Each scenario is a pair under `tests/golden/`: `<name>.script` (the lines typed, answers to
//! `(y/n)` and recovery prompts and hidden passwords included) and `<name>.golden` (the
//! expected screen). An optional `<name>.cfg` is passed as the CMU configuration file.
//!
//! The golden files are written from the reference (`cmu.md` and the corrections table of
//! `real-transcripts.md` §F), not recorded from the binary. Every test runs against its own
//! in-process daemon with three HSMs, with `CLOUDHSM_SIM_ECHO_INPUT=1` so the typed lines
//! appear after their prompts as a terminal shows them (hidden input excepted).
//!
//! Lines are compared after expanding TABs to 8-column stops and dropping trailing blanks
//! (cmu.md A-34, real-transcripts.md §F #11).

use hsm_daemon::test_util::TestDaemon;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const CMU: &str = env!("CARGO_BIN_EXE_cloudhsm_mgmt_util");

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Runs `<name>.script` through the CMU (with `extra_args`) against a fresh three-HSM
/// cluster and compares the screen with `<name>.golden`.
fn check(name: &str, extra_args: &[&str]) {
    let dir = golden_dir();
    let read = |ext: &str| {
        let path = dir.join(format!("{name}.{ext}"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let script = read("script");
    let expected = read("golden");

    let daemon = TestDaemon::start(3);
    let mut cmd = Command::new(CMU);
    let config = dir.join(format!("{name}.cfg"));
    if config.exists() {
        cmd.arg(&config);
    }
    cmd.arg("--socket")
        .arg(daemon.socket())
        .arg("--no-spawn")
        .args(extra_args)
        .env("CLOUDHSM_SIM_ECHO_INPUT", "1")
        .env_remove("CLOUDHSM_SIM_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start cloudhsm_mgmt_util");
    let mut stdin = child.stdin.take().expect("stdin");
    // Fed from a thread so a long output can never block the script.
    let feeder = std::thread::spawn(move || {
        // The tool may quit before reading everything: a closed pipe is not an error here.
        let _ = stdin.write_all(script.as_bytes());
    });
    let output = child.wait_with_output().expect("run cloudhsm_mgmt_util");
    feeder.join().expect("script feeder");
    let actual = String::from_utf8_lossy(&output.stdout);

    let diff = diff(&normalize(&expected), &normalize(&actual));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        diff.is_none(),
        "transcript {name} differs from tests/golden/{name}.golden\n{}\n--- stderr ---\n{stderr}",
        diff.unwrap_or_default()
    );
    assert!(
        output.status.success(),
        "{name}: exit status {} (cmu.md §1.2: 0 after quit)\n{stderr}",
        output.status
    );
    assert!(stderr.is_empty(), "{name}: unexpected stderr:\n{stderr}");
}

/// Lines with TABs expanded (8-column stops) and trailing whitespace removed.
fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let mut out = String::new();
            for c in line.chars() {
                if c == '\t' {
                    let pad = 8 - out.chars().count() % 8;
                    out.push_str(&" ".repeat(pad));
                } else {
                    out.push(c);
                }
            }
            out.trim_end().to_owned()
        })
        .collect()
}

/// A readable line diff (longest common subsequence), or `None` when equal. Lines are
/// numbered as in the golden file (`-`) and in the actual output (`+`).
fn diff(expected: &[String], actual: &[String]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (n, m) = (expected.len(), actual.len());
    // lcs[i][j] = LCS length of expected[i..] and actual[j..]
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', i, j));
            j += 1;
        } else {
            ops.push(('-', i, j));
            i += 1;
        }
    }
    // Print the changes with two lines of context; elide long equal runs.
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|k| ops[*k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|c| c.abs_diff(k) <= CONTEXT);
    let mut report = String::from("golden line / actual line\n");
    let mut elided = false;
    for (k, (op, i, j)) in ops.iter().enumerate() {
        if !near(k) {
            if !elided {
                report.push_str("   ...\n");
                elided = true;
            }
            continue;
        }
        elided = false;
        let _ = match op {
            ' ' => writeln!(report, "  {:>4} {:>4}  {}", i + 1, j + 1, expected[*i]),
            '-' => writeln!(report, "- {:>4}       {}", i + 1, expected[*i]),
            _ => writeln!(report, "+      {:>4}  {}", j + 1, actual[*j]),
        };
    }
    Some(report)
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
