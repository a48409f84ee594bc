//! Many sessions at once against one daemon: 50 client connections logging in, listing
//! and logging out concurrently (several sessions per user), a burst of wrong passwords
//! racing against the lockout counter, and a few CMU processes side by side.

use crate::harness::{
    cmu, hsm_ids, info_line, list_users, Row, TestDaemon, Transcript, ACTIVATE, INFO_HEADER,
    SERVERS,
};
use hsm_client::{Client, ClientError};
use hsm_proto::{ErrorCode, HsmId, HsmOp, LoginInfo, Response, Secret, UserId, UserInfo, UserType};
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;

const SESSIONS: usize = 50;
const USERS: usize = 10;
const WRONG_LOGINS: usize = 8;
const VICTIM: &str = "victim";

fn cu_name(k: usize) -> String {
    format!("cu{k:02}")
}

fn cu_password(k: usize) -> String {
    format!("cupass{k:02}")
}

fn info(id: u32, user_type: UserType, name: &str) -> UserInfo {
    UserInfo {
        id: UserId(id),
        user_type,
        name: name.to_owned(),
        mofn_pub_key: false,
        login_failure_count: 0,
        two_factor: false,
    }
}

/// The users every HSM holds after set-up; the victim's failure count is left out of
/// comparisons made while wrong passwords are still arriving.
fn expected_users() -> Vec<UserInfo> {
    let mut users = vec![
        info(1, UserType::Co, "admin"),
        info(2, UserType::Au, "app_user"),
    ];
    let mut next_id = 3;
    for k in 0..USERS {
        users.push(info(next_id, UserType::Cu, &cu_name(k)));
        next_id += 1;
    }
    users.push(info(next_id, UserType::Cu, VICTIM));
    users
}

fn login(user_type: UserType, name: &str, password: &str) -> HsmOp {
    HsmOp::Login {
        user_type,
        name: name.to_owned(),
        password: Secret::new(password),
    }
}

fn login_state(client: &mut Client, hsm: &HsmId) -> Result<Option<LoginInfo>, String> {
    match client.hsm(hsm, HsmOp::LoginState) {
        Ok(Response::LoginState(l)) => Ok(l),
        other => Err(format!("LoginState on {hsm}: {other:?}")),
    }
}

/// One session's first half: connect, log in on one HSM, check every HSM's user list.
fn log_in_and_list(socket: &Path, hsms: &[HsmId], i: usize) -> Result<Client, String> {
    let (k, hsm) = (i % USERS, &hsms[i % hsms.len()]);
    let mut client = Client::connect(socket, "scenarios").map_err(|e| e.to_string())?;
    if login_state(&mut client, hsm)?.is_some() {
        return Err(format!("session {i} starts logged in"));
    }
    match client.hsm(hsm, login(UserType::Cu, &cu_name(k), &cu_password(k))) {
        Ok(Response::Done) => {}
        other => return Err(format!("session {i} login: {other:?}")),
    }
    let me = Some(LoginInfo {
        name: cu_name(k),
        user_type: UserType::Cu,
    });
    if login_state(&mut client, hsm)? != me {
        return Err(format!("session {i} is not logged in as {}", cu_name(k)));
    }
    let expected = expected_users();
    for h in hsms {
        let mut users = match client.hsm(h, HsmOp::ListUsers) {
            Ok(Response::Users(u)) => u,
            other => return Err(format!("session {i} listUsers on {h}: {other:?}")),
        };
        if let Some(v) = users.iter_mut().find(|u| u.name == VICTIM) {
            v.login_failure_count = 0;
        }
        if users != expected {
            return Err(format!("session {i} sees on {h}: {users:?}"));
        }
    }
    // Logged in on one HSM only.
    for h in hsms.iter().filter(|h| *h != hsm) {
        if login_state(&mut client, h)?.is_some() {
            return Err(format!("session {i} is logged in on {h} too"));
        }
    }
    Ok(client)
}

fn log_out(client: &mut Client, hsm: &HsmId, i: usize) -> Result<(), String> {
    match client.hsm(hsm, HsmOp::Logout) {
        Ok(Response::Done) => {}
        other => return Err(format!("session {i} logout: {other:?}")),
    }
    match login_state(client, hsm)? {
        None => Ok(()),
        Some(l) => Err(format!("session {i} still logged in as {l:?}")),
    }
}

#[test]
fn fifty_sessions_log_in_list_and_log_out_concurrently() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let mut setup = ACTIVATE.to_owned();
    for k in 0..USERS {
        setup += &format!("createUser CU {} {}\ny\n", cu_name(k), cu_password(k));
    }
    setup += &format!("createUser CU {VICTIM} victimpw1\ny\nquit\n");
    let out = cmu(&socket, &setup);
    assert_eq!(
        out.matches("createUser success on server").count(),
        3 * (USERS + 1),
        "{out}"
    );
    let hsms = Arc::new(hsm_ids(&socket));

    // Every session logs in, then all wait (so all 50 are logged in at once, two or
    // three sessions per user and HSM), the main thread checks, then all log out.
    let logged_in = Arc::new(Barrier::new(SESSIONS + 1));
    let checked = Arc::new(Barrier::new(SESSIONS + 1));
    let sessions: Vec<_> = (0..SESSIONS)
        .map(|i| {
            let (socket, hsms) = (socket.clone(), Arc::clone(&hsms));
            let (logged_in, checked) = (Arc::clone(&logged_in), Arc::clone(&checked));
            thread::spawn(move || -> Result<(), String> {
                // Barriers are always reached, so one failure cannot hang the others.
                let first = log_in_and_list(&socket, &hsms, i);
                logged_in.wait();
                checked.wait();
                let mut client = first?;
                log_out(&mut client, &hsms[i % hsms.len()], i)
            })
        })
        .collect();
    // Meanwhile, wrong passwords for one user on HSM 0 race against its lockout counter.
    let storm: Vec<_> = (0..WRONG_LOGINS)
        .map(|_| {
            let (socket, hsm) = (socket.clone(), hsms[0].clone());
            thread::spawn(move || {
                let mut c = Client::connect(&socket, "scenarios").expect("connect");
                c.hsm(&hsm, login(UserType::Cu, VICTIM, "wrongpass"))
                    .map(|_| ())
            })
        })
        .collect();

    logged_in.wait();
    // Every cu is logged in on every HSM by some session: an officer may neither delete
    // one nor change its password.
    let mut officer = Client::connect(&socket, "scenarios").expect("connect");
    let admin = login(UserType::Co, "admin", crate::harness::ADMIN_PASSWORD);
    assert_eq!(officer.hsm(&hsms[1], admin).expect("login"), Response::Done);
    let delete = || HsmOp::DeleteUser {
        user_type: UserType::Cu,
        name: cu_name(4),
    };
    let refused = officer.hsm(&hsms[1], delete());
    checked.wait();
    let results: Vec<_> = sessions
        .into_iter()
        .map(|s| s.join().expect("session thread"))
        .collect();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} sessions failed: {failures:#?}",
        failures.len()
    );
    assert!(
        matches!(refused, Err(ClientError::Hsm(ErrorCode::UserLoggedIn))),
        "deleting a logged-in user: {refused:?}"
    );

    for s in storm {
        let r = s.join().expect("storm thread");
        assert!(
            matches!(r, Err(ClientError::Hsm(ErrorCode::LoginFailure))),
            "wrong password: {r:?}"
        );
    }
    // Exactly the lockout threshold (5) is counted, no update lost, none beyond it; the
    // account is now locked on HSM 0 only.
    let users = match officer.hsm(&hsms[0], HsmOp::ListUsers).expect("list") {
        Response::Users(u) => u,
        other => panic!("{other:?}"),
    };
    let victim = users.iter().find(|u| u.name == VICTIM).expect("victim");
    assert_eq!(victim.login_failure_count, 5, "{users:?}");
    let mut c = Client::connect(&socket, "scenarios").expect("connect");
    let right = || login(UserType::Cu, VICTIM, "victimpw1");
    assert!(matches!(
        c.hsm(&hsms[0], right()),
        Err(ClientError::Hsm(ErrorCode::LoginFailure))
    ));
    assert_eq!(c.hsm(&hsms[1], right()).expect("login"), Response::Done);

    // All sessions logged out: the delete now goes through.
    assert_eq!(
        officer.hsm(&hsms[1], delete()).expect("delete"),
        Response::Done
    );
}

#[test]
fn concurrent_cmu_processes_each_get_their_own_session() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let mut setup = ACTIVATE.to_owned();
    for k in 0..3 {
        setup += &format!("createUser CU {} {}\ny\n", cu_name(k), cu_password(k));
    }
    cmu(&socket, &(setup + "quit\n"));
    let hsms = hsm_ids(&socket);

    let runs: Vec<_> = (0..4)
        .map(|p| {
            let socket = socket.clone();
            thread::spawn(move || {
                let k = p % 3;
                let script = format!(
                    "info server {k}\nloginHSM CU {} {}\ninfo server {k}\nlistUsers\nlogoutHSM\nquit\n",
                    cu_name(k),
                    cu_password(k)
                );
                (k, cmu(&socket, &script))
            })
        })
        .collect();
    let rows: [Row<'_>; 5] = [
        (1, "CO", "admin", 0),
        (2, "AU", "app_user", 0),
        (3, "CU", "cu00", 0),
        (4, "CU", "cu01", 0),
        (5, "CU", "cu02", 0),
    ];
    for run in runs {
        let (k, out) = run.join().expect("cmu thread");
        let t = Transcript::parse(&out);
        let name = cu_name(k);
        let info_cmd = format!("info server {k}");
        t.assert_output(
            &info_cmd,
            0,
            &[
                INFO_HEADER,
                &info_line(k, hsms[k].as_str(), "Not logged in"),
            ],
        );
        t.assert_output(
            &info_cmd,
            1,
            &[
                INFO_HEADER,
                &info_line(k, hsms[k].as_str(), &format!("Logged in as '{name}(CU)'")),
            ],
        );
        t.assert_output(
            &format!("loginHSM CU {name} {}", cu_password(k)),
            0,
            &SERVERS.map(|s| format!("loginHSM success on server {s}")),
        );
        t.assert_output(
            "listUsers",
            0,
            &list_users(&SERVERS.map(|s| (s, &rows[..]))),
        );
        t.assert_output(
            "logoutHSM",
            0,
            &SERVERS.map(|s| format!("logoutHSM success on server {s}")),
        );
    }
}
