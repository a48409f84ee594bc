//! `server <N>`: sends the following commands to one server only.

use super::{usage, Spec};
use crate::cmu::{strings, Cmu, Mode};
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "server",
    syntax: "server <server-number>",
    description: "Enters server mode on one server",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if cmu.mode != Mode::Global {
        io.line(&strings::invalid_command("server"));
        return Flow::Continue;
    }
    let [number] = args else {
        return usage(io, &SPEC);
    };
    let valid = number
        .parse::<usize>()
        .ok()
        .filter(|n| cmu.servers.get(*n).is_some_and(|s| s.is_connected()));
    let Some(index) = valid else {
        io.line(&strings::invalid_server_number(number));
        return Flow::Continue;
    };
    io.blank();
    io.line(strings::SERVER_MODE);
    cmu.mode = Mode::Server(index);
    Flow::Continue
}
