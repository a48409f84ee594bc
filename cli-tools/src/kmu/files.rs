//! Local files: KMU reads and writes them itself; their contents travel in requests and
//! replies (docs/kmu.md §1.9).

use super::strings;
use crate::io::Io;
use hsm_proto::keys::KeyReply;
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

/// Creates or truncates `path` with mode 0644 and writes `bytes` (docs/kmu.md §1.9).
pub(crate) fn write(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(path)?;
    file.write_all(bytes)
}

/// Writes the bytes a reply carries to `path` (exportPubKey, extractMaskedObject, sign)
/// and returns the code for the `RET` line: 0 once written (after printing `written`),
/// a code of the tool's own when the file cannot be written or the reply holds no bytes,
/// else the request's code.
pub(crate) fn save_reply(
    io: &mut Io<'_>,
    outcome: Result<KeyReply, u32>,
    path: &str,
    written: &str,
) -> u32 {
    match outcome {
        Ok(KeyReply::Bytes(bytes)) => match write(path, bytes.expose()) {
            Ok(()) => {
                io.text(written);
                0
            }
            Err(_) => {
                io.text(&strings::write_failed(path));
                strings::INVALID_INPUT
            }
        },
        Ok(_) => strings::DAEMON_SOCKET_ERROR,
        Err(code) => code,
    }
}

/// C `strerror` text of an IO error (Rust appends ` (os error N)`).
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}
