//! One client connection: frames in, frames out, one session for its lifetime.

use crate::dispatch;
use crate::state::{lock, SharedCore};
use hsm_core::SessionId;
use hsm_proto::frame::{self, FrameError};
use hsm_proto::{ProtocolError, Request, Response, PROTOCOL_MAJOR};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use zeroize::Zeroize;

/// How long the rest of a started frame may take to arrive.
const MID_FRAME_TIMEOUT: Duration = Duration::from_secs(30);

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

pub(crate) async fn handle(mut stream: UnixStream, core: SharedCore) {
    let id = lock(&core).open_session();
    let guard = SessionGuard { core, id };
    tracing::debug!(session = id.0, "session opened");
    let mut buf = Vec::new();
    let mut greeted = false;
    loop {
        let request = match frame::decode::<Request>(&buf) {
            Ok(Some((request, used))) => {
                // Consumed bytes may hold a password.
                buf[..used].zeroize();
                buf.drain(..used);
                request
            }
            Ok(None) => {
                let mut chunk = [0u8; 8192];
                // Between requests a client may idle for ever (a person at the prompt);
                // halfway through a frame it must keep sending.
                let read = stream.read(&mut chunk);
                let read = if buf.is_empty() {
                    read.await
                } else {
                    match tokio::time::timeout(MID_FRAME_TIMEOUT, read).await {
                        Ok(r) => r,
                        Err(_) => {
                            tracing::warn!(session = id.0, "frame stalled; closing");
                            break;
                        }
                    }
                };
                match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
                chunk.zeroize();
                continue;
            }
            Err(e) => {
                tracing::warn!(session = id.0, error = %e, "unreadable frame; closing");
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
        greeted |= is_hello;
        let response = dispatch::dispatch(&guard.core, id, request).await;
        if send(&mut stream, &response).await.is_err() {
            break;
        }
    }
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
