//! `loginHSM <user-type> <user-name> <password | -hpswd>`: logs in on each server.

use super::{user_args, Spec};
use crate::cmu::{broadcast, strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Secret};

pub(crate) const SPEC: Spec = Spec {
    name: "loginHSM",
    syntax: "loginHSM <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]",
    description: "Logs in to the HSMs",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let Some((user_type, name, password)) = user_args(io, &SPEC, args) else {
        return Flow::Continue;
    };
    let password = if password == "-hpswd" {
        match super::hidden_password(io, &SPEC, strings::login_password_prompt(cmu.profile)) {
            Some(p) => p,
            None => return Flow::Continue,
        }
    } else {
        Secret::new(password)
    };
    if strings::leading_blank(cmu.profile) {
        io.blank();
    }
    broadcast::simple(cmu, io, "loginHSM", || HsmOp::Login {
        user_type,
        name: name.to_owned(),
        password: password.clone(),
    });
    Flow::Continue
}
