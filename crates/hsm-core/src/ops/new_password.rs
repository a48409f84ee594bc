//! What `createUser` and `changePswd` share: the new password is checked and hashed
//! (argon2id, slow) outside the lock, then the command continues with the result.

use crate::command::{Failure, JobKind, Progress};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::password::NewPassword;
use hsm_proto::Secret;

/// Hashes `password` at the configured cost without the lock, then runs `then` under it.
pub(crate) fn after_hashing<F>(ctx: &Ctx<'_>, password: Secret, then: F) -> Progress
where
    F: for<'c> FnOnce(&mut Ctx<'c>, NewPassword) -> Result<Progress, HsmError> + Send + 'static,
{
    let cost = ctx.config.password_cost;
    Progress::work(
        JobKind::HashPassword,
        move || NewPassword::prepare_with(&password, cost),
        move |ctx, password| then(ctx, password).map_err(Failure::from),
    )
}
