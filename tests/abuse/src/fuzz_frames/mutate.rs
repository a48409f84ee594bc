//! How a fuzzed frame is made: byte-level mutations of whole frames (bit flips,
//! truncation, length-field lies, random bytes) and structure-aware ones (a correct
//! header around the mutated postcard body of a real request).

use crate::rng::Rng;
use hsm_proto::frame::{HEADER_LEN, MAGIC};
use hsm_proto::{MAX_BODY_LEN, PROTOCOL_MAJOR, PROTOCOL_MINOR};

/// Values that tend to sit on boundaries.
const INTERESTING: [u8; 8] = [0, 1, 0x7f, 0x80, 0xfe, 0xff, 0x40, 0x20];

/// A header announcing `body_len`.
pub(crate) fn header(body_len: u32) -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    h.extend_from_slice(&[PROTOCOL_MAJOR, PROTOCOL_MINOR, 0, 0]);
    h.extend_from_slice(&body_len.to_le_bytes());
    h
}

/// `body` framed with its true length.
pub(crate) fn framed(body: &[u8]) -> Vec<u8> {
    let mut f = header(u32::try_from(body.len()).unwrap_or(u32::MAX));
    f.extend_from_slice(body);
    f
}

/// One fuzzed frame from the seed `bodies`.
pub(crate) fn frame(rng: &mut Rng, bodies: &[Vec<u8>]) -> Vec<u8> {
    let body = rng.pick(bodies).clone();
    match rng.below(10) {
        // Structure-aware: the body mutated, the header honest.
        0..=4 => framed(&mutate_body(rng, body, bodies)),
        5 => flip_bits(rng, framed(&body)),
        6 => truncate(rng, framed(&body)),
        7 => lie_about_length(rng, &body),
        8 => {
            let len = 1 + rng.below(64);
            rng.bytes(len)
        }
        // Random bytes behind a valid header.
        _ => {
            let len = rng.below(256);
            framed(&rng.bytes(len))
        }
    }
}

/// One to four mutations of a postcard body.
fn mutate_body(rng: &mut Rng, mut body: Vec<u8>, bodies: &[Vec<u8>]) -> Vec<u8> {
    for _ in 0..=rng.below(4) {
        let at = rng.below(body.len() + 1);
        match rng.below(7) {
            0 if at < body.len() => body[at] ^= 1 << rng.below(8),
            1 if at < body.len() => body[at] = *rng.pick(&INTERESTING),
            2 => {
                let n = 1 + rng.below(8);
                let bytes = rng.bytes(n);
                body.splice(at..at, bytes);
            }
            3 if at < body.len() => {
                let end = (at + 1 + rng.below(8)).min(body.len());
                body.drain(at..end);
            }
            4 => body.truncate(at),
            5 => {
                // Splice the tail of another variant's body.
                let other = rng.pick(bodies);
                let from = rng.below(other.len() + 1);
                body.truncate(at);
                body.extend_from_slice(&other[from..]);
            }
            _ if at < body.len() => {
                // A varint that never ends, or a huge length prefix.
                let n = 1 + rng.below(10);
                body.splice(at..at, std::iter::repeat_n(0xff, n));
            }
            _ => {}
        }
    }
    body
}

fn flip_bits(rng: &mut Rng, mut frame: Vec<u8>) -> Vec<u8> {
    for _ in 0..=rng.below(3) {
        let at = rng.below(frame.len());
        frame[at] ^= 1 << rng.below(8);
    }
    frame
}

fn truncate(rng: &mut Rng, mut frame: Vec<u8>) -> Vec<u8> {
    let keep = rng.below(frame.len());
    frame.truncate(keep);
    frame
}

fn lie_about_length(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let real = u32::try_from(body.len()).unwrap_or(0);
    let random = u32::try_from(rng.next_u64() >> 32).unwrap_or(0);
    let lie = *rng.pick(&[
        0,
        real.saturating_sub(1),
        real + 1,
        real + 1000,
        MAX_BODY_LEN,
        MAX_BODY_LEN + 1,
        u32::MAX,
        random,
    ]);
    let mut f = header(lie);
    f.extend_from_slice(body);
    debug_assert!(f.len() >= HEADER_LEN);
    f
}
