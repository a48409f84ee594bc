//! CMU without `--no-spawn` starts `hsm-daemon` (the one beside it) when nothing listens,
//! later runs reuse that daemon, and with `--no-spawn` it fails cleanly instead.

use crate::harness::{
    daemon_answers, is_gone, list_users, list_users_same, pids_of_daemon, run_cmu, short_tempdir,
    startup_trace, wait_until, Row, Transcript, ACTIVATE, SERVERS,
};
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::thread;
use std::time::Duration;

/// Kills (SIGKILL) every daemon started on `data_dir` when dropped, so a failing test
/// leaves no process behind.
struct SpawnedDaemons {
    data_dir: PathBuf,
}

impl Drop for SpawnedDaemons {
    fn drop(&mut self) {
        for pid in pids_of_daemon(&self.data_dir) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
            wait_until(Duration::from_secs(20), || is_gone(pid));
        }
    }
}

fn args(data_dir: &Path, socket: &Path, no_spawn: bool) -> Vec<OsString> {
    let mut a: Vec<OsString> = vec![
        "--data-dir".into(),
        data_dir.into(),
        "--socket".into(),
        socket.into(),
    ];
    if no_spawn {
        a.push("--no-spawn".into());
    }
    a
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "cloudhsm_mgmt_util failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

/// Stops the daemon with SIGTERM and waits (bounded) until it is gone with its socket.
fn stop(pid: i32, socket: &Path) {
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("SIGTERM");
    assert!(
        wait_until(Duration::from_secs(10), || is_gone(pid) && !socket.exists()),
        "hsm-daemon {pid} did not stop on SIGTERM (socket left: {})",
        socket.exists()
    );
}

#[test]
fn cmu_starts_the_daemon_and_later_runs_reuse_it() {
    let dir = short_tempdir("chsm-spawn-");
    let data_dir = dir.path().join("data");
    let socket = data_dir.join("hsm.sock");
    let _guard = SpawnedDaemons {
        data_dir: data_dir.clone(),
    };
    assert!(!daemon_answers(&socket));

    let script = format!("listUsers\n{ACTIVATE}createUser CU spawned1 spawnpw1\ny\nquit\n");
    let out = stdout_of(&run_cmu(&args(&data_dir, &socket, false), &script));
    let t = Transcript::parse(&out);
    assert_eq!(t.startup, startup_trace(), "{out}");
    t.assert_output(
        "listUsers",
        0,
        &list_users_same(&[(1, "PRECO", "admin", 0), (2, "AU", "app_user", 0)]),
    );
    t.assert_output("quit", 0, &["disconnecting from servers, please wait..."]);

    // One daemon, still running after CMU exited, on the requested data dir and socket.
    let pids = pids_of_daemon(&data_dir);
    assert_eq!(pids.len(), 1, "daemons on {}: {pids:?}", data_dir.display());
    let pid = pids[0];
    assert!(daemon_answers(&socket));
    let mode = std::fs::metadata(&data_dir)
        .expect("data dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "data dir mode {mode:o}");
    assert!(data_dir.join("hsm-daemon.log").exists());

    // A second run finds it: the user made in run 1 is there, and no daemon was added.
    let out = stdout_of(&run_cmu(
        &args(&data_dir, &socket, false),
        "listUsers\nquit\n",
    ));
    let rows: [Row<'_>; 3] = [
        (1, "CO", "admin", 0),
        (2, "AU", "app_user", 0),
        (3, "CU", "spawned1", 0),
    ];
    Transcript::parse(&out).assert_output(
        "listUsers",
        0,
        &list_users(&SERVERS.map(|s| (s, &rows[..]))),
    );
    assert_eq!(pids_of_daemon(&data_dir), [pid]);

    stop(pid, &socket);
    assert!(pids_of_daemon(&data_dir).is_empty());
}

#[test]
fn no_spawn_without_a_daemon_fails_on_stderr_and_spawning_replaces_a_stale_socket() {
    let dir = short_tempdir("chsm-nospawn-");
    let data_dir = dir.path().join("data");
    let socket = data_dir.join("hsm.sock");
    let _guard = SpawnedDaemons {
        data_dir: data_dir.clone(),
    };

    // Nothing at the socket path.
    let out = run_cmu(&args(&data_dir, &socket, true), "listUsers\nquit\n");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "cloudhsm_mgmt_util: no hsm-daemon is listening on {} \
             (No such file or directory (os error 2))\n",
            socket.display()
        )
    );
    assert!(
        !data_dir.exists(),
        "--no-spawn created {}",
        data_dir.display()
    );
    assert!(pids_of_daemon(&data_dir).is_empty());

    // A stale socket file (its daemon died): refused, still no spawning.
    std::fs::create_dir_all(&data_dir).expect("mkdir");
    drop(UnixListener::bind(&socket).expect("bind"));
    assert!(socket.exists());
    let out = run_cmu(&args(&data_dir, &socket, true), "listUsers\nquit\n");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "cloudhsm_mgmt_util: no hsm-daemon is listening on {} \
             (Connection refused (os error 111))\n",
            socket.display()
        )
    );
    assert!(pids_of_daemon(&data_dir).is_empty());

    // Without --no-spawn the new daemon replaces the stale socket.
    let out = stdout_of(&run_cmu(
        &args(&data_dir, &socket, false),
        "listUsers\nquit\n",
    ));
    assert_eq!(Transcript::parse(&out).startup, startup_trace());
    let pids = pids_of_daemon(&data_dir);
    assert_eq!(pids.len(), 1, "{pids:?}");
    stop(pids[0], &socket);
}

#[test]
fn two_cmus_racing_to_spawn_end_up_sharing_one_daemon() {
    let dir = short_tempdir("chsm-race-");
    let data_dir = dir.path().join("data");
    let socket = data_dir.join("hsm.sock");
    let _guard = SpawnedDaemons {
        data_dir: data_dir.clone(),
    };
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let a = args(&data_dir, &socket, false);
            thread::spawn(move || run_cmu(&a, "listUsers\nquit\n"))
        })
        .collect();
    let fresh = list_users_same(&[(1, "PRECO", "admin", 0), (2, "AU", "app_user", 0)]);
    for run in runs {
        let out = stdout_of(&run.join().expect("cmu thread"));
        Transcript::parse(&out).assert_output("listUsers", 0, &fresh);
    }
    // The loser's daemon (if it started one) has exited; exactly one is left.
    assert!(
        wait_until(Duration::from_secs(20), || pids_of_daemon(&data_dir).len()
            == 1),
        "daemons: {:?}",
        pids_of_daemon(&data_dir)
    );
    let pid = pids_of_daemon(&data_dir)[0];
    stop(pid, &socket);
}
