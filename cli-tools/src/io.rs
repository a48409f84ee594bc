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
    /// How many lines were skipped because they were not valid UTF-8; the tool exits
    /// non-zero at the end if any were, so a script's caller learns that part of it never
    /// ran.
    fn rejected_lines(&self) -> usize {
        0
    }
}

/// The stderr line for an input line that is not valid UTF-8 and was skipped (`tool` is
/// the program name, `line` counts from 1; docs/recommended-strings.md).
pub fn invalid_utf8_line(tool: &str, line: usize) -> String {
    format!("{tool}: line {line}: not valid UTF-8, skipped")
}

/// A line read as bytes, without its line ending, as text. Bytes that are not
/// UTF-8 are wiped (they may be a password) and give `None`.
pub fn decode_line(mut bytes: Vec<u8>) -> Option<String> {
    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.pop();
    }
    String::from_utf8(bytes)
        .map_err(|e| drop(Zeroizing::new(e.into_bytes())))
        .ok()
}

/// Piped or scripted input: lines from any reader, prompts written to stdout.
pub struct PipedInput<R> {
    reader: R,
    echo: bool,
    tool: String,
    line: usize,
    rejected: usize,
}

impl<R: BufRead> PipedInput<R> {
    /// Reads from `reader` for the program `tool` (named in complaints on stderr). With
    /// `echo`, each line read is written after its prompt, as a terminal would show it
    /// (hidden input excepted); used to record transcripts.
    pub fn new(reader: R, echo: bool, tool: &str) -> Self {
        Self {
            reader,
            echo,
            tool: tool.to_owned(),
            line: 0,
            rejected: 0,
        }
    }

    /// The next line that is valid UTF-8. A line that is not is reported and skipped, as
    /// a terminal user would expect, instead of ending the session.
    fn next_line(&mut self) -> Option<String> {
        loop {
            let mut bytes = Vec::new();
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) | Err(_) => return None,
                Ok(_) => self.line += 1,
            }
            if let Some(line) = decode_line(bytes) {
                return Some(line);
            }
            self.rejected += 1;
            let _ = std::io::stdout().lock().flush();
            eprintln!("{}", invalid_utf8_line(&self.tool, self.line));
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

    fn rejected_lines(&self) -> usize {
        self.rejected
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_lines_are_skipped_and_counted() {
        let bytes: &[u8] = b"first\r\n\xff\xfe bad\nthird\n\xc3\n";
        let mut input = PipedInput::new(bytes, false, "tool");
        assert_eq!(input.next_line().as_deref(), Some("first"));
        assert_eq!(input.next_line().as_deref(), Some("third"));
        assert_eq!(input.rejected_lines(), 1);
        assert_eq!(input.next_line(), None);
        assert_eq!((input.rejected_lines(), input.line), (2, 4));
    }

    #[test]
    fn the_complaint_names_tool_and_line() {
        assert_eq!(
            invalid_utf8_line("cloudhsm_mgmt_util", 3),
            "cloudhsm_mgmt_util: line 3: not valid UTF-8, skipped"
        );
        assert_eq!(decode_line(b"ab\r\n".to_vec()).as_deref(), Some("ab"));
        assert_eq!(decode_line(vec![0x80]), None);
    }
}
