//! HSM result codes.
//!
//! The numeric values are AWS's where AWS documents one (see `kmu.md` §5.1). Codes from
//! `0xe0` upwards are simulator-defined (`kmu.md` §5.3 plus the CMU-only conditions of
//! `cmu.md` §4.3); they are listed here, once, so they can be changed in one place.
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

/// Every named code with its value: the single table both directions are derived from.
const TABLE: &[(ErrorCode, u32)] = &[
    (ErrorCode::BadPkcsData, 0x1b),
    (ErrorCode::UserNotInitialized, 0x9d),
    (ErrorCode::LoginFailure, 0xa3),
    (ErrorCode::InvalidHandle, 0xa8),
    (ErrorCode::PolicyViolation, 0xb3),
    (ErrorCode::KeyAccessDenied, 0xc6),
    (ErrorCode::UserDoesNotExist, 0xce),
    (ErrorCode::InvalidUserType, 0xdb),
    (ErrorCode::NotLoggedIn, 0xe0),
    (ErrorCode::AlreadyLoggedIn, 0xe1),
    (ErrorCode::MxnAuthFailed, 0xe6),
    (ErrorCode::InvalidInput, 0xe7),
    (ErrorCode::UserAlreadyExists, 0xea),
    (ErrorCode::PasswordLength, 0xeb),
    (ErrorCode::UserLimitReached, 0xec),
    (ErrorCode::UserOwnsKeys, 0xed),
    (ErrorCode::UserLoggedIn, 0xee),
    (ErrorCode::NoSuchHsm, 0xef),
    (ErrorCode::Internal, 0xf0),
    (ErrorCode::IdExists, 0xe2),
    (ErrorCode::AttributeNotPresent, 0xe3),
    (ErrorCode::InvalidShareList, 0xe4),
    (ErrorCode::MValueTooLarge, 0xe5),
    (ErrorCode::UnwrapIntegrity, 0xe8),
    (ErrorCode::MaskedObjectForeign, 0xe9),
    (ErrorCode::KeyLimitReached, 0xf1),
    (ErrorCode::ServerUnavailable, 0x3000_0085),
];

impl ErrorCode {
    /// The numeric value, as the HSM reports it.
    pub fn value(self) -> u32 {
        if let Self::Unknown(v) = self {
            return v;
        }
        TABLE
            .iter()
            .find(|(c, _)| *c == self)
            .map_or(u32::MAX, |(_, v)| *v)
    }

    /// Decodes a numeric value; values outside the table become [`ErrorCode::Unknown`].
    pub fn from_value(value: u32) -> Self {
        TABLE
            .iter()
            .find(|(_, v)| *v == value)
            .map_or(Self::Unknown(value), |(c, _)| *c)
    }

    /// Every named code, for exhaustive tests and documentation.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        TABLE.iter().map(|(c, _)| *c)
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
    fn documented_values_are_awss() {
        assert_eq!(ErrorCode::UserNotInitialized.value(), 157);
        assert_eq!(ErrorCode::LoginFailure.value(), 163);
        assert_eq!(ErrorCode::InvalidUserType.value(), 219);
        assert_eq!(ErrorCode::UserDoesNotExist.value(), 206);
    }
}
