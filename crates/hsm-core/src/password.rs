//! Password hashing (argon2id PHC strings) and the password length rule.
//!
//! Hashing and verifying are deliberately slow; callers run them outside any shared lock.

use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use hsm_proto::Secret;
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Shortest password the HSM accepts.
pub const MIN_PASSWORD_LEN: usize = 7;
/// Longest password the HSM accepts.
pub const MAX_PASSWORD_LEN: usize = 32;

/// An argon2id hash in PHC string form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(String);

/// How much work hashing a new password costs. Either way the result is an argon2id PHC
/// string, and checking it costs what its own parameters say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HashCost {
    /// argon2id's recommended parameters (19 MiB, two passes): what the daemon uses.
    #[default]
    Standard,
    /// The smallest parameters argon2id allows (8 KiB, one pass), for test suites that
    /// create hundreds of users; never for a store anyone relies on.
    Light,
}

impl HashCost {
    fn hasher(self) -> Argon2<'static> {
        match self {
            Self::Standard => Argon2::default(),
            Self::Light => Params::new(Params::MIN_M_COST, 1, 1, None)
                .map(|p| Argon2::new(Algorithm::Argon2id, Version::V0x13, p))
                .unwrap_or_default(),
        }
    }
}

impl PasswordHash {
    /// Hashes a password with a fresh random salt at the standard cost.
    pub fn new(password: &Secret) -> Self {
        Self::with_cost(password, HashCost::Standard)
    }

    /// Hashes a password with a fresh random salt.
    pub fn with_cost(password: &Secret, cost: HashCost) -> Self {
        let salt = SaltString::generate(&mut OsRng);
        let phc = cost
            .hasher()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            // Hashing can only fail for out-of-range parameters, and ours are fixed.
            .unwrap_or_default();
        Self(phc)
    }

    /// Whether `password` matches. A malformed stored hash matches nothing.
    pub fn verify(&self, password: &Secret) -> bool {
        argon2::password_hash::PasswordHash::new(&self.0).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.expose().as_bytes(), &parsed)
                .is_ok()
        })
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

/// A new password, checked and hashed before the HSM state is touched.
#[derive(Debug, Clone)]
pub enum NewPassword {
    /// The password satisfies the length rule; here is its hash.
    Hashed(PasswordHash),
    /// The password breaks the 7-32 character rule. Kept as a value rather than an error
    /// so that the HSM reports it in its own order, after the permission checks.
    BadLength,
}

impl NewPassword {
    /// Checks the length rule and hashes at the standard cost (slow).
    pub fn prepare(password: &Secret) -> Self {
        Self::prepare_with(password, HashCost::Standard)
    }

    /// Checks the length rule and hashes at `cost`.
    pub fn prepare_with(password: &Secret, cost: HashCost) -> Self {
        if (MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&password.char_len()) {
            Self::Hashed(PasswordHash::with_cost(password, cost))
        } else {
            Self::BadLength
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_password() {
        let h = PasswordHash::new(&Secret::new("password"));
        assert!(h.verify(&Secret::new("password")));
        assert!(!h.verify(&Secret::new("Password")));
        assert!(format!("{h:?}").contains("***"));
    }

    #[test]
    fn length_rule_is_7_to_32() {
        assert!(matches!(
            NewPassword::prepare(&Secret::new("123456")),
            NewPassword::BadLength
        ));
        assert!(matches!(
            NewPassword::prepare(&Secret::new("1234567")),
            NewPassword::Hashed(_)
        ));
        let long = "x".repeat(33);
        assert!(matches!(
            NewPassword::prepare(&Secret::new(long)),
            NewPassword::BadLength
        ));
    }
}
