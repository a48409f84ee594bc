//! Session keys and token keys across the HSMs of a cluster (docs/kmu.md §1.7, §4.2, §4.3;
//! docs/cmu.md §3.4): a session key lives on its session's HSM only, is seen only by that
//! session, and dies with `logoutHSM`, `exit` or the death of the KMU process; a token key
//! is on every HSM under one handle, whose high bits name the HSM of the creating session.

use crate::harness::cmu_keys::{find_all_keys, key_hashes, Role};
use crate::harness::kmu::{
    create_crypto_users, expect, found_handles, handle_index, key_handle, kmu_with, pair_handles,
    KmuSession,
};
use crate::harness::{cmu, short_tempdir, wait_until, TestDaemon, Transcript, ADMIN_PASSWORD};
use std::fs;
use std::path::Path;
use std::time::Duration;

const USERS: &[(&str, &str)] = &[("alice", "alicepw01"), ("bob", "bobpw001")];
const ALICE: &str = "loginHSM -u CU -s alice -p alicepw01";
const BOB: &str = "loginHSM -u CU -s bob -p bobpw001";
const ALICE_ID: u32 = 3;
const BOB_ID: u32 = 4;

/// Runs `login`, the lines of `body` and `exit` in a new KMU process attached to HSM
/// `node`; asserts the login succeeded.
fn one_shot(socket: &Path, dir: &Path, node: usize, login: &str, body: &str) -> Transcript {
    let node = node.to_string();
    let script = format!("{login}\n{body}exit\n");
    let t = Transcript::parse_kmu(&kmu_with(socket, Some(dir), &["--node", &node], &script));
    t.assert_output(login, 0, &expect::login_ok("Cfm3LoginHSM"));
    t
}

/// The index the next new key gets: bob creates a session key in a process of his own,
/// which destroys it again when it exits.
fn probe_index(socket: &Path, dir: &Path) -> u64 {
    let t = one_shot(
        socket,
        dir,
        0,
        BOB,
        "genSymKey -t 31 -s 16 -l probe -sess\n",
    );
    handle_index(key_handle(
        t.output("genSymKey -t 31 -s 16 -l probe -sess", 0),
    ))
}

/// Polls (bounded) until the next new key takes index `index`, i.e. until the key that
/// held it is gone.
fn assert_index_freed(socket: &Path, dir: &Path, index: u64, what: &str) {
    let mut last = 0;
    let freed = wait_until(Duration::from_secs(10), || {
        last = probe_index(socket, dir);
        last == index
    });
    assert!(
        freed,
        "{what}: index {index} was not freed (new keys get {last})"
    );
}

/// `findAllKeys <user> <hash>` as the activated admin.
fn find_all_keys_as_admin(socket: &Path, user: u32, hash: u8) -> Vec<String> {
    let command = format!("findAllKeys {user} {hash}");
    let t = Transcript::parse(&cmu(
        socket,
        &format!("loginHSM CO admin {ADMIN_PASSWORD}\n{command}\nquit\n"),
    ));
    t.output(&command, 0).to_vec()
}

#[test]
fn session_keys_live_on_one_hsm_and_die_with_their_session() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    create_crypto_users(&socket, USERS);
    let work = short_tempdir("chsm-sess-");
    let dir = work.path();
    fs::write(dir.join("msg.txt"), "signed with a session key\n").expect("message");

    let mut s = KmuSession::start(&socket, dir, &[]);
    assert_eq!(s.run(ALICE), expect::login_ok("Cfm3LoginHSM"));
    let out = s.run("genSymKey -t 31 -s 32 -l token");
    let token = key_handle(&out);
    assert_eq!(out, expect::sym_key(token, &expect::all(0)));
    // A session key turned into a token key keeps its handle and reaches every HSM
    // (docs/kmu.md §2.30, §4.2).
    let out = s.run("genSymKey -t 31 -s 32 -l kept -sess");
    let kept = key_handle(&out);
    assert_eq!(out, expect::sym_key(kept, &[(0, 0)]));
    assert_eq!(
        s.run_answering(&format!("setAttribute -o {kept} -a 1"), &["1"]),
        expect::set_token_ok("1", &expect::all(0))
    );
    let tokens = [token, kept];
    // Session keys report only the session's HSM (docs/kmu.md §1.4).
    let out = s.run("genSymKey -t 31 -s 16 -l sess_aes -sess");
    let sess_aes = key_handle(&out);
    assert_eq!(out, expect::sym_key(sess_aes, &[(0, 0)]));
    let out = s.run("genECCKeyPair -i 2 -l sess_ec -sess");
    let (sess_pub, sess_priv) = pair_handles(&out);
    assert_eq!(out, expect::key_pair((sess_pub, sess_priv), &[(0, 0)]));
    let session_keys = [sess_aes, sess_pub, sess_priv];

    // Only HSM 0 holds them; the token key is on all three (docs/kmu.md §2.10).
    let on_node_0 = [(0, 0), (1, 0xa8), (2, 0xa8)];
    for h in session_keys {
        assert_eq!(
            s.run(&format!("findSingleKey -k {h}")),
            expect::find_single_key(0, &on_node_0),
            "session key {h}"
        );
    }
    for h in tokens {
        assert_eq!(
            s.run(&format!("findSingleKey -k {h}")),
            expect::find_single_key(0, &expect::all(0)),
            "token key {h}"
        );
    }
    assert_eq!(s.run("findKey -sess 1"), expect::find_key(&session_keys));
    assert_eq!(s.run("findKey -sess 0"), expect::find_key(&tokens));
    // Session keys cannot be shared (docs/kmu.md §1.6): the help text, and no key.
    let out = s.run("genSymKey -t 31 -s 16 -l shared_sess -sess -u 4");
    assert_eq!(
        out.get(..2),
        Some(
            &[
                "".to_owned(),
                "\tError: sharing session keys is not allowed".to_owned()
            ][..]
        ),
        "{out:#?}"
    );
    assert!(out.iter().any(|l| l == "Description"), "{out:#?}");
    assert_eq!(s.run("findKey -sess 1"), expect::find_key(&session_keys));
    assert_eq!(
        s.run(&format!("sign -f msg.txt -k {sess_priv} -m 17 -out s.sig")),
        expect::sign_ok("s.sig")
    );
    assert_eq!(
        s.run(&format!("verify -f msg.txt -s s.sig -k {sess_pub} -m 17")),
        expect::verify_ok()
    );

    // Another session of the same user, on HSM 0 or HSM 1, sees none of them.
    let attempts = format!(
        "findKey -sess 1\nfindKey\nsign -f msg.txt -k {sess_priv} -m 17 -out x.sig\n\
         exSymKey -k {sess_aes} -w {token} -out x.key\n"
    );
    for node in [0, 1] {
        let t = one_shot(&socket, dir, node, ALICE, &attempts);
        t.assert_output("findKey -sess 1", 0, &expect::find_key(&[]));
        t.assert_output("findKey", 0, &expect::find_key(&tokens));
        t.assert_output(
            &format!("sign -f msg.txt -k {sess_priv} -m 17 -out x.sig"),
            0,
            &expect::sign_failed(0xa8),
        );
        t.assert_output(
            &format!("exSymKey -k {sess_aes} -w {token} -out x.key"),
            0,
            &expect::ex_sym_key_failed(0xa8),
        );
    }
    assert!(
        !dir.join("x.sig").exists(),
        "a refused sign wrote a signature"
    );
    // CMU never lists session keys, on any server (docs/cmu.md §3.4).
    assert_eq!(
        find_all_keys_as_admin(&socket, ALICE_ID, 0),
        find_all_keys(&tokens.map(|h| (h, Role::Owner)))
    );
    // While they live, their indices are taken for everybody (docs/kmu.md §1.7).
    let live: Vec<u64> = session_keys
        .iter()
        .chain(&tokens)
        .map(|h| handle_index(*h))
        .collect();
    let next = probe_index(&socket, dir);
    assert!(
        !live.contains(&next),
        "index {next} of a live key handed out again"
    );

    // logoutHSM destroys them.
    assert_eq!(s.run("logoutHSM"), expect::login_ok("Cfm3LogoutHSM"));
    assert_eq!(s.run(ALICE), expect::login_ok("Cfm3LoginHSM"));
    assert_eq!(s.run("findKey -sess 1"), expect::find_key(&[]));
    assert_eq!(s.run("findKey"), expect::find_key(&tokens));
    assert_eq!(
        s.run(&format!("sign -f msg.txt -k {sess_priv} -m 17 -out y.sig")),
        expect::sign_failed(0xa8)
    );
    assert_eq!(
        s.run(&format!("findSingleKey -k {sess_aes}")),
        expect::find_single_key(0xa8, &expect::all(0xa8))
    );
    let lowest = session_keys
        .map(handle_index)
        .into_iter()
        .min()
        .expect("keys");
    assert_index_freed(&socket, dir, lowest, "after logoutHSM");

    // deleteKey of a session key reports its HSM only (docs/kmu.md §2.2).
    let out = s.run("genSymKey -t 31 -s 16 -l sess_deleted -sess");
    let deleted = key_handle(&out);
    assert_eq!(out, expect::sym_key(deleted, &[(0, 0)]));
    assert_eq!(
        s.run(&format!("deleteKey -k {deleted}")),
        expect::delete_ok_on(&[(0, 0)])
    );
    assert_eq!(s.run("findKey -sess 1"), expect::find_key(&[]));

    // Exiting KMU destroys them.
    let out = s.run("genSymKey -t 31 -s 16 -l sess_exit -sess");
    let sess_exit = key_handle(&out);
    assert_eq!(out, expect::sym_key(sess_exit, &[(0, 0)]));
    s.exit();
    assert_index_freed(&socket, dir, handle_index(sess_exit), "after exit");
    let t = one_shot(&socket, dir, 0, ALICE, "findKey -sess 1\n");
    t.assert_output("findKey -sess 1", 0, &expect::find_key(&[]));

    // So does the death of the KMU process (SIGKILL: no logout is sent).
    let mut s = KmuSession::start(&socket, dir, &[]);
    assert_eq!(s.run(ALICE), expect::login_ok("Cfm3LoginHSM"));
    let out = s.run("genSymKey -t 31 -s 16 -l sess_killed -sess");
    let sess_killed = key_handle(&out);
    assert_eq!(out, expect::sym_key(sess_killed, &[(0, 0)]));
    assert_ne!(probe_index(&socket, dir), handle_index(sess_killed));
    s.kill9();
    assert_index_freed(&socket, dir, handle_index(sess_killed), "after SIGKILL");
}

#[test]
fn token_keys_have_one_handle_on_every_hsm() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    create_crypto_users(&socket, USERS);
    let work = short_tempdir("chsm-token-");
    let dir = work.path();
    fs::write(dir.join("msg.txt"), "signed on another HSM\n").expect("message");

    // Through HSM 0: alice's AES key and EC pair (private half shared with bob), bob's key.
    let t = one_shot(
        &socket,
        dir,
        0,
        ALICE,
        "genSymKey -t 31 -s 32 -l a_aes\ngenECCKeyPair -i 2 -l a_ec -u 4\n",
    );
    let aes = key_handle(t.output("genSymKey -t 31 -s 32 -l a_aes", 0));
    let (ec_pub, ec_priv) = pair_handles(t.output("genECCKeyPair -i 2 -l a_ec -u 4", 0));
    let t = one_shot(&socket, dir, 0, BOB, "genSymKey -t 31 -s 16 -l b_aes\n");
    let bob_aes = key_handle(t.output("genSymKey -t 31 -s 16 -l b_aes", 0));
    for h in [aes, ec_pub, ec_priv, bob_aes] {
        assert_eq!(h >> 18, 0, "handle {h} made through HSM 0");
    }

    // Through HSM 1 and HSM 2: handles are (node << 18) | index, index cluster-wide.
    let next = 1 + [aes, ec_pub, ec_priv, bob_aes]
        .map(handle_index)
        .into_iter()
        .max()
        .unwrap();
    let t = one_shot(
        &socket,
        dir,
        1,
        ALICE,
        "genSymKey -t 31 -s 32 -l n1_aes\ngenECCKeyPair -i 14 -l n1_ec\n\
         genSymKey -t 31 -s 16 -l n1_sess -sess\n",
    );
    let out = t.output("genSymKey -t 31 -s 32 -l n1_aes", 0);
    let n1_aes = key_handle(out);
    assert_eq!(n1_aes, 262_144 + next);
    assert_eq!(out, expect::sym_key(n1_aes, &expect::all(0)));
    let out = t.output("genECCKeyPair -i 14 -l n1_ec", 0);
    let (n1_pub, n1_priv) = pair_handles(out);
    assert_eq!((n1_pub, n1_priv), (262_144 + next + 1, 262_144 + next + 2));
    assert_eq!(out, expect::key_pair((n1_pub, n1_priv), &expect::all(0)));
    let out = t.output("genSymKey -t 31 -s 16 -l n1_sess -sess", 0);
    let n1_sess = key_handle(out);
    assert_eq!(n1_sess, 262_144 + next + 3);
    assert_eq!(out, expect::sym_key(n1_sess, &[(1, 0)]));
    // The session key died with its process, so HSM 2's first key reuses its index.
    let t = one_shot(&socket, dir, 2, BOB, "genSymKey -t 31 -s 16 -l n2_aes\n");
    let out = t.output("genSymKey -t 31 -s 16 -l n2_aes", 0);
    let n2_aes = key_handle(out);
    assert_eq!(n2_aes, 524_288 + next + 3);
    assert_eq!(out, expect::sym_key(n2_aes, &expect::all(0)));

    // Every HSM lists the same handles for each user (docs/cmu.md §3.4), in index order, and
    // every HSM computes the same key hash.
    let alice_keys: Vec<(u64, Role)> = [aes, ec_pub, ec_priv, n1_aes, n1_pub, n1_priv]
        .map(|h| (h, Role::Owner))
        .to_vec();
    let bob_keys = [
        (ec_priv, Role::Sharee),
        (bob_aes, Role::Owner),
        (n2_aes, Role::Owner),
    ];
    assert_eq!(
        find_all_keys_as_admin(&socket, ALICE_ID, 0),
        find_all_keys(&alice_keys)
    );
    assert_eq!(
        find_all_keys_as_admin(&socket, BOB_ID, 0),
        find_all_keys(&bob_keys)
    );
    let alice_hashes = key_hashes(&find_all_keys_as_admin(&socket, ALICE_ID, 1), &alice_keys);
    let bob_hashes = key_hashes(&find_all_keys_as_admin(&socket, BOB_ID, 1), &bob_keys);
    assert!(
        alice_hashes
            .iter()
            .chain(&bob_hashes)
            .all(|h| *h == alice_hashes[0]),
        "key hashes differ: alice {alice_hashes:?}, bob {bob_hashes:?}"
    );

    // A KMU session on HSM 0 finds and uses the keys made through HSMs 1 and 2.
    let body = format!(
        "findKey\nsign -f msg.txt -k {n1_priv} -m 18 -out n1.sig\n\
         verify -f msg.txt -s n1.sig -k {n1_pub} -m 18\n\
         exSymKey -k {n1_aes} -w {aes} -out n1.key\n"
    );
    let t = one_shot(&socket, dir, 0, ALICE, &body);
    let mut visible = [aes, ec_pub, ec_priv, n1_aes, n1_pub, n1_priv];
    visible.sort_by_key(|h| handle_index(*h));
    t.assert_output("findKey", 0, &expect::find_key(&visible));
    assert_eq!(found_handles(t.output("findKey", 0)), visible);
    t.assert_output(
        &format!("sign -f msg.txt -k {n1_priv} -m 18 -out n1.sig"),
        0,
        &expect::sign_ok("n1.sig"),
    );
    t.assert_output(
        &format!("verify -f msg.txt -s n1.sig -k {n1_pub} -m 18"),
        0,
        &expect::verify_ok(),
    );
    t.assert_output(
        &format!("exSymKey -k {n1_aes} -w {aes} -out n1.key"),
        0,
        &expect::ex_sym_key_ok("n1.key"),
    );
    // And bob, on HSM 1, signs with the key alice shared at creation.
    let t = one_shot(
        &socket,
        dir,
        1,
        BOB,
        &format!("sign -f msg.txt -k {ec_priv} -m 17 -out b.sig\nfindKey\n"),
    );
    t.assert_output(
        &format!("sign -f msg.txt -k {ec_priv} -m 17 -out b.sig"),
        0,
        &expect::sign_ok("b.sig"),
    );
    // bob sees his keys, the shared key and every public key.
    t.assert_output(
        "findKey",
        0,
        &expect::find_key(&[ec_pub, ec_priv, bob_aes, n1_pub, n2_aes]),
    );
}
