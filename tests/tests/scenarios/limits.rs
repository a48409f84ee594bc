//! The connection limit and the deadlines of hsm-daemon's `Limits` (docs/daemon.md), on
//! in-process daemons with a small limit and short deadlines. Assertions are about
//! behaviour (refused, closed, served), never about how fast; the bounds on waiting are
//! generous so a loaded machine cannot make them fail.

use crate::harness::{wait_until, TestDaemon};
use crate::protocol::{connect, header, hello, read_response};
use hsm_client::{Client, ClientError};
use hsm_daemon::Limits;
use hsm_proto::frame::MAGIC;
use hsm_proto::{ProtocolError, Request, Response, PROTOCOL_MAJOR};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a test waits for the daemon to do what a deadline requires of it.
const SLACK: Duration = Duration::from_secs(10);

fn daemon(limits: Limits) -> TestDaemon {
    TestDaemon::start_limited(1, limits)
}

fn served(socket: &Path) -> bool {
    Client::connect(socket, "scenarios")
        .and_then(|mut c| c.call(&Request::ListClusters))
        .is_ok_and(|r| matches!(r, Response::Clusters(_)))
}

/// Whether the daemon closed `stream` (end of stream or reset), waiting at most [`SLACK`].
fn closed_by_daemon(stream: &mut UnixStream) -> bool {
    stream.set_read_timeout(Some(SLACK)).expect("timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Err(e) => e.kind() == ErrorKind::ConnectionReset,
        Ok(_) => panic!("the daemon sent bytes"),
    }
}

#[test]
fn connections_beyond_the_limit_are_refused_with_a_reason_until_a_slot_frees() {
    let d = daemon(Limits {
        max_connections: 2,
        ..Limits::default()
    });
    let socket = d.socket();
    let first = Client::connect(&socket, "scenarios").expect("first");
    let _second = Client::connect(&socket, "scenarios").expect("second");
    for _ in 0..3 {
        match Client::connect(&socket, "scenarios") {
            Err(ClientError::Protocol(ProtocolError::TooManyConnections)) => {}
            Err(e) => panic!("refused without the reason: {e}"),
            Ok(_) => panic!("a third connection was served beyond the limit of 2"),
        }
    }
    drop(first);
    assert!(
        wait_until(SLACK, || served(&socket)),
        "the slot of a closed connection was not freed"
    );
}

#[test]
fn a_connection_that_sends_no_hello_is_closed_at_the_hello_deadline() {
    let d = daemon(Limits {
        // Long enough that a loaded machine still greets in time, short for a test.
        hello_timeout: Duration::from_millis(1000),
        ..Limits::default()
    });
    let socket = d.socket();
    let mut silent = connect(&socket);
    let mut half_hello = connect(&socket);
    half_hello.write_all(&hello()[..7]).expect("write");
    let mut greeted = Client::connect(&socket, "scenarios").expect("greeted");
    assert!(
        closed_by_daemon(&mut silent),
        "a silent connection stayed open"
    );
    assert!(
        closed_by_daemon(&mut half_hello),
        "half a Hello kept its connection open"
    );
    // A greeted client may idle as long as it likes.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(matches!(
        greeted.call(&Request::ListClusters),
        Ok(Response::Clusters(_))
    ));
}

#[test]
fn a_frame_dribbled_a_byte_at_a_time_is_closed_at_the_frame_deadline() {
    let frame_timeout = Duration::from_millis(500);
    let d = daemon(Limits {
        frame_timeout,
        ..Limits::default()
    });
    let socket = d.socket();
    let mut s = connect(&socket);
    s.write_all(&hello()).expect("hello");
    let mut buf = Vec::new();
    assert!(matches!(
        read_response(&mut s, &mut buf),
        Some(Response::Hello { .. })
    ));
    // A legal 4 KiB frame, one byte every 50 ms: every read is far quicker than any
    // per-read timeout, but the frame would take minutes.
    let mut frame = header(MAGIC, PROTOCOL_MAJOR, [0, 0], 4096);
    frame.resize(frame.len() + 4096, 0xff);
    s.set_nonblocking(true).expect("non-blocking");
    let started = Instant::now();
    let mut closed = false;
    for byte in &frame {
        if s.write_all(std::slice::from_ref(byte)).is_err() {
            closed = true;
            break;
        }
        let mut probe = [0u8; 1];
        match s.read(&mut probe) {
            Ok(0) => {
                closed = true;
                break;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            other => panic!("unexpected {other:?}"),
        }
        if started.elapsed() > frame_timeout + SLACK {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        closed,
        "a dribbled frame was still open after {:?}",
        started.elapsed()
    );
    assert!(served(&socket));
}
