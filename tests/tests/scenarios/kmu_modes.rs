//! `key_mgmt_util` run modes (docs/kmu.md §1.1): single command, script file, an unknown mode,
//! the start-up banner, and a client daemon that cannot be reached (docs/output-profiles.md
//! §B.8, §F row 22). Expected texts are written from the reference.

use crate::harness::kmu_golden::Scenario;
use crate::harness::KMU;
use std::process::Command;

const LOGIN_OK: &str = concat!(
    "\nCfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS\n",
    "\nCluster Status:\n",
    "Node id 0 status: 0x00000000 : HSM Return: SUCCESS\n",
    "Node id 1 status: 0x00000000 : HSM Return: SUCCESS\n",
    "Node id 2 status: 0x00000000 : HSM Return: SUCCESS\n",
);

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn single_command_with_login() {
    let s = Scenario::new();
    let args = "singlecmd loginHSM -u CU -s alice -p Password1 genSymKey -t 31 -s 32 -l aes";
    let words: Vec<&str> = args.split(' ').collect();
    let out = s.run(&words, "");
    assert!(out.status.success());
    let expected = [
        LOGIN_OK,
        // The command is echoed with each word between single spaces (docs/kmu.md §1.1).
        "Command: genSymKey  -t  31  -s  32  -l  aes \n",
        "\n\tCfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS\n",
        "\n\tSymmetric Key Created.  Key Handle: 6\n",
        "\n\tCluster Status:\n",
        "\tNode id 0 status: 0x00000000 : HSM Return: SUCCESS\n",
        "\tNode id 1 status: 0x00000000 : HSM Return: SUCCESS\n",
        "\tNode id 2 status: 0x00000000 : HSM Return: SUCCESS\n",
    ]
    .concat();
    assert_eq!(stdout(&out), expected);
}

#[test]
fn single_command_stops_after_a_failed_login() {
    let s = Scenario::new();
    let words = [
        "singlecmd",
        "loginHSM",
        "-u",
        "CU",
        "-s",
        "alice",
        "-p",
        "nope",
        "findKey",
    ];
    let out = s.run(&words, "");
    assert!(!out.status.success());
    assert_eq!(
        stdout(&out),
        "\n\tCfm3LoginHSM returned: 0x40000049 \n\n\tHSM Error: RET_USER_LOGIN_FAILURE\n"
    );
}

#[test]
fn single_command_without_login_and_session_keys_end_with_it() {
    let s = Scenario::new();
    let run = |args: &str| {
        let words: Vec<&str> = args.split(' ').collect();
        stdout(&s.run(&words, ""))
    };
    let out = run("singlecmd Error2String -r 0xe0");
    assert_eq!(out, "Command: Error2String  -r  0xe0 \n\n\tError Code e0 maps to HSM Error: User is not logged in\n");
    run("singlecmd loginHSM -u CU -s alice -p Password1 genSymKey -t 31 -s 16 -l s -sess");
    // The session key of the previous run is gone: its slot is free again.
    let out = run("singlecmd loginHSM -u CU -s alice -p Password1 findKey");
    assert!(out.ends_with("\tTotal number of keys present: 0\n\n\tCluster Status:\n\tNode id 0 status: 0x00000000 : HSM Return: SUCCESS\n\tNode id 1 status: 0x00000000 : HSM Return: SUCCESS\n\tNode id 2 status: 0x00000000 : HSM Return: SUCCESS\n\n\tCfm3FindKey returned: 0x00 : HSM Return: SUCCESS\n"), "{out}");
}

#[test]
fn script_file() {
    let s = Scenario::new();
    s.file(
        "script.txt",
        b"# a comment\nloginHSM -u CU -s alice -p Password1\nError2String -r 0xa8\nexit\nfindKey\n",
    );
    let out = s.run(&["scriptfile", "script.txt"], "");
    assert!(out.status.success());
    let expected = [
        "Comment: # a comment \n",
        "Command String: loginHSM -u CU -s alice -p Password1 \n",
        LOGIN_OK,
        "Command String: Error2String -r 0xa8 \n",
        "\n\tError Code a8 maps to HSM Error: Invalid object handle is passed to this operation\n",
        "Command String: exit \n",
    ]
    .concat();
    assert_eq!(stdout(&out), expected);
}

#[test]
fn unknown_mode_prints_the_usage() {
    let s = Scenario::new();
    let out = s.run(&["bogus"], "");
    assert!(!out.status.success());
    assert!(stdout(&out).starts_with("\n\tError: Unknown commandline arguments. \n"));
    assert!(stdout(&out).contains("\"key_mgmt_util singlecmd <command>\""));
}

#[test]
fn banner_then_prompt() {
    let s = Scenario::new();
    let out = stdout(&s.run(&["--banner"], "exit\n"));
    let start = concat!(
        "\n\tCfm3Initialize() returned app id : 01000000 \n",
        "\n\tsession_handle 1000000 \n",
        "\n\tCurrent FIPS mode is: 00000002\n",
        "\n\nHelp Commands Available:\n",
    );
    assert!(out.starts_with(start), "{out}");
    assert!(out.ends_with("in fake PEM format\n   IsValidKeyHandlefile   Checks if private key file has\n                          an HSM key handle or a real key\n   listAttributes         List all attributes for getAttributes\n   listECCCurveIds        List HSM supported ECC CurveIds\n\n\nCommand:  exit\n"), "{out}");
}

#[test]
fn daemon_down() {
    let dir = tempfile::tempdir().expect("temp dir");
    let socket = dir.path().join("nobody.sock");
    let run = |profile: &str| {
        Command::new(KMU)
            .arg("--socket")
            .arg(&socket)
            .args(["--no-spawn", "--profile", profile])
            .output()
            .expect("run key_mgmt_util")
    };
    let out = run("sdk3");
    assert!(!out.status.success());
    assert_eq!(
        stdout(&out),
        "\n\tCfm3GetPartitionInfo returned: 0x40000040 \n\n\tLIQUIDSECURITY: Daemon socket connection error\n"
    );
    let out = run("legacy");
    assert!(!out.status.success());
    assert_eq!(
        stdout(&out),
        "\n\tLIQUIDSECURITY: Daemon socket connection error\n"
    );
    let out = Command::new(KMU)
        .arg("--daemon-down")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(stdout(&out).ends_with("LIQUIDSECURITY: Daemon socket connection error\n"));
}
