//! `loginHSM`, in two halves so the slow password check runs outside the lock.

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;
use crate::password::PasswordHash;
use crate::session::SessionId;
use hsm_proto::{Secret, UserType};

/// A login that passed every check but the password.
#[derive(Debug)]
pub struct LoginTicket {
    pub(crate) session: SessionId,
    pub(crate) hsm_id: String,
    pub(crate) user_id: u32,
    hash: PasswordHash,
}

impl LoginTicket {
    /// Whether `password` is right (slow: argon2id).
    pub fn check(&self, password: &Secret) -> bool {
        self.hash.verify(password)
    }
}

pub(crate) fn begin(
    ctx: &OpCtx<'_>,
    user_type: UserType,
    name: &str,
) -> Result<LoginTicket, HsmError> {
    if user_type == UserType::Au {
        return Err(HsmError::InvalidUserType);
    }
    let user = ctx
        .hsm
        .replica
        .user_named(name)
        .ok_or_else(|| HsmError::UserNotInitialized(name.to_owned()))?;
    if !user.user_type.matches(user_type) {
        return Err(HsmError::UserDoesNotExist(name.to_owned()));
    }
    if user.login_failures >= ctx.config.lockout_threshold {
        return Err(HsmError::LoginFailure);
    }
    let hash = user.password.clone().ok_or(HsmError::LoginFailure)?;
    Ok(LoginTicket {
        session: ctx.session_id,
        hsm_id: ctx.hsm_id().to_owned(),
        user_id: user.id,
        hash,
    })
}

pub(crate) fn finish(
    ctx: &mut OpCtx<'_>,
    ticket: LoginTicket,
    password_ok: bool,
) -> Result<Reply, HsmError> {
    let LoginTicket {
        session,
        user_id,
        hash,
        ..
    } = ticket;
    // A ticket only completes the login of the session that started it.
    if session != ctx.session_id {
        return Err(HsmError::LoginFailure);
    }
    // The user may have changed while the password was being checked.
    let mut user = match ctx.hsm.replica.users.get(&user_id) {
        Some(u) if u.password.as_ref() == Some(&hash) => u.clone(),
        _ => return Err(HsmError::LoginFailure),
    };
    if user.login_failures >= ctx.config.lockout_threshold {
        return Err(HsmError::LoginFailure);
    }
    if !password_ok {
        user.login_failures += 1;
        tracing::info!(hsm = ctx.hsm_id(), user = %user.name, failures = user.login_failures, "login failed");
        ctx.save_user(user, None)?;
        return Err(HsmError::LoginFailure);
    }
    if user.login_failures != 0 {
        user.login_failures = 0;
        ctx.save_user(user, None)?;
    }
    let hsm_id = ctx.hsm_id().to_owned();
    ctx.session.logins.insert(hsm_id, user_id);
    Ok(Reply::Done)
}
