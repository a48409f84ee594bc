//! Golden transcripts of both tools: `<name>.script` (the lines typed, answers to prompts
//! included) piped into the real binary with its input echoed, and `<name>.golden` (the
//! expected screen) under `tests/<set>/` of this package. The golden files are written from
//! the reference, not recorded from the binaries.
//!
//! - [`check_transcript`]: one golden run, compared by a [`Rule`], then
//!   [`assert_clean_run`]: no differences, exit status 0, nothing on stderr;
//! - files: [`golden_dir`], [`read_golden`];
//! - CMU-style comparison: [`normalize`] (TABs expanded to 8-column stops, trailing blanks
//!   dropped, docs/cmu.md A-34), [`align`] (longest common subsequence under a caller's rule for
//!   equal lines), [`report`] and [`diff`] (a readable line diff);
//! - KMU-style comparison: byte for byte (KMU's TABs and trailing blanks are part of its
//!   output), except that `{*}` in a golden line matches any text, for random key material.

use super::tool;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

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

/// How a screen is compared with its golden file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rule {
    /// Lines after [`normalize`], reported by [`diff`] (CMU's golden files).
    Normalized,
    /// Byte for byte, `{*}` matching any text, reported at the first difference (KMU's).
    Wildcards,
}

/// Runs `tool` with `args` in `dir` (when given) and `tests/<set>/<name>.script` on stdin,
/// compares its screen with `tests/<set>/<name>.golden` by `rule`, and finishes with
/// [`assert_clean_run`]. Returns the output for further checks.
pub(crate) fn check_transcript<S: AsRef<OsStr>>(
    tool: &str,
    args: &[S],
    dir: Option<&Path>,
    (set, name): (&str, &str),
    rule: Rule,
) -> Output {
    let golden_dir = golden_dir(set);
    let script = read_golden(&golden_dir, &format!("{name}.script"));
    let expected = read_golden(&golden_dir, &format!("{name}.golden"));
    let output = tool::run(tool, args, dir, &script);
    let actual = String::from_utf8_lossy(&output.stdout);
    let differences = match rule {
        Rule::Normalized => diff(&normalize(&expected), &normalize(&actual)),
        Rule::Wildcards => compare_with_wildcards(&expected, &actual),
    }
    .map(|report| format!("transcript {name} differs from tests/{set}/{name}.golden\n{report}"));
    assert_clean_run(name, &output, differences);
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

/// Whether `actual` matches the golden line (`{*}` matches anything).
fn wildcard_line_matches(golden: &str, actual: &str) -> bool {
    let parts: Vec<&str> = golden.split("{*}").collect();
    if parts.len() == 1 {
        return golden == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    if !actual.ends_with(last) {
        return false;
    }
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// A report of the first differing lines (TABs shown as `→`, line ends as `¶`), or `None`.
fn compare_with_wildcards(golden: &str, actual: &str) -> Option<String> {
    let g: Vec<&str> = golden.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    let first = (0..g.len().max(a.len())).find(|&i| match (g.get(i), a.get(i)) {
        (Some(x), Some(y)) => !wildcard_line_matches(x, y),
        _ => true,
    })?;
    let show =
        |s: Option<&&str>| s.map_or("<end>".to_owned(), |s| format!("{}¶", s.replace('\t', "→")));
    let mut report = format!("first difference at line {}:\n", first + 1);
    let from = first.saturating_sub(3);
    for i in from..(first + 4) {
        report.push_str(&format!("  golden {:>4}: {}\n", i + 1, show(g.get(i))));
        report.push_str(&format!("  actual {:>4}: {}\n", i + 1, show(a.get(i))));
    }
    Some(report)
}
