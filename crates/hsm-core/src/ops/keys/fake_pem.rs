//! `getCaviumPrivKey`: a PEM file that names a private key's handle instead of holding it.

use super::KeyCtx;
use crate::crypto::{fake_pem, keys as crypto_keys, KeyType};
use crate::error::HsmError;
use crate::keys::KeyClass;
use crate::policy::KeyAction;
use hsm_proto::SecretBytes;

pub(crate) fn run(ctx: &KeyCtx<'_>, handle: u64) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    let rsa_or_ec = [KeyType::Rsa.value(), KeyType::Ec.value()].contains(&key.key_type);
    if key.class != KeyClass::Private || !rsa_or_ec {
        return Err(HsmError::InvalidInput("not an RSA or EC private key"));
    }
    let spki = crypto_keys::public_from_private(key.material.expose())?;
    Ok(SecretBytes::new(
        fake_pem::fake_private_key_pem(&spki, handle)?.into_bytes(),
    ))
}
