//! Driving `key_mgmt_util` (KMU) and reading its SDK 3 output.
//!
//! - runs: [`kmu_in`] and [`kmu_with`] pipe a script into the real binary
//!   (input echoed after each `Command:  ` prompt); [`KmuSession`] feeds it line by line;
//! - transcripts: [`KmuTranscript`] splits the output into one step per command line;
//! - handles: [`key_handle`], [`pair_handles`] and [`found_handles`] read them from a
//!   step's lines, so tests never hard-code allocation;
//! - expected text: [`expect`] builds the exact SDK 3 lines (docs/kmu.md §2 with the
//!   corrections of docs/output-profiles.md §F);
//! - users: [`create_crypto_users`] activates the cluster and creates CUs through CMU.

use super::tool::{self, Session, KMU};
use super::{cmu, Step, Transcript, ACTIVATE};
use std::path::Path;
use std::time::Duration;

/// KMU's prompt as it appears in the output: a blank line, then `Command:  `.
pub(crate) const KMU_PROMPT: &str = "\nCommand:  ";

/// Runs `key_mgmt_util --socket SOCKET --no-spawn` with `script` on stdin in working
/// directory `dir` (where the script's files live); asserts a zero exit status and returns
/// stdout.
pub(crate) fn kmu_in(dir: &Path, socket: &Path, script: &str) -> String {
    kmu_with(socket, Some(dir), &[], script)
}

/// Like [`kmu_in`], with extra arguments (`--node 1`) and an optional working directory.
pub(crate) fn kmu_with(socket: &Path, dir: Option<&Path>, extra: &[&str], script: &str) -> String {
    tool::run_ok(KMU, &tool::socket_args(socket, extra), dir, script)
}

/// A running `key_mgmt_util` fed one command at a time, so that a test can act through
/// other processes while this session (and its session keys) stays open. Killed on drop.
pub(crate) struct KmuSession(Session);

impl KmuSession {
    /// Starts KMU on `socket` (`--no-spawn`, plus `extra`) in `dir` and waits for its
    /// first prompt.
    pub(crate) fn start(socket: &Path, dir: &Path, extra: &[&str]) -> Self {
        let args = tool::socket_args(socket, extra);
        let mut me = Self(Session::start(
            KMU,
            &args,
            Some(dir),
            Duration::from_secs(20),
        ));
        me.read_until(KMU_PROMPT);
        me
    }

    /// Types `line` and returns what the command printed before the next prompt, as
    /// [`KmuStep::output`] does (the echoed command line is checked and dropped).
    pub(crate) fn run(&mut self, line: &str) -> Vec<String> {
        self.run_answering(line, &[])
    }

    /// Types `line` and then `answers` (for commands that prompt, like `setAttribute`),
    /// and returns the output as [`KmuSession::run`] does; answers appear echoed after
    /// their prompts.
    pub(crate) fn run_answering(&mut self, line: &str, answers: &[&str]) -> Vec<String> {
        self.send(line);
        for answer in answers {
            self.send(answer);
        }
        let text = self.read_until(KMU_PROMPT);
        let body = &text[..text.len() - KMU_PROMPT.len()];
        let mut lines = body.split('\n').map(str::to_owned);
        let echoed = lines.next().unwrap_or_default();
        assert_eq!(echoed, line, "KMU did not echo the command line");
        let mut out: Vec<String> = lines.collect();
        if out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    /// Types one line without waiting for anything.
    pub(crate) fn send(&mut self, line: &str) {
        self.0.send(line);
    }

    /// Returns the output up to and including `needle`, waiting at most 20 s for it.
    pub(crate) fn read_until(&mut self, needle: &str) -> String {
        self.0.read_until(needle)
    }

    /// Kills the process with SIGKILL (no logout, no clean-up of its own) and reaps it.
    pub(crate) fn kill9(mut self) {
        self.0.kill();
    }

    /// Types `exit` and waits (at most 10 s) for a zero exit status.
    pub(crate) fn exit(mut self) {
        self.send("exit");
        self.0.close_stdin();
        let mut status = None;
        super::wait_until(Duration::from_secs(10), || {
            status = self.0.try_wait();
            status.is_some()
        });
        let status = status.expect("key_mgmt_util did not exit within 10 s of `exit`");
        assert!(status.success(), "key_mgmt_util: {status}");
    }
}

impl Transcript {
    /// Splits a KMU transcript at each `Command:  ` prompt; KMU prints nothing before its
    /// first one, so `startup` stays empty.
    pub(crate) fn parse_kmu(text: &str) -> Self {
        let mut chunks = text.split(KMU_PROMPT);
        let before = chunks.next().unwrap_or_default();
        assert!(
            before.is_empty(),
            "KMU printed {before:?} before its first prompt"
        );
        let steps = chunks
            .map(|chunk| {
                let mut lines = chunk.split('\n').map(str::to_owned);
                let command = lines.next().unwrap_or_default();
                let mut output: Vec<String> = lines.collect();
                if output.last().is_some_and(String::is_empty) {
                    output.pop();
                }
                Step {
                    prompt: KMU_PROMPT.trim_start().to_owned(),
                    command,
                    output,
                }
            })
            .collect();
        Self {
            text: text.to_owned(),
            startup: Vec::new(),
            steps,
        }
    }
}

/// The number after `marker` on the first line that contains it, e.g.
/// `key_handle(lines)` for `Symmetric Key Created.  Key Handle: 6`.
pub(crate) fn number_after(lines: &[String], marker: &str) -> u64 {
    lines
        .iter()
        .find_map(|l| {
            let rest = &l[l.find(marker)? + marker.len()..];
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .unwrap_or_else(|| panic!("no `{marker}` number in {lines:#?}"))
}

/// The handle of a created, imported or unwrapped key (`Key Handle: N`).
pub(crate) fn key_handle(lines: &[String]) -> u64 {
    number_after(lines, "Key Handle:")
}

/// The `(public, private)` handles of a generated key pair.
pub(crate) fn pair_handles(lines: &[String]) -> (u64, u64) {
    (
        number_after(lines, "public key handle:"),
        number_after(lines, "private key handle:"),
    )
}

/// The handles `findKey` listed (SDK 3 form: the lines after `Handles of matching keys:`
/// up to the next blank line); empty when it found none.
pub(crate) fn found_handles(lines: &[String]) -> Vec<u64> {
    let Some(start) = lines
        .iter()
        .position(|l| l == "\tHandles of matching keys:")
    else {
        return Vec::new();
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| h.parse().unwrap_or_else(|_| panic!("bad handle {h:?}")))
        .collect()
}

/// The index part of a handle (docs/kmu.md §1.7: `handle = (node << 18) | index`).
pub(crate) fn handle_index(handle: u64) -> u64 {
    handle & 0x3_FFFF
}

/// Activates the cluster through CMU and creates crypto users `(name, password)` on every
/// HSM, in order (user IDs 3, 4, ...). The CMU session ends logged out.
pub(crate) fn create_crypto_users(socket: &Path, users: &[(&str, &str)]) {
    let mut script = ACTIVATE.to_owned();
    for (name, password) in users {
        script.push_str(&format!("createUser CU {name} {password}\ny\n"));
    }
    script.push_str("logoutHSM\nquit\n");
    let t = Transcript::parse(&cmu(socket, &script));
    for (name, password) in users {
        let out = t.output(&format!("createUser CU {name} {password}"), 0);
        let successes = out
            .iter()
            .filter(|l| l.starts_with("createUser success on server"))
            .count();
        assert_eq!(successes, 3, "createUser {name} failed:\n{}", t.text);
    }
}

/// Exact SDK 3 output lines (docs/kmu.md §2 with docs/output-profiles.md §F).
pub(crate) mod expect;
