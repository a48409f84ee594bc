//! `extractMaskedObject -o <handle> -out <file>`: exports a key as a masked object that
//! only this cluster (or its clones) can take back (docs/kmu.md §2.8).

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
    name: "extractMaskedObject",
    run,
};

const OPTIONS: Options = &[("-o", Kind::Value), ("-out", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nExtracts a masked object.\n",
    "\nSyntax: extractMaskedObject -h -o <object handle> -out <masked object file>\n",
    "\n",
    "\nWhere: -h    displays this information",
    "\n       -o    specifies the object handle to mask",
    "\n       -out  specifies the file to write the masked object",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let handle = args.number("-o");
    require(io, &mut help, handle.is_some(), "Object handle (-o)");
    require(io, &mut help, args.has("-out"), "Masked Object File (-out)");
    let (Some(handle), Some(path), false) = (handle, args.value("-out"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let outcome = kmu
        .key(KeyRequest::ExtractMaskedObject {
            handle: KeyHandle(handle),
        })
        .outcome;
    let written = format!("\nObject was masked and written to file \"{path}\"\n");
    let code = files::save_reply(io, outcome, path, &written, Access::Private);
    let label = "Cfm3ExtractMaskedObject returned";
    output::ret(io, kmu.profile(), Lead::Tab, label, code);
    Flow::Continue
}
