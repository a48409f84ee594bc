//! `verify -f <message> -s <signature> -k <public key> -m <mechanism>`: checks a signature
//! file (docs/kmu.md §2.33; SDK 3 output, §F row 16).

use super::sign::check_key;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "verify",
    run,
};

const LABEL: &str = "Cfm3Verify returned";

const OPTIONS: Options = &[
    ("-k", Kind::Value),
    ("-m", Kind::Value),
    ("-f", Kind::Value),
    ("-s", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nVerifies signature on the given data with give Public Key\n",
    "\nSyntax: verify -h -f <msg file> -s <signature file> -k <key handle> -m <verify mechanism>\n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -f  Message File",
    "\n       -s  Signature File",
    "\n       -k  Public key handle",
    "\n       -m  Verification Mechanism",
    "\n            SHA1_RSA_PKCS       - 0",
    "\n            SHA256_RSA_PKCS     - 1",
    "\n            SHA384_RSA_PKCS     - 2",
    "\n            SHA512_RSA_PKCS     - 3",
    "\n            SHA224_RSA_PKCS     - 4",
    "\n            SHA1_RSA_PKCS_PSS   - 5",
    "\n            SHA256_RSA_PKCS_PSS - 6",
    "\n            SHA384_RSA_PKCS_PSS - 7",
    "\n            SHA512_RSA_PKCS_PSS - 8",
    "\n            SHA224_RSA_PKCS_PSS - 9",
    "\n            ECDSA_SHA1          - 15",
    "\n            ECDSA_SHA224        - 16",
    "\n            ECDSA_SHA256        - 17",
    "\n            ECDSA_SHA384        - 18",
    "\n            ECDSA_SHA512        - 19",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let mut message = None;
    let mut signature = None;
    // Both files are read while parsing, in command-line order.
    for (name, value) in args.in_order() {
        match (name, value) {
            ("-f", Some(path)) => message = files::read_arg(io, path),
            ("-s", Some(path)) => signature = files::read_arg(io, path),
            _ => {}
        }
    }
    let handle = args.number("-k");
    let mechanism = args.number32("-m");
    require(io, &mut help, message.is_some(), "Message file (-f)");
    require(io, &mut help, signature.is_some(), "Signature file (-s)");
    require(io, &mut help, handle.is_some(), "Private Key (-k)");
    require(io, &mut help, mechanism.is_some(), "Mechanism (-m)");
    let (Some(data), Some(signature), Some(handle), Some(mechanism), false) =
        (message, signature, handle, mechanism, help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let facts = match check_key(kmu, io, handle, mechanism, "verification") {
        Ok(facts) => facts,
        Err(code) => return report(kmu, io, code),
    };
    if facts.key_type() == Some(0) && facts.modulus_len() != Some(signature.len()) {
        io.text("\n\tInvalid signature length\n");
        return report(kmu, io, strings::INVALID_INPUT);
    }
    let result = kmu.key(KeyRequest::Verify {
        handle: KeyHandle(handle),
        mechanism,
        data,
        signature,
    });
    let code = result.outcome.err().unwrap_or(0);
    if code == 0 {
        io.text(strings::verify_texts(kmu.profile()).0);
    }
    report(kmu, io, code)
}

fn report(kmu: &Kmu, io: &mut Io<'_>, code: u32) -> Flow {
    let profile = kmu.profile();
    if let Some(text) = strings::verify_csp_failure(profile, code) {
        io.text(&text);
        return Flow::Continue;
    }
    let lead = if strings::verify_texts(profile).1 {
        Lead::Tab
    } else {
        Lead::Blank
    };
    output::ret(io, profile, lead, LABEL, code);
    Flow::Continue
}
