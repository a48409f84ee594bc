//! README.md's walkthroughs, run against the real binaries: the project's rule is that
//! walkthroughs in the README run as tests, so they cannot go stale.
//!
//! Each test reads README.md when it runs, finds a fenced block by the heading it follows
//! (and a line it contains), derives what a person types from it, runs the tools against a
//! fresh `hsm-daemon` of its own, and checks that every line of the block except the
//! elisions (`...`) appears in the output, in order and byte for byte (TABs and spaces
//! included). Setup that the README describes in prose is done through the real tools,
//! and the prose it relies on is checked to still say so.
//!
//! - `first_session_runs_as_shown`: the CMU transcript of "A first session";
//! - `heredoc_script_example_succeeds`: the `<<'EOF'` script after it, on an activated
//!   cluster;
//! - `key_mgmt_util_walkthrough_and_openssl_check`: the KMU session of "Keys with
//!   key_mgmt_util" and the `openssl dgst -verify` block after it;
//! - `share_key_paragraph`: alice shares key 10 with bob in CMU, `getKeyInfo 10`, and
//!   bob's `deleteKey -k 10` block.
//!
//! When the README and the tools disagree, fix whichever is wrong; never loosen the match.

use crate::harness::cmu_keys::critical_ok;
use crate::harness::kmu::{create_crypto_users, expect, key_handle, kmu_in};
use crate::harness::openssl::{openssl, verify_signature};
use crate::harness::{cmu, list_users_same, short_tempdir, DaemonProcess, Transcript, SERVERS};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// README.md, read at test time so that an edit is checked without touching this file.
const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
/// A README line that stands for output left out.
const ELISION: &str = "...";
/// The heading of the CMU walkthrough and of the heredoc example.
const FIRST_SESSION: &str = "A first session";
/// The heading of the KMU walkthrough, the OpenSSL check and the shareKey paragraph.
const KEYS: &str = "Keys with key_mgmt_util";
/// How the README starts CMU on a heredoc script.
const HEREDOC_START: &str = "./target/release/cloudhsm_mgmt_util <<'EOF'";
/// What the README's shell blocks type to start KMU.
const KMU_COMMAND: &str = "./target/release/key_mgmt_util";
/// The crypto users of the KMU walkthrough, as its prose introduces them: (name, password).
const CRYPTO_USERS: [(&str, &str); 2] = [("alice", "Alice#Pass1"), ("bob", "Bob#Pass12")];

// ---------------------------------------------------------------------------------------
// Reading README.md

/// One line of README.md and its line number there (from 1), for failure messages.
#[derive(Debug, Clone)]
struct Line {
    number: usize,
    text: String,
}

/// Every line of README.md.
fn readme_lines() -> Vec<Line> {
    let text = fs::read_to_string(README).unwrap_or_else(|e| panic!("cannot read {README}: {e}"));
    text.lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.to_owned(),
        })
        .collect()
}

/// The lines of the `## heading` section, up to the next heading of that level or above.
fn section(heading: &str) -> Vec<Line> {
    let lines = readme_lines();
    let title = format!("## {heading}");
    let start = lines
        .iter()
        .position(|l| l.text == title)
        .unwrap_or_else(|| panic!("README.md has no `{title}` section"));
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.text.starts_with("# ") && !l.text.starts_with("## "))
        .cloned()
        .collect()
}

/// The fenced blocks of `lines` (the lines between each pair of fences), in order.
fn fenced_blocks(lines: &[Line]) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut open: Option<Vec<Line>> = None;
    for line in lines {
        if line.text.starts_with("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => open = Some(Vec::new()),
            }
        } else if let Some(block) = open.as_mut() {
            block.push(line.clone());
        }
    }
    blocks
}

/// The first fenced block under `## heading` with a line that starts with `marker`.
/// Blocks are found by what they show rather than by position, so that a new example
/// elsewhere in the section does not shift them.
fn block(heading: &str, marker: &str) -> Vec<Line> {
    fenced_blocks(&section(heading))
        .into_iter()
        .find(|b| b.iter().any(|l| l.text.starts_with(marker)))
        .unwrap_or_else(|| {
            panic!("README.md: no fenced block under `## {heading}` has a line starting {marker:?}")
        })
}

/// The prose of `## heading` (fenced blocks left out) with every run of white space as
/// one space, so that a phrase can be found across line breaks.
fn prose(heading: &str) -> String {
    let section = section(heading);
    let mut in_fence = false;
    let mut words = Vec::new();
    for line in &section {
        if line.text.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            words.extend(line.text.split_whitespace().map(str::to_owned));
        }
    }
    words.join(" ")
}

/// Asserts that the prose of `## heading` still says `phrase`: the test performs what the
/// phrase describes, so the two must change together.
fn assert_prose_says(heading: &str, phrase: &str) {
    assert!(
        prose(heading).contains(phrase),
        "README.md `## {heading}` no longer says {phrase:?}; tests/tests/scenarios/readme.rs \
         does what that phrase describes: update the test with the README"
    );
}

// ---------------------------------------------------------------------------------------
// What a person types

/// The input of a CMU transcript block: the text after each `aws-cloudhsm>` prompt and
/// the answer after each `(y/n)?` question, one per line.
fn cmu_input(block: &[Line]) -> String {
    block
        .iter()
        .filter_map(|l| {
            l.text
                .strip_prefix("aws-cloudhsm>")
                .or_else(|| l.text.strip_prefix("Do you want to continue(y/n)?"))
        })
        .map(|typed| format!("{typed}\n"))
        .collect()
}

/// The input of a KMU transcript block: the text after each `Command:  ` prompt.
fn kmu_input(block: &[Line]) -> String {
    block
        .iter()
        .filter_map(|l| l.text.strip_prefix("Command:  "))
        .map(|typed| format!("{typed}\n"))
        .collect()
}

/// The body of the heredoc in `block`: the lines between `HEREDOC_START` and `EOF`.
fn heredoc_body(block: &[Line]) -> String {
    let start = block
        .iter()
        .position(|l| l.text == HEREDOC_START)
        .expect("the heredoc block starts CMU");
    block[start + 1..]
        .iter()
        .take_while(|l| l.text != "EOF")
        .map(|l| format!("{}\n", l.text))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Comparing a block with the output

/// A line as failure messages show it: TABs as `→`, the end as `¶`.
fn show(line: &str) -> String {
    format!("{}¶", line.replace('\t', "→"))
}

/// Asserts that every line of `block` but the elisions appears in `output`, in the same
/// order, with exactly the same text; `what` names the run in the failure message.
fn assert_in_order(what: &str, block: &[Line], output: &str) {
    let output: Vec<&str> = output.lines().collect();
    let mut next = 0;
    let mut last: Option<(&Line, usize)> = None;
    for line in block.iter().filter(|l| l.text != ELISION) {
        match output[next..].iter().position(|o| *o == line.text) {
            Some(at) => {
                last = Some((line, next + at));
                next += at + 1;
            }
            None => panic!("{}", not_found(what, line, last, &output, next)),
        }
    }
}

/// The failure message for README line `missing`, not found in `output` from line `from`
/// on (0-based) after `last` matched.
fn not_found(
    what: &str,
    missing: &Line,
    last: Option<(&Line, usize)>,
    output: &[&str],
    from: usize,
) -> String {
    let after = last.map_or(String::new(), |(line, at)| {
        format!(
            " after output line {} (where README.md:{} matched)",
            at + 1,
            line.number
        )
    });
    let mut message = format!(
        "README.md and {what} disagree (→ is a TAB, ¶ ends a line).\n\
         README.md:{} is not in the output{after}:\n    {}\n",
        missing.number,
        show(&missing.text)
    );
    message.push_str(&hint(&missing.text, output, from));
    message.push_str("output around where it was expected (> marks that place):\n");
    message.push_str(&window(output, from));
    message
}

/// What the output has instead, when it is close: the same line earlier (order differs),
/// or a later line with the same words but other white space.
fn hint(missing: &str, output: &[&str], from: usize) -> String {
    if let Some(at) = output[..from].iter().position(|o| *o == missing) {
        return format!(
            "The same text is at output line {}, before that place (out of order, or \
             printed by an earlier command).\n",
            at + 1
        );
    }
    let words: Vec<&str> = missing.split_whitespace().collect();
    let spaced = output[from..]
        .iter()
        .position(|o| o.split_whitespace().eq(words.iter().copied()));
    spaced.map_or(String::new(), |at| {
        format!(
            "Output line {} has the same words with other white space:\n    {}\n",
            from + at + 1,
            show(output[from + at])
        )
    })
}

/// Output lines from three before `at` to twelve after, numbered from 1, `at` marked.
fn window(output: &[&str], at: usize) -> String {
    let start = at.saturating_sub(3);
    let end = (at + 12).min(output.len());
    let mut text: String = (start..end)
        .map(|i| {
            let mark = if i == at { '>' } else { ' ' };
            format!("{mark} {:>4} | {}\n", i + 1, show(output[i]))
        })
        .collect();
    if at >= output.len() {
        text.push_str(">      (end of output)\n");
    }
    text
}

// ---------------------------------------------------------------------------------------
// A cluster to run them against

/// A fresh three-HSM cluster served by the real `hsm-daemon` binary, and an empty working
/// directory for the files the walkthroughs read and write. Fields drop in order, so the
/// daemon is killed before its data directory is removed.
struct Cluster {
    daemon: DaemonProcess,
    _data: TempDir,
    work: TempDir,
}

impl Cluster {
    /// A never activated cluster, as the README's quick start gives.
    fn fresh() -> Self {
        let data = short_tempdir("chsm-readme-");
        Self {
            daemon: DaemonProcess::start(data.path()),
            _data: data,
            work: short_tempdir("chsm-readme-work-"),
        }
    }

    /// "A freshly activated cluster in which the officer created two crypto users with
    /// CMU": alice (user ID 3) and bob (user ID 4), created on every HSM.
    fn with_alice_and_bob() -> Self {
        assert_prose_says(
            KEYS,
            "a freshly activated cluster in which the officer created two crypto users with \
             CMU: `alice` (user ID 3, password `Alice#Pass1`) and `bob` (user ID 4, password \
             `Bob#Pass12`)",
        );
        let cluster = Self::fresh();
        create_crypto_users(cluster.socket(), &CRYPTO_USERS);
        cluster.assert_user_ids();
        cluster
    }

    /// alice and bob got the user IDs the README gives them, on every HSM.
    fn assert_user_ids(&self) {
        let t = Transcript::parse(&self.cmu("listUsers\nquit\n"));
        let expected = list_users_same(&[
            (1, "CO", "admin", 0),
            (2, "AU", "app_user", 0),
            (3, "CU", "alice", 0),
            (4, "CU", "bob", 0),
        ]);
        t.assert_output("listUsers", 0, &expected);
    }

    /// Activates the cluster the way "A first session" does: its input up to the answer
    /// to its `changePswd`, so that the heredoc example is checked against the password
    /// the README really gave `admin`.
    fn activate(&self) {
        let input = cmu_input(&block(FIRST_SESSION, "aws-cloudhsm>"));
        let typed: Vec<&str> = input.lines().collect();
        let change = typed
            .iter()
            .position(|l| l.starts_with("changePswd "))
            .expect("`## A first session` activates the cluster with changePswd");
        let script = format!("{}\nquit\n", typed[..=change + 1].join("\n"));
        let t = Transcript::parse(&self.cmu(&script));
        assert_succeeded_everywhere(&t, typed[change]);
    }

    fn socket(&self) -> &Path {
        self.daemon.socket()
    }

    fn work(&self) -> &Path {
        self.work.path()
    }

    /// CMU with `input` piped in (echoed); asserts a zero exit status.
    fn cmu(&self, input: &str) -> String {
        cmu(self.socket(), input)
    }

    /// KMU in the working directory with `input` piped in (echoed); asserts a zero exit
    /// status.
    fn kmu(&self, input: &str) -> String {
        kmu_in(self.work(), self.socket(), input)
    }
}

/// Asserts that every server reported `<command name> success` for `command`.
fn assert_succeeded_everywhere(t: &Transcript, command: &str) {
    let name = command.split_whitespace().next().unwrap_or_default();
    let output = t.output(command, 0);
    for server in SERVERS {
        let success = format!("{name} success on server {server}");
        assert!(
            output.contains(&success),
            "`{command}` did not print {success:?}; transcript:\n{}",
            t.text
        );
    }
}

// ---------------------------------------------------------------------------------------
// Shell blocks

/// A `$ command` line of a shell block and the lines the block shows after it.
struct ShellStep {
    command: Line,
    output: Vec<Line>,
}

/// `block` cut at each `$ ` line; lines before the first one are not allowed.
fn shell_steps(block: &[Line]) -> Vec<ShellStep> {
    let mut steps: Vec<ShellStep> = Vec::new();
    for line in block {
        if let Some(command) = line.text.strip_prefix("$ ") {
            steps.push(ShellStep {
                command: Line {
                    number: line.number,
                    text: command.to_owned(),
                },
                output: Vec::new(),
            });
        } else {
            let step = steps.last_mut().unwrap_or_else(|| {
                panic!(
                    "README.md:{}: shell block output before any `$ ` line",
                    line.number
                )
            });
            step.output.push(line.clone());
        }
    }
    steps
}

/// Runs every step of a README shell block in the cluster's working directory.
fn run_shell_block(cluster: &Cluster, block: &[Line]) {
    for step in shell_steps(block) {
        run_shell_step(cluster, &step);
    }
}

/// Runs one `$ ` command the way the README means it: `echo "..." > file`, the KMU
/// binary with the session the block shows, or `openssl`. Anything else is refused, so a
/// new kind of step cannot pass unchecked.
fn run_shell_step(cluster: &Cluster, step: &ShellStep) {
    let command = step.command.text.as_str();
    let what = format!("`{command}` (README.md:{})", step.command.number);
    if command == KMU_COMMAND {
        let output = cluster.kmu(&kmu_input(&step.output));
        assert_in_order(&what, &step.output, &output);
    } else if let Some(args) = command.strip_prefix("openssl ") {
        let args: Vec<&str> = args.split_whitespace().collect();
        let out = openssl(cluster.work(), &args);
        assert!(out.status.success(), "{what} failed: {out:?}");
        assert_in_order(&what, &step.output, &String::from_utf8_lossy(&out.stdout));
    } else if let Some(echo) = command.strip_prefix("echo ") {
        write_echo(cluster.work(), echo, &what);
        assert!(
            step.output.is_empty(),
            "{what} shows output; echo to a file has none"
        );
    } else {
        panic!("{what}: readme.rs does not know how to run this step; teach run_shell_step");
    }
}

/// `echo "TEXT" > FILE` in `dir`: FILE holds TEXT and a newline.
fn write_echo(dir: &Path, echo: &str, what: &str) {
    let (text, file) = echo
        .strip_prefix('"')
        .and_then(|rest| rest.split_once("\" > "))
        .unwrap_or_else(|| panic!("{what}: only `echo \"TEXT\" > FILE` is understood"));
    fs::write(dir.join(file), format!("{text}\n")).expect("write the echoed file");
}

// ---------------------------------------------------------------------------------------
// The walkthroughs

#[test]
fn first_session_runs_as_shown() {
    let block = block(FIRST_SESSION, "aws-cloudhsm>");
    let cluster = Cluster::fresh();
    let output = cluster.cmu(&cmu_input(&block));
    assert_in_order("cloudhsm_mgmt_util (`## A first session`)", &block, &output);
}

#[test]
fn heredoc_script_example_succeeds() {
    let script = heredoc_body(&block(FIRST_SESSION, HEREDOC_START));
    let cluster = Cluster::fresh();
    cluster.activate();
    let t = Transcript::parse(&cluster.cmu(&script));
    let commands = script
        .lines()
        .filter(|l| l.starts_with("loginHSM") || l.starts_with("createUser"));
    for command in commands {
        assert_succeeded_everywhere(&t, command);
    }
}

#[test]
fn key_mgmt_util_walkthrough_and_openssl_check() {
    let cluster = Cluster::with_alice_and_bob();
    run_shell_block(&cluster, &block(KEYS, &format!("$ {KMU_COMMAND}")));
    run_shell_block(&cluster, &block(KEYS, "$ openssl"));
}

#[test]
fn share_key_paragraph() {
    let cluster = Cluster::with_alice_and_bob();
    run_shell_block(&cluster, &block(KEYS, &format!("$ {KMU_COMMAND}")));
    alice_shares_key_10_with_bob(&cluster);
    bob_signs_with_key_10_but_cannot_delete_or_export_it(&cluster);
}

/// "Alice shares the private key with bob in CMU (`shareKey <handle> <user id> 1`, then
/// `y`); `getKeyInfo 10` then shows `also, shared to following 1 user(s):` / `4` on every
/// server."
fn alice_shares_key_10_with_bob(cluster: &Cluster) {
    assert_prose_says(
        KEYS,
        "Alice shares the private key with bob in CMU (`shareKey <handle> <user id> 1`, then \
         `y`); `getKeyInfo 10` then shows `also, shared to following 1 user(s):` / `4` on \
         every server.",
    );
    let t = Transcript::parse(&cluster.cmu(
        "loginHSM CU alice Alice#Pass1\nshareKey 10 4 1\ny\ngetKeyInfo 10\nlogoutHSM\nquit\n",
    ));
    t.assert_output("shareKey 10 4 1", 0, &critical_ok("shareKey"));
    t.assert_output("getKeyInfo 10", 0, &key_10_shared_with_bob());
}

/// The exact `getKeyInfo 10` output (docs/cmu.md §3.18): owned by alice (3), shared with
/// bob (4), on every server.
fn key_10_shared_with_bob() -> Vec<String> {
    let mut out = vec![String::new()];
    for server in SERVERS {
        out.extend([
            format!("Key Info on server {server}:"),
            String::new(),
            "        Token/Flash Key,".to_owned(),
            String::new(),
            "        Owned by user 3".to_owned(),
            String::new(),
            "        also, shared to following 1 user(s):".to_owned(),
            String::new(),
            "                 4".to_owned(),
        ]);
    }
    out
}

/// "Bob can now sign with key 10, but not delete or export it", and the `deleteKey -k 10`
/// block after it, exactly.
fn bob_signs_with_key_10_but_cannot_delete_or_export_it(cluster: &Cluster) {
    assert_prose_says(
        KEYS,
        "Bob can now sign with key 10, but not delete or export it:",
    );
    let wrap = bob_signs_with_key_10(cluster);
    let delete = block(KEYS, "Command:  deleteKey");
    let export = format!("exportPrivateKey -k 10 -w {wrap} -out bob.pem");
    let output = cluster.kmu(&as_bob(&format!("{export}\n{}", kmu_input(&delete))));
    assert_in_order("bob's key_mgmt_util (`deleteKey -k 10`)", &delete, &output);
    let t = Transcript::parse_kmu(&output);
    assert_block_is_whole_step(&t, &delete);
    t.assert_output(&export, 0, &expect::export_private_failed(0xc6));
}

/// KMU input that logs in as bob, runs `commands` and exits.
fn as_bob(commands: &str) -> String {
    let (name, password) = CRYPTO_USERS[1];
    format!("loginHSM -u CU -s {name} -p {password}\n{commands}exit\n")
}

/// bob signs msg.txt with key 10 (OpenSSL verifies it with alice's exported public key)
/// and creates a wrapping key of his own; returns that key's handle.
fn bob_signs_with_key_10(cluster: &Cluster) -> u64 {
    let sign = "sign -f msg.txt -k 10 -m 17 -out bob.sig";
    let generate = "genSymKey -t 31 -s 32 -l bob_wrap";
    let t = Transcript::parse_kmu(&cluster.kmu(&as_bob(&format!("{sign}\n{generate}\n"))));
    t.assert_output(sign, 0, &expect::sign_ok("bob.sig"));
    verify_signature(
        cluster.work(),
        "ec256.pem",
        "sha256",
        &[],
        "bob.sig",
        "msg.txt",
    )
    .unwrap_or_else(|e| panic!("bob's signature with key 10: {e}"));
    key_handle(t.output(generate, 0))
}

/// The README's `Command:  ...` block is the step's whole output, not only a part of it.
fn assert_block_is_whole_step(t: &Transcript, block: &[Line]) {
    let command = kmu_input(block);
    assert_eq!(command.lines().count(), 1, "the block shows one command");
    let expected: Vec<&str> = block[1..].iter().map(|l| l.text.as_str()).collect();
    t.assert_output(command.trim_end(), 0, &expected);
}
