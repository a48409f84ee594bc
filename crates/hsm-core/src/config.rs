//! Behaviour switches of the model. The defaults follow the reference's recommendations.

use crate::password::HashCost;
use hsm_proto::UserType;

/// Tunables of the simulated HSMs.
#[derive(Debug, Clone)]
pub struct CoreConfig {
    /// Failed logins after which an account is locked (5; 20 for pre-2018 clusters).
    pub lockout_threshold: u32,
    /// Users one HSM may hold.
    pub max_users: usize,
    /// Type the PRECO becomes when it activates the HSM: CO by default, PCO as in the
    /// 2017-2018 guide (docs/cmu.md A-9).
    pub activated_admin_type: UserType,
    /// What hashing a new password costs.
    pub password_cost: HashCost,
}

impl Default for CoreConfig {
    fn default() -> Self {
        Self {
            lockout_threshold: 5,
            max_users: 1024,
            activated_admin_type: UserType::Co,
            password_cost: HashCost::Standard,
        }
    }
}
