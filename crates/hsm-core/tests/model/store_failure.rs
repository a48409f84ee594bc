//! A failed store commit changes nothing: the model commits a batch first and applies it in
//! memory only afterwards (STYLE.md "Storage"; hsm-core `store` module docs).
//!
//! `MemStore::fail_next_commit` cannot be reached once the store is boxed inside `Core`,
//! so the failure is injected through `common::SharedStore`, a `Store` that shares one
//! MemStore with the test.

use crate::common;
use hsm_proto::{ErrorCode, LoginInfo, UserId, UserInfo, UserType};

use common::{code, ok, SharedStore, Sim, ADMIN_PW, FACTORY_PW, USER_PW};
use hsm_core::{Command, Core, CoreConfig, HsmError, Reply, SessionId, Store};

struct Snapshot {
    users: Vec<Vec<UserInfo>>,
    stored: hsm_core::StoredState,
    logins: Vec<Option<LoginInfo>>,
}

fn snapshot(sim: &mut Sim, sessions: &[SessionId]) -> Snapshot {
    let mut logins = Vec::new();
    for &sid in sessions {
        for i in 0..sim.hsms.len() {
            logins.push(sim.login_state(sid, i));
        }
    }
    Snapshot {
        users: sim.all_users(),
        stored: sim.store.state(),
        logins,
    }
}

/// Runs `op` with the next commit failing; it must report `Internal` and leave the users,
/// the store and every session's login state as they were.
fn fails_cleanly(
    sim: &mut Sim,
    sessions: &[SessionId],
    op: impl FnOnce(&mut Sim) -> Result<Reply, HsmError>,
) {
    let before = snapshot(sim, sessions);
    sim.store.fail_next_commit();
    let err = code(op(sim));
    assert_eq!(err, ErrorCode::Internal);
    assert!(!sim.store.failure_pending(), "the command never committed");
    let after = snapshot(sim, sessions);
    assert_eq!(after.users, before.users, "users changed");
    assert_eq!(after.stored, before.stored, "store changed");
    assert_eq!(after.logins, before.logins, "login state changed");
}

#[test]
fn failed_create_changes_nothing_and_burns_no_id() {
    let mut sim = Sim::new(2);
    let co = sim.activate();
    fails_cleanly(&mut sim, &[co], |sim| {
        sim.create(co, 0, UserType::Cu, "bob", USER_PW)
    });
    ok(sim.create(co, 0, UserType::Cu, "bob", USER_PW));
    assert_eq!(sim.user(0, "bob").unwrap().id, UserId(3));
}

#[test]
fn failed_delete_changes_nothing_and_records_no_undo() {
    let (mut sim, co) = Sim::with_bob(2);
    fails_cleanly(&mut sim, &[co], |sim| {
        sim.delete(co, 0, UserType::Cu, "bob")
    });
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::UserDoesNotExist);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
}

#[test]
fn failed_password_change_keeps_the_old_password() {
    let (mut sim, co) = Sim::with_bob(2);
    fails_cleanly(&mut sim, &[co], |sim| {
        sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw")
    });
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn failed_password_change_does_not_unlock() {
    let (mut sim, co) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..5 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    fails_cleanly(&mut sim, &[co, sid], |sim| {
        sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw")
    });
    assert_eq!(sim.failures(0, "bob"), 5);
}

#[test]
fn failed_activation_leaves_the_preco() {
    let mut sim = Sim::new(2);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Preco, "admin", FACTORY_PW));
    fails_cleanly(&mut sim, &[sid], |sim| {
        sim.change(sid, 0, UserType::Preco, "admin", ADMIN_PW)
    });
    assert_eq!(
        sim.login_state(sid, 0).map(|l| l.user_type),
        Some(UserType::Preco)
    );
    ok(sim.change(sid, 0, UserType::Preco, "admin", ADMIN_PW));
    assert_eq!(sim.user(0, "admin").unwrap().user_type, UserType::Co);
}

#[test]
fn failed_recording_of_a_wrong_password_counts_nothing() {
    let (mut sim, _) = Sim::with_bob(2);
    let sid = sim.session();
    fails_cleanly(&mut sim, &[sid], |sim| {
        sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1")
    });
    assert_eq!(sim.failures(0, "bob"), 0);
}

#[test]
fn failed_reset_of_the_counter_does_not_log_in() {
    let (mut sim, _) = Sim::with_bob(2);
    let sid = sim.session();
    let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    fails_cleanly(&mut sim, &[sid], |sim| {
        sim.login(sid, 0, UserType::Cu, "bob", USER_PW)
    });
    assert_eq!(sim.failures(0, "bob"), 1);
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    assert_eq!(sim.failures(0, "bob"), 0);
}

#[test]
fn failed_restore_keeps_the_undo() {
    let (mut sim, co) = Sim::with_bob(2);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    fails_cleanly(&mut sim, &[co], |sim| sim.restore(co, 0, "bob"));
    ok(sim.restore(co, 0, "bob"));
    assert_eq!(sim.user(0, "bob").unwrap().id, UserId(3));
}

#[test]
fn commands_that_change_nothing_durable_do_not_commit() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    sim.store.fail_next_commit();
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    for command in [Command::ListUsers, Command::LoginState, Command::HsmInfo] {
        ok(sim.run(sid, 0, command));
    }
    ok(sim.logout(sid, 0));
    sim.core.close_session(sid);
    assert!(sim.store.failure_pending());
}

#[test]
fn failed_first_commit_fails_open_and_stores_nothing() {
    let store = SharedStore::default();
    store.fail_next_commit();
    let result = Core::open(Box::new(store.clone()), CoreConfig::default(), 2);
    assert!(result.is_err());
    assert!(store.load().unwrap().clusters.is_empty());
    // Opening again works and creates the cluster.
    let core = Core::open(Box::new(store.clone()), CoreConfig::default(), 2).unwrap();
    assert_eq!(core.clusters()[0].hsms.len(), 2);
    assert_eq!(store.state().clusters.len(), 1);
}
