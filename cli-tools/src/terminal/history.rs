//! The command history of a terminal session, kept in a file only its owner can read.
//!
//! The file holds one command per line. The tool decides what may be remembered (no line
//! that carries a password); this module only keeps what it is given.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

/// How many entries are kept; older ones are dropped when the file is rewritten.
const KEEP: usize = 1000;

/// The history: in memory for recall, and appended to its file as it grows.
pub(crate) struct History {
    entries: Vec<String>,
    file: Option<PathBuf>,
}

impl History {
    /// Loads the history kept in `file` (an empty history if there is none yet).
    pub(crate) fn load(file: Option<PathBuf>) -> Self {
        let entries = file
            .as_deref()
            .and_then(|path| fs::read(path).ok())
            .map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    // The header line of files written by earlier versions (rustyline's).
                    .filter(|line| !line.is_empty() && *line != "#V2")
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Self { entries, file }
    }

    /// The entries, oldest first.
    pub(crate) fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Remembers `line`, unless it repeats the newest entry, and saves it.
    pub(crate) fn add(&mut self, line: &str) {
        if line.contains('\n') || self.entries.last().is_some_and(|last| last == line) {
            return;
        }
        self.entries.push(line.to_owned());
        if self.entries.len() > KEEP {
            self.entries.drain(..self.entries.len() - KEEP);
            self.save(false);
        } else {
            self.save(true);
        }
    }

    /// Appends the newest entry, or rewrites the whole file. A history that cannot be
    /// written is not worth interrupting the session for.
    fn save(&self, append_newest: bool) {
        let Some(path) = &self.file else { return };
        let mut options = OpenOptions::new();
        options.create(true).mode(0o600);
        if append_newest {
            options.append(true);
        } else {
            options.write(true).truncate(true);
        }
        let Ok(mut file) = options.open(path) else {
            return;
        };
        // A file made by an earlier version may be readable by others; it holds commands.
        let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
        let lines: &[String] = if append_newest {
            &self.entries[self.entries.len() - 1..]
        } else {
            &self.entries
        };
        let mut text = String::new();
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        let _ = file.write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_new_session_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool.history");
        fs::write(&path, "#V2\nolder\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let mut history = History::load(Some(path.clone()));
        history.add("listUsers");
        history.add("listUsers");
        history.add("info server 0");
        let again = History::load(Some(path.clone()));
        assert_eq!(again.entries(), ["older", "listUsers", "info server 0"]);
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn only_the_newest_entries_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool.history");
        let mut history = History::load(Some(path.clone()));
        for n in 0..KEEP + 5 {
            history.add(&format!("command {n}"));
        }
        let again = History::load(Some(path));
        assert_eq!(again.entries().len(), KEEP);
        assert_eq!(again.entries()[0], "command 5");
    }
}
