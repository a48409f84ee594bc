//! `exportPubKey`, `exportPrivateKey`, `exSymKey`. The HSM only ever releases key material
//! wrapped; the plaintext is recovered on the host, here modelled by checking the wrapping
//! key (and the `-wk` copy) before handing the material back.

use super::usage::{exportable, may_wrap, transport_key, Direction};
use super::KeyCtx;
use crate::crypto::pem;
use crate::error::HsmError;
use crate::keys::{Key, KeyClass};
use crate::policy::KeyAction;
use hsm_proto::SecretBytes;

/// PEM text of a public key any crypto user can see.
pub(crate) fn public(ctx: &KeyCtx<'_>, handle: u64) -> Result<SecretBytes, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    if key.class != KeyClass::Public {
        return Err(HsmError::KeyAccessDenied);
    }
    Ok(SecretBytes::new(
        pem::public_key_to_pem(key.material.expose())?.into_bytes(),
    ))
}

/// PKCS#8 PEM of a private key the caller owns.
pub(crate) fn private(
    ctx: &KeyCtx<'_>,
    handle: u64,
    wrapping: u64,
    host_key: Option<&[u8]>,
) -> Result<SecretBytes, HsmError> {
    let key = take_out(ctx, handle, KeyClass::Private, wrapping, host_key)?;
    let pem = pem::private_key_to_pem(key.material.expose())?;
    Ok(SecretBytes::new(pem.as_bytes().to_vec()))
}

/// Raw bytes of a secret key the caller owns.
pub(crate) fn symmetric(
    ctx: &KeyCtx<'_>,
    handle: u64,
    wrapping: u64,
    host_key: Option<&[u8]>,
) -> Result<SecretBytes, HsmError> {
    Ok(take_out(ctx, handle, KeyClass::Secret, wrapping, host_key)?.material)
}

/// The key `handle`, if it is of `class`, the caller may export it, and `wrapping` may
/// carry it out of the HSM.
fn take_out(
    ctx: &KeyCtx<'_>,
    handle: u64,
    class: KeyClass,
    wrapping: u64,
    host_key: Option<&[u8]>,
) -> Result<Key, HsmError> {
    let key = exportable(ctx, handle, KeyAction::Export)?;
    if key.class != class {
        return Err(HsmError::InvalidInput(match class {
            KeyClass::Private => "not a private key",
            KeyClass::Secret | KeyClass::Public => "not a symmetric key",
        }));
    }
    // The key is wrapped inside the HSM first, so WRAP_WITH_TRUSTED applies.
    may_wrap(
        &key,
        transport_key(ctx, wrapping, Direction::Wrap, host_key)?,
    )?;
    Ok(key)
}
