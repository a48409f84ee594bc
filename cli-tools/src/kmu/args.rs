//! KMU's option scanner (docs/kmu.md §1.5): single-dash long options (`-sess`, `-nex`, `-id`)
//! that clap cannot express (clap-rs/clap#1210), scanned the way the real tool scans them.
//!
//! The real loop steps two tokens at a time and steps back one after a boolean flag, so an
//! unknown token, `-h`, a repeated option or an option without its value sets the help
//! flag and also swallows the token after it. Reproducing that matters for the few options
//! that print something while they are parsed (an invalid curve, an unreadable file).

use hsm_proto::UserId;

/// Whether an option takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `-l <label>`: consumes the next token, whatever it is.
    Value,
    /// `-sess`: takes no value; may repeat.
    Flag,
}

/// The options one command accepts.
pub(crate) type Options = &'static [(&'static str, Kind)];

/// The scanned arguments of one command line.
#[derive(Debug, Default)]
pub(crate) struct Args<'a> {
    /// `-h`, an unknown or repeated option, or a value missing: print the help text.
    pub help: bool,
    entries: Vec<(&'static str, Option<&'a str>)>,
}

/// Scans `tokens` (the words after the command name) against `options`.
pub(crate) fn scan<'a>(tokens: &[&'a str], options: Options) -> Args<'a> {
    scan_with(tokens, options, &[])
}

/// [`scan`] for a command that takes a group of options shared with other commands (the
/// creation options of docs/kmu.md §1.6) besides its own. Only names matter, not their order.
pub(crate) fn scan_with<'a>(tokens: &[&'a str], own: Options, shared: Options) -> Args<'a> {
    let mut args = Args::default();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let known = own.iter().chain(shared).find(|(name, _)| *name == token);
        match known {
            Some((name, Kind::Flag)) => {
                args.entries.push((name, None));
                i += 1;
            }
            Some((name, Kind::Value)) if !args.has(name) && i + 1 < tokens.len() => {
                args.entries.push((name, Some(tokens[i + 1])));
                i += 2;
            }
            _ => {
                args.help = true;
                i += 2;
            }
        }
    }
    args
}

impl<'a> Args<'a> {
    /// Whether the option was given.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| *n == name)
    }

    /// The value of an option, if given.
    pub(crate) fn value(&self, name: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| *v)
    }

    /// A decimal-digits-only value (docs/kmu.md §1.5 rule 6); anything else counts as absent.
    pub(crate) fn number(&self, name: &str) -> Option<u64> {
        self.value(name).and_then(digits)
    }

    /// [`Args::number`] for 32-bit values; a larger number counts as not given.
    pub(crate) fn number32(&self, name: &str) -> Option<u32> {
        self.value(name)
            .and_then(digits)
            .and_then(|v| u32::try_from(v).ok())
    }

    /// The options in command-line order, for those whose parsing prints something.
    pub(crate) fn in_order(&self) -> impl Iterator<Item = (&'static str, Option<&'a str>)> + '_ {
        self.entries.iter().copied()
    }
}

/// Decimal digits only (C `isdigit` on every character). A number too large for 64 bits
/// counts as not given, like any other non-number: upstream's `strtoull` would saturate to
/// a handle that names nothing, and the error would blame the HSMs.
pub(crate) fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// C `atoi`: optional blanks and sign, then leading digits; anything else gives 0.
pub(crate) fn atoi(s: &str) -> i64 {
    let s = s.trim_start();
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut value: i64 = 0;
    for b in rest.bytes().take_while(u8::is_ascii_digit) {
        value = value.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    if negative {
        -value
    } else {
        value
    }
}

/// C `strtoul(s, NULL, 0)`: `0x` hex, leading-`0` octal, otherwise decimal; the longest
/// valid prefix counts and garbage gives 0.
pub(crate) fn strtoul0(s: &str) -> u64 {
    let s = s.trim_start();
    let (radix, body) = if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (16, hex)
    } else if s.len() > 1 && s.starts_with('0') {
        (8, &s[1..])
    } else {
        (10, s)
    };
    let mut value: u64 = 0;
    for c in body.chars() {
        let Some(d) = c.to_digit(radix) else { break };
        value = value
            .saturating_mul(u64::from(radix))
            .saturating_add(u64::from(d));
    }
    value
}

/// A `-u 4,5` list: `atoi` of each comma-separated element, at most 8 read (docs/kmu.md §1.6).
pub(crate) fn user_list(s: &str) -> Vec<UserId> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| UserId(u32::try_from(atoi(t)).unwrap_or(0)))
        .collect()
}

/// `BN_hex2bn`: the leading hex digits as a big-endian number, without leading zero bytes.
pub(crate) fn hex_number(s: &str) -> Vec<u8> {
    let hex: String = s.chars().take_while(char::is_ascii_hexdigit).collect();
    let mut bytes = hex_bytes(&hex).unwrap_or_default();
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.drain(..first);
    bytes
}

/// Hex text to bytes; an odd digit count gets a leading zero.
pub(crate) fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let padded = if s.len() % 2 == 1 {
        format!("0{s}")
    } else {
        s.to_owned()
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| {
            padded
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: Options = &[
        ("-k", Kind::Value),
        ("-sess", Kind::Flag),
        ("-l", Kind::Value),
    ];

    #[test]
    fn values_flags_and_help() {
        let a = scan(&["-k", "6", "-sess", "-l", "x"], OPTS);
        assert!(!a.help);
        assert_eq!(a.number("-k"), Some(6));
        assert!(a.has("-sess"));
        assert_eq!(a.value("-l"), Some("x"));
        // A value is taken whatever it looks like.
        assert_eq!(scan(&["-k", "-h"], OPTS).value("-k"), Some("-h"));
        assert!(scan(&["-k"], OPTS).help);
        assert!(scan(&["-k", "1", "-k", "2"], OPTS).help);
        assert!(scan(&["-K", "1"], OPTS).help);
        // -h swallows the next token, as the real loop does.
        let a = scan(&["-h", "-sess"], OPTS);
        assert!(a.help && !a.has("-sess"));
    }

    #[test]
    fn shared_options_count_as_own() {
        let a = scan_with(
            &["-m", "2", "-sess", "-l", "x"],
            &[("-m", Kind::Value)],
            OPTS,
        );
        assert!(!a.help && a.has("-sess"));
        assert_eq!((a.number("-m"), a.value("-l")), (Some(2), Some("x")));
        assert!(scan_with(&["-k", "1", "-k", "2"], &[], OPTS).help);
    }

    #[test]
    fn c_number_parsers() {
        assert_eq!(digits("12"), Some(12));
        assert_eq!(digits("1a"), None);
        assert_eq!(digits("18446744073709551615"), Some(u64::MAX));
        assert_eq!(digits("18446744073709551616"), None);
        assert_eq!(atoi("12abc"), 12);
        assert_eq!(atoi("x"), 0);
        assert_eq!(strtoul0("0xdb"), 0xdb);
        assert_eq!(strtoul0("017"), 15);
        assert_eq!(strtoul0("abc"), 0);
        assert_eq!(user_list("4,5,,x"), [4, 5, 0].map(UserId));
        assert_eq!(hex_number("00a6a6zz"), vec![0xa6, 0xa6]);
    }
}
