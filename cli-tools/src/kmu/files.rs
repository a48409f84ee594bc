//! Local files: KMU reads and writes them itself; their contents travel in requests and
//! replies (kmu.md §1.9).

use crate::io::Io;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

/// Reads a file named on the command line the way the real tool does while parsing: an
/// empty or unreadable file prints a warning and counts as not given.
pub(crate) fn read_arg(io: &mut Io<'_>, path: &str) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) if !bytes.is_empty() => Some(bytes),
        Ok(_) => {
            io.text(&format!("\n\t {path} is an empty file.\n"));
            io.text(&failed_to_read(path));
            None
        }
        Err(_) => {
            io.text(&failed_to_read(path));
            None
        }
    }
}

fn failed_to_read(path: &str) -> String {
    format!("\n\tWARNING: Failed to read from the file \"{path}\".\n")
}

/// Creates or truncates `path` with mode 0644 and writes `bytes` (kmu.md §1.9).
pub(crate) fn write(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(path)?;
    file.write_all(bytes)
}

/// C `strerror` text of an IO error (Rust appends ` (os error N)`).
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}
