//! Wire vocabulary of cloudhsm-sim: what crosses the Unix socket between the daemon and the
//! command-line tools.
//!
//! Modules:
//! - [`frame`]: the IO-free framing codec (header with magic, version and a checked length);
//! - [`ids`]: [`KeyHandle`], [`UserId`] and [`HsmId`], each its own type;
//! - [`keys`]: key templates, filters, attributes and per-node results;
//! - [`message`]: request and response bodies, encoded with postcard;
//! - [`error`]: [`ErrorCode`], the HSM result codes, carried as plain `u32`;
//! - [`paths`]: the default data directory and socket path, shared by daemon and tools;
//! - [`secret`]: [`Secret`], a string that zeroizes itself and never prints.
//!
//! This crate depends on no other workspace crate.

pub mod error;
pub mod frame;
pub mod ids;
pub mod keys;
pub mod message;
pub mod paths;
pub mod secret;

pub use error::ErrorCode;
pub use frame::{FrameError, Header, MAX_BODY_LEN, PROTOCOL_MAJOR, PROTOCOL_MINOR};
pub use ids::{HsmId, KeyHandle, UserId};
pub use keys::KeyRequest;
pub use message::{
    ClusterInfo, HsmIdentity, HsmInfo, HsmOp, LoginInfo, ProtocolError, Request, Response,
    UserInfo, UserType,
};
pub use secret::{Secret, SecretBytes};
