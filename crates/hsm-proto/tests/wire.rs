//! Golden bytes, round trips, and robustness of the decoder.

use hsm_proto::frame::{decode, encode, HEADER_LEN, MAGIC};
use hsm_proto::{ErrorCode, HsmOp, Request, Response, Secret, UserType};
use proptest::prelude::*;

#[test]
fn hello_request_golden_bytes() {
    let frame = encode(&Request::Hello {
        client: "cmu".into(),
        major: 1,
        minor: 0,
    })
    .unwrap();
    let expected: &[u8] = &[
        b'C', b'H', b'S', b'M', 1, 0, 0, 0, 7, 0, 0, 0, // header, body_len = 7
        0, // variant Hello
        3, b'c', b'm', b'u', // client
        1, 0, // major, minor
    ];
    assert_eq!(frame, expected);
}

#[test]
fn error_codes_travel_as_their_numeric_value() {
    let frame = encode(&Response::Failed(ErrorCode::LoginFailure)).unwrap();
    // variant 6 (Failed), then varint(0xa3) = a3 01
    assert_eq!(&frame[HEADER_LEN..], &[6, 0xa3, 0x01]);
    let frame = encode(&Response::Failed(ErrorCode::Unknown(0x4000_0049))).unwrap();
    let (back, _) = decode::<Response>(&frame).unwrap().unwrap();
    assert_eq!(back, Response::Failed(ErrorCode::Unknown(0x4000_0049)));
}

#[test]
fn login_round_trips() {
    let req = Request::Hsm {
        hsm_id: "hsm-abcdefghijk".into(),
        op: HsmOp::Login {
            user_type: UserType::Co,
            name: "admin".into(),
            password: Secret::new("password"),
        },
    };
    let frame = encode(&req).unwrap();
    assert_eq!(&frame[..4], &MAGIC);
    let (back, used) = decode::<Request>(&frame).unwrap().unwrap();
    assert_eq!(back, req);
    assert_eq!(used, frame.len());
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode::<Request>(&bytes);
        let _ = decode::<Response>(&bytes);
    }

    #[test]
    fn arbitrary_bodies_behind_a_valid_header_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..256)
    ) {
        let mut frame = MAGIC.to_vec();
        frame.extend_from_slice(&[1, 0, 0, 0]);
        frame.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
        frame.extend_from_slice(&body);
        let _ = decode::<Request>(&frame);
    }
}
