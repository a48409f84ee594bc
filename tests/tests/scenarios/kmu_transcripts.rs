//! Golden transcripts of `key_mgmt_util` (see `harness::kmu_golden` for the harness and
//! `harness::golden` for the comparison rules). One test per scenario; each has its own daemon.

use crate::harness::kmu_golden::Scenario;

#[test]
fn help_texts_and_client_side_commands() {
    Scenario::new().check("help", &[]);
}

#[test]
fn login_logout_and_users() {
    Scenario::new().check("login", &[]);
}

#[test]
fn key_generation() {
    Scenario::new().check("generate", &[]);
}

#[test]
fn find_share_and_delete() {
    Scenario::new().check("find_and_delete", &[]);
}

/// docs/kmu.md Appendix B, in the guide's (legacy) profile.
#[test]
fn appendix_b_sample_session() {
    Scenario::new().check("sample_session", &["--profile", "legacy"]);
}

#[test]
fn legacy_profile_outputs() {
    let s = Scenario::new();
    s.file("msg.txt", b"The quick brown fox jumps over the lazy dog\n");
    s.file(
        "other.txt",
        b"The quick brown fox jumps over the lazy cat\n",
    );
    s.file("aes.key", &[7u8; 32]);
    s.check("legacy", &["--profile", "legacy"]);
    // The guide's 19-attribute EC dump; the point as an RSA modulus would be: `0x`, then
    // lines of 80 characters (docs/kmu.md §2.16, docs/output-profiles.md §B.12).
    let text = |file: &str| String::from_utf8(s.read(file)).expect("text");
    let dump = text("ecattr");
    let lines: Vec<&str> = dump.lines().collect();
    assert_eq!(lines.len(), 19 * 2 + 1, "{dump}");
    assert_eq!(lines[lines.len() - 2], "OBJ_ATTR_MODULUS_BITS");
    assert!(!dump.contains("OBJ_ATTR_TRUSTED"));
    let point = format!("{}{}", lines[35], lines[36]);
    assert!(lines[35].len() == 80 && point.len() == 132 && point.starts_with("0x04"));
    assert_eq!(
        text("ecpoint"),
        format!("OBJ_ATTR_MODULUS\n{}\n{}\n", lines[35], lines[36])
    );
}

#[test]
fn key_commands_need_a_login() {
    let s = Scenario::new();
    s.file("msg.txt", b"data\n");
    s.check("not_logged_in", &[]);
    // A failed aesWrapUnwrap leaves an empty output file (docs/kmu.md §2.1).
    assert!(s.read("wrapped").is_empty());
}

#[test]
fn session_attached_to_node_one() {
    Scenario::new().check("node_one", &["--node", "1"]);
}
