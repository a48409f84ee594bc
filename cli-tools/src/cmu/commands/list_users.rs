//! `listUsers`: each server's own user table.

use super::{usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response, UserInfo};

pub(crate) const SPEC: Spec = Spec {
    name: "listUsers",
    syntax: "listUsers",
    description: "Lists the users of each HSM",
    run,
};

const HEADER: &str = "    User Id             User Type       User Name                          MofnPubKey    LoginFailureCnt         2FA";

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    if !args.is_empty() {
        return usage(io, &SPEC);
    }
    for index in cmu.targets() {
        match cmu.send(index, HsmOp::ListUsers) {
            Ok(Response::Users(users)) => {
                io.line(&format!("Users on server {}:", cmu.server(index).label()));
                io.line(&format!("Number of users found:{}", users.len()));
                io.blank();
                io.line(HEADER);
                for user in &users {
                    io.line(&row(user));
                }
            }
            Ok(other) => broadcast::report_failure(
                cmu,
                io,
                "listUsers",
                index,
                &hsm_client::ClientError::Unexpected(Box::new(other)),
            ),
            Err(e) => broadcast::report_failure(cmu, io, "listUsers", index, &e),
        }
    }
    Flow::Continue
}

/// printf `"%10u              %-16s%-32s%11s%16u%17s"` (docs/cmu.md §3.11).
fn row(u: &UserInfo) -> String {
    let yes_no = |b: bool| if b { "YES" } else { "NO" };
    format!(
        "{:>10}              {:<16}{:<32}{:>11}{:>16}{:>17}",
        u.id,
        u.user_type.as_str(),
        u.name,
        yes_no(u.mofn_pub_key),
        u.login_failure_count,
        yes_no(u.two_factor)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsm_proto::{UserId, UserType};

    #[test]
    fn row_matches_the_guide() {
        let u = UserInfo {
            id: UserId(1),
            user_type: UserType::Co,
            name: "admin".into(),
            mofn_pub_key: false,
            login_failure_count: 0,
            two_factor: false,
        };
        assert_eq!(
            row(&u),
            "         1              CO              admin                                    NO               0               NO"
        );
        assert_eq!(HEADER.len(), 116);
    }
}
