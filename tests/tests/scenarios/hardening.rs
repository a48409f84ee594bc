//! Issue 12's defects in the tools, each reproduced against the real binaries: oversized
//! input files, owner-only key files, input that is not UTF-8, and absurd arguments.

use crate::harness::kmu_golden::Scenario;
use crate::harness::tool::{run_bytes, socket_args};
use crate::harness::{run_cmu, TestDaemon, CMU, KMU};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

const LOGIN: &str = "loginHSM -u CU -s alice -p Password1\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Defect 2: every `-f` input is read with a 64 KB bound, /dev/zero included, and refused
/// with KMU's own warning; nothing reaches the daemon.
#[test]
fn input_files_over_64_kb_get_the_tools_warning_at_once() {
    let s = Scenario::new();
    s.file("big.bin", &vec![b'a'; 2 * 1024 * 1024]);
    s.file("edge.bin", &vec![b'a'; 65536]);
    let script = format!(
        "{LOGIN}sign -f /dev/zero -k 1 -m 1 -out sig\n\
         sign -f big.bin -k 1 -m 1 -out sig\n\
         importPubKey -l x -f big.bin\n\
         imSymKey -f big.bin -w 6 -t 31 -l x\n\
         aesWrapUnwrap -m 1 -f big.bin -w 6\n\
         importPrivateKey -l x -f big.bin -w 6\n\
         sign -f edge.bin -k 1 -m 1 -out sig\n\
         exit\n"
    );
    let started = Instant::now();
    let out = s.run(&[], &script);
    assert!(started.elapsed() < Duration::from_secs(20), "not prompt");
    let stdout = text(&out.stdout);
    let zero = "\n\t /dev/zero is larger than 65536 bytes.\n\
                \n\tWARNING: Failed to read from the file \"/dev/zero\".\n";
    assert!(stdout.contains(zero), "{stdout}");
    let big = "\n\t big.bin is larger than 65536 bytes.\n\
               \n\tWARNING: Failed to read from the file \"big.bin\".\n";
    assert_eq!(stdout.matches(big).count(), 4, "{stdout}");
    assert!(
        stdout.contains(
            "\n\t big.bin is larger than 65536 bytes.\nfailed to read private key from file\n\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("edge.bin is larger"), "{stdout}");
    assert!(!stdout.contains("LIQUIDSECURITY"), "{stdout}");
}

/// Defect 9: files holding key material are 0600 under umask 022; public ones stay 0644.
#[test]
fn exported_key_files_are_owner_only() {
    let s = Scenario::new();
    let socket = s.daemon.socket();
    let mut args = vec![
        std::ffi::OsStr::new("-c"),
        std::ffi::OsStr::new("umask 022 && exec \"$0\" \"$@\""),
        std::ffi::OsStr::new(KMU),
    ];
    args.extend(socket_args(&socket, &[]));
    let script = format!(
        "{LOGIN}genSymKey -t 31 -s 16 -sess -l wrapper\n\
         genSymKey -t 31 -s 16 -l plain\n\
         exSymKey -k 7 -w 6 -out sym.key\n\
         genECCKeyPair -i 2 -l ec\n\
         exportPrivateKey -k 9 -w 6 -out ec.pem\n\
         exportPubKey -k 8 -out ec.pub\n\
         wrapKey -k 7 -w 6 -m 4 -out wrapped.bin\n\
         exit\n"
    );
    let out = run_bytes("/bin/sh", &args, Some(s.work.path()), script.as_bytes());
    let mode = |name: &str| {
        let meta = std::fs::metadata(s.work.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", text(&out.stdout)));
        meta.permissions().mode() & 0o777
    };
    for secret in ["sym.key", "ec.pem", "wrapped.bin"] {
        assert_eq!(mode(secret), 0o600, "{secret}");
    }
    assert_eq!(mode("ec.pub"), 0o644);
}

/// Defect 5: a line that is not UTF-8 is reported with its number and skipped; the rest
/// runs, and the exit status says a line was rejected.
#[test]
fn lines_that_are_not_utf8_are_skipped_and_reported() {
    let daemon = TestDaemon::start(1);
    let socket = daemon.socket();
    let cmu_input = b"info server 0\n\xff\xfe\nbogus\nquit\n";
    let out = run_bytes(CMU, &socket_args(&socket, &[]), None, cmu_input);
    assert_eq!(
        text(&out.stderr),
        "cloudhsm_mgmt_util: line 2: not valid UTF-8, skipped\n"
    );
    assert!(text(&out.stdout).contains("aws-cloudhsm>bogus\nInvalid command: bogus\n"));
    assert!(!out.status.success());

    let kmu_input = b"listUsers\n\xc3\nexit\n";
    let out = run_bytes(KMU, &socket_args(&socket, &[]), None, kmu_input);
    assert_eq!(
        text(&out.stderr),
        "key_mgmt_util: line 2: not valid UTF-8, skipped\n"
    );
    assert!(text(&out.stdout).contains("Command:  exit\n"));
    assert!(!out.status.success());

    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("s.txt"), b"# one\n\xff\nlistUsers\n").expect("script");
    let out = run_bytes(
        KMU,
        &socket_args(&socket, &["scriptfile", "s.txt"]),
        Some(dir.path()),
        b"",
    );
    assert_eq!(
        text(&out.stderr),
        "key_mgmt_util: line 2: not valid UTF-8, skipped\n"
    );
    assert!(text(&out.stdout).contains("Command String: listUsers \n"));
    assert!(!out.status.success());

    // Clean input still exits 0.
    let out = run_bytes(KMU, &socket_args(&socket, &[]), None, b"exit\n");
    assert!(out.status.success());
}

/// Defect 8, CMU: a password of any size gets CMU's argument error, not a socket error.
#[test]
fn cmu_refuses_an_absurd_password_as_an_argument() {
    let daemon = TestDaemon::start(1);
    let socket = daemon.socket();
    let script = format!("loginHSM CO admin {}\nquit\n", "p".repeat(2_000_000));
    let out = run_cmu(&socket_args(&socket, &[]), &script);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "\nInvalid arguments\nSyntax: loginHSM <user-type> <user-name> \
             <password |-hpswd> [-2fa </path/to/authdata>]\n"
        ),
        "{}",
        &stdout[stdout.len().saturating_sub(400)..]
    );
    assert!(!stdout.contains("unavailable"));
}

/// Defect 8, KMU: bad numbers and long labels get KMU's own argument errors.
#[test]
fn kmu_refuses_absurd_arguments() {
    let s = Scenario::new();
    let script = format!(
        "{LOGIN}genSymKey -t 31 -s 16 -l x -timeout -1\n\
         deleteKey -k 18446744073709551616\n\
         genSymKey -t 31 -s 16 -l x -min_srv 0\n\
         genSymKey -t 31 -s 16 -l x -min_srv 4294967297\n\
         genSymKey -t 31 -s 16 -l x -m_value 4294967297\n\
         genSymKey -t 31 -s 16 -l {}\n\
         findKey\n\
         exit\n",
        "l".repeat(1300)
    );
    let out = s.run(&[], &script);
    let stdout = text(&out.stdout);
    let step = |command: &str| -> String {
        let start = stdout
            .find(&format!("Command:  {command}"))
            .unwrap_or_else(|| panic!("{command} not run:\n{stdout}"));
        let rest = &stdout[start + 10..];
        rest[..rest.find("Command:  ").unwrap_or(rest.len())].to_owned()
    };
    let timeout = step("genSymKey -t 31 -s 16 -l x -timeout -1");
    assert!(timeout.contains("\n\tError: Timeout (-timeout) must be a number of seconds.\n"));
    assert!(!timeout.contains("Minimum servers"), "{timeout}");
    let delete = step("deleteKey -k 18446744073709551616");
    assert!(
        delete.contains("\n\tError: Key handle (-k) is missing.\n"),
        "{delete}"
    );
    assert!(!delete.contains("Operation failed"), "{delete}");
    for bad in ["-min_srv 0", "-min_srv 4294967297", "-m_value 4294967297"] {
        let out = step(&format!("genSymKey -t 31 -s 16 -l x {bad}"));
        assert!(out.contains("\nSyntax: genSymKey"), "{bad}: {out}");
        assert!(!out.contains("Key Created"), "{bad}: {out}");
    }
    let label = step("genSymKey -t 31 -s 16 -l llll");
    assert!(
        label.contains("\n\tError: Key label (-l) is too long.\n"),
        "{label}"
    );
    assert!(!label.contains("Key Created"), "{label}");
    assert!(step("findKey").contains("Total number of keys present: 0"));
}
