//! Turns the bytes a terminal delivers into keys.
//!
//! Decoding is separate from reading so that it never drops a byte: bytes that do not yet
//! form a whole key (half a UTF-8 character, the start of an escape sequence) stay queued
//! until the rest arrives, and everything after a key stays queued for the next one.

use std::collections::VecDeque;
use zeroize::Zeroize;

/// One key press, as far as a line reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// A printable character.
    Char(char),
    /// Enter (carriage return or line feed).
    Enter,
    /// Backspace or Ctrl-H: delete before the cursor.
    Backspace,
    /// Delete: delete under the cursor.
    Delete,
    /// Left arrow or Ctrl-B.
    Left,
    /// Right arrow or Ctrl-F.
    Right,
    /// Home or Ctrl-A.
    Home,
    /// End or Ctrl-E.
    End,
    /// Up arrow or Ctrl-P: the previous history entry.
    Up,
    /// Down arrow or Ctrl-N: the next history entry.
    Down,
    /// Tab: complete the command name.
    Tab,
    /// Ctrl-C: abandon the line.
    Interrupt,
    /// Ctrl-D: end of input on an empty line, delete under the cursor otherwise.
    EndOfInput,
    /// Ctrl-U: delete from the start of the line to the cursor.
    KillToStart,
    /// Ctrl-K: delete from the cursor to the end of the line.
    KillToEnd,
    /// Ctrl-W: delete the word before the cursor.
    KillWord,
    /// A key with no meaning here (other controls, unknown escape sequences).
    Ignored,
}

const ESC: u8 = 0x1b;

/// Takes the next whole key off the front of `bytes`, or `None` (leaving `bytes` as it
/// was) when the bytes so far are only the start of one.
pub(crate) fn next_key(bytes: &mut VecDeque<u8>) -> Option<Key> {
    let first = *bytes.front()?;
    let (key, len) = match first {
        ESC => escape(bytes)?,
        b'\r' | b'\n' => (Key::Enter, 1),
        0x7f | 0x08 => (Key::Backspace, 1),
        b'\t' => (Key::Tab, 1),
        0x01 => (Key::Home, 1),
        0x02 => (Key::Left, 1),
        0x03 => (Key::Interrupt, 1),
        0x04 => (Key::EndOfInput, 1),
        0x05 => (Key::End, 1),
        0x06 => (Key::Right, 1),
        0x0b => (Key::KillToEnd, 1),
        0x0e => (Key::Down, 1),
        0x10 => (Key::Up, 1),
        0x15 => (Key::KillToStart, 1),
        0x17 => (Key::KillWord, 1),
        0x00..=0x1f => (Key::Ignored, 1),
        _ => character(bytes)?,
    };
    // What was typed may be a password: wipe it before the queue lets the space go.
    bytes.range_mut(..len).for_each(Zeroize::zeroize);
    bytes.drain(..len);
    Some(key)
}

/// A UTF-8 character; an invalid sequence becomes U+FFFD, one byte at a time, so a stray
/// byte never swallows the characters after it.
fn character(bytes: &VecDeque<u8>) -> Option<(Key, usize)> {
    let want = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Some((Key::Char(char::REPLACEMENT_CHARACTER), 1)),
    };
    let head: Vec<u8> = bytes.iter().take(want).copied().collect();
    match std::str::from_utf8(&head) {
        Ok(s) => s.chars().next().map(|c| (Key::Char(c), want)),
        // Only the start of a character has arrived so far.
        Err(e) if e.error_len().is_none() => None,
        Err(_) => Some((Key::Char(char::REPLACEMENT_CHARACTER), 1)),
    }
}

/// An escape sequence: `ESC [ <parameters> <final>` (CSI), `ESC O <final>` (SS3), or ESC
/// and one other byte (Alt+key), which is ignored.
fn escape(bytes: &VecDeque<u8>) -> Option<(Key, usize)> {
    match *bytes.get(1)? {
        b'[' => {
            // Parameters and intermediates are 0x20..=0x3f; the final byte is 0x40..=0x7e.
            let end = bytes
                .iter()
                .skip(2)
                .position(|b| !(0x20..=0x3f).contains(b))?
                + 2;
            let params: Vec<u8> = bytes.iter().skip(2).take(end - 2).copied().collect();
            let key = match (bytes[end], params.as_slice()) {
                (b'A', _) => Key::Up,
                (b'B', _) => Key::Down,
                (b'C', _) => Key::Right,
                (b'D', _) => Key::Left,
                (b'H', _) | (b'~', b"1" | b"7") => Key::Home,
                (b'F', _) | (b'~', b"4" | b"8") => Key::End,
                (b'~', b"3") => Key::Delete,
                _ => Key::Ignored,
            };
            Some((key, end + 1))
        }
        b'O' => {
            let key = match *bytes.get(2)? {
                b'A' => Key::Up,
                b'B' => Key::Down,
                b'C' => Key::Right,
                b'D' => Key::Left,
                b'H' => Key::Home,
                b'F' => Key::End,
                _ => Key::Ignored,
            };
            Some((key, 3))
        }
        // ESC ESC: the first is a lone Escape press; the second may start a sequence.
        ESC => Some((Key::Ignored, 1)),
        _ => Some((Key::Ignored, 2)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(input: &[u8]) -> (Vec<Key>, Vec<u8>) {
        let mut q: VecDeque<u8> = input.iter().copied().collect();
        let mut out = Vec::new();
        while let Some(k) = next_key(&mut q) {
            out.push(k);
        }
        (out, q.into_iter().collect())
    }

    #[test]
    fn lines_typed_ahead_all_decode_in_order() {
        let (k, rest) = keys(b"ab\rc\r\n");
        assert_eq!(
            k,
            [
                Key::Char('a'),
                Key::Char('b'),
                Key::Enter,
                Key::Char('c'),
                Key::Enter,
                Key::Enter
            ]
        );
        assert!(rest.is_empty());
    }

    #[test]
    fn partial_sequences_wait_for_the_rest() {
        for partial in [
            &b"\x1b"[..],
            b"\x1b[",
            b"\x1b[3",
            b"\x1bO",
            b"\xc3",
            b"\xe2\x82",
        ] {
            let (k, rest) = keys(partial);
            assert!(k.is_empty(), "{partial:?}");
            assert_eq!(rest, partial);
        }
        let (k, _) = keys("é€".as_bytes());
        assert_eq!(k, [Key::Char('é'), Key::Char('€')]);
    }

    #[test]
    fn editing_keys() {
        let (k, _) = keys(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1b[3~\x1bOA\x7f\x03\x04\t");
        assert_eq!(
            k,
            [
                Key::Up,
                Key::Down,
                Key::Right,
                Key::Left,
                Key::Home,
                Key::End,
                Key::Delete,
                Key::Up,
                Key::Backspace,
                Key::Interrupt,
                Key::EndOfInput,
                Key::Tab
            ]
        );
    }

    #[test]
    fn unknown_sequences_and_bad_bytes_do_not_eat_what_follows() {
        let (k, _) = keys(b"\x1b[24~x\x1bxy\xffz\x1b[200~q");
        assert_eq!(
            k,
            [
                Key::Ignored,
                Key::Char('x'),
                Key::Ignored,
                Key::Char('y'),
                Key::Char(char::REPLACEMENT_CHARACTER),
                Key::Char('z'),
                Key::Ignored,
                Key::Char('q')
            ]
        );
    }
}
