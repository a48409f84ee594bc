//! `exportPrivateKey -k <handle> -w <AES key> -out <file> [-m 4] [-wk <file>]`: writes a
//! plaintext PKCS#8 PEM of a private key (docs/kmu.md §2.5).

use super::wrapped_export::{self, WrappedExport};
use super::Spec;
use crate::io::Io;
use crate::kmu::output::Lead;
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "exportPrivateKey",
    run,
};

const HELP: &str = concat!(
    "\n\nDescription\n===========\nExport a private key.\n",
    "\nSyntax: exportPrivateKey -h -k <key handle> -w <wrapping key handle> -out <key file>\n",
    "\t\t\t [-m <wrapping mechanism>] [-wk <unwrapping key file>]\n",
    "\n",
    "\nWhere: -h   displays this information",
    "\n       -k   specifies the private key handle to export",
    "\n       -w   specifies the wrapping key handle",
    "\n       -m   specifies the wrapping mechanism (Optional)",
    "\n            NIST_AES_WRAP - 4",
    "\n       -out specifies the file to write the exported private key",
    "\n       -wk  specifies the unwrapping key file if the unwrapping has to be done without the HSM",
    "\n\n",
);

const EXPORT: WrappedExport = WrappedExport {
    help: HELP,
    missing_key: "Key handle (-k)",
    missing_wrapping: "Wrapping key handle (-w)",
    // Private keys only.
    class: 3,
    wrong_class: "is not a private key",
    request: |handle, wrapping, host_key| KeyRequest::ExportPrivateKey {
        handle: KeyHandle(handle),
        wrapping: KeyHandle(wrapping),
        host_key,
    },
    wrap_lead: Lead::Blank,
    written: |path| format!("\nPEM formatted private key is written to {path}\n"),
};

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    wrapped_export::run(kmu, io, words, &EXPORT)
}
