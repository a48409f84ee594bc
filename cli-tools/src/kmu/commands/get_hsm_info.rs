//! `getHSMInfo`: the session HSM's hardware facts (docs/kmu.md §2.37).

use super::Spec;
use crate::io::Io;
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response};

pub(crate) const SPEC: Spec = Spec {
    name: "getHSMInfo",
    run,
};

/// Fields per paragraph and the blank lines after each (upstream's layout).
const LAYOUT: [(usize, usize); 8] = [
    (5, 1),
    (5, 2),
    (4, 1),
    (2, 1),
    (2, 1),
    (1, 1),
    (1, 1),
    (1, 1),
];

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    if !words.is_empty() {
        io.text("\n\tThis command doesn't expect any arguments\n");
        io.text("\nDescription:\n\tgetHSMInfo returns HSM information\n");
        return Flow::Continue;
    }
    let node = kmu.node();
    let code = match kmu.op(node, HsmOp::HsmInfo) {
        Ok(Response::HsmInfo(info)) => {
            io.text("\n");
            let mut fields = info.fields.iter();
            for (count, blanks) in LAYOUT {
                for (label, value) in fields.by_ref().take(count) {
                    let value = match kmu.profile().hsm_info_value(label, value) {
                        "" => " ",
                        shown => shown,
                    };
                    io.text(&format!("\t{label:<21}:{value}\n"));
                }
                io.text(&"\n".repeat(blanks));
            }
            return Flow::Continue;
        }
        Ok(_) => strings::DAEMON_SOCKET_ERROR,
        Err(code) => code,
    };
    io.text(&format!(
        "\n\tCfm3GetHSMInfo2 Failure: 0x{code:02x} : {}\n",
        strings::result_text(code)
    ));
    Flow::Continue
}
