//! The accept loop.

use crate::connection;
use crate::state::SharedCore;
use std::future::Future;
use std::io;
use std::sync::Arc;
use tokio::net::UnixListener;
use tokio::task::JoinSet;

/// Serves `listener` until `shutdown` resolves, then drops every open connection.
/// Connections from other Unix users are refused.
pub async fn serve(
    listener: UnixListener,
    core: SharedCore,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let my_uid = nix::unistd::geteuid().as_raw();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            // Shutdown first, so a signal is never starved by a stream of connections.
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        continue;
                    }
                };
                match stream.peer_cred() {
                    Ok(cred) if cred.uid() == my_uid => {
                        connections.spawn(connection::handle(stream, Arc::clone(&core)));
                    }
                    Ok(cred) => tracing::warn!(uid = cred.uid(), "refused connection from another user"),
                    Err(e) => tracing::warn!(error = %e, "could not read peer credentials"),
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
    tracing::info!("stopped serving");
    Ok(())
}
