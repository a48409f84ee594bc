//! User records and the user-name rule.

use crate::password::PasswordHash;
use hsm_proto::{UserId, UserInfo, UserType};
use serde::{Deserialize, Serialize};

/// User ID of `admin` on every HSM.
pub const ADMIN_ID: UserId = UserId(1);
/// User ID of `app_user` on every HSM.
pub const APP_USER_ID: UserId = UserId(2);
/// Longest user name.
pub const MAX_NAME_LEN: usize = 31;

/// One user as one HSM stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// ID, unique on this HSM and never reused.
    pub id: UserId,
    /// Name as created; matching ignores case.
    pub name: String,
    /// Type.
    pub user_type: UserType,
    /// Password hash. `None` for `app_user`, which nobody can log in as.
    pub password: Option<PasswordHash>,
    /// Consecutive failed logins on this HSM.
    pub login_failures: u32,
    /// Whether a quorum public key is registered.
    pub mofn_pub_key: bool,
    /// Whether two-factor authentication is enabled.
    pub two_factor: bool,
}

impl User {
    /// A new user with a clean record.
    pub fn new(
        id: UserId,
        name: &str,
        user_type: UserType,
        password: Option<PasswordHash>,
    ) -> Self {
        Self {
            id,
            name: name.to_owned(),
            user_type,
            password,
            login_failures: 0,
            mofn_pub_key: false,
            two_factor: false,
        }
    }

    /// Whether `name` names this user (case-insensitive).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The `listUsers` row.
    pub fn info(&self) -> UserInfo {
        UserInfo {
            id: self.id,
            user_type: self.user_type,
            name: self.name.clone(),
            mofn_pub_key: self.mofn_pub_key,
            login_failure_count: self.login_failures,
            two_factor: self.two_factor,
        }
    }
}

/// Whether a user name follows the rule: 1-31 characters of letters, digits and `_`.
pub fn valid_name(name: &str) -> bool {
    (1..=MAX_NAME_LEN).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("alice_1"));
        assert!(valid_name(&"a".repeat(31)));
        assert!(!valid_name(&"a".repeat(32)));
        assert!(!valid_name(""));
        assert!(!valid_name("example-user"));
    }
}
