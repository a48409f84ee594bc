//! `createUser <user-type> <user-name> <password | -hpswd>`.

use super::{user_args, Spec};
use crate::cmu::broadcast::{self, Recovery};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Secret};

pub(crate) const SPEC: Spec = Spec {
    name: "createUser",
    syntax: "createUser <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]",
    description: "Creates a user on the HSMs",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let Some((user_type, name, password)) = user_args(io, &SPEC, args) else {
        return Flow::Continue;
    };
    let type_typed = args[0];
    let Some(password) = super::change_pswd::new_password(cmu, io, password, &SPEC) else {
        return Flow::Continue;
    };
    if strings::checks_client_side(cmu.profile) && !legacy_checks(io, name, &password) {
        return Flow::Continue;
    }
    if !broadcast::confirm(io) {
        return Flow::Continue;
    }
    io.line(&format!(
        "Creating User {name}({type_typed}) on {} nodes",
        cmu.targets().len()
    ));
    broadcast::managed(
        cmu,
        io,
        "createUser",
        |label| format!("creating user on server {label} failed"),
        Recovery::RetryIgnoreAbort,
        || HsmOp::CreateUser {
            user_type,
            name: name.to_owned(),
            password: password.clone(),
        },
    );
    Flow::Continue
}

/// The guide-era client-side checks, made before the banner.
fn legacy_checks(io: &mut Io<'_>, name: &str, password: &Secret) -> bool {
    let name_ok = (1..=31).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !name_ok {
        io.line(strings::INVALID_USER_NAME);
        return false;
    }
    super::change_pswd::legacy_length_check(io, password)
}
