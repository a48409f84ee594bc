//! `verify`: a mismatch is `BadSignature` (CSP Error: ERR_BAD_PKCS_DATA).

use super::sign::fits;
use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::{sign, SignMechanism};
use crate::error::HsmError;
use crate::objects::KeyClass;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::KeyHandle;

/// `verify -f FILE -s SIGNATURE -k HANDLE -m MECHANISM`.
pub(crate) struct Verify {
    pub(crate) handle: KeyHandle,
    pub(crate) mechanism: u32,
    pub(crate) data: Vec<u8>,
    pub(crate) signature: Vec<u8>,
}

impl Op for Verify {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Verify);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let mechanism =
            SignMechanism::from_value(self.mechanism).ok_or(HsmError::InvalidInput("mechanism"))?;
        let key = ctx.key_for(self.handle, KeyAction::Use)?;
        fits(key, KeyClass::Public, mechanism)?;
        ctx.permit(key, KeyAction::Verify)?;
        if sign::verify(
            mechanism,
            key.material.expose(),
            &self.data,
            &self.signature,
        )? {
            Ok(Progress::key(KeyReply::Done, Vec::new()))
        } else {
            Err(HsmError::BadSignature.into())
        }
    }
}
