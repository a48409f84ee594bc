//! `logoutHSM` (docs/cmu.md §3.13).

use crate::common;

use common::{code, ok, Sim, USER_PW};
use hsm_proto::{ErrorCode, UserType};

#[test]
fn not_logged_in_is_refused() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    let err = code(sim.logout(sid, 0));
    assert_eq!(err, ErrorCode::NotLoggedIn);
    assert_eq!(err.value(), 0xe0);
}

#[test]
fn logout_ends_the_login_and_allows_a_new_one() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    ok(sim.logout(sid, 0));
    assert_eq!(sim.login_state(sid, 0), None);
    assert_eq!(code(sim.logout(sid, 0)), ErrorCode::NotLoggedIn);
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn logout_is_per_hsm() {
    let (mut sim, _) = Sim::with_bob(3);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    ok(sim.logout(sid, 1));
    assert!(sim.login_state(sid, 0).is_some());
    assert_eq!(sim.login_state(sid, 1), None);
    assert!(sim.login_state(sid, 2).is_some());
}

#[test]
fn logout_leaves_other_sessions_of_the_same_user_logged_in() {
    let (mut sim, _) = Sim::with_bob(1);
    let a = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let b = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    ok(sim.logout(a, 0));
    assert_eq!(sim.login_state(b, 0).map(|l| l.name), Some("bob".into()));
}

#[test]
fn logout_changes_no_user_record() {
    let (mut sim, _) = Sim::with_bob(2);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let before = sim.all_users();
    let state = sim.store.state();
    ok(sim.logout(sid, 0));
    assert_eq!(sim.all_users(), before);
    assert_eq!(sim.store.state(), state);
}

#[test]
fn a_logged_out_user_can_be_deleted() {
    let (mut sim, co) = Sim::with_bob(1);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(
        code(sim.delete(co, 0, UserType::Cu, "bob")),
        ErrorCode::UserLoggedIn
    );
    ok(sim.logout(sid, 0));
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
}
