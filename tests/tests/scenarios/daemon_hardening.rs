//! The real `hsm-daemon` binary against hostile load and hostile settings (issue 12):
//! descriptor exhaustion, floods of bad frames, `RUST_LOG=trace`, and its resource limits.
//! The assertions are about what the daemon does and logs, never about timing.

use crate::harness::{short_tempdir, DaemonProcess};
use crate::protocol::{connect, header};
use hsm_client::Client;
use hsm_proto::{HsmOp, Request, Response, Secret, UserType, PROTOCOL_MAJOR};
use nix::sys::resource::{getrlimit, Resource};
use std::fs;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Generous bound on anything the daemon should do promptly.
const SLACK: Duration = Duration::from_secs(30);

fn spawn(dir: &Path, wrapper: &[&str], env: &[(&str, &str)], extra: &[&str]) -> DaemonProcess {
    DaemonProcess::spawn_with(
        wrapper,
        env,
        &dir.join("data"),
        Some(&dir.join("hsm.sock")),
        extra,
        &dir.join("d.log"),
    )
}

/// `Client::connect` plus one call, on a thread, so a daemon that never answers fails
/// the test instead of hanging it.
fn served_within(socket: &Path, limit: Duration) -> bool {
    let socket = socket.to_owned();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let ok = Client::connect(&socket, "scenarios")
            .and_then(|mut c| c.call(&Request::ListClusters))
            .is_ok_and(|r| matches!(r, Response::Clusters(_)));
        let _ = tx.send(ok);
    });
    rx.recv_timeout(limit).unwrap_or(false)
}

#[test]
fn out_of_descriptors_the_daemon_backs_off_and_still_serves_a_client_that_greets() {
    let dir = short_tempdir("hsmd-");
    let mut daemon = spawn(
        dir.path(),
        &["prlimit", "--nofile=64:64", "--"],
        &[],
        &["--hsms", "1", "--hello-timeout", "3600"],
    );
    daemon.connect();
    // More connections than the daemon has descriptors for, none of which says Hello;
    // their deadline is an hour away, so only closing silent connections to make room
    // lets the legitimate client in.
    let hostile: Vec<UnixStream> = (0..100).map(|_| connect(daemon.socket())).collect();
    assert!(
        served_within(daemon.socket(), SLACK),
        "no legitimate client served after hostile connections; log:\n{}",
        daemon.stderr()
    );
    drop(hostile);
    assert!(daemon.is_running());
    let log = daemon.stderr();
    let warnings = log.lines().filter(|l| l.contains("accept failed")).count();
    assert!(
        (1..=20).contains(&warnings),
        "{warnings} accept warnings (one per episode expected):\n{log}"
    );
}

#[test]
fn a_flood_of_bad_frames_logs_a_bounded_number_of_warnings_and_a_count() {
    let dir = short_tempdir("hsmd-");
    let mut daemon = spawn(dir.path(), &[], &[], &["--hsms", "1"]);
    daemon.connect();
    let floods = 150;
    for _ in 0..floods {
        let mut s = connect(daemon.socket());
        let _ = s.write_all(&header(*b"XXXX", PROTOCOL_MAJOR, [0, 0], 0));
        let _ = s.read_to_end(&mut Vec::new());
    }
    assert_eq!(daemon.terminate().code(), Some(0));
    let log = fs::read_to_string(dir.path().join("d.log")).expect("log");
    let logged = log
        .lines()
        .filter(|l| l.contains("unreadable frame"))
        .count();
    let suppressed: usize = log
        .lines()
        .filter(|l| l.contains("warnings about clients suppressed"))
        .filter_map(|l| {
            l.split("suppressed=")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    // At most two windows' worth of lines, however slow the machine; nothing lost.
    assert!(logged <= 40, "{logged} warnings logged:\n{log}");
    assert_eq!(logged + suppressed, floods, "log:\n{log}");
}

/// Logs in as the factory admin and creates a user, so sled writes batches.
fn write_something(daemon: &mut DaemonProcess) {
    let mut client = daemon.connect();
    let hsm = match client.call(&Request::ListClusters).expect("list") {
        Response::Clusters(c) => c[0].hsms[0].hsm_id.clone(),
        other => panic!("{other:?}"),
    };
    client
        .hsm(
            &hsm,
            HsmOp::Login {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("password"),
            },
        )
        .expect("login");
    client
        .hsm(
            &hsm,
            HsmOp::ChangePassword {
                user_type: UserType::Preco,
                name: "admin".into(),
                password: Secret::new("Admin_pw1"),
            },
        )
        .expect("change password");
}

/// sled's `trace` events: the level that prints the batches it writes.
fn sled_trace_lines(log: &str) -> usize {
    log.lines()
        .filter(|l| {
            let mut words = l.split_whitespace().skip(1);
            words.next() == Some("TRACE") && words.next().is_some_and(|w| w.starts_with("sled:"))
        })
        .count()
}

#[test]
fn rust_log_trace_does_not_reach_other_crates_unless_unsafe_trace_is_set() {
    let dir = short_tempdir("hsmd-");
    let mut daemon = spawn(dir.path(), &[], &[("RUST_LOG", "trace")], &["--hsms", "1"]);
    write_something(&mut daemon);
    assert_eq!(daemon.terminate().code(), Some(0));
    let log = fs::read_to_string(dir.path().join("d.log")).expect("log");
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "{log}");
    assert_eq!(
        sled_trace_lines(&log),
        0,
        "sled's events were logged:\n{log}"
    );

    // The escape hatch works, which also shows sled had something to say.
    let dir = short_tempdir("hsmd-");
    let mut daemon = spawn(
        dir.path(),
        &[],
        &[("RUST_LOG", "trace"), ("CLOUDHSM_SIM_UNSAFE_TRACE", "1")],
        &["--hsms", "1"],
    );
    write_something(&mut daemon);
    assert_eq!(daemon.terminate().code(), Some(0));
    let log = fs::read_to_string(dir.path().join("d.log")).expect("log");
    assert!(
        sled_trace_lines(&log) > 0,
        "no sled events with the hatch open"
    );
}

/// `(soft, hard)` of one `/proc/<pid>/limits` row.
fn proc_limit(pid: u32, row: &str) -> (String, String) {
    let limits = fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no {row} in\n{limits}"));
    let mut fields = line[row.len()..].split_whitespace();
    (
        fields.next().expect("a limit").to_owned(),
        fields.next().expect("a limit").to_owned(),
    )
}

#[test]
fn the_daemon_dumps_no_core_and_uses_its_hard_descriptor_limit() {
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    let hard = hard.min(1 << 20);
    let nofile = format!("--nofile=64:{hard}");
    let dir = short_tempdir("hsmd-");
    let mut daemon = spawn(
        dir.path(),
        &["prlimit", &nofile, "--"],
        &[],
        &["--hsms", "1"],
    );
    daemon.connect();
    assert_eq!(
        proc_limit(daemon.pid(), "Max core file size"),
        ("0".into(), "0".into())
    );
    let (soft, hard_now) = proc_limit(daemon.pid(), "Max open files");
    assert_eq!(soft, hard.to_string());
    assert_eq!(hard_now, hard.to_string());
}
