//! `sign`: the checks under the lock, the private-key operation outside it.

use super::Op;
use crate::command::{Failure, JobKind, Progress};
use crate::context::Ctx;
use crate::crypto::{sign, KeyType, SignMechanism};
use crate::error::HsmError;
use crate::objects::{Key, KeyClass};
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};
use zeroize::Zeroizing;

/// `sign -f FILE -k HANDLE -m MECHANISM`.
pub(crate) struct Sign {
    pub(crate) handle: KeyHandle,
    pub(crate) mechanism: u32,
    pub(crate) data: Vec<u8>,
}

impl Op for Sign {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Sign);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let mechanism =
            SignMechanism::from_value(self.mechanism).ok_or(HsmError::InvalidInput("mechanism"))?;
        let key = ctx.key_for(self.handle, KeyAction::Use)?;
        fits(key, KeyClass::Private, mechanism)?;
        ctx.permit(key, KeyAction::Sign)?;
        let private_pkcs8 = Zeroizing::new(key.material.expose().to_vec());
        let data = self.data;
        Ok(Progress::work(
            JobKind::Sign,
            move || sign::sign(mechanism, &private_pkcs8, &data),
            |_ctx, signature| {
                let signature = SecretBytes::new(signature?);
                Ok(Progress::key(KeyReply::Bytes(signature), Vec::new()))
            },
        ))
    }
}

/// Whether `key` is of `class` and of the key type `mechanism` needs.
pub(crate) fn fits(key: &Key, class: KeyClass, mechanism: SignMechanism) -> Result<(), HsmError> {
    let type_ok = KeyType::from_value(key.key_type) == Some(mechanism.key_type());
    if key.class == class && type_ok {
        Ok(())
    } else {
        Err(HsmError::InvalidInput(
            "key not valid for the signature mechanism",
        ))
    }
}
