//! The read-eval loop shared by the tools. A tool supplies the prompt and `run_line`; the
//! loop is the same for a terminal, an `expect` pty and piped stdin.

use crate::io::Io;
use crate::password_lines;
use zeroize::Zeroizing;

/// What the loop does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next line.
    Continue,
    /// Leave the loop.
    Quit,
}

/// A tool driven by the loop.
pub trait Tool {
    /// The prompt for the next command line.
    fn prompt(&self) -> String;
    /// Runs one command line.
    fn run_line(&mut self, line: &str, io: &mut Io<'_>) -> Flow;
    /// Called at end of input, instead of another line.
    fn end_of_input(&mut self, io: &mut Io<'_>);
}

/// Runs `tool` until it quits or input ends.
pub fn run(tool: &mut dyn Tool, io: &mut Io<'_>) {
    loop {
        let prompt = tool.prompt();
        // The line may carry a password: wipe it once handled.
        let Some(line) = io.input().read_line(&prompt).map(Zeroizing::new) else {
            tool.end_of_input(io);
            return;
        };
        if password_lines::may_remember(&line) && !line.trim().is_empty() {
            io.input().add_history(&line);
        }
        if tool.run_line(&line, io) == Flow::Quit {
            return;
        }
    }
}
