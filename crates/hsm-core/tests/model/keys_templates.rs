//! The options shared by the key-creating commands (docs/kmu.md §1.6, §5.3, A-11, A-12) and the
//! key limit (docs/cluster.md §2.6): share lists, m values, `-sess` with `-u`, unique `-id`s.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes, UserId, UserType};

use common::{session_tpl, tpl, Sim, AES, USER_PW};
use hsm_core::cluster::key_limit;
use hsm_core::SessionId;
use hsm_proto::keys::{KeyRequest, KeySpec, KeyTemplate, WrapParams};

/// One HSM; `bob`, `carol` and `dave`. Returns bob's session and the three IDs.
fn setup() -> (Sim, SessionId, SessionId, [UserId; 3]) {
    let (mut sim, co, ids) = Sim::with_cus(1, &["bob", "carol", "dave"]);
    let bob = sim.cu("bob");
    (sim, co, bob, [ids[0], ids[1], ids[2]])
}

fn shared(share_with: Vec<UserId>, m_value: u32) -> KeyTemplate {
    KeyTemplate {
        share_with,
        m_value,
        ..tpl("t")
    }
}

fn gen(spec: KeySpec, template: KeyTemplate) -> KeyRequest {
    KeyRequest::GenerateKey { spec, template }
}

#[test]
fn share_lists_name_other_existing_crypto_users_only() {
    let (mut sim, _, bob, [bob_id, carol, dave]) = setup();
    for (list, why) in [
        (vec![bob_id], "own id"),
        (vec![carol, bob_id], "own id among others"),
        (vec![UserId(99)], "unknown id"),
        (vec![UserId(1)], "a crypto officer"),
        (vec![UserId(2)], "the appliance user"),
    ] {
        for spec in [common::aes256(), common::p256()] {
            assert_eq!(
                sim.key_err(bob, 0, gen(spec, shared(list.clone(), 0))),
                ErrorCode::InvalidShareList,
                "{why}"
            );
        }
    }
    assert!(sim.find_all(bob, 0).is_empty(), "nothing was created");
    let h = sim.aes(bob, 0, shared(vec![dave, carol], 0));
    assert_eq!(sim.key_info(bob, 0, h), (bob_id, vec![carol, dave], 0));
}

#[test]
fn a_share_list_holds_at_most_eight_users() {
    let (mut sim, co, bob, [_, carol, dave]) = setup();
    let mut ids = vec![carol, dave];
    for n in 0..7 {
        let name = format!("cu{n}");
        common::ok(sim.create(co, 0, UserType::Cu, &name, USER_PW));
        ids.push(sim.user_id(0, &name));
    }
    assert_eq!(ids.len(), 9);
    assert_eq!(
        sim.key_err(bob, 0, gen(common::aes256(), shared(ids.clone(), 0))),
        ErrorCode::InvalidShareList
    );
    ids.pop();
    let h = sim.aes(bob, 0, shared(ids.clone(), 8));
    let (_, listed, m) = sim.key_info(bob, 0, h);
    assert_eq!((listed.len(), m), (8, 8));
}

#[test]
fn m_value_may_not_exceed_the_owner_plus_the_share_list() {
    let (mut sim, _, bob, [_, carol, dave]) = setup();
    for (list, m) in [
        (vec![], 2),
        (vec![carol], 3),
        (vec![carol, carol], 3),
        (vec![carol, dave], 9),
    ] {
        assert_eq!(
            sim.key_err(bob, 0, gen(common::aes256(), shared(list.clone(), m))),
            ErrorCode::MValueTooLarge,
            "m {m} with {list:?}"
        );
    }
    for (list, m) in [
        (vec![], 0),
        (vec![], 1),
        (vec![carol], 2),
        (vec![carol, dave], 3),
    ] {
        let h = sim.aes(bob, 0, shared(list, m));
        assert_eq!(sim.key_info(bob, 0, h).2, m);
    }
    // For a pair only the private key carries the share list and the m value.
    let (public, private) = sim.ec_pair(bob, 0, shared(vec![carol], 2));
    assert_eq!(sim.key_info(bob, 0, public).1, Vec::<UserId>::new());
    assert_eq!(sim.key_info(bob, 0, public).2, 0);
    assert_eq!(sim.key_info(bob, 0, private).2, 2);
}

/// docs/kmu.md §1.6 / §4.2: sharing session keys is not allowed, whichever command makes them.
#[test]
fn session_keys_with_a_share_list_are_refused_by_every_creating_command() {
    let (mut sim, _, bob, [_, carol, _]) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let bad = KeyTemplate {
        share_with: vec![carol],
        ..session_tpl("sess")
    };
    let (ec_public, ec_private) = sim.ec_pair(bob, 0, tpl("ec"));
    let pem = common::bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::ExportPrivateKey {
            handle: ec_private,
            wrapping,
            host_key: None,
        },
    ));
    let public_pem = String::from_utf8(common::bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::ExportPublicKey { handle: ec_public },
    )))
    .expect("PEM text");
    let blob = common::wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: ec_private,
            wrapping,
            params: WrapParams {
                mechanism: 4,
                hash: 2,
                ..WrapParams::default()
            },
        },
    ))
    .0;
    let requests = [
        ("genSymKey", gen(common::aes256(), bad.clone())),
        ("genECCKeyPair", gen(common::p256(), bad.clone())),
        (
            "imSymKey",
            KeyRequest::ImportSymKey {
                material: SecretBytes::new(vec![1; 32]),
                key_type: AES,
                wrapping,
                host_key: None,
                template: bad.clone(),
            },
        ),
        (
            "importPrivateKey",
            KeyRequest::ImportPrivateKey {
                pem: SecretBytes::new(pem),
                wrapping,
                host_key: None,
                template: bad.clone(),
            },
        ),
        (
            "importPubKey",
            KeyRequest::ImportPublicKey {
                pem: public_pem,
                template: bad.clone(),
            },
        ),
        (
            "unWrapKey",
            KeyRequest::UnwrapKey {
                blob,
                wrapping,
                params: WrapParams {
                    mechanism: 4,
                    hash: 2,
                    ..WrapParams::default()
                },
                no_header: None,
                template: bad,
            },
        ),
    ];
    let mut wrong = Vec::new();
    for (name, request) in requests {
        match sim.key(bob, 0, request).result {
            Err(e) if e.code() == ErrorCode::InvalidShareList => {}
            other => wrong.push(format!("{name}: want InvalidShareList, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_non_empty_key_id_is_unique_among_generated_keys() {
    let (mut sim, _, bob, _) = setup();
    let carol = sim.cu("carol");
    let with_id = |id: &str| KeyTemplate {
        id: id.to_owned(),
        ..tpl("t")
    };
    let (public, private) = sim.ec_pair(bob, 0, with_id("pair"));
    for h in [public, private] {
        assert_eq!(
            sim.attribute(bob, 0, h, common::attr::ID),
            hsm_proto::keys::AttrValue::Text("pair".into()),
            "both halves carry the ID"
        );
    }
    let aes = sim.aes(bob, 0, with_id("dup"));
    for (who, spec) in [
        (bob, common::aes256()),
        (bob, common::p256()),
        (carol, common::aes256()),
    ] {
        assert_eq!(
            sim.key_err(who, 0, gen(spec.clone(), with_id("dup"))),
            ErrorCode::IdExists
        );
        assert_eq!(
            sim.key_err(who, 0, gen(spec, with_id("pair"))),
            ErrorCode::IdExists
        );
    }
    // Empty IDs never collide.
    sim.aes(bob, 0, tpl("a"));
    sim.aes(bob, 0, tpl("b"));
    // A session key's ID counts within its session.
    sim.aes(
        bob,
        0,
        KeyTemplate {
            id: "sess".into(),
            ..session_tpl("s")
        },
    );
    assert_eq!(
        sim.key_err(bob, 0, gen(common::aes256(), with_id("sess"))),
        ErrorCode::IdExists
    );
    // Imports are not held to it (docs/kmu.md A-11).
    let imported = KeyRequest::ImportSymKey {
        material: SecretBytes::new(vec![3; 16]),
        key_type: AES,
        wrapping: aes,
        host_key: None,
        template: with_id("dup"),
    };
    sim.key_ok(bob, 0, imported);
    // Once the keys are gone, the ID is free again.
    for h in sim.find(
        bob,
        0,
        hsm_proto::keys::KeyFilter {
            id: Some("dup".into()),
            ..Default::default()
        },
    ) {
        sim.delete_key(bob, 0, h);
    }
    sim.aes(bob, 0, with_id("dup"));
}

#[test]
fn the_key_limit_follows_the_hsm_type() {
    assert_eq!(key_limit("hsm1.medium"), 3_300);
    assert_eq!(key_limit("hsm2m.medium"), 16_666);
    assert_eq!(key_limit("anything else"), 3_300);
    let sim = Sim::new(1);
    assert_eq!(sim.core.clusters()[0].hsm_type, "hsm1.medium");
}

#[test]
fn an_hsm_holding_3300_token_keys_refuses_more() {
    let (mut sim, _, bob, _) = setup();
    for n in 0..3_298u32 {
        sim.key_ok(
            bob,
            0,
            gen(
                KeySpec::Symmetric {
                    key_type: common::GENERIC,
                    size: 16,
                },
                tpl(&n.to_string()),
            ),
        );
    }
    // 3,298 held: a pair fits, then nothing more.
    sim.ec_pair(bob, 0, tpl("last pair"));
    assert_eq!(
        sim.key_err(bob, 0, gen(common::aes256(), tpl("one too many"))),
        ErrorCode::KeyLimitReached
    );
    sim.delete_key(bob, 0, KeyHandle(6));
    assert_eq!(
        sim.key_err(bob, 0, gen(common::p256(), tpl("pair needs two"))),
        ErrorCode::KeyLimitReached
    );
    // A session key is not counted until it becomes a token key.
    let sess = sim.aes(bob, 0, session_tpl("session"));
    assert_eq!(sess, KeyHandle(6));
    sim.aes(bob, 0, tpl("fills the last slot"));
    let promote = KeyRequest::SetAttribute {
        handle: sess,
        attribute: common::attr::TOKEN,
        value: hsm_proto::keys::AttrValue::Byte(1),
    };
    assert_eq!(sim.key_err(bob, 0, promote), ErrorCode::KeyLimitReached);
}

/// docs/kmu.md §2.11–§2.15, §1.8, A-20–A-22: sizes and algorithms the HSM refuses, and how.
#[test]
fn generation_parameters_outside_the_policy_are_refused() {
    let (mut sim, _, bob, _) = setup();
    let sym = |key_type, size| KeySpec::Symmetric { key_type, size };
    let cases = [
        (sym(AES, 20), ErrorCode::InvalidInput),
        (sym(AES, 0), ErrorCode::InvalidInput),
        (sym(common::DES3, 16), ErrorCode::InvalidInput),
        (sym(common::GENERIC, 0), ErrorCode::InvalidInput),
        (sym(common::GENERIC, 3584), ErrorCode::InvalidInput),
        (sym(18, 16), ErrorCode::PolicyViolation),
        (sym(99, 16), ErrorCode::InvalidInput),
        (sym(common::RSA, 16), ErrorCode::InvalidInput),
        (
            KeySpec::Rsa {
                bits: 1024,
                exponent: 65537,
            },
            ErrorCode::PolicyViolation,
        ),
        (
            KeySpec::Rsa {
                bits: 2100,
                exponent: 65537,
            },
            ErrorCode::PolicyViolation,
        ),
        (
            KeySpec::Rsa {
                bits: 2048,
                exponent: 3,
            },
            ErrorCode::PolicyViolation,
        ),
        (
            KeySpec::Rsa {
                bits: 2048,
                exponent: 65538,
            },
            ErrorCode::PolicyViolation,
        ),
        (KeySpec::Ec { curve_id: 1 }, ErrorCode::PolicyViolation),
        (KeySpec::Ec { curve_id: 15 }, ErrorCode::PolicyViolation),
        (KeySpec::Ec { curve_id: 17 }, ErrorCode::InvalidInput),
        (KeySpec::Dsa { bits: 1024 }, ErrorCode::PolicyViolation),
        (KeySpec::Pbe, ErrorCode::PolicyViolation),
    ];
    for (spec, want) in cases {
        assert_eq!(
            sim.key_err(bob, 0, gen(spec.clone(), tpl("x"))),
            want,
            "{spec:?}"
        );
    }
    // A refused curve shows the node as unavailable, as on AWS (docs/kmu.md §2.12).
    let outcome = sim.key(bob, 0, gen(KeySpec::Ec { curve_id: 1 }, tpl("x")));
    assert_eq!(
        common::node_errors(&outcome.nodes),
        [Some(ErrorCode::ServerUnavailable)]
    );
    // The accepted sizes.
    for spec in [
        sym(AES, 16),
        sym(AES, 24),
        sym(common::DES3, 24),
        sym(common::GENERIC, 1),
        sym(common::GENERIC, 3583),
    ] {
        sim.key_ok(bob, 0, gen(spec, tpl("ok")));
    }
    assert!(
        sim.find_all(bob, 0).len() == 5,
        "only the accepted keys exist"
    );
}

#[test]
fn labels_are_bounded_at_creation() {
    let (mut sim, _, bob, _) = setup();
    let long = "l".repeat(hsm_proto::keys::MAX_LABEL_LEN + 1);
    for spec in [common::aes256(), common::p256()] {
        assert_eq!(
            sim.key_err(bob, 0, gen(spec, tpl(&long))),
            ErrorCode::InvalidInput
        );
    }
    assert!(sim.find_all(bob, 0).is_empty(), "nothing was created");
    sim.aes(bob, 0, tpl(&long[1..]));
}
