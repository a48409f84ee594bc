//! `getCaviumPrivKey`: a PEM file that names a private key's handle instead of holding it.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::{fake_pem, material, KeyType};
use crate::error::HsmError;
use crate::objects::KeyClass;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// `getCaviumPrivKey -k HANDLE`.
pub(crate) struct GetCaviumPrivKey {
    pub(crate) handle: KeyHandle,
}

impl Op for GetCaviumPrivKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::FakePem);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(Progress::key(
            KeyReply::Bytes(run(ctx, self.handle)?),
            Vec::new(),
        ))
    }
}

fn run(ctx: &Ctx<'_>, handle: KeyHandle) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    let rsa_or_ec = [KeyType::Rsa.value(), KeyType::Ec.value()].contains(&key.key_type);
    if key.class != KeyClass::Private || !rsa_or_ec {
        return Err(HsmError::InvalidInput("not an RSA or EC private key"));
    }
    let spki = material::public_from_private(key.material.expose())?;
    Ok(SecretBytes::new(
        fake_pem::fake_private_key_pem(&spki, handle)?.into_bytes(),
    ))
}
