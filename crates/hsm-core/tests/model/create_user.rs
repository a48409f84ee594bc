//! `createUser` (docs/cmu.md §2.5, §2.6, §3.2, A-14, A-15, A-37).

use crate::common;
use hsm_proto::{ErrorCode, Secret, UserId, UserInfo, UserType};

use common::{code, ok, pw, Sim, USER_PW};
use hsm_core::{Command, CoreConfig};

fn ids(sim: &mut Sim, i: usize) -> Vec<(u32, String)> {
    sim.users(i).into_iter().map(|u| (u.id.0, u.name)).collect()
}

#[test]
fn new_users_get_ids_from_three_upwards_with_a_clean_record() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Co, "Alice", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "bob", USER_PW));
    ok(sim.create(co, 0, UserType::Pco, "pat", USER_PW));
    let users = sim.users(0);
    assert_eq!(users.len(), 5);
    let row = |id, user_type, name: &str| UserInfo {
        id,
        user_type,
        name: name.into(),
        mofn_pub_key: false,
        login_failure_count: 0,
        two_factor: false,
    };
    assert_eq!(
        users[2..],
        [
            row(UserId(3), UserType::Co, "Alice"),
            row(UserId(4), UserType::Cu, "bob"),
            row(UserId(5), UserType::Pco, "pat"),
        ]
    );
}

#[test]
fn a_new_user_can_log_in_with_its_password() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    ok(sim.login(sid, 0, UserType::Cu, "bob", USER_PW));
}

#[test]
fn ids_are_never_reused_after_a_delete() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Cu, "a", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "b", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "b"));
    ok(sim.create(co, 0, UserType::Cu, "c", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "a"));
    ok(sim.delete(co, 0, UserType::Cu, "c"));
    ok(sim.create(co, 0, UserType::Cu, "b", USER_PW));
    assert_eq!(
        ids(&mut sim, 0),
        [(1, "admin".into()), (2, "app_user".into()), (6, "b".into())]
    );
}

#[test]
fn ids_are_never_reused_after_a_restart() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Cu, "a", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "b", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "b"));
    let mut again = sim.reopened();
    let sid = again.session();
    ok(again.login(sid, 0, UserType::Co, "admin", common::ADMIN_PW));
    ok(again.create(sid, 0, UserType::Cu, "c", USER_PW));
    assert_eq!(again.user(0, "c").unwrap().id, UserId(5));
}

#[test]
fn duplicate_names_are_refused_whatever_their_case() {
    let (mut sim, co) = Sim::with_bob(1);
    for (ty, name) in [
        (UserType::Cu, "bob"),
        (UserType::Co, "BOB"),
        (UserType::Cu, "Admin"),
        (UserType::Cu, "APP_USER"),
    ] {
        let err = code(sim.create(co, 0, ty, name, USER_PW));
        assert_eq!(err, ErrorCode::UserAlreadyExists, "{name}");
        assert_eq!(err.value(), 0xea);
    }
    assert_eq!(sim.users(0).len(), 3);
}

#[test]
fn names_must_be_1_to_31_letters_digits_or_underscores() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    let too_long = "a".repeat(32);
    for bad in [
        "",
        too_long.as_str(),
        "example-user",
        "two words",
        "dot.ted",
        "caf\u{e9}",
        "tab\t",
    ] {
        let err = code(sim.create(co, 0, UserType::Cu, bad, USER_PW));
        assert_eq!(err, ErrorCode::InvalidInput, "{bad:?}");
        assert_eq!(err.value(), 0xe7);
    }
    assert_eq!(sim.users(0).len(), 2);
    let longest = "Z_9".repeat(10) + "x";
    ok(sim.create(co, 0, UserType::Cu, &longest, USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "_", USER_PW));
}

#[test]
fn preco_and_appliance_users_cannot_be_created() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    for ty in [UserType::Preco, UserType::Au] {
        let err = code(sim.create(co, 0, ty, "newbie", USER_PW));
        assert_eq!(err, ErrorCode::InvalidUserType, "{ty}");
    }
    assert_eq!(sim.users(0).len(), 2);
}

#[test]
fn password_length_is_checked_by_the_hsm() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    let err = code(sim.run(
        co,
        0,
        Command::CreateUser {
            user_type: UserType::Cu,
            name: "bob".into(),
            password: Secret::new("short"),
        },
    ));
    assert_eq!(err, ErrorCode::PasswordLength);
    assert_eq!(sim.users(0).len(), 2);
}

#[test]
fn only_officers_create_users() {
    let (mut sim, _) = Sim::with_bob(2);
    let anonymous = sim.session();
    assert_eq!(
        code(sim.create(anonymous, 0, UserType::Cu, "x", USER_PW)),
        ErrorCode::NotLoggedIn
    );
    let cu = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    assert_eq!(
        code(sim.create(cu, 0, UserType::Cu, "x", USER_PW)),
        ErrorCode::InvalidUserType
    );
    let mut fresh = Sim::new(1);
    let preco = fresh.session();
    ok(fresh.login(preco, 0, UserType::Preco, "admin", common::FACTORY_PW));
    assert_eq!(
        code(fresh.create(preco, 0, UserType::Cu, "x", USER_PW)),
        ErrorCode::InvalidUserType
    );
}

#[test]
fn the_user_limit_counts_every_user_on_the_hsm() {
    let mut sim = Sim::with_config(
        1,
        CoreConfig {
            max_users: 4,
            ..CoreConfig::default()
        },
    );
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Cu, "u1", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "u2", USER_PW));
    let err = code(sim.create(co, 0, UserType::Cu, "u3", USER_PW));
    assert_eq!(err, ErrorCode::UserLimitReached);
    assert_eq!(err.value(), 0xec);
    assert_eq!(sim.users(0).len(), 4);
    // Deleting frees a slot; the refused create used no ID, the deleted one stays used.
    ok(sim.delete(co, 0, UserType::Cu, "u1"));
    ok(sim.create(co, 0, UserType::Cu, "u3", USER_PW));
    assert_eq!(sim.user(0, "u3").unwrap().id, UserId(5));
}

#[test]
fn the_default_limit_is_1024_users_per_hsm() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    let password = pw(USER_PW);
    for n in 0..1022 {
        ok(sim.run(
            co,
            0,
            Command::CreateUser {
                user_type: UserType::Cu,
                name: format!("user{n}"),
                password: password.clone(),
            },
        ));
    }
    assert_eq!(sim.users(0).len(), 1024);
    assert_eq!(
        code(sim.run(
            co,
            0,
            Command::CreateUser {
                user_type: UserType::Cu,
                name: "one_too_many".into(),
                password,
            },
        )),
        ErrorCode::UserLimitReached
    );
    assert_eq!(sim.users(0).last().map(|u| u.id), Some(UserId(1024)));
}
