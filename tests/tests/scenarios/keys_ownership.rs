//! The ownership table end to end, through both binaries (docs/kmu.md §4.1, §1.3; docs/cmu.md §2.4,
//! §3.3, §3.4, §3.18, §3.19): for a private key owned by CU alice and shared with CU bob,
//! what alice, bob, another CU (carol), the CO and the AU can do — find, use, export,
//! wrap, delete, share, set an attribute — and deleteUser of a CU that still owns keys.

use crate::harness::cmu_keys::{
    critical_failed, critical_ok, find_all_keys, per_server_failure, Role,
};
use crate::harness::kmu::{
    create_crypto_users, expect, handle_index, key_handle, kmu_in, pair_handles,
};
use crate::harness::{
    caution, cmu, short_tempdir, TestDaemon, Transcript, ADMIN_PASSWORD, SERVERS,
};
use std::fs;
use std::path::Path;

const USERS: &[(&str, &str)] = &[
    ("alice", "alicepw01"),
    ("bob", "bobpw001"),
    ("carol", "carolpw01"),
];
const INVALID_HANDLE: &str = "Invalid object handle is passed to this operation";
const DENIED: &str = "Key Access is denied";

/// A KMU run in `dir` as CU `name`: login, `body`, exit.
fn kmu_as(socket: &Path, dir: &Path, name: &str, body: &str) -> Transcript {
    let password = USERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| *p)
        .expect("known user");
    let login = format!("loginHSM -u CU -s {name} -p {password}");
    let t = Transcript::parse_kmu(&kmu_in(dir, socket, &format!("{login}\n{body}exit\n")));
    t.assert_output(&login, 0, &expect::login_ok("Cfm3LoginHSM"));
    t
}

/// A CMU run logged in as `login` (`CU bob bobpw001`, `CO admin ...`).
fn cmu_as(socket: &Path, login: &str, body: &str) -> Transcript {
    Transcript::parse(&cmu(
        socket,
        &format!("loginHSM {login}\n{body}logoutHSM\nquit\n"),
    ))
}

fn cu_login(name: &str) -> String {
    let (_, password) = USERS.iter().find(|(n, _)| *n == name).expect("known user");
    format!("CU {name} {password}")
}

fn sorted(mut handles: Vec<u64>) -> Vec<u64> {
    handles.sort_by_key(|h| handle_index(*h));
    handles
}

#[test]
fn owner_sharee_other_cu_officer_and_appliance_user() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    create_crypto_users(&socket, USERS);
    let work = short_tempdir("chsm-owner-");
    let dir = work.path();
    fs::write(dir.join("msg.txt"), "who may sign this?\n").expect("message");

    // alice owns an EC pair and a wrapping key; bob and carol own a wrapping key each.
    let t = kmu_as(
        &socket,
        dir,
        "alice",
        "genECCKeyPair -i 2 -l owned\ngenSymKey -t 31 -s 32 -l alice_wrap\n",
    );
    let (public, key) = pair_handles(t.output("genECCKeyPair -i 2 -l owned", 0));
    let alice_wrap = key_handle(t.output("genSymKey -t 31 -s 32 -l alice_wrap", 0));
    let wrap_of = |name: &str| {
        let t = kmu_as(&socket, dir, name, "genSymKey -t 31 -s 32 -l own_wrap\n");
        key_handle(t.output("genSymKey -t 31 -s 32 -l own_wrap", 0))
    };
    let (bob_wrap, carol_wrap) = (wrap_of("bob"), wrap_of("carol"));
    // alice shares the private key with bob (user 4) through CMU.
    let share = format!("shareKey {key} 4 1");
    cmu_as(&socket, &cu_login("alice"), &format!("{share}\ny\n")).assert_output(
        &share,
        0,
        &critical_ok("shareKey"),
    );

    // find, use, export, wrap: the three crypto users side by side.
    let reads = |wrap: u64, tag: &str| {
        format!(
            "findKey\nsign -f msg.txt -k {key} -m 17 -out {tag}.sig\n\
             exportPrivateKey -k {key} -w {wrap} -out {tag}.pem\n\
             wrapKey -k {key} -w {wrap} -m 4 -noheader -out {tag}.wrapped\n"
        )
    };
    let runs: Vec<(&str, u64, Transcript)> = std::thread::scope(|scope| {
        let spawned: Vec<_> = [
            ("alice", alice_wrap),
            ("bob", bob_wrap),
            ("carol", carol_wrap),
        ]
        .into_iter()
        .map(|(name, wrap)| {
            let body = reads(wrap, name);
            let socket = &socket;
            scope.spawn(move || (name, wrap, kmu_as(socket, dir, name, &body)))
        })
        .collect();
        spawned
            .into_iter()
            .map(|s| s.join().expect("KMU thread"))
            .collect()
    });
    for (name, wrap, t) in &runs {
        let (find, sign, export, wrapped) = match *name {
            // Owner: everything.
            "alice" => (
                sorted(vec![public, key, alice_wrap]),
                expect::sign_ok("alice.sig"),
                expect::export_private_ok("alice.pem"),
                // PKCS#8 of a P-256 key (138 bytes), PKCS#5-padded to 144, plus 8.
                expect::wrap_key_ok("alice.wrapped", 152),
            ),
            // Sharee: find and use, nothing else.
            "bob" => (
                sorted(vec![public, key, bob_wrap]),
                expect::sign_ok("bob.sig"),
                expect::export_private_failed(0xc6),
                expect::wrap_key_failed(0xc6),
            ),
            // Another CU: only the public half exists for carol.
            _ => (
                sorted(vec![public, carol_wrap]),
                expect::sign_failed(0xa8),
                expect::export_private_failed(0xa8),
                expect::wrap_key_failed(0xa8),
            ),
        };
        t.assert_output("findKey", 0, &expect::find_key(&find));
        t.assert_output(
            &format!("sign -f msg.txt -k {key} -m 17 -out {name}.sig"),
            0,
            &sign,
        );
        t.assert_output(
            &format!("exportPrivateKey -k {key} -w {wrap} -out {name}.pem"),
            0,
            &export,
        );
        t.assert_output(
            &format!("wrapKey -k {key} -w {wrap} -m 4 -noheader -out {name}.wrapped"),
            0,
            &wrapped,
        );
    }
    assert_eq!(
        fs::metadata(dir.join("alice.wrapped"))
            .map(|m| m.len())
            .ok(),
        Some(152)
    );
    for refused in ["bob.pem", "carol.pem", "carol.sig"] {
        assert!(!dir.join(refused).exists(), "{refused} was written");
    }

    // delete, share, set attribute: refused for the sharee and for the other CU.
    let delete = format!("deleteKey -k {key}");
    let share_carol = format!("shareKey {key} 5 1");
    let relabel = format!("setAttribute {key} 3 taken");
    for (name, kmu_delete, error) in [
        ("bob", expect::delete_denied(), DENIED),
        ("carol", expect::delete_not_found(), INVALID_HANDLE),
    ] {
        kmu_as(&socket, dir, name, &format!("{delete}\n")).assert_output(&delete, 0, &kmu_delete);
        let t = cmu_as(
            &socket,
            &cu_login(name),
            &format!("{share_carol}\ny\n{relabel}\ny\n"),
        );
        t.assert_output(&share_carol, 0, &critical_failed("shareKey", error));
        t.assert_output(&relabel, 0, &critical_failed("setAttribute", error));
    }

    // The CO: no KMU login; in CMU it lists keys and sets OBJ_ATTR_TRUSTED (134) only.
    let co_login = format!("loginHSM -u CO -s admin -p {ADMIN_PASSWORD}");
    let co_sign = format!("sign -f msg.txt -k {key} -m 17 -out co.sig");
    let t = Transcript::parse_kmu(&kmu_in(
        dir,
        &socket,
        &format!("{co_login}\n{co_sign}\nexit\n"),
    ));
    let refused = t.output(&co_login, 0);
    assert_eq!(
        refused.get(..2),
        Some(&["".to_owned(), expect::ret("Cfm3LoginHSM returned", 0xdb)][..]),
        "KMU login as CO"
    );
    t.assert_output(&co_sign, 0, &expect::sign_failed(0xe0));
    let trust = format!("setAttribute {key} 134 1");
    let t = cmu_as(
        &socket,
        &format!("CO admin {ADMIN_PASSWORD}"),
        &format!(
            "findAllKeys 3 0\nfindAllKeys 4 0\nfindAllKeys 5 0\n{trust}\ny\n{relabel}\ny\n\
             {share_carol}\ny\n"
        ),
    );
    t.assert_output(
        "findAllKeys 3 0",
        0,
        &find_all_keys(
            &sorted(vec![public, key, alice_wrap])
                .iter()
                .map(|h| (*h, Role::Owner))
                .collect::<Vec<_>>(),
        ),
    );
    let mut bobs = vec![(key, Role::Sharee), (bob_wrap, Role::Owner)];
    bobs.sort_by_key(|(h, _)| handle_index(*h));
    t.assert_output("findAllKeys 4 0", 0, &find_all_keys(&bobs));
    t.assert_output(
        "findAllKeys 5 0",
        0,
        &find_all_keys(&[(carol_wrap, Role::Owner)]),
    );
    t.assert_output(&trust, 0, &critical_ok("setAttribute"));
    t.assert_output(
        &relabel,
        0,
        &critical_failed("setAttribute", "Invalid User Type."),
    );
    t.assert_output(
        &share_carol,
        0,
        &critical_failed("shareKey", "Invalid User Type."),
    );

    // The AU logs in with neither tool.
    let au_login = "loginHSM -u AU -s app_user -p password";
    let t = Transcript::parse_kmu(&kmu_in(dir, &socket, &format!("{au_login}\nexit\n")));
    assert_eq!(
        t.output(au_login, 0).get(..2),
        Some(&["".to_owned(), expect::ret("Cfm3LoginHSM returned", 0xdb)][..]),
        "KMU login as AU"
    );
    let t = Transcript::parse(&cmu(&socket, "loginHSM AU app_user password\nquit\n"));
    t.assert_output(
        "loginHSM AU app_user password",
        0,
        &per_server_failure("loginHSM", "Invalid User Type."),
    );

    // The owner: set an attribute, share with carol, unshare bob — each takes effect.
    let unshare_bob = format!("shareKey {key} 4 0");
    let relabel_owner = format!("setAttribute {key} 3 relabelled");
    let t = cmu_as(
        &socket,
        &cu_login("alice"),
        &format!("{relabel_owner}\ny\n{share_carol}\ny\n{unshare_bob}\ny\n"),
    );
    t.assert_output(&relabel_owner, 0, &critical_ok("setAttribute"));
    t.assert_output(&share_carol, 0, &critical_ok("shareKey"));
    t.assert_output(&unshare_bob, 0, &critical_ok("shareKey"));
    let sign = |tag: &str| format!("sign -f msg.txt -k {key} -m 17 -out {tag}.sig");
    let t = kmu_as(&socket, dir, "alice", "findKey -l relabelled\n");
    t.assert_output("findKey -l relabelled", 0, &expect::find_key(&[key]));
    let t = kmu_as(&socket, dir, "carol", &format!("{}\n", sign("carol2")));
    t.assert_output(&sign("carol2"), 0, &expect::sign_ok("carol2.sig"));
    let t = kmu_as(&socket, dir, "bob", &format!("{}\n", sign("bob2")));
    t.assert_output(&sign("bob2"), 0, &expect::sign_failed(0xa8));

    // deleteUser of a CU that owns keys is refused on every server (docs/cmu.md §3.3, §4.3).
    let delete_alice = "deleteUser CU alice";
    let admin = format!("CO admin {ADMIN_PASSWORD}");
    let t = cmu_as(&socket, &admin, &format!("{delete_alice}\ny\nI\nI\nI\n"));
    let mut refused = caution("y");
    refused.push("Deleting user alice(CU) on 3 nodes".to_owned());
    for server in SERVERS {
        refused.extend([
            "deleteUser failed: HSM Error: RET_USER_OWNS_KEYS".to_owned(),
            format!("deleteUser failed on server {server}"),
            String::new(),
            "Retry/rollBack/Ignore?(R/B/I):I".to_owned(),
        ]);
    }
    t.assert_output(delete_alice, 0, &refused);

    // The owner deletes her keys (the shared one too); then alice can be deleted.
    let deletes: String = [key, public, alice_wrap]
        .iter()
        .map(|h| format!("deleteKey -k {h}\n"))
        .collect();
    let t = kmu_as(&socket, dir, "alice", &format!("{deletes}findKey\n"));
    for h in [key, public, alice_wrap] {
        t.assert_output(&format!("deleteKey -k {h}"), 0, &expect::delete_ok());
    }
    t.assert_output("findKey", 0, &expect::find_key(&[]));
    let t = kmu_as(
        &socket,
        dir,
        "carol",
        &format!("{}\nfindKey\n", sign("carol3")),
    );
    t.assert_output(&sign("carol3"), 0, &expect::sign_failed(0xa8));
    t.assert_output("findKey", 0, &expect::find_key(&[carol_wrap]));
    let t = cmu_as(
        &socket,
        &admin,
        &format!("{delete_alice}\ny\nfindAllKeys 3 0\n"),
    );
    let mut deleted = caution("y");
    deleted.push("Deleting user alice(CU) on 3 nodes".to_owned());
    deleted.extend(SERVERS.map(|s| format!("deleteUser success on server {s}")));
    t.assert_output(delete_alice, 0, &deleted);
    t.assert_output("findAllKeys 3 0", 0, &find_all_keys(&[]));
}
