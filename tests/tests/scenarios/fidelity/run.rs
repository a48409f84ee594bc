//! One session under every profile, and its scores: the guide's lines that a line-level
//! alignment (longest common subsequence) pairs with equal lines of the tool's screen,
//! both sides normalised. Extra lines on the screen cost nothing; a missing or different
//! line costs one.
//!
//! Setup (users, keys, files) is most of a session's cost, so it runs once, on a real
//! `hsm-daemon` whose data directory is then copied, with the working directory, once per
//! profile; each copy gets a daemon of its own for the scored part.

use super::dialogue::Dialogue;
use super::fixture::{Session, Tool};
use super::normalize;
use crate::harness::golden::{align, report};
use crate::harness::{short_tempdir, DaemonProcess};
use std::fs;
use std::path::Path;

/// How one session scored under one profile.
#[derive(Debug, Clone, Default)]
pub(super) struct Score {
    /// The guide's lines.
    pub(super) expected: usize,
    /// How many of them the screen showed.
    pub(super) matched: usize,
    /// The alignment, for a reader chasing a low score.
    pub(super) report: String,
}

/// Runs `session` of a page in `tool` under each of `profiles`, in order.
pub(super) fn session(tool: Tool, session: &Session, profiles: &[&str]) -> Vec<Score> {
    let root = short_tempdir("fidelity-");
    let base = root.path().join("base");
    let hsms = session.hsms.to_string();
    let daemon = daemon_on(&base, &["--hsms", &hsms]);
    for (name, bytes) in &session.files {
        fs::write(base.join("work").join(name), bytes).expect("write fixture file");
    }
    for (setup_tool, lines) in &session.setup {
        let mut setup = Dialogue::start(*setup_tool, daemon.socket(), &base.join("work"), "sdk3");
        setup.type_unscored(lines);
        setup.close();
    }
    daemon.terminate();
    profiles
        .iter()
        .map(|profile| {
            let copy = root.path().join(profile);
            copy_tree(&base, &copy);
            let daemon = daemon_on(&copy, &[]);
            let mut dialogue = Dialogue::start(tool, daemon.socket(), &copy.join("work"), profile);
            dialogue.type_unscored(&session.prelude);
            let mut screen = dialogue.prompt().to_owned();
            for step in &session.steps {
                screen.push_str(&dialogue.type_step(step));
            }
            dialogue.close();
            score(&session.expected, &screen)
        })
        .collect()
}

/// A ready `hsm-daemon` on `dir/data` (created with `dir/work` when new), started with
/// `extra` arguments.
fn daemon_on(dir: &Path, extra: &[&str]) -> DaemonProcess {
    let data = dir.join("data");
    fs::create_dir_all(&data).expect("data dir");
    fs::create_dir_all(dir.join("work")).expect("work dir");
    let log = dir.join("daemon.log");
    let mut daemon = DaemonProcess::spawn(&data, Some(&data.join("hsm.sock")), extra, &log);
    daemon.connect();
    daemon
}

/// Copies the regular files under `from` to `to` (sockets and other special files are
/// left behind).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("copy dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The score of `screen` against the guide's `expected` lines.
fn score(expected: &[String], screen: &str) -> Score {
    let expected = normalize::node_order(expected.iter().map(|l| normalize::line(l)).collect());
    let actual = normalize::node_order(screen.lines().map(normalize::line).collect());
    let ops = align(&expected, &actual, |a, b| a == b);
    Score {
        expected: expected.len(),
        matched: ops.iter().filter(|(op, _, _)| *op == ' ').count(),
        report: report(&expected, &actual, &ops),
    }
}
