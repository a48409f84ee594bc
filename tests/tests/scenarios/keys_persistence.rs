//! Token keys survive a SIGKILL of the real `hsm-daemon` (docs/kmu.md §4.3): after a restart on
//! the same data directory the same handles are listed, the same private keys sign, and
//! OpenSSL verifies those signatures under the public keys exported before the crash.
//! Session keys do not survive.

use crate::harness::cmu_keys::{find_all_keys, Role};
use crate::harness::kmu::{
    create_crypto_users, expect, found_handles, handle_index, key_handle, kmu_in, pair_handles,
    KmuSession,
};
use crate::harness::openssl::verify_signature;
use crate::harness::{cmu, short_tempdir, DaemonProcess, Transcript, ADMIN_PASSWORD};
use std::fs;
use std::path::Path;

const LOGIN: &str = "loginHSM -u CU -s alice -p alicepw01";

fn run(socket: &Path, dir: &Path, body: &str) -> Transcript {
    let t = Transcript::parse_kmu(&kmu_in(dir, socket, &format!("{LOGIN}\n{body}exit\n")));
    t.assert_output(LOGIN, 0, &expect::login_ok("Cfm3LoginHSM"));
    t
}

/// `findAllKeys 3 0` and `findAllKeys 3 1` as the admin.
fn cmu_listings(socket: &Path) -> (Vec<String>, Vec<String>) {
    let t = Transcript::parse(&cmu(
        socket,
        &format!("loginHSM CO admin {ADMIN_PASSWORD}\nfindAllKeys 3 0\nfindAllKeys 3 1\nquit\n"),
    ));
    (
        t.output("findAllKeys 3 0", 0).to_vec(),
        t.output("findAllKeys 3 1", 0).to_vec(),
    )
}

#[test]
fn token_keys_survive_kill_9_and_still_sign() {
    let data = short_tempdir("chsm-kpers-");
    let work = short_tempdir("chsm-kpers-work-");
    let dir = work.path();
    fs::write(dir.join("msg.txt"), "signed before and after the crash\n").expect("message");
    let daemon = DaemonProcess::start(data.path());
    let socket = daemon.socket().to_owned();
    create_crypto_users(&socket, &[("alice", "alicepw01")]);

    let t = run(
        &socket,
        dir,
        "genECCKeyPair -i 14 -l ec_p384\ngenRSAKeyPair -m 2048 -e 65537 -l rsa\n\
         genSymKey -t 31 -s 32 -l aes\n",
    );
    let (ec_pub, ec_priv) = pair_handles(t.output("genECCKeyPair -i 14 -l ec_p384", 0));
    let (rsa_pub, rsa_priv) = pair_handles(t.output("genRSAKeyPair -m 2048 -e 65537 -l rsa", 0));
    let aes = key_handle(t.output("genSymKey -t 31 -s 32 -l aes", 0));
    let exports = format!(
        "exportPubKey -k {ec_pub} -out ec.pub.pem\nexportPubKey -k {rsa_pub} -out rsa.pub.pem\n\
         exSymKey -k {aes} -w {aes} -out aes.before\nfindKey\n"
    );
    let before = run(&socket, dir, &exports);
    let find_before = before.output("findKey", 0).to_vec();
    let mut all = vec![ec_pub, ec_priv, rsa_pub, rsa_priv, aes];
    all.sort_by_key(|h| handle_index(*h));
    assert_eq!(find_before, expect::find_key(&all));
    let listings_before = cmu_listings(&socket);
    assert_eq!(
        listings_before.0,
        find_all_keys(&all.iter().map(|h| (*h, Role::Owner)).collect::<Vec<_>>())
    );
    let ec_pem = fs::read(dir.join("ec.pub.pem")).expect("ec public key");
    let rsa_pem = fs::read(dir.join("rsa.pub.pem")).expect("rsa public key");
    let aes_before = fs::read(dir.join("aes.before")).expect("aes key");

    // A KMU session holds a session key when the daemon dies.
    let mut s = KmuSession::start(&socket, dir, &[]);
    assert_eq!(s.run(LOGIN), expect::login_ok("Cfm3LoginHSM"));
    let out = s.run("genSymKey -t 31 -s 16 -l doomed -sess");
    let doomed = key_handle(&out);
    assert_eq!(out, expect::sym_key(doomed, &[(0, 0)]));

    daemon.kill9();
    // The orphaned session reports the client daemon's socket error (docs/output-profiles.md
    // §C, 0x40000040) instead of a result, and no cluster block.
    assert_eq!(
        s.run("findKey"),
        [
            "",
            "\tCfm3FindKey returned: 0x40000040 ",
            "",
            "\tLIQUIDSECURITY: Daemon socket connection error",
        ]
    );
    drop(s);

    let daemon = DaemonProcess::start(data.path());
    assert_eq!(daemon.socket(), socket);
    let body = format!(
        "findKey\nfindKey -sess 1\nsign -f msg.txt -k {ec_priv} -m 18 -out ec.sig\n\
         sign -f msg.txt -k {rsa_priv} -m 1 -out rsa.sig\n\
         exportPubKey -k {ec_pub} -out ec.after.pem\nexportPubKey -k {rsa_pub} -out rsa.after.pem\n\
         exSymKey -k {aes} -w {aes} -out aes.after\ngenSymKey -t 31 -s 16 -l after\n"
    );
    let after = run(&socket, dir, &body);
    after.assert_output("findKey", 0, &find_before);
    assert_eq!(found_handles(after.output("findKey", 0)), all);
    after.assert_output("findKey -sess 1", 0, &expect::find_key(&[]));
    after.assert_output(
        &format!("sign -f msg.txt -k {ec_priv} -m 18 -out ec.sig"),
        0,
        &expect::sign_ok("ec.sig"),
    );
    after.assert_output(
        &format!("sign -f msg.txt -k {rsa_priv} -m 1 -out rsa.sig"),
        0,
        &expect::sign_ok("rsa.sig"),
    );
    verify_signature(dir, "ec.pub.pem", "sha384", &[], "ec.sig", "msg.txt")
        .unwrap_or_else(|e| panic!("EC signature after the restart: {e}"));
    verify_signature(dir, "rsa.pub.pem", "sha256", &[], "rsa.sig", "msg.txt")
        .unwrap_or_else(|e| panic!("RSA signature after the restart: {e}"));
    assert_eq!(fs::read(dir.join("ec.after.pem")).expect("pem"), ec_pem);
    assert_eq!(fs::read(dir.join("rsa.after.pem")).expect("pem"), rsa_pem);
    assert_eq!(fs::read(dir.join("aes.after")).expect("key"), aes_before);
    // New keys do not collide with the surviving ones.
    let fresh = key_handle(after.output("genSymKey -t 31 -s 16 -l after", 0));
    assert!(
        !all.iter().any(|h| handle_index(*h) == handle_index(fresh)),
        "new key {fresh} reuses the index of a surviving key ({all:?})"
    );

    // Every HSM still lists the same keys with the same key hash.
    let listings_after = cmu_listings(daemon.socket());
    let mut with_fresh = all.clone();
    with_fresh.push(fresh);
    with_fresh.sort_by_key(|h| handle_index(*h));
    assert_eq!(
        listings_after.0,
        find_all_keys(
            &with_fresh
                .iter()
                .map(|h| (*h, Role::Owner))
                .collect::<Vec<_>>()
        )
    );
    assert_ne!(
        listings_after.1, listings_before.1,
        "the new key changes the hash"
    );
    // Without the new key the hash is what it was before the crash.
    let t = run(daemon.socket(), dir, &format!("deleteKey -k {fresh}\n"));
    t.assert_output(&format!("deleteKey -k {fresh}"), 0, &expect::delete_ok());
    assert_eq!(cmu_listings(daemon.socket()), listings_before);
}
