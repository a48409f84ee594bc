//! The header `wrapKey` puts before the wrapped key, unless `-noheader`: what `unWrapKey`
//! needs to rebuild the key (class, type, label, ID, usage flags), sealed with the cluster
//! key; with `-noheader` the file is exactly the mechanism's output (docs/kmu.md §2.34
//! layout, which AWS leaves open).

use crate::context::Ctx;
use crate::crypto::{masked, HashType, WrapMechanism};
use crate::error::HsmError;
use crate::objects::KeyFlags;
use hsm_proto::keys::WrapParams;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"KMUWRAP1";
/// The only IV the HSM accepts for the AES key-wrap mechanisms (docs/kmu.md A-17).
const KW_IV: [u8; 8] = [0xA6; 8];

/// What a wrapped-key file says about its key.
#[derive(Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) class: u32,
    pub(crate) key_type: u32,
    pub(crate) label: String,
    pub(crate) id: String,
    pub(crate) flags: KeyFlags,
    pub(crate) gcm_iv: Option<Vec<u8>>,
}

/// NIST_TDEA_WRAP: a legacy 3DES wrap that FIPS HSMs refuse (docs/kmu.md §1.8, §5.1).
const TDEA_WRAP: u32 = 9;

/// The mechanism and hash of a wrap or unwrap request.
pub(crate) fn mechanism(params: &WrapParams) -> Result<(WrapMechanism, HashType), HsmError> {
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

/// The file for `payload` with `header` sealed before it: sealed with the cluster's
/// masking key and bound to the payload, so nobody can edit the attributes it restores
/// (or move it onto another payload). A file with a header therefore unwraps only in
/// this cluster and its clones; `-noheader` files travel.
pub(crate) fn with_header(
    ctx: &Ctx<'_>,
    header: &Header,
    payload: &[u8],
) -> Result<Vec<u8>, HsmError> {
    let sealed = seal_header(ctx, header, payload)?;
    let len = u32::try_from(sealed.len())
        .unwrap_or(u32::MAX)
        .to_be_bytes();
    Ok([MAGIC.as_slice(), &len, &sealed, payload].concat())
}

fn seal_header(ctx: &Ctx<'_>, header: &Header, payload: &[u8]) -> Result<Vec<u8>, HsmError> {
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

/// The header and payload of a file with a header.
pub(crate) fn split_header<'b>(
    ctx: &Ctx<'_>,
    blob: &'b [u8],
) -> Result<(Header, &'b [u8]), HsmError> {
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
