//! The CMU command table: it parses command names (unique prefixes allowed, as the real
//! tool does), dispatches, and is the source of `help`.

mod change_pswd;
mod create_user;
mod delete_user;
mod enable_e2e;
mod exit;
mod find_all_keys;
mod get_attribute;
mod get_hsm_info;
mod get_key_info;
mod help;
mod info;
mod key_calls;
mod list_attributes;
mod list_users;
mod login_hsm;
mod logout_hsm;
pub(crate) mod quit;
mod server;
mod set_attribute;
mod share_key;

use super::strings;
use super::Cmu;
use crate::io::Io;
use crate::limits::MAX_PASSWORD_LEN;
use crate::repl::Flow;
use hsm_proto::{Secret, UserType};

/// One command: its name, its syntax and description for `help`, and its handler.
pub(crate) struct Spec {
    pub name: &'static str,
    pub syntax: &'static str,
    pub description: &'static str,
    pub run: fn(&mut Cmu, &mut Io<'_>, &[&str]) -> Flow,
}

/// Every command, in `help` order.
pub(crate) const COMMANDS: &[Spec] = &[
    change_pswd::SPEC,
    create_user::SPEC,
    delete_user::SPEC,
    enable_e2e::SPEC,
    exit::SPEC,
    find_all_keys::SPEC,
    get_attribute::SPEC,
    get_hsm_info::SPEC,
    get_key_info::SPEC,
    help::SPEC,
    info::SPEC,
    list_attributes::SPEC,
    list_users::SPEC,
    login_hsm::SPEC,
    logout_hsm::SPEC,
    quit::SPEC,
    server::SPEC,
    set_attribute::SPEC,
    share_key::SPEC,
];

/// Command names, for tab completion.
pub const NAMES: &[&str] = &[
    "changePswd",
    "createUser",
    "deleteUser",
    "enable_e2e",
    "exit",
    "findAllKeys",
    "getAttribute",
    "getHSMInfo",
    "getKeyInfo",
    "help",
    "info",
    "listAttributes",
    "listUsers",
    "loginHSM",
    "logoutHSM",
    "quit",
    "server",
    "setAttribute",
    "shareKey",
];

/// The command `word` names: an exact name, or a prefix of exactly one name.
/// Names are case-sensitive (docs/cmu.md §1.7).
pub(crate) fn resolve(word: &str) -> Option<&'static Spec> {
    if let Some(exact) = COMMANDS.iter().find(|c| c.name == word) {
        return Some(exact);
    }
    let mut candidates = COMMANDS.iter().filter(|c| c.name.starts_with(word));
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Parses and runs one input line. Tabs count as spaces.
pub(crate) fn run_line(cmu: &mut Cmu, line: &str, io: &mut Io<'_>) -> Flow {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let Some((word, args)) = tokens.split_first() else {
        return Flow::Continue;
    };
    match resolve(word) {
        Some(spec) => (spec.run)(cmu, io, args),
        None => {
            io.line(&strings::invalid_command(word));
            Flow::Continue
        }
    }
}

/// A password typed at a hidden prompt, unless it is longer than any password can be:
/// then the wrong-arguments message, as for one typed on the line.
pub(crate) fn hidden_password(io: &mut Io<'_>, spec: &Spec, prompt: &str) -> Option<Secret> {
    let typed = io.secret(prompt)?;
    if typed.chars().count() > MAX_PASSWORD_LEN {
        usage(io, spec);
        return None;
    }
    Some(Secret::new(typed.as_str()))
}

/// Prints the wrong-arguments message with the command's syntax.
pub(crate) fn usage(io: &mut Io<'_>, spec: &Spec) -> Flow {
    io.line(strings::INVALID_ARGUMENTS);
    io.line(&format!("Syntax: {}", spec.syntax));
    Flow::Continue
}

/// A user type as typed (case-sensitive).
pub(crate) fn parse_user_type(s: &str) -> Option<UserType> {
    match s {
        "PRECO" | "preCO" => Some(UserType::Preco),
        "CO" => Some(UserType::Co),
        "PCO" => Some(UserType::Pco),
        "CU" => Some(UserType::Cu),
        "AU" => Some(UserType::Au),
        _ => None,
    }
}

/// The arguments `<type> <name> <password | -hpswd>` shared by loginHSM, createUser and
/// changePswd. Prints the right message and returns `None` when they do not parse.
pub(crate) fn user_args<'a>(
    io: &mut Io<'_>,
    spec: &Spec,
    args: &[&'a str],
) -> Option<(UserType, &'a str, &'a str)> {
    match args {
        // No name or password that long can be valid; refused here, it never reaches the
        // daemon, whose frames it could overflow.
        [_, name, password]
            if name.chars().count() > MAX_PASSWORD_LEN
                || password.chars().count() > MAX_PASSWORD_LEN =>
        {
            usage(io, spec);
            None
        }
        [t, name, password] => match parse_user_type(t) {
            Some(user_type) => Some((user_type, name, password)),
            None => {
                usage(io, spec);
                None
            }
        },
        [_, _, _, "-2fa", _] => {
            io.line(strings::TWO_FACTOR_UNAVAILABLE);
            None
        }
        _ => {
            usage(io, spec);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_table() {
        let table: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(table, NAMES);
    }

    #[test]
    fn prefixes_resolve_only_when_unique() {
        assert_eq!(resolve("listU").map(|s| s.name), Some("listUsers"));
        assert_eq!(resolve("logout").map(|s| s.name), Some("logoutHSM"));
        assert!(resolve("l").is_none());
        assert!(resolve("list").is_none());
        assert!(resolve("listusers").is_none());
        assert_eq!(resolve("exit").map(|s| s.name), Some("exit"));
    }
}
