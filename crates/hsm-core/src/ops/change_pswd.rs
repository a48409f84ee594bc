//! `changePswd`: own password (any logged-in user) or another's (officers). The new
//! password is hashed outside the lock. A PRECO changing its own password activates the
//! HSM.

use super::new_password::after_hashing;
use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::error::HsmError;
use crate::password::NewPassword;
use crate::policy::{self, CommandKind};
use hsm_proto::{Secret, UserType};

/// `changePswd TYPE NAME PASSWORD`.
pub(crate) struct ChangePswd {
    pub(crate) user_type: UserType,
    pub(crate) name: String,
    pub(crate) password: Secret,
}

impl Op for ChangePswd {
    const KIND: CommandKind = CommandKind::ChangeOtherPassword;

    fn gate(&self, ctx: &Ctx<'_>) -> CommandKind {
        if is_own(ctx, &self.name) {
            CommandKind::ChangeOwnPassword
        } else {
            Self::KIND
        }
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let Self {
            user_type,
            name,
            password,
        } = self;
        Ok(after_hashing(ctx, password, move |ctx, password| {
            change(ctx, user_type, &name, password)
        }))
    }
}

fn is_own(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.current_user().is_some_and(|me| me.is_named(name))
}

fn change(
    ctx: &mut Ctx<'_>,
    user_type: UserType,
    name: &str,
    password: NewPassword,
) -> Result<Progress, HsmError> {
    let own = is_own(ctx, name);
    if !own {
        // Whose password this is was decided before the hash; the caller's login may have
        // changed since, so another user's password needs the officer's gate now.
        policy::command_allowed(ctx.actor(), CommandKind::ChangeOtherPassword)?;
    }
    let target = ctx
        .hsm()
        .replica
        .user_named(name)
        .filter(|u| u.user_type.matches(user_type))
        .ok_or_else(|| HsmError::UserDoesNotExist(name.to_owned()))?;
    policy::password_target_allowed(own, target.user_type)?;
    let NewPassword::Hashed(hash) = password else {
        return Err(HsmError::PasswordLength);
    };
    if ctx.elsewhere.contains(&target.id) {
        return Err(HsmError::UserLoggedIn(target.name.clone()));
    }
    let mut user = target.clone();
    user.password = Some(hash);
    user.login_failures = 0;
    if own && user.user_type == UserType::Preco {
        user.user_type = ctx.config.activated_admin_type;
        tracing::info!(hsm = %ctx.hsm_id(), "HSM activated");
    }
    ctx.save_user(user, None)?;
    Ok(Progress::local(Reply::Done))
}
