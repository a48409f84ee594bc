//! `sign` (split so the private-key operation runs outside the core lock) and `verify`.

use super::KeyCtx;
use crate::crypto::{sign, KeyType, SignMechanism};
use crate::error::HsmError;
use crate::keys::{Key, KeyClass};
use crate::policy::KeyAction;
use zeroize::Zeroizing;

/// A checked signing request: the mechanism and a copy of the private key.
pub struct SignJob {
    mechanism: SignMechanism,
    private_pkcs8: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for SignJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignJob")
            .field("mechanism", &self.mechanism)
            .finish_non_exhaustive()
    }
}

impl SignJob {
    /// Signs `data` (slow for large RSA keys).
    pub fn run(&self, data: &[u8]) -> Result<Vec<u8>, HsmError> {
        Ok(sign::sign(self.mechanism, &self.private_pkcs8, data)?)
    }
}

/// Checks that the caller may sign with `handle` using `mechanism`.
pub(crate) fn prepare(ctx: &KeyCtx<'_>, handle: u64, mechanism: u32) -> Result<SignJob, HsmError> {
    let mechanism =
        SignMechanism::from_value(mechanism).ok_or(HsmError::InvalidInput("mechanism"))?;
    let key = ctx.key_for(handle, KeyAction::Use)?;
    fits(key, KeyClass::Private, mechanism)?;
    if !key.flags.sign {
        return Err(HsmError::KeyAccessDenied);
    }
    if key.m_value >= 2 {
        return Err(HsmError::MxnAuthFailed);
    }
    Ok(SignJob {
        mechanism,
        private_pkcs8: Zeroizing::new(key.material.expose().to_vec()),
    })
}

/// `verify`: a mismatch is `BadSignature` (CSP Error: ERR_BAD_PKCS_DATA).
pub(crate) fn verify(
    ctx: &KeyCtx<'_>,
    handle: u64,
    mechanism: u32,
    data: &[u8],
    signature: &[u8],
) -> Result<(), HsmError> {
    let mechanism =
        SignMechanism::from_value(mechanism).ok_or(HsmError::InvalidInput("mechanism"))?;
    let key = ctx.key_for(handle, KeyAction::Use)?;
    fits(key, KeyClass::Public, mechanism)?;
    if !key.flags.verify {
        return Err(HsmError::KeyAccessDenied);
    }
    if sign::verify(mechanism, key.material.expose(), data, signature)? {
        Ok(())
    } else {
        Err(HsmError::BadSignature)
    }
}

fn fits(key: &Key, class: KeyClass, mechanism: SignMechanism) -> Result<(), HsmError> {
    let type_ok = KeyType::from_value(key.key_type) == Some(mechanism.key_type());
    if key.class == class && type_ok {
        Ok(())
    } else {
        Err(HsmError::InvalidInput(
            "key not valid for the signature mechanism",
        ))
    }
}
