//! The real `hsm-daemon` binary on temporary sockets: start-up, permissions, signals,
//! socket hygiene and the data directory (STYLE.md "Daemon" and "Tests").
//!
//! Every spawned process sits in a [`DaemonProcess`] guard that kills it on drop, so a
//! failing assertion never leaves a daemon behind. Readiness and exit are awaited by bounded
//! polling, never by fixed sleeps.

use crate::harness::{free_log, short_tempdir, DaemonProcess};
use hsm_client::{Client, ClientError};
use hsm_proto::{
    ClusterInfo, ErrorCode, HsmId, HsmOp, Request, Response, Secret, UserInfo, UserType,
};
use nix::sys::signal::Signal;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::Path;
use tempfile::TempDir;

/// A scratch directory under `/tmp`, short enough for socket paths (108 bytes).
fn scratch() -> TempDir {
    short_tempdir("hsmd-")
}

/// Spawns with the socket at `<dir>/hsm.sock`, data in `<dir>/data`, a fresh log in `<dir>`.
fn start_in(dir: &Path, extra: &[&str]) -> DaemonProcess {
    DaemonProcess::spawn(
        &dir.join("data"),
        Some(&dir.join("hsm.sock")),
        extra,
        &free_log(dir),
    )
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

fn clusters(client: &mut Client) -> Vec<ClusterInfo> {
    match client.call(&Request::ListClusters).expect("ListClusters") {
        Response::Clusters(c) => c,
        other => panic!("unexpected reply {other:?}"),
    }
}

fn hsm_ids(client: &mut Client) -> Vec<HsmId> {
    clusters(client)[0]
        .hsms
        .iter()
        .map(|h| h.hsm_id.clone())
        .collect()
}

fn users(client: &mut Client, hsm: &HsmId) -> Vec<UserInfo> {
    match client.hsm(hsm, HsmOp::ListUsers).expect("ListUsers") {
        Response::Users(u) => u,
        other => panic!("unexpected reply {other:?}"),
    }
}

/// Asserts a refused start: non-zero exit, `needle` in stderr.
fn assert_refused(daemon: &mut DaemonProcess, needle: &str) {
    let status = daemon.wait_exit();
    let stderr = daemon.stderr();
    assert!(
        !status.success(),
        "daemon should have failed; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(needle),
        "stderr lacks {needle:?}:\n{stderr}"
    );
}

#[test]
fn starts_serves_and_exits_cleanly_on_sigterm() {
    let dir = scratch();
    let socket_dir = dir.path().join("run");
    let socket = socket_dir.join("hsm.sock");
    let data = dir.path().join("data");
    let mut daemon = DaemonProcess::spawn(&data, Some(&socket), &[], &dir.path().join("d.log"));
    let mut client = daemon.connect();
    assert!(client.daemon_version().starts_with("cloudhsm-sim "));
    let c = clusters(&mut client);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].hsms.len(), 3, "default cluster size");

    let meta = fs::symlink_metadata(&socket).unwrap();
    assert!(meta.file_type().is_socket());
    assert_eq!(mode(&socket), 0o600, "socket mode");
    assert_eq!(mode(&socket_dir), 0o700, "socket directory mode");
    assert_eq!(mode(&data), 0o700, "data directory mode");

    // A connected client does not hold the shutdown up.
    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", daemon.stderr());
    assert!(!socket.exists(), "socket file left behind");
    assert!(matches!(
        client.call(&Request::ListClusters),
        Err(ClientError::Closed | ClientError::Io(_))
    ));
}

#[test]
fn sigint_also_exits_cleanly() {
    let dir = scratch();
    let mut daemon = start_in(dir.path(), &[]);
    daemon.connect();
    daemon.signal(Signal::SIGINT);
    assert_eq!(daemon.wait_exit().code(), Some(0));
    assert!(!daemon.socket().exists());
}

#[test]
fn the_default_socket_lives_in_the_data_directory() {
    let dir = scratch();
    let data = dir.path().join("state");
    let mut daemon = DaemonProcess::spawn(&data, None, &["--hsms", "1"], &dir.path().join("d.log"));
    let mut client = daemon.connect();
    assert_eq!(hsm_ids(&mut client).len(), 1);
    assert_eq!(daemon.socket(), data.join("hsm.sock"));
    assert_eq!(mode(daemon.socket()), 0o600);
    assert_eq!(mode(&data), 0o700);
}

#[test]
fn a_stale_socket_file_is_replaced() {
    let dir = scratch();
    let socket = dir.path().join("hsm.sock");
    drop(UnixListener::bind(&socket).unwrap());
    assert!(fs::symlink_metadata(&socket)
        .unwrap()
        .file_type()
        .is_socket());
    let mut daemon = start_in(dir.path(), &[]);
    let mut client = daemon.connect();
    assert_eq!(clusters(&mut client).len(), 1);
    assert_eq!(mode(&socket), 0o600);
}

#[test]
fn a_second_daemon_on_a_live_socket_exits_and_the_first_keeps_serving() {
    let dir = scratch();
    let mut first = start_in(dir.path(), &[]);
    let mut old_client = first.connect();
    let ids = hsm_ids(&mut old_client);

    // Same socket, same data directory.
    let mut second = start_in(dir.path(), &[]);
    assert_refused(&mut second, "already listening");
    // Same socket, another data directory.
    let mut third = DaemonProcess::spawn(
        &dir.path().join("other-data"),
        Some(first.socket()),
        &[],
        &dir.path().join("third.log"),
    );
    assert_refused(&mut third, "already listening");

    assert!(first.is_running(), "first daemon died");
    assert_eq!(hsm_ids(&mut old_client), ids);
    let mut new_client = first.connect();
    assert_eq!(hsm_ids(&mut new_client), ids);
}

#[test]
fn a_second_daemon_on_a_data_directory_in_use_exits_and_the_first_keeps_serving() {
    let dir = scratch();
    let mut first = start_in(dir.path(), &[]);
    let mut client = first.connect();
    let mut second = DaemonProcess::spawn(
        &dir.path().join("data"),
        Some(&dir.path().join("other.sock")),
        &[],
        &dir.path().join("second.log"),
    );
    assert_refused(&mut second, "another hsm-daemon");
    assert!(!dir.path().join("other.sock").exists());
    assert_eq!(clusters(&mut client).len(), 1);
}

#[test]
fn a_regular_file_at_the_socket_path_is_refused_and_kept() {
    let dir = scratch();
    let socket = dir.path().join("hsm.sock");
    fs::write(&socket, "precious").unwrap();
    let mut daemon = start_in(dir.path(), &[]);
    assert_refused(&mut daemon, "not a socket");
    assert_eq!(fs::read_to_string(&socket).unwrap(), "precious");
}

#[test]
fn a_socket_path_longer_than_107_bytes_is_refused() {
    let dir = scratch();
    let long = dir.path().join("d".repeat(120)).join("hsm.sock");
    let mut daemon = DaemonProcess::spawn(
        &dir.path().join("data"),
        Some(&long),
        &[],
        &dir.path().join("d.log"),
    );
    assert_refused(&mut daemon, "107");
}

#[test]
fn an_hsm_count_outside_1_to_28_is_rejected() {
    for bad in ["0", "29"] {
        let dir = scratch();
        let mut daemon = start_in(dir.path(), &["--hsms", bad]);
        assert_refused(&mut daemon, "--hsms");
        assert!(!dir.path().join("data").exists(), "--hsms {bad}");
    }
}

#[test]
fn the_hsm_count_only_applies_to_a_new_data_directory() {
    let dir = scratch();
    let mut daemon = start_in(dir.path(), &["--hsms", "5"]);
    let mut client = daemon.connect();
    let before = clusters(&mut client);
    assert_eq!(before[0].hsms.len(), 5);
    drop(client);
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));

    let mut again = start_in(dir.path(), &["--hsms", "2"]);
    let mut client = again.connect();
    assert_eq!(clusters(&mut client), before);
}

#[test]
fn acknowledged_changes_survive_sigkill() {
    let dir = scratch();
    let mut daemon = start_in(dir.path(), &["--hsms", "2"]);
    let mut client = daemon.connect();
    let ids = hsm_ids(&mut client);
    let login = HsmOp::Login {
        user_type: UserType::Preco,
        name: "admin".into(),
        password: Secret::new("password"),
    };
    client.hsm(&ids[0], login).unwrap();
    client
        .hsm(
            &ids[0],
            HsmOp::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("Admin_pw1"),
            },
        )
        .unwrap();
    client
        .hsm(
            &ids[0],
            HsmOp::CreateUser {
                user_type: UserType::Cu,
                name: "bob".into(),
                password: Secret::new("User_pw1"),
            },
        )
        .unwrap();
    let before = (users(&mut client, &ids[0]), users(&mut client, &ids[1]));
    daemon.signal(Signal::SIGKILL);
    daemon.wait_exit();
    // The killed daemon left its socket behind: the next one must replace it.
    assert!(daemon.socket().exists());

    let mut again = start_in(dir.path(), &[]);
    let mut client = again.connect();
    let after = (users(&mut client, &ids[0]), users(&mut client, &ids[1]));
    assert_eq!(after, before);
    assert_eq!(after.0[0].user_type, UserType::Co);
    assert_eq!(after.0[2].name, "bob");
    assert_eq!(after.1.len(), 2);
}

/// `hsm_daemon::cli` says it removes the socket at exit "only if it is still ours (not replaced by
/// a newer daemon)". A daemon whose socket file was removed and re-bound by another daemon
/// must not delete the newcomer's socket when it stops.
#[test]
fn sigterm_leaves_a_socket_that_another_daemon_now_owns() {
    let dir = scratch();
    let socket = dir.path().join("hsm.sock");
    let mut old = DaemonProcess::spawn(
        &dir.path().join("old-data"),
        Some(&socket),
        &[],
        &dir.path().join("old.log"),
    );
    old.connect();
    fs::remove_file(&socket).unwrap();
    let mut new = DaemonProcess::spawn(
        &dir.path().join("new-data"),
        Some(&socket),
        &[],
        &dir.path().join("new.log"),
    );
    new.connect();

    old.signal(Signal::SIGTERM);
    assert_eq!(old.wait_exit().code(), Some(0));
    assert!(new.is_running(), "the new daemon died");
    assert!(
        socket.exists(),
        "the old daemon removed the new daemon's socket"
    );
    let mut client = Client::connect(&socket, "scenarios").unwrap();
    assert_eq!(clusters(&mut client).len(), 1);
}

#[test]
fn model_settings_reach_the_core() {
    let dir = scratch();
    let mut daemon = start_in(
        dir.path(),
        &[
            "--hsms",
            "1",
            "--activated-admin-type",
            "PCO",
            "--lockout-threshold",
            "2",
        ],
    );
    let mut client = daemon.connect();
    let hsm = hsm_ids(&mut client).remove(0);
    let login = |name: &str, user_type, password: &str| HsmOp::Login {
        user_type,
        name: name.into(),
        password: Secret::new(password),
    };
    client
        .hsm(&hsm, login("admin", UserType::Preco, "password"))
        .unwrap();
    client
        .hsm(
            &hsm,
            HsmOp::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("Admin_pw1"),
            },
        )
        .unwrap();
    client
        .hsm(
            &hsm,
            HsmOp::CreateUser {
                user_type: UserType::Cu,
                name: "bob".into(),
                password: Secret::new("User_pw1"),
            },
        )
        .unwrap();
    assert_eq!(users(&mut client, &hsm)[0].user_type, UserType::Pco);

    let mut bob = daemon.connect();
    for _ in 0..2 {
        let err = bob.hsm(&hsm, login("bob", UserType::Cu, "Wrong_pw1"));
        assert!(matches!(
            err,
            Err(ClientError::Hsm(ErrorCode::LoginFailure))
        ));
    }
    let err = bob.hsm(&hsm, login("bob", UserType::Cu, "User_pw1"));
    assert!(matches!(
        err,
        Err(ClientError::Hsm(ErrorCode::LoginFailure))
    ));
    let bob_row = users(&mut client, &hsm)
        .into_iter()
        .find(|u| u.name == "bob")
        .unwrap();
    assert_eq!(bob_row.login_failure_count, 2);
}
