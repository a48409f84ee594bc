//! One line being edited, and what the terminal must be sent to show each change.
//!
//! Every change is drawn with printable characters, spaces and backspaces (`\x08`) only,
//! never an escape sequence: typing draws exactly what a terminal's own echo would, and
//! even editing keys leave a captured log free of ESC bytes (docs/terminal.md).

use super::keys::Key;
use zeroize::{Zeroize, Zeroizing};

/// What a key press did to the line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The line is still being typed.
    Editing,
    /// Enter: the finished line.
    Done(String),
    /// Ctrl-C: the line was abandoned.
    Interrupted,
    /// Ctrl-D on an empty line.
    EndOfInput,
}

/// The line under edit, its cursor and its place in the history.
pub(crate) struct LineEditor<'a> {
    /// The prompt's last line, redrawn after a completion list.
    prompt_tail: &'a str,
    /// Hidden input (passwords): nothing is drawn but the final Enter.
    hidden: bool,
    chars: Vec<char>,
    cursor: usize,
    history: &'a [String],
    /// Which history entry is shown; `history.len()` is the line being typed.
    place: usize,
    /// The line being typed, kept while the user looks through the history.
    draft: Vec<char>,
    commands: &'a [&'a str],
}

impl<'a> LineEditor<'a> {
    /// An empty line after a prompt whose last line is `prompt_tail`.
    pub(crate) fn new(
        prompt_tail: &'a str,
        hidden: bool,
        history: &'a [String],
        commands: &'a [&'a str],
    ) -> Self {
        Self {
            prompt_tail,
            hidden,
            chars: Vec::new(),
            cursor: 0,
            history,
            place: history.len(),
            draft: Vec::new(),
            commands,
        }
    }

    /// Applies `key`, appending to `out` what the terminal must show for it.
    pub(crate) fn press(&mut self, key: Key, out: &mut String) -> Outcome {
        let (before, at) = (Zeroizing::new(self.chars.clone()), self.cursor);
        let len = self.chars.len();
        match key {
            Key::Char(c) => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            Key::Enter => {
                self.cursor = len;
                self.draw(&before, at, out);
                out.push('\n');
                return Outcome::Done(self.chars.iter().collect());
            }
            Key::Interrupt => {
                self.cursor = len;
                self.draw(&before, at, out);
                out.push_str("^C\n");
                return Outcome::Interrupted;
            }
            Key::EndOfInput if self.chars.is_empty() => {
                // What follows (a goodbye) starts on a line of its own, as after Enter.
                out.push('\n');
                return Outcome::EndOfInput;
            }
            Key::EndOfInput | Key::Delete if self.cursor < len => {
                self.chars.remove(self.cursor);
            }
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(len),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = len,
            Key::KillToStart => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::KillToEnd => self.chars.truncate(self.cursor),
            Key::KillWord => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            Key::Up if !self.hidden && self.place > 0 => self.recall(self.place - 1),
            Key::Down if !self.hidden && self.place < self.history.len() => {
                self.recall(self.place + 1);
            }
            Key::Tab if !self.hidden => {
                if let Some(listing) = self.complete() {
                    // A list of candidates: show it below, then the prompt and line again.
                    self.move_to_end(&before, at, out);
                    out.push('\n');
                    out.push_str(&listing);
                    out.push('\n');
                    out.push_str(self.prompt_tail);
                    out.extend(self.chars.iter());
                    back(out, self.chars.len() - self.cursor);
                    return Outcome::Editing;
                }
            }
            Key::EndOfInput
            | Key::Delete
            | Key::Backspace
            | Key::Up
            | Key::Down
            | Key::Tab
            | Key::Ignored => {}
        }
        self.draw(&before, at, out);
        Outcome::Editing
    }

    /// Shows history entry `place` (or the draft, past the newest entry).
    fn recall(&mut self, place: usize) {
        if self.place == self.history.len() {
            self.draft = self.chars.clone();
        }
        self.place = place;
        self.chars = match self.history.get(place) {
            Some(entry) => entry.chars().collect(),
            None => self.draft.clone(),
        };
        self.cursor = self.chars.len();
    }

    /// Completes the command name under the cursor. Returns the candidates to list when
    /// typing cannot go further on its own.
    fn complete(&mut self) -> Option<String> {
        let word: String = self.chars[..self.cursor].iter().collect();
        let word = word.trim_start();
        if word.contains(' ') || self.chars[self.cursor..].iter().any(|c| *c != ' ') {
            return None;
        }
        let matches: Vec<&str> = self
            .commands
            .iter()
            .copied()
            .filter(|name| name.starts_with(word))
            .collect();
        let addition = match matches.as_slice() {
            [] => return None,
            [only] => format!("{} ", &only[word.len()..]),
            [first, rest @ ..] => {
                let common = rest.iter().fold(first.len(), |n, name| {
                    first
                        .bytes()
                        .zip(name.bytes())
                        .take(n)
                        .take_while(|(a, b)| a == b)
                        .count()
                });
                if common == word.len() {
                    return Some(matches.join("  "));
                }
                first[word.len()..common].to_owned()
            }
        };
        for c in addition.chars() {
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
        None
    }

    /// Moves the terminal's cursor from `at` in `before` to the end of the current line,
    /// drawing whatever changed on the way.
    fn move_to_end(&mut self, before: &[char], at: usize, out: &mut String) {
        let cursor = self.cursor;
        self.cursor = self.chars.len();
        self.draw(before, at, out);
        self.cursor = cursor;
    }

    /// Draws the change from `before` (cursor at `at`) to the current line and cursor:
    /// go to the first difference, rewrite from there, blank what is left of the old line,
    /// and back up to the cursor.
    fn draw(&self, before: &[char], at: usize, out: &mut String) {
        if self.hidden {
            return;
        }
        let now = &self.chars;
        let same = before.iter().zip(now).take_while(|(a, b)| a == b).count();
        if same == before.len() && same == now.len() {
            go(out, now, at, self.cursor);
            return;
        }
        go(out, now, at, same);
        out.extend(now[same..].iter());
        let blank = before.len().saturating_sub(now.len());
        out.extend(std::iter::repeat_n(' ', blank));
        back(out, blank + now.len() - self.cursor);
    }
}

impl Drop for LineEditor<'_> {
    fn drop(&mut self) {
        // Hidden lines are passwords, and a visible line may carry one too.
        self.chars.zeroize();
        self.draft.zeroize();
    }
}

/// Moves the cursor from column `from` to column `to` of `line`, which the terminal shows
/// at least up to `to`: backspaces to the left, the characters themselves to the right.
fn go(out: &mut String, line: &[char], from: usize, to: usize) {
    if to < from {
        back(out, from - to);
    } else {
        out.extend(line[from..to].iter());
    }
}

/// Moves the cursor `n` columns left.
fn back(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('\x08', n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::keys::next_key;
    use std::collections::VecDeque;

    const COMMANDS: &[&str] = &["listUsers", "listAttributes", "loginHSM", "quit"];

    /// Types `input` and returns what was drawn and how the line ended.
    fn typed(input: &[u8], history: &[String], hidden: bool) -> (String, Outcome) {
        let mut q: VecDeque<u8> = input.iter().copied().collect();
        let mut editor = LineEditor::new("P>", hidden, history, COMMANDS);
        let mut out = String::new();
        while let Some(key) = next_key(&mut q) {
            let outcome = editor.press(key, &mut out);
            if outcome != Outcome::Editing {
                return (out, outcome);
            }
        }
        (out, Outcome::Editing)
    }

    fn done(s: &str) -> Outcome {
        Outcome::Done(s.to_owned())
    }

    #[test]
    fn plain_typing_draws_exactly_the_echo() {
        assert_eq!(
            typed(b"info server 0\r", &[], false),
            ("info server 0\n".to_owned(), done("info server 0"))
        );
    }

    #[test]
    fn hidden_input_draws_only_the_enter() {
        assert_eq!(
            typed(b"s3cret\x7fT\r", &[], true),
            ("\n".to_owned(), done("s3creT"))
        );
    }

    #[test]
    fn backspace_at_the_end_is_the_classic_rubout() {
        assert_eq!(
            typed(b"ab\x7fc\r", &[], false),
            ("ab\x08 \x08c\n".to_owned(), done("ac"))
        );
    }

    #[test]
    fn editing_in_the_middle_redraws_without_escapes() {
        // "lstUsers", then Home, Right, and an 'i'.
        let (out, outcome) = typed(b"lstUsers\x01\x1b[Ci\r", &[], false);
        assert_eq!(outcome, done("listUsers"));
        assert!(!out.contains('\x1b'), "{out:?}");
        let bs = |n| "\x08".repeat(n);
        assert_eq!(out, format!("lstUsers{}listUsers{}stUsers\n", bs(8), bs(7)));
    }

    #[test]
    fn delete_and_kills_blank_what_is_gone() {
        let (out, outcome) = typed(b"abc def\x17\r", &[], false);
        assert_eq!(outcome, done("abc "));
        assert_eq!(out, "abc def\x08\x08\x08   \x08\x08\x08\n");
        let (_, outcome) = typed(b"abcdef\x1b[D\x1b[D\x0b\r", &[], false);
        assert_eq!(outcome, done("abcd"));
        let (_, outcome) = typed(b"abcdef\x1b[D\x1b[D\x15\r", &[], false);
        assert_eq!(outcome, done("ef"));
        let (_, outcome) = typed(b"abc\x01\x1b[3~\x04\r", &[], false);
        assert_eq!(outcome, done("c"));
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let history = ["first".to_owned(), "second".to_owned()];
        let (_, outcome) = typed(b"\x1b[A\x1b[A\r", &history, false);
        assert_eq!(outcome, done("first"));
        let (out, outcome) = typed(b"dr\x1b[A\x1b[B\r", &history, false);
        assert_eq!(outcome, done("dr"));
        assert!(!out.contains('\x1b'), "{out:?}");
        assert_eq!(
            out,
            "dr\x08\x08second\x08\x08\x08\x08\x08\x08dr    \x08\x08\x08\x08\n"
        );
    }

    #[test]
    fn tab_completes_a_unique_name_and_lists_the_others() {
        assert_eq!(
            typed(b"q\t\r", &[], false),
            ("quit \n".to_owned(), done("quit "))
        );
        let (out, outcome) = typed(b"li\t\t\r", &[], false);
        assert_eq!(outcome, done("list"));
        assert_eq!(out, "list\nlistUsers  listAttributes\nP>list\n");
        // Only the command name completes.
        assert_eq!(typed(b"quit x\t\r", &[], false).1, done("quit x"));
    }

    #[test]
    fn ctrl_c_abandons_and_ctrl_d_ends_only_an_empty_line() {
        assert_eq!(
            typed(b"abc\x03", &[], false),
            ("abc^C\n".to_owned(), Outcome::Interrupted)
        );
        assert_eq!(
            typed(b"\x04", &[], false),
            ("\n".to_owned(), Outcome::EndOfInput)
        );
        assert_eq!(typed(b"ab\x04\r", &[], false).1, done("ab"));
    }
}
