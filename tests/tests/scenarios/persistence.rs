//! The real `hsm-daemon` binary killed with SIGKILL and restarted on the same data
//! directory: every acknowledged change survives, per HSM (drift included), and logins
//! do not.

use crate::harness::{
    caution, cmu, hsm_ids, info_line, list_users, short_tempdir, CmuSession, DaemonProcess, Row,
    Transcript, ACTIVATE, INFO_HEADER, PROMPT, SERVERS,
};
use hsm_client::Client;
use hsm_proto::{HsmOp, Response, Secret, UserType};
use std::os::unix::fs::PermissionsExt;

const ADMIN: Row<'static> = (1, "CO", "admin", 0);
const APP_USER: Row<'static> = (2, "AU", "app_user", 0);

#[test]
fn users_survive_kill_9_and_logins_do_not() {
    let dir = short_tempdir("chsm-persist-");
    let daemon = DaemonProcess::start(dir.path());
    let socket = daemon.socket().to_owned();
    // The daemon keeps its directory and socket private.
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(dir.path()), 0o700);
    assert_eq!(mode(&socket), 0o600);

    // Officer and crypto user everywhere, a user on server 2 only, one failed login on
    // server 0 only.
    let setup = format!(
        "{ACTIVATE}\
         createUser CO officer1 officerpw1\ny\n\
         createUser CU alice alicepw01\ny\n\
         server 2\ncreateUser CU zed zedpass01\ny\nexit\n\
         logoutHSM\n\
         server 0\nloginHSM CU alice wrongpass\nexit\n\
         loginHSM CO officer1 officerpw1\n\
         listUsers\n\
         quit\n"
    );
    let t = Transcript::parse(&cmu(&socket, &setup));
    t.assert_output(
        "loginHSM CU alice wrongpass",
        0,
        &[
            "loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE",
            "loginHSM failed on server 0(10.0.1.10)",
        ],
    );
    let officer: Row<'_> = (3, "CO", "officer1", 0);
    let alice: Row<'_> = (4, "CU", "alice", 0);
    let expected = list_users(&[
        (
            SERVERS[0],
            &[ADMIN, APP_USER, officer, (4, "CU", "alice", 1)],
        ),
        (SERVERS[1], &[ADMIN, APP_USER, officer, alice]),
        (
            SERVERS[2],
            &[ADMIN, APP_USER, officer, alice, (5, "CU", "zed", 0)],
        ),
    ]);
    t.assert_output("listUsers", 0, &expected);

    // A session that stays logged in as officer1 on every HSM when the daemon dies.
    let hsms = hsm_ids(&socket);
    let mut held = Client::connect(&socket, "scenarios").expect("connect");
    for hsm in &hsms {
        let login = HsmOp::Login {
            user_type: UserType::Co,
            name: "officer1".to_owned(),
            password: Secret::new("officerpw1"),
        };
        assert_eq!(held.hsm(hsm, login).expect("login"), Response::Done);
    }
    let before = cmu(&socket, "listUsers\nquit\n");

    let old_pid = daemon.pid();
    daemon.kill9();
    // The connection died with the daemon.
    assert!(held.call(&hsm_proto::Request::ListClusters).is_err());
    assert!(
        socket.exists(),
        "SIGKILL leaves the socket file behind; the restart must cope with it"
    );

    let daemon = DaemonProcess::start(dir.path());
    assert_ne!(daemon.pid(), old_pid);
    let after = cmu(&socket, "listUsers\nquit\n");
    assert_eq!(before, after, "listUsers differs after SIGKILL and restart");
    Transcript::parse(&after).assert_output("listUsers", 0, &expected);

    // Logins did not survive: nobody is logged in, and officer1 is no longer "logged in
    // elsewhere", so it can be deleted. The per-HSM ID counters survived too: the next
    // user gets 5 on servers 0 and 1 but 6 on server 2, where zed took 5.
    let script = format!(
        "info server 0\n\
         loginHSM CO admin {}\n\
         info server 0\n\
         deleteUser CO officer1\ny\n\
         createUser CU bob bobpass01\ny\n\
         listUsers\n\
         quit\n",
        crate::harness::ADMIN_PASSWORD
    );
    let t = Transcript::parse(&cmu(&socket, &script));
    t.assert_output(
        "info server 0",
        0,
        &[
            INFO_HEADER,
            &info_line(0, hsms[0].as_str(), "Not logged in"),
        ],
    );
    t.assert_output(
        "info server 0",
        1,
        &[
            INFO_HEADER,
            &info_line(0, hsms[0].as_str(), "Logged in as 'admin(CO)'"),
        ],
    );
    t.assert_output(
        "deleteUser CO officer1",
        0,
        &[
            caution("y"),
            vec![
                "Deleting user officer1(CO) on 3 nodes".to_owned(),
                "deleteUser success on server 0(10.0.1.10)".to_owned(),
                "deleteUser success on server 1(10.0.2.10)".to_owned(),
                "deleteUser success on server 2(10.0.3.10)".to_owned(),
            ],
        ]
        .concat(),
    );
    t.assert_output(
        "listUsers",
        0,
        &list_users(&[
            (
                SERVERS[0],
                &[ADMIN, APP_USER, (4, "CU", "alice", 1), (5, "CU", "bob", 0)],
            ),
            (SERVERS[1], &[ADMIN, APP_USER, alice, (5, "CU", "bob", 0)]),
            (
                SERVERS[2],
                &[
                    ADMIN,
                    APP_USER,
                    alice,
                    (5, "CU", "zed", 0),
                    (6, "CU", "bob", 0),
                ],
            ),
        ]),
    );

    // A second kill and restart keeps the post-restart changes as well.
    let before = cmu(&socket, "listUsers\nquit\n");
    daemon.kill9();
    let daemon = DaemonProcess::start(dir.path());
    assert_eq!(before, cmu(daemon.socket(), "listUsers\nquit\n"));
}

#[test]
fn an_open_cmu_session_reports_unavailable_servers_once_the_daemon_dies() {
    let dir = short_tempdir("chsm-dies-");
    let daemon = DaemonProcess::start(dir.path());
    let mut s = CmuSession::start(daemon.socket());
    s.read_until(PROMPT);
    s.send("loginHSM PRECO admin password");
    assert_eq!(
        s.read_until(PROMPT).split('\n').collect::<Vec<_>>(),
        [
            "loginHSM PRECO admin password",
            "loginHSM success on server 0(10.0.1.10)",
            "loginHSM success on server 1(10.0.2.10)",
            "loginHSM success on server 2(10.0.3.10)",
            PROMPT,
        ]
    );
    daemon.kill9();

    // Every server is now unreachable; CMU says so per server and keeps going.
    s.send("listUsers");
    let mut expected = vec!["listUsers".to_owned()];
    for server in SERVERS {
        expected.push(
            "listUsers failed: HSM CLUSTER ERROR: Server in cluster is unavailable".to_owned(),
        );
        expected.push(format!("listUsers failed on server {server}"));
    }
    expected.push(PROMPT.to_owned());
    assert_eq!(
        s.read_until(PROMPT).split('\n').collect::<Vec<_>>(),
        expected
    );

    // A restarted daemon does not bring the old session back: nobody is logged in.
    let daemon = DaemonProcess::start(dir.path());
    s.send("quit");
    assert_eq!(
        s.finish(),
        "quit\ndisconnecting from servers, please wait...\n"
    );
    let hsms = hsm_ids(daemon.socket());
    let t = Transcript::parse(&cmu(daemon.socket(), "info server 1\nquit\n"));
    t.assert_output(
        "info server 1",
        0,
        &[
            INFO_HEADER,
            &info_line(1, hsms[1].as_str(), "Not logged in"),
        ],
    );
}

#[test]
fn sigterm_with_sessions_open_exits_cleanly_and_keeps_the_state() {
    let dir = short_tempdir("chsm-term-");
    let daemon = DaemonProcess::start(dir.path());
    let socket = daemon.socket().to_owned();
    cmu(
        &socket,
        &format!("{ACTIVATE}createUser CU kept kept0001\ny\nquit\n"),
    );
    // Open at the signal: a logged-in client, a CMU at its prompt, a half-sent frame.
    let hsms = hsm_ids(&socket);
    let mut client = Client::connect(&socket, "scenarios").expect("connect");
    let login = HsmOp::Login {
        user_type: UserType::Cu,
        name: "kept".to_owned(),
        password: Secret::new("kept0001"),
    };
    assert_eq!(client.hsm(&hsms[0], login).expect("login"), Response::Done);
    let mut s = CmuSession::start(&socket);
    s.read_until(PROMPT);
    let mut half = std::os::unix::net::UnixStream::connect(&socket).expect("connect");
    std::io::Write::write_all(&mut half, b"CHSM\x01").expect("write");

    let status = daemon.terminate();
    assert!(status.success(), "hsm-daemon exit on SIGTERM: {status}");
    assert!(!socket.exists(), "the socket is removed on a clean exit");
    assert!(client.call(&hsm_proto::Request::ListClusters).is_err());
    s.send("quit");
    s.finish();

    let daemon = DaemonProcess::start(dir.path());
    let rows: [Row<'_>; 3] = [ADMIN, APP_USER, (3, "CU", "kept", 0)];
    Transcript::parse(&cmu(daemon.socket(), "listUsers\nquit\n")).assert_output(
        "listUsers",
        0,
        &list_users(&SERVERS.map(|s| (s, &rows[..]))),
    );
}
