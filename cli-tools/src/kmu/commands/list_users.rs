//! `listUsers`: the users of the session HSM (docs/kmu.md §2.28).

use super::Spec;
use crate::io::Io;
use crate::kmu::output::{self, Lead};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response, UserInfo};

pub(crate) const SPEC: Spec = Spec {
    name: "listUsers",
    run,
};

const HEADER: &str =
    "\tIndex\t    User ID    \tUser Type\tUser Name\t\t\t   MofnPubKey\t LoginFailureCnt\t 2FA\n";

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    if !words.is_empty() {
        io.text("\n\tThis command doesn't expect any arguments\n");
        io.text("\nDescription:\n\tlistUsers lists all users of the current partition\n");
        return Flow::Continue;
    }
    let node = kmu.node();
    let code = match kmu.op(node, HsmOp::ListUsers) {
        Ok(Response::Users(users)) => {
            io.text(&format!("\n\tNumber Of Users found {}\n\n", users.len()));
            io.text(HEADER);
            for (i, user) in users.iter().enumerate() {
                io.text(&row(i + 1, user));
            }
            0
        }
        Ok(_) => crate::kmu::strings::DAEMON_SOCKET_ERROR,
        Err(code) => code,
    };
    output::ret(io, kmu.profile(), Lead::Tab, "Cfm3ListUsers returned", code);
    Flow::Continue
}

/// `"\t%d\t%10d\t%s\t\t%-32s\t%3s %15d\t\t %3s\n"`.
fn row(index: usize, u: &UserInfo) -> String {
    let yes_no = |b: bool| if b { "YES" } else { "NO" };
    format!(
        "\t{index}\t{:>10}\t{}\t\t{:<32}\t{:>3} {:>15}\t\t {:>3}\n",
        u.id,
        u.user_type.as_str(),
        u.name,
        yes_no(u.mofn_pub_key),
        u.login_failure_count,
        yes_no(u.two_factor)
    )
}
