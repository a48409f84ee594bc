//! Interactive input on a terminal: rustyline for command lines (editing, history without
//! passwords, tab completion of command names, Ctrl-C clears the line, Ctrl-D quits) and a
//! no-echo read of `/dev/tty` for passwords.

use crate::io::Input;
use nix::sys::termios::{self, LocalFlags, SetArg};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

/// Completes the first word of a line from a fixed list of command names.
struct CommandNames(&'static [&'static str]);

impl Completer for CommandNames {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before.len() - before.trim_start().len();
        let word = &before[start..];
        if word.contains(char::is_whitespace) {
            return Ok((pos, Vec::new()));
        }
        let matches = self
            .0
            .iter()
            .filter(|name| name.starts_with(word))
            .map(|name| Pair {
                display: (*name).to_owned(),
                replacement: format!("{name} "),
            })
            .collect();
        Ok((start, matches))
    }
}

impl Hinter for CommandNames {
    type Hint = String;
}
impl Highlighter for CommandNames {}
impl Validator for CommandNames {}
impl Helper for CommandNames {}

/// Reads one line from the terminal with echo off (the Enter still echoes). Echo goes off
/// before the prompt appears, so an answer typed the moment the prompt shows (as `expect`
/// scripts do) is never displayed.
fn read_hidden(prompt: &str) -> Option<String> {
    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let original = termios::tcgetattr(&tty).ok()?;
    let mut quiet = original.clone();
    quiet.local_flags.remove(LocalFlags::ECHO);
    quiet.local_flags.insert(LocalFlags::ECHONL);
    termios::tcsetattr(&tty, SetArg::TCSANOW, &quiet).ok()?;
    let mut line = String::new();
    let read = (&tty)
        .write_all(prompt.as_bytes())
        .and_then(|()| (&tty).flush())
        .and_then(|()| BufReader::new(&tty).read_line(&mut line));
    let _ = termios::tcsetattr(&tty, SetArg::TCSANOW, &original);
    match read {
        Ok(n) if n > 0 => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
        _ => None,
    }
}

/// Terminal input with line editing.
pub struct TerminalInput {
    editor: Editor<CommandNames, DefaultHistory>,
    history_file: Option<PathBuf>,
}

impl TerminalInput {
    /// Sets up line editing with completion over `commands`, and history kept in
    /// `history_file` when given.
    pub fn new(
        commands: &'static [&'static str],
        history_file: Option<PathBuf>,
    ) -> rustyline::Result<Self> {
        let mut editor = Editor::new()?;
        editor.set_helper(Some(CommandNames(commands)));
        if let Some(path) = &history_file {
            let _ = editor.load_history(path);
        }
        Ok(Self {
            editor,
            history_file,
        })
    }
}

impl Input for TerminalInput {
    fn read_line(&mut self, prompt: &str) -> Option<String> {
        // A prompt that starts new lines (KMU's "\nCommand:  ") prints those lines itself;
        // the line editor shows only the last line, which it redraws while editing.
        let prompt = match prompt.rfind('\n') {
            Some(end) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&prompt.as_bytes()[..=end]);
                let _ = out.flush();
                &prompt[end + 1..]
            }
            None => prompt,
        };
        loop {
            match self.editor.readline(prompt) {
                Ok(line) => return Some(line),
                // Ctrl-C abandons the line being typed, as in a shell.
                Err(ReadlineError::Interrupted) => continue,
                Err(_) => return None,
            }
        }
    }

    fn read_secret(&mut self, prompt: &str) -> Option<String> {
        read_hidden(prompt)
    }

    fn add_history(&mut self, line: &str) {
        let _ = self.editor.add_history_entry(line);
        if let Some(path) = &self.history_file {
            let _ = self.editor.save_history(path);
        }
    }
}
