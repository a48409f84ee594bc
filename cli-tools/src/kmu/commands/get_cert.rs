//! `getCert`: partition certificates, listed by `help` but not simulated by this release.

use super::Spec;
use crate::io::Io;
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "getCert",
    run,
};

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, _words: &[&str]) -> Flow {
    io.text(strings::GET_CERT_NOT_SIMULATED);
    Flow::Continue
}
