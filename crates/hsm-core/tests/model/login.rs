//! `loginHSM` (docs/cmu.md §3.12, §2.5 lockout, A-20; docs/output-profiles.md §F rows 7, 23).

use crate::common;

use common::{code, ok, Sim, ADMIN_PW, FACTORY_PW, USER_PW};
use hsm_core::CoreConfig;
use hsm_proto::{ErrorCode, LoginInfo, UserType};

#[test]
fn factory_admin_logs_in_on_every_hsm() {
    let mut sim = Sim::new(3);
    let sid = sim.session();
    for i in 0..3 {
        ok(sim.login(sid, i, UserType::Preco, "admin", FACTORY_PW));
        assert_eq!(
            sim.login_state(sid, i),
            Some(LoginInfo {
                name: "admin".into(),
                user_type: UserType::Preco
            })
        );
    }
}

#[test]
fn user_names_match_case_insensitively_and_report_the_stored_name() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "BoB", USER_PW));
    assert_eq!(sim.login_state(sid, 0).map(|l| l.name), Some("bob".into()));
}

#[test]
fn passwords_are_case_sensitive() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    let wrong_case = USER_PW.to_uppercase();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", &wrong_case)),
        ErrorCode::LoginFailure
    );
}

#[test]
fn unknown_user_is_not_initialized_0x9d_and_counts_nothing() {
    let (mut sim, _) = Sim::with_bob(2);
    let before = sim.all_users();
    let sid = sim.session();
    let err = code(sim.login(sid, 0, UserType::Cu, "nobody", USER_PW));
    assert_eq!(err, ErrorCode::UserNotInitialized);
    assert_eq!(err.value(), 0x9d);
    assert_eq!(sim.all_users(), before);
    assert_eq!(sim.login_state(sid, 0), None);
}

#[test]
fn type_mismatch_is_user_does_not_exist_0xce_and_counts_nothing() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    let err = code(sim.login(sid, 0, UserType::Co, "bob", USER_PW));
    assert_eq!(err, ErrorCode::UserDoesNotExist);
    assert_eq!(err.value(), 0xce);
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "admin", ADMIN_PW)),
        ErrorCode::UserDoesNotExist
    );
    // app_user exists but has no password and is AU.
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "app_user", USER_PW)),
        ErrorCode::UserDoesNotExist
    );
    assert_eq!(sim.failures(0, "bob"), 0);
    assert_eq!(sim.failures(0, "admin"), 0);
}

#[test]
fn preco_type_no_longer_matches_after_activation() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    ok(sim.logout(co, 0));
    let sid = sim.session();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Preco, "admin", ADMIN_PW)),
        ErrorCode::UserDoesNotExist
    );
    ok(sim.login(sid, 0, UserType::Co, "admin", ADMIN_PW));
}

#[test]
fn unactivated_admin_cannot_log_in_as_co() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Co, "admin", FACTORY_PW)),
        ErrorCode::UserDoesNotExist
    );
}

#[test]
fn appliance_user_login_is_refused_as_invalid_user_type() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    let err = code(sim.login(sid, 0, UserType::Au, "app_user", FACTORY_PW));
    assert_eq!(err, ErrorCode::InvalidUserType);
    assert_eq!(err.value(), 0xdb);
    // The type is refused before the name is looked up.
    assert_eq!(
        code(sim.login(sid, 0, UserType::Au, "nobody", FACTORY_PW)),
        ErrorCode::InvalidUserType
    );
}

#[test]
fn co_and_pco_are_interchangeable_for_login() {
    let mut sim = Sim::with_config(
        1,
        CoreConfig {
            activated_admin_type: UserType::Pco,
            ..CoreConfig::default()
        },
    );
    let co = sim.activate();
    sim.create_everywhere(co, UserType::Co, "officer", USER_PW);
    sim.create_everywhere(co, UserType::Pco, "primary", USER_PW);
    for (claimed, name) in [
        (UserType::Co, "admin"),
        (UserType::Pco, "admin"),
        (UserType::Pco, "officer"),
        (UserType::Co, "primary"),
    ] {
        let sid = sim.session();
        let password = if name == "admin" { ADMIN_PW } else { USER_PW };
        ok(sim.login(sid, 0, claimed, name, password));
    }
}

#[test]
fn wrong_password_counts_only_on_the_hsm_that_rejected_it() {
    let (mut sim, _) = Sim::with_bob(3);
    let sid = sim.session();
    let err = code(sim.login(sid, 1, UserType::Cu, "bob", "Wrong_pw1"));
    assert_eq!(err, ErrorCode::LoginFailure);
    assert_eq!(err.value(), 0xa3);
    assert_eq!(sim.failures(0, "bob"), 0);
    assert_eq!(sim.failures(1, "bob"), 1);
    assert_eq!(sim.failures(2, "bob"), 0);
    assert_eq!(sim.login_state(sid, 1), None);
}

#[test]
fn five_failures_lock_the_account_and_the_counter_stays_at_five() {
    let (mut sim, _) = Sim::with_bob(2);
    let sid = sim.session();
    for n in 1..=5 {
        assert_eq!(
            code(sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1")),
            ErrorCode::LoginFailure
        );
        assert_eq!(sim.failures(0, "bob"), n);
    }
    // Locked: the right password fails too, and nothing counts any more.
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
    assert_eq!(sim.failures(0, "bob"), 5);
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1")),
        ErrorCode::LoginFailure
    );
    assert_eq!(sim.failures(0, "bob"), 5);
    assert_eq!(sim.login_state(sid, 0), None);
    // The other HSM keeps its own counter and still lets bob in.
    assert_eq!(sim.failures(1, "bob"), 0);
    ok(sim.login(sid, 1, UserType::Cu, "bob", USER_PW));
}

#[test]
fn a_locked_account_is_refused_before_any_password_check() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..5 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    let hsm = sim.hsm(0);
    assert_eq!(
        code(sim.begin_login(sid, &hsm, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
}

#[test]
fn success_resets_the_counter() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..4 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    assert_eq!(sim.failures(0, "bob"), 4);
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    assert_eq!(sim.failures(0, "bob"), 0);
    // Four more failures do not lock a reset account.
    ok(sim.logout(sid, 0));
    for _ in 0..4 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn lockout_threshold_is_configurable() {
    let mut sim = Sim::with_config(
        1,
        CoreConfig {
            lockout_threshold: 3,
            ..CoreConfig::default()
        },
    );
    let co = sim.activate();
    sim.create_everywhere(co, UserType::Cu, "bob", USER_PW);
    let sid = sim.session();
    for _ in 0..3 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    assert_eq!(sim.failures(0, "bob"), 3);
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
    assert_eq!(sim.failures(0, "bob"), 3);
}

#[test]
fn already_logged_in_is_refused_before_anything_is_counted() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let err = code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
    assert_eq!(err, ErrorCode::AlreadyLoggedIn);
    assert_eq!(
        code(sim.login(sid, 0, UserType::Co, "admin", "Wrong_pw1")),
        ErrorCode::AlreadyLoggedIn
    );
    assert_eq!(sim.failures(0, "admin"), 0);
    assert_eq!(sim.login_state(sid, 0).map(|l| l.name), Some("bob".into()));
}

#[test]
fn the_same_user_may_be_logged_in_through_two_sessions() {
    let (mut sim, _) = Sim::with_bob(1);
    let a = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let b = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert!(sim.login_state(a, 0).is_some());
    assert!(sim.login_state(b, 0).is_some());
}

#[test]
fn a_second_ticket_of_the_same_session_finishes_as_already_logged_in() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    let hsm = sim.hsm(0);
    let first = sim
        .begin_login(sid, &hsm, UserType::Cu, "bob", USER_PW)
        .unwrap();
    let second = sim
        .begin_login(sid, &hsm, UserType::Cu, "bob", USER_PW)
        .unwrap();
    let (checked1, checked2) = (first.run(), second.run());
    ok(sim.finish(sid, checked1));
    assert_eq!(code(sim.finish(sid, checked2)), ErrorCode::AlreadyLoggedIn);
}

#[test]
fn a_password_changed_during_the_check_fails_without_counting() {
    let (mut sim, co) = Sim::with_bob(1);
    // The password is right: the same login, undisturbed, succeeds.
    let control = sim.session();
    ok(sim.login(control, 0, UserType::Cu, "bob", USER_PW));
    ok(sim.logout(control, 0));
    let sid = sim.session();
    let hsm = sim.hsm(0);
    let ticket = sim
        .begin_login(sid, &hsm, UserType::Cu, "bob", USER_PW)
        .unwrap();
    let checked = ticket.run();
    ok(sim.change(co, 0, UserType::Cu, "bob", "Changed_pw1"));
    assert_eq!(code(sim.finish(sid, checked)), ErrorCode::LoginFailure);
    assert_eq!(sim.failures(0, "bob"), 0);
    assert_eq!(sim.login_state(sid, 0), None);
}

#[test]
fn a_user_deleted_during_the_check_is_not_logged_in() {
    let (mut sim, co) = Sim::with_bob(1);
    let sid = sim.session();
    let hsm = sim.hsm(0);
    let ticket = sim
        .begin_login(sid, &hsm, UserType::Cu, "bob", USER_PW)
        .unwrap();
    let checked = ticket.run();
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    assert_eq!(code(sim.finish(sid, checked)), ErrorCode::LoginFailure);
    assert_eq!(sim.login_state(sid, 0), None);
}

#[test]
fn a_failure_finished_after_the_lock_is_not_counted_again() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    let hsm = sim.hsm(0);
    for _ in 0..4 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    // Two wrong attempts in flight at once from two connections.
    let other = sim.session();
    let a = sim
        .begin_login(sid, &hsm, UserType::Cu, "bob", "Wrong_pw1")
        .unwrap();
    let b = sim
        .begin_login(other, &hsm, UserType::Cu, "bob", "Wrong_pw1")
        .unwrap();
    let (a, b) = (a.run(), b.run());
    let _ = sim.finish(sid, a);
    let _ = sim.finish(other, b);
    assert_eq!(sim.failures(0, "bob"), 5);
}

#[test]
fn unknown_hsm_is_no_such_hsm() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    assert_eq!(
        code(sim.begin_login(
            sid,
            "hsm-doesnotexist",
            UserType::Preco,
            "admin",
            FACTORY_PW
        )),
        ErrorCode::NoSuchHsm
    );
}
