//! Twenty KMU processes at once, each logged in as its own crypto user: they create token
//! and session keys side by side and use them, every handle they are given is distinct,
//! and every attempt on another user's key is refused — `Invalid object handle` (0xa8)
//! where the key is invisible, `Key Access is denied` (0xc6) where it is a visible public
//! key (docs/kmu.md §1.7, §4.1, §4.2).

use crate::harness::cmu_keys::{find_all_keys, Role};
use crate::harness::kmu::{
    create_crypto_users, expect, handle_index, key_handle, pair_handles, KmuSession,
};
use crate::harness::{cmu, short_tempdir, TestDaemon, Transcript, ADMIN_PASSWORD};
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

const SESSIONS: usize = 20;

fn user(k: usize) -> (String, String) {
    (format!("cu{k:02}"), format!("cupass{k:02}"))
}

/// The keys one session made.
#[derive(Debug, Clone, Copy)]
struct Keys {
    aes1: u64,
    aes2: u64,
    ec_pub: u64,
    ec_priv: u64,
    sess_aes: u64,
    sess_pub: u64,
    sess_priv: u64,
}

impl Keys {
    fn all(&self) -> [u64; 7] {
        [
            self.aes1,
            self.aes2,
            self.ec_pub,
            self.ec_priv,
            self.sess_aes,
            self.sess_pub,
            self.sess_priv,
        ]
    }
}

/// A barrier that gives up: if a session fails (or waiting takes over a minute) every
/// waiter panics instead of hanging the test.
struct Rendezvous {
    state: Mutex<(usize, usize, bool)>,
    turned: Condvar,
    parties: usize,
}

impl Rendezvous {
    fn new(parties: usize) -> Self {
        Self {
            state: Mutex::new((0, 0, false)),
            turned: Condvar::new(),
            parties,
        }
    }

    fn wait(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let generation = state.1;
        state.0 += 1;
        if state.0 == self.parties {
            state.0 = 0;
            state.1 += 1;
            self.turned.notify_all();
            return;
        }
        let (state, timeout) = self
            .turned
            .wait_timeout_while(state, Duration::from_secs(60), |s| {
                s.1 == generation && !s.2
            })
            .unwrap_or_else(|e| e.into_inner());
        assert!(!state.2, "another session failed");
        assert!(!timeout.timed_out(), "sessions did not meet within 60 s");
    }

    fn fail(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.2 = true;
        self.turned.notify_all();
    }
}

/// Breaks the rendezvous when its session's thread unwinds.
struct FailOnPanic<'a>(&'a Rendezvous);

impl Drop for FailOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.fail();
        }
    }
}

/// Creates this session's keys and uses them.
fn create_and_use(s: &mut KmuSession, dir: &Path, k: usize) -> Keys {
    let curve = [2, 14, 16][k % 3];
    let mech = [17, 18, 17][k % 3];
    let gen_sym = |s: &mut KmuSession, args: &str, nodes: &[(usize, u32)]| {
        let out = s.run(&format!("genSymKey -t 31 {args}"));
        let h = key_handle(&out);
        assert_eq!(out, expect::sym_key(h, nodes), "cu{k:02} genSymKey {args}");
        h
    };
    let gen_pair = |s: &mut KmuSession, args: &str, nodes: &[(usize, u32)]| {
        let out = s.run(&format!("genECCKeyPair -i {curve} {args}"));
        let pair = pair_handles(&out);
        assert_eq!(out, expect::key_pair(pair, nodes), "cu{k:02} genECCKeyPair");
        pair
    };
    let aes1 = gen_sym(s, "-s 32 -l aes1", &expect::all(0));
    let (ec_pub, ec_priv) = gen_pair(s, "-l ec", &expect::all(0));
    let sess_aes = gen_sym(s, "-s 16 -l sess_aes -sess", &[(0, 0)]);
    let aes2 = gen_sym(s, "-s 24 -l aes2", &expect::all(0));
    let (sess_pub, sess_priv) = gen_pair(s, "-l sess_ec -sess", &[(0, 0)]);

    for (private, public, sig) in [(ec_priv, ec_pub, "t.sig"), (sess_priv, sess_pub, "s.sig")] {
        assert_eq!(
            s.run(&format!("sign -f data -k {private} -m {mech} -out {sig}")),
            expect::sign_ok(sig)
        );
        assert_eq!(
            s.run(&format!("verify -f data -s {sig} -k {public} -m {mech}")),
            expect::verify_ok()
        );
    }
    // Wrap and unwrap a file with the token key, export one key under the session key.
    let out = s.run(&format!("aesWrapUnwrap -m 1 -f data -w {aes1} -out data.w"));
    assert_eq!(
        out.last().map(String::as_str),
        Some("\tCfm3WrapHostKey returned: 0x00 : HSM Return: SUCCESS")
    );
    let out = s.run(&format!(
        "aesWrapUnwrap -m 0 -f data.w -w {aes1} -out data.u"
    ));
    assert_eq!(
        out.last().map(String::as_str),
        Some("\tCfm3UnWrapHostKey returned: 0x00 : HSM Return: SUCCESS")
    );
    assert_eq!(
        fs::read(dir.join("data.u")).expect("unwrapped"),
        fs::read(dir.join("data")).expect("data")
    );
    assert_eq!(
        s.run(&format!("exSymKey -k {aes2} -w {sess_aes} -out aes2.key")),
        expect::ex_sym_key_ok("aes2.key")
    );
    assert_eq!(fs::read(dir.join("aes2.key")).expect("aes2").len(), 24);
    Keys {
        aes1,
        aes2,
        ec_pub,
        ec_priv,
        sess_aes,
        sess_pub,
        sess_priv,
    }
}

/// Tries everything against `victim`'s keys; every attempt must be refused.
fn attack(s: &mut KmuSession, own: &Keys, victim: &Keys) {
    let v = victim;
    let o = own;
    let attempts: Vec<(String, Vec<String>)> = vec![
        (
            format!("sign -f data -k {} -m 17 -out x.sig", v.ec_priv),
            expect::sign_failed(0xa8),
        ),
        (
            format!("sign -f data -k {} -m 17 -out x.sig", v.sess_priv),
            expect::sign_failed(0xa8),
        ),
        (
            format!("exSymKey -k {} -w {} -out x.key", v.aes1, o.aes1),
            expect::ex_sym_key_failed(0xa8),
        ),
        (
            format!("exSymKey -k {} -w {} -out x.key", v.sess_aes, o.aes1),
            expect::ex_sym_key_failed(0xa8),
        ),
        (
            format!("exSymKey -k {} -w {} -out x.key", o.aes2, v.aes1),
            expect::ex_sym_key_failed(0xa8),
        ),
        (
            format!(
                "wrapKey -k {} -w {} -m 5 -noheader -out x.w",
                v.aes2, o.aes1
            ),
            expect::wrap_key_failed(0xa8),
        ),
        (
            format!(
                "wrapKey -k {} -w {} -m 5 -noheader -out x.w",
                o.aes1, v.aes2
            ),
            expect::wrap_key_failed(0xa8),
        ),
        (
            format!("exportPrivateKey -k {} -w {} -out x.pem", v.ec_priv, o.aes1),
            expect::export_private_failed(0xa8),
        ),
        (
            format!("aesWrapUnwrap -m 1 -f data -w {} -out x.w", v.aes1),
            expect::aes_wrap_unwrap_failed("Cfm3WrapHostKey", 0xa8),
        ),
        (
            format!("deleteKey -k {}", v.aes1),
            expect::delete_not_found(),
        ),
        (
            format!("deleteKey -k {}", v.ec_priv),
            expect::delete_not_found(),
        ),
        (
            format!("deleteKey -k {}", v.ec_pub),
            expect::delete_denied(),
        ),
    ];
    for (command, expected) in attempts {
        assert_eq!(
            s.run(&command),
            expected,
            "`{command}` on another user's key"
        );
    }
}

#[test]
fn twenty_crypto_users_at_once_never_share_handles_or_keys() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let users: Vec<(String, String)> = (1..=SESSIONS).map(user).collect();
    let pairs: Vec<(&str, &str)> = users
        .iter()
        .map(|(u, p)| (u.as_str(), p.as_str()))
        .collect();
    create_crypto_users(&socket, &pairs);
    let work = short_tempdir("chsm-kconc-");

    let rendezvous = Rendezvous::new(SESSIONS);
    let published: Mutex<Vec<Option<Keys>>> = Mutex::new(vec![None; SESSIONS]);
    let results: Vec<Keys> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..SESSIONS)
            .map(|k| {
                let (socket, rendezvous, published) = (&socket, &rendezvous, &published);
                let dir = work.path().join(format!("s{k:02}"));
                fs::create_dir(&dir).expect("session dir");
                fs::write(
                    dir.join("data"),
                    format!("session {k} data, not a multiple of 8"),
                )
                .expect("data");
                scope.spawn(move || {
                    let _guard = FailOnPanic(rendezvous);
                    let (name, password) = user(k + 1);
                    let mut s = KmuSession::start(socket, &dir, &[]);
                    assert_eq!(
                        s.run(&format!("loginHSM -u CU -s {name} -p {password}")),
                        expect::login_ok("Cfm3LoginHSM")
                    );
                    let keys = create_and_use(&mut s, &dir, k);
                    published.lock().expect("lock")[k] = Some(keys);
                    // Everybody's keys exist, session keys included.
                    rendezvous.wait();
                    let all: Vec<Keys> = published
                        .lock()
                        .expect("lock")
                        .iter()
                        .map(|k| k.expect("published"))
                        .collect();
                    attack(&mut s, &keys, &all[(k + 1) % SESSIONS]);
                    // A session finds its own keys and every user's public token keys.
                    let mut visible: Vec<u64> = keys.all().to_vec();
                    visible.extend(
                        all.iter()
                            .filter(|o| o.ec_pub != keys.ec_pub)
                            .map(|o| o.ec_pub),
                    );
                    visible.sort_by_key(|h| handle_index(*h));
                    assert_eq!(
                        s.run("findKey"),
                        expect::find_key(&visible),
                        "cu{k:02} findKey"
                    );
                    // Nobody leaves before every attack is over.
                    rendezvous.wait();
                    assert_eq!(
                        s.run(&format!(
                            "sign -f data -k {} -m 17 -out after.sig",
                            keys.ec_priv
                        )),
                        expect::sign_ok("after.sig")
                    );
                    s.exit();
                    keys
                })
            })
            .collect();
        let joined: Vec<_> = threads.into_iter().map(|t| t.join()).collect();
        // Report the session that failed first, not the ones that gave up waiting for it.
        let gave_up = |e: &Box<dyn std::any::Any + Send>| {
            e.downcast_ref::<String>()
                .is_some_and(|m| m.contains("another session failed"))
        };
        if let Some(pos) = joined
            .iter()
            .position(|r| r.as_ref().is_err_and(|e| !gave_up(e)))
            .or_else(|| joined.iter().position(Result::is_err))
        {
            let Some(Err(e)) = joined.into_iter().nth(pos) else {
                unreachable!()
            };
            std::panic::resume_unwind(e);
        }
        joined.into_iter().map(|r| r.expect("joined")).collect()
    });

    // Every handle handed out, token or session, is distinct.
    let handles: Vec<u64> = results.iter().flat_map(Keys::all).collect();
    let distinct: HashSet<u64> = handles.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        handles.len(),
        "handle collision in {handles:?}"
    );

    // Every HSM holds each user's four token keys, and nothing else of theirs.
    let mut script = format!("loginHSM CO admin {ADMIN_PASSWORD}\n");
    for id in [3, 12, 22] {
        script.push_str(&format!("findAllKeys {id} 0\n"));
    }
    let t = Transcript::parse(&cmu(&socket, &format!("{script}quit\n")));
    for (id, k) in [(3, 0), (12, 9), (22, 19)] {
        let keys = results[k];
        let mut owned = [keys.aes1, keys.ec_pub, keys.ec_priv, keys.aes2];
        owned.sort_by_key(|h| handle_index(*h));
        let expected = find_all_keys(&owned.map(|h| (h, Role::Owner)));
        t.assert_output(&format!("findAllKeys {id} 0"), 0, &expected);
    }
}
