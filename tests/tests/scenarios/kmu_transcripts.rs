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
