#![allow(dead_code)] // each test binary uses its own part
//! The harness shared by the golden-transcript tests of both tools.
//!
//! - running: [`run_script`] pipes a script into a tool binary ([`CMU`], [`KMU`]) with
//!   `CLOUDHSM_SIM_ECHO_INPUT=1`, so typed lines appear after their prompts as a terminal
//!   shows them; [`socket_args`] points it at a test daemon;
//! - golden files: [`golden_dir`], [`read_golden`];
//! - CMU-style comparison: [`normalize`] (TABs expanded to 8-column stops, trailing blanks
//!   dropped, cmu.md A-34), [`align`] (longest common subsequence under a caller's rule for
//!   equal lines), [`report`] and [`diff`] (a readable line diff);
//! - [`assert_clean_run`]: no differences, exit status 0, nothing on stderr;
//! - [`kmu`]: the `key_mgmt_util` scenarios (daemon with users, working directory) and
//!   their byte-for-byte comparison.
//!
//! Each test file keeps its own scenarios and any comparison rule of its own.

pub(crate) mod kmu;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `cloudhsm_mgmt_util` binary under test.
pub(crate) const CMU: &str = env!("CARGO_BIN_EXE_cloudhsm_mgmt_util");
/// The `key_mgmt_util` binary under test.
pub(crate) const KMU: &str = env!("CARGO_BIN_EXE_key_mgmt_util");

/// `tests/<name>` of this package.
pub(crate) fn golden_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// The text of `dir/file`; panics with the path when it cannot be read.
pub(crate) fn read_golden(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `--socket SOCKET --no-spawn`: the tool talks to the test's daemon and starts none.
pub(crate) fn socket_args(socket: &Path) -> [&OsStr; 3] {
    [
        OsStr::new("--socket"),
        socket.as_os_str(),
        OsStr::new("--no-spawn"),
    ]
}

/// Runs `command` with `script` on stdin, typed lines echoed and no profile inherited from
/// the environment, and returns what it produced.
pub(crate) fn run_script(mut command: Command, script: &str) -> Output {
    let program = Path::new(command.get_program())
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut child = command
        .env("CLOUDHSM_SIM_ECHO_INPUT", "1")
        .env_remove("CLOUDHSM_SIM_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {program}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let script = script.to_owned();
    // Fed from a thread so a long output can never block the script.
    let feeder = std::thread::spawn(move || {
        // The tool may quit before reading everything: a closed pipe is not an error here.
        let _ = stdin.write_all(script.as_bytes());
    });
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    feeder.join().expect("script feeder");
    output
}

/// The checks that end every golden run of scenario `name`, in order: no `differences`
/// (a report, shown with the tool's stderr), a zero exit status, an empty stderr.
pub(crate) fn assert_clean_run(name: &str, output: &Output, differences: Option<String>) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let Some(differences) = differences {
        panic!("{differences}\n--- stderr ---\n{stderr}");
    }
    assert!(
        output.status.success(),
        "{name}: exit status {}\n{stderr}",
        output.status
    );
    assert!(stderr.is_empty(), "{name}: unexpected stderr:\n{stderr}");
}

/// Lines with TABs expanded (8-column stops) and trailing whitespace removed.
pub(crate) fn normalize(text: &str) -> Vec<String> {
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

/// One step of an alignment: `' '` for a pair of equal lines, `'-'` for a golden line only,
/// `'+'` for an actual line only; then the golden and actual line indexes.
pub(crate) type Op = (char, usize, usize);

/// A line alignment (longest common subsequence) in which `same(golden, actual)` says
/// whether two lines are equal.
pub(crate) fn align(
    expected: &[String],
    actual: &[String],
    same: impl Fn(&str, &str) -> bool,
) -> Vec<Op> {
    let (n, m) = (expected.len(), actual.len());
    // lcs[i][j] = LCS length of expected[i..] and actual[j..]
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if same(&expected[i], &actual[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(&expected[i], &actual[j]) {
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
    ops
}

/// The changes with two lines of context, long equal runs elided. Lines are numbered as
/// in the golden file (`-`) and in the actual output (`+`); context lines show the actual
/// text.
pub(crate) fn report(expected: &[String], actual: &[String], ops: &[Op]) -> String {
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
            ' ' => writeln!(report, "  {:>4} {:>4}  {}", i + 1, j + 1, actual[*j]),
            '-' => writeln!(report, "- {:>4}       {}", i + 1, expected[*i]),
            _ => writeln!(report, "+      {:>4}  {}", j + 1, actual[*j]),
        };
    }
    report
}

/// A readable line diff of exactly equal lines, or `None` when equal.
pub(crate) fn diff(expected: &[String], actual: &[String]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let ops = align(expected, actual, |a, b| a == b);
    Some(report(expected, actual, &ops))
}
