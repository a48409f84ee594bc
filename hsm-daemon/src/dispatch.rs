//! Requests to core calls, in one loop for every HSM command: lock → execute → the job on
//! the blocking pool, without the lock → lock → resume, until the command is done. Refusals
//! are logged here with their details; only their codes go on the wire.

use crate::state::{lock, SharedCore};
use crate::DAEMON_VERSION;
use hsm_core::{Command, HsmError, Outcome, SessionId, Step};
use hsm_proto::{HsmOp, Request, Response, PROTOCOL_MAJOR, PROTOCOL_MINOR};

pub(crate) async fn dispatch(core: &SharedCore, sid: SessionId, request: Request) -> Response {
    match request {
        Request::Hello {
            client,
            major,
            minor,
        } => {
            tracing::debug!(session = sid.0, %client, major, minor, "hello");
            Response::Hello {
                daemon_version: DAEMON_VERSION.to_owned(),
                major: PROTOCOL_MAJOR,
                minor: PROTOCOL_MINOR,
            }
        }
        Request::ListClusters => Response::Clusters(lock(core).clusters()),
        Request::Hsm { hsm_id, op } => {
            // Key commands answer in the cluster shape, failures included.
            let key_command = matches!(op, HsmOp::Key(_));
            let outcome = run(core, sid, hsm_id.as_str(), op).await;
            if let Err(e) = &outcome.result {
                log_refusal(sid, hsm_id.as_str(), e);
            }
            outcome.into_response(key_command)
        }
    }
}

/// Runs one command to its end, its slow parts on the blocking pool.
async fn run(core: &SharedCore, sid: SessionId, hsm_id: &str, command: Command) -> Outcome {
    let mut step = lock(core).execute(sid, hsm_id, command);
    loop {
        match step {
            Step::Done(outcome) => return outcome,
            Step::Work(job) => {
                let kind = job.kind();
                match tokio::task::spawn_blocking(move || job.run()).await {
                    Ok(output) => step = lock(core).resume(sid, output),
                    Err(e) => {
                        tracing::error!(session = sid.0, ?kind, error = %e, "blocking worker failed");
                        return Outcome {
                            result: Err(HsmError::WorkerFailed),
                            nodes: Vec::new(),
                        };
                    }
                }
            }
        }
    }
}

fn log_refusal(sid: SessionId, hsm_id: &str, e: &HsmError) {
    match e {
        HsmError::Store(source) => {
            tracing::error!(session = sid.0, hsm = %hsm_id, error = ?source, "storage failure");
        }
        other => tracing::debug!(session = sid.0, hsm = %hsm_id, error = %other, "refused"),
    }
}
