//! `getHSMInfo`: the hardware facts of this HSM.

use super::Op;
use crate::command::{Failure, Progress, Reply};
use crate::context::Ctx;
use crate::policy::CommandKind;

/// `getHSMInfo`.
pub(crate) struct GetHsmInfo;

impl Op for GetHsmInfo {
    const KIND: CommandKind = CommandKind::HsmInfo;

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::local(Reply::HsmInfo(ctx.hsm().info())))
    }
}
