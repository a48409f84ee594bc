//! One client connection: frames in, frames out, one session for its lifetime.
//!
//! Two deadlines bound what a client may hold without making progress (docs/daemon.md):
//! the whole `Hello` must arrive within `hello_timeout` of connecting, and every frame
//! within `frame_timeout` of its first byte. Between frames a greeted client may idle for
//! ever (a person at the prompt).

use crate::dispatch;
use crate::frame_buf::FrameBuf;
use crate::limits::Limits;
use crate::state::{lock, SharedCore};
use crate::ungreeted::Ticket;
use crate::warn_budget::WarnBudget;
use hsm_core::SessionId;
use hsm_proto::frame::{self, FrameError};
use hsm_proto::{ProtocolError, Request, Response, PROTOCOL_MAJOR};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::sync::Notify;
use tokio::time::Instant;
use zeroize::Zeroize;

/// Ends the session however the connection ends, so its logins vanish with it.
struct SessionGuard {
    core: SharedCore,
    id: SessionId,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        lock(&self.core).close_session(self.id);
        tracing::debug!(session = self.id.0, "session closed");
    }
}

/// What waiting for more bytes produced.
enum Read {
    Data,
    Closed,
    /// The deadline passed first.
    Late,
    /// The accept loop needed this ungreeted connection's descriptor.
    Evicted,
}

pub(crate) async fn handle(
    mut stream: UnixStream,
    core: SharedCore,
    limits: Limits,
    warnings: &WarnBudget,
    ticket: Ticket,
) {
    let mut ticket = Some(ticket);
    let id = lock(&core).open_session();
    let guard = SessionGuard { core, id };
    tracing::debug!(session = id.0, "session opened");
    let hello_deadline = Instant::now() + limits.hello_timeout;
    let mut frame_deadline: Option<Instant> = None;
    let mut buf = FrameBuf::default();
    let mut greeted = false;
    loop {
        let request = match buf.take::<Request>() {
            Ok(Some(request)) => {
                // Bytes left over are the start of the next frame, whose clock starts now.
                frame_deadline = (!buf.is_empty()).then(|| Instant::now() + limits.frame_timeout);
                request
            }
            Ok(None) => {
                let deadline = match (greeted, frame_deadline) {
                    (false, Some(f)) => Some(f.min(hello_deadline)),
                    (false, None) => Some(hello_deadline),
                    (true, f) => f,
                };
                let evicted = ticket.as_ref().map(|t| &*t.evicted);
                match read_more(&mut stream, &mut buf, deadline, evicted).await {
                    Read::Data => {
                        frame_deadline.get_or_insert_with(|| Instant::now() + limits.frame_timeout);
                    }
                    Read::Closed => break,
                    Read::Evicted => {
                        tracing::debug!(
                            session = id.0,
                            "closed without a Hello to free a descriptor"
                        );
                        break;
                    }
                    Read::Late => {
                        if warnings.allow() {
                            let what = if greeted {
                                "frame unfinished"
                            } else {
                                "no Hello"
                            };
                            tracing::warn!(session = id.0, "{what} within its deadline; closing");
                        }
                        break;
                    }
                }
                continue;
            }
            Err(e) => {
                if warnings.allow() {
                    tracing::warn!(session = id.0, error = %e, "unreadable frame; closing");
                }
                let _ = send(&mut stream, &Response::Protocol(protocol_error(&e))).await;
                break;
            }
        };
        if let Request::Hello { major, .. } = request {
            if major != PROTOCOL_MAJOR {
                let refusal = ProtocolError::UnsupportedVersion {
                    supported_major: PROTOCOL_MAJOR,
                };
                let _ = send(&mut stream, &Response::Protocol(refusal)).await;
                break;
            }
        }
        let is_hello = matches!(request, Request::Hello { .. });
        if !greeted && !is_hello {
            let _ = send(
                &mut stream,
                &Response::Protocol(ProtocolError::HelloRequired),
            )
            .await;
            break;
        }
        if is_hello {
            greeted = true;
            ticket = None;
        }
        let response = dispatch::dispatch(&guard.core, id, request).await;
        if send(&mut stream, &response).await.is_err() {
            break;
        }
    }
}

/// Reads what has arrived into `buf`, giving up at `deadline` or when `evicted` is
/// signalled.
async fn read_more(
    stream: &mut UnixStream,
    buf: &mut FrameBuf,
    deadline: Option<Instant>,
    evicted: Option<&Notify>,
) -> Read {
    let mut chunk = [0u8; 8192];
    let read = async {
        match deadline {
            None => Some(stream.read(&mut chunk).await),
            Some(deadline) => tokio::time::timeout_at(deadline, stream.read(&mut chunk))
                .await
                .ok(),
        }
    };
    let result = match evicted {
        None => read.await,
        Some(evicted) => tokio::select! {
            result = read => result,
            () = evicted.notified() => return Read::Evicted,
        },
    };
    let outcome = match result {
        None => Read::Late,
        Some(Ok(0) | Err(_)) => Read::Closed,
        Some(Ok(n)) => {
            buf.push(&chunk[..n]);
            Read::Data
        }
    };
    // The chunk may hold part of a password.
    chunk.zeroize();
    outcome
}

async fn send(stream: &mut UnixStream, response: &Response) -> std::io::Result<()> {
    let bytes = frame::encode(response)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    stream.write_all(&bytes).await
}

fn protocol_error(e: &FrameError) -> ProtocolError {
    match e {
        FrameError::BadMagic => ProtocolError::BadMagic,
        FrameError::UnsupportedVersion { .. } => ProtocolError::UnsupportedVersion {
            supported_major: PROTOCOL_MAJOR,
        },
        FrameError::TooLarge(_) => ProtocolError::TooLarge,
        FrameError::BadReserved | FrameError::BadBody => ProtocolError::Malformed,
    }
}
