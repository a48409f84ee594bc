//! Desynchronised HSMs: each HSM keeps its own users, so server mode and the recovery
//! answers (Retry, Ignore, Abort, rollBack) leave visible differences between servers
//! (docs/cmu.md §1.5, §1.10, §3.2, §3.3, §3.11, §3.16; docs/cluster.md §3.2, §3.7).

use crate::harness::{
    caution, cmu, hsm_ids, list_users, CmuSession, Row, TestDaemon, Transcript, ACTIVATE, PROMPT,
    SERVERS,
};
use hsm_client::Client;
use hsm_proto::{HsmOp, Response, Secret, UserType};

const ADMIN: Row<'static> = (1, "CO", "admin", 0);
const APP_USER: Row<'static> = (2, "AU", "app_user", 0);

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// deleteUser's output after `y`: the CAUTION banner, then `v` (docs/cmu.md §3.3).
fn confirmed(v: &[&str]) -> Vec<String> {
    let mut out = caution("y");
    out.extend(lines(v));
    out
}

/// `command`'s echo, the CAUTION banner and the unanswered `(y/n)` prompt, as a live
/// session reads them.
fn asks_to_confirm(command: &str) -> Vec<String> {
    let mut out = vec![command.to_owned()];
    out.extend(caution(""));
    out
}

#[test]
fn create_user_on_a_drifted_server_fails_and_retry_ignore_abort_behave() {
    let daemon = TestDaemon::start(3);
    let script = format!(
        "{ACTIVATE}\
         server 1\ncreateUser CU carol carolpw1\ny\nexit\n\
         listUsers\n\
         createUser CU carol carolpw2\ny\nR\nI\n\
         listUsers\n\
         server 0\ncreateUser CU dave davepw01\ny\nexit\n\
         createUser CU dave davepw01\ny\nA\n\
         listUsers\n\
         logoutHSM\n\
         loginHSM CU carol carolpw2\n\
         logoutHSM\n\
         listUsers\n\
         quit\n"
    );
    let t = Transcript::parse(&cmu(&daemon.socket(), &script));

    // Server mode: one node only, and the prompt says which.
    assert!(
        t.commands()
            .contains(&"server1>createUser CU carol carolpw1".to_owned()),
        "{}",
        t.text
    );
    let mut expected = caution("y");
    expected.extend(lines(&[
        "Creating User carol(CU) on 1 nodes",
        "createUser success on server 1(10.0.2.10)",
    ]));
    t.assert_output("createUser CU carol carolpw1", 0, &expected);

    // Only server 1 has carol.
    let carol: Row<'_> = (3, "CU", "carol", 0);
    t.assert_output(
        "listUsers",
        0,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER]),
            (SERVERS[1], &[ADMIN, APP_USER, carol]),
            (SERVERS[2], &[ADMIN, APP_USER]),
        ]),
    );
    let counts: Vec<&String> = t
        .output("listUsers", 0)
        .iter()
        .filter(|l| l.starts_with("Number of users found:"))
        .collect();
    assert_eq!(
        counts,
        [
            "Number of users found:2",
            "Number of users found:3",
            "Number of users found:2"
        ]
    );

    // The global createUser fails on the drifted server; R repeats the same lines, I
    // moves on to server 2.
    let mut expected = caution("y");
    expected.extend(lines(&[
        "Creating User carol(CU) on 3 nodes",
        "createUser success on server 0(10.0.1.10)",
        "createUser failed: HSM Error: This user is already created",
        "creating user on server 1(10.0.2.10) failed",
        "",
        "Retry/Ignore/Abort?(R/I/A):R",
        "createUser failed: HSM Error: This user is already created",
        "creating user on server 1(10.0.2.10) failed",
        "",
        "Retry/Ignore/Abort?(R/I/A):I",
        "createUser success on server 2(10.0.3.10)",
    ]));
    t.assert_output("createUser CU carol carolpw2", 0, &expected);
    let everywhere = [ADMIN, APP_USER, carol];
    t.assert_output(
        "listUsers",
        1,
        &list_users(&SERVERS.map(|s| (s, &everywhere[..]))),
    );

    // A: stop at the first failure; servers 1 and 2 are never asked.
    let mut expected = caution("y");
    expected.extend(lines(&[
        "Creating User dave(CU) on 3 nodes",
        "createUser failed: HSM Error: This user is already created",
        "creating user on server 0(10.0.1.10) failed",
        "",
        "Retry/Ignore/Abort?(R/I/A):A",
    ]));
    t.assert_output("createUser CU dave davepw01", 1, &expected);
    let dave: Row<'_> = (4, "CU", "dave", 0);
    t.assert_output(
        "listUsers",
        2,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER, carol, dave]),
            (SERVERS[1], &[ADMIN, APP_USER, carol]),
            (SERVERS[2], &[ADMIN, APP_USER, carol]),
        ]),
    );

    // carol's password differs on server 1 (the ignored createUser kept carolpw1).
    t.assert_output(
        "loginHSM CU carol carolpw2",
        0,
        &lines(&[
            "loginHSM success on server 0(10.0.1.10)",
            "loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE",
            "loginHSM failed on server 1(10.0.2.10)",
            "loginHSM success on server 2(10.0.3.10)",
        ]),
    );
    t.assert_output(
        "logoutHSM",
        1,
        &lines(&[
            "logoutHSM success on server 0(10.0.1.10)",
            "logoutHSM failed: HSM Error: RET_USER_NOT_LOGGED_IN",
            "logoutHSM failed on server 1(10.0.2.10)",
            "logoutHSM success on server 2(10.0.3.10)",
        ]),
    );
    // The failure is counted on server 1 only.
    t.assert_output(
        "listUsers",
        3,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER, carol, dave]),
            (SERVERS[1], &[ADMIN, APP_USER, (3, "CU", "carol", 1)]),
            (SERVERS[2], &[ADMIN, APP_USER, carol]),
        ]),
    );
}

#[test]
fn delete_user_rollback_restores_where_the_delete_succeeded() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let bob: Row<'_> = (3, "CU", "bob", 0);
    let erin: Row<'_> = (4, "CU", "erin", 0);

    // bob exists everywhere but on server 1; deleting it globally fails there.
    let script = format!(
        "{ACTIVATE}\
         createUser CU bob bobpass1\ny\n\
         createUser CU erin erinpass1\ny\n\
         server 1\ndeleteUser CU bob\ny\nexit\n\
         listUsers\n\
         deleteUser CU bob\ny\nB\n\
         listUsers\n\
         deleteUser CU bob\ny\nR\nI\n\
         listUsers\n\
         quit\n"
    );
    let t = Transcript::parse(&cmu(&socket, &script));
    t.assert_output(
        "deleteUser CU bob",
        0,
        &confirmed(&[
            "Deleting user bob(CU) on 1 nodes",
            "deleteUser success on server 1(10.0.2.10)",
        ]),
    );
    let drifted = list_users(&[
        (SERVERS[0], &[ADMIN, APP_USER, bob, erin]),
        (SERVERS[1], &[ADMIN, APP_USER, erin]),
        (SERVERS[2], &[ADMIN, APP_USER, bob, erin]),
    ]);
    t.assert_output("listUsers", 0, &drifted);

    // B after server 0 succeeded: bob comes back on server 0 with the same ID; server 2
    // was never touched.
    t.assert_output(
        "deleteUser CU bob",
        1,
        &confirmed(&[
            "Deleting user bob(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser failed: HSM Error: This user doesn't exist",
            "deleteUser failed on server 1(10.0.2.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):B",
        ]),
    );
    t.assert_output("listUsers", 1, &drifted);

    // R asks server 1 again; I goes on to server 2.
    t.assert_output(
        "deleteUser CU bob",
        2,
        &confirmed(&[
            "Deleting user bob(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser failed: HSM Error: This user doesn't exist",
            "deleteUser failed on server 1(10.0.2.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):R",
            "deleteUser failed: HSM Error: This user doesn't exist",
            "deleteUser failed on server 1(10.0.2.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):I",
            "deleteUser success on server 2(10.0.3.10)",
        ]),
    );
    let in_sync = [ADMIN, APP_USER, erin];
    t.assert_output(
        "listUsers",
        2,
        &list_users(&SERVERS.map(|s| (s, &in_sync[..]))),
    );

    // erin logged in on server 2 only, through another connection: deleting erin
    // succeeds on servers 0 and 1, fails on 2, and rollBack restores both.
    let hsms = hsm_ids(&socket);
    let mut other = Client::connect(&socket, "scenarios").expect("connect");
    let login = HsmOp::Login {
        user_type: UserType::Cu,
        name: "erin".to_owned(),
        password: Secret::new("erinpass1"),
    };
    assert_eq!(other.hsm(&hsms[2], login).expect("login"), Response::Done);

    let script = "loginHSM CO admin adminpw1\n\
                  deleteUser CU erin\ny\nB\n\
                  listUsers\n\
                  deleteUser CU erin\ny\nI\n\
                  listUsers\n\
                  quit\n";
    let t = Transcript::parse(&cmu(&socket, script));
    t.assert_output(
        "deleteUser CU erin",
        0,
        &confirmed(&[
            "Deleting user erin(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser success on server 1(10.0.2.10)",
            "deleteUser failed: HSM Error: RET_USER_LOGGED_IN",
            "deleteUser failed on server 2(10.0.3.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):B",
        ]),
    );
    t.assert_output(
        "listUsers",
        0,
        &list_users(&SERVERS.map(|s| (s, &in_sync[..]))),
    );
    // I instead: erin is gone from servers 0 and 1 and stays on server 2.
    t.assert_output(
        "deleteUser CU erin",
        1,
        &confirmed(&[
            "Deleting user erin(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser success on server 1(10.0.2.10)",
            "deleteUser failed: HSM Error: RET_USER_LOGGED_IN",
            "deleteUser failed on server 2(10.0.3.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):I",
        ]),
    );
    t.assert_output(
        "listUsers",
        1,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER]),
            (SERVERS[1], &[ADMIN, APP_USER]),
            (SERVERS[2], &[ADMIN, APP_USER, erin]),
        ]),
    );
    // The other connection's login was untouched throughout.
    match other.hsm(&hsms[2], HsmOp::LoginState).expect("state") {
        Response::LoginState(Some(l)) => {
            assert_eq!((l.name.as_str(), l.user_type), ("erin", UserType::Cu))
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn server_mode_sees_only_its_own_hsm() {
    let daemon = TestDaemon::start(3);
    let script = format!(
        "{ACTIVATE}server 2\ncreateUser CO officer2 officerpw\ny\nlistUsers\nexit\nlistUsers\nquit\n"
    );
    let t = Transcript::parse(&cmu(&daemon.socket(), &script));
    t.assert_output("server 2", 0, &lines(&["", "Server is in 'E2' mode..."]));
    let officer: Row<'_> = (3, "CO", "officer2", 0);
    // In server mode listUsers prints server 2's block only.
    t.assert_output(
        "listUsers",
        0,
        &list_users(&[(SERVERS[2], &[ADMIN, APP_USER, officer])]),
    );
    assert_eq!(t.steps[t.steps.len() - 4].prompt, "server2>", "{}", t.text);
    t.assert_output("exit", 0, &Vec::<String>::new());
    t.assert_output(
        "listUsers",
        1,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER]),
            (SERVERS[1], &[ADMIN, APP_USER]),
            (SERVERS[2], &[ADMIN, APP_USER, officer]),
        ]),
    );
}

/// Splits a chunk of live CMU output into lines (the last one is the prompt, unended).
fn chunk_lines(chunk: &str) -> Vec<&str> {
    chunk.split('\n').collect()
}

#[test]
fn retry_resends_and_a_rollback_that_cannot_restore_is_reported() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let setup =
        format!("{ACTIVATE}createUser CU erin erinpass1\ny\ncreateUser CU bob bobpass1\ny\nquit\n");
    cmu(&socket, &setup);
    let hsms = hsm_ids(&socket);
    let mut other = Client::connect(&socket, "scenarios").expect("connect");
    let erin = HsmOp::Login {
        user_type: UserType::Cu,
        name: "erin".to_owned(),
        password: Secret::new("erinpass1"),
    };
    assert_eq!(other.hsm(&hsms[1], erin).expect("login"), Response::Done);

    let mut s = CmuSession::start(&socket);
    s.read_until(PROMPT);
    s.send("loginHSM CO admin adminpw1");
    s.read_until(PROMPT);

    // erin is logged in on server 1: the delete stops there and asks.
    s.send("deleteUser CU erin");
    assert_eq!(
        chunk_lines(&s.read_until("Do you want to continue(y/n)?")),
        asks_to_confirm("deleteUser CU erin")
    );
    s.send("y");
    assert_eq!(
        chunk_lines(&s.read_until("Retry/rollBack/Ignore?(R/B/I):")),
        [
            "y",
            "Deleting user erin(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser failed: HSM Error: RET_USER_LOGGED_IN",
            "deleteUser failed on server 1(10.0.2.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):",
        ]
    );
    // While CMU waits, erin logs out; R sends the delete again and now it succeeds.
    assert_eq!(
        other.hsm(&hsms[1], HsmOp::Logout).expect("logout"),
        Response::Done
    );
    s.send("R");
    assert_eq!(
        chunk_lines(&s.read_until(PROMPT)),
        [
            "R",
            "deleteUser success on server 1(10.0.2.10)",
            "deleteUser success on server 2(10.0.3.10)",
            PROMPT,
        ]
    );

    // bob goes from server 1 first; the global delete then fails there.
    for (line, prompt) in [
        ("server 1", "server1>"),
        ("deleteUser CU bob", "(y/n)?"),
        ("y", "server1>"),
        ("exit", PROMPT),
    ] {
        s.send(line);
        s.read_until(prompt);
    }
    s.send("deleteUser CU bob");
    assert_eq!(
        chunk_lines(&s.read_until("Do you want to continue(y/n)?")),
        asks_to_confirm("deleteUser CU bob")
    );
    s.send("y");
    assert_eq!(
        chunk_lines(&s.read_until("Retry/rollBack/Ignore?(R/B/I):")),
        [
            "y",
            "Deleting user bob(CU) on 3 nodes",
            "deleteUser success on server 0(10.0.1.10)",
            "deleteUser failed: HSM Error: This user doesn't exist",
            "deleteUser failed on server 1(10.0.2.10)",
            "",
            "Retry/rollBack/Ignore?(R/B/I):",
        ]
    );
    // Meanwhile another officer creates a new bob on server 0, so rollBack cannot put
    // the old one back there.
    let admin = HsmOp::Login {
        user_type: UserType::Co,
        name: "admin".to_owned(),
        password: Secret::new(crate::harness::ADMIN_PASSWORD),
    };
    assert_eq!(other.hsm(&hsms[0], admin).expect("login"), Response::Done);
    let create = HsmOp::CreateUser {
        user_type: UserType::Cu,
        name: "bob".to_owned(),
        password: Secret::new("otherpw1"),
    };
    assert_eq!(other.hsm(&hsms[0], create).expect("create"), Response::Done);
    s.send("B");
    assert_eq!(
        chunk_lines(&s.read_until(PROMPT)),
        [
            "B",
            "deleteUser failed: HSM Error: This user is already created",
            "rollBack failed on server 0(10.0.1.10)",
            PROMPT,
        ]
    );
    s.send("quit");
    s.finish();

    // The same name now has a different ID on servers 0 and 2.
    let t = Transcript::parse(&cmu(&socket, "listUsers\nquit\n"));
    t.assert_output(
        "listUsers",
        0,
        &list_users(&[
            (SERVERS[0], &[ADMIN, APP_USER, (5, "CU", "bob", 0)]),
            (SERVERS[1], &[ADMIN, APP_USER]),
            (SERVERS[2], &[ADMIN, APP_USER, (4, "CU", "bob", 0)]),
        ]),
    );
}
