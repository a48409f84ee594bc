//! `importPrivateKey`: a private key from a PEM file, unwrapped inside the HSM with an
//! AES key, becomes an HSM key owned by the caller.

use super::key_storage::{import_origin, store_keys};
use super::key_usage::{transport_key, Direction};
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::pem;
use crate::objects::build;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::{KeyReply, KeyTemplate};
use hsm_proto::{KeyHandle, SecretBytes};
use std::collections::BTreeSet;

/// `importPrivateKey -f FILE -w WRAPPING …`.
pub(crate) struct ImportPrivateKey {
    pub(crate) pem: SecretBytes,
    pub(crate) wrapping: KeyHandle,
    pub(crate) host_key: Option<SecretBytes>,
    pub(crate) template: KeyTemplate,
}

impl Op for ImportPrivateKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ImportPrivate);

    fn reach(&self) -> Reach {
        Reach::new_key(&self.template)
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let template = &self.template;
        let origin = import_origin(ctx, template)?;
        let host_key = self.host_key.as_ref().map(SecretBytes::expose);
        transport_key(ctx, self.wrapping, Direction::Unwrap, host_key)?;
        let parsed = pem::parse_private_key_pem(self.pem.expose())?;
        let pair = &parsed.pair;
        let handle = ctx.allocate_handle(&BTreeSet::new());
        let key = build::private(
            handle,
            parsed.kind,
            &pair.private_pkcs8,
            &pair.public_spki,
            origin,
            template,
        )?;
        let der_len = u32::try_from(pair.private_pkcs8.len()).unwrap_or(u32::MAX);
        let nodes = store_keys(ctx, vec![key], template.min_servers)?;
        Ok(Progress::key(KeyReply::Imported { handle, der_len }, nodes))
    }
}
