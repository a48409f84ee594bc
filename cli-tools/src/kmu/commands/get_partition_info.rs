//! `getPartitionInfo`: a partial partition report (docs/kmu.md §2.37 allows a stub): the fixed
//! facts of a simulated hsm1 partition and the session HSM's user count.

use super::Spec;
use crate::io::Io;
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response};

pub(crate) const SPEC: Spec = Spec {
    name: "getPartitionInfo",
    run,
};

/// Users and keys an hsm1 partition holds at most.
const MAX_USERS: usize = 1024;
const MAX_KEYS: usize = 3300;

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    if !words.is_empty() {
        io.text("\n\tThis command doesn't expect any arguments\n");
        io.text("\nDescription:\n\tgetPartitionInfo returns Partition's information\n");
        return Flow::Continue;
    }
    io.text("\n\tGetting Partition Info");
    let node = kmu.node();
    let users = match kmu.op(node, HsmOp::ListUsers) {
        Ok(Response::Users(users)) => users.len(),
        Ok(_) => return failure(io, strings::DAEMON_SOCKET_ERROR),
        Err(code) => return failure(io, code),
    };
    io.text("\n");
    io.text("\tname                        :PARTITION_1  \n");
    io.text("\tstatus                      :occupied  \n");
    io.text("\tFIPS state                  :2 [FIPS mode with single factor authentication]\n");
    io.text(&format!("\tMaxUsers                    :{MAX_USERS:5} \n"));
    io.text(&format!(
        "\tAvailableUsers              :{:5} \n",
        MAX_USERS.saturating_sub(users)
    ));
    io.text(&format!("\tMaxKeys                     :{MAX_KEYS:5} \n"));
    Flow::Continue
}

fn failure(io: &mut Io<'_>, code: u32) -> Flow {
    io.text(&format!(
        "\n\tCfm3GetPartitionInfo returned: 0x{code:02x} \n\n\t{}\n",
        strings::result_text(code)
    ));
    Flow::Continue
}
