//! Running `cloudhsm_mgmt_util` and the exact text of its output.

use super::tool::{self, Session, CMU};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// The global-mode prompt.
pub(crate) const PROMPT: &str = "aws-cloudhsm>";
/// The password the scenarios give the activated `admin`.
pub(crate) const ADMIN_PASSWORD: &str = "adminpw1";
/// Logs in as the PRECO and activates every HSM (admin's password becomes
/// [`ADMIN_PASSWORD`]); the session stays logged in as `admin(CO)`.
pub(crate) const ACTIVATE: &str =
    "loginHSM PRECO admin password\nchangePswd PRECO admin adminpw1\ny\n";
/// The `listUsers` column header (116 characters).
pub(crate) const USERS_HEADER: &str = "    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA";
/// The `info server` column header.
pub(crate) const INFO_HEADER: &str = "Id      Name                    Hostname         Port   State           Partition               LoginState";
/// Server labels of a fresh three-HSM cluster, as per-server lines print them.
pub(crate) const SERVERS: [&str; 3] = ["0(10.0.1.10)", "1(10.0.2.10)", "2(10.0.3.10)"];
/// ENI IPs of a fresh three-HSM cluster.
pub(crate) const IPS: [&str; 3] = ["10.0.1.10", "10.0.2.10", "10.0.3.10"];

/// Runs `cloudhsm_mgmt_util` against `socket` with `script` on stdin (input echoed after
/// each prompt, as a terminal shows it) and returns its stdout.
pub(crate) fn cmu(socket: &Path, script: &str) -> String {
    cmu_with(socket, script, &[])
}

/// Like [`cmu`], with extra command-line arguments (a config file, `--profile`).
pub(crate) fn cmu_with(socket: &Path, script: &str, extra: &[&str]) -> String {
    tool::run_ok(CMU, &tool::socket_args(socket, extra), None, script)
}

/// Runs `cloudhsm_mgmt_util` with exactly `args` and `script` on stdin (input echoed),
/// with no simulator variables inherited from the environment, and returns whatever it
/// produced. Does not look at the exit status.
pub(crate) fn run_cmu<S: AsRef<std::ffi::OsStr>>(args: &[S], script: &str) -> Output {
    tool::run(CMU, args, None, script)
}

/// A running `cloudhsm_mgmt_util` fed line by line (input echoed), so that a test can act
/// through another connection while CMU waits at a prompt. Killed on drop.
pub(crate) struct CmuSession(Session);

impl CmuSession {
    /// Starts CMU on `socket` (`--no-spawn`).
    pub(crate) fn start(socket: &Path) -> Self {
        let args = tool::socket_args(socket, &[]);
        Self(Session::start(CMU, &args, None, Duration::from_secs(30)))
    }

    /// Types one line.
    pub(crate) fn send(&mut self, line: &str) {
        self.0.send(line);
    }

    /// Returns the output up to and including `needle`, waiting at most 10 s for it.
    pub(crate) fn read_until(&mut self, needle: &str) -> String {
        self.0.read_until(needle)
    }

    /// Closes stdin (CMU quits at end of input) and returns the rest of the output once
    /// it has exited.
    pub(crate) fn finish(mut self) -> String {
        self.0.finish()
    }
}

/// One command line of a CMU transcript and the lines it printed before the next prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// The prompt the command was typed at (`aws-cloudhsm>`, `server1>`).
    pub(crate) prompt: String,
    /// The command line as echoed.
    pub(crate) command: String,
    /// Every line printed until the next prompt (answers to y/n and R/I/A included).
    pub(crate) output: Vec<String>,
}

/// A CMU transcript (stdout with echoed input), split at each prompt.
#[derive(Debug, Clone)]
pub(crate) struct Transcript {
    /// The whole text, for failure messages.
    pub(crate) text: String,
    /// Lines before the first prompt: the start-up trace.
    pub(crate) startup: Vec<String>,
    /// One entry per command line.
    pub(crate) steps: Vec<Step>,
}

impl Transcript {
    /// Splits `text` at lines that start with a global or server-mode prompt.
    pub(crate) fn parse(text: &str) -> Self {
        let mut startup = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        for line in text.lines() {
            if let Some((prompt, command)) = split_prompt(line) {
                steps.push(Step {
                    prompt: prompt.to_owned(),
                    command: command.to_owned(),
                    output: Vec::new(),
                });
            } else if let Some(step) = steps.last_mut() {
                step.output.push(line.to_owned());
            } else {
                startup.push(line.to_owned());
            }
        }
        Self {
            text: text.to_owned(),
            startup,
            steps,
        }
    }

    /// The output of the `n`th (from 0) step whose command line is exactly `command`.
    pub(crate) fn output(&self, command: &str, n: usize) -> &[String] {
        self.steps
            .iter()
            .filter(|s| s.command == command)
            .nth(n)
            .map(|s| s.output.as_slice())
            .unwrap_or_else(|| panic!("no step #{n} `{command}` in transcript:\n{}", self.text))
    }

    /// Asserts that the `n`th `command` printed exactly `expected`.
    pub(crate) fn assert_output<S: AsRef<str>>(&self, command: &str, n: usize, expected: &[S]) {
        let got = self.output(command, n);
        let expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
        assert_eq!(
            got, expected,
            "output of `{command}` #{n} differs; whole transcript:\n{}",
            self.text
        );
    }

    /// The command lines in order, with their prompts.
    pub(crate) fn commands(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|s| format!("{}{}", s.prompt, s.command))
            .collect()
    }
}

fn split_prompt(line: &str) -> Option<(&str, &str)> {
    if let Some(rest) = line.strip_prefix(PROMPT) {
        return Some((&line[..PROMPT.len()], rest));
    }
    let digits = line.strip_prefix("server")?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || digits.as_bytes().get(n) != Some(&b'>') {
        return None;
    }
    let end = "server".len() + n + 1;
    Some((&line[..end], &line[end..]))
}

/// A `listUsers` row: `(id, type, name, login failures)`; MofnPubKey and 2FA are `NO`.
pub(crate) type Row<'a> = (u32, &'a str, &'a str, u32);

/// One `listUsers` row, printf `"%10u              %-16s%-32s%11s%16u%17s"`.
pub(crate) fn user_row((id, user_type, name, failures): Row<'_>) -> String {
    format!(
        "{id:>10}              {user_type:<16}{name:<32}{:>11}{failures:>16}{:>17}",
        "NO", "NO"
    )
}

/// The exact output of `listUsers`, one block per `(server label, rows)`.
pub(crate) fn list_users(servers: &[(&str, &[Row<'_>])]) -> Vec<String> {
    let mut out = Vec::new();
    for (label, rows) in servers {
        out.push(format!("Users on server {label}:"));
        out.push(format!("Number of users found:{}", rows.len()));
        out.push(String::new());
        out.push(USERS_HEADER.to_owned());
        out.extend(rows.iter().copied().map(user_row));
    }
    out
}

/// `listUsers` when every server of a fresh three-HSM cluster holds the same `rows`.
pub(crate) fn list_users_same(rows: &[Row<'_>]) -> Vec<String> {
    list_users(&SERVERS.map(|s| (s, rows)))
}

/// The start-up trace CMU prints for a fresh three-HSM cluster (SDK 3 profile).
pub(crate) fn startup_trace() -> Vec<String> {
    let mut out = vec![
        "Connecting to the server(s), it may take time".to_owned(),
        "depending on the server(s) load, please wait...".to_owned(),
    ];
    for ip in IPS {
        out.push(String::new());
        out.push(format!(
            "Connecting to server '{ip}': hostname '{ip}', port 2225..."
        ));
        out.push(format!(
            "Connected to server '{ip}': hostname '{ip}', port 2225."
        ));
    }
    out.extend(SERVERS.map(|s| format!("E2E enabled on server {s}")));
    out
}

/// The `info server <n>` data line for a server of a fresh cluster.
pub(crate) fn info_line(n: usize, hsm_id: &str, login: &str) -> String {
    format!(
        "{n:<8}{:<24}{:<16}{:<8}{:<16}{hsm_id:<24}{login}",
        IPS[n], IPS[n], 2225, "Connected"
    )
}

/// The CAUTION banner of critical commands and the `(y/n)` prompt answered with `answer`
/// (echoed on the prompt's line).
pub(crate) fn caution(answer: &str) -> Vec<String> {
    let mut out: Vec<String> = [
        "*************************CAUTION********************************",
        "This is a CRITICAL operation, should be done on all nodes in the",
        "cluster. AWS does NOT synchronize these changes automatically with the",
        "nodes on which this operation is not executed or failed, please",
        "ensure this operation is executed on all nodes in the cluster.",
        "****************************************************************",
        "",
    ]
    .map(str::to_owned)
    .to_vec();
    out.push(format!("Do you want to continue(y/n)?{answer}"));
    out
}
