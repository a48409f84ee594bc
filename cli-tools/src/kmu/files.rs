//! Local files: KMU reads and writes them itself; their contents travel in requests and
//! replies (docs/kmu.md §1.9).

use super::strings;
use crate::io::Io;
use crate::local_file::{self, Access, ReadError, MAX_INPUT_FILE};
use hsm_proto::keys::KeyReply;

/// Reads a file named on the command line the way the real tool does while parsing: an
/// empty, unreadable or oversized file prints a warning and counts as not given. The size
/// is checked on the client, before anything reaches the daemon (docs/kmu.md §1.9).
pub(crate) fn read_arg(io: &mut Io<'_>, path: &str) -> Option<Vec<u8>> {
    match read(path) {
        Ok(bytes) if !bytes.is_empty() => Some(bytes),
        Ok(_) => {
            io.text(&format!("\n\t {path} is an empty file.\n"));
            io.text(&strings::failed_to_read(path));
            None
        }
        Err(ReadError::TooLarge) => {
            io.text(&strings::file_too_large(path, MAX_INPUT_FILE));
            io.text(&strings::failed_to_read(path));
            None
        }
        Err(ReadError::Io(_)) => {
            io.text(&strings::failed_to_read(path));
            None
        }
    }
}

/// Reads any input file of a KMU command, bounded by [`MAX_INPUT_FILE`]; callers with a
/// message of their own for unreadable files use this instead of [`read_arg`].
pub(crate) fn read(path: &str) -> Result<Vec<u8>, ReadError> {
    local_file::read_bounded(path, MAX_INPUT_FILE)
}

/// Creates or truncates `path` with mode 0644 and writes `bytes` (docs/kmu.md §1.9): public
/// keys, signatures, attribute dumps.
pub(crate) fn write(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    local_file::write(path, bytes, Access::Public)
}

/// Like [`write`], but mode 0600: the file holds key material (docs/kmu.md §1.9).
pub(crate) fn write_secret(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    local_file::write(path, bytes, Access::Private)
}

/// Writes the bytes a reply carries to `path` with `access` (exportPubKey,
/// extractMaskedObject, sign)
/// and returns the code for the `RET` line: 0 once written (after printing `written`),
/// a code of the tool's own when the file cannot be written or the reply holds no bytes,
/// else the request's code.
pub(crate) fn save_reply(
    io: &mut Io<'_>,
    outcome: Result<KeyReply, u32>,
    path: &str,
    written: &str,
    access: Access,
) -> u32 {
    match outcome {
        Ok(KeyReply::Bytes(bytes)) => match local_file::write(path, bytes.expose(), access) {
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
