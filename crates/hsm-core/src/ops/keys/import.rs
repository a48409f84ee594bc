//! `importPubKey`, `importPrivateKey`, `imSymKey`: keys from files become HSM keys owned by
//! the caller, with OBJ_ATTR_LOCAL = 0 and always extractable (kmu.md §3.2).

use super::create::{check_template, store_keys};
use super::usage::{transport_key, Direction};
use super::KeyCtx;
use crate::crypto::{pem, KeyType};
use crate::error::HsmError;
use crate::keys::build::{self, Origin};
use hsm_proto::keys::{KeyReply, KeyTemplate, NodeStatus};
use std::collections::BTreeSet;

type Created = (KeyReply, Vec<NodeStatus>);

fn origin(ctx: &KeyCtx<'_>, template: &KeyTemplate) -> Result<Origin, HsmError> {
    let owner = ctx.actor()?.user_id;
    if template.session && !template.share_with.is_empty() {
        return Err(HsmError::InvalidShareList);
    }
    check_template(ctx, owner, template)?;
    Ok(Origin {
        owner,
        local: false,
        extractable: true,
    })
}

/// A public key from PEM text.
pub(crate) fn public(
    ctx: &mut KeyCtx<'_>,
    pem_text: &str,
    template: &KeyTemplate,
) -> Result<Created, HsmError> {
    let origin = origin(ctx, template)?;
    let parsed = pem::parse_public_key_pem(pem_text.as_bytes())?;
    let handle = ctx.allocate_handle(&BTreeSet::new());
    let key = build::public(handle, parsed.kind, &parsed.spki_der, origin, template)?;
    let nodes = store_keys(ctx, vec![key], template.min_servers)?;
    Ok((KeyReply::Created(vec![handle]), nodes))
}

/// A private key from a PEM file, unwrapped with the AES key `wrapping`.
pub(crate) fn private(
    ctx: &mut KeyCtx<'_>,
    pem_bytes: &[u8],
    wrapping: u64,
    host_key: Option<&[u8]>,
    template: &KeyTemplate,
) -> Result<Created, HsmError> {
    let origin = origin(ctx, template)?;
    transport_key(ctx, wrapping, Direction::Unwrap, host_key)?;
    let parsed = pem::parse_private_key_pem(pem_bytes)?;
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
    Ok((KeyReply::Imported { handle, der_len }, nodes))
}

/// A symmetric key from raw bytes: AES (16, 24, 32 bytes) or DES3 (24 bytes).
pub(crate) fn symmetric(
    ctx: &mut KeyCtx<'_>,
    material: &[u8],
    key_type: u32,
    wrapping: u64,
    host_key: Option<&[u8]>,
    template: &KeyTemplate,
) -> Result<Created, HsmError> {
    let origin = origin(ctx, template)?;
    transport_key(ctx, wrapping, Direction::Unwrap, host_key)?;
    let key_type = match (KeyType::from_value(key_type), material.len()) {
        (Some(KeyType::Aes), 16 | 24 | 32) => KeyType::Aes,
        (Some(KeyType::Des3), 24) => KeyType::Des3,
        _ => return Err(HsmError::InvalidInput("key file does not fit the key type")),
    };
    let handle = ctx.allocate_handle(&BTreeSet::new());
    let key = build::secret(handle, key_type, material, origin, template)?;
    let nodes = store_keys(ctx, vec![key], template.min_servers)?;
    Ok((KeyReply::Created(vec![handle]), nodes))
}
