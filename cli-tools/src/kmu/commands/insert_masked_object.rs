//! `insertMaskedObject -f <file> [-min_srv <n>] [-timeout <s>]`: takes a masked object
//! back under a new handle (docs/kmu.md §2.24).

use super::key_options as ko;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;

pub(crate) const SPEC: Spec = Spec {
    name: "insertMaskedObject",
    run,
};

const OPTIONS: Options = &[("-f", args::Kind::Value)];

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
    let args = args::scan_with(words, OPTIONS, ko::REPLICATION);
    let mut help = args.help;
    // The replication options only: nothing to check against each other.
    let creation = ko::read(&args, &mut help);
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
    let label = "Cfm3InsertMaskedObject returned";
    output::ret(io, profile, Lead::Blank, label, result.code());
    if let Ok(reply) = &result.outcome {
        io.text(&format!("\tNew Key Handle: {}\n", ko::first_handle(reply)));
    }
    ko::report_nodes(io, profile, true, &result, &creation);
    Flow::Continue
}
