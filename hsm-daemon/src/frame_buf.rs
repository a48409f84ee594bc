//! [`FrameBuf`]: the bytes a connection has received but not yet decoded.
//!
//! It grows with the bytes that actually arrive, never with the length a header
//! announces, so a client that promises 1 MiB and sends 12 bytes costs 12 bytes. After a
//! large frame it gives the memory back, and every buffer it lets go of is wiped first,
//! since requests carry passwords.

use hsm_proto::frame::{self, FrameError};
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

/// Capacity kept between frames; a larger buffer is released once its frame is decoded.
pub(crate) const KEEP_CAPACITY: usize = 16 * 1024;

/// Received, not yet decoded bytes. Wiped when dropped.
#[derive(Default)]
pub(crate) struct FrameBuf {
    bytes: Vec<u8>,
}

impl FrameBuf {
    /// Appends received bytes. Grows by doubling, wiping the old allocation rather than
    /// leaving a copy of it in freed memory as `Vec`'s own growth would.
    pub(crate) fn push(&mut self, data: &[u8]) {
        let needed = self.bytes.len() + data.len();
        if needed > self.bytes.capacity() {
            let capacity = needed.max(2 * self.bytes.capacity()).max(1024);
            self.replace_allocation(capacity);
        }
        self.bytes.extend_from_slice(data);
    }

    /// Decodes the frame at the front, if it is complete, and drops its bytes.
    pub(crate) fn take<T: DeserializeOwned>(&mut self) -> Result<Option<T>, FrameError> {
        let Some((message, used)) = frame::decode::<T>(&self.bytes)? else {
            return Ok(None);
        };
        self.bytes[..used].zeroize();
        self.bytes.drain(..used);
        if self.bytes.capacity() > KEEP_CAPACITY {
            // A connection that sent one big frame must not hold its memory until it
            // closes: hundreds of idle connections would each keep up to 2 MiB.
            self.replace_allocation(self.bytes.len());
        }
        Ok(Some(message))
    }

    /// Whether no bytes are waiting (no frame has started).
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    fn replace_allocation(&mut self, capacity: usize) {
        let mut fresh = Vec::with_capacity(capacity);
        fresh.extend_from_slice(&self.bytes);
        // Wipes the whole old allocation, spare capacity included.
        self.bytes.zeroize();
        self.bytes = fresh;
    }
}

impl Drop for FrameBuf {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsm_proto::frame::{HEADER_LEN, MAGIC, MAX_BODY_LEN, PROTOCOL_MAJOR};

    #[test]
    fn an_announced_length_reserves_nothing() {
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&[PROTOCOL_MAJOR, 0, 0, 0]);
        header.extend_from_slice(&MAX_BODY_LEN.to_le_bytes());
        let mut buf = FrameBuf::default();
        buf.push(&header);
        buf.push(&[0; 10]);
        assert_eq!(buf.take::<Vec<u8>>(), Ok(None));
        assert!(buf.capacity() <= KEEP_CAPACITY, "{}", buf.capacity());
    }

    #[test]
    fn memory_is_released_after_a_large_frame() {
        let big = frame::encode(&vec![7u8; 600 * 1024]).unwrap();
        let small = frame::encode(&vec![1u8; 3]).unwrap();
        let mut buf = FrameBuf::default();
        for chunk in big.chunks(8192) {
            buf.push(chunk);
        }
        // Part of the next frame arrived with the end of the big one.
        buf.push(&small[..HEADER_LEN]);
        assert!(buf.capacity() >= big.len());
        assert_eq!(
            buf.take::<Vec<u8>>().unwrap().map(|v| v.len()),
            Some(600 * 1024)
        );
        assert!(buf.capacity() <= KEEP_CAPACITY, "{}", buf.capacity());
        buf.push(&small[HEADER_LEN..]);
        assert_eq!(buf.take::<Vec<u8>>(), Ok(Some(vec![1, 1, 1])));
        assert!(buf.is_empty());
    }
}
