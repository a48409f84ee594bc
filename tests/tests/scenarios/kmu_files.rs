//! `key_mgmt_util` scenarios whose output files are checked too: attribute dumps,
//! exported keys, signatures, wrapped keys. The expected file contents follow the formats
//! of docs/kmu.md §1.9 and §2.16; values that depend on known key material were computed
//! independently (AES-ECB and AES key wrap from the test's own key bytes).

use crate::harness::kmu_golden::Scenario;

/// A known AES-256 key: bytes 0x00..=0x1f.
fn aes_key() -> Vec<u8> {
    (0u8..32).collect()
}

#[test]
fn attribute_files_and_token_conversion() {
    let s = Scenario::new();
    s.file("aes.key", &aes_key());
    s.check("attributes", &[]);
    // docs/kmu.md §2.16: name and value lines; one-byte values as 0x%02x in a full dump;
    // in the sdk3 profile the six newer attributes follow the 17 of every key.
    let dump = String::from_utf8(s.read("attr7")).expect("text");
    let expected = concat!(
        "OBJ_ATTR_CLASS\n0x04\n",
        "OBJ_ATTR_KEY_TYPE\n0x1f\n",
        "OBJ_ATTR_TOKEN\n0x01\n",
        "OBJ_ATTR_PRIVATE\n0x01\n",
        "OBJ_ATTR_ENCRYPT\n0x01\n",
        "OBJ_ATTR_DECRYPT\n0x01\n",
        "OBJ_ATTR_WRAP\n0x01\n",
        "OBJ_ATTR_UNWRAP\n0x01\n",
        "OBJ_ATTR_SIGN\n0x00\n",
        "OBJ_ATTR_VERIFY\n0x00\n",
        "OBJ_ATTR_LOCAL\n0x00\n",
        "OBJ_ATTR_SENSITIVE\n0x01\n",
        "OBJ_ATTR_EXTRACTABLE\n0x01\n",
        "OBJ_ATTR_LABEL\nimported\n",
        "OBJ_ATTR_ID\nimp01\n",
        "OBJ_ATTR_VALUE_LEN\n0x00000020\n",
        // AES-ECB(key, 16 zero bytes), first three bytes (docs/kmu.md §2.36).
        "OBJ_ATTR_KCV\n0xf29000\n",
        "OBJ_ATTR_TRUSTED\n0x00\n",
        "OBJ_ATTR_WRAP_WITH_TRUSTED\n0x00\n",
        "OBJ_ATTR_DESTROYABLE\n0x01\n",
        "OBJ_ATTR_DERIVE\n0x00\n",
        // Imported, so never "always sensitive" nor "never extractable".
        "OBJ_ATTR_ALWAYS_SENSITIVE\n0x00\n",
        "OBJ_ATTR_NEVER_EXTRACTABLE\n0x00\n",
    );
    assert_eq!(dump, expected);
    // Single attributes: one-byte values as 0x%08x.
    let single = |file: &str| String::from_utf8(s.read(file)).expect("text");
    assert_eq!(single("kt"), "OBJ_ATTR_KEY_TYPE\n0x0000001f\n");
    assert_eq!(single("kcv"), "OBJ_ATTR_KCV\n0xf29000\n");
    assert_eq!(single("local"), "OBJ_ATTR_LOCAL\n0x00000000\n");
    assert_eq!(single("label"), "OBJ_ATTR_LABEL\nimported\n");
    assert_eq!(single("id"), "OBJ_ATTR_ID\nimp01\n");
    assert_eq!(single("trusted"), "OBJ_ATTR_TRUSTED\n0x00000000\n");
    assert_eq!(single("len"), "OBJ_ATTR_VALUE_LEN\n0x00000020\n");
    assert_eq!(single("token"), "OBJ_ATTR_TOKEN\n0x00000001\n");
    // An EC key's point: bare hex on one line, 04‖X‖Y (docs/kmu.md §2.12, §2.16).
    let ec = single("ecattr");
    let lines: Vec<&str> = ec.lines().collect();
    let names: Vec<&str> = lines.iter().step_by(2).copied().collect();
    assert_eq!(names.len(), 25, "{ec}");
    assert_eq!(
        names[16..],
        [
            "OBJ_ATTR_KCV",
            "OBJ_ATTR_MODULUS",
            "OBJ_ATTR_MODULUS_BITS",
            "OBJ_ATTR_TRUSTED",
            "OBJ_ATTR_WRAP_WITH_TRUSTED",
            "OBJ_ATTR_DESTROYABLE",
            "OBJ_ATTR_DERIVE",
            "OBJ_ATTR_ALWAYS_SENSITIVE",
            "OBJ_ATTR_NEVER_EXTRACTABLE",
        ]
    );
    let point = lines[35];
    assert!(point.starts_with("04") && point.len() == 130, "{point}");
    assert!(point
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    // P-256's OpenSSL NID; generated here, so always sensitive and not "never extractable".
    assert_eq!(lines[37], "0x0000019f");
    assert_eq!(
        &lines[46..],
        [
            "OBJ_ATTR_ALWAYS_SENSITIVE",
            "0x01",
            "OBJ_ATTR_NEVER_EXTRACTABLE",
            "0x00"
        ]
    );
    assert_eq!(single("ecpoint"), format!("OBJ_ATTR_MODULUS\n{point}\n"));
    // No file is written when the command fails.
    assert!(!s.work.path().join("modulus").exists());
    assert!(!s.work.path().join("nothing").exists());
}

/// Hex text to bytes (test data only).
fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn import_export_wrap_and_unwrap() {
    let s = Scenario::new();
    let data: Vec<u8> = (200u8..232).collect();
    s.file("aes.key", &aes_key());
    s.file("wk.key", &(100u8..116).collect::<Vec<u8>>());
    s.file("des3.key", &(50u8..74).collect::<Vec<u8>>());
    s.file("short.key", b"0123456789");
    s.file("notpem.txt", b"hello\n");
    s.file("data.bin", &data);
    s.check("import_export", &[]);
    // Raw key files come back byte for byte (docs/kmu.md §1.9).
    for file in ["exported.key", "viahost.key", "k17.key", "k18.key"] {
        assert_eq!(s.read(file), aes_key(), "{file}");
    }
    assert_eq!(s.read("fromaes.key"), data);
    assert_eq!(s.read("data.unwrapped"), data);
    // Mechanism 4: PKCS#5 padding, then RFC 3394 with the default IV (docs/kmu.md §1.8, §2.1).
    let wrapped = unhex("748f41de8e1375602f13586f36da5b363da4838c7420515cfde7516fef7f0aa0f4fbb3861bc18532d4eebb1b34ab5b23");
    assert_eq!(s.read("data.wrapped"), wrapped);
    assert_eq!(s.read("wrapped_key"), wrapped);
    assert_eq!(s.read("wn.bin"), unhex("5d7666a5f03c3e6fe92d22cceb4e34a61fc756f5be7cfd3b65a151333f3cdf55e17db4dbb820fa148f6f54f569b469b6"));
    // A failed aesWrapUnwrap leaves an empty output file (docs/kmu.md §2.1).
    assert!(s.read("bad.out").is_empty());
    assert!(!s.work.path().join("bad.key").exists());
    assert!(!s.work.path().join("x.pub").exists());
    let text = |file: &str| String::from_utf8(s.read(file)).expect("text");
    assert!(text("ec.pem").starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(text("ec2.pem").starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(text("ec.pub").starts_with("-----BEGIN PUBLIC KEY-----\n"));
    // A wrapped key with the KMU header brings its label back (docs/kmu.md §2.32).
    assert_eq!(text("label17"), "OBJ_ATTR_LABEL\nimported\n");
}

#[test]
fn sign_verify_masked_objects_and_fake_pem() {
    let s = Scenario::new();
    s.file("msg.txt", b"The quick brown fox jumps over the lazy dog\n");
    s.file(
        "other.txt",
        b"The quick brown fox jumps over the lazy cat\n",
    );
    s.file("short.sig", &[0u8; 100]);
    s.check("crypto", &[]);
    // RSA signatures are exactly modulus-length; ECDSA ones are DER (docs/kmu.md §1.9).
    assert_eq!(s.read("rsa.sig").len(), 256);
    assert_eq!(s.read("pss.sig").len(), 256);
    assert_eq!(s.read("ec.sig")[0], 0x30);
    let text = |file: &str| String::from_utf8(s.read(file)).expect("text");
    assert!(text("fake.pem").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!(text("fakeec.pem").starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    // getCaviumPrivKey truncates its output file before it looks at the key.
    assert!(s.read("x.pem").is_empty());
}

/// A fixture of `tests/kmu_golden/fixtures`.
fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/kmu_golden/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A known RSA-2048 key made outside the simulator (test data only): its PKCS#1 PEM,
/// public PEM, `openssl rsa -modulus` text, and a PKCS#1 v1.5 SHA-256 signature of
/// `message.txt` made with it.
#[test]
fn known_rsa_key_from_outside() {
    let s = Scenario::new();
    for name in [
        "rsa_private.pem",
        "rsa_public.pem",
        "rsa_modulus.txt",
        "message.txt",
        "message.sig",
    ] {
        s.file(name, &fixture(name));
    }
    s.check("rsa_fixture", &[]);
    // PKCS#1 v1.5 signatures are deterministic: the HSM's equals the one made outside.
    assert_eq!(s.read("kmu.sig"), fixture("message.sig"));
    // docs/kmu.md §2.16: the dump of an imported RSA public key; KCV per docs/kmu.md A-31 (SHA-1 of
    // the DER SubjectPublicKeyInfo).
    assert_eq!(
        String::from_utf8(s.read("pub.attr")).expect("text"),
        String::from_utf8(fixture("rsa_public.attr")).expect("text")
    );
}

#[test]
fn wrap_mechanisms_round_trip() {
    let s = Scenario::new();
    s.file("aad.bin", b"additional data");
    s.check("wrap_mechanisms", &[]);
    let target = s.read("target.key");
    assert_eq!(target.len(), 16);
    for file in ["k8.key", "k9.key", "k12.key", "k13.key"] {
        assert_eq!(s.read(file), target, "{file}");
    }
    // AES-GCM: the HSM-generated 12-byte IV is written to -iv_file (docs/kmu.md §1.8).
    assert_eq!(s.read("iv.bin").len(), 12);
}
