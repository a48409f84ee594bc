//! `getCaviumPrivKey -k <handle> -out <file>` (alias `getPrivKeyfile`): writes a fake PEM
//! that names a private key in the HSM instead of holding it (docs/kmu.md §2.17).

use super::key_facts::Facts;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "getCaviumPrivKey",
    run,
};
pub(crate) const ALIAS: Spec = Spec {
    name: "getPrivKeyfile",
    run,
};

const OPTIONS: Options = &[("-k", Kind::Value), ("-out", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nCreates PrivateKey file for specified RSA or ECDSA private key handle.\n",
    "\nSyntax:  getCaviumPrivKey -h -k <key handle> -out <key file>",
    "\n\n",
    "\nWhere: -h    displays this information",
    "\n       -k    specifies the RSA or ECDSA private key handle",
    "\n       -out  specifies the file to write fake private key",
    "\n",
);

const FAILED: &str = "\n\tError in writing private key file\n";

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    require(io, &mut help, args.has("-k"), "Key handle (-k)");
    require(io, &mut help, args.has("-out"), "Key File (-out)");
    let (Some(handle), Some(path), false) = (args.value("-k"), args.value("-out"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let handle = args::strtoul0(handle);
    // The file is opened (and truncated) before the key is looked at.
    if files::write_secret(path, &[]).is_err() {
        io.text(&format!("\n\tFailed to open file for writing\n{FAILED}"));
        return Flow::Continue;
    }
    let Ok(facts) = Facts::fetch(kmu, handle) else {
        io.text(&format!("\n\tFailed to get key attribute\n{FAILED}"));
        return Flow::Continue;
    };
    if !matches!(facts.key_type(), Some(0 | 3)) || facts.class() != Some(3) {
        io.text(&format!(
            "\n\tInput key handle should be RSA/ECDSA private key handle\n{FAILED}"
        ));
        return Flow::Continue;
    }
    match kmu
        .key(KeyRequest::FakePem {
            handle: KeyHandle(handle),
        })
        .outcome
    {
        Ok(KeyReply::Bytes(pem)) if files::write_secret(path, pem.expose()).is_ok() => {
            io.text(&format!(
                "\nPrivate Key Handle is written to {path} in fake PEM format\n"
            ));
            output::ret(io, kmu.profile(), Lead::Tab, "getCaviumPrivKey returned", 0);
        }
        _ => io.text(FAILED),
    }
    Flow::Continue
}
