//! Key attributes (docs/kmu.md §3): the defaults of every kind of key (§3.2), `-nex`, imported
//! keys, what CMU `setAttribute` may change and who may (§3.3, docs/cmu.md §3.18), trusted
//! wrapping (§2.34), masked objects (§2.8, §2.24) and quorum keys (§4.1).

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes};

use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
use common::{attr, bytes, created, session_tpl, tpl, wrapped, Sim, AES, DES3, EC, GENERIC, RSA};
use hsm_core::SessionId;
use hsm_proto::keys::{AttrValue, Attribute, KeyRequest, KeySpec, KeyTemplate, WrapParams};
use sha1::{Digest, Sha1};

/// One HSM; `bob` (owner) and `carol`. Returns the officer's, bob's and carol's sessions.
fn setup() -> (Sim, SessionId, SessionId, SessionId) {
    let (mut sim, co, _) = Sim::with_cus(1, &["bob", "carol"]);
    let bob = sim.cu("bob");
    let carol = sim.cu("carol");
    (sim, co, bob, carol)
}

fn byte(v: u8) -> AttrValue {
    AttrValue::Byte(v)
}

fn word(v: u32) -> AttrValue {
    AttrValue::Word(v)
}

fn mech(mechanism: u32) -> WrapParams {
    WrapParams {
        mechanism,
        hash: 2,
        ..WrapParams::default()
    }
}

fn nex(label: &str) -> KeyTemplate {
    KeyTemplate {
        non_extractable: true,
        ..tpl(label)
    }
}

/// Checks the listed attributes, and that the key has no attribute outside `ids_present`.
#[track_caller]
fn expect(attrs: &[Attribute], want: &[(u32, AttrValue)]) {
    let mut wrong = Vec::new();
    for (id, value) in want {
        match attrs.iter().find(|a| a.id == *id) {
            Some(a) if a.value == *value => {}
            Some(a) => wrong.push(format!("attribute {id}: want {value:?}, got {:?}", a.value)),
            None => wrong.push(format!("attribute {id}: missing")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn ids(attrs: &[Attribute]) -> Vec<u32> {
    attrs.iter().map(|a| a.id).collect()
}

/// The 17 attributes every key has, then the six newer ones (docs/kmu.md §2.16, A-6).
const COMMON_IDS: [u32; 23] = [
    attr::CLASS,
    attr::KEY_TYPE,
    attr::TOKEN,
    attr::PRIVATE,
    attr::ENCRYPT,
    attr::DECRYPT,
    attr::WRAP,
    attr::UNWRAP,
    attr::SIGN,
    attr::VERIFY,
    attr::LOCAL,
    attr::SENSITIVE,
    attr::EXTRACTABLE,
    attr::LABEL,
    attr::ID,
    attr::VALUE_LEN,
    attr::KCV,
    attr::TRUSTED,
    attr::WRAP_WITH_TRUSTED,
    attr::DESTROYABLE,
    attr::DERIVE,
    attr::ALWAYS_SENSITIVE,
    attr::NEVER_EXTRACTABLE,
];

/// AES-ECB(key, 0^16), first three bytes (docs/kmu.md §2.36), computed here independently.
fn aes_kcv(key: &[u8]) -> Vec<u8> {
    let mut block = Array::from([0u8; 16]);
    match key.len() {
        16 => aes::Aes128::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
        24 => aes::Aes192::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
        _ => aes::Aes256::new_from_slice(key).map(|c| c.encrypt_block(&mut block)),
    }
    .expect("AES key");
    block[..3].to_vec()
}

/// SHA-1 of the SubjectPublicKeyInfo, first three bytes (docs/kmu.md A-31).
fn spki_kcv(pem: &[u8]) -> Vec<u8> {
    let (_, der) = der::pem::decode_vec(pem).expect("PEM");
    Sha1::digest(&der)[..3].to_vec()
}

/// The secret-key flags of §3.2 for a cipher key (`cipher`: ENCRYPT/DECRYPT; `wraps`:
/// WRAP/UNWRAP), generated and extractable.
fn secret_defaults(class_type: u8, cipher: u8, wraps: u8, len: u32) -> Vec<(u32, AttrValue)> {
    vec![
        (attr::CLASS, byte(4)),
        (attr::KEY_TYPE, byte(class_type)),
        (attr::TOKEN, byte(1)),
        (attr::PRIVATE, byte(1)),
        (attr::ENCRYPT, byte(cipher)),
        (attr::DECRYPT, byte(cipher)),
        (attr::WRAP, byte(wraps)),
        (attr::UNWRAP, byte(wraps)),
        (attr::SIGN, byte(0)),
        (attr::VERIFY, byte(0)),
        (attr::DERIVE, byte(0)),
        (attr::LOCAL, byte(1)),
        (attr::SENSITIVE, byte(1)),
        (attr::EXTRACTABLE, byte(1)),
        (attr::VALUE_LEN, word(len)),
        (attr::TRUSTED, byte(0)),
        (attr::WRAP_WITH_TRUSTED, byte(0)),
        (attr::DESTROYABLE, byte(1)),
        (attr::ALWAYS_SENSITIVE, byte(1)),
        (attr::NEVER_EXTRACTABLE, byte(0)),
    ]
}

#[test]
fn secret_key_defaults() {
    let (mut sim, _, bob, _) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    for (key_type, size, cipher, wraps) in [
        (AES, 16, 1, 1),
        (AES, 24, 1, 1),
        (AES, 32, 1, 1),
        (DES3, 24, 1, 0),
        (GENERIC, 64, 0, 0),
    ] {
        let template = KeyTemplate {
            id: format!("id-{key_type}-{size}"),
            ..tpl(&format!("label-{key_type}"))
        };
        let h = sim.generate(bob, 0, KeySpec::Symmetric { key_type, size }, template)[0];
        let attrs = sim.attributes(bob, 0, h);
        assert_eq!(ids(&attrs), COMMON_IDS, "type {key_type}: no modulus group");
        let kt = u8::try_from(key_type).expect("small");
        expect(&attrs, &secret_defaults(kt, cipher, wraps, size));
        expect(
            &attrs,
            &[
                (attr::LABEL, AttrValue::Text(format!("label-{key_type}"))),
                (attr::ID, AttrValue::Text(format!("id-{key_type}-{size}"))),
            ],
        );
        let material = sim.export_sym(bob, 0, h, wrapping);
        assert_eq!(material.len(), usize::try_from(size).expect("small"));
        let kcv = sim.kcv(bob, 0, h);
        match key_type {
            AES => assert_eq!(kcv, aes_kcv(&material)),
            GENERIC => assert_eq!(kcv, [0, 0, 0]),
            _ => assert_eq!(kcv.len(), 3),
        }
    }
    let sess = sim.aes(bob, 0, session_tpl("s"));
    assert_eq!(sim.attribute(bob, 0, sess, attr::TOKEN), byte(0));
}

fn pair_defaults(class: u8, key_type: u8, flags: [u8; 6], sensitive: u8) -> Vec<(u32, AttrValue)> {
    let [encrypt, decrypt, wrap, unwrap, sign, verify] = flags;
    vec![
        (attr::CLASS, byte(class)),
        (attr::KEY_TYPE, byte(key_type)),
        (attr::TOKEN, byte(1)),
        (attr::PRIVATE, byte(1)),
        (attr::ENCRYPT, byte(encrypt)),
        (attr::DECRYPT, byte(decrypt)),
        (attr::WRAP, byte(wrap)),
        (attr::UNWRAP, byte(unwrap)),
        (attr::SIGN, byte(sign)),
        (attr::VERIFY, byte(verify)),
        (attr::DERIVE, byte(0)),
        (attr::LOCAL, byte(1)),
        (attr::SENSITIVE, byte(sensitive)),
        (attr::EXTRACTABLE, byte(1)),
        (attr::TRUSTED, byte(0)),
        (attr::WRAP_WITH_TRUSTED, byte(0)),
        (attr::DESTROYABLE, byte(1)),
        (attr::ALWAYS_SENSITIVE, byte(sensitive)),
        (attr::NEVER_EXTRACTABLE, byte(0)),
    ]
}

/// The PKCS#8 DER length of an exported private key.
fn pkcs8_len(sim: &mut Sim, sid: SessionId, handle: KeyHandle, wrapping: KeyHandle) -> u32 {
    let pem = bytes(sim.key_ok(
        sid,
        0,
        KeyRequest::ExportPrivateKey {
            handle,
            wrapping,
            host_key: None,
        },
    ));
    let (label, der) = der::pem::decode_vec(&pem).expect("PEM");
    assert_eq!(label, "PRIVATE KEY");
    u32::try_from(der.len()).expect("small")
}

#[test]
fn rsa_pair_defaults() {
    let (mut sim, _, bob, _) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let (public, private) = sim.rsa_pair(bob, 0, tpl("rsa"));
    let pub_attrs = sim.attributes(bob, 0, public);
    let priv_attrs = sim.attributes(bob, 0, private);
    let mut rsa_ids = COMMON_IDS[..17].to_vec();
    rsa_ids.extend([attr::MODULUS, attr::MODULUS_BITS, attr::PUBLIC_EXPONENT]);
    rsa_ids.extend(&COMMON_IDS[17..]);
    assert_eq!(ids(&pub_attrs), rsa_ids, "26 attributes");
    assert_eq!(ids(&priv_attrs), rsa_ids);
    let rsa = u8::try_from(RSA).expect("small");
    expect(&pub_attrs, &pair_defaults(2, rsa, [1, 0, 1, 0, 0, 1], 0));
    expect(&priv_attrs, &pair_defaults(3, rsa, [0, 1, 0, 1, 1, 0], 1));
    let modulus = match sim.attribute(bob, 0, public, attr::MODULUS) {
        AttrValue::Bytes(m) => m,
        v => panic!("modulus {v:?}"),
    };
    assert_eq!(modulus.len(), 256);
    let common_facts = [
        (attr::MODULUS, AttrValue::Bytes(modulus)),
        (attr::MODULUS_BITS, word(2048)),
        (attr::PUBLIC_EXPONENT, AttrValue::Bytes(vec![1, 0, 1])),
    ];
    expect(&pub_attrs, &common_facts);
    expect(&priv_attrs, &common_facts);
    expect(&pub_attrs, &[(attr::VALUE_LEN, word(512))]);
    let der_len = pkcs8_len(&mut sim, bob, private, wrapping);
    expect(&priv_attrs, &[(attr::VALUE_LEN, word(der_len))]);
    let pem = bytes(sim.key_ok(bob, 0, KeyRequest::ExportPublicKey { handle: public }));
    let kcv = spki_kcv(&pem);
    assert_eq!(sim.kcv(bob, 0, public), kcv);
    assert_eq!(
        sim.kcv(bob, 0, private),
        kcv,
        "the private key shows the public KCV"
    );
}

#[test]
fn ec_pair_defaults() {
    let (mut sim, _, bob, _) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let (public, private) = sim.ec_pair(bob, 0, tpl("ec"));
    let pub_attrs = sim.attributes(bob, 0, public);
    let priv_attrs = sim.attributes(bob, 0, private);
    let mut ec_ids = COMMON_IDS[..17].to_vec();
    ec_ids.extend([attr::MODULUS, attr::MODULUS_BITS]);
    ec_ids.extend(&COMMON_IDS[17..]);
    assert_eq!(ids(&pub_attrs), ec_ids, "25 attributes");
    assert_eq!(ids(&priv_attrs), ec_ids);
    let ec = u8::try_from(EC).expect("small");
    expect(&pub_attrs, &pair_defaults(2, ec, [0, 0, 0, 0, 0, 1], 0));
    expect(&priv_attrs, &pair_defaults(3, ec, [0, 0, 0, 0, 1, 0], 1));
    let point = match sim.attribute(bob, 0, public, attr::MODULUS) {
        AttrValue::Bytes(p) => p,
        v => panic!("point {v:?}"),
    };
    assert_eq!((point.len(), point[0]), (65, 4), "uncompressed P-256 point");
    let facts = [
        (attr::MODULUS, AttrValue::Bytes(point)),
        (attr::MODULUS_BITS, word(415)),
    ];
    expect(&pub_attrs, &facts);
    expect(&priv_attrs, &facts);
    expect(&pub_attrs, &[(attr::VALUE_LEN, word(65))]);
    expect(&priv_attrs, &[(attr::VALUE_LEN, word(0x8a))]);
    assert_eq!(pkcs8_len(&mut sim, bob, private, wrapping), 0x8a);
    let pem = bytes(sim.key_ok(bob, 0, KeyRequest::ExportPublicKey { handle: public }));
    assert_eq!(sim.kcv(bob, 0, public), spki_kcv(&pem));
    assert_eq!(sim.kcv(bob, 0, private), spki_kcv(&pem));
}

#[test]
fn non_extractable_keys_were_never_extractable() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, nex("nex"));
    expect(
        &sim.attributes(bob, 0, aes),
        &[
            (attr::EXTRACTABLE, byte(0)),
            (attr::NEVER_EXTRACTABLE, byte(1)),
            (attr::ALWAYS_SENSITIVE, byte(1)),
        ],
    );
    let (public, private) = sim.ec_pair(bob, 0, nex("nex pair"));
    expect(
        &sim.attributes(bob, 0, private),
        &[
            (attr::EXTRACTABLE, byte(0)),
            (attr::NEVER_EXTRACTABLE, byte(1)),
        ],
    );
    expect(
        &sim.attributes(bob, 0, public),
        &[
            (attr::EXTRACTABLE, byte(1)),
            (attr::NEVER_EXTRACTABLE, byte(0)),
        ],
    );
}

#[test]
fn imported_and_unwrapped_keys_are_not_local() {
    let (mut sim, _, bob, _) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let not_local = [
        (attr::LOCAL, byte(0)),
        (attr::ALWAYS_SENSITIVE, byte(0)),
        (attr::NEVER_EXTRACTABLE, byte(0)),
    ];
    // imSymKey offers no -nex: always extractable.
    let imported = created(sim.key_ok(
        bob,
        0,
        KeyRequest::ImportSymKey {
            material: SecretBytes::new(vec![9; 32]),
            key_type: AES,
            wrapping,
            host_key: None,
            template: tpl("imported"),
        },
    ))[0];
    let attrs = sim.attributes(bob, 0, imported);
    expect(&attrs, &not_local);
    expect(
        &attrs,
        &[
            (attr::EXTRACTABLE, byte(1)),
            (attr::SENSITIVE, byte(1)),
            (attr::WRAP, byte(1)),
            (attr::KCV, AttrValue::Bytes(aes_kcv(&[9; 32]))),
            (attr::VALUE_LEN, word(32)),
        ],
    );
    let (public, private) = sim.ec_pair(bob, 0, tpl("ec"));
    let pem = bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::ExportPrivateKey {
            handle: private,
            wrapping,
            host_key: None,
        },
    ));
    let imported = created(sim.key_ok(
        bob,
        0,
        KeyRequest::ImportPrivateKey {
            pem: SecretBytes::new(pem),
            wrapping,
            host_key: None,
            template: tpl("imported private"),
        },
    ))[0];
    expect(&sim.attributes(bob, 0, imported), &not_local);
    expect(
        &sim.attributes(bob, 0, imported),
        &[(attr::EXTRACTABLE, byte(1)), (attr::SIGN, byte(1))],
    );
    let public_pem = String::from_utf8(bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::ExportPublicKey { handle: public },
    )))
    .expect("text");
    let imported = created(sim.key_ok(
        bob,
        0,
        KeyRequest::ImportPublicKey {
            pem: public_pem,
            template: tpl("imported public"),
        },
    ))[0];
    expect(
        &sim.attributes(bob, 0, imported),
        &[
            (attr::LOCAL, byte(0)),
            (attr::VERIFY, byte(1)),
            (attr::CLASS, byte(2)),
        ],
    );
    assert_eq!(sim.kcv(bob, 0, imported), sim.kcv(bob, 0, public));
    // unWrapKey honours -nex, but the key is still not "never extractable".
    let blob = wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: private,
            wrapping,
            params: mech(4),
        },
    ))
    .0;
    let unwrapped = created(sim.key_ok(
        bob,
        0,
        KeyRequest::UnwrapKey {
            blob,
            wrapping,
            params: mech(4),
            no_header: None,
            template: nex("unwrapped"),
        },
    ))[0];
    let attrs = sim.attributes(bob, 0, unwrapped);
    expect(&attrs, &not_local);
    expect(&attrs, &[(attr::EXTRACTABLE, byte(0))]);
}

fn set(handle: KeyHandle, attribute: u32, value: AttrValue) -> KeyRequest {
    KeyRequest::SetAttribute {
        handle,
        attribute,
        value,
    }
}

#[test]
fn the_owner_changes_the_label_and_usage_flags() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("before"));
    sim.key_ok(
        bob,
        0,
        set(aes, attr::LABEL, AttrValue::Text("after".into())),
    );
    assert_eq!(
        sim.attribute(bob, 0, aes, attr::LABEL),
        AttrValue::Text("after".into())
    );
    for id in [
        attr::ENCRYPT,
        attr::DECRYPT,
        attr::WRAP,
        attr::UNWRAP,
        attr::SIGN,
        attr::VERIFY,
        attr::DERIVE,
        attr::DESTROYABLE,
    ] {
        let before = sim.attribute(bob, 0, aes, id);
        let flipped = if before == byte(1) { 0 } else { 1 };
        sim.key_ok(bob, 0, set(aes, id, byte(flipped)));
        assert_eq!(
            sim.attribute(bob, 0, aes, id),
            byte(flipped),
            "attribute {id}"
        );
        // Word values are accepted as well.
        sim.key_ok(bob, 0, set(aes, id, word(u32::from(1 - flipped))));
        assert_eq!(
            sim.attribute(bob, 0, aes, id),
            byte(1 - flipped),
            "attribute {id}"
        );
    }
}

#[test]
fn bad_values_are_invalid_input() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("k"));
    for (id, value) in [
        (attr::LABEL, byte(1)),
        (attr::LABEL, AttrValue::Bytes(b"x".to_vec())),
        (attr::ENCRYPT, byte(2)),
        (attr::ENCRYPT, word(7)),
        (attr::SIGN, AttrValue::Text("1".into())),
        (attr::DESTROYABLE, AttrValue::Bytes(vec![1])),
        (attr::WRAP_WITH_TRUSTED, byte(9)),
    ] {
        assert_eq!(
            sim.key_err(bob, 0, set(aes, id, value.clone())),
            ErrorCode::InvalidInput,
            "{id} = {value:?}"
        );
    }
    assert_eq!(
        sim.attribute(bob, 0, aes, attr::LABEL),
        AttrValue::Text("k".into())
    );
}

/// docs/kmu.md §3.3 "Never changeable" and docs/cmu.md §3.18: refused as a policy violation (0xb3),
/// whatever the value, and the key is unchanged.
#[test]
fn read_only_attributes_are_a_policy_violation() {
    let (mut sim, _, bob, _) = setup();
    let (public, private) = sim.ec_pair(bob, 0, tpl("pair"));
    let aes = sim.aes(bob, 0, tpl("k"));
    let before: Vec<_> = [aes, public, private]
        .iter()
        .map(|h| sim.attributes(bob, 0, *h))
        .collect();
    let mut wrong = Vec::new();
    for handle in [aes, public, private] {
        for (id, value) in [
            (attr::CLASS, byte(4)),
            (attr::PRIVATE, byte(0)),
            (attr::KEY_TYPE, byte(31)),
            (attr::ID, AttrValue::Text("new id".into())),
            (attr::ID, byte(1)),
            (attr::SENSITIVE, byte(0)),
            (attr::MODULUS, AttrValue::Bytes(vec![1, 2, 3])),
            (attr::MODULUS_BITS, word(4096)),
            (attr::PUBLIC_EXPONENT, AttrValue::Bytes(vec![3])),
            (attr::VALUE_LEN, word(16)),
            (attr::EXTRACTABLE, byte(0)),
            (attr::EXTRACTABLE, byte(1)),
            (attr::LOCAL, byte(0)),
            (attr::NEVER_EXTRACTABLE, byte(1)),
            (attr::ALWAYS_SENSITIVE, byte(0)),
            (attr::KCV, AttrValue::Bytes(vec![0, 0, 0])),
            (attr::WRAP_TEMPLATE, byte(1)),
            (attr::UNWRAP_TEMPLATE, byte(1)),
            (9999, byte(1)),
        ] {
            match sim.key(bob, 0, set(handle, id, value.clone())).result {
                Err(e) if e.code() == ErrorCode::PolicyViolation => {}
                other => wrong.push(format!(
                    "key {handle} attribute {id} = {value:?}: want PolicyViolation, got {other:?}"
                )),
            }
        }
    }
    // DERIVE must stay 0 on public keys.
    match sim.key(bob, 0, set(public, attr::DERIVE, byte(1))).result {
        Err(e) if e.code() == ErrorCode::PolicyViolation => {}
        other => wrong.push(format!("DERIVE 1 on a public key: {other:?}")),
    }
    sim.key_ok(bob, 0, set(public, attr::DERIVE, byte(0)));
    let after: Vec<_> = [aes, public, private]
        .iter()
        .map(|h| sim.attributes(bob, 0, *h))
        .collect();
    assert_eq!(before, after, "nothing changed");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_an_officer_marks_keys_trusted() {
    let (mut sim, co, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("k"));
    assert_eq!(
        sim.key_err(bob, 0, set(aes, attr::TRUSTED, byte(1))),
        ErrorCode::InvalidUserType
    );
    sim.key_ok(co, 0, set(aes, attr::TRUSTED, byte(1)));
    assert_eq!(sim.attribute(bob, 0, aes, attr::TRUSTED), byte(1));
    sim.key_ok(co, 0, set(aes, attr::TRUSTED, byte(0)));
    assert_eq!(sim.attribute(bob, 0, aes, attr::TRUSTED), byte(0));
    assert_eq!(
        sim.key_err(co, 0, set(aes, attr::TRUSTED, byte(3))),
        ErrorCode::InvalidInput
    );
}

#[test]
fn wrap_with_trusted_is_one_way() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("k"));
    sim.key_ok(bob, 0, set(aes, attr::WRAP_WITH_TRUSTED, byte(0)));
    sim.key_ok(bob, 0, set(aes, attr::WRAP_WITH_TRUSTED, byte(1)));
    sim.key_ok(bob, 0, set(aes, attr::WRAP_WITH_TRUSTED, byte(1)));
    assert_eq!(
        sim.key_err(bob, 0, set(aes, attr::WRAP_WITH_TRUSTED, byte(0))),
        ErrorCode::PolicyViolation
    );
    assert_eq!(sim.attribute(bob, 0, aes, attr::WRAP_WITH_TRUSTED), byte(1));
}

#[test]
fn cmu_set_attribute_changes_the_copy_on_the_addressed_hsm() {
    // CMU sends setAttribute to every server itself (docs/cmu.md §3.18 example: one success
    // line per server); the model changes the HSM it is addressed to.
    let (mut sim, _, _) = Sim::with_cus(2, &["bob"]);
    let bob = sim.cu("bob");
    let aes = sim.aes(bob, 0, tpl("k"));
    sim.key_ok(
        bob,
        1,
        set(aes, attr::LABEL, AttrValue::Text("on 1".into())),
    );
    assert_eq!(
        sim.attribute(bob, 1, aes, attr::LABEL),
        AttrValue::Text("on 1".into())
    );
    assert_eq!(
        sim.attribute(bob, 0, aes, attr::LABEL),
        AttrValue::Text("k".into())
    );
}

#[test]
fn cleared_usage_flags_are_enforced() {
    let (mut sim, _, bob, _) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let target = sim.aes(bob, 0, tpl("target"));
    let (public, private) = sim.ec_pair(bob, 0, tpl("ec"));
    let signature = bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::Sign {
            handle: private,
            mechanism: 17,
            data: b"m".to_vec(),
        },
    ));
    let blob = wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: target,
            wrapping,
            params: mech(4),
        },
    ))
    .0;
    sim.key_ok(bob, 0, set(wrapping, attr::WRAP, byte(0)));
    sim.key_ok(bob, 0, set(wrapping, attr::UNWRAP, byte(0)));
    sim.key_ok(bob, 0, set(private, attr::SIGN, byte(0)));
    sim.key_ok(bob, 0, set(public, attr::VERIFY, byte(0)));
    sim.key_ok(bob, 0, set(target, attr::DESTROYABLE, byte(0)));
    let denied = [
        KeyRequest::WrapKey {
            handle: target,
            wrapping,
            params: mech(4),
        },
        KeyRequest::UnwrapKey {
            blob,
            wrapping,
            params: mech(4),
            no_header: None,
            template: tpl("u"),
        },
        KeyRequest::ExportSymKey {
            handle: target,
            wrapping,
            host_key: None,
        },
        KeyRequest::AesWrapUnwrap {
            handle: wrapping,
            wrap: true,
            data: SecretBytes::new(vec![1; 16]),
            iv: None,
        },
        KeyRequest::Sign {
            handle: private,
            mechanism: 17,
            data: b"m".to_vec(),
        },
        KeyRequest::Verify {
            handle: public,
            mechanism: 17,
            data: b"m".to_vec(),
            signature,
        },
        KeyRequest::DeleteKey { handle: target },
    ];
    for request in denied {
        assert_eq!(sim.key_err(bob, 0, request), ErrorCode::KeyAccessDenied);
    }
}

/// A fresh trusted AES key: generated by `bob`, marked TRUSTED by the officer.
fn trusted_key(sim: &mut Sim, co: SessionId, bob: SessionId) -> KeyHandle {
    let h = sim.aes(bob, 0, tpl("trusted"));
    sim.key_ok(co, 0, set(h, attr::TRUSTED, byte(1)));
    h
}

#[test]
fn a_wrap_with_trusted_key_is_wrapped_only_by_a_trusted_key() {
    let (mut sim, co, bob, _) = setup();
    let plain = sim.aes(bob, 0, tpl("untrusted"));
    let trusted = trusted_key(&mut sim, co, bob);
    let target = sim.aes(bob, 0, tpl("guarded"));
    sim.key_ok(bob, 0, set(target, attr::WRAP_WITH_TRUSTED, byte(1)));
    let wrap = |wrapping| KeyRequest::WrapKey {
        handle: target,
        wrapping,
        params: mech(4),
    };
    assert_eq!(sim.key_err(bob, 0, wrap(plain)), ErrorCode::KeyAccessDenied);
    sim.key_ok(bob, 0, wrap(trusted));
    // Revoking the trust closes the door again.
    sim.key_ok(co, 0, set(trusted, attr::TRUSTED, byte(0)));
    assert_eq!(
        sim.key_err(bob, 0, wrap(trusted)),
        ErrorCode::KeyAccessDenied
    );
}

/// exSymKey and exportPrivateKey wrap the key inside the HSM (docs/kmu.md §2.7), so the
/// WRAP_WITH_TRUSTED rule of §2.34 applies to their wrapping key as well.
#[test]
fn a_wrap_with_trusted_key_is_not_exported_under_an_untrusted_key() {
    let (mut sim, co, bob, _) = setup();
    let plain = sim.aes(bob, 0, tpl("untrusted"));
    let trusted = trusted_key(&mut sim, co, bob);
    let target = sim.aes(bob, 0, tpl("guarded"));
    let (_, private) = sim.ec_pair(bob, 0, tpl("guarded pair"));
    for h in [target, private] {
        sim.key_ok(bob, 0, set(h, attr::WRAP_WITH_TRUSTED, byte(1)));
    }
    sim.export_sym(bob, 0, target, trusted);
    let mut wrong = Vec::new();
    let requests = [
        (
            "exSymKey",
            KeyRequest::ExportSymKey {
                handle: target,
                wrapping: plain,
                host_key: None,
            },
        ),
        (
            "exportPrivateKey",
            KeyRequest::ExportPrivateKey {
                handle: private,
                wrapping: plain,
                host_key: None,
            },
        ),
    ];
    for (name, request) in requests {
        match sim.key(bob, 0, request).result {
            Err(e) if e.code() == ErrorCode::KeyAccessDenied => {}
            other => wrong.push(format!("{name}: want KeyAccessDenied, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Only a CO can make a key TRUSTED (docs/kmu.md §3.1, §3.3); an unwrapped key gets the
/// defaults of its kind (§3.2: TRUSTED 0), whatever the wrapped copy claimed.
#[test]
fn an_unwrapped_copy_of_a_trusted_key_is_not_trusted() {
    let (mut sim, co, bob, _) = setup();
    let plain = sim.aes(bob, 0, tpl("untrusted"));
    let trusted = trusted_key(&mut sim, co, bob);
    let blob = wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: trusted,
            wrapping: plain,
            params: mech(4),
        },
    ))
    .0;
    let copy = created(sim.key_ok(
        bob,
        0,
        KeyRequest::UnwrapKey {
            blob,
            wrapping: plain,
            params: mech(4),
            no_header: None,
            template: tpl("copy"),
        },
    ))[0];
    assert_eq!(sim.kcv(bob, 0, copy), sim.kcv(bob, 0, trusted));
    assert_eq!(
        sim.attribute(bob, 0, copy, attr::TRUSTED),
        byte(0),
        "a crypto user minted a TRUSTED key without an officer"
    );
}

/// The wrapped-key header is not authenticated: a crypto user who edits it must not gain
/// TRUSTED (which only an officer may grant) or shed WRAP_WITH_TRUSTED: the header is
/// sealed with the cluster key and bound to the payload, so any edit fails the unwrap.
#[test]
fn an_edited_wrap_header_cannot_grant_trust() {
    let (mut sim, _, bob, _) = setup();
    let plain = sim.aes(bob, 0, tpl("untrusted"));
    let target = sim.aes(bob, 0, tpl("ordinary"));
    let blob = wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: target,
            wrapping: plain,
            params: mech(4),
        },
    ))
    .0;
    // magic(8) | length(4, big-endian) | sealed header | payload.
    assert_eq!(&blob[..8], b"KMUWRAP1");
    let len = usize::try_from(u32::from_be_bytes(blob[8..12].try_into().expect("4 bytes")))
        .expect("fits");
    for at in [12, 12 + len / 2, 12 + len - 1, blob.len() - 1] {
        let mut forged = blob.clone();
        forged[at] ^= 0x01;
        let refused = sim.key_err(
            bob,
            0,
            KeyRequest::UnwrapKey {
                blob: forged,
                wrapping: plain,
                params: mech(4),
                no_header: None,
                template: tpl("forged"),
            },
        );
        assert_eq!(refused, ErrorCode::UnwrapIntegrity, "byte {at} edited");
    }
}

#[test]
fn non_extractable_keys_leave_only_as_masked_objects() {
    let (mut sim, _, bob, carol) = setup();
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let carol_id = sim.user_id(0, "carol");
    let aes = sim.aes(
        bob,
        0,
        KeyTemplate {
            share_with: vec![carol_id],
            ..nex("locked")
        },
    );
    let (public, private) = sim.ec_pair(bob, 0, nex("locked pair"));
    for request in [
        KeyRequest::ExportSymKey {
            handle: aes,
            wrapping,
            host_key: None,
        },
        KeyRequest::WrapKey {
            handle: aes,
            wrapping,
            params: mech(4),
        },
        KeyRequest::ExportPrivateKey {
            handle: private,
            wrapping,
            host_key: None,
        },
        KeyRequest::WrapKey {
            handle: private,
            wrapping,
            params: mech(6),
        },
    ] {
        assert_eq!(sim.key_err(bob, 0, request), ErrorCode::KeyAccessDenied);
    }
    for original in [aes, private] {
        let blob = bytes(sim.key_ok(bob, 0, KeyRequest::ExtractMaskedObject { handle: original }));
        // Any crypto user may insert it; the key keeps its owner, sharing and attributes.
        let outcome = sim.key(
            carol,
            0,
            KeyRequest::InsertMaskedObject {
                blob,
                min_servers: 1,
            },
        );
        assert_eq!(common::node_errors(&outcome.nodes), [None]);
        let copy = created(outcome.result.expect("insert"))[0];
        assert_ne!(copy, original, "a new handle");
        assert_eq!(
            sim.attributes(bob, 0, copy),
            sim.attributes(bob, 0, original)
        );
        assert_eq!(sim.key_info(bob, 0, copy), sim.key_info(bob, 0, original));
    }
    // The inserted private key signs for the original public key.
    let copies = sim.find(
        bob,
        0,
        hsm_proto::keys::KeyFilter {
            label: Some("locked pair".into()),
            class: Some(3),
            ..Default::default()
        },
    );
    assert_eq!(copies.len(), 2);
    let signature = bytes(sim.key_ok(
        bob,
        0,
        KeyRequest::Sign {
            handle: copies[1],
            mechanism: 17,
            data: b"masked".to_vec(),
        },
    ));
    sim.key_ok(
        bob,
        0,
        KeyRequest::Verify {
            handle: public,
            mechanism: 17,
            data: b"masked".to_vec(),
            signature,
        },
    );
}

#[test]
fn corrupt_or_foreign_masked_objects_are_refused() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("k"));
    let blob = bytes(sim.key_ok(bob, 0, KeyRequest::ExtractMaskedObject { handle: aes }));
    let insert = |blob: Vec<u8>| KeyRequest::InsertMaskedObject {
        blob,
        min_servers: 1,
    };
    let mut flipped = blob.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let mut in_body = blob.clone();
    in_body[20] ^= 0x80;
    for (what, bad) in [
        ("last byte", flipped),
        ("body byte", in_body),
        ("truncated", blob[..blob.len() / 2].to_vec()),
        ("no magic", blob[8..].to_vec()),
        ("empty", Vec::new()),
    ] {
        assert_eq!(
            sim.key_err(bob, 0, insert(bad)),
            ErrorCode::MaskedObjectForeign,
            "{what}"
        );
    }
    // Another cluster has another masking key.
    let (mut other, _, _) = Sim::with_cus(1, &["bob"]);
    let bob_there = other.cu("bob");
    assert_eq!(
        other.key_err(bob_there, 0, insert(blob.clone())),
        ErrorCode::MaskedObjectForeign
    );
    // The genuine object still goes in.
    sim.key_ok(bob, 0, insert(blob));
}

#[test]
fn quorum_keys_refuse_use_export_delete_and_share_without_approval() {
    let (mut sim, _, bob, carol) = setup();
    let carol_id = sim.user_id(0, "carol");
    let quorum = KeyTemplate {
        share_with: vec![carol_id],
        m_value: 2,
        ..tpl("quorum")
    };
    let wrapping = sim.aes(bob, 0, tpl("wrapping"));
    let aes = sim.aes(bob, 0, quorum.clone());
    let (public, private) = sim.ec_pair(bob, 0, quorum);
    let blob = wrapped(sim.key_ok(
        bob,
        0,
        KeyRequest::WrapKey {
            handle: wrapping,
            wrapping,
            params: mech(4),
        },
    ))
    .0;
    let requests = [
        (
            "sign",
            KeyRequest::Sign {
                handle: private,
                mechanism: 17,
                data: b"m".to_vec(),
            },
        ),
        (
            "exportPrivateKey",
            KeyRequest::ExportPrivateKey {
                handle: private,
                wrapping,
                host_key: None,
            },
        ),
        (
            "exSymKey",
            KeyRequest::ExportSymKey {
                handle: aes,
                wrapping,
                host_key: None,
            },
        ),
        (
            "exSymKey -w quorum",
            KeyRequest::ExportSymKey {
                handle: wrapping,
                wrapping: aes,
                host_key: None,
            },
        ),
        (
            "wrapKey -k quorum",
            KeyRequest::WrapKey {
                handle: aes,
                wrapping,
                params: mech(4),
            },
        ),
        (
            "wrapKey -w quorum",
            KeyRequest::WrapKey {
                handle: wrapping,
                wrapping: aes,
                params: mech(4),
            },
        ),
        (
            "unWrapKey -w quorum",
            KeyRequest::UnwrapKey {
                blob,
                wrapping: aes,
                params: mech(4),
                no_header: None,
                template: tpl("u"),
            },
        ),
        (
            "aesWrapUnwrap",
            KeyRequest::AesWrapUnwrap {
                handle: aes,
                wrap: true,
                data: SecretBytes::new(vec![5; 16]),
                iv: None,
            },
        ),
        ("deleteKey aes", KeyRequest::DeleteKey { handle: aes }),
        (
            "deleteKey private",
            KeyRequest::DeleteKey { handle: private },
        ),
        (
            "shareKey",
            KeyRequest::ShareKey {
                handle: aes,
                users: vec![carol_id],
                share: false,
            },
        ),
    ];
    let mut wrong = Vec::new();
    for (name, request) in requests {
        match sim.key(bob, 0, request).result {
            Err(e) if e.code() == ErrorCode::MxnAuthFailed => {}
            other => wrong.push(format!("{name}: want MxnAuthFailed, got {other:?}")),
        }
    }
    // The shared user is held to the quorum as well.
    match sim
        .key(
            carol,
            0,
            KeyRequest::Sign {
                handle: private,
                mechanism: 17,
                data: b"m".to_vec(),
            },
        )
        .result
    {
        Err(e) if e.code() == ErrorCode::MxnAuthFailed => {}
        other => wrong.push(format!("sign by the shared user: {other:?}")),
    }
    // The public half carries no quorum: it may be deleted.
    sim.delete_key(bob, 0, public);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_label_set_later_is_bounded_too() {
    let (mut sim, _, bob, _) = setup();
    let aes = sim.aes(bob, 0, tpl("before"));
    let long = "l".repeat(hsm_proto::keys::MAX_LABEL_LEN + 1);
    assert_eq!(
        sim.key_err(bob, 0, set(aes, attr::LABEL, AttrValue::Text(long))),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        sim.attribute(bob, 0, aes, attr::LABEL),
        AttrValue::Text("before".into())
    );
}
