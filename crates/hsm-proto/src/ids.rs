//! The identifiers that cross the wire, each its own type so a handle is never taken for
//! a user ID. All three travel exactly as the bare number or string would
//! (`#[serde(transparent)]`), so the wire bytes do not depend on them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A key handle, as KMU prints it: `(node << 18) | slot` (docs/kmu.md §1.7).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct KeyHandle(pub u64);

/// A user's ID on one HSM: 1 is the `admin`, 2 the `app_user`, then counting up
/// (docs/cmu.md §2.6).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct UserId(pub u32);

/// An HSM's ID: `hsm-` followed by 11 base32 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HsmId(pub String);

impl UserId {
    /// The ID after this one.
    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }
}

impl HsmId {
    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for HsmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for HsmId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl std::borrow::Borrow<str> for HsmId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for HsmId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl std::str::FromStr for KeyHandle {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

impl std::str::FromStr for UserId {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

impl AsRef<str> for HsmId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
