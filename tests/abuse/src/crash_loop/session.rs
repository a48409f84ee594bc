//! The few calls the crash loop makes, over `hsm-client`.

use hsm_client::{Client, ClientError};
use hsm_proto::keys::{ClusterReply, KeyReply, KeyRequest};
use hsm_proto::{ErrorCode, HsmId, HsmOp, Response, Secret, UserType};

/// Admin's password once the crash loop has activated the HSM.
pub(crate) const ADMIN_PASSWORD: &str = "adminpw1";

/// Logs `client` in on `hsm`.
pub(crate) fn login(
    client: &mut Client,
    hsm: &HsmId,
    user_type: UserType,
    name: &str,
    password: &str,
) -> Result<(), ClientError> {
    let op = HsmOp::Login {
        user_type,
        name: name.to_owned(),
        password: Secret::new(password),
    };
    client.hsm(hsm, op).map(drop)
}

/// Runs a key request; an HSM refusal becomes [`ClientError::Hsm`].
pub(crate) fn key(
    client: &mut Client,
    hsm: &HsmId,
    request: KeyRequest,
) -> Result<KeyReply, ClientError> {
    match client.hsm(hsm, HsmOp::Key(request))? {
        Response::Cluster(ClusterReply { outcome, .. }) => outcome.map_err(ClientError::Hsm),
        other => Err(ClientError::Unexpected(Box::new(other))),
    }
}

/// Whether an error is the HSM's answer (the change was refused, not cut off).
pub(crate) fn refused(e: &ClientError) -> Option<ErrorCode> {
    match e {
        ClientError::Hsm(code) => Some(*code),
        _ => None,
    }
}
