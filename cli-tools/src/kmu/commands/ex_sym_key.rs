//! `exSymKey -k <handle> -w <AES key> -out <file> [-m 4] [-wk <file>]`: writes the raw
//! bytes of a symmetric key (docs/kmu.md §2.7).

use super::wrapped_export::{self, WrappedExport};
use super::Spec;
use crate::io::Io;
use crate::kmu::output::Lead;
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "exSymKey",
    run,
};

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

const EXPORT: WrappedExport = WrappedExport {
    help: HELP,
    missing_key: "Handle of key to export (-k)",
    missing_wrapping: "Handle of wrapping Key (-w)",
    // Secret (symmetric) keys only.
    class: 4,
    wrong_class: "is not a symmetric key",
    request: |handle, wrapping, host_key| KeyRequest::ExportSymKey {
        handle: KeyHandle(handle),
        wrapping: KeyHandle(wrapping),
        host_key,
    },
    wrap_lead: Lead::Tab,
    written: |path| format!("\n\nWrapped Symmetric Key written to file \"{path}\"\n"),
};

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    wrapped_export::run(kmu, io, words, &EXPORT)
}
