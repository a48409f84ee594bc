//! The command gate as a complete table, driven through `Core` (docs/cmu.md §2.4): every
//! (caller type, command) pair. The unit test in `policy.rs` covers the gate function;
//! this one also covers how `Core` picks the gate entry (own vs. another's password).
//!
//! Each probe is built so that, once past the gate, the command fails harmlessly for a
//! reason of its own (bad password length, unknown name…), so one HSM state serves the
//! whole table. The AU column is unreachable: nobody can log in as `app_user`.

use crate::common;

use common::{ok, Sim, ADMIN_PW, FACTORY_PW, USER_PW};
use hsm_core::{Command, HsmError, Reply, SessionId};
use hsm_proto::{ErrorCode, Secret, UserType};

#[derive(Debug, Clone, Copy)]
enum Probe {
    ListUsers,
    LoginState,
    HsmInfo,
    ChangeOwnPassword,
    ChangeOtherPassword,
    CreateUser,
    DeleteUser,
    RestoreDeletedUser,
    Login,
    Logout,
}

/// Columns: not logged in, PRECO, CO, PCO, CU.
/// `Y` = past the gate, `L` = not logged in, `T` = invalid user type, `A` = already logged in.
const TABLE: [(Probe, [char; 5]); 10] = [
    (Probe::ListUsers, ['Y', 'Y', 'Y', 'Y', 'Y']),
    (Probe::LoginState, ['Y', 'Y', 'Y', 'Y', 'Y']),
    (Probe::HsmInfo, ['Y', 'Y', 'Y', 'Y', 'Y']),
    (Probe::ChangeOwnPassword, ['L', 'Y', 'Y', 'Y', 'Y']),
    (Probe::ChangeOtherPassword, ['L', 'T', 'Y', 'Y', 'T']),
    (Probe::CreateUser, ['L', 'T', 'Y', 'Y', 'T']),
    (Probe::DeleteUser, ['L', 'T', 'Y', 'Y', 'T']),
    (Probe::RestoreDeletedUser, ['L', 'T', 'Y', 'Y', 'T']),
    (Probe::Login, ['Y', 'A', 'A', 'A', 'A']),
    (Probe::Logout, ['L', 'Y', 'Y', 'Y', 'Y']),
];

struct Actor {
    label: &'static str,
    sid: SessionId,
    hsm: usize,
    /// The name this actor is logged in as (for "own password").
    name: &'static str,
    user_type: UserType,
}

fn probe(sim: &mut Sim, actor: &Actor, probe: Probe) -> Result<Reply, HsmError> {
    let (sid, i) = (actor.sid, actor.hsm);
    let short = || Secret::new("short");
    match probe {
        Probe::ListUsers => sim.run(sid, i, Command::ListUsers),
        Probe::LoginState => sim.run(sid, i, Command::LoginState),
        Probe::HsmInfo => sim.run(sid, i, Command::HsmInfo),
        Probe::ChangeOwnPassword => sim.run(
            sid,
            i,
            Command::ChangePassword {
                user_type: actor.user_type,
                name: actor.name.to_owned(),
                password: short(),
            },
        ),
        Probe::ChangeOtherPassword => sim.run(
            sid,
            i,
            Command::ChangePassword {
                user_type: UserType::Cu,
                name: "target".to_owned(),
                password: short(),
            },
        ),
        Probe::CreateUser => sim.run(
            sid,
            i,
            Command::CreateUser {
                user_type: UserType::Cu,
                name: "bad-name".to_owned(),
                password: short(),
            },
        ),
        Probe::DeleteUser => sim.run(
            sid,
            i,
            Command::DeleteUser {
                user_type: UserType::Cu,
                name: "nobody".to_owned(),
            },
        ),
        Probe::RestoreDeletedUser => sim.run(
            sid,
            i,
            Command::RestoreDeletedUser {
                name: "nobody".to_owned(),
            },
        ),
        Probe::Login => sim.login(sid, i, UserType::Cu, "nobody", USER_PW),
        Probe::Logout => sim.run(sid, i, Command::Logout),
    }
}

fn verdict(result: &Result<Reply, HsmError>) -> char {
    match result {
        Ok(_) => 'Y',
        Err(e) => match e.code() {
            ErrorCode::NotLoggedIn => 'L',
            ErrorCode::InvalidUserType => 'T',
            ErrorCode::AlreadyLoggedIn => 'A',
            // Refused by the command itself, after the gate.
            _ => 'Y',
        },
    }
}

#[test]
fn every_caller_type_and_command_pair() {
    // HSM 0 activated with users of every type; HSM 1 left with its PRECO.
    let mut sim = Sim::new(2);
    let co = sim.session();
    ok(sim.login(co, 0, UserType::Preco, "admin", FACTORY_PW));
    ok(sim.change(co, 0, UserType::Preco, "admin", ADMIN_PW));
    for (ty, name) in [
        (UserType::Pco, "pat"),
        (UserType::Cu, "cuthbert"),
        (UserType::Cu, "target"),
    ] {
        ok(sim.create(co, 0, ty, name, USER_PW));
    }
    let anonymous = sim.session();
    let preco = sim.session();
    ok(sim.login(preco, 1, UserType::Preco, "admin", FACTORY_PW));
    let pco = sim.session();
    ok(sim.login(pco, 0, UserType::Pco, "pat", USER_PW));
    let cu = sim.session();
    ok(sim.login(cu, 0, UserType::Cu, "cuthbert", USER_PW));

    let actors = [
        Actor {
            label: "not logged in",
            sid: anonymous,
            hsm: 0,
            name: "admin",
            user_type: UserType::Co,
        },
        Actor {
            label: "PRECO",
            sid: preco,
            hsm: 1,
            name: "admin",
            user_type: UserType::Preco,
        },
        Actor {
            label: "CO",
            sid: co,
            hsm: 0,
            name: "admin",
            user_type: UserType::Co,
        },
        Actor {
            label: "PCO",
            sid: pco,
            hsm: 0,
            name: "pat",
            user_type: UserType::Pco,
        },
        Actor {
            label: "CU",
            sid: cu,
            hsm: 0,
            name: "cuthbert",
            user_type: UserType::Cu,
        },
    ];
    let mut mismatches = Vec::new();
    // Row order matters: Logout comes last because it ends the login.
    for (command, row) in TABLE {
        for (actor, want) in actors.iter().zip(row) {
            let result = probe(&mut sim, actor, command);
            let got = verdict(&result);
            if got != want {
                mismatches.push(format!(
                    "{command:?} as {}: want {want}, got {got} ({result:?})",
                    actor.label
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // Nothing in the table changed a user.
    assert_eq!(sim.users(0).len(), 5);
    assert_eq!(sim.user(1, "admin").unwrap().user_type, UserType::Preco);
}
