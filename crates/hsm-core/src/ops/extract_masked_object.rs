//! `extractMaskedObject`: a key with all its metadata, sealed with the cluster's masking
//! key, so only this cluster (or a clone) can take it back in.

use super::Op;
use crate::command::{Failure, Progress};
use crate::context::Ctx;
use crate::crypto::masked;
use crate::error::HsmError;
use crate::policy::{CommandKind, KeyAction, KeyCommand};
use hsm_proto::keys::KeyReply;
use hsm_proto::{KeyHandle, SecretBytes};

/// Marks a masked-object file.
pub(crate) const MAGIC: &[u8; 8] = b"KMUMASK1";

/// `extractMaskedObject -o HANDLE`: seals the caller's key, whatever its extractability.
pub(crate) struct ExtractMaskedObject {
    pub(crate) handle: KeyHandle,
}

impl Op for ExtractMaskedObject {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::ExtractMasked);

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let key = ctx.key_for(self.handle, KeyAction::Mask)?;
        let plain = zeroize::Zeroizing::new(
            postcard::to_stdvec(key).map_err(|_| HsmError::InvalidInput("key"))?,
        );
        let sealed = masked::seal_masked(ctx.cluster.mask_key.expose(), MAGIC, &plain)?;
        let blob = SecretBytes::new([MAGIC.as_slice(), &sealed].concat());
        Ok(Progress::key(KeyReply::Bytes(blob), Vec::new()))
    }
}
