//! `unWrapKey`: a wrapped-key file, unwrapped inside the HSM, becomes a key owned by the
//! caller. A header restores the usage flags the key had; trust never travels in a file.

use super::key_storage::{check_template, store_keys};
use super::key_usage::{wrapping_key, Direction};
use super::wrap_header::{mechanism, split_header, Header};
use super::Op;
use crate::command::{Failure, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::{material, wrap, KeyType};
use crate::error::HsmError;
use crate::objects::build::{self, Origin};
use crate::objects::{KeyClass, KeyFlags};
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::{KeyReply, KeyTemplate, UnwrapSpec, WrapParams};
use hsm_proto::KeyHandle;
use std::collections::BTreeSet;

/// `unWrapKey -f FILE -w UNWRAPPING -m MECHANISM …`.
pub(crate) struct UnWrapKey {
    pub(crate) blob: Vec<u8>,
    pub(crate) wrapping: KeyHandle,
    pub(crate) params: WrapParams,
    pub(crate) no_header: Option<UnwrapSpec>,
    pub(crate) template: KeyTemplate,
}

impl Op for UnWrapKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Unwrap);

    fn reach(&self) -> Reach {
        Reach::new_key(&self.template)
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        Ok(unwrap_key(
            ctx,
            &self.blob,
            self.wrapping,
            &self.params,
            self.no_header.as_ref(),
            &self.template,
        )?)
    }
}

/// Unwraps a file into a new key owned by the caller.
fn unwrap_key(
    ctx: &mut Ctx<'_>,
    blob: &[u8],
    wrapping: KeyHandle,
    params: &WrapParams,
    no_header: Option<&UnwrapSpec>,
    template: &KeyTemplate,
) -> Result<Progress, HsmError> {
    let (mechanism, hash) = mechanism(params)?;
    let owner = ctx.caller_id()?;
    if template.session && !template.share_with.is_empty() {
        return Err(HsmError::InvalidShareList);
    }
    check_template(ctx, owner, template)?;
    let (header, payload) = match no_header {
        Some(spec) => (
            Header {
                class: spec.class,
                key_type: spec.key_type,
                label: template.label.clone(),
                id: template.id.clone(),
                flags: KeyFlags::default(),
                gcm_iv: params.gcm_iv.clone(),
            },
            blob,
        ),
        None => split_header(ctx, blob)?,
    };
    let unwrapper = wrapping_key(ctx, wrapping, mechanism, Direction::Unwrap)?;
    let crypto_params = wrap::UnwrapParams {
        iv: params.iv.clone(),
        aad: params.aad.clone(),
        tag_size: params.tag_size.map(|t| t as usize),
        gcm_iv: header.gcm_iv.clone().or_else(|| params.gcm_iv.clone()),
    };
    let plain = wrap::unwrap(
        mechanism,
        hash,
        unwrapper.material.expose(),
        payload,
        &crypto_params,
    )?;
    let template = KeyTemplate {
        label: header.label.clone(),
        id: header.id.clone(),
        ..template.clone()
    };
    let origin = Origin {
        owner,
        local: false,
        extractable: !template.non_extractable,
    };
    let handle = ctx.allocate_handle(&BTreeSet::new());
    let mut key = match (
        KeyClass::from_value(header.class),
        KeyType::from_value(header.key_type),
    ) {
        (Some(KeyClass::Secret), Some(t)) if !t.is_asymmetric() => {
            build::secret(handle, t, &plain, origin, &template)?
        }
        (Some(KeyClass::Private), Some(t)) if t.is_asymmetric() => {
            let (kind, pair) = material::normalize_private(&plain)?;
            if kind.key_type() != t {
                return Err(HsmError::InvalidInput(
                    "key type does not match the wrapped key",
                ));
            }
            build::private(
                handle,
                kind,
                &pair.private_pkcs8,
                &pair.public_spki,
                origin,
                &template,
            )?
        }
        _ => return Err(HsmError::InvalidInput("key class or type")),
    };
    if no_header.is_none() {
        // The header restores the usage flags the key had when it was wrapped.
        let f = header.flags;
        key.flags = KeyFlags {
            local: false,
            always_sensitive: false,
            never_extractable: false,
            extractable: key.flags.extractable,
            // Trust is granted by an officer, never carried in by a file.
            trusted: false,
            ..f
        };
    }
    let nodes = store_keys(ctx, vec![key], template.min_servers)?;
    Ok(Progress::key(KeyReply::Created(vec![handle]), nodes))
}
