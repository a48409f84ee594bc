//! Session keys (docs/kmu.md §1.6 `-sess`, §1.7, §2.30, §4.2): they live only on the HSM the
//! session is attached to and only for that session, die with the login or the
//! connection, hold their handle slot while alive, and become token keys (same handle,
//! every HSM) with `setAttribute -a 1`.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle};

use common::{attr, h, node_errors, session_tpl, tpl, Sim};
use hsm_core::SessionId;
use hsm_proto::keys::{AttrValue, KeyFilter, KeyRequest};

const NODE1: u64 = 1 << 18;
const NODE2: u64 = 2 << 18;

/// Three HSMs; `bob` and `carol`; bob logged in on every HSM twice (two connections).
fn cluster() -> (Sim, SessionId, SessionId, SessionId, SessionId) {
    let (mut sim, co, _) = Sim::with_cus(3, &["bob", "carol"]);
    let a = sim.cu("bob");
    let b = sim.cu("bob");
    let carol = sim.cu("carol");
    (sim, co, a, b, carol)
}

fn make_token(handle: KeyHandle, value: u8) -> KeyRequest {
    KeyRequest::SetAttribute {
        handle,
        attribute: attr::TOKEN,
        value: AttrValue::Byte(value),
    }
}

#[test]
fn a_session_key_lives_only_on_its_hsm_and_only_for_its_session() {
    let (mut sim, co, a, b, _) = cluster();
    let outcome = sim.key(
        a,
        1,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: session_tpl("sess"),
        },
    );
    assert_eq!(outcome.nodes.len(), 1, "only the session node reports");
    assert_eq!(outcome.nodes[0].node, 1);
    assert_eq!(outcome.nodes[0].error, None);
    let handle = common::created(outcome.result.expect("session key"))[0];
    assert_eq!(handle, KeyHandle(NODE1 | 6), "node 1's handle space");
    assert_eq!(sim.attribute(a, 1, handle, attr::TOKEN), AttrValue::Byte(0));
    for other_hsm in [0, 2] {
        assert_eq!(
            sim.key_err(a, other_hsm, KeyRequest::GetAttributes { handle }),
            ErrorCode::InvalidHandle,
            "HSM {other_hsm}"
        );
    }
    let none = Some(ErrorCode::InvalidHandle);
    assert_eq!(sim.presence(a, 1, handle), [none, None, none]);
    // Another connection of the same user sees nothing.
    assert_eq!(
        sim.key_err(b, 1, KeyRequest::GetAttributes { handle }),
        ErrorCode::InvalidHandle
    );
    assert!(!sim.find_all(b, 1).contains(&handle));
    let only_session = KeyFilter {
        session: Some(true),
        ..KeyFilter::default()
    };
    assert_eq!(sim.find(a, 1, only_session.clone()), [handle]);
    assert!(sim.find(a, 0, only_session).is_empty());
    let only_token = KeyFilter {
        session: Some(false),
        ..KeyFilter::default()
    };
    assert!(sim.find(a, 1, only_token).is_empty());
    // Officers' findAllKeys lists token keys only.
    let bob = sim.user_id(0, "bob");
    for i in 0..3 {
        assert!(sim.all_keys_of(co, i, bob).is_empty(), "HSM {i}");
    }
    // Nothing reaches the store.
    let stored = sim.store.state();
    assert!(stored.clusters[0]
        .hsms
        .iter()
        .all(|h| h.replica.keys.is_empty()));
}

#[test]
fn session_keys_vanish_at_logout_from_that_hsm_only() {
    let (mut sim, _, a, _, _) = cluster();
    let on0 = sim.aes(a, 0, session_tpl("on0"));
    let on1 = sim.aes(a, 1, session_tpl("on1"));
    assert_eq!((on0, on1), (h(6), h(NODE1 | 7)));
    common::ok(sim.logout(a, 0));
    common::ok(sim.login(a, 0, hsm_proto::UserType::Cu, "bob", common::USER_PW));
    assert_eq!(
        sim.key_err(a, 0, KeyRequest::GetAttributes { handle: on0 }),
        ErrorCode::InvalidHandle
    );
    assert_eq!(
        sim.attribute(a, 1, on1, attr::LABEL),
        AttrValue::Text("on1".into())
    );
    // The freed slot is the lowest again.
    assert_eq!(sim.aes(a, 0, tpl("token")), KeyHandle(6));
}

#[test]
fn session_keys_vanish_when_the_session_closes() {
    let (mut sim, _, a, b, _) = cluster();
    let handle = sim.aes(a, 2, session_tpl("gone"));
    assert_eq!(handle, KeyHandle(NODE2 | 6));
    assert_eq!(
        sim.aes(b, 0, tpl("token")),
        KeyHandle(7),
        "slot 6 is held by a's key"
    );
    sim.core.close_session(a);
    assert_eq!(sim.aes(b, 0, tpl("reuses")), KeyHandle(6));
    assert_eq!(
        sim.key_err(b, 2, KeyRequest::GetAttributes { handle }),
        ErrorCode::InvalidHandle
    );
}

#[test]
fn live_session_keys_of_other_sessions_hold_their_slots() {
    let (mut sim, _, a, b, carol) = cluster();
    assert_eq!(sim.aes(a, 0, session_tpl("a")), KeyHandle(6));
    assert_eq!(sim.aes(carol, 1, tpl("carol token")), KeyHandle(NODE1 | 7));
    assert_eq!(sim.aes(b, 2, session_tpl("b")), KeyHandle(NODE2 | 8));
    let (public, private) = sim.ec_pair(carol, 0, session_tpl("pair"));
    assert_eq!((public, private), (h(9), h(10)), "public first");
    common::ok(sim.logout(a, 0));
    assert_eq!(sim.aes(carol, 0, tpl("reuses 6")), KeyHandle(6));
    assert_eq!(sim.aes(carol, 0, tpl("next is 11")), KeyHandle(11));
}

#[test]
fn setting_the_token_attribute_replicates_the_key_under_the_same_handle() {
    let (mut sim, co, a, b, _) = cluster();
    let handle = sim.aes(a, 1, session_tpl("promote"));
    let kcv = sim.kcv(a, 1, handle);
    let outcome = sim.key(a, 1, make_token(handle, 1));
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert_eq!(node_errors(&outcome.nodes), [None, None, None]);
    assert_eq!(sim.presence(a, 0, handle), [None, None, None]);
    for i in 0..3 {
        assert_eq!(sim.attribute(b, i, handle, attr::TOKEN), AttrValue::Byte(1));
        assert_eq!(sim.kcv(b, i, handle), kcv);
    }
    // It survives the end of the session that made it, and is persisted everywhere.
    sim.core.close_session(a);
    assert_eq!(sim.kcv(b, 2, handle), kcv);
    let bob = sim.user_id(0, "bob");
    for i in 0..3 {
        assert_eq!(sim.all_keys_of(co, i, bob), [handle]);
    }
    let stored = sim.store.state();
    assert!(stored.clusters[0]
        .hsms
        .iter()
        .all(|h| h.replica.keys.contains_key(&handle)));
}

#[test]
fn the_private_half_of_a_session_pair_can_be_promoted_alone() {
    let (mut sim, _, a, b, _) = cluster();
    let (public, private) = sim.ec_pair(a, 0, session_tpl("pair"));
    sim.key_ok(a, 0, make_token(private, 1));
    assert_eq!(
        sim.attribute(b, 0, private, attr::TOKEN),
        AttrValue::Byte(1)
    );
    assert_eq!(
        sim.key_err(b, 0, KeyRequest::GetAttributes { handle: public }),
        ErrorCode::InvalidHandle
    );
    assert_eq!(sim.attribute(a, 0, public, attr::TOKEN), AttrValue::Byte(0));
}

#[test]
fn a_token_key_cannot_become_a_session_key() {
    let (mut sim, _, a, _, _) = cluster();
    let token = sim.aes(a, 0, tpl("token"));
    assert_eq!(
        sim.key_err(a, 0, make_token(token, 0)),
        ErrorCode::KeyAccessDenied
    );
    assert_eq!(sim.attribute(a, 0, token, attr::TOKEN), AttrValue::Byte(1));
    // Setting 1 again is a successful no-op reported by every node (docs/kmu.md §2.30).
    let outcome = sim.key(a, 0, make_token(token, 1));
    assert!(outcome.result.is_ok());
    assert_eq!(node_errors(&outcome.nodes), [None, None, None]);
    // A text value is not a boolean.
    let text = KeyRequest::SetAttribute {
        handle: token,
        attribute: attr::TOKEN,
        value: AttrValue::Text("1".into()),
    };
    assert_eq!(sim.key_err(a, 0, text), ErrorCode::InvalidInput);
}

#[test]
fn another_session_of_the_owner_cannot_promote_or_delete_a_session_key() {
    let (mut sim, _, a, b, _) = cluster();
    let handle = sim.aes(a, 0, session_tpl("mine"));
    assert_eq!(
        sim.key_err(b, 0, make_token(handle, 1)),
        ErrorCode::InvalidHandle
    );
    assert_eq!(
        sim.key_err(b, 0, KeyRequest::DeleteKey { handle }),
        ErrorCode::InvalidHandle
    );
    let outcome = sim.key(a, 0, KeyRequest::DeleteKey { handle });
    assert!(outcome.result.is_ok());
    assert_eq!(node_errors(&outcome.nodes), [None], "only the session node");
    assert_eq!(
        sim.key_err(a, 0, KeyRequest::GetAttributes { handle }),
        ErrorCode::InvalidHandle
    );
}

#[test]
fn session_keys_cannot_be_shared_later() {
    let (mut sim, _, a, _, _) = cluster();
    let carol = sim.user_id(0, "carol");
    let handle = sim.aes(a, 0, session_tpl("mine"));
    let share = KeyRequest::ShareKey {
        handle,
        users: vec![carol],
        share: true,
    };
    assert_eq!(sim.key_err(a, 0, share), ErrorCode::InvalidInput);
}

#[test]
fn session_keys_serve_as_wrapping_keys() {
    let (mut sim, _, a, _, _) = cluster();
    let wrapping = sim.aes(a, 0, session_tpl("wrapping"));
    let target = sim.aes(a, 0, tpl("target"));
    let plain = sim.export_sym(a, 0, target, wrapping);
    assert_eq!(plain.len(), 32);
    let imported = common::created(sim.key_ok(
        a,
        0,
        KeyRequest::ImportSymKey {
            material: hsm_proto::SecretBytes::new(plain),
            key_type: common::AES,
            wrapping,
            host_key: None,
            template: session_tpl("imported"),
        },
    ))[0];
    assert_eq!(sim.kcv(a, 0, imported), sim.kcv(a, 0, target));
    assert_eq!(
        sim.attribute(a, 0, imported, attr::TOKEN),
        AttrValue::Byte(0)
    );
}
