//! `insertMaskedObject -f <file> [-min_srv <n>] [-timeout <s>]`: takes a masked object
//! back under a new handle (kmu.md §2.24).

use super::key_options::{self as ko, Creation};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;

pub(crate) const SPEC: Spec = Spec {
    name: "insertMaskedObject",
    run,
};

const OPTIONS: Options = &[("-f", args::Kind::Value), ko::MIN_SERVERS, ko::TIMEOUT];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nInserts a masked object.\n",
    "\nSyntax: insertMaskedObject -h -f <filename> \n",
    "\t\t\t   [-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -f       specifies the file containing the masked key",
    "\n       -min_srv specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                (till the time specified by -timeout option)",
    "\n                if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                If nothing is specified, the polling will continue forever\n",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let creation: Creation = ko::read(&args, &mut help);
    let blob = args.value("-f").and_then(|path| files::read_arg(io, path));
    require(io, &mut help, blob.is_some(), "File name (-f)");
    let (Some(blob), false) = (blob, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let result = kmu.key(KeyRequest::InsertMaskedObject {
        blob,
        min_servers: creation.template.min_servers,
    });
    let profile = kmu.profile();
    let code = result.outcome.as_ref().err().copied().unwrap_or(0);
    output::ret(
        io,
        profile,
        Lead::Blank,
        "Cfm3InsertMaskedObject returned",
        code,
    );
    if let Ok(reply) = &result.outcome {
        let handle = ko::handles(reply).first().copied().unwrap_or_default();
        io.text(&format!("\tNew Key Handle: {handle}\n"));
    }
    if !strings::liquidsecurity(code) {
        output::cluster(io, profile, true, &result.nodes);
    }
    if code == 0 {
        output::min_servers_notice(io, creation.min_servers, &result.nodes);
    }
    Flow::Continue
}
