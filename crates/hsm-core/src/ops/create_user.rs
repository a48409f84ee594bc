//! `createUser`.

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;
use crate::password::NewPassword;
use crate::store::Change;
use crate::user::{valid_name, User};
use hsm_proto::UserType;

pub(crate) fn run(
    ctx: &mut OpCtx<'_>,
    user_type: UserType,
    name: &str,
    password: NewPassword,
) -> Result<Reply, HsmError> {
    // PRECO, preCO and AU are listed by the guide but cannot be created (cmu.md A-15).
    if !matches!(user_type, UserType::Co | UserType::Pco | UserType::Cu) {
        return Err(HsmError::InvalidUserType);
    }
    if !valid_name(name) {
        return Err(HsmError::InvalidInput("user name"));
    }
    let NewPassword::Hashed(hash) = password else {
        return Err(HsmError::PasswordLength);
    };
    let replica = &ctx.hsm.replica;
    if replica.user_named(name).is_some() {
        return Err(HsmError::UserAlreadyExists(name.to_owned()));
    }
    if replica.users.len() >= ctx.config.max_users {
        return Err(HsmError::UserLimitReached);
    }
    let id = replica.next_user_id;
    let counter = ctx.hsm_record(id + 1);
    ctx.save_user(
        User::new(id, name, user_type, Some(hash)),
        Some(Change::PutHsm(counter)),
    )?;
    ctx.hsm.replica.next_user_id = id + 1;
    tracing::info!(hsm = ctx.hsm_id(), id, name, %user_type, "user created");
    Ok(Reply::Done)
}
