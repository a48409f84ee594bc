//! `logoutHSM`: ends the login on every HSM; session keys go with it (docs/kmu.md §2.29).

use super::login_hsm::statuses;
use super::Spec;
use crate::io::Io;
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::HsmOp;

pub(crate) const SPEC: Spec = Spec {
    name: "logoutHSM",
    run,
};

const HELP: &str = concat!(
    "\n\nDescription\n===========\nLogout from the HSM.\n",
    "\nSyntax: logoutHSM -h\n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    if !words.is_empty() {
        io.text(HELP);
        return Flow::Continue;
    }
    let results: Vec<Result<(), u32>> = (0..kmu.hsm_count())
        .map(|index| kmu.op(index, HsmOp::Logout).map(|_| ()))
        .collect();
    let code = results[kmu.node()].err().unwrap_or(0);
    let profile = kmu.profile();
    if strings::liquidsecurity(code) {
        output::ret(io, profile, Lead::Tab, "Cfm3LogoutHSM returned", code);
    } else {
        output::ret(io, profile, Lead::Blank, "Cfm3LogoutHSM returned", code);
        output::cluster(io, profile, false, &statuses(&results));
    }
    kmu.logged_in = false;
    Flow::Continue
}
