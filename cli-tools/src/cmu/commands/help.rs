//! `help [<command>]`: built from the command table.

use super::{resolve, Spec, COMMANDS};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "help",
    syntax: "help [<command-name>]",
    description: "Displays this information",
    run,
};

fn run(_cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    match args {
        // docs/cmu.md §1.8 [REC]: one line per command; `help <cmd>` prints its syntax.
        [] => {
            for spec in COMMANDS {
                io.line(&format!("   {:<23} {}", spec.name, spec.description));
            }
        }
        [word, ..] => match resolve(word) {
            Some(spec) => io.line(spec.syntax),
            None => io.line(&strings::invalid_command(word)),
        },
    }
    Flow::Continue
}
