//! Who this session is logged in as on this HSM (`info server`).

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::policy::CommandKind;
use hsm_proto::LoginInfo;

/// The login state CMU's `info server` prints.
pub(crate) struct LoginState;

impl Op for LoginState {
    const KIND: CommandKind = CommandKind::LoginState;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let login = ctx.current_user().map(|u| LoginInfo {
            name: u.name.clone(),
            user_type: u.user_type,
        });
        Ok(Progress::local(Reply::LoginState(login)))
    }
}
