//! What exSymKey and exportPrivateKey share (docs/kmu.md §2.7, §2.5): the HSM wraps the key
//! with an AES key, the tool unwraps it (with the HSM's help, or on the host with `-wk`)
//! and writes the plaintext to a file. The commands differ only in the class of key they
//! take, the request, and their texts.

use super::import_report::host_key_option;
use super::key_facts::Facts;
use super::require;
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::{ErrorCode, SecretBytes};

/// One of the two commands.
pub(crate) struct WrappedExport {
    /// The command's help text.
    pub help: &'static str,
    /// The missing-option text of `-k`.
    pub missing_key: &'static str,
    /// The missing-option text of `-w`.
    pub missing_wrapping: &'static str,
    /// The OBJ_ATTR_CLASS the key must have (3 private, 4 secret).
    pub class: u32,
    /// What follows the handle of a key of another class, e.g. `is not a private key`.
    pub wrong_class: &'static str,
    /// The request that exports `handle` wrapped by `wrapping`, unwrapped with the host key.
    pub request: fn(u64, u64, Option<SecretBytes>) -> KeyRequest,
    /// Where the `Cfm3WrapKey` line starts.
    pub wrap_lead: Lead,
    /// The line printed once the key is written to the file named.
    pub written: fn(&str) -> String,
}

const OPTIONS: Options = &[
    ("-k", Kind::Value),
    ("-wk", Kind::Value),
    ("-w", Kind::Value),
    ("-m", Kind::Value),
    ("-out", Kind::Value),
];

/// NIST_AES_WRAP, the only wrapping mechanism either command offers.
const NIST_AES_WRAP: u64 = 4;

/// Runs the command described by `export` with the words after its name.
pub(crate) fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str], export: &WrappedExport) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help
        || args
            .value("-m")
            .is_some_and(|m| args::digits(m) != Some(NIST_AES_WRAP));
    let handle = args.number("-k");
    let wrapping = args.number("-w");
    require(io, &mut help, handle.is_some(), export.missing_key);
    require(io, &mut help, wrapping.is_some(), export.missing_wrapping);
    require(io, &mut help, args.has("-out"), "Key File (-out)");
    let (Some(handle), Some(wrapping), Some(path), false) =
        (handle, wrapping, args.value("-out"), help)
    else {
        io.text(export.help);
        return Flow::Continue;
    };
    let Ok(host) = host_key_option(io, &args) else {
        return Flow::Continue;
    };
    // The class is checked only when it can be read; otherwise the export reports.
    if let Ok(facts) = Facts::fetch(kmu, handle) {
        if facts.class() != Some(export.class) {
            io.text(&format!("\n\t{handle} {}\n", export.wrong_class));
            return Flow::Continue;
        }
    }
    let host_unwrap = host.is_some();
    let outcome = kmu.key((export.request)(handle, wrapping, host)).outcome;
    let profile = kmu.profile();
    // An integrity failure belongs to the unwrap step: the wrap itself succeeded.
    let key = match outcome {
        Err(code) if code != ErrorCode::UnwrapIntegrity.value() => {
            output::ret(io, profile, export.wrap_lead, "Cfm3WrapKey returned", code);
            return Flow::Continue;
        }
        Err(code) => Err(code),
        Ok(KeyReply::Bytes(key)) => Ok(key),
        Ok(_) => Err(strings::DAEMON_SOCKET_ERROR),
    };
    output::ret(io, profile, export.wrap_lead, "Cfm3WrapKey returned", 0);
    match (key, host_unwrap) {
        (Err(_), true) => io.text("AES_unwrap_key failed\n"),
        (Err(code), false) => {
            output::ret(io, profile, Lead::Tab, "Cfm3UnWrapHostKey returned", code);
        }
        (Ok(key), _) => {
            if !host_unwrap {
                output::ret(io, profile, Lead::Tab, "Cfm3UnWrapHostKey returned", 0);
            }
            if files::write_secret(path, key.expose()).is_err() {
                io.text(&strings::write_failed(path));
            } else {
                io.text(&(export.written)(path));
            }
        }
    }
    Flow::Continue
}
