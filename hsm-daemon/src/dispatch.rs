//! Requests to core calls. HSM errors become wire codes here and nowhere else; details
//! are logged, only the code is sent. Password hashing runs on the blocking pool, outside
//! the core lock.

use crate::listener::SharedCore;
use crate::DAEMON_VERSION;
use hsm_core::policy::CommandKind;
use hsm_core::{Command, Core, HsmError, NewPassword, Reply, SessionId};
use hsm_proto::{ErrorCode, HsmOp, Request, Response, Secret, PROTOCOL_MAJOR, PROTOCOL_MINOR};
use std::sync::{MutexGuard, PoisonError};

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
        Request::Hsm {
            hsm_id,
            op: HsmOp::Key(request),
        } => crate::dispatch_keys::dispatch(core, sid, &hsm_id, request).await,
        Request::Hsm { hsm_id, op } => match hsm_op(core, sid, &hsm_id, op).await {
            Ok(reply) => into_response(reply),
            Err(Failure::Hsm(e)) => {
                match &e {
                    HsmError::Store(source) => {
                        tracing::error!(session = sid.0, hsm = %hsm_id, error = ?source, "storage failure")
                    }
                    other => {
                        tracing::debug!(session = sid.0, hsm = %hsm_id, error = %other, "refused")
                    }
                }
                Response::Failed(e.code())
            }
            Err(Failure::Worker) => Response::Failed(ErrorCode::Internal),
        },
    }
}

enum Failure {
    Hsm(HsmError),
    /// A blocking worker died; nothing was changed.
    Worker,
}

impl From<HsmError> for Failure {
    fn from(e: HsmError) -> Self {
        Self::Hsm(e)
    }
}

async fn hsm_op(
    core: &SharedCore,
    sid: SessionId,
    hsm_id: &str,
    op: HsmOp,
) -> Result<Reply, Failure> {
    let command = match op {
        HsmOp::Login {
            user_type,
            name,
            password,
        } => {
            let ticket = lock(core).begin_login(sid, hsm_id, user_type, &name)?;
            let (ticket, ok) = tokio::task::spawn_blocking(move || {
                let ok = ticket.check(&password);
                (ticket, ok)
            })
            .await
            .map_err(|_| Failure::Worker)?;
            return Ok(lock(core).finish_login(sid, ticket, ok)?);
        }
        // Hashing is slow: refuse what the gate refuses before doing it. (Whose password
        // changes is decided later; every changePswd needs at least a login.)
        HsmOp::ChangePassword {
            user_type,
            name,
            password,
        } => Command::ChangePassword {
            user_type,
            name,
            password: prepare_after(core, sid, hsm_id, CommandKind::ChangeOwnPassword, password)
                .await?,
        },
        HsmOp::CreateUser {
            user_type,
            name,
            password,
        } => Command::CreateUser {
            user_type,
            name,
            password: prepare_after(core, sid, hsm_id, CommandKind::CreateUser, password).await?,
        },
        HsmOp::Logout => Command::Logout,
        HsmOp::DeleteUser { user_type, name } => Command::DeleteUser { user_type, name },
        HsmOp::RestoreDeletedUser { name } => Command::RestoreDeletedUser { name },
        HsmOp::ListUsers => Command::ListUsers,
        HsmOp::LoginState => Command::LoginState,
        HsmOp::HsmInfo => Command::HsmInfo,
        // Routed to `dispatch_keys` before this function is reached.
        HsmOp::Key(_) => return Err(Failure::Worker),
    };
    Ok(lock(core).execute(sid, hsm_id, command)?)
}

/// Hashes a new password once the gate would let the command through.
async fn prepare_after(
    core: &SharedCore,
    sid: SessionId,
    hsm_id: &str,
    kind: CommandKind,
    password: Secret,
) -> Result<NewPassword, Failure> {
    lock(core).check_gate(sid, hsm_id, kind)?;
    prepare(password).await
}

async fn prepare(password: Secret) -> Result<NewPassword, Failure> {
    tokio::task::spawn_blocking(move || NewPassword::prepare(&password))
        .await
        .map_err(|_| Failure::Worker)
}

fn lock(core: &SharedCore) -> MutexGuard<'_, Core> {
    core.lock().unwrap_or_else(PoisonError::into_inner)
}

fn into_response(reply: Reply) -> Response {
    match reply {
        Reply::Done => Response::Done,
        Reply::Users(users) => Response::Users(users),
        Reply::LoginState(login) => Response::LoginState(login),
        Reply::HsmInfo(info) => Response::HsmInfo(info),
    }
}
