//! Key requests to core calls. Key generation and signing run their crypto on the
//! blocking pool, outside the core lock, between a check and a commit under the lock.

use crate::listener::SharedCore;
use hsm_core::{Core, HsmError, KeyOutcome, SessionId};
use hsm_proto::keys::{ClusterReply, KeyReply, KeyRequest, KeySpec, KeyTemplate};
use hsm_proto::{Response, SecretBytes};
use std::sync::{MutexGuard, PoisonError};

/// Runs a key request against one HSM and its cluster.
pub(crate) async fn dispatch(
    core: &SharedCore,
    sid: SessionId,
    hsm_id: &str,
    request: KeyRequest,
) -> Response {
    let outcome = match request {
        KeyRequest::GenerateKey { spec, template } => {
            generate(core, sid, hsm_id, &spec, &template).await
        }
        KeyRequest::Sign {
            handle,
            mechanism,
            data,
        } => sign(core, sid, hsm_id, handle, mechanism, data).await,
        other => lock(core).execute_key(sid, hsm_id, other),
    };
    if let Err(e) = &outcome.result {
        match e {
            HsmError::Store(source) => {
                tracing::error!(session = sid.0, hsm = %hsm_id, error = ?source, "storage failure");
            }
            other => {
                tracing::debug!(session = sid.0, hsm = %hsm_id, error = %other, "key request refused")
            }
        }
    }
    Response::Cluster(ClusterReply {
        outcome: outcome.result.map_err(|e| e.code()),
        nodes: outcome.nodes,
    })
}

/// Checks under the lock, generates on the blocking pool, stores under the lock.
async fn generate(
    core: &SharedCore,
    sid: SessionId,
    hsm_id: &str,
    spec: &KeySpec,
    template: &KeyTemplate,
) -> KeyOutcome {
    let job = match lock(core).prepare_generate(sid, hsm_id, spec, template) {
        Ok(job) => job,
        Err(outcome) => return outcome,
    };
    let generated = tokio::task::spawn_blocking(move || job.run())
        .await
        .unwrap_or(Err(HsmError::InvalidInput("key generation worker failed")));
    lock(core).finish_generate(sid, hsm_id, generated, template)
}

/// Checks under the lock, signs on the blocking pool.
async fn sign(
    core: &SharedCore,
    sid: SessionId,
    hsm_id: &str,
    handle: u64,
    mechanism: u32,
    data: Vec<u8>,
) -> KeyOutcome {
    let job = match lock(core).prepare_sign(sid, hsm_id, handle, mechanism) {
        Ok(job) => job,
        Err(outcome) => return outcome,
    };
    let signature = tokio::task::spawn_blocking(move || job.run(&data))
        .await
        .unwrap_or(Err(HsmError::InvalidInput("signing worker failed")));
    KeyOutcome {
        result: signature.map(|s| KeyReply::Bytes(SecretBytes::new(s))),
        nodes: Vec::new(),
    }
}

fn lock(core: &SharedCore) -> MutexGuard<'_, Core> {
    core.lock().unwrap_or_else(PoisonError::into_inner)
}
