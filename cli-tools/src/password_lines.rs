//! Which command lines may go to the history file: none that could carry a password.
//!
//! The decision is made by what a line could contain, never by whether it parses: a line
//! the tool rejects (wrong case, a typo, the other tool's command) still reaches the
//! history file, and the password in it with it. So the rule is deliberately wider than
//! any command's syntax, and shared by both tools (docs/cmu.md §1.11, docs/kmu.md §1.2).

/// Commands of either tool that take a password on their line: CMU's loginHSM, createUser
/// and changePswd, KMU's loginHSM and genPBEKey.
pub const PASSWORD_COMMANDS: [&str; 4] = ["loginHSM", "createUser", "changePswd", "genPBEKey"];

/// Options after which a password or its proof may follow, glued or not (`-pSecret`):
/// KMU's `-p`, the hidden-password flag `-hpswd`, and CMU's `-2fa`.
pub const PASSWORD_OPTIONS: [&str; 3] = ["-p", "-hpswd", "-2fa"];

/// Whether `line` may be kept in the history. It may not if its first word, in any case,
/// is a password command or a prefix of one (CMU accepts unique prefixes), or if any of
/// [`PASSWORD_OPTIONS`] appears anywhere in it, in any case.
pub fn may_remember(line: &str) -> bool {
    let lower = line.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or_default();
    let names_command = !first.is_empty()
        && PASSWORD_COMMANDS
            .iter()
            .any(|c| c.to_lowercase().starts_with(first));
    let has_option = PASSWORD_OPTIONS.iter().any(|o| lower.contains(o));
    !names_command && !has_option
}

#[cfg(test)]
mod tests {
    use super::may_remember;

    /// Lines that could carry a password, typed into either tool.
    const NEVER: &[&str] = &[
        "loginHSM CO admin secret123",
        "loginhsm CO admin secret123",
        "LOGINHSM CO admin secret123",
        "  loginHSM\tCO admin secret123",
        "createU CU bob secret123",
        "createuser CU bob secret123",
        "changePswd CO admin newpass1",
        "CHANGEPSWD CO admin newpass1",
        "loginHSM CO admin -hpswd",
        "loginHSM CO admin secret -2fa /tmp/auth",
        "loginHSM -u CU -s bob -p secret123",
        "loginHSM -u CU -s bob -psecret123",
        "LoginHsm -u CU -s bob -hpswd",
        "genPBEKey -l pbe -p secret123 -s salt -c 1000",
        "genpbekey -l pbe -psecret123 -s salt -c 1000",
        "findKey -l x -psecret",
        "help -P secret",
        "singlecmd -hpswd",
        "x -2FA file",
    ];

    /// Lines that carry none and stay useful in the history.
    const KEPT: &[&str] = &[
        "listUsers",
        "deleteUser CU bob",
        "findKey",
        "genSymKey -t 31 -s 16 -l aes",
        "getAttribute -o 7 -a 512 -out attr",
        "server 0",
        "info server 1",
        "exit",
    ];

    #[test]
    fn lines_that_could_carry_a_password_are_never_kept() {
        for line in NEVER {
            assert!(!may_remember(line), "kept: {line}");
        }
    }

    #[test]
    fn other_lines_are_kept() {
        for line in KEPT {
            assert!(may_remember(line), "dropped: {line}");
        }
    }
}
