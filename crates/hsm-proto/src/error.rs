//! HSM result codes.
//!
//! The numeric values are AWS's where AWS documents one (see docs/kmu.md §5.1). Codes from
//! `0xe0` upwards are simulator-defined (docs/kmu.md §5.3 plus the CMU-only conditions of
//! docs/cmu.md §4.3); they are listed here, once, so they can be changed in one place.
//! The texts that the tools print for each code live with the tools, because CMU and KMU
//! word some of them differently.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The result of an HSM operation. Travels as a plain `u32`; unknown values survive as
/// [`ErrorCode::Unknown`] instead of failing the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `0x1b`: CSP Error: ERR_BAD_PKCS_DATA.
    BadPkcsData,
    /// `0x9d`: user isn't initialized or user with this name doesn't exist.
    UserNotInitialized,
    /// `0xa3`: RET_USER_LOGIN_FAILURE (wrong password or locked account).
    LoginFailure,
    /// `0xa8`: Invalid object handle is passed to this operation.
    InvalidHandle,
    /// `0xb3`: This operation violates the current configured/FIPS policies.
    PolicyViolation,
    /// `0xc6`: Key Access is denied.
    KeyAccessDenied,
    /// `0xce`: This user doesn't exist.
    UserDoesNotExist,
    /// `0xdb`: Invalid User Type.
    InvalidUserType,
    /// `0xe0` (simulator): the command needs a login.
    NotLoggedIn,
    /// `0xe1` (simulator): this session is already logged in on that HSM.
    AlreadyLoggedIn,
    /// `0xe6` (simulator): quorum authentication failed (RET_MXN_AUTH_FAILED).
    MxnAuthFailed,
    /// `0xe7` (simulator): invalid input data or parameters.
    InvalidInput,
    /// `0xea` (simulator): a user with this name already exists.
    UserAlreadyExists,
    /// `0xeb` (simulator): password shorter than 7 or longer than 32 characters.
    PasswordLength,
    /// `0xec` (simulator): the HSM already holds the maximum number of users.
    UserLimitReached,
    /// `0xed` (simulator): the crypto user still owns keys.
    UserOwnsKeys,
    /// `0xee` (simulator): the target user is logged in elsewhere.
    UserLoggedIn,
    /// `0xef` (simulator): no HSM with that ID exists.
    NoSuchHsm,
    /// `0xf0` (simulator): the daemon failed internally (storage); nothing was changed.
    Internal,
    /// `0xe2` (simulator): a key with this `-id` exists already.
    IdExists,
    /// `0xe3` (simulator): the object lacks that attribute, or a certificate is missing.
    AttributeNotPresent,
    /// `0xe4` (simulator): invalid user id in a share list.
    InvalidShareList,
    /// `0xe5` (simulator): m value exceeds the number of users.
    MValueTooLarge,
    /// `0xe8` (simulator): unwrap failed the integrity check.
    UnwrapIntegrity,
    /// `0xe9` (simulator): the masked object does not belong to this cluster.
    MaskedObjectForeign,
    /// `0xf1` (simulator): the HSM holds the maximum number of keys.
    KeyLimitReached,
    /// `0x30000085`: HSM CLUSTER ERROR: Server in cluster is unavailable.
    ServerUnavailable,
    /// A code this build does not know.
    Unknown(u32),
}

impl ErrorCode {
    /// Every named code, for exhaustive tests and documentation.
    pub const ALL: [ErrorCode; 27] = [
        Self::BadPkcsData,
        Self::UserNotInitialized,
        Self::LoginFailure,
        Self::InvalidHandle,
        Self::PolicyViolation,
        Self::KeyAccessDenied,
        Self::UserDoesNotExist,
        Self::InvalidUserType,
        Self::NotLoggedIn,
        Self::AlreadyLoggedIn,
        Self::MxnAuthFailed,
        Self::InvalidInput,
        Self::UserAlreadyExists,
        Self::PasswordLength,
        Self::UserLimitReached,
        Self::UserOwnsKeys,
        Self::UserLoggedIn,
        Self::NoSuchHsm,
        Self::Internal,
        Self::IdExists,
        Self::AttributeNotPresent,
        Self::InvalidShareList,
        Self::MValueTooLarge,
        Self::UnwrapIntegrity,
        Self::MaskedObjectForeign,
        Self::KeyLimitReached,
        Self::ServerUnavailable,
    ];

    /// The numeric value, as the HSM reports it.
    pub fn value(self) -> u32 {
        match self {
            Self::BadPkcsData => 0x1b,
            Self::UserNotInitialized => 0x9d,
            Self::LoginFailure => 0xa3,
            Self::InvalidHandle => 0xa8,
            Self::PolicyViolation => 0xb3,
            Self::KeyAccessDenied => 0xc6,
            Self::UserDoesNotExist => 0xce,
            Self::InvalidUserType => 0xdb,
            Self::NotLoggedIn => 0xe0,
            Self::AlreadyLoggedIn => 0xe1,
            Self::IdExists => 0xe2,
            Self::AttributeNotPresent => 0xe3,
            Self::InvalidShareList => 0xe4,
            Self::MValueTooLarge => 0xe5,
            Self::MxnAuthFailed => 0xe6,
            Self::InvalidInput => 0xe7,
            Self::UnwrapIntegrity => 0xe8,
            Self::MaskedObjectForeign => 0xe9,
            Self::UserAlreadyExists => 0xea,
            Self::PasswordLength => 0xeb,
            Self::UserLimitReached => 0xec,
            Self::UserOwnsKeys => 0xed,
            Self::UserLoggedIn => 0xee,
            Self::NoSuchHsm => 0xef,
            Self::Internal => 0xf0,
            Self::KeyLimitReached => 0xf1,
            Self::ServerUnavailable => 0x3000_0085,
            Self::Unknown(v) => v,
        }
    }

    /// Decodes a numeric value; values without a name become [`ErrorCode::Unknown`].
    pub fn from_value(value: u32) -> Self {
        match value {
            0x1b => Self::BadPkcsData,
            0x9d => Self::UserNotInitialized,
            0xa3 => Self::LoginFailure,
            0xa8 => Self::InvalidHandle,
            0xb3 => Self::PolicyViolation,
            0xc6 => Self::KeyAccessDenied,
            0xce => Self::UserDoesNotExist,
            0xdb => Self::InvalidUserType,
            0xe0 => Self::NotLoggedIn,
            0xe1 => Self::AlreadyLoggedIn,
            0xe2 => Self::IdExists,
            0xe3 => Self::AttributeNotPresent,
            0xe4 => Self::InvalidShareList,
            0xe5 => Self::MValueTooLarge,
            0xe6 => Self::MxnAuthFailed,
            0xe7 => Self::InvalidInput,
            0xe8 => Self::UnwrapIntegrity,
            0xe9 => Self::MaskedObjectForeign,
            0xea => Self::UserAlreadyExists,
            0xeb => Self::PasswordLength,
            0xec => Self::UserLimitReached,
            0xed => Self::UserOwnsKeys,
            0xee => Self::UserLoggedIn,
            0xef => Self::NoSuchHsm,
            0xf0 => Self::Internal,
            0xf1 => Self::KeyLimitReached,
            0x3000_0085 => Self::ServerUnavailable,
            other => Self::Unknown(other),
        }
    }

    /// Every named code, for exhaustive tests and documentation.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        Self::ALL.into_iter()
    }

    /// Position in [`ErrorCode::ALL`]: an exhaustive match, so a new code that is left
    /// out of the list fails a test instead of going unnoticed.
    #[cfg(test)]
    fn position(self) -> Option<usize> {
        let named = match self {
            Self::Unknown(_) => return None,
            Self::BadPkcsData
            | Self::UserNotInitialized
            | Self::LoginFailure
            | Self::InvalidHandle
            | Self::PolicyViolation
            | Self::KeyAccessDenied
            | Self::UserDoesNotExist
            | Self::InvalidUserType
            | Self::NotLoggedIn
            | Self::AlreadyLoggedIn
            | Self::MxnAuthFailed
            | Self::InvalidInput
            | Self::UserAlreadyExists
            | Self::PasswordLength
            | Self::UserLimitReached
            | Self::UserOwnsKeys
            | Self::UserLoggedIn
            | Self::NoSuchHsm
            | Self::Internal
            | Self::IdExists
            | Self::AttributeNotPresent
            | Self::InvalidShareList
            | Self::MValueTooLarge
            | Self::UnwrapIntegrity
            | Self::MaskedObjectForeign
            | Self::KeyLimitReached
            | Self::ServerUnavailable => self,
        };
        Self::ALL.iter().position(|c| *c == named)
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.value())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u32::deserialize(d).map(Self::from_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::all() {
            assert!(seen.insert(code.value()), "duplicate value for {code:?}");
            assert_eq!(ErrorCode::from_value(code.value()), code);
        }
        assert_eq!(ErrorCode::from_value(0x1234), ErrorCode::Unknown(0x1234));
        assert_eq!(ErrorCode::Unknown(7).value(), 7);
    }

    #[test]
    fn every_named_code_is_listed_once() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.position(), Some(i), "{code:?}");
        }
    }

    #[test]
    fn documented_values_are_awss() {
        assert_eq!(ErrorCode::UserNotInitialized.value(), 157);
        assert_eq!(ErrorCode::LoginFailure.value(), 163);
        assert_eq!(ErrorCode::InvalidUserType.value(), 219);
        assert_eq!(ErrorCode::UserDoesNotExist.value(), 206);
    }
}
