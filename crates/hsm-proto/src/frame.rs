//! Framing: every message is a 12-byte header followed by a postcard body.
//!
//! Header, little-endian: `magic[4] | major u8 | minor u8 | reserved u16 = 0 | body_len u32`.
//! The codec does no IO. [`decode`] tells "need more bytes" (`Ok(None)`) apart from
//! "invalid" (`Err`), and checks the length against [`MAX_BODY_LEN`] before anything is
//! allocated.

use serde::{de::DeserializeOwned, Serialize};
use std::fmt;

/// Identifies a cloudhsm-sim frame.
pub const MAGIC: [u8; 4] = *b"CHSM";
/// Incompatible protocol changes bump this.
pub const PROTOCOL_MAJOR: u8 = 1;
/// Compatible additions bump this.
pub const PROTOCOL_MINOR: u8 = 0;
/// Size of the fixed header in bytes.
pub const HEADER_LEN: usize = 12;
/// Largest body either side accepts (1 MiB): far above any real message.
pub const MAX_BODY_LEN: u32 = 1 << 20;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Protocol major version of the sender.
    pub major: u8,
    /// Protocol minor version of the sender.
    pub minor: u8,
    /// Length of the body that follows.
    pub body_len: u32,
}

/// Why bytes could not be read as a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The first four bytes are not [`MAGIC`].
    BadMagic,
    /// The sender speaks a major version this build does not.
    UnsupportedVersion {
        /// The sender's major version.
        major: u8,
        /// The sender's minor version.
        minor: u8,
    },
    /// The reserved field is not zero.
    BadReserved,
    /// The announced body is larger than [`MAX_BODY_LEN`].
    TooLarge(u32),
    /// The body is not a valid message.
    BadBody,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadMagic => f.write_str("bad magic"),
            Self::UnsupportedVersion { major, minor } => {
                write!(f, "unsupported protocol version {major}.{minor}")
            }
            Self::BadReserved => f.write_str("reserved header field is not zero"),
            Self::TooLarge(n) => {
                write!(f, "body of {n} bytes exceeds the {MAX_BODY_LEN}-byte limit")
            }
            Self::BadBody => f.write_str("malformed message body"),
        }
    }
}

impl std::error::Error for FrameError {}

/// Reads a header from the first [`HEADER_LEN`] bytes, if there are that many.
pub fn decode_header(buf: &[u8]) -> Result<Option<Header>, FrameError> {
    let Some(h) = buf.get(..HEADER_LEN) else {
        // Reject garbage as soon as the magic is visibly wrong, without waiting for more.
        let n = buf.len().min(MAGIC.len());
        if buf[..n] != MAGIC[..n] {
            return Err(FrameError::BadMagic);
        }
        return Ok(None);
    };
    if h[..4] != MAGIC {
        return Err(FrameError::BadMagic);
    }
    let (major, minor) = (h[4], h[5]);
    if major != PROTOCOL_MAJOR {
        return Err(FrameError::UnsupportedVersion { major, minor });
    }
    if h[6] != 0 || h[7] != 0 {
        return Err(FrameError::BadReserved);
    }
    let body_len = u32::from_le_bytes([h[8], h[9], h[10], h[11]]);
    if body_len > MAX_BODY_LEN {
        return Err(FrameError::TooLarge(body_len));
    }
    Ok(Some(Header {
        major,
        minor,
        body_len,
    }))
}

/// Decodes one whole frame from the front of `buf`. Returns the message and the number of
/// bytes it used, or `Ok(None)` when more bytes are needed.
pub fn decode<T: DeserializeOwned>(buf: &[u8]) -> Result<Option<(T, usize)>, FrameError> {
    let Some(header) = decode_header(buf)? else {
        return Ok(None);
    };
    let total = HEADER_LEN + header.body_len as usize;
    let Some(body) = buf.get(HEADER_LEN..total) else {
        return Ok(None);
    };
    // A body must be exactly one message: trailing bytes are as malformed as missing ones.
    match postcard::take_from_bytes(body) {
        Ok((msg, [])) => Ok(Some((msg, total))),
        _ => Err(FrameError::BadBody),
    }
}

/// Encodes a message as one frame.
pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let body = postcard::to_stdvec(msg).map_err(|_| FrameError::BadBody)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|n| *n <= MAX_BODY_LEN)
        .ok_or(FrameError::TooLarge(u32::MAX))?;
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.push(PROTOCOL_MAJOR);
    out.push(PROTOCOL_MINOR);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_input_needs_more() {
        let frame = encode(&42u32).unwrap();
        for cut in 0..frame.len() {
            assert_eq!(decode::<u32>(&frame[..cut]), Ok(None), "cut at {cut}");
        }
        assert_eq!(decode::<u32>(&frame), Ok(Some((42, frame.len()))));
    }

    #[test]
    fn oversized_length_is_rejected_before_the_body_arrives() {
        let mut h = MAGIC.to_vec();
        h.extend_from_slice(&[PROTOCOL_MAJOR, 0, 0, 0]);
        h.extend_from_slice(&(MAX_BODY_LEN + 1).to_le_bytes());
        assert_eq!(
            decode_header(&h),
            Err(FrameError::TooLarge(MAX_BODY_LEN + 1))
        );
    }

    #[test]
    fn garbage_is_rejected_early() {
        assert_eq!(decode_header(b"GET "), Err(FrameError::BadMagic));
        assert_eq!(decode_header(b"CH"), Ok(None));
        assert_eq!(decode_header(b"CX"), Err(FrameError::BadMagic));
    }
}
