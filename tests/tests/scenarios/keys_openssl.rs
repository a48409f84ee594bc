//! Interoperability of `key_mgmt_util` with the OpenSSL command line: KMU's signatures
//! verify under OpenSSL, keys made by OpenSSL sign inside the HSM, exported keys read back
//! in OpenSSL, and the wrapping mechanisms match OpenSSL's RFC 3394, RFC 5649 and RSA-OAEP
//! in both directions (docs/kmu.md §1.8, §1.9, §2.5-§2.7, §2.21, §2.31-§2.34).

use crate::harness::kmu::{
    create_crypto_users, expect, key_handle, kmu_in, pair_handles, KmuSession,
};
use crate::harness::openssl::{hex, openssl_ok, verify_signature};
use crate::harness::Transcript;
use crate::harness::{short_tempdir, TestDaemon};
use std::fs;
use std::path::Path;

const LOGIN: &str = "loginHSM -u CU -s alice -p alicepw01";

/// A daemon with the crypto user `alice`, a KMU session logged in as her, and the
/// working directory the session's files live in.
struct Bench {
    session: KmuSession,
    work: tempfile::TempDir,
    daemon: TestDaemon,
}

impl Bench {
    fn new() -> Self {
        let daemon = TestDaemon::start(3);
        create_crypto_users(&daemon.socket(), &[("alice", "alicepw01")]);
        let work = short_tempdir("chsm-ossl-");
        let mut session = KmuSession::start(&daemon.socket(), work.path(), &[]);
        assert_eq!(session.run(LOGIN), expect::login_ok("Cfm3LoginHSM"));
        Self {
            session,
            work,
            daemon,
        }
    }

    fn dir(&self) -> &Path {
        self.work.path()
    }

    fn run(&mut self, line: &str) -> Vec<String> {
        self.session.run(line)
    }

    /// Runs `line`, asserts that it printed `expected`.
    fn run_expect(&mut self, line: &str, expected: &[String]) {
        let got = self.session.run(line);
        assert_eq!(got, expected, "output of `{line}`");
    }

    fn gen_aes(&mut self, label: &str, bytes: u32) -> u64 {
        let out = self.run(&format!("genSymKey -t 31 -s {bytes} -l {label}"));
        let handle = key_handle(&out);
        assert_eq!(out, expect::sym_key(handle, &expect::all(0)));
        handle
    }

    fn gen_pair(&mut self, command: &str) -> (u64, u64) {
        let out = self.run(command);
        let pair = pair_handles(&out);
        assert_eq!(out, expect::key_pair(pair, &expect::all(0)), "{command}");
        pair
    }

    /// `exSymKey` of `key` under `wrapping`; returns the plaintext key bytes.
    fn ex_sym_key(&mut self, key: u64, wrapping: u64, file: &str) -> Vec<u8> {
        self.run_expect(
            &format!("exSymKey -k {key} -w {wrapping} -out {file}"),
            &expect::ex_sym_key_ok(file),
        );
        fs::read(self.dir().join(file)).expect("exSymKey file")
    }

    fn read(&self, file: &str) -> Vec<u8> {
        fs::read(self.dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }
}

/// Writes the message every signature covers.
fn write_message(dir: &Path) {
    let text: String = (0..200)
        .map(|i| format!("line {i} of the message KMU signs\n"))
        .collect();
    fs::write(dir.join("msg.txt"), text).expect("message");
    fs::write(dir.join("tampered.txt"), "not the signed message\n").expect("message");
}

/// docs/kmu.md §1.8: RSA mechanisms 0-4 (PKCS#1 v1.5) and 5-9 (PSS) with SHA-1/256/384/512/224;
/// ECDSA mechanisms 15-19 with SHA-1/224/256/384/512.
const RSA_DIGESTS: [&str; 5] = ["sha1", "sha256", "sha384", "sha512", "sha224"];
const EC_DIGESTS: [&str; 5] = ["sha1", "sha224", "sha256", "sha384", "sha512"];
const PSS: [&str; 2] = ["rsa_padding_mode:pss", "rsa_pss_saltlen:-1"];

#[test]
fn kmu_signatures_verify_under_openssl() {
    let mut b = Bench::new();
    write_message(b.dir());
    let (rsa_pub, rsa_priv) = b.gen_pair("genRSAKeyPair -m 2048 -e 65537 -l rsa_sign");
    let mut keys = vec![("rsa", rsa_pub, rsa_priv)];
    for (curve, id) in [("p256", 2), ("p384", 14), ("k256", 16)] {
        let (public, private) = b.gen_pair(&format!("genECCKeyPair -i {id} -l {curve}"));
        keys.push((curve, public, private));
    }
    for &(name, public, _) in &keys {
        let file = format!("{name}.pub.pem");
        b.run_expect(
            &format!("exportPubKey -k {public} -out {file}"),
            &expect::export_pub_ok(&file),
        );
    }

    let mut failures = Vec::new();
    let mut check = |b: &mut Bench, name: &str, private: u64, mech: u32, digest, pss: bool| {
        let sig = format!("{name}.m{mech}.sig");
        b.run_expect(
            &format!("sign -f msg.txt -k {private} -m {mech} -out {sig}"),
            &expect::sign_ok(&sig),
        );
        let opts: &[&str] = if pss { &PSS } else { &[] };
        let public = format!("{name}.pub.pem");
        if let Err(e) = verify_signature(b.dir(), &public, digest, opts, &sig, "msg.txt") {
            failures.push(format!("{name} mechanism {mech}: {e}"));
        }
        // The verdict means something: the same signature over other data fails.
        if verify_signature(b.dir(), &public, digest, opts, &sig, "tampered.txt").is_ok() {
            failures.push(format!("{name} mechanism {mech}: verifies over other data"));
        }
    };
    for (i, digest) in RSA_DIGESTS.into_iter().enumerate() {
        let mech = u32::try_from(i).expect("small");
        check(&mut b, "rsa", rsa_priv, mech, digest, false);
        check(&mut b, "rsa", rsa_priv, mech + 5, digest, true);
    }
    for &(name, _, private) in &keys[1..] {
        for (i, digest) in EC_DIGESTS.into_iter().enumerate() {
            let mech = 15 + u32::try_from(i).expect("small");
            check(&mut b, name, private, mech, digest, false);
        }
    }
    // docs/kmu.md §1.9: an RSA signature is exactly the modulus length.
    assert_eq!(b.read("rsa.m1.sig").len(), 256);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn openssl_made_keys_sign_inside_the_hsm() {
    let b = Bench::new();
    let dir = b.dir().to_owned();
    write_message(&dir);
    // RSA as PKCS#8 and as PKCS#1 ("traditional"); EC on each AWS curve, P-384 as SEC1.
    let gen = |file: &str, algorithm: &[&str]| {
        let mut args = vec!["genpkey", "-out", file];
        args.extend_from_slice(algorithm);
        openssl_ok(&dir, &args);
    };
    gen(
        "rsa.pem",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    openssl_ok(
        &dir,
        &[
            "pkey",
            "-in",
            "rsa.pem",
            "-traditional",
            "-out",
            "rsa_pkcs1.pem",
        ],
    );
    for (file, curve) in [
        ("p256.pem", "P-256"),
        ("p384_pkcs8.pem", "P-384"),
        ("k256.pem", "secp256k1"),
    ] {
        gen(
            file,
            &[
                "-algorithm",
                "EC",
                "-pkeyopt",
                &format!("ec_paramgen_curve:{curve}"),
            ],
        );
    }
    openssl_ok(
        &dir,
        &[
            "pkey",
            "-in",
            "p384_pkcs8.pem",
            "-traditional",
            "-out",
            "p384.pem",
        ],
    );
    for (file, header) in [
        ("rsa_pkcs1.pem", "-----BEGIN RSA PRIVATE KEY-----"),
        ("p384.pem", "-----BEGIN EC PRIVATE KEY-----"),
        ("rsa.pem", "-----BEGIN PRIVATE KEY-----"),
    ] {
        let text = fs::read_to_string(dir.join(file)).expect("pem");
        assert!(text.starts_with(header), "{file}: {text}");
    }
    let keys = [
        ("rsa.pem", 1, "sha256"),
        ("rsa_pkcs1.pem", 3, "sha512"),
        ("p256.pem", 17, "sha256"),
        ("p384.pem", 18, "sha384"),
        ("k256.pem", 17, "sha256"),
    ];
    for (file, _, _) in keys {
        let public = format!("{file}.pub");
        openssl_ok(&dir, &["pkey", "-in", file, "-pubout", "-out", &public]);
    }

    let mut b = b;
    let wrapping = b.gen_aes("import_wrap", 32);
    for (file, mech, digest) in keys {
        // docs/kmu.md §2.21: the BER length is that of the key's PKCS#8 DER.
        let der = openssl_ok(
            &dir,
            &[
                "pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in", file,
            ],
        );
        let out = b.run(&format!(
            "importPrivateKey -f {file} -l imported -w {wrapping}"
        ));
        let handle = key_handle(&out);
        assert_eq!(out, expect::import_private_ok(der.len(), handle), "{file}");
        let sig = format!("{file}.sig");
        b.run_expect(
            &format!("sign -f msg.txt -k {handle} -m {mech} -out {sig}"),
            &expect::sign_ok(&sig),
        );
        verify_signature(&dir, &format!("{file}.pub"), digest, &[], &sig, "msg.txt")
            .unwrap_or_else(|e| panic!("{file}: {e}"));

        // The other way round: OpenSSL signs, KMU verifies with the imported public key.
        let ossl_sig = format!("{file}.ossl.sig");
        openssl_ok(
            &dir,
            &[
                "dgst",
                &format!("-{digest}"),
                "-sign",
                file,
                "-out",
                &ossl_sig,
                "msg.txt",
            ],
        );
        let out = b.run(&format!("importPubKey -f {file}.pub -l imported_pub"));
        let public = key_handle(&out);
        assert_eq!(out, expect::import_pub_ok(public), "{file}");
        b.run_expect(
            &format!("verify -f msg.txt -s {ossl_sig} -k {public} -m {mech}"),
            &expect::verify_ok(),
        );
    }
}

#[test]
fn exported_keys_read_in_openssl_and_wraps_round_trip() {
    let mut b = Bench::new();
    let dir = b.dir().to_owned();
    let wrapping = b.gen_aes("wrapping", 32);
    let target = b.gen_aes("target", 32);
    let (rsa_pub, rsa_priv) = b.gen_pair("genRSAKeyPair -m 2048 -e 65537 -l rsa_wrap");
    let mut exported = vec![("rsa", rsa_pub, rsa_priv)];
    for (name, id) in [("p256", 2), ("p384", 14), ("k256", 16)] {
        let (public, private) = b.gen_pair(&format!("genECCKeyPair -i {id} -l {name}"));
        exported.push((name, public, private));
    }

    // (c) exportPrivateKey writes PKCS#8 PEM that OpenSSL accepts, and whose public half is
    // byte for byte the exportPubKey file.
    for &(name, public, private) in &exported {
        let priv_file = format!("{name}.priv.pem");
        let pub_file = format!("{name}.pub.pem");
        b.run_expect(
            &format!("exportPrivateKey -k {private} -w {wrapping} -out {priv_file}"),
            &expect::export_private_ok(&priv_file),
        );
        b.run_expect(
            &format!("exportPubKey -k {public} -out {pub_file}"),
            &expect::export_pub_ok(&pub_file),
        );
        let pem = String::from_utf8(b.read(&priv_file)).expect("pem text");
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
        let check = openssl_ok(&dir, &["pkey", "-check", "-noout", "-in", &priv_file]);
        assert_eq!(String::from_utf8_lossy(&check), "Key is valid\n");
        let derived = openssl_ok(&dir, &["pkey", "-in", &priv_file, "-pubout"]);
        assert_eq!(
            String::from_utf8_lossy(&derived),
            String::from_utf8_lossy(&b.read(&pub_file)),
            "{name}: public half of the exported private key != exportPubKey"
        );
    }

    let kek = b.ex_sym_key(wrapping, wrapping, "wrapping.key");
    let secret = b.ex_sym_key(target, wrapping, "target.key");
    assert_eq!((kek.len(), secret.len()), (32, 32));
    let kek_hex = hex(&kek);

    // (d) RFC 3394 (-m 5): KMU wraps, OpenSSL unwraps ...
    b.run_expect(
        &format!("wrapKey -k {target} -w {wrapping} -m 5 -noheader -out t.kw"),
        &expect::wrap_key_ok("t.kw", 40),
    );
    let kw_args = ["-id-aes256-wrap", "-iv", "A6A6A6A6A6A6A6A6", "-K", &kek_hex];
    let unwrapped = openssl_ok(
        &dir,
        &[&["enc", "-d", "-in", "t.kw"], &kw_args[..]].concat(),
    );
    assert_eq!(unwrapped, secret, "RFC 3394: OpenSSL's unwrap != exSymKey");
    // ... and OpenSSL wraps, KMU unwraps.
    fs::write(dir.join("ossl.key"), [0x5a_u8; 32]).expect("key file");
    openssl_ok(
        &dir,
        &[
            &["enc", "-e", "-in", "ossl.key", "-out", "ossl.kw"],
            &kw_args[..],
        ]
        .concat(),
    );
    let out = b.run(&format!(
        "unWrapKey -f ossl.kw -w {wrapping} -m 5 -noheader -l from_ossl -kc 4 -kt 31"
    ));
    let imported = key_handle(&out);
    assert_eq!(out, expect::unwrap_noheader_ok(imported));
    assert_eq!(b.ex_sym_key(imported, wrapping, "ossl.back"), [0x5a_u8; 32]);

    // Mechanism 4 is PKCS#5 padding then RFC 3394: OpenSSL sees the padded key.
    b.run_expect(
        &format!("wrapKey -k {target} -w {wrapping} -m 4 -noheader -out t.kw4"),
        &expect::wrap_key_ok("t.kw4", 48),
    );
    let padded = openssl_ok(
        &dir,
        &[&["enc", "-d", "-in", "t.kw4"], &kw_args[..]].concat(),
    );
    let mut expected = secret.clone();
    expected.extend([8u8; 8]);
    assert_eq!(padded, expected, "mechanism 4: PKCS#5-padded key expected");

    // RFC 5649 (-m 6), with a 21-byte generic secret so that the padding matters.
    let out = b.run("genSymKey -t 16 -s 21 -l odd_secret");
    let odd = key_handle(&out);
    assert_eq!(out, expect::sym_key(odd, &expect::all(0)));
    let odd_bytes = b.ex_sym_key(odd, wrapping, "odd.key");
    assert_eq!(odd_bytes.len(), 21);
    let kwp_args = ["-id-aes256-wrap-pad", "-iv", "A65959A6", "-K", &kek_hex];
    for (key, bytes, file, len) in [
        (target, &secret, "t.kwp", 40),
        (odd, &odd_bytes, "odd.kwp", 32),
    ] {
        b.run_expect(
            &format!("wrapKey -k {key} -w {wrapping} -m 6 -noheader -out {file}"),
            &expect::wrap_key_ok(file, len),
        );
        let unwrapped = openssl_ok(&dir, &[&["enc", "-d", "-in", file], &kwp_args[..]].concat());
        assert_eq!(
            &unwrapped, bytes,
            "RFC 5649 {file}: OpenSSL's unwrap != exSymKey"
        );
    }
    fs::write(dir.join("ossl24.key"), [0x3c_u8; 24]).expect("key file");
    openssl_ok(
        &dir,
        &[
            &["enc", "-e", "-in", "ossl24.key", "-out", "ossl24.kwp"],
            &kwp_args[..],
        ]
        .concat(),
    );
    let out = b.run(&format!(
        "unWrapKey -f ossl24.kwp -w {wrapping} -m 6 -noheader -l from_ossl_kwp -kc 4 -kt 31"
    ));
    let imported = key_handle(&out);
    assert_eq!(out, expect::unwrap_noheader_ok(imported));
    assert_eq!(
        b.ex_sym_key(imported, wrapping, "ossl24.back"),
        [0x3c_u8; 24]
    );

    // RSA-OAEP with SHA-256 (-m 8 -t 3): KMU wraps with the public key, OpenSSL decrypts
    // with the exported private key; and OpenSSL encrypts, KMU unwraps with the private key.
    b.run_expect(
        &format!("wrapKey -k {target} -w {rsa_pub} -m 8 -t 3 -noheader -out t.oaep"),
        &expect::wrap_key_ok("t.oaep", 256),
    );
    let oaep = [
        "-pkeyopt",
        "rsa_padding_mode:oaep",
        "-pkeyopt",
        "rsa_oaep_md:sha256",
        "-pkeyopt",
        "rsa_mgf1_md:sha256",
    ];
    let decrypted = openssl_ok(
        &dir,
        &[
            &[
                "pkeyutl",
                "-decrypt",
                "-inkey",
                "rsa.priv.pem",
                "-in",
                "t.oaep",
            ],
            &oaep[..],
        ]
        .concat(),
    );
    assert_eq!(
        decrypted, secret,
        "RSA-OAEP: OpenSSL's decryption != exSymKey"
    );
    openssl_ok(
        &dir,
        &[
            &["pkeyutl", "-encrypt", "-pubin", "-inkey", "rsa.pub.pem"],
            &["-in", "ossl.key", "-out", "ossl.oaep"][..],
            &oaep[..],
        ]
        .concat(),
    );
    let out = b.run(&format!(
        "unWrapKey -f ossl.oaep -w {rsa_priv} -m 8 -t 3 -noheader -l from_oaep -kc 4 -kt 31"
    ));
    let imported = key_handle(&out);
    assert_eq!(out, expect::unwrap_noheader_ok(imported));
    assert_eq!(b.ex_sym_key(imported, wrapping, "oaep.back"), [0x5a_u8; 32]);
    // The default hash is SHA-1 (docs/kmu.md §1.8), OpenSSL's OAEP default too; mechanism 12 is
    // PKCS#1 v1.5 encryption, OpenSSL's default padding.
    for (mech, file, opts) in [("8", "t.oaep1", &oaep[..2]), ("12", "t.pkcs1", &[][..])] {
        b.run_expect(
            &format!("wrapKey -k {target} -w {rsa_pub} -m {mech} -noheader -out {file}"),
            &expect::wrap_key_ok(file, 256),
        );
        let args = ["pkeyutl", "-decrypt", "-inkey", "rsa.priv.pem", "-in", file];
        let decrypted = openssl_ok(&dir, &[&args[..], opts].concat());
        assert_eq!(
            decrypted, secret,
            "RSA mechanism {mech}: OpenSSL's decryption"
        );
    }

    // A wrapped private key is its PKCS#8 DER (docs/kmu.md §2.34): RFC 5649 of each exported key.
    for &(name, _, private) in &exported {
        let file = format!("{name}.kwp");
        let out = b.run(&format!(
            "wrapKey -k {private} -w {wrapping} -m 6 -noheader -out {file}"
        ));
        let len = fs::metadata(dir.join(&file)).map_or(0, |m| m.len());
        let len = usize::try_from(len).expect("length");
        assert_eq!(out, expect::wrap_key_ok(&file, len), "{name}");
        let unwrapped = openssl_ok(
            &dir,
            &[&["enc", "-d", "-in", &file], &kwp_args[..]].concat(),
        );
        let priv_file = format!("{name}.priv.pem");
        let pkcs8 = openssl_ok(
            &dir,
            &[
                "pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in", &priv_file,
            ],
        );
        assert_eq!(
            unwrapped, pkcs8,
            "{name}: unwrapped private key != its PKCS#8 DER"
        );
        assert_eq!(
            len,
            pkcs8.len().div_ceil(8) * 8 + 8,
            "{name}: RFC 5649 length"
        );
    }

    // The script form gives the same wrap: a fresh KMU process, same keys, same bytes
    // (RFC 3394 is deterministic).
    let socket = b.daemon.socket();
    let again = Transcript::parse_kmu(&kmu_in(
        &dir,
        &socket,
        &format!("{LOGIN}\nwrapKey -k {target} -w {wrapping} -m 5 -noheader -out t2.kw\nexit\n"),
    ));
    again.assert_output(
        &format!("wrapKey -k {target} -w {wrapping} -m 5 -noheader -out t2.kw"),
        0,
        &expect::wrap_key_ok("t2.kw", 40),
    );
    assert_eq!(b.read("t2.kw"), b.read("t.kw"));
}
