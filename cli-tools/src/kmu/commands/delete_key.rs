//! `deleteKey -k <handle>`: the owner deletes a key (kmu.md §2.2).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::ErrorCode;

pub(crate) const SPEC: Spec = Spec {
    name: "deleteKey",
    run,
};

const OPTIONS: Options = &[("-k", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nDelete a key specifying a key handle.\n",
    "\nSyntax: deleteKey -h -k <key handle>\n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -k  specifies the key handle to delete",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let handle = args.number("-k");
    require(io, &mut help, handle.is_some(), "Key handle (-k)");
    let (Some(handle), false) = (handle, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let result = kmu.key(KeyRequest::DeleteKey { handle });
    let profile = kmu.profile();
    let (name, code) = match result.outcome {
        Ok(_) => ("Cfm3DeleteKey", 0),
        Err(code) if code == ErrorCode::InvalidHandle.value() => strings::delete_not_found(profile),
        Err(code) => ("Cfm3DeleteKey", code),
    };
    output::ret(io, profile, Lead::Tab, &format!("{name} returned"), code);
    if !strings::liquidsecurity(code) {
        output::cluster(io, profile, true, &result.nodes);
    }
    Flow::Continue
}
