//! Errors of the HSM model. Each maps to exactly one wire [`ErrorCode`].

use hsm_proto::ErrorCode;

/// Why an HSM refused or failed an operation.
#[derive(Debug, thiserror::Error)]
pub enum HsmError {
    /// The command needs a logged-in user.
    #[error("not logged in")]
    NotLoggedIn,
    /// The session is already logged in on this HSM.
    #[error("already logged in")]
    AlreadyLoggedIn,
    /// The logged-in user type may not run this command, or the target type is not allowed.
    #[error("invalid user type")]
    InvalidUserType,
    /// Login with a name this HSM does not know.
    #[error("user {0:?} is not initialized")]
    UserNotInitialized(String),
    /// Management command naming a user that does not exist (or has another type).
    #[error("user {0:?} does not exist")]
    UserDoesNotExist(String),
    /// Wrong password, or the account is locked.
    #[error("login failure")]
    LoginFailure,
    /// Quorum authentication was required and not satisfied.
    #[error("quorum authentication failed")]
    MxnAuthFailed,
    /// A parameter breaks a rule (for example a user name with a hyphen).
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    /// A user with that name exists already.
    #[error("user {0:?} already exists")]
    UserAlreadyExists(String),
    /// Password length outside 7..=32.
    #[error("password length out of range")]
    PasswordLength,
    /// The HSM holds the maximum number of users.
    #[error("user limit reached")]
    UserLimitReached,
    /// The crypto user still owns keys.
    #[error("user {0:?} owns keys")]
    UserOwnsKeys(String),
    /// The target user is logged in (elsewhere, or it is the caller).
    #[error("user {0:?} is logged in")]
    UserLoggedIn(String),
    /// No HSM with that ID.
    #[error("no HSM {0:?}")]
    NoSuchHsm(String),
    /// No such key, or one the caller cannot see.
    #[error("invalid key handle")]
    InvalidHandle,
    /// The caller may not do that with this key.
    #[error("key access denied")]
    KeyAccessDenied,
    /// The HSM's FIPS policy forbids it.
    #[error("policy violation: {0}")]
    PolicyViolation(&'static str),
    /// The key lacks that attribute.
    #[error("attribute not present")]
    AttributeNotPresent,
    /// A key with that ID exists.
    #[error("key ID {0:?} exists")]
    IdExists(String),
    /// A share list names an invalid user.
    #[error("invalid share list")]
    InvalidShareList,
    /// m value larger than the number of users.
    #[error("m value too large")]
    MValueTooLarge,
    /// Unwrapping failed its integrity check.
    #[error("unwrap integrity failure")]
    UnwrapIntegrity,
    /// A masked object from another cluster, or corrupt.
    #[error("foreign masked object")]
    MaskedObjectForeign,
    /// Too many keys on the HSM.
    #[error("key limit reached")]
    KeyLimitReached,
    /// Signature verification failed.
    #[error("signature mismatch")]
    BadSignature,
    /// The key could not reach enough HSMs.
    #[error("server in cluster is unavailable")]
    ServerUnavailable,
    /// The worker running a command's slow part failed; nothing was changed.
    #[error("worker failed")]
    WorkerFailed,
    /// Persistence failed; the change was not applied.
    #[error("storage failure")]
    Store(#[from] StoreError),
}

impl HsmError {
    /// Whether this is the object gate's refusal to touch a key: such a refusal happens
    /// before anything reaches the cluster, so no HSM reports a status for it.
    pub fn is_key_access_denial(&self) -> bool {
        matches!(self, Self::KeyAccessDenied)
    }

    /// The code sent on the wire.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotLoggedIn => ErrorCode::NotLoggedIn,
            Self::AlreadyLoggedIn => ErrorCode::AlreadyLoggedIn,
            Self::InvalidUserType => ErrorCode::InvalidUserType,
            Self::UserNotInitialized(_) => ErrorCode::UserNotInitialized,
            Self::UserDoesNotExist(_) => ErrorCode::UserDoesNotExist,
            Self::LoginFailure => ErrorCode::LoginFailure,
            Self::MxnAuthFailed => ErrorCode::MxnAuthFailed,
            Self::InvalidInput(_) => ErrorCode::InvalidInput,
            Self::UserAlreadyExists(_) => ErrorCode::UserAlreadyExists,
            Self::PasswordLength => ErrorCode::PasswordLength,
            Self::UserLimitReached => ErrorCode::UserLimitReached,
            Self::UserOwnsKeys(_) => ErrorCode::UserOwnsKeys,
            Self::UserLoggedIn(_) => ErrorCode::UserLoggedIn,
            Self::NoSuchHsm(_) => ErrorCode::NoSuchHsm,
            Self::InvalidHandle => ErrorCode::InvalidHandle,
            Self::KeyAccessDenied => ErrorCode::KeyAccessDenied,
            Self::PolicyViolation(_) => ErrorCode::PolicyViolation,
            Self::AttributeNotPresent => ErrorCode::AttributeNotPresent,
            Self::IdExists(_) => ErrorCode::IdExists,
            Self::InvalidShareList => ErrorCode::InvalidShareList,
            Self::MValueTooLarge => ErrorCode::MValueTooLarge,
            Self::UnwrapIntegrity => ErrorCode::UnwrapIntegrity,
            Self::MaskedObjectForeign => ErrorCode::MaskedObjectForeign,
            Self::KeyLimitReached => ErrorCode::KeyLimitReached,
            Self::BadSignature => ErrorCode::BadPkcsData,
            Self::ServerUnavailable => ErrorCode::ServerUnavailable,
            Self::WorkerFailed | Self::Store(_) => ErrorCode::Internal,
        }
    }
}

/// A persistence failure. Backends wrap their own errors as the source.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another open store holds the data directory: another process, or a handle this
    /// process dropped so recently that the backend has not released it yet.
    #[error("the data directory is in use by another open store")]
    InUse,
    /// The backend failed to read or write.
    #[error("storage backend failed")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Stored bytes could not be decoded.
    #[error("stored record {what} is corrupt")]
    Corrupt {
        /// Which record.
        what: &'static str,
    },
    /// The data was written by an incompatible schema version.
    #[error("data directory has schema version {found}, this build needs {expected}")]
    SchemaMismatch {
        /// Version on disk.
        found: u32,
        /// Version this build writes.
        expected: u32,
    },
}

impl From<crate::crypto::CryptoError> for HsmError {
    fn from(e: crate::crypto::CryptoError) -> Self {
        use crate::crypto::CryptoError as C;
        match e {
            C::PolicyViolation(what) => Self::PolicyViolation(what),
            C::IntegrityFailure(_) => Self::UnwrapIntegrity,
            C::InvalidInput(what) | C::MechanismMismatch(what) | C::Unsupported(what) => {
                Self::InvalidInput(what)
            }
            C::EncryptedKey => Self::InvalidInput("encrypted private key"),
            C::Rng => Self::InvalidInput("random number generator"),
        }
    }
}
