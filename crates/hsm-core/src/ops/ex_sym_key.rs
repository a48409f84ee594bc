//! `exSymKey`: the raw bytes of a secret key the caller owns, taken out under an AES
//! wrapping key.

use super::key_usage::take_out;
use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::objects::KeyClass;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// `exSymKey -k HANDLE -w WRAPPING [-wk FILE]`.
pub(crate) struct ExSymKey {
    pub(crate) handle: KeyHandle,
    pub(crate) wrapping: KeyHandle,
    pub(crate) host_key: Option<SecretBytes>,
}

impl Op for ExSymKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ExportSymmetric);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let host_key = self.host_key.as_ref().map(SecretBytes::expose);
        let key = take_out(ctx, self.handle, KeyClass::Secret, self.wrapping, host_key)?;
        Ok(Progress::key(KeyReply::Bytes(key.material), Vec::new()))
    }
}
