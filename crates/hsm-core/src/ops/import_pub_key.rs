//! `importPubKey`: a public key from a PEM file becomes an HSM key owned by the caller.

use super::key_storage::{import_origin, store_keys};
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::pem;
use crate::objects::build;
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::{KeyReply, KeyTemplate};
use std::collections::BTreeSet;

/// `importPubKey -f FILE -l LABEL …`.
pub(crate) struct ImportPubKey {
    pub(crate) pem: String,
    pub(crate) template: KeyTemplate,
}

impl Op for ImportPubKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ImportPublic);

    fn reach(&self) -> Reach {
        Reach::new_key(&self.template)
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let template = &self.template;
        let origin = import_origin(ctx, template)?;
        let parsed = pem::parse_public_key_pem(self.pem.as_bytes())?;
        let handle = ctx.allocate_handle(&BTreeSet::new());
        let key = build::public(handle, parsed.kind, &parsed.spki_der, origin, template)?;
        let nodes = store_keys(ctx, vec![key], template.min_servers)?;
        Ok(Progress::key(KeyReply::Created(vec![handle]), nodes))
    }
}
