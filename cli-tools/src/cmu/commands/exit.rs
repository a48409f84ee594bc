//! `exit`: leaves server mode; in global mode it quits (docs/cmu.md A-40).

use super::{usage, Spec};
use crate::cmu::{Cmu, Mode};
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "exit",
    syntax: "exit",
    description: "Leaves server mode (quits in global mode)",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    match cmu.mode {
        Mode::Server(_) => {
            cmu.mode = Mode::Global;
            Flow::Continue
        }
        Mode::Global => super::quit::say_goodbye(cmu, io),
    }
}
