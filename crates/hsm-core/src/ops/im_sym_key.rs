//! `imSymKey`: raw AES (16, 24, 32 bytes) or DES3 (24 bytes) key bytes, unwrapped inside
//! the HSM with an AES key, become an HSM key owned by the caller.

use super::key_storage::{import_origin, store_keys};
use super::key_usage::{transport_key, Direction};
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::KeyType;
use crate::error::HsmError;
use crate::objects::build;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::{KeyReply, KeyTemplate};
use hsm_proto::{KeyHandle, SecretBytes};
use std::collections::BTreeSet;

/// `imSymKey -f FILE -t TYPE -w WRAPPING …`.
pub(crate) struct ImSymKey {
    pub(crate) material: SecretBytes,
    pub(crate) key_type: u32,
    pub(crate) wrapping: KeyHandle,
    pub(crate) host_key: Option<SecretBytes>,
    pub(crate) template: KeyTemplate,
}

impl Op for ImSymKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ImportSymmetric);

    fn reach(&self) -> Reach {
        Reach::new_key(&self.template)
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let template = &self.template;
        let material = self.material.expose();
        let origin = import_origin(ctx, template)?;
        let host_key = self.host_key.as_ref().map(SecretBytes::expose);
        transport_key(ctx, self.wrapping, Direction::Unwrap, host_key)?;
        let key_type = match (KeyType::from_value(self.key_type), material.len()) {
            (Some(KeyType::Aes), 16 | 24 | 32) => KeyType::Aes,
            (Some(KeyType::Des3), 24) => KeyType::Des3,
            _ => return Err(HsmError::InvalidInput("key file does not fit the key type").into()),
        };
        let handle = ctx.allocate_handle(&BTreeSet::new());
        let key = build::secret(handle, key_type, material, origin, template)?;
        let nodes = store_keys(ctx, vec![key], template.min_servers)?;
        Ok(Progress::key(KeyReply::Created(vec![handle]), nodes))
    }
}
