//! `IsValidKeyHandlefile -f <PEM file>`: tells a real RSA private key from a fake PEM of
//! getCaviumPrivKey, and whether the handle it names is one of the caller's private keys
//! (docs/kmu.md §2.25, A-23).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::{der, files, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyFilter, KeyReply, KeyRequest};

pub(crate) const SPEC: Spec = Spec {
    name: "IsValidKeyHandlefile",
    run,
};

const OPTIONS: Options = &[("-f", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nChecks given key file has key handle or real key \n(supported for RSA keys only)\n",
    "\nSyntax:  IsValidKeyHandlefile -h -f <key file>",
    "\n\n",
    "\nWhere: -h  displays this information",
    "\n       -f  specifies the RSA private key file name",
    "\n",
);

/// Private keys (OBJ_ATTR_CLASS 3).
const PRIVATE_CLASS: u32 = 3;

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    require(io, &mut help, args.has("-f"), "Key File (-f)");
    let (Some(path), false) = (args.value("-f"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let Ok(text) = files::read(path) else {
        io.text(&format!("\n\n \t error in opening file {path} \n\n"));
        return Flow::Continue;
    };
    let Some(d) = der::pem(&text).and_then(|p| der::rsa_private_exponent(&p)) else {
        io.text(&format!(
            "\n\n: \terror in Reading private key file {path} \n\n"
        ));
        return Flow::Continue;
    };
    if !der::is_fake(&d) {
        io.text("\nInput key file has real private key\n");
        return Flow::Continue;
    }
    let handle = der::fake_handle32(&d);
    let filter = KeyFilter {
        class: Some(PRIVATE_CLASS),
        ..KeyFilter::default()
    };
    // Without a login no key is visible: the handle reads as invalid (docs/kmu.md §1.3).
    let found = match kmu.key(KeyRequest::FindKeys(filter)).outcome {
        Ok(KeyReply::Handles(handles)) => handles
            .iter()
            .any(|h| h.0 & 0xffff_ffff == u64::from(handle)),
        _ => false,
    };
    if found {
        io.text(&format!("\nInput file has key handle: {handle}\n"));
    } else {
        io.text(&format!("\nInput file has invalid key handle: {handle}\n"));
    }
    Flow::Continue
}
