//! `getToken`, `delToken`, `approveToken`, `listTokens`: the quorum (M of N) token
//! workflow, listed by `help` but not simulated by this release.

use super::Spec;
use crate::io::Io;
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;

pub(crate) const GET_TOKEN: Spec = Spec {
    name: "getToken",
    run,
};
pub(crate) const DEL_TOKEN: Spec = Spec {
    name: "delToken",
    run,
};
pub(crate) const APPROVE_TOKEN: Spec = Spec {
    name: "approveToken",
    run,
};
pub(crate) const LIST_TOKENS: Spec = Spec {
    name: "listTokens",
    run,
};

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, _words: &[&str]) -> Flow {
    io.text(strings::TOKENS_NOT_SIMULATED);
    Flow::Continue
}
