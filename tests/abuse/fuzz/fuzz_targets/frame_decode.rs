//! The frame decoder on arbitrary bytes, as both sides read them: the header, a whole
//! `Request` (what the daemon decodes) and a whole `Response` (what the tools decode).
//! Nothing may panic, a frame never claims more bytes than it was given, and whatever
//! decodes re-encodes to a frame that decodes to the same message.
#![no_main]

use hsm_proto::frame::{self, HEADER_LEN};
use hsm_proto::{Request, Response, MAX_BODY_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some(header)) = frame::decode_header(data) {
        assert!(header.body_len <= MAX_BODY_LEN);
        assert!(data.len() >= HEADER_LEN);
    }
    if let Ok(Some((request, used))) = frame::decode::<Request>(data) {
        assert!(used <= data.len());
        let again = frame::encode(&request).expect("a decoded request re-encodes");
        let (back, n) = frame::decode::<Request>(&again)
            .expect("re-encoded request decodes")
            .expect("whole frame");
        assert_eq!(n, again.len());
        assert_eq!(back, request);
    }
    if let Ok(Some((response, used))) = frame::decode::<Response>(data) {
        assert!(used <= data.len());
        let _ = frame::encode(&response);
    }
});
