//! `logoutHSM`: ends the login on each server.

use super::{usage, Spec};
use crate::cmu::{broadcast, strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::HsmOp;

pub(crate) const SPEC: Spec = Spec {
    name: "logoutHSM",
    syntax: "logoutHSM",
    description: "Logs out of the HSMs",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    if strings::leading_blank(cmu.profile) {
        io.blank();
    }
    broadcast::simple(cmu, io, "logoutHSM", || HsmOp::Logout);
    Flow::Continue
}
