//! Attribute look-ups some commands make before their main call, as the real tool does
//! (a key's class before exporting it, its type before signing with it).

use crate::kmu::{KeyResult, Kmu};
use hsm_proto::keys::{AttrValue, Attribute, KeyReply, KeyRequest};
use hsm_proto::KeyHandle;

/// OBJ_ATTR_CLASS, OBJ_ATTR_KEY_TYPE, OBJ_ATTR_MODULUS.
const CLASS: u32 = 0;
const KEY_TYPE: u32 = 256;
const MODULUS: u32 = 288;

/// The attributes of `handle`, or the result code that refused them.
pub(crate) struct Facts(Vec<Attribute>);

impl Facts {
    /// Asks the session HSM.
    pub(crate) fn fetch(kmu: &mut Kmu, handle: u64) -> Result<Self, u32> {
        let KeyResult { outcome, .. } = kmu.key(KeyRequest::GetAttributes {
            handle: KeyHandle(handle),
        });
        match outcome {
            Ok(KeyReply::Attributes(list)) => Ok(Self(list)),
            Ok(_) => Err(crate::kmu::strings::DAEMON_SOCKET_ERROR),
            Err(code) => Err(code),
        }
    }

    fn number(&self, id: u32) -> Option<u32> {
        self.0
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| match a.value {
                AttrValue::Byte(v) => Some(u32::from(v)),
                AttrValue::Word(v) => Some(v),
                _ => None,
            })
    }

    /// OBJ_ATTR_CLASS: 2 public, 3 private, 4 secret.
    pub(crate) fn class(&self) -> Option<u32> {
        self.number(CLASS)
    }

    /// OBJ_ATTR_KEY_TYPE.
    pub(crate) fn key_type(&self) -> Option<u32> {
        self.number(KEY_TYPE)
    }

    /// Length of OBJ_ATTR_MODULUS in bytes (RSA: the signature length).
    pub(crate) fn modulus_len(&self) -> Option<usize> {
        self.0
            .iter()
            .find(|a| a.id == MODULUS)
            .and_then(|a| match &a.value {
                AttrValue::Bytes(b) => Some(b.len()),
                _ => None,
            })
    }
}
