//! `logoutHSM`.

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::policy::CommandKind;

/// `logoutHSM`: ends this session's login on the HSM.
pub(crate) struct Logout;

impl Op for Logout {
    const KIND: CommandKind = CommandKind::Logout;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let hsm_id = ctx.hsm_id().to_owned();
        ctx.session.logins.remove(&hsm_id);
        ctx.session.last_deleted.remove(&hsm_id);
        // Session keys end with the login that made them.
        ctx.session.session_keys.remove(&hsm_id);
        Ok(Progress::local(Reply::Done))
    }
}
