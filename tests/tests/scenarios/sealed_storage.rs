//! Nothing secret is readable in the real daemon's data directory (issue 12, "Sealed
//! storage"; docs/storage.md): after a key is made and users are given passwords, a byte
//! search of every file there (sled's log and snapshots, the key file, the daemon's log)
//! finds neither the key's material nor any password, and the master key file is 0600.

use crate::harness::kmu::{create_crypto_users, key_handle, kmu_in};
use crate::harness::{short_tempdir, DaemonProcess, Transcript, ADMIN_PASSWORD};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const PASSWORD: &str = "Sealed_pw_4417";

/// Every regular file under `dir`, however deep.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        let kind = fs::symlink_metadata(&path).expect("stat").file_type();
        if kind.is_dir() {
            out.extend(files_under(&path));
        } else if kind.is_file() {
            out.push(path);
        }
    }
    out
}

/// The files under `dir` whose bytes contain `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            fs::read(p)
                .expect("read")
                .windows(needle.len())
                .any(|w| w == needle)
        })
        .collect()
}

#[test]
fn neither_key_material_nor_passwords_are_readable_in_the_data_directory() {
    let data = short_tempdir("chsm-sealed-");
    let work = short_tempdir("chsm-sealed-work-");
    let daemon = DaemonProcess::start(data.path());
    let socket = daemon.socket().to_owned();
    create_crypto_users(&socket, &[("alice", PASSWORD)]);
    let login = format!("loginHSM -u CU -s alice -p {PASSWORD}");
    let t = Transcript::parse_kmu(&kmu_in(
        work.path(),
        &socket,
        &format!("{login}\ngenSymKey -t 31 -s 32 -l sealed\nexit\n"),
    ));
    let handle = key_handle(t.output("genSymKey -t 31 -s 32 -l sealed", 0));
    // exSymKey writes the key's plaintext: the bytes the HSM must never store as they are.
    kmu_in(
        work.path(),
        &socket,
        &format!("{login}\nexSymKey -k {handle} -w {handle} -out aes.key\nexit\n"),
    );
    let material = fs::read(work.path().join("aes.key")).expect("exported key");
    assert_eq!(material.len(), 32);
    // SIGKILL: whatever sled has on disk is what an attacker with the directory would see.
    daemon.kill9();

    // The search does read sled's data: record keys are stored in the clear.
    assert!(!holding(data.path(), b"meta/schema").is_empty());
    assert_eq!(holding(data.path(), &material), Vec::<PathBuf>::new());
    for password in [PASSWORD, ADMIN_PASSWORD] {
        assert_eq!(
            holding(data.path(), password.as_bytes()),
            Vec::<PathBuf>::new(),
            "{password}"
        );
    }
    let key_file = data.path().join("db").join("master.key");
    let mode = fs::metadata(&key_file)
        .expect("master key file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // And the sealed state still opens: the key exports unchanged after a restart.
    let daemon = DaemonProcess::start(data.path());
    kmu_in(
        work.path(),
        daemon.socket(),
        &format!("{login}\nexSymKey -k {handle} -w {handle} -out again.key\nexit\n"),
    );
    assert_eq!(
        fs::read(work.path().join("again.key")).expect("key"),
        material
    );
}
