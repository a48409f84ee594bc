//! The gates as complete tables.

use super::*;
use crate::objects::{KeyClass, KeyFacts, KeyFlags};
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes, UserId};
use std::collections::BTreeSet;

const ROLES: [UserType; 5] = [
    UserType::Preco,
    UserType::Co,
    UserType::Pco,
    UserType::Cu,
    UserType::Au,
];

fn actors() -> Vec<Actor> {
    let mut all = vec![Actor::Anonymous];
    all.extend(ROLES.map(|user_type| Actor::User {
        id: UserId(7),
        user_type,
    }));
    all
}

/// docs/cmu.md §2.4, one row per command; columns: not logged in, PRECO, CO, PCO, CU, AU.
/// `Y` = allowed, `L` = not logged in, `T` = invalid user type, `A` = already logged in.
const TABLE: [(CommandKind, [char; 6]); 10] = [
    (CommandKind::Login, ['Y', 'A', 'A', 'A', 'A', 'A']),
    (CommandKind::Logout, ['L', 'Y', 'Y', 'Y', 'Y', 'Y']),
    (
        CommandKind::ChangeOwnPassword,
        ['L', 'Y', 'Y', 'Y', 'Y', 'Y'],
    ),
    (
        CommandKind::ChangeOtherPassword,
        ['L', 'T', 'Y', 'Y', 'T', 'T'],
    ),
    (CommandKind::CreateUser, ['L', 'T', 'Y', 'Y', 'T', 'T']),
    (CommandKind::DeleteUser, ['L', 'T', 'Y', 'Y', 'T', 'T']),
    (
        CommandKind::RestoreDeletedUser,
        ['L', 'T', 'Y', 'Y', 'T', 'T'],
    ),
    (CommandKind::ListUsers, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
    (CommandKind::LoginState, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
    (CommandKind::HsmInfo, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
];

fn letter(result: Result<(), HsmError>) -> char {
    match result {
        Ok(()) => 'Y',
        Err(e) => match e.code() {
            ErrorCode::NotLoggedIn => 'L',
            ErrorCode::InvalidUserType => 'T',
            ErrorCode::AlreadyLoggedIn => 'A',
            ErrorCode::KeyAccessDenied => 'D',
            ErrorCode::InvalidHandle => 'H',
            ErrorCode::MxnAuthFailed => 'M',
            other => panic!("unexpected {other:?}"),
        },
    }
}

#[test]
fn every_user_type_and_command_pair() {
    assert_eq!(TABLE.len(), CommandKind::ALL.len());
    for kind in CommandKind::ALL {
        let (_, row) = TABLE
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("row for every kind");
        for (actor, want) in actors().into_iter().zip(row) {
            let got = letter(command_allowed(actor, kind));
            assert_eq!(got, *want, "{kind:?} as {actor:?}");
        }
    }
}

/// Key commands; columns: not logged in, PRECO, CO, PCO, CU, AU.
fn key_row(command: KeyCommand) -> [char; 6] {
    match command {
        KeyCommand::FindAllKeys => ['L', 'T', 'Y', 'Y', 'T', 'Y'],
        KeyCommand::SetAttribute => ['L', 'T', 'Y', 'Y', 'Y', 'T'],
        _ => ['L', 'T', 'T', 'T', 'Y', 'T'],
    }
}

#[test]
fn every_user_type_and_key_command_pair() {
    for command in KeyCommand::ALL {
        for (actor, want) in actors().into_iter().zip(key_row(command)) {
            let got = letter(command_allowed(actor, CommandKind::Key(command)));
            assert_eq!(got, want, "{command:?} as {actor:?}");
        }
    }
}

#[test]
fn target_rules_for_every_user_type() {
    // Columns: PRECO, CO, PCO, CU, AU.
    type Rule = fn(UserType) -> Result<(), HsmError>;
    let rows: [(&str, Rule, [char; 5]); 4] = [
        ("login", login_type_allowed, ['Y', 'Y', 'Y', 'Y', 'T']),
        (
            "create/delete",
            managed_type_allowed,
            ['T', 'Y', 'Y', 'Y', 'T'],
        ),
        (
            "another's password",
            |t| password_target_allowed(false, t),
            ['T', 'Y', 'Y', 'Y', 'T'],
        ),
        (
            "own password",
            |t| password_target_allowed(true, t),
            ['Y', 'Y', 'Y', 'Y', 'Y'],
        ),
    ];
    for (what, rule, row) in rows {
        for (user_type, want) in ROLES.into_iter().zip(row) {
            assert_eq!(letter(rule(user_type)), want, "{what} of {user_type:?}");
        }
    }
}

#[test]
fn attribute_changes_by_role() {
    // Columns: PRECO, CO, PCO, CU, AU; rows TOKEN, TRUSTED, another attribute (LABEL).
    let rows = [
        (TOKEN, ['T', 'T', 'T', 'Y', 'T']),
        (TRUSTED, ['T', 'Y', 'Y', 'T', 'T']),
        (3, ['T', 'T', 'T', 'Y', 'T']),
    ];
    for (attribute, row) in rows {
        for (user_type, want) in ROLES.into_iter().zip(row) {
            let got = letter(attribute_change_allowed(user_type, attribute));
            assert_eq!(got, want, "attribute {attribute} by {user_type:?}");
        }
    }
    assert_eq!(letter(token_change_allowed(true)), 'Y');
    assert_eq!(letter(token_change_allowed(false)), 'D');
}

const OWNER: UserId = UserId(3);
const SHARED: UserId = UserId(4);

fn key(class: KeyClass, flags_set: bool, m_value: u32) -> Key {
    let all = KeyFlags {
        sign: flags_set,
        verify: flags_set,
        wrap: flags_set,
        unwrap: flags_set,
        extractable: flags_set,
        destroyable: flags_set,
        ..KeyFlags::default()
    };
    Key {
        handle: KeyHandle(6),
        class,
        key_type: 0,
        owner: OWNER,
        shared_with: BTreeSet::from([SHARED]),
        m_value,
        token: true,
        label: String::new(),
        id: String::new(),
        flags: all,
        facts: KeyFacts::default(),
        material: SecretBytes::new(Vec::new()),
    }
}

/// Every role and ownership, with the relation it gives for a private and a public key.
#[test]
fn every_role_and_ownership_gives_one_relation() {
    use Relation as R;
    let other = |public_key| R::OtherCryptoUser { public_key };
    // (role, caller id) → relation to a private key, relation to a public key.
    let rows = [
        (UserType::Cu, OWNER, R::Owner, R::Owner),
        (UserType::Cu, SHARED, R::SharedUser, R::SharedUser),
        (UserType::Cu, UserId(9), other(false), other(true)),
        (UserType::Co, OWNER, R::Officer, R::Officer),
        (UserType::Pco, UserId(9), R::Officer, R::Officer),
        (UserType::Preco, UserId(9), R::Officer, R::Officer),
        (UserType::Au, UserId(9), R::Appliance, R::Appliance),
    ];
    for (user_type, id, private, public) in rows {
        let actor = Actor::User { id, user_type };
        assert_eq!(relation(actor, &key(KeyClass::Private, true, 0)), private);
        assert_eq!(relation(actor, &key(KeyClass::Public, true, 0)), public);
    }
}

const ACTIONS: [KeyAction; 14] = [
    KeyAction::Find,
    KeyAction::ReadAttributes,
    KeyAction::Use,
    KeyAction::Sign,
    KeyAction::Verify,
    KeyAction::WrapWith,
    KeyAction::UnwrapWith,
    KeyAction::ExportPublic,
    KeyAction::Export,
    KeyAction::Wrap,
    KeyAction::Delete,
    KeyAction::Share,
    KeyAction::SetAttribute,
    KeyAction::Mask,
];

/// docs/kmu.md §4.1 and docs/cmu.md §2.4. Rows are actions; columns owner, shared user,
/// other CU on a public key, other CU on a private key, officer, AU. A cell is `Y`
/// (allowed), `D` (key access denied), `H` (invisible), or the conditions the key must
/// meet, checked in order: `f` its flag for the action (else `D`), `q` no quorum (else
/// `M`), `p` public (else `D`).
const OBJECT_TABLE: [(KeyAction, [&str; 6]); 14] = [
    (KeyAction::Find, ["Y", "Y", "Y", "H", "Y", "Y"]),
    (KeyAction::ReadAttributes, ["Y", "Y", "Y", "H", "D", "D"]),
    (KeyAction::Use, ["Y", "Y", "Y", "H", "D", "D"]),
    (KeyAction::Sign, ["fq", "fq", "fq", "H", "D", "D"]),
    (KeyAction::Verify, ["f", "f", "f", "H", "D", "D"]),
    (KeyAction::WrapWith, ["fq", "fq", "fq", "H", "D", "D"]),
    (KeyAction::UnwrapWith, ["fq", "fq", "fq", "H", "D", "D"]),
    (KeyAction::ExportPublic, ["p", "p", "p", "H", "D", "D"]),
    (KeyAction::Export, ["fq", "D", "D", "H", "D", "D"]),
    (KeyAction::Wrap, ["fq", "D", "D", "H", "D", "D"]),
    (KeyAction::Delete, ["qf", "D", "D", "H", "D", "D"]),
    (KeyAction::Share, ["q", "D", "D", "H", "D", "D"]),
    (KeyAction::SetAttribute, ["Y", "D", "D", "H", "Y", "D"]),
    (KeyAction::Mask, ["Y", "D", "D", "H", "D", "D"]),
];

/// What a cell predicts for a key with these facts.
fn expected(cell: &str, flags_set: bool, quorum: bool, public: bool) -> char {
    for condition in cell.chars() {
        let refusal = match condition {
            'f' if !flags_set => 'D',
            'q' if quorum => 'M',
            'p' if !public => 'D',
            'f' | 'q' | 'p' => continue,
            verdict => verdict,
        };
        return refusal;
    }
    'Y'
}

#[test]
fn every_role_relation_action_and_flag_combination() {
    assert_eq!(OBJECT_TABLE.len(), ACTIONS.len());
    // (role, caller id, table column for a private key, for a public key)
    let callers = [
        (UserType::Cu, OWNER, 0, 0),
        (UserType::Cu, SHARED, 1, 1),
        (UserType::Cu, UserId(9), 3, 2),
        (UserType::Co, UserId(9), 4, 4),
        (UserType::Pco, UserId(9), 4, 4),
        (UserType::Preco, UserId(9), 4, 4),
        (UserType::Au, UserId(9), 5, 5),
    ];
    let mut checked = 0;
    for (action, row) in OBJECT_TABLE {
        assert!(ACTIONS.contains(&action));
        for (user_type, id, private_col, public_col) in callers {
            for class in [KeyClass::Public, KeyClass::Private, KeyClass::Secret] {
                for flags_set in [true, false] {
                    for m_value in [0, 1, 2, 8] {
                        let public = class == KeyClass::Public;
                        let cell = row[if public { public_col } else { private_col }];
                        let want = expected(cell, flags_set, m_value >= 2, public);
                        let key = key(class, flags_set, m_value);
                        let got = letter(key_allowed(Actor::User { id, user_type }, &key, action));
                        assert_eq!(
                            got, want,
                            "{action:?} by {user_type:?} #{id} on {class:?} \
                             (flags {flags_set}, m {m_value})"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 14 * 7 * 3 * 2 * 4);
}

#[test]
fn wrap_with_trusted_needs_a_trusted_wrapper() {
    let mut target = key(KeyClass::Secret, true, 0);
    let mut wrapper = key(KeyClass::Secret, true, 0);
    for (demands, trusted, want) in [
        (false, false, 'Y'),
        (false, true, 'Y'),
        (true, true, 'Y'),
        (true, false, 'D'),
    ] {
        target.flags.wrap_with_trusted = demands;
        wrapper.flags.trusted = trusted;
        assert_eq!(letter(wrap_under_allowed(&target, &wrapper)), want);
    }
}
