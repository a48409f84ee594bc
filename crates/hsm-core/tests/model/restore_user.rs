//! Undo of a `deleteUser` (CMU's rollBack answer, docs/cmu.md §3.3).

use crate::common;
use hsm_proto::{ErrorCode, UserId, UserType};

use common::{code, ok, Sim, USER_PW};
use hsm_core::CoreConfig;

#[test]
fn restore_brings_the_user_back_with_its_id_and_password() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    let before = sim.users(0);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.restore(co, 0, "BOB"));
    assert_eq!(sim.users(0), before);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    // The restored ID is not handed out again.
    ok(sim.create(co, 0, UserType::Cu, "dave", USER_PW));
    assert_eq!(sim.user(0, "dave").unwrap().id, UserId(5));
}

#[test]
fn restore_keeps_the_failure_counter() {
    let (mut sim, co) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..2 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.restore(co, 0, "bob"));
    assert_eq!(sim.failures(0, "bob"), 2);
}

#[test]
fn only_the_last_deleted_user_can_be_restored_once() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.delete(co, 0, UserType::Cu, "carl"));
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::UserDoesNotExist);
    ok(sim.restore(co, 0, "carl"));
    // The undo is used up.
    assert_eq!(
        code(sim.restore(co, 0, "carl")),
        ErrorCode::UserDoesNotExist
    );
    ok(sim.delete(co, 0, UserType::Cu, "carl"));
    ok(sim.restore(co, 0, "carl"));
}

#[test]
fn nothing_deleted_means_nothing_to_restore() {
    let (mut sim, co) = Sim::with_bob(1);
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::UserDoesNotExist);
}

#[test]
fn another_session_cannot_restore() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    let carol = sim.logged_in_everywhere(UserType::Co, "carol", USER_PW);
    assert_eq!(
        code(sim.restore(carol, 0, "bob")),
        ErrorCode::UserDoesNotExist
    );
}

#[test]
fn logout_forgets_the_deleted_user() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.logout(co, 0));
    ok(sim.login(co, 0, UserType::Co, "admin", common::ADMIN_PW));
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::UserDoesNotExist);
}

#[test]
fn a_name_taken_again_meanwhile_blocks_the_restore() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    let carol = sim.logged_in_everywhere(UserType::Co, "carol", USER_PW);
    ok(sim.create(carol, 0, UserType::Cu, "BOB", USER_PW));
    assert_eq!(
        code(sim.restore(co, 0, "bob")),
        ErrorCode::UserAlreadyExists
    );
    assert_eq!(sim.user(0, "BOB").unwrap().id, UserId(5));
}

#[test]
fn restore_is_per_hsm() {
    let (mut sim, co) = Sim::with_bob(2);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.delete(co, 1, UserType::Cu, "bob"));
    ok(sim.restore(co, 0, "bob"));
    assert!(sim.user(0, "bob").is_some());
    assert_eq!(sim.user(1, "bob"), None);
    ok(sim.restore(co, 1, "bob"));
    assert!(sim.user(1, "bob").is_some());
}

#[test]
fn only_officers_restore() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    let cu = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(code(sim.restore(cu, 0, "carl")), ErrorCode::InvalidUserType);
    let anonymous = sim.session();
    assert_eq!(
        code(sim.restore(anonymous, 0, "carl")),
        ErrorCode::NotLoggedIn
    );
}

/// An HSM never holds more than `max_users`, restore included.
#[test]
fn restore_respects_the_user_limit() {
    let mut sim = Sim::with_config(
        1,
        CoreConfig {
            max_users: 4,
            ..CoreConfig::default()
        },
    );
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "bob", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    let carol = sim.logged_in_everywhere(UserType::Co, "carol", USER_PW);
    ok(sim.create(carol, 0, UserType::Cu, "carl", USER_PW));
    assert_eq!(sim.users(0).len(), 4);
    assert_eq!(code(sim.restore(co, 0, "bob")), ErrorCode::UserLimitReached);
    assert_eq!(sim.users(0).len(), 4);
}
