//! Keys and the store (docs/kmu.md §4.3, STYLE.md "Storage"): token keys survive a restart
//! with the same handles, attributes, owners and share lists on every HSM; session keys do
//! not; a failed commit changes nothing.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, UserId, UserType};

use common::{attr, bytes, created, session_tpl, tpl, Sim};
use hsm_core::SessionId;
use hsm_proto::keys::{AttrValue, Attribute, KeyRequest, KeyTemplate};

type Info = (UserId, Vec<UserId>, u32);

/// What one user sees on every HSM: the handles, and each key's attributes and ownership.
fn snapshot(sim: &mut Sim, sid: SessionId) -> Snapshot {
    (0..sim.hsms.len())
        .map(|i| {
            sim.find_all(sid, i)
                .into_iter()
                .map(|h| (h, sim.attributes(sid, i, h), sim.key_info(sid, i, h)))
                .collect()
        })
        .collect()
}

type Snapshot = Vec<Vec<(KeyHandle, Vec<Attribute>, Info)>>;

/// The differences between two snapshots, one line each (empty when equal).
fn differences(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        let handles =
            |s: &[(KeyHandle, Vec<Attribute>, Info)]| s.iter().map(|k| k.0).collect::<Vec<_>>();
        if handles(b) != handles(a) {
            out.push(format!(
                "HSM {i}: handles {:?} became {:?}",
                handles(b),
                handles(a)
            ));
            continue;
        }
        for ((h, attrs_b, info_b), (_, attrs_a, info_a)) in b.iter().zip(a) {
            if info_b != info_a {
                out.push(format!(
                    "HSM {i} key {h}: key info {info_b:?} became {info_a:?}"
                ));
            }
            for (x, y) in attrs_b.iter().zip(attrs_a) {
                if x != y {
                    out.push(format!("HSM {i} key {h}: {x:?} became {y:?}"));
                }
            }
            if attrs_b.len() != attrs_a.len() {
                out.push(format!("HSM {i} key {h}: attribute count changed"));
            }
        }
    }
    if before.len() != after.len() {
        out.push("HSM count changed".into());
    }
    out
}

fn set(handle: KeyHandle, attribute: u32, value: AttrValue) -> KeyRequest {
    KeyRequest::SetAttribute {
        handle,
        attribute,
        value,
    }
}

/// A cluster of three HSMs with a varied set of keys; returns the sim, the officer, bob,
/// carol, and the handle of bob's session key.
fn populated() -> (Sim, SessionId, SessionId, SessionId, KeyHandle) {
    let (mut sim, co, ids) = Sim::with_cus(3, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let carol = sim.cu("carol");
    let shared = sim.aes(
        bob,
        0,
        KeyTemplate {
            id: "shared".into(),
            share_with: vec![ids[1]],
            ..tpl("shared")
        },
    );
    sim.ec_pair(bob, 1, tpl("pair via 1"));
    sim.aes(
        bob,
        2,
        KeyTemplate {
            non_extractable: true,
            ..tpl("nex via 2")
        },
    );
    sim.aes(
        bob,
        0,
        KeyTemplate {
            share_with: vec![ids[1]],
            m_value: 2,
            ..tpl("quorum")
        },
    );
    let later = sim.aes(bob, 0, tpl("shared later"));
    for i in 0..3 {
        sim.key_ok(
            bob,
            i,
            KeyRequest::ShareKey {
                handle: later,
                users: vec![ids[1]],
                share: true,
            },
        );
    }
    // Attribute changes, one of them on HSM 0 only (CMU changes the HSM it addresses).
    sim.key_ok(
        bob,
        0,
        set(shared, attr::LABEL, AttrValue::Text("relabelled".into())),
    );
    sim.key_ok(
        bob,
        0,
        set(shared, attr::WRAP_WITH_TRUSTED, AttrValue::Byte(1)),
    );
    sim.key_ok(co, 1, set(later, attr::TRUSTED, AttrValue::Byte(1)));
    // carol's own key and a promoted session key.
    sim.ec_pair(carol, 2, tpl("carol"));
    let promoted = sim.aes(bob, 1, session_tpl("promoted"));
    sim.key_ok(bob, 1, set(promoted, attr::TOKEN, AttrValue::Byte(1)));
    // A deleted key leaves a gap.
    let gone = sim.aes(bob, 0, tpl("deleted"));
    sim.delete_key(bob, 0, gone);
    let session = sim.aes(bob, 0, session_tpl("session only"));
    (sim, co, bob, carol, session)
}

#[test]
fn token_keys_survive_a_restart_with_their_handles_attributes_and_owners() {
    let (mut sim, co, bob, carol, session) = populated();
    assert!(sim.find_all(bob, 0).contains(&session));
    // What a restart keeps is what another connection of the same user sees.
    let bob_elsewhere = sim.cu("bob");
    let bob_before = snapshot(&mut sim, bob_elsewhere);
    let carol_before = snapshot(&mut sim, carol);
    let bob_id = sim.user_id(0, "bob");
    let listed_before: Vec<_> = (0..3).map(|i| sim.all_keys_of(co, i, bob_id)).collect();
    assert_eq!(bob_before[0].len(), 8, "the keys bob sees");

    let mut again = sim.reopened();
    let bob2 = again.cu("bob");
    let carol2 = again.cu("carol");
    let co2 = again.session();
    for i in 0..3 {
        common::ok(again.login(co2, i, UserType::Co, "admin", common::ADMIN_PW));
    }
    let mut wrong = differences(&bob_before, &snapshot(&mut again, bob2));
    wrong.extend(differences(&carol_before, &snapshot(&mut again, carol2)));
    assert!(wrong.is_empty(), "after the restart:\n{}", wrong.join("\n"));
    let listed_after: Vec<_> = (0..3).map(|i| again.all_keys_of(co2, i, bob_id)).collect();
    assert_eq!(listed_after, listed_before);
    // The session key did not survive; its slot is free again, in both worlds alike.
    assert_eq!(
        again.key_err(bob2, 0, KeyRequest::GetAttributes { handle: session }),
        ErrorCode::InvalidHandle
    );
    assert!(!bob_before[0].iter().any(|(h, ..)| *h == session));
    sim.core.close_session(bob);
    assert_eq!(
        sim.aes(carol, 0, tpl("next")),
        again.aes(carol2, 0, tpl("next"))
    );
}

#[test]
fn key_material_survives_a_restart() {
    let (mut sim, _, _) = Sim::with_cus(2, &["bob"]);
    let bob = sim.cu("bob");
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let target = sim.aes(bob, 1, tpl("target"));
    let (public, private) = sim.ec_pair(bob, 0, tpl("ec"));
    let material = sim.export_sym(bob, 0, target, wrapping);
    let masked = bytes(sim.key_ok(bob, 0, KeyRequest::ExtractMaskedObject { handle: target }));

    let mut again = sim.reopened();
    let bob2 = again.cu("bob");
    for i in 0..2 {
        assert_eq!(
            again.export_sym(bob2, i, target, wrapping),
            material,
            "HSM {i}"
        );
    }
    let signature = bytes(again.key_ok(
        bob2,
        1,
        KeyRequest::Sign {
            handle: private,
            mechanism: 17,
            data: b"after restart".to_vec(),
        },
    ));
    again.key_ok(
        bob2,
        0,
        KeyRequest::Verify {
            handle: public,
            mechanism: 17,
            data: b"after restart".to_vec(),
            signature,
        },
    );
    // The cluster's masking key is persisted: an object masked before inserts after.
    let inserted = created(again.key_ok(
        bob2,
        0,
        KeyRequest::InsertMaskedObject {
            blob: masked,
            min_servers: 2,
        },
    ))[0];
    assert_eq!(again.export_sym(bob2, 1, inserted, wrapping), material);
}

#[test]
fn failed_commits_change_no_key() {
    let (mut sim, _, ids) = Sim::with_cus(2, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let aes = sim.aes(bob, 0, tpl("kept"));
    let session = sim.aes(bob, 0, session_tpl("session"));
    let before = snapshot(&mut sim, bob);
    let stored = sim.store.state();
    let requests = [
        (
            "generate",
            KeyRequest::GenerateKey {
                spec: common::aes256(),
                template: tpl("never"),
            },
        ),
        ("delete", KeyRequest::DeleteKey { handle: aes }),
        (
            "share",
            KeyRequest::ShareKey {
                handle: aes,
                users: vec![ids[1]],
                share: true,
            },
        ),
        (
            "set label",
            set(aes, attr::LABEL, AttrValue::Text("never".into())),
        ),
        ("promote", set(session, attr::TOKEN, AttrValue::Byte(1))),
    ];
    for (what, request) in requests {
        sim.store.fail_next_commit();
        assert_eq!(sim.key_err(bob, 0, request), ErrorCode::Internal, "{what}");
        assert!(!sim.store.failure_pending(), "{what} tried to commit");
        assert_eq!(snapshot(&mut sim, bob), before, "{what}");
        assert_eq!(sim.store.state(), stored, "{what}");
    }
    // The session key is still a session key, still there.
    assert_eq!(
        sim.attribute(bob, 0, session, attr::TOKEN),
        AttrValue::Byte(0)
    );
    // And nothing that was refused took a handle.
    assert_eq!(sim.aes(bob, 0, tpl("now")), KeyHandle(session.0 + 1));
}
