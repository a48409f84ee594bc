//! `exportPrivateKey`: PKCS#8 PEM of a private key the caller owns, taken out under an
//! AES wrapping key.

use super::key_usage::take_out;
use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::pem;
use crate::objects::KeyClass;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// `exportPrivateKey -k HANDLE -w WRAPPING [-wk FILE]`.
pub(crate) struct ExportPrivateKey {
    pub(crate) handle: KeyHandle,
    pub(crate) wrapping: KeyHandle,
    pub(crate) host_key: Option<SecretBytes>,
}

impl Op for ExportPrivateKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ExportPrivate);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let host_key = self.host_key.as_ref().map(SecretBytes::expose);
        let key = take_out(ctx, self.handle, KeyClass::Private, self.wrapping, host_key)?;
        let pem = pem::private_key_to_pem(key.material.expose())?;
        let reply = KeyReply::Bytes(SecretBytes::new(pem.as_bytes().to_vec()));
        Ok(Progress::key(reply, Vec::new()))
    }
}
