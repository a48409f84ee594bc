//! `loginHSM`: the checks under the lock, the password check (slow: argon2id) outside it,
//! then the outcome under the lock again, against whatever changed meanwhile.

use super::Op;
use crate::command::{Failure, JobKind, Progress, Reply};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::password::PasswordHash;
use crate::policy::{self, CommandKind};
use hsm_proto::{Secret, UserId, UserType};

/// `loginHSM TYPE NAME PASSWORD`.
pub(crate) struct Login {
    pub(crate) user_type: UserType,
    pub(crate) name: String,
    pub(crate) password: Secret,
}

impl Op for Login {
    const KIND: CommandKind = CommandKind::Login;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let Self {
            user_type,
            name,
            password,
        } = self;
        policy::login_type_allowed(user_type)?;
        let user = ctx
            .hsm()
            .replica
            .user_named(&name)
            .ok_or_else(|| HsmError::UserNotInitialized(name.clone()))?;
        if !user.user_type.matches(user_type) {
            return Err(HsmError::UserDoesNotExist(name).into());
        }
        if user.login_failures >= ctx.config.lockout_threshold {
            return Err(HsmError::LoginFailure.into());
        }
        let hash = user.password.clone().ok_or(HsmError::LoginFailure)?;
        let user_id = user.id;
        Ok(Progress::work(
            JobKind::VerifyPassword,
            move || {
                let ok = hash.verify(&password);
                (hash, ok)
            },
            move |ctx, (hash, ok)| Ok(finish(ctx, user_id, &hash, ok)?),
        ))
    }
}

fn finish(
    ctx: &mut Ctx<'_>,
    user_id: UserId,
    hash: &PasswordHash,
    password_ok: bool,
) -> Result<Progress, HsmError> {
    // The user may have changed while the password was being checked.
    let mut user = match ctx.hsm().replica.users.get(&user_id) {
        Some(u) if u.password.as_ref() == Some(hash) => u.clone(),
        _ => return Err(HsmError::LoginFailure),
    };
    if user.login_failures >= ctx.config.lockout_threshold {
        return Err(HsmError::LoginFailure);
    }
    if !password_ok {
        user.login_failures += 1;
        tracing::info!(hsm = %ctx.hsm_id(), user = %user.name, failures = user.login_failures, "login failed");
        ctx.save_user(user, None)?;
        return Err(HsmError::LoginFailure);
    }
    if user.login_failures != 0 {
        user.login_failures = 0;
        ctx.save_user(user, None)?;
    }
    let hsm_id = ctx.hsm_id().to_owned();
    ctx.session.logins.insert(hsm_id, user_id);
    Ok(Progress::local(Reply::Done))
}
