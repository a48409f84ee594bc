//! The CloudHSM model, with no IO.
//!
//! Modules follow the domain:
//! - [`cluster`] and [`hsm`]: a set of clusters, each of several HSMs with identities;
//! - [`replica`]: what one HSM holds (users and counters): every HSM is its own replica;
//! - [`objects`]: key objects (records, attributes, handles), as an HSM stores them;
//! - [`user`] and [`password`]: user records, name rules, argon2id hashes;
//! - [`session`]: per-connection login state, per HSM;
//! - [`policy`]: the one place that decides who may run what;
//! - [`command`]: what goes in and out of [`Core`]: [`Command`], [`Step`], [`Job`];
//! - `context`: what one command may touch;
//! - [`ops`]: one file per HSM command;
//! - [`store`]: the [`Store`] trait that persistence implements, and [`MemStore`];
//! - [`crypto`]: key generation, check values, signatures, wrapping, PEM (no IO);
//! - [`core`]: [`Core`], the single entry point that runs the gate and dispatches.
//!
//! The request path and where a new command goes: docs/ARCHITECTURE.md.
//! Depends only on `hsm-proto` among workspace crates.

mod argon_memory;
pub mod cluster;
pub mod command;
pub mod config;
mod context;
pub mod core;
pub mod crypto;
pub mod error;
pub mod hsm;
pub mod ids;
pub mod objects;
mod ops;
pub mod password;
pub mod policy;
pub mod replica;
pub mod session;
pub mod store;
pub mod user;

pub use crate::core::Core;
pub use command::{Command, Job, JobKind, JobOutput, Outcome, Reply, Step};
pub use config::CoreConfig;
pub use error::{HsmError, StoreError};
pub use password::NewPassword;
pub use session::SessionId;
pub use store::{Change, MemStore, Store, StoredState};
