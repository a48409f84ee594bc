//! Sessions: one per connection; logins live and die with them (docs/cmu.md §1.12, §1.13).

use crate::common;

use common::{code, ok, Sim, USER_PW};
use hsm_core::Command;
use hsm_proto::{ErrorCode, UserType};

#[test]
fn sessions_get_distinct_ids() {
    let mut sim = Sim::new(1);
    let a = sim.session();
    let b = sim.session();
    sim.core.close_session(a);
    let c = sim.session();
    assert_ne!(a, b);
    assert_ne!(a, c);
    assert_ne!(b, c);
}

#[test]
fn a_new_session_is_logged_in_nowhere() {
    let (mut sim, _) = Sim::with_bob(2);
    let _bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let sid = sim.session();
    assert_eq!(sim.login_state(sid, 0), None);
    assert_eq!(sim.login_state(sid, 1), None);
}

#[test]
fn closing_a_session_drops_its_logins_on_every_hsm() {
    let (mut sim, co) = Sim::with_bob(2);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    for i in 0..2 {
        assert_eq!(
            code(sim.change(co, i, UserType::Cu, "bob", "Bob_new_pw")),
            ErrorCode::UserLoggedIn
        );
    }
    sim.core.close_session(bob);
    for i in 0..2 {
        ok(sim.change(co, i, UserType::Cu, "bob", "Bob_new_pw"));
    }
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
}

#[test]
fn closing_one_session_leaves_the_others_logged_in() {
    let (mut sim, co) = Sim::with_bob(1);
    let a = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let b = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    sim.core.close_session(a);
    assert_eq!(sim.login_state(b, 0).map(|l| l.name), Some("bob".into()));
    assert_eq!(
        code(sim.delete(co, 0, UserType::Cu, "bob")),
        ErrorCode::UserLoggedIn
    );
    assert!(sim.login_state(co, 0).is_some());
}

#[test]
fn closing_a_session_changes_no_user_record() {
    let (mut sim, co) = Sim::with_bob(2);
    let before = sim.all_users();
    let stored = sim.store.state();
    sim.core.close_session(co);
    assert_eq!(sim.all_users(), before);
    assert_eq!(sim.store.state(), stored);
}

#[test]
fn a_closed_session_id_carries_no_login_and_no_undo() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    sim.core.close_session(co);
    // A closed session is gone: nothing can run in it, least of all an undo.
    assert_eq!(
        code(sim.run(co, 0, Command::LoginState)),
        ErrorCode::NotLoggedIn
    );
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::NotLoggedIn);
}

#[test]
fn a_user_logged_in_elsewhere_blocks_officer_changes_until_that_session_ends() {
    let (mut sim, co) = Sim::with_bob(1);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(
        code(sim.delete(co, 0, UserType::Cu, "bob")),
        ErrorCode::UserLoggedIn
    );
    sim.core.close_session(bob);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
}
