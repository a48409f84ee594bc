//! The OpenSSL command line as the independent judge of KMU's key material: it verifies
//! signatures, checks and converts PEM keys, and wraps or unwraps with the standard
//! mechanisms.
//!
//! The scenarios need `openssl`; when it is missing they fail with a message that says so
//! (they never skip).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `openssl` binary: `/usr/bin/openssl`, else the first one on `PATH`.
pub(crate) fn openssl_path() -> PathBuf {
    let default = Path::new("/usr/bin/openssl");
    if default.exists() {
        return default.to_owned();
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("openssl"))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "these scenarios need the OpenSSL command line, and `openssl` is neither at \
                 /usr/bin/openssl nor on PATH; install it (e.g. `apt-get install openssl`)"
            )
        })
}

/// Runs `openssl ARGS` in `dir` and returns its output, whatever the status.
pub(crate) fn openssl<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    Command::new(openssl_path())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl")
}

/// Runs `openssl ARGS` in `dir`, asserts success and returns stdout.
pub(crate) fn openssl_ok<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Vec<u8> {
    let out = openssl(dir, args);
    assert!(
        out.status.success(),
        "openssl {} failed ({}):\n{}{}",
        args.iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// OpenSSL's verdict on `sig` over `msg` under the PEM public key `public`, with digest
/// `digest` (`sha256`, ...) and extra `-sigopt` options (PSS): `Ok(())` for
/// `Verified OK`, otherwise `Err(output)`.
pub(crate) fn verify_signature(
    dir: &Path,
    public: &str,
    digest: &str,
    sigopts: &[&str],
    sig: &str,
    msg: &str,
) -> Result<(), String> {
    let digest = format!("-{digest}");
    let mut args = vec![
        "dgst",
        digest.as_str(),
        "-verify",
        public,
        "-signature",
        sig,
    ];
    for opt in sigopts {
        args.push("-sigopt");
        args.push(opt);
    }
    args.push(msg);
    let out = openssl(dir, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.success() && stdout == "Verified OK\n" {
        Ok(())
    } else {
        Err(format!(
            "openssl {}: {}\n{stdout}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Lower-case hex of `bytes` (for `openssl enc -K`).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
