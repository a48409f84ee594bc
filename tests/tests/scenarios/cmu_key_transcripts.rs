//! Golden transcripts of the `cloudhsm_mgmt_util` key commands: findAllKeys, getAttribute,
//! getKeyInfo, setAttribute and shareKey.
//!
//! Each scenario is a pair under `tests/cmu_keys_golden/`: `<name>.script` (the lines typed,
//! answers to `(y/n)` included) and `<name>.golden` (the expected screen), written from the
//! reference (docs/cmu.md §3.4, §3.5, §3.8, §3.18, §3.19 and docs/output-profiles.md §F), not
//! recorded from the binary. Output files the script asks for are compared with
//! `<name>.<file>`; every such file is filled with stale text first, so the comparison also
//! shows that it is overwritten.
//!
//! Before the CMU starts, [`fixture`] activates the cluster and creates users and keys
//! through `hsm-client`, as key_mgmt_util would (see its doc for the resulting IDs and
//! handles). `$DIR` in a script or golden file stands for a fresh temporary directory.
//!
//! Values the HSM derives from random key material or from its own serialisation (the
//! findAllKeys hash, key check values, EC points) cannot come from the reference; the
//! golden files name them with placeholders instead:
//! - `<<hash:NAME>>`: 64 lower-case hex digits;
//! - `<<kcv:NAME>>`: `0x` and 6 lower-case hex digits;
//! - `<<hex:NAME>>`: one or more lower-case hex digits.
//!
//! Within one scenario a name stands for one value and different names of one kind for
//! different values, so "the same hash on every server" and "another hash after a
//! desync" are checked as well.
//!
//! Lines are compared after expanding TABs to 8-column stops and dropping trailing blanks
//! (docs/cmu.md A-34), as in `cmu_transcripts.rs`; the harness is `harness::golden`.

use crate::harness::golden::{align, assert_clean_run, golden_dir, normalize, read_golden, report};
use crate::harness::{socket_args, tool, TestDaemon, CMU};
use hsm_client::Client;
use hsm_proto::keys::{ClusterReply, KeyReply, KeyRequest, KeySpec, KeyTemplate};
use hsm_proto::{HsmId, HsmOp, Request, Response, Secret, UserId, UserType};
use std::collections::BTreeMap;
use std::path::Path;

/// Stale content written into expected output files before the run.
const STALE: &str = "stale content that the command must overwrite\n";

/// What a scenario must leave in `$DIR`.
enum File {
    /// `$DIR/<file>` equals `<name>.<file>` from the golden directory.
    Golden(&'static str),
    /// `$DIR/<file>` was not created.
    Absent(&'static str),
}

// ---------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------

/// Sends `op` to `hsm` and insists on success.
fn ok(client: &mut Client, hsm: &HsmId, op: HsmOp) -> Response {
    let what = format!("{op:?}");
    client
        .hsm(hsm, op)
        .unwrap_or_else(|e| panic!("fixture: {what} failed: {e}"))
}

fn login(client: &mut Client, hsm: &HsmId, user_type: UserType, name: &str, password: &str) {
    ok(
        client,
        hsm,
        HsmOp::Login {
            user_type,
            name: name.into(),
            password: Secret::new(password),
        },
    );
}

/// Generates a token key on `hsm` and checks the handles it gets.
fn generate(client: &mut Client, hsm: &HsmId, spec: KeySpec, template: KeyTemplate, want: &[u64]) {
    let template = KeyTemplate {
        min_servers: 1,
        ..template
    };
    match ok(
        client,
        hsm,
        HsmOp::Key(KeyRequest::GenerateKey { spec, template }),
    ) {
        Response::Cluster(ClusterReply {
            outcome: Ok(KeyReply::Created(handles)),
            ..
        }) => assert_eq!(
            handles.iter().map(|h| h.0).collect::<Vec<_>>(),
            want,
            "fixture: unexpected handles"
        ),
        other => panic!("fixture: key generation answered {other:?}"),
    }
}

fn aes(label: &str, share_with: &[u32], m_value: u32) -> (KeySpec, KeyTemplate) {
    (
        KeySpec::Symmetric {
            key_type: 31,
            size: 32,
        },
        KeyTemplate {
            label: label.into(),
            share_with: share_with.iter().copied().map(UserId).collect(),
            m_value,
            ..KeyTemplate::default()
        },
    )
}

/// A three-HSM cluster, activated, with these users on every HSM:
///
/// | ID | user | type | password |
/// |---|---|---|---|
/// | 1 | admin | CO | `Passw0rd1` |
/// | 2 | app_user | AU | — |
/// | 3 | bob | CU | `bobSecret1` |
/// | 4 | carol | CU | `carolSecret1` |
/// | 5 | dave | CU (owns nothing) | `daveSecret1` |
///
/// and these token keys (on every HSM, same handles):
///
/// | handle | key | owner | shared with | m |
/// |---|---|---|---|---|
/// | 6 | AES-256 `bob_aes` | bob (3) | carol (4) | |
/// | 7 | AES-256 `carol_aes` | carol (4) | bob (3) | |
/// | 262152 | AES-256 `bob_node1`, created through HSM 1 (slot 8) | bob | | |
/// | 9 | EC P-256 public `bob_ec` | bob | | |
/// | 10 | EC P-256 private `bob_ec` | bob | | |
/// | 11 | AES-256 `bob_quorum` | bob | carol | 2 |
/// | 12 | AES-256 `carol_private` | carol | | |
fn fixture(socket: &Path) {
    let mut bob = Client::connect(socket, "cmu_keys fixture").expect("connect");
    let hsms: Vec<HsmId> = match bob.call(&Request::ListClusters).expect("list clusters") {
        Response::Clusters(clusters) => clusters[0].hsms.iter().map(|h| h.hsm_id.clone()).collect(),
        other => panic!("fixture: ListClusters answered {other:?}"),
    };
    for hsm in &hsms {
        login(&mut bob, hsm, UserType::Preco, "admin", "password");
        ok(
            &mut bob,
            hsm,
            HsmOp::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("Passw0rd1"),
            },
        );
        for (name, password) in [
            ("bob", "bobSecret1"),
            ("carol", "carolSecret1"),
            ("dave", "daveSecret1"),
        ] {
            ok(
                &mut bob,
                hsm,
                HsmOp::CreateUser {
                    user_type: UserType::Cu,
                    name: name.into(),
                    password: Secret::new(password),
                },
            );
        }
        ok(&mut bob, hsm, HsmOp::Logout);
        login(&mut bob, hsm, UserType::Cu, "bob", "bobSecret1");
    }
    let mut carol = Client::connect(socket, "cmu_keys fixture").expect("connect");
    for hsm in &hsms {
        login(&mut carol, hsm, UserType::Cu, "carol", "carolSecret1");
    }
    let (h0, h1) = (&hsms[0], &hsms[1]);
    let (spec, template) = aes("bob_aes", &[4], 0);
    generate(&mut bob, h0, spec, template, &[6]);
    let (spec, template) = aes("carol_aes", &[3], 0);
    generate(&mut carol, h0, spec, template, &[7]);
    let (spec, template) = aes("bob_node1", &[], 0);
    generate(&mut bob, h1, spec, template, &[262_152]);
    let template = KeyTemplate {
        label: "bob_ec".into(),
        ..KeyTemplate::default()
    };
    generate(
        &mut bob,
        h0,
        KeySpec::Ec { curve_id: 2 },
        template,
        &[9, 10],
    );
    let (spec, template) = aes("bob_quorum", &[4], 2);
    generate(&mut bob, h0, spec, template, &[11]);
    let (spec, template) = aes("carol_private", &[], 0);
    generate(&mut carol, h0, spec, template, &[12]);
    for hsm in &hsms {
        ok(&mut bob, hsm, HsmOp::Logout);
        ok(&mut carol, hsm, HsmOp::Logout);
    }
}

// ---------------------------------------------------------------------------------------
// Running and comparing
// ---------------------------------------------------------------------------------------

/// Runs `<name>.script` through the CMU (with `extra_args`) against a fresh cluster set
/// up by [`fixture`], compares the screen with `<name>.golden` and the output files with
/// `files`.
fn check(name: &str, extra_args: &[&str], files: &[File]) {
    let dir = golden_dir("cmu_keys_golden");
    let work = tempfile::Builder::new()
        .prefix("cmu-keys-")
        .tempdir_in("/tmp")
        .expect("temp dir");
    let work_path = work.path().to_str().expect("utf-8 temp path").to_owned();
    let read = |file: &str| read_golden(&dir, file).replace("$DIR", &work_path);
    let script = read(&format!("{name}.script"));
    let expected = read(&format!("{name}.golden"));
    for file in files {
        if let File::Golden(f) = file {
            std::fs::write(work.path().join(f), STALE.repeat(20)).expect("seed output file");
        }
    }

    let daemon = TestDaemon::start(3);
    fixture(&daemon.socket());
    let socket = daemon.socket();
    let output = tool::run(CMU, &socket_args(&socket, extra_args), None, &script);

    let mut bindings = Bindings::default();
    let mut failures = Vec::new();
    let actual = String::from_utf8_lossy(&output.stdout);
    if let Some(d) = compare(&mut bindings, &expected, &actual) {
        failures.push(format!("screen differs from {name}.golden\n{d}"));
    }
    for file in files {
        match file {
            File::Golden(f) => {
                let want = read(&format!("{name}.{f}"));
                let got = std::fs::read_to_string(work.path().join(f)).unwrap_or_default();
                if let Some(d) = compare(&mut bindings, &want, &got) {
                    failures.push(format!("$DIR/{f} differs from {name}.{f}\n{d}"));
                }
            }
            File::Absent(f) => {
                if work.path().join(f).exists() {
                    failures.push(format!("$DIR/{f} should not have been written"));
                }
            }
        }
    }
    failures.append(&mut bindings.errors);
    let differences = (!failures.is_empty()).then(|| format!("{name}:\n{}", failures.join("\n")));
    assert_clean_run(name, &output, differences);
}

/// Compares normalised texts line by line; a readable diff when they differ. Golden lines
/// with placeholders match any line of the right shape and bind their names along the way.
fn compare(bindings: &mut Bindings, expected: &str, actual: &str) -> Option<String> {
    let expected = normalize(expected);
    let actual = normalize(actual);
    let ops = align(&expected, &actual, same);
    for (op, i, j) in &ops {
        if *op == ' ' && expected[*i] != actual[*j] {
            bindings.resolve(&expected[*i], &actual[*j]);
        }
    }
    if ops.iter().all(|(op, _, _)| *op == ' ') {
        return None;
    }
    Some(report(&expected, &actual, &ops))
}

/// Placeholder names bound so far, per kind.
#[derive(Default)]
struct Bindings {
    values: BTreeMap<(String, String), String>,
    errors: Vec<String>,
}

impl Bindings {
    /// Whether `got` matches the golden line `want`, binding its placeholders.
    fn resolve(&mut self, want: &str, got: &str) -> bool {
        let Some(found) = match_line(want, got) else {
            return false;
        };
        for ((kind, name), value) in found {
            let clash = self
                .values
                .iter()
                .find(|((k, n), v)| *k == kind && *n != name && **v == value);
            if let Some(((_, other), _)) = clash {
                self.errors.push(format!(
                    "<<{kind}:{name}>> and <<{kind}:{other}>> are both {value}"
                ));
            }
            let bound = self.values.entry((kind.clone(), name.clone()));
            let previous = bound.or_insert_with(|| value.clone());
            if *previous != value {
                self.errors.push(format!(
                    "<<{kind}:{name}>> was {previous}, now {value} in: {got}"
                ));
                return false;
            }
        }
        true
    }
}

/// Matches `got` against the golden line `want`; the placeholder values on success.
fn match_line(want: &str, got: &str) -> Option<Vec<((String, String), String)>> {
    let mut found = Vec::new();
    let (mut want, mut got) = (want, got);
    loop {
        let Some(start) = want.find("<<") else {
            return (want == got).then_some(found);
        };
        got = got.strip_prefix(&want[..start])?;
        let end = start + want[start..].find(">>")?;
        let (kind, name) = want[start + 2..end].split_once(':')?;
        let hex_run = |s: &str| {
            s.bytes()
                .take_while(|b| b"0123456789abcdef".contains(b))
                .count()
        };
        let len = match kind {
            "hash" => (hex_run(got) >= 64).then_some(64)?,
            "kcv" => (got.starts_with("0x") && hex_run(&got[2..]) >= 6).then_some(8)?,
            "hex" => Some(hex_run(got)).filter(|n| *n > 0)?,
            _ => panic!("unknown placeholder kind {kind}"),
        };
        found.push(((kind.to_owned(), name.to_owned()), got[..len].to_owned()));
        got = &got[len..];
        want = &want[end + 2..];
    }
}

/// Whether the golden line `want` stands for `got`.
fn same(want: &str, got: &str) -> bool {
    want == got || (want.contains("<<") && match_line(want, got).is_some())
}

#[test]
fn placeholders_bind_consistently() {
    let mut b = Bindings::default();
    let h = "ab".repeat(32);
    assert!(b.resolve("<<hash:a>>", &h));
    assert!(b.resolve("x <<hash:a>>", &format!("x {h}")));
    assert!(!b.resolve("<<hash:a>>", &"cd".repeat(32)));
    assert!(b.resolve("<<hash:b>>", &h)); // bound, but reported as a clash with `a`
    assert_eq!(b.errors.len(), 2);
    assert!(b.resolve("K <<kcv:k>>", "K 0x1a2b3c"));
    assert!(!b.resolve("K <<kcv:k2>>", "K 0x1a2b"));
    assert!(b.resolve("0x<<hex:m>>", "0x04ff"));
    assert!(!b.resolve("<<hex:n>>", "xyz"));
}

// ---------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------

#[test]
fn find_all_keys() {
    check(
        "find_all_keys",
        &[],
        &[
            File::Golden("keys.out"),
            File::Golden("dave.out"),
            File::Absent("refused.out"),
        ],
    );
}

#[test]
fn get_attribute() {
    check(
        "get_attribute",
        &[],
        &[File::Golden("label.out"), File::Absent("refused.out")],
    );
}

#[test]
fn get_key_info() {
    check(
        "get_key_info",
        &[],
        &[File::Golden("info.out"), File::Absent("refused.out")],
    );
}

#[test]
fn set_attribute() {
    check("set_attribute", &[], &[]);
}

#[test]
fn share_key() {
    check("share_key", &[], &[]);
}

#[test]
fn key_permissions() {
    check("key_permissions", &[], &[]);
}

#[test]
fn legacy_key_errors() {
    check("legacy_key_errors", &["--profile", "legacy"], &[]);
}
