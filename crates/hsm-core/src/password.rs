//! Password hashing (argon2id PHC strings) and the password length rule.
//!
//! Hashing and verifying are deliberately slow; callers run them outside any shared lock.
//! Both run in [`argon_memory`](crate::argon_memory)'s bounded, reused working memory,
//! which is why they compute the hash themselves instead of calling the `password-hash`
//! traits (those allocate fresh memory for every hash).

use crate::argon_memory;
use argon2::password_hash::{self, Output, ParamsString, Salt, SaltString};
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
        let argon = cost.hasher();
        let phc = hash(&argon, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN)
            .and_then(|output| {
                Ok(password_hash::PasswordHash {
                    algorithm: Algorithm::Argon2id.ident(),
                    version: Some(Version::V0x13.into()),
                    params: ParamsString::try_from(argon.params())?,
                    salt: Some(salt.as_salt()),
                    hash: Some(output),
                }
                .to_string())
            })
            // Hashing can only fail for out-of-range parameters, and ours are fixed.
            .unwrap_or_default();
        Self(phc)
    }

    /// Whether `password` matches. A malformed stored hash matches nothing.
    pub fn verify(&self, password: &Secret) -> bool {
        let Ok(parsed) = password_hash::PasswordHash::new(&self.0) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return false;
        };
        let argon = (|| {
            let version = parsed.version.map(Version::try_from).transpose()?;
            Ok::<_, password_hash::Error>(Argon2::new(
                Algorithm::try_from(parsed.algorithm)?,
                version.unwrap_or_default(),
                Params::try_from(&parsed)?,
            ))
        })();
        // `Output`'s equality is constant-time.
        argon.is_ok_and(|argon| {
            hash(&argon, password, salt, expected.len()).is_ok_and(|computed| computed == expected)
        })
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

/// argon2id of `password` under `salt`, `len` bytes long, in the bounded working memory.
fn hash(
    argon: &Argon2<'_>,
    password: &Secret,
    salt: Salt<'_>,
    len: usize,
) -> password_hash::Result<Output> {
    let mut salt_buf = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_buf)?;
    argon_memory::with_blocks(argon.params().block_count(), |blocks| {
        Output::init_with(len, |out| {
            argon
                .hash_password_into_with_memory(password.expose().as_bytes(), salt, out, blocks)
                .map_err(password_hash::Error::from)
        })
    })
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

    /// The hashes are argon2id PHC strings that the `password-hash` traits read and write
    /// alike: stores written before the memory pool still log in, and the other way round.
    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        for cost in [HashCost::Light, HashCost::Standard] {
            let ours = PasswordHash::with_cost(&Secret::new("Agreed_pw1"), cost);
            let parsed = password_hash::PasswordHash::new(&ours.0).unwrap();
            assert!(Argon2::default()
                .verify_password(b"Agreed_pw1", &parsed)
                .is_ok());
            assert!(Argon2::default()
                .verify_password(b"Agreed_pw2", &parsed)
                .is_err());

            let salt = SaltString::generate(&mut OsRng);
            let theirs = cost
                .hasher()
                .hash_password(b"Agreed_pw1", &salt)
                .unwrap()
                .to_string();
            let theirs = PasswordHash(theirs);
            assert!(theirs.verify(&Secret::new("Agreed_pw1")));
            assert!(!theirs.verify(&Secret::new("Agreed_pw2")));
        }
        assert!(!PasswordHash("$argon2id$garbage".into()).verify(&Secret::new("x")));
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
