//! Blocking client for the cloudhsm-sim daemon.
//!
//! [`Client::connect`] opens the socket and performs the `Hello` exchange;
//! [`Client::call`] sends one request and waits for its reply. [`ClientError`] keeps this
//! side's failures (IO, framing, version, unexpected replies) apart from the HSM's own
//! answers ([`ClientError::Hsm`]).
//!
//! Depends only on `hsm-proto`.

use hsm_proto::frame::{self, FrameError};
use hsm_proto::HsmId;
use hsm_proto::{
    ErrorCode, HsmOp, ProtocolError, Request, Response, PROTOCOL_MAJOR, PROTOCOL_MINOR,
};
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use zeroize::Zeroizing;

/// Why a call did not produce an HSM answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The socket failed.
    #[error("daemon connection failed: {0}")]
    Io(#[from] io::Error),
    /// The daemon sent bytes that are not a valid frame.
    #[error("invalid frame from daemon: {0}")]
    Frame(#[from] FrameError),
    /// The daemon closed the connection.
    #[error("daemon closed the connection")]
    Closed,
    /// The daemon speaks another protocol major version.
    #[error("daemon speaks protocol {major}.{minor}, this tool speaks {PROTOCOL_MAJOR}.{PROTOCOL_MINOR}")]
    Version {
        /// Daemon major version.
        major: u8,
        /// Daemon minor version.
        minor: u8,
    },
    /// The daemon rejected the request as unreadable.
    #[error("daemon rejected the request: {0:?}")]
    Protocol(ProtocolError),
    /// The reply does not fit the request.
    #[error("unexpected reply from daemon: {0:?}")]
    Unexpected(Box<Response>),
    /// The HSM answered with an error code.
    #[error("HSM error 0x{:x}", .0.value())]
    Hsm(ErrorCode),
}

/// A connection to the daemon.
pub struct Client {
    stream: UnixStream,
    buf: Vec<u8>,
    daemon_version: String,
}

impl Client {
    /// Connects to the socket at `path` and exchanges versions. `client` names the tool.
    pub fn connect(path: &Path, client: &str) -> Result<Self, ClientError> {
        let stream = UnixStream::connect(path)?;
        let mut me = Self {
            stream,
            buf: Vec::new(),
            daemon_version: String::new(),
        };
        let hello = Request::Hello {
            client: client.to_owned(),
            major: PROTOCOL_MAJOR,
            minor: PROTOCOL_MINOR,
        };
        match me.call(&hello)? {
            Response::Hello {
                daemon_version,
                major,
                minor,
            } => {
                if major != PROTOCOL_MAJOR {
                    return Err(ClientError::Version { major, minor });
                }
                me.daemon_version = daemon_version;
                Ok(me)
            }
            other => Err(ClientError::Unexpected(Box::new(other))),
        }
    }

    /// The version string the daemon reported.
    pub fn daemon_version(&self) -> &str {
        &self.daemon_version
    }

    /// Sends a request and returns the reply. Protocol-level rejections become errors;
    /// HSM-level failures are returned as [`Response::Failed`].
    pub fn call(&mut self, request: &Request) -> Result<Response, ClientError> {
        // The encoded request may carry a password: wipe it once sent.
        let bytes = Zeroizing::new(frame::encode(request)?);
        if let Err(e) = self.stream.write_all(&bytes) {
            // A daemon at its connection limit answers before it reads anything and
            // closes; its refusal explains the broken pipe better than the pipe does.
            return match self.read_response() {
                Err(ClientError::Protocol(p)) => Err(ClientError::Protocol(p)),
                _ => Err(e.into()),
            };
        }
        self.read_response()
    }

    fn read_response(&mut self) -> Result<Response, ClientError> {
        loop {
            if let Some((response, used)) = frame::decode::<Response>(&self.buf)? {
                self.buf.drain(..used);
                if let Response::Protocol(p) = response {
                    return Err(ClientError::Protocol(p));
                }
                return Ok(response);
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(ClientError::Closed);
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Runs `op` on one HSM; an HSM failure becomes [`ClientError::Hsm`].
    pub fn hsm(&mut self, hsm_id: &HsmId, op: HsmOp) -> Result<Response, ClientError> {
        match self.call(&Request::Hsm {
            hsm_id: hsm_id.clone(),
            op,
        })? {
            Response::Failed(code) => Err(ClientError::Hsm(code)),
            other => Ok(other),
        }
    }
}
