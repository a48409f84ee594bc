//! `deleteUser` (docs/cmu.md §2.5, §3.3; docs/output-profiles.md §F row 8).

use crate::common;
use hsm_proto::{ErrorCode, UserId, UserType};

use common::{code, ok, Sim, ADMIN_PW, FACTORY_PW, USER_PW};

#[test]
fn an_officer_deletes_a_crypto_user() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    assert_eq!(sim.user(0, "bob"), None);
    assert_eq!(sim.users(0).len(), 2);
    let sid = sim.session();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::UserNotInitialized
    );
}

#[test]
fn names_match_case_insensitively_and_co_matches_pco() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Pco, "pat", USER_PW));
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "BOB"));
    ok(sim.delete(co, 0, UserType::Co, "Pat"));
    ok(sim.delete(co, 0, UserType::Pco, "carol"));
    assert_eq!(sim.users(0).len(), 2);
}

#[test]
fn another_officer_may_delete_admin_when_it_is_not_logged_in() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.logout(co, 0));
    let carol = sim.logged_in_everywhere(UserType::Co, "carol", USER_PW);
    ok(sim.delete(carol, 0, UserType::Co, "admin"));
    assert_eq!(sim.user(0, "admin"), None);
}

#[test]
fn an_officer_cannot_delete_itself() {
    let (mut sim, co) = Sim::with_bob(1);
    let err = code(sim.delete(co, 0, UserType::Co, "admin"));
    assert_eq!(err, ErrorCode::UserLoggedIn);
    assert!(sim.user(0, "admin").is_some());
    assert!(sim.login_state(co, 0).is_some());
}

#[test]
fn a_user_logged_in_through_another_session_cannot_be_deleted() {
    let (mut sim, co) = Sim::with_bob(2);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(
        code(sim.delete(co, 0, UserType::Cu, "bob")),
        ErrorCode::UserLoggedIn
    );
    assert!(sim.user(0, "bob").is_some());
    // The check is per HSM: logged out of HSM 1, bob can be deleted there.
    ok(sim.logout(bob, 1));
    ok(sim.delete(co, 1, UserType::Cu, "bob"));
    assert!(sim.user(0, "bob").is_some());
}

#[test]
fn unknown_user_or_wrong_type_is_user_does_not_exist() {
    let (mut sim, co) = Sim::with_bob(1);
    for (ty, name) in [
        (UserType::Cu, "nobody"),
        (UserType::Co, "bob"),
        (UserType::Cu, "admin"),
        (UserType::Co, "app_user"),
    ] {
        let err = code(sim.delete(co, 0, ty, name));
        assert_eq!(err, ErrorCode::UserDoesNotExist, "{ty} {name}");
        assert_eq!(err.value(), 0xce);
    }
    assert_eq!(sim.users(0).len(), 3);
}

#[test]
fn preco_and_appliance_types_are_invalid_targets() {
    let (mut sim, co) = Sim::with_bob(1);
    assert_eq!(
        code(sim.delete(co, 0, UserType::Au, "app_user")),
        ErrorCode::InvalidUserType
    );
    assert_eq!(
        code(sim.delete(co, 0, UserType::Preco, "admin")),
        ErrorCode::InvalidUserType
    );
    assert!(sim.user(0, "app_user").is_some());
}

#[test]
fn only_officers_delete_users() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    let anonymous = sim.session();
    assert_eq!(
        code(sim.delete(anonymous, 0, UserType::Cu, "carl")),
        ErrorCode::NotLoggedIn
    );
    let cu = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(
        code(sim.delete(cu, 0, UserType::Cu, "carl")),
        ErrorCode::InvalidUserType
    );
    let mut fresh = Sim::new(1);
    let preco = fresh.session();
    ok(fresh.login(preco, 0, UserType::Preco, "admin", FACTORY_PW));
    assert_eq!(
        code(fresh.delete(preco, 0, UserType::Co, "admin")),
        ErrorCode::InvalidUserType
    );
    assert!(sim.user(0, "carl").is_some());
}

#[test]
fn a_deleted_name_can_be_created_again_with_a_new_id() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.create(co, 0, UserType::Co, "Bob", ADMIN_PW));
    let bob = sim.user(0, "Bob").unwrap();
    assert_eq!((bob.id, bob.user_type), (UserId(4), UserType::Co));
}
