//! `exportPubKey`: the PEM text of a public key any crypto user can see.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::pem;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// `exportPubKey -k HANDLE`.
pub(crate) struct ExportPubKey {
    pub(crate) handle: KeyHandle,
}

impl Op for ExportPubKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ExportPublic);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let key = ctx.key_for(self.handle, KeyAction::Use)?;
        ctx.permit(key, KeyAction::ExportPublic)?;
        let pem = pem::public_key_to_pem(key.material.expose())?;
        let reply = KeyReply::Bytes(SecretBytes::new(pem.into_bytes()));
        Ok(Progress::key(reply, Vec::new()))
    }
}
