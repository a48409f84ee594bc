//! The ways to run KMU besides the interactive prompt (docs/kmu.md §1.1): one command from the
//! command line (`singlecmd`), a script file (`scriptfile`), and the messages for an
//! unknown mode and for a daemon that cannot be reached.

use super::{strings, Kmu};
use crate::io::{decode_line, invalid_utf8_line, Io};
use crate::local_file::{self, MAX_SCRIPT_FILE};
use crate::profile::Profile;
use crate::repl::Flow;
use std::io::Write;

/// Tokens of `loginHSM -u CU -s <name> -p <password>` at the front of a single command.
const LOGIN_TOKENS: usize = 7;

/// `singlecmd [loginHSM -u CU -s <name> -p <password>] <command> [args...]`: logs in when
/// asked (a failed login ends the run), echoes the command line as `Command: w  w `, runs
/// it, then ends the session. Returns false when the login failed.
pub fn single_command(kmu: &mut Kmu, words: &[&str], io: &mut Io<'_>) -> bool {
    let mut words = words;
    if words.len() > LOGIN_TOKENS && words[0] == "loginHSM" {
        kmu.run_words(&words[..LOGIN_TOKENS], io);
        if !kmu.is_logged_in() {
            return false;
        }
        words = &words[LOGIN_TOKENS..];
    }
    if !words.is_empty() {
        let mut echo = String::from("Command:");
        for w in words {
            echo.push_str(&format!(" {w} "));
        }
        echo.push('\n');
        io.text(&echo);
        kmu.run_words(words, io);
    }
    kmu.end_session();
    true
}

/// `scriptfile <file>`: runs each line; `#` lines are echoed as comments, lines with
/// `shell` run the rest in `sh`, the others are echoed and run. `exit` stops the script.
/// A line that is not UTF-8 is reported on stderr and skipped; returns how many were.
pub fn script_file(kmu: &mut Kmu, path: &str, io: &mut Io<'_>) -> usize {
    let Ok(script) = local_file::read_bounded(path, MAX_SCRIPT_FILE) else {
        io.text(&format!("\n\tError: Failed to open script file {path}. \n"));
        return 0;
    };
    let mut rejected = 0;
    for (index, bytes) in script.split(|b| *b == b'\n').enumerate() {
        let Some(line) = decode_line(bytes.to_vec()) else {
            rejected += 1;
            let _ = std::io::stdout().flush();
            eprintln!("{}", invalid_utf8_line(strings::PROGRAM, index + 1));
            continue;
        };
        let line = line.as_str();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            io.text(&format!("Comment: {line} \n"));
        } else if let Some(at) = line.find("shell") {
            let command = line[at + 5..].trim_start_matches(' ');
            io.text(&format!("\n{command}\n"));
            let _ = std::io::stdout().flush();
            let _ = std::process::Command::new("sh")
                .arg("-c")
                .arg(command)
                .status();
        } else {
            io.text(&format!("Command String: {line} \n"));
            let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
            if kmu.run_words(&words, io) == Flow::Quit {
                return rejected;
            }
        }
    }
    kmu.end_session();
    rejected
}

/// What an unknown first argument prints (docs/kmu.md §1.1, upstream's usage lines).
pub fn unknown_mode() -> String {
    let p = strings::PROGRAM;
    format!(
        concat!(
            "\n\tError: Unknown commandline arguments. \n",
            "\t\tIf you want to script a command, use the following format: \n",
            "\t\t\t\"{p} singlecmd <command>\" \n",
            "\t\tWhere <command> is the full command you would type when \n",
            "\t\tyou are using {p} in the normal interactive mode.\n",
            "\n\n",
            "\t\tIf you want to script a CU authorised command,\n",
            "\t\tuse the following format: \n",
            "\t\t\t\"{p} singlecmd [loginHSM -u <CU> -s <username> -p <password>] <command>\" \n",
            "\n"
        ),
        p = p
    )
}

/// What KMU prints when the client daemon cannot be reached (docs/kmu.md §1.1, §F row 22).
pub fn daemon_down(profile: Profile) -> String {
    strings::daemon_down(profile)
}
