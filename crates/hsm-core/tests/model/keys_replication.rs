//! Token keys across a cluster (docs/kmu.md §1.7, §2.2, §2.10, §4.3; docs/cluster.md §3.3, §3.9):
//! deterministic handles `(node << 18) | index`, the same handle on every HSM, deletion
//! everywhere, replication that skips HSMs where the owner is missing, `min_servers`, and
//! the owner who cannot be deleted while it owns keys.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes, UserId, UserType};

use common::{h, node_errors, tpl, Sim, AES, USER_PW};
use hsm_core::SessionId;
use hsm_proto::keys::{KeyFilter, KeyRequest, KeyTemplate};

const NODE1: u64 = 1 << 18;
const NODE2: u64 = 2 << 18;

fn min_srv(label: &str, min_servers: u32) -> KeyTemplate {
    KeyTemplate {
        min_servers,
        ..tpl(label)
    }
}

/// Handles of token keys stored for each HSM.
fn stored_handles(sim: &Sim) -> Vec<Vec<KeyHandle>> {
    sim.store.state().clusters[0]
        .hsms
        .iter()
        .map(|h| h.replica.keys.keys().copied().collect())
        .collect()
}

#[test]
fn a_fresh_cluster_hands_out_6_7_8_with_the_public_key_first() {
    let (mut sim, _, _) = Sim::with_cus(3, &["bob"]);
    let bob = sim.cu("bob");
    let outcome = sim.key(
        bob,
        0,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: tpl("first"),
        },
    );
    assert_eq!(node_errors(&outcome.nodes), [None, None, None]);
    assert_eq!(common::created(outcome.result.expect("aes")), [h(6)]);
    assert_eq!(sim.ec_pair(bob, 0, tpl("pair")), (h(7), h(8)));
    assert_eq!(sim.aes(bob, 0, tpl("next")), KeyHandle(9));
    for handle in 6..=9 {
        for i in 0..3 {
            assert_eq!(
                sim.presence(bob, i, h(handle)),
                [None, None, None],
                "{handle} via {i}"
            );
        }
    }
    assert_eq!(stored_handles(&sim), vec![[6, 7, 8, 9].map(h).to_vec(); 3]);
}

#[test]
fn a_session_attached_to_hsm_1_or_2_puts_its_node_id_in_the_handle() {
    let (mut sim, _, _) = Sim::with_cus(3, &["bob"]);
    let bob = sim.cu("bob");
    let via1 = sim.aes(bob, 1, tpl("via 1"));
    assert_eq!(via1, KeyHandle(NODE1 | 6));
    assert_eq!(
        sim.ec_pair(bob, 2, tpl("via 2")),
        (h(NODE2 | 7), h(NODE2 | 8))
    );
    assert_eq!(sim.aes(bob, 0, tpl("via 0")), KeyHandle(9));
    // The same handle names the key on every HSM.
    let kcv = sim.kcv(bob, 1, via1);
    assert_eq!(sim.kcv(bob, 0, via1), kcv);
    assert_eq!(sim.kcv(bob, 2, via1), kcv);
    assert_eq!(sim.presence(bob, 2, via1), [None, None, None]);
    // Listings are ordered by index, whichever node made the key.
    for i in 0..3 {
        assert_eq!(
            sim.find_all(bob, i),
            [NODE1 | 6, NODE2 | 7, NODE2 | 8, 9].map(h),
            "via {i}"
        );
    }
    // An index is taken whatever the node part: 6 is not free for node 0.
    assert_eq!(sim.aes(bob, 0, tpl("ten")), KeyHandle(10));
}

#[test]
fn deleting_a_token_key_removes_it_everywhere_and_frees_the_lowest_index() {
    let (mut sim, _, _) = Sim::with_cus(3, &["bob"]);
    let bob = sim.cu("bob");
    for want in 6..=8 {
        assert_eq!(sim.aes(bob, 0, tpl("k")), h(want));
    }
    let outcome = sim.key(
        bob,
        2,
        KeyRequest::DeleteKey {
            handle: KeyHandle(7),
        },
    );
    assert!(outcome.result.is_ok());
    assert_eq!(node_errors(&outcome.nodes), [None, None, None]);
    assert_eq!(stored_handles(&sim), vec![vec![h(6), h(8)]; 3]);
    let gone = Some(ErrorCode::InvalidHandle);
    let outcome = sim.key(
        bob,
        0,
        KeyRequest::FindSingleKey {
            handle: KeyHandle(7),
        },
    );
    assert_eq!(common::key_code(outcome), ErrorCode::InvalidHandle);
    let outcome = sim.key(
        bob,
        0,
        KeyRequest::DeleteKey {
            handle: KeyHandle(7),
        },
    );
    assert_eq!(node_errors(&outcome.nodes), [gone, gone, gone]);
    assert_eq!(common::key_code(outcome), ErrorCode::InvalidHandle);
    // Lowest free index first, with the creating node's bits.
    assert_eq!(sim.aes(bob, 1, tpl("reuse")), KeyHandle(NODE1 | 7));
    assert_eq!(sim.aes(bob, 0, tpl("then 9")), KeyHandle(9));
    sim.delete_key(bob, 0, KeyHandle(6));
    sim.delete_key(bob, 0, KeyHandle(8));
    let (public, private) = sim.ec_pair(bob, 2, tpl("pair"));
    assert_eq!((public, private), (h(NODE2 | 6), h(NODE2 | 8)));
}

/// A CU created on HSMs 0 and 1 only: its keys cannot reach HSM 2.
fn desynchronised() -> (Sim, SessionId, SessionId) {
    let (mut sim, co, _) = Sim::with_cus(3, &["bob"]);
    for i in 0..2 {
        common::ok(sim.create(co, i, UserType::Cu, "eve", USER_PW));
    }
    let eve = sim.session();
    for i in 0..2 {
        common::ok(sim.login(eve, i, UserType::Cu, "eve", USER_PW));
    }
    (sim, co, eve)
}

#[test]
fn a_key_of_an_owner_missing_on_one_hsm_reaches_the_others_only() {
    let (mut sim, co, eve) = desynchronised();
    let outcome = sim.key(
        eve,
        0,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: tpl("partial"),
        },
    );
    let errors = node_errors(&outcome.nodes);
    assert_eq!(&errors[..2], [None, None]);
    assert!(
        errors[2].is_some(),
        "HSM 2 must report an error: {errors:?}"
    );
    let handle = common::created(outcome.result.expect("min_servers 1 is met"))[0];
    assert_eq!(
        sim.presence(eve, 1, handle),
        [None, None, Some(ErrorCode::InvalidHandle)]
    );
    assert_eq!(stored_handles(&sim), [vec![handle], vec![handle], vec![]]);
    let eve_id = sim.user_id(0, "eve");
    assert_eq!(sim.all_keys_of(co, 2, eve_id), Vec::<KeyHandle>::new());
    // Deleting it reports the HSM that never had it.
    let outcome = sim.key(eve, 1, KeyRequest::DeleteKey { handle });
    assert!(outcome.result.is_ok());
    assert_eq!(
        node_errors(&outcome.nodes),
        [None, None, Some(ErrorCode::InvalidHandle)]
    );
}

#[test]
fn with_min_servers_3_a_partial_creation_fails_and_stores_nothing() {
    let (mut sim, _, eve) = desynchronised();
    let outcome = sim.key(
        eve,
        0,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: min_srv("needs 3", 3),
        },
    );
    assert_eq!(common::key_code(outcome), ErrorCode::ServerUnavailable);
    let outcome = sim.key(
        eve,
        0,
        KeyRequest::GenerateKey {
            spec: common::p256(),
            template: min_srv("pair needs 3", 3),
        },
    );
    assert_eq!(common::key_code(outcome), ErrorCode::ServerUnavailable);
    assert_eq!(stored_handles(&sim), vec![Vec::<KeyHandle>::new(); 3]);
    assert!(sim.find_all(eve, 0).is_empty());
    assert!(sim.find_all(eve, 1).is_empty());
    // Two servers are enough; the failed attempts used no slot.
    assert_eq!(sim.aes(eve, 0, min_srv("needs 2", 2)), KeyHandle(6));
    // Imports honour min_servers too.
    let import = KeyRequest::ImportSymKey {
        material: SecretBytes::new(vec![7; 16]),
        key_type: AES,
        wrapping: KeyHandle(6),
        host_key: None,
        template: min_srv("import needs 3", 3),
    };
    assert_eq!(sim.key_err(eve, 0, import), ErrorCode::ServerUnavailable);
    assert_eq!(stored_handles(&sim), [vec![h(6)], vec![h(6)], vec![]]);
}

#[test]
fn min_servers_beyond_the_cluster_size_asks_for_every_hsm() {
    let (mut sim, _, _) = Sim::with_cus(3, &["bob"]);
    let bob = sim.cu("bob");
    // docs/kmu.md §1.6: success in all servers present, with a warning printed by the tool.
    assert_eq!(sim.aes(bob, 0, min_srv("five", 5)), KeyHandle(6));
    assert_eq!(stored_handles(&sim), vec![vec![h(6)]; 3]);
}

#[test]
fn a_user_id_reused_by_another_name_on_one_hsm_does_not_receive_the_key() {
    let (mut sim, co, eve) = desynchronised();
    // HSM 2 never saw eve, so its next ID goes to someone else.
    common::ok(sim.create(co, 2, UserType::Cu, "zed", USER_PW));
    let eve_id = sim.user_id(0, "eve");
    assert_eq!(sim.user_id(2, "zed"), eve_id);
    let outcome = sim.key(
        eve,
        0,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: tpl("not for zed"),
        },
    );
    assert_eq!(node_errors(&outcome.nodes)[..2], [None, None]);
    assert!(node_errors(&outcome.nodes)[2].is_some());
    assert!(sim.all_keys_of(co, 2, eve_id).is_empty());
    let zed = sim.session();
    common::ok(sim.login(zed, 2, UserType::Cu, "zed", USER_PW));
    assert!(sim.find_all(zed, 2).is_empty());
}

#[test]
fn promoting_a_session_key_of_a_desynchronised_owner_reaches_the_hsms_where_it_exists() {
    let (mut sim, _, eve) = desynchronised();
    let handle = sim.aes(eve, 1, common::session_tpl("promote"));
    let outcome = sim.key(
        eve,
        1,
        KeyRequest::SetAttribute {
            handle,
            attribute: common::attr::TOKEN,
            value: hsm_proto::keys::AttrValue::Byte(1),
        },
    );
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    let errors = node_errors(&outcome.nodes);
    assert_eq!(&errors[..2], [None, None]);
    assert!(errors[2].is_some());
    assert_eq!(stored_handles(&sim), [vec![handle], vec![handle], vec![]]);
}

#[test]
fn a_crypto_user_who_owns_token_keys_cannot_be_deleted_until_they_are_gone() {
    let (mut sim, co, _) = Sim::with_cus(2, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let carol_id = sim.user_id(0, "carol");
    let aes = sim.aes(
        bob,
        0,
        KeyTemplate {
            share_with: vec![carol_id],
            ..tpl("shared with carol")
        },
    );
    let (public, private) = sim.ec_pair(bob, 0, tpl("pair"));
    let session = sim.aes(bob, 0, common::session_tpl("session"));
    sim.core.close_session(bob);
    for i in 0..2 {
        let refused = sim.delete(co, i, UserType::Cu, "bob");
        assert_eq!(common::code(refused), ErrorCode::UserOwnsKeys, "HSM {i}");
    }
    assert_eq!(ErrorCode::UserOwnsKeys.value(), 0xed);
    // A key shared with a user does not keep that user.
    common::ok(sim.delete(co, 0, UserType::Cu, "carol"));
    let bob = sim.cu("bob");
    assert_eq!(
        sim.key_err(bob, 0, KeyRequest::GetAttributes { handle: session }),
        ErrorCode::InvalidHandle,
        "the session key died with its session"
    );
    sim.delete_key(bob, 0, aes);
    sim.delete_key(bob, 0, private);
    sim.core.close_session(bob);
    // The public half still belongs to bob.
    assert_eq!(
        common::code(sim.delete(co, 0, UserType::Cu, "bob")),
        ErrorCode::UserOwnsKeys
    );
    let bob = sim.cu("bob");
    sim.delete_key(bob, 1, public);
    sim.core.close_session(bob);
    for i in 0..2 {
        common::ok(sim.delete(co, i, UserType::Cu, "bob"));
    }
}

#[test]
fn find_key_filters_combine() {
    let (mut sim, _, _) = Sim::with_cus(1, &["bob"]);
    let bob = sim.cu("bob");
    let a = sim.aes(
        bob,
        0,
        KeyTemplate {
            id: "alpha".into(),
            ..tpl("L")
        },
    );
    let (public, private) = sim.ec_pair(bob, 0, tpl("L"));
    let other = sim.aes(bob, 0, tpl("M"));
    let by = |f: KeyFilter| f;
    assert_eq!(
        sim.find(
            bob,
            0,
            by(KeyFilter {
                label: Some("L".into()),
                ..KeyFilter::default()
            })
        ),
        [a, public, private]
    );
    assert_eq!(
        sim.find(
            bob,
            0,
            by(KeyFilter {
                class: Some(4),
                label: Some("L".into()),
                ..KeyFilter::default()
            })
        ),
        [a]
    );
    assert_eq!(
        sim.find(
            bob,
            0,
            by(KeyFilter {
                key_type: Some(common::EC),
                class: Some(3),
                ..KeyFilter::default()
            })
        ),
        [private]
    );
    assert_eq!(
        sim.find(
            bob,
            0,
            by(KeyFilter {
                id: Some("alpha".into()),
                ..KeyFilter::default()
            })
        ),
        [a]
    );
    // Other visible keys are random, so one may share the 3-byte KCV (about 1 in 2^23):
    // check that `other` is found and that nothing with another KCV is.
    let kcv = sim.kcv(bob, 0, other);
    let by_kcv = sim.find(
        bob,
        0,
        by(KeyFilter {
            kcv: Some(kcv.clone()),
            ..KeyFilter::default()
        }),
    );
    assert!(by_kcv.contains(&other), "{by_kcv:?}");
    for handle in by_kcv {
        assert_eq!(sim.kcv(bob, 0, handle), kcv, "handle {handle}");
    }
    let point = match sim.attribute(bob, 0, public, common::attr::MODULUS) {
        hsm_proto::keys::AttrValue::Bytes(b) => b,
        v => panic!("{v:?}"),
    };
    assert_eq!(
        sim.find(
            bob,
            0,
            by(KeyFilter {
                modulus: Some(point),
                ..KeyFilter::default()
            })
        ),
        [public, private]
    );
}

/// docs/kmu.md §2.2: an unknown handle reports 0xa8 on every node; a visible key the caller
/// may not delete fails without a cluster block; a session key reports its node alone.
#[test]
fn failed_key_commands_report_nodes_as_kmu_prints_them() {
    let (mut sim, _, ids) = Sim::with_cus(3, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let carol = sim.cu("carol");
    let shared = sim.aes(
        bob,
        0,
        KeyTemplate {
            share_with: vec![ids[1]],
            ..tpl("shared")
        },
    );
    let missing = Some(ErrorCode::InvalidHandle);
    let outcome = sim.key(
        bob,
        0,
        KeyRequest::DeleteKey {
            handle: KeyHandle(4242),
        },
    );
    assert_eq!(node_errors(&outcome.nodes), [missing, missing, missing]);
    let outcome = sim.key(carol, 0, KeyRequest::DeleteKey { handle: shared });
    assert!(outcome.nodes.is_empty(), "{:?}", outcome.nodes);
    assert_eq!(common::key_code(outcome), ErrorCode::KeyAccessDenied);
    let outcome = sim.key(
        bob,
        2,
        KeyRequest::GenerateKey {
            spec: common::aes256(),
            template: KeyTemplate {
                share_with: vec![UserId(99)],
                ..common::session_tpl("bad")
            },
        },
    );
    assert_eq!(outcome.nodes.len(), 1);
    assert_eq!(outcome.nodes[0].node, 2);
    assert_eq!(common::key_code(outcome), ErrorCode::InvalidShareList);
    // findKey reports every node.
    let outcome = sim.key(bob, 1, KeyRequest::FindKeys(KeyFilter::default()));
    assert_eq!(node_errors(&outcome.nodes), [None, None, None]);
}

/// docs/cmu.md §3.4: findAllKeys lists owned and shared keys (public keys only for their owner),
/// and its hash is equal across HSMs exactly when their users and ownership agree.
#[test]
fn find_all_keys_lists_ownership_and_its_hash_reveals_desync() {
    let (mut sim, co, ids) = Sim::with_cus(3, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let (bob_id, carol_id) = (ids[0], ids[1]);
    let (public, private) = sim.ec_pair(
        bob,
        0,
        KeyTemplate {
            share_with: vec![carol_id],
            ..tpl("pair")
        },
    );
    let listing = |sim: &mut Sim, i: usize, user_id: UserId| match sim.key_ok(
        co,
        i,
        KeyRequest::FindAllKeys {
            user_id,
            hash: true,
        },
    ) {
        hsm_proto::keys::KeyReply::AllKeys { keys, hash } => (
            keys.iter().map(|k| (k.handle, k.owned)).collect::<Vec<_>>(),
            hash,
        ),
        other => panic!("{other:?}"),
    };
    let (bob_keys, hash0) = listing(&mut sim, 0, bob_id);
    assert_eq!(bob_keys, [(public, true), (private, true)]);
    let (carol_keys, carol_hash) = listing(&mut sim, 0, carol_id);
    assert_eq!(carol_keys, [(private, false)]);
    let hash0 = hash0.expect("hash");
    assert_eq!(hash0.len(), 32);
    assert_eq!(carol_hash, Some(hash0.clone()));
    for i in 1..3 {
        assert_eq!(
            listing(&mut sim, i, bob_id).1,
            Some(hash0.clone()),
            "HSM {i}"
        );
    }
    // No keys, no hash.
    assert_eq!(listing(&mut sim, 0, UserId(1)), (vec![], None));
    // Unsharing on HSM 1 only leaves HSM 1 different.
    sim.key_ok(
        bob,
        1,
        KeyRequest::ShareKey {
            handle: private,
            users: vec![carol_id],
            share: false,
        },
    );
    let hashes: Vec<_> = (0..3).map(|i| listing(&mut sim, i, bob_id).1).collect();
    assert_eq!(hashes[0], hashes[2]);
    assert_ne!(hashes[0], hashes[1]);
    assert_eq!(listing(&mut sim, 1, carol_id).0, vec![]);
}
