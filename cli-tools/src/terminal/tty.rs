//! The terminal's modes for the life of a session.
//!
//! From start to end the terminal neither echoes nor collects lines: the tool reads every
//! byte as it arrives and echoes a line only when it takes that line, right after its
//! prompt. Lines typed ahead therefore wait, in order and unshown, until their turn, so a
//! terminal session shows the same bytes as a piped transcript with its input echoed.
//! Ctrl-C is a key while a line is being typed and the interrupt signal otherwise; the
//! signal, like a hang-up or a kill, first gives the terminal back as it was found.

use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices, Termios};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;

/// Standard input as a terminal, in the session's modes until dropped.
pub(crate) struct Tty {
    input: File,
    original: Termios,
    /// No echo, no line collection, Ctrl-C a key.
    typing: Termios,
    /// As `typing`, but Ctrl-C interrupts (a command is running).
    running: Termios,
}

impl Tty {
    /// Takes over standard input, which must be a terminal.
    pub(crate) fn open() -> io::Result<Self> {
        // A handle of our own, so reads bypass std's buffered stdin and no byte hides there.
        let input = File::from(io::stdin().as_fd().try_clone_to_owned()?);
        let original = termios::tcgetattr(&input)?;
        let mut running = original.clone();
        running
            .local_flags
            .remove(LocalFlags::ECHO | LocalFlags::ICANON | LocalFlags::IEXTEN);
        running.local_flags.insert(LocalFlags::ISIG);
        running.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        running.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        let mut typing = running.clone();
        typing.local_flags.remove(LocalFlags::ISIG);
        restore_on_signals(&input, &original)?;
        let tty = Self {
            input,
            original,
            typing,
            running,
        };
        tty.set(&tty.running);
        Ok(tty)
    }

    /// A line is being typed: Ctrl-C reaches the line editor.
    pub(crate) fn typing(&self) {
        self.set(&self.typing);
    }

    /// A command is running: Ctrl-C interrupts it.
    pub(crate) fn running(&self) {
        self.set(&self.running);
    }

    /// Reads what the terminal has delivered (at least one byte; 0 at hang-up).
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.input.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return other,
            }
        }
    }

    /// Shows `text` on the terminal.
    pub(crate) fn show(text: &str) {
        let mut out = io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    fn set(&self, mode: &Termios) {
        // TCSANOW: never discard input, unlike TCSAFLUSH; typed-ahead lines must survive.
        let _ = termios::tcsetattr(&self.input, SetArg::TCSANOW, mode);
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        self.set(&self.original.clone());
    }
}

/// On a signal that ends the process, puts `original` back first, then ends as the signal
/// would have.
fn restore_on_signals(input: &File, original: &Termios) -> io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    let terminal = input.try_clone()?;
    let original = original.clone();
    std::thread::Builder::new()
        .name("terminal-restore".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = termios::tcsetattr(&terminal, SetArg::TCSANOW, &original);
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}
