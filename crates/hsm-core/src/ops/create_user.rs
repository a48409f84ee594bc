//! `createUser`: the new password is hashed outside the lock, then the user is stored.

use super::new_password::after_hashing;
use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::password::NewPassword;
use crate::policy::{self, CommandKind};
use crate::store::Change;
use crate::user::{valid_name, User};
use hsm_proto::{Secret, UserType};

/// `createUser TYPE NAME PASSWORD`.
pub(crate) struct CreateUser {
    pub(crate) user_type: UserType,
    pub(crate) name: String,
    pub(crate) password: Secret,
}

impl Op for CreateUser {
    const KIND: CommandKind = CommandKind::CreateUser;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let Self {
            user_type,
            name,
            password,
        } = self;
        Ok(after_hashing(ctx, password, move |ctx, password| {
            create(ctx, user_type, &name, password)
        }))
    }
}

fn create(
    ctx: &mut Ctx<'_>,
    user_type: UserType,
    name: &str,
    password: NewPassword,
) -> Result<Progress, HsmError> {
    policy::managed_type_allowed(user_type)?;
    if !valid_name(name) {
        return Err(HsmError::InvalidInput("user name"));
    }
    let NewPassword::Hashed(hash) = password else {
        return Err(HsmError::PasswordLength);
    };
    let replica = &ctx.hsm().replica;
    if replica.user_named(name).is_some() {
        return Err(HsmError::UserAlreadyExists(name.to_owned()));
    }
    if replica.users.len() >= ctx.config.max_users {
        return Err(HsmError::UserLimitReached);
    }
    let id = replica.next_user_id;
    let counter = ctx.hsm_record(id.next());
    ctx.save_user(
        User::new(id, name, user_type, Some(hash)),
        Some(Change::PutHsm(counter)),
    )?;
    ctx.hsm_mut().replica.next_user_id = id.next();
    tracing::info!(hsm = %ctx.hsm_id(), %id, name, %user_type, "user created");
    Ok(Progress::local(Reply::Done))
}
