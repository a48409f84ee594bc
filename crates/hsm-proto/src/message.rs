//! Request and response bodies.
//!
//! Enum variants are append-only: postcard encodes a variant by its index, so reordering
//! or removing one breaks older peers.

use crate::ids::{HsmId, UserId};
use crate::keys::{ClusterReply, KeyRequest};
use crate::{ErrorCode, Secret};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A user type as CMU shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UserType {
    /// Pre-crypto officer: the never-activated `admin`.
    Preco,
    /// Crypto officer.
    Co,
    /// Primary crypto officer (behaves exactly as a CO).
    Pco,
    /// Crypto user.
    Cu,
    /// Appliance user (`app_user`).
    Au,
}

impl UserType {
    /// The spelling the tools print.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preco => "PRECO",
            Self::Co => "CO",
            Self::Pco => "PCO",
            Self::Cu => "CU",
            Self::Au => "AU",
        }
    }

    /// Whether this type matches `other` for look-ups, where CO and PCO are the same.
    pub fn matches(self, other: UserType) -> bool {
        self.canonical() == other.canonical()
    }

    fn canonical(self) -> UserType {
        match self {
            Self::Pco => Self::Co,
            t => t,
        }
    }
}

impl fmt::Display for UserType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where one simulated HSM lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HsmIdentity {
    /// `hsm-` followed by 11 base32 characters.
    pub hsm_id: HsmId,
    /// The cluster the HSM belongs to.
    pub cluster_id: String,
    /// The ENI IP address, which CMU configs name as `hostname`.
    pub eni_ip: String,
    /// Availability zone, e.g. `us-east-1a`.
    pub availability_zone: String,
    /// The port CMU connects to (2225).
    pub port: u16,
}

/// One simulated cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterInfo {
    /// `cluster-` followed by 11 base32 characters.
    pub cluster_id: String,
    /// AWS region name.
    pub region: String,
    /// HSM type, e.g. `hsm1.medium`.
    pub hsm_type: String,
    /// The cluster's HSMs in creation order.
    pub hsms: Vec<HsmIdentity>,
}

/// One row of `listUsers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// User ID on that HSM.
    pub id: UserId,
    /// User type.
    pub user_type: UserType,
    /// Name as created (case preserved).
    pub name: String,
    /// Whether a quorum (MofN) public key is registered.
    pub mofn_pub_key: bool,
    /// Consecutive failed logins on that HSM.
    pub login_failure_count: u32,
    /// Whether two-factor authentication is enabled.
    pub two_factor: bool,
}

/// Who a session is logged in as on one HSM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginInfo {
    /// User name as stored.
    pub name: String,
    /// User type as stored.
    pub user_type: UserType,
}

/// The fields `getHSMInfo` prints. Numbers are kept as text because the real tool prints
/// some with leading zeros (`Firmware Minor :03`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HsmInfo {
    /// `(label, value)` pairs in display order.
    pub fields: Vec<(String, String)>,
}

/// A request from a client.
// One request exists at a time per connection, so the size of the key variants costs
// nothing worth a Box (which would also leak into every caller's pattern matching).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Version handshake; must come first.
    Hello {
        /// Client program name.
        client: String,
        /// Client protocol major version.
        major: u8,
        /// Client protocol minor version.
        minor: u8,
    },
    /// Describe every cluster the daemon simulates.
    ListClusters,
    /// Run one operation on one HSM.
    Hsm {
        /// Target HSM ID.
        hsm_id: HsmId,
        /// The operation.
        op: HsmOp,
    },
}

/// An operation addressed to one HSM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HsmOp {
    /// `loginHSM`.
    Login {
        /// Type the user claims.
        user_type: UserType,
        /// User name (case-insensitive).
        name: String,
        /// Password.
        password: Secret,
    },
    /// `logoutHSM`.
    Logout,
    /// `changePswd`.
    ChangePassword {
        /// The target's current type.
        user_type: UserType,
        /// Target user name.
        name: String,
        /// New password.
        password: Secret,
    },
    /// `createUser`.
    CreateUser {
        /// Type of the new user.
        user_type: UserType,
        /// Name of the new user.
        name: String,
        /// Initial password.
        password: Secret,
    },
    /// `deleteUser`.
    DeleteUser {
        /// The target's type.
        user_type: UserType,
        /// Target user name.
        name: String,
    },
    /// Undo a `deleteUser` this session made on this HSM (CMU's rollBack answer).
    RestoreDeletedUser {
        /// Name of the deleted user.
        name: String,
    },
    /// `listUsers`.
    ListUsers,
    /// Who this session is logged in as on this HSM (`info server`).
    LoginState,
    /// `getHSMInfo`.
    HsmInfo,
    /// A key command (key_mgmt_util, and the CMU key commands).
    Key(KeyRequest),
}

/// A reply from the daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Answer to [`Request::Hello`].
    Hello {
        /// Daemon version string.
        daemon_version: String,
        /// Daemon protocol major version.
        major: u8,
        /// Daemon protocol minor version.
        minor: u8,
    },
    /// Answer to [`Request::ListClusters`].
    Clusters(Vec<ClusterInfo>),
    /// The operation succeeded and returns nothing.
    Done,
    /// Answer to [`HsmOp::ListUsers`].
    Users(Vec<UserInfo>),
    /// Answer to [`HsmOp::LoginState`].
    LoginState(Option<LoginInfo>),
    /// Answer to [`HsmOp::HsmInfo`].
    HsmInfo(HsmInfo),
    /// The HSM refused or failed the operation.
    Failed(ErrorCode),
    /// The request could not be read; the daemon closes the connection after this.
    Protocol(ProtocolError),
    /// Answer to a key operation.
    Cluster(ClusterReply),
}

/// Why the daemon could not read a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProtocolError {
    /// Not a cloudhsm-sim frame.
    BadMagic,
    /// The client's major version is not supported.
    UnsupportedVersion {
        /// Version the daemon speaks.
        supported_major: u8,
    },
    /// The announced body exceeds the limit.
    TooLarge,
    /// The body is not a valid request, or the header is malformed.
    Malformed,
    /// The first request was not `Hello`.
    HelloRequired,
    /// The daemon already serves as many connections as it allows; try again later.
    TooManyConnections,
}
