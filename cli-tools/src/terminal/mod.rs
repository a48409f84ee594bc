//! Interactive input on a terminal: a small line reader of our own (docs/terminal.md).
//!
//! It keeps every byte the terminal delivers until a line takes it, so lines typed ahead
//! (an `expect` script's `send "listUsers\rquit\r"`) all run in order, answers to `(y/n)`,
//! `(R/I/A)`, `(R/B/I)` and hidden password prompts included. It draws with plain
//! characters and backspaces only: the prompt is plain bytes, as the real tools print it.
//! People at a keyboard still get editing keys, history without passwords, completion of
//! command names, Ctrl-C to abandon a line and Ctrl-D to leave.

mod history;
mod keys;
mod line;
mod tty;

use crate::io::Input;
use history::History;
use line::{LineEditor, Outcome};
use std::collections::VecDeque;
use std::path::PathBuf;
use tty::Tty;
use zeroize::Zeroizing;

/// Terminal input with line editing.
pub struct TerminalInput {
    tty: Tty,
    /// Bytes delivered but not yet taken by a line.
    pending: VecDeque<u8>,
    history: History,
    commands: &'static [&'static str],
}

impl TerminalInput {
    /// Takes over the terminal on standard input, completing over `commands` and keeping
    /// history in `history_file` when given.
    pub fn new(
        commands: &'static [&'static str],
        history_file: Option<PathBuf>,
    ) -> std::io::Result<Self> {
        Ok(Self {
            tty: Tty::open()?,
            pending: VecDeque::new(),
            history: History::load(history_file),
            commands,
        })
    }

    /// Shows `prompt` and edits a line until Enter (`Some`) or end of input (`None`).
    fn read(&mut self, prompt: &str, hidden: bool) -> Option<String> {
        // After a Ctrl-C only the prompt's last line is shown again (KMU's prompt starts
        // with a blank line).
        let tail = prompt.rsplit('\n').next().unwrap_or_default();
        let mut shown = prompt;
        self.tty.typing();
        let line = 'line: loop {
            Tty::show(shown);
            shown = tail;
            let history = if hidden {
                &[][..]
            } else {
                self.history.entries()
            };
            let mut editor = LineEditor::new(tail, hidden, history, self.commands);
            let mut drawn = String::new();
            loop {
                while let Some(key) = keys::next_key(&mut self.pending) {
                    let outcome = editor.press(key, &mut drawn);
                    if outcome != Outcome::Editing {
                        Tty::show(&drawn);
                    }
                    match outcome {
                        Outcome::Editing => {}
                        Outcome::Done(line) => break 'line Some(line),
                        Outcome::Interrupted => continue 'line,
                        Outcome::EndOfInput => break 'line None,
                    }
                }
                // Everything delivered so far is drawn before waiting for more.
                Tty::show(&std::mem::take(&mut drawn));
                // The bytes may be a password: wiped once copied.
                let mut buf = Zeroizing::new([0u8; 4096]);
                match self.tty.read(buf.as_mut()) {
                    Ok(n) if n > 0 => self.pending.extend(&buf[..n]),
                    _ => break 'line None,
                }
            }
        };
        self.tty.running();
        line
    }
}

impl Input for TerminalInput {
    fn read_line(&mut self, prompt: &str) -> Option<String> {
        self.read(prompt, false)
    }

    fn read_secret(&mut self, prompt: &str) -> Option<String> {
        self.read(prompt, true)
    }

    fn add_history(&mut self, line: &str) {
        self.history.add(line);
    }
}
