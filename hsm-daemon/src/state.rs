//! [`SharedCore`]: the model every connection shares, and the one way to lock it.

use hsm_core::Core;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The model, shared by every connection. The lock is never held across an `.await`.
pub type SharedCore = Arc<Mutex<Core>>;

/// Locks the core. A panic while it was held cannot have left a half-applied change
/// behind (core applies a change in memory only after it is stored), so a poisoned lock
/// is used as it is.
pub(crate) fn lock(core: &SharedCore) -> MutexGuard<'_, Core> {
    core.lock().unwrap_or_else(PoisonError::into_inner)
}
