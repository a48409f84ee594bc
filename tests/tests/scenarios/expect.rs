//! CMU under a pseudo-terminal, driven by `expect` as operators' scripts drive the real
//! tool: line editing on, hidden `-hpswd` prompts read with echo off, and passwords kept
//! out of the history file.

use crate::harness::{hsm_ids, TestDaemon, CMU};
use hsm_client::Client;
use hsm_proto::{HsmOp, Response, Secret, UserType};
use std::fs;
use std::path::Path;
use std::process::Command;

const EXPECT: &str = "/usr/bin/expect";
const ADMIN_NEW: &str = "hiddenAdm1";
const BOB: &str = "hiddenBob1";

/// The session, as an expect script. Every `expect` fails the script on a timeout or on
/// a premature end of output (`expect_before` is set after `spawn`, so that it watches
/// CMU and not expect's own stdin).
fn script(cmu: &Path, socket: &Path, data_dir: &Path) -> String {
    format!(
        r#"set timeout 20
log_user 1
spawn {{{cmu}}} --socket {{{socket}}} --data-dir {{{data_dir}}} --no-spawn
expect_before {{
    timeout {{ puts stderr "\nexpect: timed out"; exit 1 }}
    eof {{ puts stderr "\nexpect: CMU ended early"; exit 2 }}
}}
proc step {{text}} {{ expect -exact $text }}

step "aws-cloudhsm>"
send "loginHSM PRECO admin password\r"
step "loginHSM success on server 2(10.0.3.10)"
step "aws-cloudhsm>"

send "changePswd PRECO admin -hpswd\r"
step "Enter new password: "
send "{ADMIN_NEW}\r"
step "Re-enter new password: "
send "{ADMIN_NEW}\r"
step "Do you want to continue(y/n)?"
send "y\r"
step "Changing password for admin(PRECO) on 3 nodes"
step "changePswd success on server 2(10.0.3.10)"
step "aws-cloudhsm>"

send "createUser CU bob -hpswd\r"
step "Enter password: "
send "{BOB}\r"
step "Re-enter password: "
send "{BOB}\r"
step "Do you want to continue(y/n)?"
send "y\r"
step "Creating User bob(CU) on 3 nodes"
step "createUser success on server 2(10.0.3.10)"
step "aws-cloudhsm>"

send "createUser CU carol -hpswd\r"
step "Enter password: "
send "carolpw12\r"
step "Re-enter password: "
send "carolpw21\r"
step "Passwords do not match"
step "aws-cloudhsm>"

send "listUsers\r"
step "Users on server 2(10.0.3.10):"
step "Number of users found:3"
step "aws-cloudhsm>"

send "logoutHSM\r"
step "logoutHSM success on server 2(10.0.3.10)"
step "aws-cloudhsm>"
send "loginHSM CU bob -hpswd\r"
step "Enter password: "
send "{BOB}\r"
step "loginHSM success on server 2(10.0.3.10)"
step "aws-cloudhsm>"

send "quit\r"
step "disconnecting from servers, please wait..."
expect_before
expect eof
catch wait result
exit [lindex $result 3]
"#,
        cmu = cmu.display(),
        socket = socket.display(),
        data_dir = data_dir.display(),
    )
}

#[test]
fn cmu_under_expect_with_hidden_passwords() {
    assert!(
        Path::new(EXPECT).exists(),
        "{EXPECT} is missing: this scenario needs the `expect` tool \
         (apt-get install expect; .ci/run installs it)"
    );
    let daemon = TestDaemon::start(3);
    let script_path = daemon.data_dir().join("session.exp");
    fs::write(
        &script_path,
        script(Path::new(CMU), &daemon.socket(), daemon.data_dir()),
    )
    .expect("write expect script");
    let out = Command::new(EXPECT)
        .arg("-f")
        .arg(&script_path)
        .env_remove("CLOUDHSM_SIM_PROFILE")
        .env_remove("CLOUDHSM_SIM_ECHO_INPUT")
        .output()
        .expect("run expect");
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "expect session failed ({}):\n--- pty transcript ---\n{transcript}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );

    // The hidden entries reached every HSM: the new admin password and bob's work.
    let socket = daemon.socket();
    for hsm in hsm_ids(&socket) {
        let mut c = Client::connect(&socket, "scenarios").expect("connect");
        for (user_type, name, password) in [
            (UserType::Co, "admin", ADMIN_NEW),
            (UserType::Cu, "bob", BOB),
        ] {
            let login = HsmOp::Login {
                user_type,
                name: name.to_owned(),
                password: Secret::new(password),
            };
            let reply = c.hsm(&hsm, login);
            assert!(
                matches!(reply, Ok(Response::Done)),
                "{name} on {hsm}: {reply:?}"
            );
            assert_eq!(c.hsm(&hsm, HsmOp::Logout).expect("logout"), Response::Done);
        }
    }

    // The history keeps the commands, never a line that could hold a password: not even
    // one with -hpswd, since the rule judges what a line could contain (issue 12).
    let history = fs::read_to_string(daemon.data_dir().join("cloudhsm_mgmt_util.history"))
        .expect("history file in the data directory");
    assert!(!history.contains("-hpswd"), "{history}");
    assert!(history.contains("listUsers"), "{history}");
    for secret in ["loginHSM PRECO admin password", ADMIN_NEW, BOB, "carolpw"] {
        assert!(
            !history.contains(secret),
            "history holds {secret:?}:\n{history}"
        );
    }
}
