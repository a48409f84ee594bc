//! The object gate as complete tables, driven through `Core::execute` (docs/kmu.md §4.1,
//! docs/cmu.md §2.4, STYLE.md "Permission checks: two gates"): every (relationship, action)
//! pair for a secret key, a private key and a public key.
//!
//! Relationships: the owner (`bob`), a crypto user the key is shared with at creation
//! (`carol`, via `KeyTemplate::share_with`), another crypto user (`dave`) and a crypto
//! officer (`admin`). The appliance user cannot log in (`loginHSM` refuses the AU type), so
//! its column is unreachable through `Core`; the unit table in `policy.rs` covers it.
//!
//! Destructive probes (delete, share, set attribute) run on a fresh set of keys each.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes, UserId, UserType};

use common::{attr, bytes, p256, tpl, Sim, USER_PW};
use hsm_core::SessionId;
use hsm_proto::keys::{AttrValue, KeyFilter, KeyReply, KeyRequest, KeyTemplate, WrapParams};

/// `Y` success, `D` key access denied (0xc6), `H` invalid handle (0xa8: the key is
/// invisible; for listings: not listed), `T` invalid user type (0xdb: the role gate),
/// `I` invalid input (0xe7: the command does not apply to this kind of key).
type Row = (Action, [char; 4]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// `findKey` lists it.
    Find,
    /// CMU `findAllKeys <owner>` lists it (officers only).
    FindAllKeys,
    /// `findSingleKey`.
    FindSingle,
    /// `getAttribute`.
    GetAttributes,
    /// `getKeyInfo`.
    GetKeyInfo,
    /// Use: wrap the actor's own key with it (secret), sign (private), verify (public).
    Use,
    /// Use as the unwrapping key of `unWrapKey`.
    UseToUnwrap,
    /// Use as the transport key of `exSymKey -w`.
    UseAsTransport,
    /// `aesWrapUnwrap -w`.
    AesWrapUnwrap,
    /// `getCaviumPrivKey`.
    FakePem,
    /// `exportPubKey`.
    ExportPublic,
    /// `exSymKey -k` (secret) or `exportPrivateKey -k` (private and public).
    Export,
    /// `wrapKey -k`.
    Wrap,
    /// `extractMaskedObject`.
    Mask,
    /// `deleteKey`.
    Delete,
    /// CMU `shareKey <h> <dave> 1`.
    Share,
    /// CMU `setAttribute <h> 3 <label>`.
    SetLabel,
    /// CMU `setAttribute <h> 134 1`.
    SetTrusted,
}

/// Columns: owner, shared user, other CU, CO.
const SECRET: [Row; 18] = [
    (Action::Find, ['Y', 'Y', 'H', 'T']),
    (Action::FindAllKeys, ['T', 'T', 'T', 'Y']),
    (Action::FindSingle, ['Y', 'Y', 'H', 'T']),
    (Action::GetAttributes, ['Y', 'Y', 'H', 'T']),
    (Action::GetKeyInfo, ['Y', 'Y', 'H', 'T']),
    (Action::Use, ['Y', 'Y', 'H', 'T']),
    (Action::UseToUnwrap, ['Y', 'Y', 'H', 'T']),
    (Action::UseAsTransport, ['Y', 'Y', 'H', 'T']),
    (Action::AesWrapUnwrap, ['Y', 'Y', 'H', 'T']),
    (Action::FakePem, ['I', 'I', 'H', 'T']),
    (Action::ExportPublic, ['D', 'D', 'H', 'T']),
    (Action::Export, ['Y', 'D', 'H', 'T']),
    (Action::Wrap, ['Y', 'D', 'H', 'T']),
    (Action::Mask, ['Y', 'D', 'H', 'T']),
    (Action::Delete, ['Y', 'D', 'H', 'T']),
    (Action::Share, ['Y', 'D', 'H', 'T']),
    (Action::SetLabel, ['Y', 'D', 'H', 'T']),
    (Action::SetTrusted, ['T', 'T', 'T', 'Y']),
];

/// The private half of a P-256 pair, shared with `carol`.
const PRIVATE: [Row; 18] = [
    (Action::Find, ['Y', 'Y', 'H', 'T']),
    (Action::FindAllKeys, ['T', 'T', 'T', 'Y']),
    (Action::FindSingle, ['Y', 'Y', 'H', 'T']),
    (Action::GetAttributes, ['Y', 'Y', 'H', 'T']),
    (Action::GetKeyInfo, ['Y', 'Y', 'H', 'T']),
    (Action::Use, ['Y', 'Y', 'H', 'T']),
    (Action::UseToUnwrap, ['I', 'I', 'H', 'T']),
    (Action::UseAsTransport, ['I', 'I', 'H', 'T']),
    (Action::AesWrapUnwrap, ['I', 'I', 'H', 'T']),
    (Action::FakePem, ['Y', 'Y', 'H', 'T']),
    (Action::ExportPublic, ['D', 'D', 'H', 'T']),
    (Action::Export, ['Y', 'D', 'H', 'T']),
    (Action::Wrap, ['Y', 'D', 'H', 'T']),
    (Action::Mask, ['Y', 'D', 'H', 'T']),
    (Action::Delete, ['Y', 'D', 'H', 'T']),
    (Action::Share, ['Y', 'D', 'H', 'T']),
    (Action::SetLabel, ['Y', 'D', 'H', 'T']),
    (Action::SetTrusted, ['T', 'T', 'T', 'Y']),
];

/// The public half of the same pair: every crypto user may find, read and use it; only
/// the owner may delete or modify it; nobody may share it (docs/kmu.md §4.1, docs/cmu.md §3.19).
const PUBLIC: [Row; 18] = [
    (Action::Find, ['Y', 'Y', 'Y', 'T']),
    (Action::FindAllKeys, ['T', 'T', 'T', 'Y']),
    (Action::FindSingle, ['Y', 'Y', 'Y', 'T']),
    (Action::GetAttributes, ['Y', 'Y', 'Y', 'T']),
    (Action::GetKeyInfo, ['Y', 'Y', 'Y', 'T']),
    (Action::Use, ['Y', 'Y', 'Y', 'T']),
    (Action::UseToUnwrap, ['I', 'I', 'I', 'T']),
    (Action::UseAsTransport, ['I', 'I', 'I', 'T']),
    (Action::AesWrapUnwrap, ['I', 'I', 'I', 'T']),
    (Action::FakePem, ['I', 'I', 'I', 'T']),
    (Action::ExportPublic, ['Y', 'Y', 'Y', 'T']),
    (Action::Export, ['I', 'D', 'D', 'T']),
    (Action::Wrap, ['I', 'D', 'D', 'T']),
    (Action::Mask, ['Y', 'D', 'D', 'T']),
    (Action::Delete, ['Y', 'D', 'D', 'T']),
    (Action::Share, ['I', 'D', 'D', 'T']),
    (Action::SetLabel, ['Y', 'D', 'D', 'T']),
    (Action::SetTrusted, ['T', 'T', 'T', 'Y']),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Secret,
    Private,
    Public,
}

/// One cluster, its four actors, and a key of each actor's own to wrap and export with.
struct World {
    sim: Sim,
    /// Sessions: owner, shared user, other CU, CO.
    actors: [SessionId; 4],
    /// Each crypto user's own extractable AES key (owner, shared user, other CU).
    own_aes: [KeyHandle; 3],
    dave: u32,
}

/// A fresh set of keys owned by `bob`, shared with `carol`.
struct Keys {
    aes: KeyHandle,
    ec_public: KeyHandle,
    ec_private: KeyHandle,
    /// `bob`'s own AES key wrapped (mechanism 4, with header) under `aes`.
    wrapped_by_aes: Vec<u8>,
    /// A P-256 signature over [`MESSAGE`] by `ec_private`.
    signature: Vec<u8>,
}

const MESSAGE: &[u8] = b"ownership table";

fn world() -> World {
    let (mut sim, co, ids) = Sim::with_cus(1, &["bob", "carol", "dave"]);
    let sessions: Vec<SessionId> = ["bob", "carol", "dave"].iter().map(|n| sim.cu(n)).collect();
    let own_aes = [0, 1, 2].map(|i| sim.aes(sessions[i], 0, tpl("own")));
    World {
        sim,
        actors: [sessions[0], sessions[1], sessions[2], co],
        own_aes,
        dave: ids[2].0,
    }
}

fn fresh_keys(w: &mut World) -> Keys {
    let bob = w.actors[0];
    let carol = w.sim.user_id(0, "carol");
    let shared = KeyTemplate {
        share_with: vec![carol],
        ..tpl("target")
    };
    let aes = w.sim.aes(bob, 0, shared.clone());
    let (ec_public, ec_private) = w.sim.ec_pair(bob, 0, shared);
    let wrapped_by_aes = common::wrapped(w.sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: w.own_aes[0],
            wrapping: aes,
            params: mech(4),
        },
    ))
    .0;
    let signature = bytes(w.sim.key_ok(
        bob,
        0,
        KeyRequest::Sign {
            handle: ec_private,
            mechanism: 17,
            data: MESSAGE.to_vec(),
        },
    ));
    Keys {
        aes,
        ec_public,
        ec_private,
        wrapped_by_aes,
        signature,
    }
}

fn mech(mechanism: u32) -> WrapParams {
    WrapParams {
        mechanism,
        hash: 2,
        ..WrapParams::default()
    }
}

/// Runs `action` on the key of `kind` as actor `a` (0 owner … 3 CO); `Ok` or the code.
fn probe(
    w: &mut World,
    keys: &Keys,
    kind: Kind,
    a: usize,
    action: Action,
) -> Result<(), ErrorCode> {
    let sid = w.actors[a];
    // The CO has no key of its own; any handle will do, the gate refuses first.
    let own = w.own_aes[a.min(2)];
    let target = match kind {
        Kind::Secret => keys.aes,
        Kind::Private => keys.ec_private,
        Kind::Public => keys.ec_public,
    };
    let bob_id = w.sim.user_id(0, "bob");
    let request = match action {
        Action::Find => {
            let outcome = w
                .sim
                .key(sid, 0, KeyRequest::FindKeys(KeyFilter::default()));
            return match outcome.result {
                Ok(KeyReply::Handles(h)) if h.contains(&target) => Ok(()),
                Ok(_) => Err(ErrorCode::InvalidHandle),
                Err(e) => Err(e.code()),
            };
        }
        Action::FindAllKeys => {
            let request = KeyRequest::FindAllKeys {
                user_id: bob_id,
                hash: true,
            };
            return match w.sim.key(sid, 0, request).result {
                Ok(KeyReply::AllKeys { keys: listed, .. })
                    if listed.iter().any(|k| k.handle == target && k.owned) =>
                {
                    Ok(())
                }
                Ok(_) => Err(ErrorCode::InvalidHandle),
                Err(e) => Err(e.code()),
            };
        }
        Action::FindSingle => KeyRequest::FindSingleKey { handle: target },
        Action::GetAttributes => KeyRequest::GetAttributes { handle: target },
        Action::GetKeyInfo => KeyRequest::GetKeyInfo { handle: target },
        Action::Use => match kind {
            Kind::Secret => KeyRequest::WrapKey {
                handle: own,
                wrapping: target,
                params: mech(4),
            },
            Kind::Private => KeyRequest::Sign {
                handle: target,
                mechanism: 17,
                data: MESSAGE.to_vec(),
            },
            Kind::Public => KeyRequest::Verify {
                handle: target,
                mechanism: 17,
                data: MESSAGE.to_vec(),
                signature: keys.signature.clone(),
            },
        },
        Action::UseToUnwrap => KeyRequest::UnwrapKey {
            blob: keys.wrapped_by_aes.clone(),
            wrapping: target,
            params: mech(4),
            no_header: None,
            template: tpl("unwrapped"),
        },
        Action::UseAsTransport => KeyRequest::ExportSymKey {
            handle: own,
            wrapping: target,
            host_key: None,
        },
        Action::AesWrapUnwrap => KeyRequest::AesWrapUnwrap {
            handle: target,
            wrap: true,
            data: SecretBytes::new(b"0123456789abcdef".to_vec()),
            iv: None,
        },
        Action::FakePem => KeyRequest::FakePem { handle: target },
        Action::ExportPublic => KeyRequest::ExportPublicKey { handle: target },
        Action::Export => match kind {
            Kind::Secret => KeyRequest::ExportSymKey {
                handle: target,
                wrapping: own,
                host_key: None,
            },
            Kind::Private | Kind::Public => KeyRequest::ExportPrivateKey {
                handle: target,
                wrapping: own,
                host_key: None,
            },
        },
        Action::Wrap => KeyRequest::WrapKey {
            handle: target,
            wrapping: own,
            params: mech(4),
        },
        Action::Mask => KeyRequest::ExtractMaskedObject { handle: target },
        Action::Delete => KeyRequest::DeleteKey { handle: target },
        Action::Share => KeyRequest::ShareKey {
            handle: target,
            users: vec![UserId(w.dave)],
            share: true,
        },
        Action::SetLabel => KeyRequest::SetAttribute {
            handle: target,
            attribute: attr::LABEL,
            value: AttrValue::Text("relabelled".into()),
        },
        Action::SetTrusted => KeyRequest::SetAttribute {
            handle: target,
            attribute: attr::TRUSTED,
            value: AttrValue::Byte(1),
        },
    };
    w.sim
        .key(sid, 0, request)
        .result
        .map(|_| ())
        .map_err(|e| e.code())
}

fn letter(result: Result<(), ErrorCode>) -> String {
    match result {
        Ok(()) => "Y".into(),
        Err(ErrorCode::KeyAccessDenied) => "D".into(),
        Err(ErrorCode::InvalidHandle) => "H".into(),
        Err(ErrorCode::InvalidUserType) => "T".into(),
        Err(ErrorCode::InvalidInput) => "I".into(),
        Err(other) => format!("{other:?}"),
    }
}

fn check_table(kind: Kind, table: &[Row]) {
    const WHO: [&str; 4] = ["owner", "shared user", "other CU", "CO"];
    let mut w = world();
    let mut keys = fresh_keys(&mut w);
    let mut wrong = Vec::new();
    for (action, row) in table {
        for (a, want) in row.iter().enumerate() {
            let got = letter(probe(&mut w, &keys, kind, a, *action));
            if got != want.to_string() {
                wrong.push(format!(
                    "{action:?} by {} on a {kind:?} key: want {want}, got {got}",
                    WHO[a]
                ));
            }
            // A successful change or deletion would spoil the next probes.
            if matches!(action, Action::Delete | Action::Share | Action::SetLabel) {
                keys = fresh_keys(&mut w);
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_relationship_and_action_on_a_secret_key() {
    check_table(Kind::Secret, &SECRET);
}

#[test]
fn every_relationship_and_action_on_a_private_key() {
    check_table(Kind::Private, &PRIVATE);
}

#[test]
fn every_relationship_and_action_on_a_public_key() {
    check_table(Kind::Public, &PUBLIC);
}

#[test]
fn the_tables_cover_every_action_once() {
    for table in [&SECRET, &PRIVATE, &PUBLIC] {
        let actions: Vec<Action> = table.iter().map(|(a, _)| *a).collect();
        for (i, a) in actions.iter().enumerate() {
            assert!(!actions[i + 1..].contains(a), "{a:?} twice");
        }
        assert_eq!(actions.len(), 18);
    }
}

#[test]
fn an_rsa_public_key_wraps_for_every_crypto_user_and_its_private_key_unwraps_for_the_sharee() {
    let mut w = world();
    let bob = w.actors[0];
    let carol = w.sim.user_id(0, "carol");
    let (public, private) = w.sim.rsa_pair(
        bob,
        0,
        KeyTemplate {
            share_with: vec![carol],
            ..tpl("rsa")
        },
    );
    for a in 0..3 {
        let sid = w.actors[a];
        let blob = common::wrapped(w.sim.key_ok(
            sid,
            0,
            KeyRequest::WrapKey {
                handle: w.own_aes[a],
                wrapping: public,
                params: mech(8),
            },
        ))
        .0;
        let unwrap = KeyRequest::UnwrapKey {
            blob,
            wrapping: private,
            params: mech(8),
            no_header: None,
            template: tpl("back"),
        };
        let got = letter(
            w.sim
                .key(sid, 0, unwrap)
                .result
                .map(|_| ())
                .map_err(|e| e.code()),
        );
        assert_eq!(
            got,
            ["Y", "Y", "H"][a],
            "unwrap with the private key as actor {a}"
        );
    }
    let co = w.actors[3];
    let wrap = KeyRequest::WrapKey {
        handle: w.own_aes[0],
        wrapping: public,
        params: mech(8),
    };
    assert_eq!(w.sim.key_err(co, 0, wrap), ErrorCode::InvalidUserType);
}

#[test]
fn the_officer_may_mark_any_key_trusted_but_change_nothing_else() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let co = w.actors[3];
    for handle in [keys.aes, keys.ec_private, keys.ec_public] {
        w.sim.key_ok(
            co,
            0,
            KeyRequest::SetAttribute {
                handle,
                attribute: attr::TRUSTED,
                value: AttrValue::Byte(1),
            },
        );
        assert_eq!(
            w.sim.attribute(w.actors[0], 0, handle, attr::TRUSTED),
            AttrValue::Byte(1)
        );
        for (attribute, value) in [
            (attr::LABEL, AttrValue::Text("x".into())),
            (attr::ENCRYPT, AttrValue::Byte(0)),
            (attr::DESTROYABLE, AttrValue::Byte(0)),
            (attr::WRAP_WITH_TRUSTED, AttrValue::Byte(1)),
        ] {
            let request = KeyRequest::SetAttribute {
                handle,
                attribute,
                value,
            };
            assert_eq!(
                w.sim.key_err(co, 0, request),
                ErrorCode::InvalidUserType,
                "attribute {attribute}"
            );
        }
    }
}

/// docs/kmu.md §3.3 and §2.30: OBJ_ATTR_TOKEN is changed by the owner only, and the brief's
/// role rule: an officer may set OBJ_ATTR_TRUSTED and nothing else.
#[test]
fn only_the_owner_may_set_the_token_attribute() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let set_token = |handle| KeyRequest::SetAttribute {
        handle,
        attribute: attr::TOKEN,
        value: AttrValue::Byte(1),
    };
    // Already a token key: the owner's request is a successful no-op (docs/kmu.md §2.30).
    w.sim.key_ok(w.actors[0], 0, set_token(keys.aes));
    assert_eq!(
        w.sim.key_err(w.actors[1], 0, set_token(keys.aes)),
        ErrorCode::KeyAccessDenied
    );
    assert_eq!(
        w.sim.key_err(w.actors[2], 0, set_token(keys.aes)),
        ErrorCode::InvalidHandle
    );
    assert_eq!(
        w.sim.key_err(w.actors[2], 0, set_token(keys.ec_public)),
        ErrorCode::KeyAccessDenied
    );
    assert_eq!(
        w.sim.key_err(w.actors[3], 0, set_token(keys.aes)),
        ErrorCode::InvalidUserType,
        "an officer may only set OBJ_ATTR_TRUSTED"
    );
}

#[test]
fn sharing_later_lets_the_new_user_use_but_not_manage_and_unsharing_hides_the_key_again() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let (bob, dave) = (w.actors[0], w.actors[2]);
    let probe_sign = |handle| KeyRequest::Sign {
        handle,
        mechanism: 17,
        data: MESSAGE.to_vec(),
    };
    assert_eq!(
        w.sim.key_err(dave, 0, probe_sign(keys.ec_private)),
        ErrorCode::InvalidHandle
    );
    let share = |share| KeyRequest::ShareKey {
        handle: keys.ec_private,
        users: vec![UserId(w.dave)],
        share,
    };
    w.sim.key_ok(bob, 0, share(true));
    w.sim.key_ok(dave, 0, probe_sign(keys.ec_private));
    let carol = w.sim.user_id(0, "carol");
    assert_eq!(
        w.sim.key_info(bob, 0, keys.ec_private),
        (w.sim.user_id(0, "bob"), vec![carol, UserId(w.dave)], 0)
    );
    assert_eq!(
        w.sim.key_err(
            dave,
            0,
            KeyRequest::DeleteKey {
                handle: keys.ec_private
            }
        ),
        ErrorCode::KeyAccessDenied
    );
    w.sim.key_ok(bob, 0, share(false));
    assert_eq!(
        w.sim.key_err(dave, 0, probe_sign(keys.ec_private)),
        ErrorCode::InvalidHandle
    );
    // Unsharing a user who is not in the list, or sharing with the owner, is refused.
    assert_eq!(w.sim.key_err(bob, 0, share(false)), ErrorCode::InvalidInput);
    let bob_id = w.sim.user_id(0, "bob");
    let with_owner = KeyRequest::ShareKey {
        handle: keys.ec_private,
        users: vec![bob_id],
        share: true,
    };
    assert_eq!(w.sim.key_err(bob, 0, with_owner), ErrorCode::InvalidInput);
}

#[test]
fn get_key_info_of_a_public_key_shows_only_the_owner() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let (bob_id, carol) = (w.sim.user_id(0, "bob"), w.sim.user_id(0, "carol"));
    for a in 0..3 {
        assert_eq!(
            w.sim.key_info(w.actors[a], 0, keys.ec_public),
            (bob_id, vec![], 0)
        );
    }
    assert_eq!(
        w.sim.key_info(w.actors[1], 0, keys.ec_private),
        (bob_id, vec![carol], 0)
    );
}

#[test]
fn find_key_lists_own_shared_and_every_public_key_and_filters_by_user() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let (bob, carol, dave) = (w.actors[0], w.actors[1], w.actors[2]);
    let all_bob = w.sim.find_all(bob, 0);
    for h in [keys.aes, keys.ec_public, keys.ec_private, w.own_aes[0]] {
        assert!(all_bob.contains(&h), "bob sees {h}");
    }
    assert!(
        !all_bob.contains(&w.own_aes[1]),
        "bob does not see carol's key"
    );
    let all_dave = w.sim.find_all(dave, 0);
    assert!(all_dave.contains(&keys.ec_public));
    assert!(!all_dave.contains(&keys.aes));
    assert!(!all_dave.contains(&keys.ec_private));
    // `findKey -u <carol>` run by dave: keys dave sees that carol can use.
    let carol_id = w.sim.user_id(0, "carol");
    let by_carol = w.sim.find(
        dave,
        0,
        KeyFilter {
            users: vec![carol_id],
            ..KeyFilter::default()
        },
    );
    assert!(by_carol.contains(&keys.ec_public));
    assert!(
        !by_carol.contains(&keys.aes),
        "visible to dave only if public"
    );
    let carol_sees = w.sim.find(
        carol,
        0,
        KeyFilter {
            users: vec![carol_id],
            class: Some(4),
            ..KeyFilter::default()
        },
    );
    assert!(carol_sees.contains(&keys.aes) && carol_sees.contains(&w.own_aes[1]));
}

#[test]
fn key_commands_need_a_crypto_user_login() {
    let mut w = world();
    let keys = fresh_keys(&mut w);
    let nobody = w.sim.session();
    assert_eq!(
        w.sim
            .key_err(nobody, 0, KeyRequest::GetAttributes { handle: keys.aes }),
        ErrorCode::NotLoggedIn
    );
    assert_eq!(
        w.sim.key_err(
            nobody,
            0,
            KeyRequest::GenerateKey {
                spec: p256(),
                template: tpl("x"),
            }
        ),
        ErrorCode::NotLoggedIn
    );
    // The officer may not create keys either.
    assert_eq!(
        w.sim.key_err(
            w.actors[3],
            0,
            KeyRequest::GenerateKey {
                spec: p256(),
                template: tpl("x"),
            }
        ),
        ErrorCode::InvalidUserType
    );
}

/// The AU column of the tables is unreachable: nobody can log in as `app_user`, so the
/// model never sees an AU caller (docs/cmu.md §2.4 "[REC] refuse AU").
#[test]
fn the_appliance_user_cannot_log_in_to_reach_key_commands() {
    let mut w = world();
    let sid = w.sim.session();
    let hsm = w.sim.hsm(0);
    let refused = w
        .sim
        .begin_login(sid, &hsm, UserType::Au, "app_user", USER_PW);
    assert_eq!(common::code(refused), ErrorCode::InvalidUserType);
    let refused = w.sim.login(sid, 0, UserType::Cu, "app_user", USER_PW);
    assert_eq!(common::code(refused), ErrorCode::UserDoesNotExist);
}
