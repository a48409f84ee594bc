//! `changePswd`: own password (any logged-in user) or another's (officers).
//! A PRECO changing its own password activates the HSM.

use super::OpCtx;
use crate::core::Reply;
use crate::error::HsmError;
use crate::password::NewPassword;
use hsm_proto::UserType;

pub(crate) fn run(
    ctx: &mut OpCtx<'_>,
    user_type: UserType,
    name: &str,
    password: NewPassword,
) -> Result<Reply, HsmError> {
    let own = ctx.current_user().is_some_and(|me| me.is_named(name));
    let target = ctx
        .hsm
        .replica
        .user_named(name)
        .filter(|u| u.user_type.matches(user_type))
        .ok_or_else(|| HsmError::UserDoesNotExist(name.to_owned()))?;
    if !own
        && !matches!(
            target.user_type,
            UserType::Co | UserType::Pco | UserType::Cu
        )
    {
        return Err(HsmError::InvalidUserType);
    }
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
        tracing::info!(hsm = ctx.hsm_id(), "HSM activated");
    }
    ctx.save_user(user, None)?;
    Ok(Reply::Done)
}
