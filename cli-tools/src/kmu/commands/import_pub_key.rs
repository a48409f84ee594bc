//! `importPubKey -l <label> -f <PEM file> [...]`: imports an RSA, DSA or EC public key
//! (docs/kmu.md §2.22; SDK 3 output, §F row 19).

use super::key_options::{self as ko, Creation};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{der, files, strings, KeyResult, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;

pub(crate) const SPEC: Spec = Spec {
    name: "importPubKey",
    run,
};

const OPTIONS: Options = &[("-f", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nImport a PEM encoded public key onto HSM.\n",
    "\nSyntax: importPubKey -h -l <label> -f <filename>\n",
    "\t\t\t[-sess] [-id <key ID>]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -l       label for the new key",
    "\n       -f       file containing the PEM encoded public key",
    "\n       -sess    specifies key as session key",
    "\n       -id      specifies key ID",
    "\n       -min_srv specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                (till the time specified by -timeout option)",
    "\n                if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                If nothing is specified, the polling will continue forever\n",
    "\n",
);

const LABEL: &str = "Cfm3CreatePublicKey returned";

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::PUBLIC);
    let mut help = args.help;
    let creation = ko::read(&args, &mut help);
    let pem = args.value("-f").and_then(|path| files::read_arg(io, path));
    require(io, &mut help, pem.is_some(), "File name (-f)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(pem), Some(path), false) = (pem, args.value("-f"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let profile = kmu.profile();
    let (tab, _) = strings::public_key_handle(profile, 0);
    let lead = if tab { Lead::Tab } else { Lead::Blank };
    let text = match der::pem(&pem).filter(|p| p.label == "PUBLIC KEY") {
        Some(_) => String::from_utf8_lossy(&pem).into_owned(),
        None => {
            io.text(&format!(
                "\n\t Failed to read Public Key from file {path}\n"
            ));
            output::ret(io, profile, lead, LABEL, strings::INVALID_INPUT);
            return Flow::Continue;
        }
    };
    let result = kmu.key(KeyRequest::ImportPublicKey {
        pem: text,
        template: creation.template.clone(),
    });
    report(kmu, io, lead, &result, &creation);
    Flow::Continue
}

fn report(kmu: &Kmu, io: &mut Io<'_>, lead: Lead, result: &KeyResult, creation: &Creation) {
    let profile = kmu.profile();
    output::ret(io, profile, lead, LABEL, result.code());
    if let Ok(reply) = &result.outcome {
        let handle = ko::first_handle(reply);
        io.text(&strings::public_key_handle(profile, handle).1);
    }
    ko::report_nodes(io, profile, true, result, creation);
}
