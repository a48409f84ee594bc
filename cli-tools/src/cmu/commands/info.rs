//! `info server <N>`: connection and login state of one server.

use super::{usage, Spec};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmId, HsmOp, Response};

pub(crate) const SPEC: Spec = Spec {
    name: "info",
    syntax: "info server <server ID>",
    description: "Shows the connection and login state of one server",
    run,
};

const HEADER: &str = "Id      Name                    Hostname         Port   State           Partition               LoginState";

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let ["server", number] = args else {
        return usage(io, &SPEC);
    };
    let Some(index) = number
        .parse::<usize>()
        .ok()
        .filter(|n| *n < cmu.servers.len())
    else {
        io.line(&strings::invalid_server_number(number));
        return Flow::Continue;
    };
    let login = match cmu.send(index, HsmOp::LoginState) {
        Ok(Response::LoginState(Some(l))) => format!("Logged in as '{}({})'", l.name, l.user_type),
        _ => strings::NOT_LOGGED_IN.to_owned(),
    };
    let s = cmu.server(index);
    let state = if s.is_connected() {
        "Connected"
    } else {
        strings::DISCONNECTED
    };
    io.line(HEADER);
    // printf "%-8d%-24s%-16s%-8d%-16s%-24s%s" (docs/cmu.md §3.9)
    io.line(&format!(
        "{:<8}{:<24}{:<16}{:<8}{:<16}{:<24}{}",
        s.number,
        s.name,
        s.hostname,
        s.port,
        state,
        s.hsm_id.as_ref().map_or("", HsmId::as_str),
        login
    ));
    Flow::Continue
}
