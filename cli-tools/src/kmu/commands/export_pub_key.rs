//! `exportPubKey -k <handle> -out <file>`: writes a public key as PEM (docs/kmu.md §2.6).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, Kmu};
use crate::local_file::Access;
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "exportPubKey",
    run,
};

const OPTIONS: Options = &[("-k", Kind::Value), ("-out", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nExport a public key in PEM encoded format.\n",
    "\nSyntax: exportPubKey -h -k <key handle> -out <key file>\n",
    "\n",
    "\nWhere: -h    displays this information",
    "\n       -k    specifies the public key handle",
    "\n       -out  specifies the file to write the exported public key",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let handle = args.number("-k");
    require(io, &mut help, handle.is_some(), "Key handle (-k)");
    require(io, &mut help, args.has("-out"), "Key File (-out)");
    let (Some(handle), Some(path), false) = (handle, args.value("-out"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let outcome = kmu
        .key(KeyRequest::ExportPublicKey {
            handle: KeyHandle(handle),
        })
        .outcome;
    let written = format!("\nPEM formatted public key is written to {path}\n");
    let code = files::save_reply(io, outcome, path, &written, Access::Public);
    let label = "Cfm3ExportPubKey returned";
    output::ret(io, kmu.profile(), Lead::Tab, label, code);
    Flow::Continue
}
