//! `exSymKey -k <handle> -w <AES key> -out <file> [-m 4] [-wk <file>]`: writes the raw
//! bytes of a symmetric key (kmu.md §2.7).

use super::import_report::host_key;
use super::key_facts::Facts;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::{ErrorCode, SecretBytes};

pub(crate) const SPEC: Spec = Spec {
    name: "exSymKey",
    run,
};

const SECRET_CLASS: u32 = 4;

const OPTIONS: Options = &[
    ("-k", Kind::Value),
    ("-wk", Kind::Value),
    ("-w", Kind::Value),
    ("-m", Kind::Value),
    ("-out", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nExports a Symmetric key\n",
    "\nSyntax: exSymKey -h -w <wrapping key> -k <key to export> -out <key file>\n",
    "                 [-m <wrapping mechanism>] [-wk <unwrapping key file>]\n",
    "\n",
    "\nWhere: -h   displays this information",
    "\n       -w   specifies the handle of the wrapping key",
    "\n       -k   specifies the handle of the key to export:3DES/AES/RC4 key handle",
    "\n       -m   specifies the wrapping mechanism (Optional)",
    "\n            NIST_AES_WRAP - 4",
    "\n       -out specifies the file to write the exported key",
    "\n       -wk  specifies the unwrapping key file if the unwrapping has to be done without the HSM",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help || args.value("-m").is_some_and(|m| args::digits(m) != Some(4));
    let handle = args.number("-k");
    let wrapping = args.number("-w");
    require(
        io,
        &mut help,
        handle.is_some(),
        "Handle of key to export (-k)",
    );
    require(
        io,
        &mut help,
        wrapping.is_some(),
        "Handle of wrapping Key (-w)",
    );
    require(io, &mut help, args.has("-out"), "Key File (-out)");
    let (Some(handle), Some(wrapping), Some(path), false) =
        (handle, wrapping, args.value("-out"), help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let host = match args.value("-wk") {
        Some(wk) => match host_key(io, wk) {
            Some(k) => Some(SecretBytes::new(k)),
            None => return Flow::Continue,
        },
        None => None,
    };
    if let Ok(facts) = Facts::fetch(kmu, handle) {
        if facts.class() != Some(SECRET_CLASS) {
            io.text(&format!("\n\t{handle} is not a symmetric key\n"));
            return Flow::Continue;
        }
    }
    let host_unwrap = host.is_some();
    let outcome = kmu
        .key(KeyRequest::ExportSymKey {
            handle,
            wrapping,
            host_key: host,
        })
        .outcome;
    let profile = kmu.profile();
    let key = match outcome {
        Err(code) if code != ErrorCode::UnwrapIntegrity.value() => {
            output::ret(io, profile, Lead::Tab, "Cfm3WrapKey returned", code);
            return Flow::Continue;
        }
        Err(code) => Err(code),
        Ok(KeyReply::Bytes(key)) => Ok(key),
        Ok(_) => Err(strings::DAEMON_SOCKET_ERROR),
    };
    output::ret(io, profile, Lead::Tab, "Cfm3WrapKey returned", 0);
    match (key, host_unwrap) {
        (Err(_), true) => io.text("AES_unwrap_key failed\n"),
        (Err(code), false) => {
            output::ret(io, profile, Lead::Tab, "Cfm3UnWrapHostKey returned", code);
        }
        (Ok(key), _) => {
            if !host_unwrap {
                output::ret(io, profile, Lead::Tab, "Cfm3UnWrapHostKey returned", 0);
            }
            if files::write(path, key.expose()).is_err() {
                io.text(&strings::write_failed(path));
            } else {
                io.text(&format!(
                    "\n\nWrapped Symmetric Key written to file \"{path}\"\n"
                ));
            }
        }
    }
    Flow::Continue
}
