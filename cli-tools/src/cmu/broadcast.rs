//! Sending one command to every target server, reporting each server's result.

use super::strings;
use super::Cmu;
use crate::io::Io;
use hsm_proto::{HsmOp, Response};

/// Which recovery question follows a per-server failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recovery {
    /// `Retry/Ignore/Abort?(R/I/A):` (createUser, changePswd).
    RetryIgnoreAbort,
    /// `Retry/rollBack/Ignore?(R/B/I):` (deleteUser).
    RetryRollbackIgnore,
}

/// How a managed broadcast ended.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Servers where the command succeeded, in order.
    pub succeeded: Vec<usize>,
    /// The user answered rollBack.
    pub rolled_back: bool,
}

/// Sends `op()` to each target and prints `<cmd> success on server …` or the two failure
/// lines. Used by commands without a recovery prompt.
pub(crate) fn simple(
    cmu: &mut Cmu,
    io: &mut Io<'_>,
    cmd: &str,
    op: impl Fn() -> HsmOp,
) -> Vec<(usize, Response)> {
    let mut ok = Vec::new();
    for index in cmu.targets() {
        match cmu.send(index, op()) {
            Ok(response) => {
                io.line(&format!(
                    "{cmd} success on server {}",
                    cmu.server(index).label()
                ));
                ok.push((index, response));
            }
            Err(e) => report_failure(cmu, io, cmd, index, &e),
        }
    }
    ok
}

/// Prints `<cmd> failed: <text>` and `<cmd> failed on server N(SRV)`.
pub(crate) fn report_failure(
    cmu: &Cmu,
    io: &mut Io<'_>,
    cmd: &str,
    index: usize,
    error: &hsm_client::ClientError,
) {
    io.line(&format!("{cmd} failed: {}", cmu.failure_text(error)));
    io.line(&format!(
        "{cmd} failed on server {}",
        cmu.server(index).label()
    ));
}

/// Sends `op()` to each target, asking the recovery question after each failure.
/// `failed_line` renders the second failure line for a server label.
pub(crate) fn managed(
    cmu: &mut Cmu,
    io: &mut Io<'_>,
    cmd: &str,
    failed_line: impl Fn(&str) -> String,
    recovery: Recovery,
    op: impl Fn() -> HsmOp,
) -> Outcome {
    let mut outcome = Outcome::default();
    for index in cmu.targets() {
        loop {
            let label = cmu.server(index).label();
            match cmu.send(index, op()) {
                Ok(_) => {
                    io.line(&format!("{cmd} success on server {label}"));
                    outcome.succeeded.push(index);
                    break;
                }
                Err(e) => {
                    io.line(&format!("{cmd} failed: {}", cmu.failure_text(&e)));
                    io.line(&failed_line(&label));
                    io.blank();
                    match ask_recovery(io, recovery) {
                        Answer::Retry => continue,
                        Answer::Ignore => break,
                        Answer::Abort => return outcome,
                        Answer::RollBack => {
                            outcome.rolled_back = true;
                            return outcome;
                        }
                    }
                }
            }
        }
    }
    outcome
}

enum Answer {
    Retry,
    Ignore,
    Abort,
    RollBack,
}

fn ask_recovery(io: &mut Io<'_>, recovery: Recovery) -> Answer {
    let prompt = match recovery {
        Recovery::RetryIgnoreAbort => strings::RETRY_IGNORE_ABORT,
        Recovery::RetryRollbackIgnore => strings::RETRY_ROLLBACK_IGNORE,
    };
    loop {
        // End of input stops the command where it is.
        let Some(answer) = io.ask(prompt) else {
            return Answer::Abort;
        };
        match (recovery, answer.to_ascii_uppercase().as_str()) {
            (_, "R") => return Answer::Retry,
            (_, "I") => return Answer::Ignore,
            (Recovery::RetryIgnoreAbort, "A") => return Answer::Abort,
            (Recovery::RetryRollbackIgnore, "B") => return Answer::RollBack,
            _ => {}
        }
    }
}

/// Shows the CAUTION banner and asks `(y/n)` until the answer is y or n.
/// End of input counts as no.
pub(crate) fn confirm(io: &mut Io<'_>) -> bool {
    for line in strings::CAUTION {
        io.line(line);
    }
    loop {
        let Some(answer) = io.ask(strings::CONFIRM) else {
            return false;
        };
        match answer.as_str() {
            "y" | "Y" => return true,
            "n" | "N" => return false,
            _ => {
                io.line(strings::INVALID_OPTION);
                io.blank();
            }
        }
    }
}
