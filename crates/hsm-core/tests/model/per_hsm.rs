//! Every HSM is its own replica: a change on one leaves the others untouched
//! (docs/cluster.md §3.1, §3.2, §3.9; docs/cmu.md §1.13, A-19).

use crate::common;
use hsm_proto::{ErrorCode, UserId, UserType};

use common::{code, ok, Sim, ADMIN_PW, FACTORY_PW, USER_PW};

/// Runs `change` on HSM 1 of a three-HSM cluster and checks that HSMs 0 and 2 list
/// exactly what they listed before.
fn others_untouched(sim: &mut Sim, change: impl FnOnce(&mut Sim)) {
    let (before0, before2) = (sim.users(0), sim.users(2));
    let before1 = sim.users(1);
    change(sim);
    assert_ne!(sim.users(1), before1, "the change did nothing on HSM 1");
    assert_eq!(sim.users(0), before0);
    assert_eq!(sim.users(2), before2);
}

#[test]
fn every_hsm_of_a_new_cluster_starts_from_the_same_factory_state() {
    let mut sim = Sim::new(3);
    let users = sim.all_users();
    assert_eq!(users[0], users[1]);
    assert_eq!(users[0], users[2]);
}

#[test]
fn activation_is_per_hsm() {
    let mut sim = Sim::new(3);
    let sid = sim.session();
    ok(sim.login(sid, 1, UserType::Preco, "admin", FACTORY_PW));
    others_untouched(&mut sim, |sim| {
        ok(sim.change(sid, 1, UserType::Preco, "admin", ADMIN_PW));
    });
    assert_eq!(sim.user(0, "admin").unwrap().user_type, UserType::Preco);
    assert_eq!(sim.user(1, "admin").unwrap().user_type, UserType::Co);
    let other = sim.session();
    ok(sim.login(other, 0, UserType::Preco, "admin", FACTORY_PW));
}

#[test]
fn create_is_per_hsm_and_ids_are_counted_per_hsm() {
    let mut sim = Sim::new(3);
    let co = sim.activate();
    others_untouched(&mut sim, |sim| {
        ok(sim.create(co, 1, UserType::Cu, "bob", USER_PW));
    });
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    assert_eq!(sim.user(1, "bob").unwrap().id, UserId(3));
    assert_eq!(sim.user(0, "carl").unwrap().id, UserId(3));
    let sid = sim.session();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::UserNotInitialized
    );
    ok(sim.login(sid, 1, UserType::Cu, "bob", USER_PW));
}

#[test]
fn password_change_is_per_hsm() {
    let (mut sim, co) = Sim::with_bob(3);
    // A failed login first, so that HSM 1's row visibly changes (counter reset).
    let sid = sim.session();
    let _ = sim.login(sid, 1, UserType::Cu, "bob", "Wrong_pw1");
    others_untouched(&mut sim, |sim| {
        ok(sim.change(co, 1, UserType::Cu, "bob", "Bob_new_pw"));
    });
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    ok(sim.login(sid, 1, UserType::Cu, "bob", "Bob_new_pw"));
    assert_eq!(
        code(sim.login(sid, 2, UserType::Cu, "bob", "Bob_new_pw")),
        ErrorCode::LoginFailure
    );
}

#[test]
fn delete_is_per_hsm() {
    let (mut sim, co) = Sim::with_bob(3);
    others_untouched(&mut sim, |sim| {
        ok(sim.delete(co, 1, UserType::Cu, "bob"));
    });
    assert!(sim.user(0, "bob").is_some());
    assert_eq!(sim.user(1, "bob"), None);
}

#[test]
fn failed_logins_are_per_hsm() {
    let (mut sim, _) = Sim::with_bob(3);
    let sid = sim.session();
    others_untouched(&mut sim, |sim| {
        let _ = sim.login(sid, 1, UserType::Cu, "bob", "Wrong_pw1");
    });
}

#[test]
fn login_state_is_per_hsm() {
    let (mut sim, _) = Sim::with_bob(3);
    let sid = sim.session();
    ok(sim.login(sid, 2, UserType::Cu, "bob", USER_PW));
    assert_eq!(sim.login_state(sid, 0), None);
    assert_eq!(sim.login_state(sid, 1), None);
    assert_eq!(sim.login_state(sid, 2).map(|l| l.name), Some("bob".into()));
    // Logged in on HSM 2 only: HSM 0 still refuses what needs a login.
    assert_eq!(
        code(sim.change(sid, 0, UserType::Cu, "bob", "Bob_new_pw")),
        ErrorCode::NotLoggedIn
    );
}

#[test]
fn the_same_name_may_have_different_types_on_different_hsms() {
    let mut sim = Sim::new(2);
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Cu, "alice", USER_PW));
    ok(sim.create(co, 1, UserType::Co, "alice", USER_PW));
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "alice", USER_PW));
    ok(sim.login(sid, 1, UserType::Co, "alice", USER_PW));
    assert_eq!(
        sim.login_state(sid, 0).map(|l| l.user_type),
        Some(UserType::Cu)
    );
    assert_eq!(
        sim.login_state(sid, 1).map(|l| l.user_type),
        Some(UserType::Co)
    );
}
