//! `getHSMInfo`: the hardware facts of each server.

use super::{usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response};

pub(crate) const SPEC: Spec = Spec {
    name: "getHSMInfo",
    syntax: "getHSMInfo",
    description: "Gets the HSM information",
    run,
};

/// Fields per paragraph of the block, and the blank lines after each (docs/cmu.md §3.7).
const LAYOUT: [(usize, usize); 9] = [
    (2, 1),
    (3, 1),
    (5, 2),
    (4, 1),
    (2, 1),
    (2, 1),
    (1, 1),
    (1, 1),
    (1, 1),
];

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    let targets = cmu.targets();
    io.line(&format!("Getting HSM Info on {} nodes", targets.len()));
    for index in targets {
        match cmu.send(index, HsmOp::HsmInfo) {
            Ok(Response::HsmInfo(info)) => {
                io.line(&format!(
                    "                *** Server {} HSM Info ***",
                    cmu.server(index).number
                ));
                io.blank();
                let mut fields = info.fields.iter();
                for (count, blanks) in LAYOUT {
                    for (label, value) in fields.by_ref().take(count) {
                        let value = cmu.profile.hsm_info_value(label, value);
                        io.line(&format!("        {label:<21}:{value}"));
                    }
                    for _ in 0..blanks {
                        io.blank();
                    }
                }
            }
            Ok(other) => broadcast::report_failure(
                cmu,
                io,
                "getHSMInfo",
                index,
                &hsm_client::ClientError::Unexpected(Box::new(other)),
            ),
            Err(e) => broadcast::report_failure(cmu, io, "getHSMInfo", index, &e),
        }
    }
    Flow::Continue
}
