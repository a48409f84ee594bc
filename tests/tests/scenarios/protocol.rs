//! Malformed traffic on a raw socket: every bad frame gets a `Response::Protocol` error
//! frame and a closed connection (or just a closed connection), never a hang, and the
//! daemon goes on serving everyone else.

use crate::harness::{hsm_ids, TestDaemon};
use hsm_client::Client;
use hsm_proto::frame::{self, HEADER_LEN, MAGIC};
use hsm_proto::{
    HsmOp, ProtocolError, Request, Response, Secret, UserType, MAX_BODY_LEN, PROTOCOL_MAJOR,
    PROTOCOL_MINOR,
};
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// Longest the daemon may take to answer or close; far above any honest reply.
const PATIENCE: Duration = Duration::from_secs(30);

/// What the daemon did with a connection.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// It sent this error frame, then closed the connection.
    Rejected(ProtocolError),
    /// It closed the connection without a word.
    Closed,
}

pub(crate) fn connect(socket: &Path) -> UnixStream {
    let s = UnixStream::connect(socket).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    s.set_write_timeout(Some(PATIENCE)).expect("timeout");
    s
}

pub(crate) fn header(magic: [u8; 4], major: u8, reserved: [u8; 2], body_len: u32) -> Vec<u8> {
    let mut h = magic.to_vec();
    h.extend_from_slice(&[major, PROTOCOL_MINOR]);
    h.extend_from_slice(&reserved);
    h.extend_from_slice(&body_len.to_le_bytes());
    h
}

pub(crate) fn hello() -> Vec<u8> {
    frame::encode(&Request::Hello {
        client: "scenarios".to_owned(),
        major: PROTOCOL_MAJOR,
        minor: PROTOCOL_MINOR,
    })
    .expect("encode")
}

/// Reads one response frame, or `None` at end of stream. Panics if the daemon neither
/// answers nor closes within [`PATIENCE`].
pub(crate) fn read_response(stream: &mut UnixStream, buf: &mut Vec<u8>) -> Option<Response> {
    let started = Instant::now();
    loop {
        if let Some((response, used)) = frame::decode::<Response>(buf).expect("daemon frame") {
            buf.drain(..used);
            return Some(response);
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => {
                assert!(buf.is_empty(), "daemon closed mid-frame: {buf:?}");
                return None;
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            // A reset also means "closed".
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return None,
            Err(e) => panic!(
                "daemon neither answered nor closed after {:?}: {e}",
                started.elapsed()
            ),
        }
    }
}

/// Sends `bytes` (optionally closing our side afterwards) and reports what the daemon did.
fn outcome_of(socket: &Path, bytes: &[u8], then_eof: bool) -> Outcome {
    let mut s = connect(socket);
    // The daemon may close before it has read everything; that is fine.
    let _ = s.write_all(bytes);
    if then_eof {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut buf = Vec::new();
    match read_response(&mut s, &mut buf) {
        None => Outcome::Closed,
        Some(Response::Protocol(p)) => {
            assert_eq!(
                read_response(&mut s, &mut buf),
                None,
                "the connection stays open after a protocol error"
            );
            Outcome::Rejected(p)
        }
        Some(other) => panic!("expected a protocol error, got {other:?}"),
    }
}

/// The daemon still serves: a fresh client connects and lists its cluster.
fn assert_still_serving(socket: &Path) {
    let mut c = Client::connect(socket, "scenarios").expect("fresh client connects");
    match c.call(&Request::ListClusters).expect("ListClusters") {
        Response::Clusters(clusters) => assert_eq!(clusters[0].hsms.len(), 3),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn malformed_frames_are_rejected_and_the_daemon_keeps_serving() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let hsms = hsm_ids(&socket);
    // A session that lives through all of it, logged in.
    let mut bystander = Client::connect(&socket, "scenarios").expect("connect");
    let login = HsmOp::Login {
        user_type: UserType::Preco,
        name: "admin".to_owned(),
        password: Secret::new("password"),
    };
    assert_eq!(
        bystander.hsm(&hsms[0], login).expect("login"),
        Response::Done
    );

    let list_clusters = frame::encode(&Request::ListClusters).expect("encode");
    let mut garbage_body = header(MAGIC, PROTOCOL_MAJOR, [0, 0], 16);
    garbage_body.extend_from_slice(&[0xff; 16]);
    let mut unknown_variant = header(MAGIC, PROTOCOL_MAJOR, [0, 0], 1);
    unknown_variant.push(200);
    let mut truncated_body = hello();
    truncated_body.truncate(HEADER_LEN + 3);

    let cases: Vec<(&str, Vec<u8>, bool, Outcome)> = vec![
        (
            "bad magic",
            header(*b"XHSM", PROTOCOL_MAJOR, [0, 0], 0),
            false,
            Outcome::Rejected(ProtocolError::BadMagic),
        ),
        (
            "an HTTP request",
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            false,
            Outcome::Rejected(ProtocolError::BadMagic),
        ),
        (
            "two bytes of bad magic, connection left open",
            b"CX".to_vec(),
            false,
            Outcome::Rejected(ProtocolError::BadMagic),
        ),
        (
            "unknown major version",
            header(MAGIC, PROTOCOL_MAJOR + 1, [0, 0], 0),
            false,
            Outcome::Rejected(ProtocolError::UnsupportedVersion {
                supported_major: PROTOCOL_MAJOR,
            }),
        ),
        (
            "major version 0",
            header(MAGIC, 0, [0, 0], 0),
            false,
            Outcome::Rejected(ProtocolError::UnsupportedVersion {
                supported_major: PROTOCOL_MAJOR,
            }),
        ),
        (
            "non-zero reserved field",
            header(MAGIC, PROTOCOL_MAJOR, [0, 1], 0),
            false,
            Outcome::Rejected(ProtocolError::Malformed),
        ),
        (
            "body_len one above the limit, no body sent",
            header(MAGIC, PROTOCOL_MAJOR, [0, 0], MAX_BODY_LEN + 1),
            false,
            Outcome::Rejected(ProtocolError::TooLarge),
        ),
        (
            "body_len u32::MAX, no body sent",
            header(MAGIC, PROTOCOL_MAJOR, [0, 0], u32::MAX),
            false,
            Outcome::Rejected(ProtocolError::TooLarge),
        ),
        (
            "valid header, garbage body",
            garbage_body,
            false,
            Outcome::Rejected(ProtocolError::Malformed),
        ),
        (
            "valid header, unknown request variant",
            unknown_variant,
            false,
            Outcome::Rejected(ProtocolError::Malformed),
        ),
        (
            "empty body",
            header(MAGIC, PROTOCOL_MAJOR, [0, 0], 0),
            false,
            Outcome::Rejected(ProtocolError::Malformed),
        ),
        (
            "a request before Hello",
            list_clusters,
            false,
            Outcome::Rejected(ProtocolError::HelloRequired),
        ),
        (
            "half a header, then EOF",
            hello()[..7].to_vec(),
            true,
            Outcome::Closed,
        ),
        (
            "a header and part of the body, then EOF",
            truncated_body,
            true,
            Outcome::Closed,
        ),
        (
            "nothing at all, then EOF",
            Vec::new(),
            true,
            Outcome::Closed,
        ),
    ];
    for (what, bytes, then_eof, expected) in cases {
        let started = Instant::now();
        assert_eq!(outcome_of(&socket, &bytes, then_eof), expected, "{what}");
        assert!(
            started.elapsed() < PATIENCE,
            "{what}: took {:?}",
            started.elapsed()
        );
        assert_still_serving(&socket);
    }

    // Pseudo-random bytes (fixed seeds): an error frame or a close, never a hang.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for round in 0..20 {
        let len = 1 + (round * 37) % 300;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let outcome = outcome_of(&socket, &bytes, true);
        assert!(
            matches!(outcome, Outcome::Rejected(_) | Outcome::Closed),
            "random round {round}: {outcome:?}"
        );
    }
    assert_still_serving(&socket);

    // The bystander's session and login are intact.
    match bystander.hsm(&hsms[0], HsmOp::LoginState).expect("state") {
        Response::LoginState(Some(l)) => assert_eq!(l.name, "admin"),
        other => panic!("bystander lost its login: {other:?}"),
    }
}

#[test]
fn garbage_after_hello_is_rejected_on_a_greeted_connection() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    let mut s = connect(&socket);
    let mut buf = Vec::new();
    // Two frames in one write are answered in order.
    let mut bytes = hello();
    bytes.extend_from_slice(&frame::encode(&Request::ListClusters).expect("encode"));
    s.write_all(&bytes).expect("write");
    assert!(matches!(
        read_response(&mut s, &mut buf),
        Some(Response::Hello {
            major: PROTOCOL_MAJOR,
            ..
        })
    ));
    assert!(matches!(
        read_response(&mut s, &mut buf),
        Some(Response::Clusters(_))
    ));
    // Then a bad frame: error, close.
    s.write_all(&header(MAGIC, PROTOCOL_MAJOR, [7, 7], 0))
        .expect("write");
    assert_eq!(
        read_response(&mut s, &mut buf),
        Some(Response::Protocol(ProtocolError::Malformed))
    );
    assert_eq!(read_response(&mut s, &mut buf), None);
    assert_still_serving(&socket);
}

#[test]
fn stalled_and_oversized_senders_do_not_block_others() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    // A client that sends a header announcing a legal 1 MiB body and then stalls; and one
    // that sends half a header and stalls. Both connections stay open.
    let mut stalled_body = connect(&socket);
    stalled_body
        .write_all(&header(MAGIC, PROTOCOL_MAJOR, [0, 0], MAX_BODY_LEN))
        .expect("write");
    let mut stalled_header = connect(&socket);
    stalled_header.write_all(&hello()[..5]).expect("write");
    // Others are served meanwhile.
    for _ in 0..3 {
        assert_still_serving(&socket);
    }

    // An oversized announcement is refused while our side stays open and the body is never
    // sent: a reply at all shows the daemon neither waited for nor allocated the body.
    let mut big = connect(&socket);
    big.write_all(&hello()).expect("write");
    big.write_all(&header(MAGIC, PROTOCOL_MAJOR, [0, 0], 64 << 20))
        .expect("write");
    let mut buf = Vec::new();
    assert!(matches!(
        read_response(&mut big, &mut buf),
        Some(Response::Hello { .. })
    ));
    assert_eq!(
        read_response(&mut big, &mut buf),
        Some(Response::Protocol(ProtocolError::TooLarge))
    );
    assert_eq!(read_response(&mut big, &mut buf), None);

    // The stalled connection is still open and unanswered (the daemon waits for the
    // announced body); once the whole 1 MiB body arrives it is judged: 0xff bytes are no
    // request.
    stalled_body.set_nonblocking(true).expect("non-blocking");
    let mut probe = [0u8; 1];
    assert!(
        matches!(stalled_body.read(&mut probe), Err(e) if e.kind() == ErrorKind::WouldBlock),
        "the daemon answered before the announced body arrived"
    );
    stalled_body.set_nonblocking(false).expect("blocking");
    stalled_body
        .write_all(&vec![0xff; MAX_BODY_LEN as usize])
        .expect("write body");
    let mut buf = Vec::new();
    assert_eq!(
        read_response(&mut stalled_body, &mut buf),
        Some(Response::Protocol(ProtocolError::Malformed))
    );
    drop(stalled_header);
    assert_still_serving(&socket);
}

#[test]
fn trailing_bytes_in_a_body_and_a_foreign_hello_version_are_refused() {
    let daemon = TestDaemon::start(3);
    let socket = daemon.socket();
    // A valid Hello body followed by two stray bytes, all inside body_len.
    let body = postcard_body(&Request::Hello {
        client: "x".into(),
        major: PROTOCOL_MAJOR,
        minor: 0,
    });
    let mut padded = body;
    padded.extend_from_slice(&[0xde, 0xad]);
    let mut bytes = header(
        MAGIC,
        PROTOCOL_MAJOR,
        [0, 0],
        u32::try_from(padded.len()).unwrap(),
    );
    bytes.extend_from_slice(&padded);
    assert_eq!(
        outcome_of(&socket, &bytes, false),
        Outcome::Rejected(ProtocolError::Malformed)
    );
    // A well-framed Hello that claims another major version inside the body.
    let foreign = frame::encode(&Request::Hello {
        client: "x".into(),
        major: PROTOCOL_MAJOR + 1,
        minor: 0,
    })
    .unwrap();
    assert_eq!(
        outcome_of(&socket, &foreign, false),
        Outcome::Rejected(ProtocolError::UnsupportedVersion {
            supported_major: PROTOCOL_MAJOR
        })
    );
    assert_still_serving(&socket);
}

/// The body bytes of one encoded request (the frame minus its header).
fn postcard_body(request: &Request) -> Vec<u8> {
    frame::encode(request).expect("encode")[frame::HEADER_LEN..].to_vec()
}
