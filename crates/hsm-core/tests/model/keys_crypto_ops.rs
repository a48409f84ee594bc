//! Cryptographic round trips through the key model (docs/kmu.md §1.8, §2.1, §2.5, §2.7, §2.21,
//! §2.23, §2.31–§2.34): every wrapping mechanism with and without the KMU header, export
//! and import of private and symmetric keys, `-wk` host keys, every signing mechanism, and
//! the failures: wrong key, altered data, mechanism and key type that do not fit.
//!
//! The RSA pair is generated once for the whole file and imported into each test's HSM.

use crate::common;
use hsm_proto::{ErrorCode, KeyHandle, SecretBytes};

use common::{bytes, created, tpl, wrapped, Sim, AES, DES3, EC, RSA};
use hsm_core::SessionId;
use hsm_proto::keys::{KeyReply, KeyRequest, KeySpec, UnwrapSpec, WrapParams};
use std::sync::OnceLock;

/// PKCS#8 PEM and public PEM of one RSA-2048 pair, made once per test binary.
fn rsa_pems() -> &'static (Vec<u8>, String) {
    static PEMS: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    PEMS.get_or_init(|| {
        let (mut sim, _, _) = Sim::with_cus(1, &["maker"]);
        let s = sim.cu("maker");
        let w = sim.aes(s, 0, tpl("w"));
        let (public, private) = sim.rsa_pair(s, 0, tpl("rsa"));
        let pem = bytes(sim.key_ok(
            s,
            0,
            KeyRequest::ExportPrivateKey {
                handle: private,
                wrapping: w,
                host_key: None,
            },
        ));
        let public_pem = String::from_utf8(bytes(sim.key_ok(
            s,
            0,
            KeyRequest::ExportPublicKey { handle: public },
        )))
        .expect("PEM text");
        (pem, public_pem)
    })
}

/// One HSM with `bob`, an AES-256 wrapping key and the shared RSA pair.
struct Bench {
    sim: Sim,
    bob: SessionId,
    aes_w: KeyHandle,
    rsa_public: KeyHandle,
    rsa_private: KeyHandle,
}

fn bench() -> Bench {
    let (mut sim, _, _) = Sim::with_cus(1, &["bob"]);
    let bob = sim.cu("bob");
    let aes_w = sim.aes(bob, 0, tpl("wrapping"));
    let (pem, public_pem) = rsa_pems().clone();
    let rsa_private = created(sim.key_ok(
        bob,
        0,
        KeyRequest::ImportPrivateKey {
            pem: SecretBytes::new(pem),
            wrapping: aes_w,
            host_key: None,
            template: tpl("rsa private"),
        },
    ))[0];
    let rsa_public = created(sim.key_ok(
        bob,
        0,
        KeyRequest::ImportPublicKey {
            pem: public_pem,
            template: tpl("rsa public"),
        },
    ))[0];
    Bench {
        sim,
        bob,
        aes_w,
        rsa_public,
        rsa_private,
    }
}

fn params(mechanism: u32, no_header: bool) -> WrapParams {
    WrapParams {
        mechanism,
        hash: 2,
        no_header,
        ..WrapParams::default()
    }
}

fn is_rsa_mechanism(mechanism: u32) -> bool {
    matches!(mechanism, 7 | 8 | 12)
}

impl Bench {
    fn wrapping_for(&self, mechanism: u32) -> (KeyHandle, KeyHandle) {
        if is_rsa_mechanism(mechanism) {
            (self.rsa_public, self.rsa_private)
        } else {
            (self.aes_w, self.aes_w)
        }
    }

    fn wrap(&mut self, handle: KeyHandle, wrapping: KeyHandle, params: WrapParams) -> KeyReply {
        self.sim.key_ok(
            self.bob,
            0,
            KeyRequest::WrapKey {
                handle,
                wrapping,
                params,
            },
        )
    }

    fn unwrap_request(
        blob: Vec<u8>,
        wrapping: KeyHandle,
        params: WrapParams,
        spec: Option<(u32, u32)>,
    ) -> KeyRequest {
        KeyRequest::UnwrapKey {
            blob,
            wrapping,
            params,
            no_header: spec.map(|(class, key_type)| UnwrapSpec { class, key_type }),
            template: tpl("unwrapped"),
        }
    }

    fn sign(&mut self, handle: KeyHandle, mechanism: u32, data: &[u8]) -> Vec<u8> {
        bytes(self.sim.key_ok(
            self.bob,
            0,
            KeyRequest::Sign {
                handle,
                mechanism,
                data: data.to_vec(),
            },
        ))
    }

    fn verify(
        &mut self,
        handle: KeyHandle,
        mechanism: u32,
        data: &[u8],
        sig: &[u8],
    ) -> Result<(), ErrorCode> {
        self.sim
            .key(
                self.bob,
                0,
                KeyRequest::Verify {
                    handle,
                    mechanism,
                    data: data.to_vec(),
                    signature: sig.to_vec(),
                },
            )
            .result
            .map(|_| ())
            .map_err(|e| e.code())
    }
}

/// A target of a wrap: its handle, class, type, and for private keys its public half.
#[derive(Clone, Copy)]
struct Target {
    name: &'static str,
    handle: KeyHandle,
    class: u32,
    key_type: u32,
    public: Option<KeyHandle>,
    /// Length of the wrapped plaintext (raw key bytes or PKCS#8 DER).
    len: usize,
}

fn targets(b: &mut Bench) -> Vec<Target> {
    let aes = b.sim.aes(b.bob, 0, tpl("aes"));
    let aes128 = b.sim.generate(
        b.bob,
        0,
        KeySpec::Symmetric {
            key_type: AES,
            size: 16,
        },
        tpl("aes128"),
    )[0];
    let des3 = b.sim.generate(
        b.bob,
        0,
        KeySpec::Symmetric {
            key_type: DES3,
            size: 24,
        },
        tpl("des3"),
    )[0];
    let (public, private) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    vec![
        Target {
            name: "AES-256",
            handle: aes,
            class: 4,
            key_type: AES,
            public: None,
            len: 32,
        },
        Target {
            name: "AES-128",
            handle: aes128,
            class: 4,
            key_type: AES,
            public: None,
            len: 16,
        },
        Target {
            name: "DES3",
            handle: des3,
            class: 4,
            key_type: DES3,
            public: None,
            len: 24,
        },
        Target {
            name: "P-256 private",
            handle: private,
            class: 3,
            key_type: EC,
            public: Some(public),
            len: 0x8a,
        },
    ]
}

/// Checks that `copy` is the same key as `t`: same KCV, and for a private key a signature
/// that the original public key verifies.
fn same_key(b: &mut Bench, t: Target, copy: KeyHandle, what: &str) {
    assert_eq!(
        b.sim.kcv(b.bob, 0, copy),
        b.sim.kcv(b.bob, 0, t.handle),
        "{what}: KCV"
    );
    if let Some(public) = t.public {
        let sig = b.sign(copy, 17, what.as_bytes());
        assert_eq!(
            b.verify(public, 17, what.as_bytes(), &sig),
            Ok(()),
            "{what}"
        );
    }
}

#[test]
fn every_wrapping_mechanism_round_trips_with_and_without_the_header() {
    let mut b = bench();
    let targets = targets(&mut b);
    let mut wrong = Vec::new();
    for mechanism in [4, 5, 6, 7, 8, 10, 11, 12] {
        let (wrap_with, unwrap_with) = b.wrapping_for(mechanism);
        for no_header in [false, true] {
            for t in &targets {
                let what = format!("mechanism {mechanism}, header {}, {}", !no_header, t.name);
                let request = KeyRequest::WrapKey {
                    handle: t.handle,
                    wrapping: wrap_with,
                    params: params(mechanism, no_header),
                };
                let outcome = b.sim.key(b.bob, 0, request);
                // RFC 3394 without padding needs a multiple of 8 bytes (docs/kmu.md §1.8).
                if mechanism == 5 && t.len % 8 != 0 {
                    match outcome.result {
                        Err(e) if e.code() == ErrorCode::InvalidInput => {}
                        other => wrong.push(format!("{what}: want InvalidInput, got {other:?}")),
                    }
                    continue;
                }
                let (blob, gcm_iv) = match outcome.result {
                    Ok(reply) => wrapped(reply),
                    Err(e) => {
                        wrong.push(format!("{what}: wrap failed with {e:?}"));
                        continue;
                    }
                };
                assert_eq!(
                    gcm_iv.is_some(),
                    mechanism == 10 && no_header,
                    "{what}: the IV comes apart only for AES_GCM without header"
                );
                if no_header {
                    let expected_len = match mechanism {
                        4 => (t.len / 8 + 1) * 8 + 8,
                        5 => t.len + 8,
                        6 => t.len.div_ceil(8) * 8 + 8,
                        8 | 12 => 256,
                        10 => t.len + 16,
                        11 => 12 + t.len + 16,
                        _ => blob.len(),
                    };
                    assert_eq!(blob.len(), expected_len, "{what}: blob length");
                } else {
                    assert_eq!(&blob[..8], b"KMUWRAP1", "{what}");
                }
                let mut unwrap_params = params(mechanism, no_header);
                unwrap_params.gcm_iv = gcm_iv;
                let spec = no_header.then_some((t.class, t.key_type));
                let request = Bench::unwrap_request(blob, unwrap_with, unwrap_params, spec);
                match b.sim.key(b.bob, 0, request).result {
                    Ok(reply) => {
                        let copy = created(reply)[0];
                        same_key(&mut b, *t, copy, &what);
                    }
                    Err(e) => wrong.push(format!("{what}: unwrap failed with {e:?}")),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn rsa_mechanisms_honour_the_hash_type() {
    let mut b = bench();
    let aes = b.sim.aes(b.bob, 0, tpl("target"));
    for mechanism in [7, 8] {
        for hash in [2, 3, 4, 5, 6] {
            let mut p = params(mechanism, true);
            p.hash = hash;
            let blob = wrapped(b.wrap(aes, b.rsa_public, p.clone())).0;
            let ok = Bench::unwrap_request(blob.clone(), b.rsa_private, p, Some((4, AES)));
            let copy = created(b.sim.key_ok(b.bob, 0, ok))[0];
            assert_eq!(b.sim.kcv(b.bob, 0, copy), b.sim.kcv(b.bob, 0, aes));
            let mut other_hash = params(mechanism, true);
            other_hash.hash = if hash == 2 { 3 } else { 2 };
            let wrong = Bench::unwrap_request(blob, b.rsa_private, other_hash, Some((4, AES)));
            assert_eq!(
                b.sim.key_err(b.bob, 0, wrong),
                ErrorCode::UnwrapIntegrity,
                "mechanism {mechanism} hash {hash}"
            );
        }
    }
    // RSA-OAEP with SHA-512 takes at most 256 - 2*64 - 2 = 126 bytes: an EC private key
    // (138 bytes of PKCS#8) does not fit (docs/kmu.md §2.34).
    let (_, private) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    let mut sha512 = params(8, true);
    sha512.hash = 5;
    let request = KeyRequest::WrapKey {
        handle: private,
        wrapping: b.rsa_public,
        params: sha512,
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
    let mut bad_hash = params(8, true);
    bad_hash.hash = 7;
    let request = KeyRequest::WrapKey {
        handle: aes,
        wrapping: b.rsa_public,
        params: bad_hash,
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn a_wrong_unwrapping_key_or_altered_data_fails_the_integrity_check() {
    let mut b = bench();
    let other_w = b.sim.aes(b.bob, 0, tpl("other wrapping"));
    let target = b.sim.aes(b.bob, 0, tpl("target"));
    for mechanism in [4, 5, 6, 10, 11] {
        for no_header in [false, true] {
            let (blob, iv) = wrapped(b.wrap(target, b.aes_w, params(mechanism, no_header)));
            let mut p = params(mechanism, no_header);
            p.gcm_iv = iv;
            let spec = no_header.then_some((4, AES));
            let request = Bench::unwrap_request(blob.clone(), other_w, p.clone(), spec);
            assert_eq!(
                b.sim.key_err(b.bob, 0, request),
                ErrorCode::UnwrapIntegrity,
                "mechanism {mechanism}, header {}: wrong key",
                !no_header
            );
            let mut altered = blob.clone();
            let last = altered.len() - 1;
            altered[last] ^= 1;
            let request = Bench::unwrap_request(altered, b.aes_w, p, spec);
            assert_eq!(
                b.sim.key_err(b.bob, 0, request),
                ErrorCode::UnwrapIntegrity,
                "mechanism {mechanism}, header {}: altered",
                !no_header
            );
        }
    }
    // RSA: altered OAEP data, altered RFC 5649 part of RSA_AES.
    for mechanism in [7, 8] {
        let blob = wrapped(b.wrap(target, b.rsa_public, params(mechanism, true))).0;
        for at in [0, blob.len() - 1] {
            let mut altered = blob.clone();
            altered[at] ^= 0x40;
            let request = Bench::unwrap_request(
                altered,
                b.rsa_private,
                params(mechanism, true),
                Some((4, AES)),
            );
            assert_eq!(
                b.sim.key_err(b.bob, 0, request),
                ErrorCode::UnwrapIntegrity,
                "mechanism {mechanism}, byte {at}"
            );
        }
    }
    // A file that is not a wrapped key.
    let request =
        Bench::unwrap_request(b"not a key file".to_vec(), b.aes_w, params(4, false), None);
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::UnwrapIntegrity);
}

#[test]
fn aes_gcm_binds_the_aad_the_iv_and_the_tag_size() {
    let mut b = bench();
    let target = b.sim.aes(b.bob, 0, tpl("target"));
    let mut p = params(10, true);
    p.aad = b"context".to_vec();
    p.tag_size = Some(8);
    let (blob, iv) = wrapped(b.wrap(target, b.aes_w, p.clone()));
    let iv = iv.expect("AES_GCM returns the IV");
    assert_eq!((iv.len(), blob.len()), (12, 32 + 8));
    let mut good = p.clone();
    good.gcm_iv = Some(iv.clone());
    let copy = created(b.sim.key_ok(
        b.bob,
        0,
        Bench::unwrap_request(blob.clone(), b.aes_w, good.clone(), Some((4, AES))),
    ))[0];
    assert_eq!(b.sim.kcv(b.bob, 0, copy), b.sim.kcv(b.bob, 0, target));
    let mut wrong_aad = good.clone();
    wrong_aad.aad = b"other".to_vec();
    let mut wrong_iv = good;
    let mut flipped = iv;
    flipped[0] ^= 1;
    wrong_iv.gcm_iv = Some(flipped);
    for bad in [wrong_aad, wrong_iv] {
        let request = Bench::unwrap_request(blob.clone(), b.aes_w, bad, Some((4, AES)));
        assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::UnwrapIntegrity);
    }
    // Without the IV, AES_GCM cannot unwrap at all.
    let request = Bench::unwrap_request(blob, b.aes_w, p, Some((4, AES)));
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn mechanisms_and_keys_that_do_not_fit_are_invalid_input() {
    let mut b = bench();
    let target = b.sim.aes(b.bob, 0, tpl("target"));
    let (ec_public, _) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    let cases = [
        (
            "AES mechanism, RSA key",
            target,
            b.rsa_public,
            params(4, false),
        ),
        ("RSA mechanism, AES key", target, b.aes_w, params(8, false)),
        (
            "RSA private key wraps",
            target,
            b.rsa_private,
            params(8, false),
        ),
        ("EC key wraps", target, ec_public, params(4, false)),
        ("mechanism 3", target, b.aes_w, params(3, false)),
        (
            "public keys are not wrapped",
            ec_public,
            b.aes_w,
            params(4, false),
        ),
        (
            "a key-wrap IV other than A6…",
            target,
            b.aes_w,
            WrapParams {
                iv: Some(vec![0; 8]),
                ..params(4, true)
            },
        ),
    ];
    for (what, handle, wrapping, p) in cases {
        let request = KeyRequest::WrapKey {
            handle,
            wrapping,
            params: p,
        };
        assert_eq!(
            b.sim.key_err(b.bob, 0, request),
            ErrorCode::InvalidInput,
            "{what}"
        );
    }
    // The legacy 3DES wrap is refused by the FIPS policy (docs/kmu.md §5.1), not as bad input.
    let tdea = KeyRequest::WrapKey {
        handle: target,
        wrapping: b.aes_w,
        params: params(9, false),
    };
    assert_eq!(b.sim.key_err(b.bob, 0, tdea), ErrorCode::PolicyViolation);
    // The default IV may be given explicitly.
    let explicit = WrapParams {
        iv: Some(vec![0xA6; 8]),
        ..params(4, true)
    };
    b.wrap(target, b.aes_w, explicit);
    // The RSA public key cannot unwrap.
    let blob = wrapped(b.wrap(target, b.rsa_public, params(8, true))).0;
    let request = Bench::unwrap_request(blob, b.rsa_public, params(8, true), Some((4, AES)));
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn an_exported_private_key_imports_and_signs_for_the_original_public_key() {
    let mut b = bench();
    let (ec_public, ec_private) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    for (public, private, mechanism) in [
        (ec_public, ec_private, 17),
        (b.rsa_public, b.rsa_private, 1),
    ] {
        let pem = bytes(b.sim.key_ok(
            b.bob,
            0,
            KeyRequest::ExportPrivateKey {
                handle: private,
                wrapping: b.aes_w,
                host_key: None,
            },
        ));
        assert!(pem.starts_with(b"-----BEGIN PRIVATE KEY-----"));
        let (_, der) = der::pem::decode_vec(&pem).expect("PEM");
        let reply = b.sim.key_ok(
            b.bob,
            0,
            KeyRequest::ImportPrivateKey {
                pem: SecretBytes::new(pem),
                wrapping: b.aes_w,
                host_key: None,
                template: tpl("imported"),
            },
        );
        let KeyReply::Imported { handle, der_len } = reply else {
            panic!("importPrivateKey: {reply:?}");
        };
        assert_eq!(der_len, u32::try_from(der.len()).expect("small"));
        let sig = b.sign(handle, mechanism, b"imported");
        assert_eq!(b.verify(public, mechanism, b"imported", &sig), Ok(()));
        assert_eq!(b.sim.kcv(b.bob, 0, handle), b.sim.kcv(b.bob, 0, public));
    }
    // Only private keys go through exportPrivateKey.
    let request = KeyRequest::ExportPrivateKey {
        handle: b.aes_w,
        wrapping: b.aes_w,
        host_key: None,
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
    // Garbage is not a key file.
    let request = KeyRequest::ImportPrivateKey {
        pem: SecretBytes::new(
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".to_vec(),
        ),
        wrapping: b.aes_w,
        host_key: None,
        template: tpl("junk"),
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn ex_sym_key_and_im_sym_key_round_trip_with_the_same_kcv() {
    let mut b = bench();
    for (key_type, size) in [(AES, 16), (AES, 24), (AES, 32), (DES3, 24)] {
        let h = b
            .sim
            .generate(b.bob, 0, KeySpec::Symmetric { key_type, size }, tpl("k"))[0];
        let material = b.sim.export_sym(b.bob, 0, h, b.aes_w);
        assert_eq!(material.len(), usize::try_from(size).expect("small"));
        let imported = created(b.sim.key_ok(
            b.bob,
            0,
            KeyRequest::ImportSymKey {
                material: SecretBytes::new(material),
                key_type,
                wrapping: b.aes_w,
                host_key: None,
                template: tpl("back"),
            },
        ))[0];
        assert_eq!(
            b.sim.kcv(b.bob, 0, imported),
            b.sim.kcv(b.bob, 0, h),
            "{key_type}/{size}"
        );
    }
    for (key_type, len) in [(AES, 20), (DES3, 16), (common::GENERIC, 16), (RSA, 32)] {
        let request = KeyRequest::ImportSymKey {
            material: SecretBytes::new(vec![1; len]),
            key_type,
            wrapping: b.aes_w,
            host_key: None,
            template: tpl("bad"),
        };
        assert_eq!(
            b.sim.key_err(b.bob, 0, request),
            ErrorCode::InvalidInput,
            "type {key_type}, {len} bytes"
        );
    }
}

#[test]
fn the_host_key_must_be_the_wrapping_key() {
    let mut b = bench();
    let transport = b.sim.aes(b.bob, 0, tpl("transport"));
    let target = b.sim.aes(b.bob, 0, tpl("target"));
    let (_, private) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    let host = b.sim.export_sym(b.bob, 0, transport, b.aes_w);
    let mut wrong = host.clone();
    wrong[0] ^= 1;
    let key = |k: &Vec<u8>| Some(SecretBytes::new(k.clone()));
    let plain = bytes(b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::ExportSymKey {
            handle: target,
            wrapping: transport,
            host_key: key(&host),
        },
    ));
    assert_eq!(plain, b.sim.export_sym(b.bob, 0, target, b.aes_w));
    let pem = bytes(b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::ExportPrivateKey {
            handle: private,
            wrapping: transport,
            host_key: key(&host),
        },
    ));
    b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::ImportSymKey {
            material: SecretBytes::new(plain.clone()),
            key_type: AES,
            wrapping: transport,
            host_key: key(&host),
            template: tpl("in"),
        },
    );
    let refused = [
        KeyRequest::ExportSymKey {
            handle: target,
            wrapping: transport,
            host_key: key(&wrong),
        },
        KeyRequest::ExportPrivateKey {
            handle: private,
            wrapping: transport,
            host_key: key(&wrong),
        },
        KeyRequest::ImportSymKey {
            material: SecretBytes::new(plain),
            key_type: AES,
            wrapping: transport,
            host_key: key(&wrong),
            template: tpl("in"),
        },
        KeyRequest::ImportPrivateKey {
            pem: SecretBytes::new(pem),
            wrapping: transport,
            host_key: key(&wrong),
            template: tpl("in"),
        },
    ];
    for request in refused {
        assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::UnwrapIntegrity);
    }
}

#[test]
fn every_signing_mechanism_signs_and_verifies_with_its_key_type() {
    let mut b = bench();
    let (ec_public, ec_private) = b.sim.ec_pair(b.bob, 0, tpl("ec"));
    let (other_public, _) = b.sim.ec_pair(b.bob, 0, tpl("other"));
    let data = b"message to sign";
    for mechanism in (0..=9).chain(15..=19) {
        let rsa = mechanism <= 9;
        let (public, private, wrong_public, wrong_private) = if rsa {
            (b.rsa_public, b.rsa_private, ec_public, ec_private)
        } else {
            (ec_public, ec_private, b.rsa_public, b.rsa_private)
        };
        let sig = b.sign(private, mechanism, data);
        if rsa {
            assert_eq!(sig.len(), 256, "mechanism {mechanism}");
        } else {
            assert_eq!(sig[0], 0x30, "mechanism {mechanism}: DER");
        }
        assert_eq!(
            b.verify(public, mechanism, data, &sig),
            Ok(()),
            "mechanism {mechanism}"
        );
        let mut tampered = sig.clone();
        let mid = tampered.len() / 2;
        tampered[mid] ^= 1;
        let bad = Err(ErrorCode::BadPkcsData);
        assert_eq!(
            b.verify(public, mechanism, data, &tampered),
            bad,
            "{mechanism}"
        );
        assert_eq!(
            b.verify(public, mechanism, b"other data", &sig),
            bad,
            "{mechanism}"
        );
        assert_eq!(
            b.verify(public, mechanism, data, &[]),
            bad,
            "{mechanism}: empty"
        );
        if !rsa {
            assert_eq!(
                b.verify(other_public, mechanism, data, &sig),
                bad,
                "{mechanism}"
            );
        }
        // A mechanism of the other key type.
        let invalid = Err(ErrorCode::InvalidInput);
        let sign_wrong = b.sim.key(
            b.bob,
            0,
            KeyRequest::Sign {
                handle: wrong_private,
                mechanism,
                data: data.to_vec(),
            },
        );
        assert_eq!(sign_wrong.result.map(|_| ()).map_err(|e| e.code()), invalid);
        assert_eq!(b.verify(wrong_public, mechanism, data, &sig), invalid);
        // Signing needs the private key, verifying the public key.
        let sign_public = b.sim.key(
            b.bob,
            0,
            KeyRequest::Sign {
                handle: public,
                mechanism,
                data: data.to_vec(),
            },
        );
        assert_eq!(
            sign_public.result.map(|_| ()).map_err(|e| e.code()),
            invalid
        );
        assert_eq!(b.verify(private, mechanism, data, &sig), invalid);
    }
    assert_eq!(ErrorCode::BadPkcsData.value(), 0x1b);
    // An RSA PKCS#1 v1.5 signature does not verify as PSS.
    let sig = b.sign(b.rsa_private, 1, data);
    assert_eq!(
        b.verify(b.rsa_public, 6, data, &sig),
        Err(ErrorCode::BadPkcsData)
    );
    // Numbers outside the table.
    for mechanism in [10, 11, 12, 13, 14, 20, 99] {
        let request = KeyRequest::Sign {
            handle: ec_private,
            mechanism,
            data: data.to_vec(),
        };
        assert_eq!(
            b.sim.key_err(b.bob, 0, request),
            ErrorCode::InvalidInput,
            "{mechanism}"
        );
        assert_eq!(
            b.verify(ec_public, mechanism, data, &[0x30]),
            Err(ErrorCode::InvalidInput)
        );
    }
    // Secret keys do not sign.
    let request = KeyRequest::Sign {
        handle: b.aes_w,
        mechanism: 17,
        data: data.to_vec(),
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn ecdsa_works_on_every_supported_curve() {
    let mut b = bench();
    for curve_id in [2, 14, 16] {
        let h = b
            .sim
            .generate(b.bob, 0, KeySpec::Ec { curve_id }, tpl("curve"));
        for mechanism in 15..=19 {
            let sig = b.sign(h[1], mechanism, b"curve");
            assert_eq!(
                b.verify(h[0], mechanism, b"curve", &sig),
                Ok(()),
                "curve {curve_id}"
            );
        }
    }
}

#[test]
fn aes_wrap_unwrap_round_trips_up_to_4_kb() {
    let mut b = bench();
    let run = |b: &mut Bench, wrap: bool, data: Vec<u8>, iv: Option<Vec<u8>>| {
        b.sim
            .key(
                b.bob,
                0,
                KeyRequest::AesWrapUnwrap {
                    handle: b.aes_w,
                    wrap,
                    data: SecretBytes::new(data),
                    iv,
                },
            )
            .result
            .map(bytes)
            .map_err(|e| e.code())
    };
    let pattern = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|i| u8::try_from(i % 251).expect("small"))
            .collect()
    };
    // 4,080 bytes wrap to 4,096, the largest input file either mode takes (docs/kmu.md §2.1).
    for len in [1, 7, 8, 24, 100, 4080] {
        let data = pattern(len);
        let blob = run(&mut b, true, data.clone(), None).expect("wrap");
        assert_eq!(
            blob.len(),
            (len / 8 + 1) * 8 + 8,
            "{len}: PKCS#5 pad, then RFC 3394"
        );
        assert_eq!(run(&mut b, false, blob, None), Ok(data), "{len}");
    }
    let blob = run(&mut b, true, pattern(4096), None).expect("4 KB wraps");
    assert_eq!(blob.len(), 4112);
    assert_eq!(run(&mut b, false, blob, None), Err(ErrorCode::InvalidInput));
    let iv = vec![1, 2, 3, 4, 5, 6, 7, 8];
    let blob = run(&mut b, true, vec![9; 16], Some(iv.clone())).expect("wrap");
    assert_eq!(run(&mut b, false, blob.clone(), Some(iv)), Ok(vec![9; 16]));
    assert_eq!(
        run(&mut b, false, blob, None),
        Err(ErrorCode::UnwrapIntegrity)
    );
    assert_eq!(
        run(&mut b, true, vec![0; 4097], None),
        Err(ErrorCode::InvalidInput)
    );
    assert_eq!(
        run(&mut b, true, Vec::new(), None),
        Err(ErrorCode::InvalidInput)
    );
    assert_eq!(
        run(&mut b, true, vec![0; 16], Some(vec![0; 7])),
        Err(ErrorCode::InvalidInput)
    );
    let des3 = b.sim.generate(
        b.bob,
        0,
        KeySpec::Symmetric {
            key_type: DES3,
            size: 24,
        },
        tpl("des3"),
    )[0];
    let request = KeyRequest::AesWrapUnwrap {
        handle: des3,
        wrap: true,
        data: SecretBytes::new(vec![0; 16]),
        iv: None,
    };
    assert_eq!(b.sim.key_err(b.bob, 0, request), ErrorCode::InvalidInput);
}

#[test]
fn aes_wrap_unwrap_output_is_a_bare_mechanism_4_blob() {
    let mut b = bench();
    let material = vec![0x5a; 32];
    let blob = bytes(b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::AesWrapUnwrap {
            handle: b.aes_w,
            wrap: true,
            data: SecretBytes::new(material.clone()),
            iv: None,
        },
    ));
    let unwrapped = created(b.sim.key_ok(
        b.bob,
        0,
        Bench::unwrap_request(blob, b.aes_w, params(4, true), Some((4, AES))),
    ))[0];
    let imported = created(b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::ImportSymKey {
            material: SecretBytes::new(material),
            key_type: AES,
            wrapping: b.aes_w,
            host_key: None,
            template: tpl("same bytes"),
        },
    ))[0];
    assert_eq!(
        b.sim.kcv(b.bob, 0, unwrapped),
        b.sim.kcv(b.bob, 0, imported)
    );
    // And the other way: wrapKey -noheader -m 4 is what aesWrapUnwrap unwraps.
    let target = b.sim.aes(b.bob, 0, tpl("target"));
    let blob = wrapped(b.wrap(target, b.aes_w, params(4, true))).0;
    let plain = bytes(b.sim.key_ok(
        b.bob,
        0,
        KeyRequest::AesWrapUnwrap {
            handle: b.aes_w,
            wrap: false,
            data: SecretBytes::new(blob),
            iv: None,
        },
    ));
    assert_eq!(plain, b.sim.export_sym(b.bob, 0, target, b.aes_w));
}
