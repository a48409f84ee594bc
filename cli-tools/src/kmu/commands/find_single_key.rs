//! `findSingleKey -k <handle>`: which HSMs of the cluster hold a key (docs/kmu.md §2.10).

use super::Spec;
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "findSingleKey",
    run,
};

const OPTIONS: Options = &[("-k", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nChecks the existence of a key handle on all connected HSMs\n",
    "\n",
    "\nSyntax: findSingleKey -h -k <key handle>",
    "\n",
    "\nWhere: -h     displays this information",
    "\n       -k     specifies the key handle to search for",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    // A missing or invalid -k shows the help text without an error line.
    let (Some(handle), false) = (args.number("-k"), args.help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let result = kmu.key(KeyRequest::FindSingleKey {
        handle: KeyHandle(handle),
    });
    let code = result.outcome.err().unwrap_or(0);
    let profile = kmu.profile();
    output::ret(io, profile, Lead::None, "Cfm3FindKey returned", code);
    output::cluster_after(io, profile, true, code, &result.nodes);
    Flow::Continue
}
