//! `quit`: disconnects from every server and exits. Logins end with the connection.

use super::{usage, Spec};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "quit",
    syntax: "quit",
    description: "Disconnects from the servers and exits",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    say_goodbye(cmu, io)
}

/// Prints the farewell line.
pub(crate) fn say_goodbye(cmu: &Cmu, io: &mut Io<'_>) -> Flow {
    if strings::leading_blank(cmu.profile) {
        io.blank();
    }
    io.line(strings::DISCONNECTING);
    Flow::Quit
}
