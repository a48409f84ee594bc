//! `enable_e2e`: accepted as the pre-1.1.1 tools did; end-to-end encryption is always on.

use super::{usage, Spec};
use crate::cmu::Cmu;
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "enable_e2e",
    syntax: "enable_e2e",
    description: "Enables end-to-end encryption (always on)",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    for index in cmu.targets() {
        io.line(&format!(
            "E2E enabled on server {}",
            cmu.server(index).label()
        ));
    }
    Flow::Continue
}
