//! Garbage lines for the tools: random bytes (invalid UTF-8 and control characters
//! included), huge lines, terminal escapes, and every command of each tool with random
//! arguments (numbers past their types, missing values, odd files).

use crate::rng::Rng;
use std::path::Path;

/// Arguments that tend to break parsers.
const ARGS: [&str; 28] = [
    "-h",
    "-k",
    "-l",
    "-p",
    "-s",
    "-u",
    "-t",
    "-m",
    "-f",
    "-out",
    "-min_srv",
    "-timeout",
    "-sess",
    "-nex",
    "-id",
    "-1",
    "0",
    "1",
    "4294967297",
    "18446744073709551616",
    "%s%n%x",
    "'",
    "\"",
    "\\",
    "CU",
    "CO",
    "admin",
    "y",
];

/// One garbage line (without its newline) for a tool whose commands are `names`; `big`
/// names a large file the arguments may point at.
pub(crate) fn line(rng: &mut Rng, names: &[&str], big: &Path) -> Vec<u8> {
    match rng.below(10) {
        0 => {
            let len = rng.below(200);
            let mut bytes = rng.bytes(len);
            bytes.retain(|b| *b != b'\n');
            bytes
        }
        1 => {
            // A huge line: a command with a megabyte argument, or just the megabyte.
            let mut l = if rng.chance(50) {
                format!("{} -l ", rng.pick(names)).into_bytes()
            } else {
                Vec::new()
            };
            l.extend(std::iter::repeat_n(b'A', 1 << 20));
            l
        }
        2 => {
            let controls: [&[u8]; 8] = [
                b"\x03",
                b"\x04",
                b"\x1b[A\x1b[B",
                b"\0\0\0",
                b"\r",
                b"\t\t",
                b"\x7f\x08",
                b"\x1b]0;x\x07",
            ];
            let mut l = rng.pick(names).as_bytes().to_vec();
            l.extend_from_slice(controls[rng.below(controls.len())]);
            l
        }
        3 => {
            // Invalid UTF-8 inside an otherwise plausible command.
            let mut l = format!("{} ", rng.pick(names)).into_bytes();
            l.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);
            l
        }
        _ => command(rng, names, big).into_bytes(),
    }
}

/// A command with zero to six random arguments.
fn command(rng: &mut Rng, names: &[&str], big: &Path) -> String {
    let mut words = vec![rng.pick(names).to_string()];
    for _ in 0..rng.below(7) {
        let word = match rng.below(6) {
            0 => big.display().to_string(),
            1 => rng
                .pick(&["/dev/null", "/dev/zero", "/nonexistent/x", "/tmp"])
                .to_string(),
            2 => (rng.next_u64() % 100_000).to_string(),
            _ => rng.pick(&ARGS).to_string(),
        };
        words.push(word);
    }
    words.join(" ")
}
