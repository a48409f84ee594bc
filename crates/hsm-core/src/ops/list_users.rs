//! `listUsers`: this HSM's users in ascending ID order.

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::policy::CommandKind;

/// `listUsers`.
pub(crate) struct ListUsers;

impl Op for ListUsers {
    const KIND: CommandKind = CommandKind::ListUsers;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let users = ctx.hsm().replica.users.values().map(|u| u.info()).collect();
        Ok(Progress::local(Reply::Users(users)))
    }
}
