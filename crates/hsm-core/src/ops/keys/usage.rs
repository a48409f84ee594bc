//! Checks shared by the commands that use one key to protect another.

use super::KeyCtx;
use crate::crypto::{KeyType, WrapMechanism};
use crate::error::HsmError;
use crate::keys::{Key, KeyClass};
use crate::policy::KeyAction;

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
    ctx: &'c KeyCtx<'_>,
    handle: u64,
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
    let allowed = match direction {
        Direction::Wrap => key.flags.wrap,
        Direction::Unwrap => key.flags.unwrap,
    };
    if !allowed {
        return Err(HsmError::KeyAccessDenied);
    }
    if key.m_value >= 2 {
        return Err(HsmError::MxnAuthFailed);
    }
    Ok(key)
}

/// Whether `wrapper` may wrap `target`: a WRAP_WITH_TRUSTED key only under a TRUSTED key.
pub(crate) fn may_wrap(target: &Key, wrapper: &Key) -> Result<(), HsmError> {
    if target.flags.wrap_with_trusted && !wrapper.flags.trusted {
        Err(HsmError::KeyAccessDenied)
    } else {
        Ok(())
    }
}

/// The AES key used to take a key out of (or into) the HSM for exSymKey,
/// exportPrivateKey, imSymKey and importPrivateKey, checked against the `-wk` copy.
pub(crate) fn transport_key<'c>(
    ctx: &'c KeyCtx<'_>,
    handle: u64,
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

/// A key that may leave the HSM: owned by the caller, extractable, not quorum-protected.
pub(crate) fn exportable(
    ctx: &KeyCtx<'_>,
    handle: u64,
    action: KeyAction,
) -> Result<Key, HsmError> {
    let key = ctx.key_for(handle, action)?;
    if !key.flags.extractable {
        return Err(HsmError::KeyAccessDenied);
    }
    if key.m_value >= 2 {
        return Err(HsmError::MxnAuthFailed);
    }
    Ok(key.clone())
}
