//! `changePswd` (docs/cmu.md §2.3, §3.1, A-9, A-36; docs/output-profiles.md §F rows 6, 7).

use crate::common;
use hsm_proto::{ErrorCode, LoginInfo, Secret, UserId, UserType};

use common::{code, ok, Sim, ADMIN_PW, FACTORY_PW, USER_PW};
use hsm_core::{Command, CoreConfig};

#[test]
fn preco_changing_its_own_password_activates_the_hsm_as_co() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Preco, "admin", FACTORY_PW));
    ok(sim.change(sid, 0, UserType::Preco, "admin", ADMIN_PW));
    // The session stays logged in and now shows the new type (docs/cmu.md §2.3).
    assert_eq!(
        sim.login_state(sid, 0),
        Some(LoginInfo {
            name: "admin".into(),
            user_type: UserType::Co
        })
    );
    let admin = sim.user(0, "admin").unwrap();
    assert_eq!((admin.id, admin.user_type), (UserId(1), UserType::Co));
    // Only the new password works from now on.
    ok(sim.logout(sid, 0));
    assert_eq!(
        code(sim.login(sid, 0, UserType::Co, "admin", FACTORY_PW)),
        ErrorCode::LoginFailure
    );
    ok(sim.login(sid, 0, UserType::Co, "admin", ADMIN_PW));
}

#[test]
fn activated_admin_type_pco_gives_pco() {
    let mut sim = Sim::with_config(
        1,
        CoreConfig {
            activated_admin_type: UserType::Pco,
            ..CoreConfig::default()
        },
    );
    let sid = sim.activate();
    assert_eq!(sim.user(0, "admin").unwrap().user_type, UserType::Pco);
    assert_eq!(
        sim.login_state(sid, 0).map(|l| l.user_type),
        Some(UserType::Pco)
    );
    // A PCO manages users like a CO.
    ok(sim.create(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn an_officer_changes_a_crypto_users_password_without_the_old_one() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw"));
    let sid = sim.session();
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
    ok(sim.login(sid, 0, UserType::Cu, "bob", "Bob_new_pw"));
    let bob = sim.user(0, "bob").unwrap();
    assert_eq!((bob.id, bob.user_type), (UserId(3), UserType::Cu));
}

#[test]
fn an_officer_changes_other_officers_passwords() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Co, "carol", USER_PW));
    ok(sim.create(co, 0, UserType::Pco, "pat", USER_PW));
    ok(sim.change(co, 0, UserType::Co, "carol", "Carol_new1"));
    // CO and PCO match each other in the type argument.
    ok(sim.change(co, 0, UserType::Co, "pat", "Pat_new_pw1"));
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Co, "carol", "Carol_new1"));
    ok(sim.logout(sid, 0));
    ok(sim.login(sid, 0, UserType::Pco, "pat", "Pat_new_pw1"));
    assert_eq!(sim.user(0, "pat").unwrap().user_type, UserType::Pco);
}

#[test]
fn a_crypto_user_changes_its_own_password_in_any_case_of_its_name() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    ok(sim.change(sid, 0, UserType::Cu, "BOB", "Bob_new_pw"));
    assert_eq!(sim.user(0, "bob").unwrap().name, "bob");
    ok(sim.logout(sid, 0));
    ok(sim.login(sid, 0, UserType::Cu, "bob", "Bob_new_pw"));
}

#[test]
fn a_crypto_user_cannot_change_anyone_elses_password() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.create(co, 0, UserType::Cu, "carl", USER_PW));
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    for (ty, name) in [
        (UserType::Cu, "carl"),
        (UserType::Co, "admin"),
        (UserType::Cu, "nobody"),
    ] {
        let err = code(sim.change(sid, 0, ty, name, "Other_pw1"));
        assert_eq!(err, ErrorCode::InvalidUserType, "{ty} {name}");
    }
    let other = sim.session();
    ok(sim.login(other, 0, UserType::Cu, "carl", USER_PW));
}

#[test]
fn preco_cannot_change_another_users_password() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Preco, "admin", FACTORY_PW));
    assert_eq!(
        code(sim.change(sid, 0, UserType::Au, "app_user", USER_PW)),
        ErrorCode::InvalidUserType
    );
    assert_eq!(sim.user(0, "admin").unwrap().user_type, UserType::Preco);
}

#[test]
fn an_officer_cannot_change_the_appliance_users_password() {
    let (mut sim, co) = Sim::with_bob(1);
    assert_eq!(
        code(sim.change(co, 0, UserType::Au, "app_user", USER_PW)),
        ErrorCode::InvalidUserType
    );
}

#[test]
fn not_logged_in_is_refused() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    assert_eq!(
        code(sim.change(sid, 0, UserType::Cu, "bob", "Bob_new_pw")),
        ErrorCode::NotLoggedIn
    );
}

#[test]
fn password_length_is_checked_by_the_hsm() {
    let (mut sim, co) = Sim::with_bob(1);
    for bad in ["short6", &"x".repeat(33)] {
        let password = Secret::new(bad);
        let err = code(sim.run(
            co,
            0,
            Command::ChangePassword {
                user_type: UserType::Cu,
                name: "bob".into(),
                password,
            },
        ));
        assert_eq!(err, ErrorCode::PasswordLength, "{bad:?}");
        assert_eq!(err.value(), 0xeb);
    }
    // Limits are inclusive: 7 and 32 characters are fine.
    ok(sim.change(co, 0, UserType::Cu, "bob", "seven77"));
    ok(sim.change(co, 0, UserType::Cu, "bob", &"y".repeat(32)));
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "bob", &"y".repeat(32)));
}

#[test]
fn a_bad_length_leaves_the_old_password() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let err = code(sim.run(
        sid,
        0,
        Command::ChangePassword {
            user_type: UserType::Cu,
            name: "bob".into(),
            password: Secret::new("short"),
        },
    ));
    assert_eq!(err, ErrorCode::PasswordLength);
    ok(sim.logout(sid, 0));
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn unknown_target_or_wrong_type_is_user_does_not_exist() {
    let (mut sim, co) = Sim::with_bob(1);
    assert_eq!(
        code(sim.change(co, 0, UserType::Cu, "nobody", USER_PW)),
        ErrorCode::UserDoesNotExist
    );
    assert_eq!(
        code(sim.change(co, 0, UserType::Co, "bob", USER_PW)),
        ErrorCode::UserDoesNotExist
    );
}

#[test]
fn a_target_logged_in_through_another_session_is_refused() {
    let (mut sim, co) = Sim::with_bob(1);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let err = code(sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw"));
    assert_eq!(err, ErrorCode::UserLoggedIn);
    assert_eq!(err.value(), 0xee);
    // bob himself, logged in here, may.
    ok(sim.change(bob, 0, UserType::Cu, "bob", "Bob_new_pw"));
    ok(sim.logout(bob, 0));
    ok(sim.change(co, 0, UserType::Cu, "bob", "Bob_newer_pw"));
}

#[test]
fn an_officers_change_unlocks_and_resets_the_counter() {
    let (mut sim, co) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..5 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    assert_eq!(
        code(sim.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
    ok(sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw"));
    assert_eq!(sim.failures(0, "bob"), 0);
    ok(sim.login(sid, 0, UserType::Cu, "bob", "Bob_new_pw"));
}

#[test]
fn an_own_change_resets_the_counter() {
    let (mut sim, _) = Sim::with_bob(1);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let other = sim.session();
    for _ in 0..3 {
        let _ = sim.login(other, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    assert_eq!(sim.failures(0, "bob"), 3);
    ok(sim.change(bob, 0, UserType::Cu, "bob", "Bob_new_pw"));
    assert_eq!(sim.failures(0, "bob"), 0);
}

#[test]
fn an_officer_changing_its_own_password_keeps_its_type() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.change(co, 0, UserType::Co, "admin", "Admin_new_pw"));
    assert_eq!(sim.user(0, "admin").unwrap().user_type, UserType::Co);
    assert_eq!(
        sim.login_state(co, 0).map(|l| l.user_type),
        Some(UserType::Co)
    );
}

#[test]
fn a_login_that_changes_during_the_hash_is_gated_again() {
    let (mut sim, co) = Sim::with_bob(1);
    sim.create_everywhere(co, UserType::Cu, "carol", USER_PW);
    let sid = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let hsm = sim.hsm(0);
    // bob asks for his own password; before the hash is stored, the same session is
    // carol's, for whom bob's password is another user's.
    let step = sim.core.execute(
        sid,
        &hsm,
        Command::ChangePassword {
            user_type: UserType::Cu,
            name: "bob".into(),
            password: Secret::new("Stolen_pw1"),
        },
    );
    let hashed = match step {
        hsm_core::Step::Work(job) => job.run(),
        hsm_core::Step::Done(outcome) => panic!("no hash job: {outcome:?}"),
    };
    ok(sim.logout(sid, 0));
    ok(sim.login(sid, 0, UserType::Cu, "carol", USER_PW));
    assert_eq!(code(sim.finish(sid, hashed)), ErrorCode::InvalidUserType);
    let other = sim.session();
    ok(sim.login(other, 0, UserType::Cu, "bob", USER_PW));
}
