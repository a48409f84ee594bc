//! `wrapKey` and `unWrapKey`. With a header, the file carries what `unWrapKey` needs to
//! rebuild the key (class, type, label, ID, usage flags), sealed with the cluster key;
//! with `-noheader` it is exactly the mechanism's output (kmu.md §2.34 \[REC\] layout).

use super::create::{check_template, store_keys};
use super::usage::{exportable, may_wrap, wrapping_key, Direction};
use super::KeyCtx;
use crate::crypto::{keys as crypto_keys, masked, wrap, HashType, KeyType, WrapMechanism};
use crate::error::HsmError;
use crate::keys::build::{self, Origin};
use crate::keys::{KeyClass, KeyFlags};
use crate::policy::KeyAction;
use hsm_proto::keys::{KeyReply, KeyTemplate, NodeStatus, UnwrapSpec, WrapParams};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

const MAGIC: &[u8; 8] = b"KMUWRAP1";
/// The only IV the HSM accepts for the AES key-wrap mechanisms (kmu.md A-17).
const KW_IV: [u8; 8] = [0xA6; 8];

#[derive(Serialize, Deserialize)]
struct Header {
    class: u32,
    key_type: u32,
    label: String,
    id: String,
    flags: KeyFlags,
    gcm_iv: Option<Vec<u8>>,
}

/// NIST_TDEA_WRAP: a legacy 3DES wrap that FIPS HSMs refuse (kmu.md §1.8, §5.1).
const TDEA_WRAP: u32 = 9;

fn mechanism(params: &WrapParams) -> Result<(WrapMechanism, HashType), HsmError> {
    if params.mechanism == TDEA_WRAP {
        return Err(HsmError::PolicyViolation("NIST_TDEA_WRAP"));
    }
    let mechanism =
        WrapMechanism::from_value(params.mechanism).ok_or(HsmError::InvalidInput("mechanism"))?;
    let hash = HashType::from_value(params.hash).ok_or(HsmError::InvalidInput("hash type"))?;
    if params.iv.as_deref().is_some_and(|iv| iv != KW_IV) {
        return Err(HsmError::InvalidInput(
            "only the default key-wrap IV is accepted",
        ));
    }
    Ok((mechanism, hash))
}

/// Wraps the caller's key `handle` with `wrapping`.
pub(crate) fn wrap_key(
    ctx: &KeyCtx<'_>,
    handle: u64,
    wrapping: u64,
    params: &WrapParams,
) -> Result<KeyReply, HsmError> {
    let (mechanism, hash) = mechanism(params)?;
    let target = exportable(ctx, handle, KeyAction::Wrap)?;
    if target.class == KeyClass::Public {
        return Err(HsmError::InvalidInput("public keys are not wrapped"));
    }
    let wrapper = wrapping_key(ctx, wrapping, mechanism, Direction::Wrap)?;
    may_wrap(&target, wrapper)?;
    let crypto_params = wrap::WrapParams {
        iv: params.iv.clone(),
        aad: params.aad.clone(),
        tag_size: params.tag_size.map(|t| t as usize),
    };
    let out = wrap::wrap(
        mechanism,
        hash,
        wrapper.material.expose(),
        target.material.expose(),
        &crypto_params,
    )?;
    if params.no_header {
        return Ok(KeyReply::Wrapped {
            blob: out.blob,
            gcm_iv: out.gcm_iv,
        });
    }
    let header = Header {
        class: target.class.value(),
        key_type: target.key_type,
        label: target.label.clone(),
        id: target.id.clone(),
        flags: target.flags,
        gcm_iv: out.gcm_iv,
    };
    let sealed = seal_header(ctx, &header, &out.blob)?;
    let len = u32::try_from(sealed.len())
        .unwrap_or(u32::MAX)
        .to_be_bytes();
    Ok(KeyReply::Wrapped {
        blob: [MAGIC.as_slice(), &len, &sealed, &out.blob].concat(),
        gcm_iv: None,
    })
}

/// Unwraps a file into a new key owned by the caller.
pub(crate) fn unwrap_key(
    ctx: &mut KeyCtx<'_>,
    blob: &[u8],
    wrapping: u64,
    params: &WrapParams,
    no_header: Option<&UnwrapSpec>,
    template: &KeyTemplate,
) -> Result<(KeyReply, Vec<NodeStatus>), HsmError> {
    let (mechanism, hash) = mechanism(params)?;
    let owner = ctx.actor()?.user_id;
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
            let (kind, pair) = crypto_keys::normalize_private(&plain)?;
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
    Ok((KeyReply::Created(vec![handle]), nodes))
}

/// Seals the header with the cluster's masking key and binds it to the payload, so nobody
/// can edit the attributes it restores (or move it onto another payload). A file with a
/// header therefore unwraps only in this cluster and its clones; `-noheader` files travel.
fn seal_header(ctx: &KeyCtx<'_>, header: &Header, payload: &[u8]) -> Result<Vec<u8>, HsmError> {
    let plain = postcard::to_stdvec(header).map_err(|_| HsmError::InvalidInput("header"))?;
    Ok(masked::seal_masked(
        ctx.cluster.mask_key.expose(),
        &header_aad(payload),
        &plain,
    )?)
}

fn header_aad(payload: &[u8]) -> Vec<u8> {
    [MAGIC.as_slice(), Sha256::digest(payload).as_slice()].concat()
}

fn split_header<'b>(ctx: &KeyCtx<'_>, blob: &'b [u8]) -> Result<(Header, &'b [u8]), HsmError> {
    let bad = || HsmError::UnwrapIntegrity;
    let rest = blob.strip_prefix(MAGIC.as_slice()).ok_or_else(bad)?;
    let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(bad)?;
    let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| bad())?;
    let sealed = rest.get(..len).ok_or_else(bad)?;
    let payload = rest.get(len..).ok_or_else(bad)?;
    let plain = masked::open_masked(ctx.cluster.mask_key.expose(), &header_aad(payload), sealed)
        .map_err(|_| bad())?;
    let header: Header = postcard::from_bytes(&plain).map_err(|_| bad())?;
    Ok((header, payload))
}
