//! Both tools at a terminal, driven by `expect` through a pseudo-terminal: lines typed
//! ahead all run in order (answers and hidden passwords included), the terminal shows the
//! same bytes as a piped transcript with its input echoed and never an escape sequence,
//! and a person still has editing keys, history without passwords, completion, Ctrl-C and
//! Ctrl-D (docs/terminal.md).

use crate::harness::kmu::{create_crypto_users, kmu_with};
use crate::harness::pty::{expect_session, tcl, PtyRun};
use crate::harness::{cmu, TestDaemon, CMU, INFO_HEADER, KMU};
use std::fs;

const ESC: u8 = 0x1b;

/// The arguments that point a tool at `daemon`.
fn args(daemon: &TestDaemon) -> Vec<String> {
    vec![
        "--socket".into(),
        daemon.socket().display().to_string(),
        "--data-dir".into(),
        daemon.data_dir().display().to_string(),
        "--no-spawn".into(),
    ]
}

/// Sends all of `lines` in one write after the first `prompt`, and waits for the end.
fn typed_ahead(daemon: &TestDaemon, tool: &str, prompt: &str, lines: &str) -> PtyRun {
    let args = args(daemon);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let body = format!("step {{{prompt}}}\nsend -- \"{}\"", tcl(lines));
    expect_session(daemon.data_dir(), tool, &args, &body)
}

fn assert_no_escape(run: &PtyRun) {
    assert!(
        !run.raw.contains(&ESC),
        "the terminal was sent an escape sequence:\n{:?}",
        run.text
    );
}

/// CMU's whole session, every kind of answer included: a y/n confirmation right behind
/// its command, hidden passwords, server mode, R and I (and R and B) after a per-server
/// failure, then fifty commands and `quit`.
fn cmu_session() -> String {
    let mut s = String::from(
        "loginHSM PRECO admin password\n\
         changePswd PRECO admin adminpw1\ny\n\
         createUser CU bob -hpswd\nbobpass12\nbobpass12\ny\n\
         server 1\ncreateUser CU carol carolpw1\ny\nexit\n\
         createUser CU carol carolpw2\ny\nR\nI\n\
         server 1\ndeleteUser CU carol\ny\nexit\n\
         deleteUser CU carol\ny\nR\nB\n\
         listUsers\n",
    );
    for n in 0..50 {
        s.push_str(&format!("info server {}\n", n % 3));
    }
    s.push_str("quit\n");
    s
}

#[test]
fn cmu_runs_every_line_typed_ahead_and_shows_the_piped_transcript() {
    let script = cmu_session();
    let piped = cmu(&TestDaemon::start(3).socket(), &script);

    let daemon = TestDaemon::start(3);
    let run = typed_ahead(&daemon, CMU, "aws-cloudhsm>", &script);
    assert_no_escape(&run);
    assert_eq!(run.text, piped, "pty log differs from the piped transcript");
    // The transcript really holds every answer and command (not two empty runs).
    for needle in [
        "Do you want to continue(y/n)?y\nChanging password for admin(PRECO) on 3 nodes",
        "Enter password: \nRe-enter password: \n",
        "server1>createUser CU carol carolpw1",
        "Retry/Ignore/Abort?(R/I/A):R\n",
        "Retry/Ignore/Abort?(R/I/A):I\ncreateUser success on server 2(10.0.3.10)",
        "Retry/rollBack/Ignore?(R/B/I):R\n",
        "Retry/rollBack/Ignore?(R/B/I):B\n",
        "aws-cloudhsm>quit\ndisconnecting from servers, please wait...",
    ] {
        assert!(
            run.text.contains(needle),
            "{needle:?} missing:\n{}",
            run.text
        );
    }
    assert_eq!(run.text.matches("aws-cloudhsm>info server ").count(), 50);
    assert!(
        !run.text.contains("bobpass12"),
        "a hidden password was echoed"
    );
}

#[test]
fn kmu_runs_every_line_typed_ahead_and_shows_the_piped_transcript() {
    let mut script = String::from("loginHSM -u CU -s bob -hpswd\nbobpw123\n");
    script.push_str("genSymKey -t 31 -s 16 -l typed\n");
    for _ in 0..50 {
        script.push_str("findKey -l typed\n");
    }
    script.push_str("logoutHSM\nexit\n");

    let first = TestDaemon::start(3);
    create_crypto_users(&first.socket(), &[("bob", "bobpw123")]);
    let piped = kmu_with(&first.socket(), Some(first.data_dir()), &[], &script);

    let daemon = TestDaemon::start(3);
    create_crypto_users(&daemon.socket(), &[("bob", "bobpw123")]);
    let run = typed_ahead(&daemon, KMU, "Command:  ", &script);
    assert_no_escape(&run);
    assert_eq!(run.text, piped, "pty log differs from the piped transcript");
    assert_eq!(run.text.matches("Command:  findKey -l typed\n").count(), 50);
    assert!(run.text.contains("Command:  exit\n"), "{}", run.text);
    assert!(
        !run.text.contains("bobpw123"),
        "a hidden password was echoed"
    );
}

#[test]
fn a_command_and_quit_in_one_send_both_run() {
    let daemon = TestDaemon::start(3);
    let run = typed_ahead(&daemon, CMU, "aws-cloudhsm>", "info server 0\nquit\n");
    let info = format!("aws-cloudhsm>info server 0\n{INFO_HEADER}\n0       10.0.1.10");
    assert!(run.text.contains(&info), "{}", run.text);
    assert!(
        run.text
            .ends_with("aws-cloudhsm>quit\ndisconnecting from servers, please wait...\n"),
        "{}",
        run.text
    );
    assert_no_escape(&run);

    let run = typed_ahead(&daemon, KMU, "Command:  ", "listUsers\nexit\n");
    assert!(run.text.contains("Command:  listUsers\n"), "{}", run.text);
    assert!(run.text.ends_with("Command:  exit\n"), "{:?}", run.text);
    assert_no_escape(&run);
}

/// A person at the keyboard: history recall, completion, backspace, Ctrl-C and Ctrl-D,
/// and the terminal handed back as it was found.
#[test]
fn a_person_keeps_history_completion_and_the_control_keys() {
    let daemon = TestDaemon::start(3);
    let args = args(&daemon).join(" ");
    let shell = format!("{CMU} {args}; stty -a");
    let body = r#"step {aws-cloudhsm>}
send "info server 0\r"
step {Not logged in}
step {aws-cloudhsm>}
send "\x1b\[A\r"
step {Not logged in}
step {aws-cloudhsm>}
send "listU\t\r"
step {Number of users found:2}
step {aws-cloudhsm>}
send "LOGINHSM CO admin wrongpw1\r"
step {aws-cloudhsm>}
send "loginHSM PRECO admin password\r"
step {loginHSM success on server 2(10.0.3.10)}
step {aws-cloudhsm>}
send "bogus line\x03"
step {^C}
send "info serx\x7fver 1\r"
step {10.0.2.10}
step {aws-cloudhsm>}
send "\x04"
step {speed}"#;
    let run = expect_session(daemon.data_dir(), "/bin/sh", &["-c", &shell], body);
    let text = &run.text;
    assert_no_escape(&run);
    // Up arrow and Enter ran the previous command again.
    assert_eq!(
        text.matches("aws-cloudhsm>info server 0\n").count(),
        2,
        "{text}"
    );
    assert!(
        text.contains("aws-cloudhsm>listUsers \nUsers on server 0"),
        "{text}"
    );
    assert!(
        text.contains("aws-cloudhsm>bogus line^C\naws-cloudhsm>"),
        "{text}"
    );
    assert!(
        text.contains("aws-cloudhsm>info serx\x08 \x08ver 1\n"),
        "{text}"
    );
    assert!(!text.contains("Invalid command: bogus"), "{text}");
    // Ctrl-D ended CMU on a line of its own, and stty then found the terminal as it was.
    assert!(
        text.contains("aws-cloudhsm>\ndisconnecting from servers, please wait...\n"),
        "{text}"
    );
    let modes = text.rsplit("speed").next().unwrap_or_default();
    for mode in ["icanon", "echo", "isig"] {
        assert!(
            modes.split_whitespace().any(|word| word == mode),
            "{mode} is off after CMU:\n{modes}"
        );
    }

    let history = fs::read_to_string(daemon.data_dir().join("cloudhsm_mgmt_util.history"))
        .expect("history file");
    assert_eq!(
        history.lines().collect::<Vec<_>>(),
        ["info server 0", "listUsers ", "info server 1"],
        "{history}"
    );
    assert!(!history.contains("password") && !history.contains("wrongpw1"));
}
