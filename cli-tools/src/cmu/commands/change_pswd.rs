//! `changePswd <user-type> <user-name> <password | -hpswd>`.

use super::{user_args, Spec};
use crate::cmu::broadcast::{self, Recovery};
use crate::cmu::{strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::{HsmOp, Secret};

pub(crate) const SPEC: Spec = Spec {
    name: "changePswd",
    syntax: "changePswd <user-type> <user-name> <password |-hpswd> [-2fa </path/to/authdata>]",
    description: "Changes the password of an HSM user",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let Some((user_type, name, password)) = user_args(io, &SPEC, args) else {
        return Flow::Continue;
    };
    let type_typed = args[0];
    let Some(password) = new_password(cmu, io, password, &SPEC) else {
        return Flow::Continue;
    };
    if strings::checks_client_side(cmu.profile) && !legacy_length_check(io, &password) {
        return Flow::Continue;
    }
    if !broadcast::confirm(io) {
        return Flow::Continue;
    }
    io.line(&format!(
        "Changing password for {name}({type_typed}) on {} nodes",
        cmu.targets().len()
    ));
    broadcast::managed(
        cmu,
        io,
        "changePswd",
        |label| format!("changePswd failed on server {label}"),
        Recovery::RetryIgnoreAbort,
        || HsmOp::ChangePassword {
            user_type,
            name: name.to_owned(),
            password: password.clone(),
        },
    );
    Flow::Continue
}

/// The password argument, or with `-hpswd` the password read (twice in the SDK 3
/// profile) before the banner. `None` when input ended or the two entries differ.
pub(super) fn new_password(
    cmu: &Cmu,
    io: &mut Io<'_>,
    argument: &str,
    spec: &Spec,
) -> Option<Secret> {
    if argument != "-hpswd" {
        return Some(Secret::new(argument));
    }
    let change = spec.name == SPEC.name;
    let (first_prompt, again_prompt) = strings::new_password_prompts(cmu.profile, change);
    let first = super::hidden_password(io, spec, first_prompt)?;
    if let Some(again_prompt) = again_prompt {
        let again = super::hidden_password(io, spec, again_prompt)?;
        if again != first {
            io.line(strings::PASSWORDS_DO_NOT_MATCH);
            return None;
        }
    }
    Some(first)
}

/// The guide-era client-side password length check.
pub(super) fn legacy_length_check(io: &mut Io<'_>, password: &Secret) -> bool {
    let ok = (7..=32).contains(&password.char_len());
    if !ok {
        io.line(strings::INVALID_PASSWORD_LENGTH);
    }
    ok
}
