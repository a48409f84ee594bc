//! Checks shared by the commands that use one key to protect another.

use crate::context::Ctx;
use crate::crypto::{KeyType, WrapMechanism};
use crate::error::HsmError;
use crate::objects::{Key, KeyClass};
use crate::policy::{self, KeyAction};
use hsm_proto::KeyHandle;

/// What the wrapping key is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Protecting key material that leaves the HSM.
    Wrap,
    /// Recovering key material that enters the HSM.
    Unwrap,
}

/// The key behind `handle`, if the caller may use it to wrap or unwrap with `mechanism`:
/// an AES key for the AES mechanisms, an RSA public key (wrap) or private key (unwrap) for
/// the RSA ones, with OBJ_ATTR_WRAP or OBJ_ATTR_UNWRAP set.
pub(crate) fn wrapping_key<'c>(
    ctx: &'c Ctx<'_>,
    handle: KeyHandle,
    mechanism: WrapMechanism,
    direction: Direction,
) -> Result<&'c Key, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Use)?;
    let wanted_class = match (mechanism.wrapping_key_type(), direction) {
        (KeyType::Aes, _) => KeyClass::Secret,
        (_, Direction::Wrap) => KeyClass::Public,
        (_, Direction::Unwrap) => KeyClass::Private,
    };
    if key.key_type != mechanism.wrapping_key_type().value() || key.class != wanted_class {
        return Err(HsmError::InvalidInput(
            "wrapping key does not fit the mechanism",
        ));
    }
    ctx.permit(key, direction.action())?;
    Ok(key)
}

impl Direction {
    /// The object gate's action for a key used this way.
    pub(crate) fn action(self) -> KeyAction {
        match self {
            Self::Wrap => KeyAction::WrapWith,
            Self::Unwrap => KeyAction::UnwrapWith,
        }
    }
}

/// The AES key used to take a key out of (or into) the HSM for exSymKey,
/// exportPrivateKey, imSymKey and importPrivateKey, checked against the `-wk` copy.
pub(crate) fn transport_key<'c>(
    ctx: &'c Ctx<'_>,
    handle: KeyHandle,
    direction: Direction,
    host_key: Option<&[u8]>,
) -> Result<&'c Key, HsmError> {
    let key = wrapping_key(ctx, handle, WrapMechanism::AesKeyWrapPadPkcs5, direction)?;
    // The host side uses the -wk copy; anything but the same key fails to unwrap.
    if host_key.is_some_and(|k| k != key.material.expose()) {
        return Err(HsmError::UnwrapIntegrity);
    }
    Ok(key)
}

/// The key `handle`, if it is of `class`, the caller may take it out of the HSM, and
/// `wrapping` may carry it out (exSymKey, exportPrivateKey). The HSM only ever releases
/// key material wrapped; the plaintext is recovered on the host, here modelled by
/// checking the wrapping key (and the `-wk` copy) before handing the material back.
pub(crate) fn take_out(
    ctx: &Ctx<'_>,
    handle: KeyHandle,
    class: KeyClass,
    wrapping: KeyHandle,
    host_key: Option<&[u8]>,
) -> Result<Key, HsmError> {
    let key = ctx.key_for(handle, KeyAction::Export)?.clone();
    if key.class != class {
        return Err(HsmError::InvalidInput(match class {
            KeyClass::Private => "not a private key",
            KeyClass::Secret | KeyClass::Public => "not a symmetric key",
        }));
    }
    // The key is wrapped inside the HSM first, so WRAP_WITH_TRUSTED applies.
    let wrapper = transport_key(ctx, wrapping, Direction::Wrap, host_key)?;
    policy::wrap_under_allowed(&key, wrapper)?;
    Ok(key)
}
