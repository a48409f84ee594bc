//! Cross-checks of `hsm_core::crypto` against the `openssl` command line: what we sign,
//! wrap and write must be accepted by OpenSSL, and keys OpenSSL writes must be read by us.
//!
//! OpenSSL is a test requirement: if the binary is missing every test fails with a message
//! saying so, rather than passing silently.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use hsm_core::crypto::pem::{
    parse_private_key_pem, parse_public_key_pem, private_key_to_pem, public_key_to_pem,
};
use hsm_core::crypto::wrap::{unwrap, wrap, UnwrapParams, WrapParams};
use hsm_core::crypto::{
    aes_wrap, dsa_keys, ec_keys, kcv, rsa_keys, sign, AsymmetricKind, Curve, HashType, KeyPairDer,
    KeyType, SignMechanism, WrapMechanism,
};
use tempfile::TempDir;

/// Runs `openssl` with `args` in `dir`; panics with OpenSSL's stderr if it fails, and with a
/// clear message if OpenSSL is not installed.
fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the `openssl` command line is required by these tests but could not be run \
                 ({e}); install it (e.g. `apt-get install openssl`)"
            )
        });
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes `bytes` to `dir/name` and returns the path as a string for OpenSSL arguments.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).expect("write a temp file");
    path.to_str().expect("temp path is UTF-8").to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One RSA-2048 pair for every test that does not test generation.
fn rsa_pair() -> &'static KeyPairDer {
    static KEY: OnceLock<KeyPairDer> = OnceLock::new();
    KEY.get_or_init(|| rsa_keys::generate_rsa(2048, 65537).expect("RSA-2048 generation"))
}

/// Asks OpenSSL to verify `sig` over `msg` with the public key `spki` and `mechanism`.
fn openssl_verifies(dir: &Path, mechanism: SignMechanism, spki: &[u8], msg: &[u8], sig: &[u8]) {
    let pem = public_key_to_pem(spki).expect("public key PEM");
    let public = put(dir, "pub.pem", pem.as_bytes());
    let sig_path = put(dir, "sig", sig);
    let msg_path = put(dir, "msg", msg);
    let dgst = format!("-{}", mechanism.hash().openssl_name());
    let mut args = vec!["dgst", dgst.as_str(), "-verify", &public];
    if mechanism.value() >= 5 && mechanism.value() <= 9 {
        args.extend([
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:-1",
        ]);
    }
    args.extend(["-signature", &sig_path, &msg_path]);
    let out = openssl(dir, &args);
    assert_eq!(
        String::from_utf8_lossy(&out).trim(),
        "Verified OK",
        "{mechanism:?}"
    );
}

fn mechanisms_for(key_type: KeyType) -> impl Iterator<Item = SignMechanism> {
    SignMechanism::ALL
        .into_iter()
        .filter(move |m| m.key_type() == key_type)
}

#[test]
fn our_rsa_signatures_verify_in_openssl() {
    let dir = TempDir::new().unwrap();
    let pair = rsa_pair();
    for m in mechanisms_for(KeyType::Rsa) {
        let sig = sign::sign(m, &pair.private_pkcs8, b"attack at dawn").unwrap();
        openssl_verifies(dir.path(), m, &pair.public_spki, b"attack at dawn", &sig);
    }
}

#[test]
fn our_ecdsa_signatures_verify_in_openssl_on_every_curve() {
    let dir = TempDir::new().unwrap();
    for curve in [Curve::P256, Curve::P384, Curve::Secp256k1] {
        let pair = ec_keys::generate_ec(curve).unwrap();
        for m in mechanisms_for(KeyType::Ec) {
            let sig = sign::sign(m, &pair.private_pkcs8, b"attack at dawn").unwrap();
            openssl_verifies(dir.path(), m, &pair.public_spki, b"attack at dawn", &sig);
        }
    }
}

/// DSA parameters are slow to make even in OpenSSL; make them once.
fn openssl_dsa_params(dir: &Path) -> String {
    static PARAMS: OnceLock<Vec<u8>> = OnceLock::new();
    let pem = PARAMS.get_or_init(|| {
        let tmp = TempDir::new().expect("temp dir");
        openssl(
            tmp.path(),
            &[
                "genpkey",
                "-genparam",
                "-algorithm",
                "DSA",
                "-pkeyopt",
                "dsa_paramgen_bits:2048",
                "-out",
                "params.pem",
            ],
        );
        std::fs::read(tmp.path().join("params.pem")).expect("read DSA parameters")
    });
    put(dir, "params.pem", pem)
}

#[test]
fn openssl_keys_parse_and_our_signatures_with_them_verify() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let params = openssl_dsa_params(d);
    let cases: Vec<(Vec<&str>, AsymmetricKind)> = vec![
        (
            vec!["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            AsymmetricKind::Rsa,
        ),
        (
            vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            AsymmetricKind::Ec(Curve::P256),
        ),
        (
            vec![
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:secp384r1",
            ],
            AsymmetricKind::Ec(Curve::P384),
        ),
        (
            vec![
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:secp256k1",
            ],
            AsymmetricKind::Ec(Curve::Secp256k1),
        ),
        (vec!["-paramfile", &params], AsymmetricKind::Dsa),
    ];
    for (gen_args, kind) in cases {
        let mut args = vec!["genpkey"];
        args.extend(gen_args);
        args.extend(["-out", "key.pem"]);
        openssl(d, &args);
        let key_pem = std::fs::read(d.join("key.pem")).unwrap();
        let parsed = parse_private_key_pem(&key_pem).unwrap();
        assert_eq!(parsed.kind, kind);

        // Our public key equals OpenSSL's.
        let their_pub = openssl(d, &["pkey", "-in", "key.pem", "-pubout"]);
        let their_pub = parse_public_key_pem(&their_pub).unwrap();
        assert_eq!(their_pub.kind, kind);
        assert_eq!(their_pub.spki_der, parsed.pair.public_spki, "{kind:?}");

        // The traditional form (RSA / EC / DSA PRIVATE KEY) reads to the same key.
        let traditional = openssl(d, &["pkey", "-in", "key.pem", "-traditional"]);
        let parsed_traditional = parse_private_key_pem(&traditional).unwrap();
        assert_eq!(parsed_traditional.kind, kind);
        assert_eq!(
            *parsed_traditional.pair.private_pkcs8, *parsed.pair.private_pkcs8,
            "{kind:?}"
        );

        // Our signatures with their key verify in OpenSSL, and theirs verify with us.
        let key_type = kind.key_type();
        for m in mechanisms_for(key_type) {
            let sig = sign::sign(m, &parsed.pair.private_pkcs8, b"hello").unwrap();
            openssl_verifies(d, m, &parsed.pair.public_spki, b"hello", &sig);
        }
        if key_type != KeyType::Dsa {
            put(d, "msg", b"from openssl");
            let m = mechanisms_for(key_type).nth(2).unwrap();
            let dgst = format!("-{}", m.hash().openssl_name());
            let mut args = vec!["dgst", dgst.as_str(), "-sign", "key.pem"];
            if key_type == KeyType::Rsa {
                // Mechanism 2 is SHA384 PKCS#1 v1.5, OpenSSL's default RSA padding.
                assert_eq!(m, SignMechanism::Sha384RsaPkcs);
            }
            args.extend(["-out", "their.sig", "msg"]);
            openssl(d, &args);
            let their_sig = std::fs::read(d.join("their.sig")).unwrap();
            assert!(
                sign::verify(m, &parsed.pair.public_spki, b"from openssl", &their_sig).unwrap(),
                "{kind:?}"
            );
        }
    }
}

#[test]
fn openssl_reads_our_pkcs8_and_derives_our_spki() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let mut pairs = vec![rsa_pair().clone(), dsa_keys::generate_dsa(2048).unwrap()];
    for curve in [Curve::P256, Curve::P384, Curve::Secp256k1] {
        pairs.push(ec_keys::generate_ec(curve).unwrap());
    }
    for pair in pairs {
        put(
            d,
            "ours.pem",
            private_key_to_pem(&pair.private_pkcs8).unwrap().as_bytes(),
        );
        // `-check` makes OpenSSL validate the key, not only parse it.
        openssl(d, &["pkey", "-in", "ours.pem", "-check", "-noout"]);
        let their_pub = openssl(d, &["pkey", "-in", "ours.pem", "-pubout"]);
        let our_pub = public_key_to_pem(&pair.public_spki).unwrap();
        assert_eq!(String::from_utf8(their_pub).unwrap(), our_pub);
    }
}

#[test]
fn aes_key_wrap_matches_openssl() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let key: Vec<u8> = (0u8..16).collect();
    let data: Vec<u8> = (0u8..40).map(|i| i.wrapping_mul(37)).collect();
    put(d, "data", &data);
    let k = hex(&key);

    // RFC 3394 with the default and a custom IV, both directions.
    for iv in [aes_wrap::DEFAULT_IV, [1, 2, 3, 4, 5, 6, 7, 8]] {
        let ours = aes_wrap::wrap_no_pad(&key, iv, &data).unwrap();
        let iv_hex = hex(&iv);
        let args = [
            "enc",
            "-id-aes128-wrap",
            "-nopad",
            "-iv",
            &iv_hex,
            "-K",
            &k,
            "-in",
            "data",
        ];
        assert_eq!(openssl(d, &args), ours);
        put(d, "wrapped", &ours);
        let args = [
            "enc",
            "-d",
            "-id-aes128-wrap",
            "-nopad",
            "-iv",
            &iv_hex,
            "-K",
            &k,
            "-in",
            "wrapped",
        ];
        assert_eq!(openssl(d, &args), data);
    }

    // Mechanism 4 is PKCS#5 padding then RFC 3394: OpenSSL sees the padded data.
    let odd = b"twenty-one bytes long";
    let ours = wrap(
        WrapMechanism::AesKeyWrapPadPkcs5,
        HashType::Sha1,
        &key,
        odd,
        &WrapParams::default(),
    )
    .unwrap();
    put(d, "wrapped", &ours.blob);
    let args = [
        "enc",
        "-d",
        "-id-aes128-wrap",
        "-nopad",
        "-iv",
        "A6A6A6A6A6A6A6A6",
        "-K",
        &k,
        "-in",
        "wrapped",
    ];
    let padded = openssl(d, &args);
    assert_eq!(padded, [odd.as_slice(), &[3, 3, 3]].concat());

    // RFC 5649, both directions, for a length that needs padding.
    for len in [5usize, 21, 32] {
        let data = &data[..len];
        put(d, "data", data);
        let ours = aes_wrap::wrap_kwp(&key, data).unwrap();
        let args = [
            "enc",
            "-id-aes128-wrap-pad",
            "-iv",
            "A65959A6",
            "-K",
            &k,
            "-in",
            "data",
        ];
        assert_eq!(openssl(d, &args), ours, "len {len}");
        let theirs = openssl(d, &args);
        let back = unwrap(
            WrapMechanism::NistAesWrapPad,
            HashType::Sha1,
            &key,
            &theirs,
            &UnwrapParams::default(),
        )
        .unwrap();
        assert_eq!(*back, data);
    }
}

#[test]
fn rsa_encryption_interoperates_with_openssl() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let pair = rsa_pair();
    put(
        d,
        "priv.pem",
        private_key_to_pem(&pair.private_pkcs8).unwrap().as_bytes(),
    );
    put(
        d,
        "pub.pem",
        public_key_to_pem(&pair.public_spki).unwrap().as_bytes(),
    );
    let target = [0x3cu8; 32];

    for hash in [HashType::Sha1, HashType::Sha256, HashType::Sha512] {
        let md = format!("rsa_oaep_md:{}", hash.openssl_name());
        let mgf = format!("rsa_mgf1_md:{}", hash.openssl_name());
        // Ours → OpenSSL.
        let out = wrap(
            WrapMechanism::RsaOaep,
            hash,
            &pair.public_spki,
            &target,
            &WrapParams::default(),
        )
        .unwrap();
        put(d, "blob", &out.blob);
        let args = [
            "pkeyutl",
            "-decrypt",
            "-inkey",
            "priv.pem",
            "-in",
            "blob",
            "-pkeyopt",
            "rsa_padding_mode:oaep",
            "-pkeyopt",
            &md,
            "-pkeyopt",
            &mgf,
        ];
        assert_eq!(openssl(d, &args), target, "{hash:?}");
        // OpenSSL → ours.
        put(d, "target", &target);
        let args = [
            "pkeyutl",
            "-encrypt",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-in",
            "target",
            "-pkeyopt",
            "rsa_padding_mode:oaep",
            "-pkeyopt",
            &md,
            "-pkeyopt",
            &mgf,
        ];
        let theirs = openssl(d, &args);
        let back = unwrap(
            WrapMechanism::RsaOaep,
            hash,
            &pair.private_pkcs8,
            &theirs,
            &UnwrapParams::default(),
        )
        .unwrap();
        assert_eq!(*back, target);
    }

    // RSA PKCS#1 v1.5 (mechanism 12), both directions.
    let out = wrap(
        WrapMechanism::RsaPkcs,
        HashType::Sha1,
        &pair.public_spki,
        &target,
        &WrapParams::default(),
    )
    .unwrap();
    put(d, "blob", &out.blob);
    let args = [
        "pkeyutl",
        "-decrypt",
        "-inkey",
        "priv.pem",
        "-in",
        "blob",
        "-pkeyopt",
        "rsa_padding_mode:pkcs1",
    ];
    assert_eq!(openssl(d, &args), target);
    let args = [
        "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "target",
    ];
    let theirs = openssl(d, &args);
    let back = unwrap(
        WrapMechanism::RsaPkcs,
        HashType::Sha1,
        &pair.private_pkcs8,
        &theirs,
        &UnwrapParams::default(),
    )
    .unwrap();
    assert_eq!(*back, target);
}

#[test]
fn kcvs_match_openssl_ecb() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    put(d, "zeros16", &[0u8; 16]);
    put(d, "zeros8", &[0u8; 8]);
    let aes_key: Vec<u8> = (100u8..132).collect();
    for (len, cipher) in [
        (16, "-aes-128-ecb"),
        (24, "-aes-192-ecb"),
        (32, "-aes-256-ecb"),
    ] {
        let key = &aes_key[..len];
        let k = hex(key);
        let out = openssl(d, &["enc", cipher, "-nopad", "-K", &k, "-in", "zeros16"]);
        assert_eq!(kcv::kcv_aes(key).unwrap(), out[..3]);
    }
    let des_key = hsm_core::crypto::random::generate_secret(KeyType::Des3, 24).unwrap();
    let k = hex(&des_key);
    let out = openssl(
        d,
        &["enc", "-des-ede3", "-nopad", "-K", &k, "-in", "zeros8"],
    );
    assert_eq!(kcv::kcv_des3(&des_key).unwrap(), out[..3]);
}
