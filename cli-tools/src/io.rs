//! Input sources and the output sink shared by every command.
//!
//! Commands never touch stdin or stdout directly: they ask [`Io`] for answers to prompts
//! (`(y/n)`, `(R/I/A)`, hidden passwords) and write lines through it. The same commands
//! therefore run at a terminal, under `expect`, and from a piped script.

use std::io::{BufRead, Write};
use zeroize::Zeroizing;

/// Where lines of input come from.
pub trait Input {
    /// Shows `prompt` and reads one line without its line ending. `None` at end of input.
    fn read_line(&mut self, prompt: &str) -> Option<String>;
    /// Shows `prompt` and reads one line without echoing it (passwords); the cursor ends
    /// on a new line, as a terminal's echoed Enter leaves it.
    fn read_secret(&mut self, prompt: &str) -> Option<String>;
    /// Offers a command line to the history (terminals only); the tool has already
    /// decided that it carries no password.
    fn add_history(&mut self, _line: &str) {}
}

/// Piped or scripted input: lines from any reader, prompts written to stdout.
pub struct PipedInput<R> {
    reader: R,
    echo: bool,
}

impl<R: BufRead> PipedInput<R> {
    /// Reads from `reader`. With `echo`, each line read is written after its prompt, as a
    /// terminal would show it (hidden input excepted); used to record transcripts.
    pub fn new(reader: R, echo: bool) -> Self {
        Self { reader, echo }
    }

    fn next_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                while line.ends_with('\n') || line.ends_with('\r') {
                    line.pop();
                }
                Some(line)
            }
        }
    }
}

impl<R: BufRead> Input for PipedInput<R> {
    fn read_line(&mut self, prompt: &str) -> Option<String> {
        write_flush(prompt);
        let line = self.next_line()?;
        if self.echo {
            write_flush(&format!("{line}\n"));
        }
        Some(line)
    }

    fn read_secret(&mut self, prompt: &str) -> Option<String> {
        write_flush(prompt);
        let line = self.next_line();
        // A terminal with echo off still echoes the Enter (ECHONL); do the same.
        write_flush("\n");
        line
    }
}

fn write_flush(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// What a command sees: an input source for prompts and stdout for output.
pub struct Io<'a> {
    input: &'a mut dyn Input,
}

impl<'a> Io<'a> {
    /// Wraps an input source.
    pub fn new(input: &'a mut dyn Input) -> Self {
        Self { input }
    }

    /// Writes one line. Output errors (a closed pipe) are ignored: there is nobody to tell.
    pub fn line(&mut self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.write_all(b"\n");
    }

    /// Writes text without a line ending.
    pub fn text(&mut self, text: &str) {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }

    /// Writes an empty line.
    pub fn blank(&mut self) {
        self.line("");
    }

    /// Shows `prompt` and reads the answer, trimmed. `None` at end of input.
    pub fn ask(&mut self, prompt: &str) -> Option<String> {
        let _ = std::io::stdout().lock().flush();
        self.input.read_line(prompt).map(|s| s.trim().to_owned())
    }

    /// Shows `prompt` and reads a hidden line; output continues on the next line.
    pub fn secret(&mut self, prompt: &str) -> Option<Zeroizing<String>> {
        let _ = std::io::stdout().lock().flush();
        self.input.read_secret(prompt).map(Zeroizing::new)
    }

    /// The input source, for the REPL loop itself.
    pub fn input(&mut self) -> &mut dyn Input {
        self.input
    }
}
