//! `deleteUser <user-type> <user-name>`: the CAUTION banner in the `sdk3` profile only;
//! rollBack re-creates the user where this command already deleted it.

use super::{parse_user_type, usage, Spec};
use crate::cmu::broadcast::{self, Recovery};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::HsmOp;

pub(crate) const SPEC: Spec = Spec {
    name: "deleteUser",
    syntax: "deleteUser <user-type> <user-name>",
    description: "Deletes a user from the HSMs",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let (type_typed, name) = match args {
        [t, n] => (*t, *n),
        _ => return usage(io, &SPEC),
    };
    let Some(user_type) = parse_user_type(type_typed) else {
        return usage(io, &SPEC);
    };
    if strings::delete_user_confirms(cmu.profile) && !broadcast::confirm(io) {
        return Flow::Continue;
    }
    io.line(&format!(
        "Deleting user {name}({type_typed}) on {} nodes",
        cmu.targets().len()
    ));
    let outcome = broadcast::managed(
        cmu,
        io,
        "deleteUser",
        |label| format!("deleteUser failed on server {label}"),
        Recovery::RetryRollbackIgnore,
        || HsmOp::DeleteUser {
            user_type,
            name: name.to_owned(),
        },
    );
    if outcome.rolled_back {
        for index in outcome.succeeded {
            if let Err(e) = cmu.send(
                index,
                HsmOp::RestoreDeletedUser {
                    name: name.to_owned(),
                },
            ) {
                io.line(&format!("deleteUser failed: {}", cmu.failure_text(&e)));
                io.line(&strings::rollback_failed(&cmu.server(index).label()));
            }
        }
    }
    Flow::Continue
}
