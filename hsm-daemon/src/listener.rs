//! The accept loop: peer-credential checks, the connection limit, and back-off when
//! `accept` fails (docs/daemon.md).

use crate::accept_backoff::AcceptBackoff;
use crate::connection;
use crate::limits::Limits;
use crate::state::SharedCore;
use crate::ungreeted::{Ungreeted, EVICT_BATCH};
use crate::warn_budget::{WarnBudget, WINDOW};
use hsm_proto::{frame, ProtocolError, Response};
use std::future::Future;
use std::io;
use std::sync::Arc;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Serves `listener` within `limits` until `shutdown` resolves, then drops every open
/// connection. Connections from other Unix users are refused.
pub async fn serve(
    listener: UnixListener,
    core: SharedCore,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let my_uid = nix::unistd::geteuid().as_raw();
    // `Semaphore::new` panics above MAX_PERMITS, far beyond any descriptor limit.
    let slots = Arc::new(Semaphore::new(
        limits.max_connections.min(Semaphore::MAX_PERMITS),
    ));
    let warnings = Arc::new(WarnBudget::new());
    let ungreeted = Arc::new(Ungreeted::default());
    let mut backoff = AcceptBackoff::default();
    let mut summaries = tokio::time::interval(WINDOW);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            // Shutdown first, so a signal is never starved by a stream of connections.
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => {
                        backoff.succeeded();
                        stream
                    }
                    Err(e) => {
                        let evicted = if out_of_descriptors(&e) {
                            ungreeted.evict_oldest(EVICT_BATCH)
                        } else {
                            0
                        };
                        let pause = backoff.failed(&e, evicted);
                        tokio::select! {
                            biased;
                            () = &mut shutdown => break,
                            () = tokio::time::sleep(pause) => continue,
                        }
                    }
                };
                match stream.peer_cred() {
                    Ok(cred) if cred.uid() == my_uid => {}
                    Ok(cred) => {
                        if warnings.allow() {
                            tracing::warn!(uid = cred.uid(), "refused connection from another user");
                        }
                        continue;
                    }
                    Err(e) => {
                        if warnings.allow() {
                            tracing::warn!(error = %e, "could not read peer credentials");
                        }
                        continue;
                    }
                }
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    if warnings.allow() {
                        tracing::warn!(limit = limits.max_connections, "connection limit reached; refusing");
                    }
                    refuse(&stream);
                    continue;
                };
                let core = Arc::clone(&core);
                let warnings = Arc::clone(&warnings);
                let ticket = ungreeted.register();
                connections.spawn(async move {
                    connection::handle(stream, core, limits, &warnings, ticket).await;
                    drop(slot);
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = summaries.tick() => warnings.tick(),
        }
    }
    connections.shutdown().await;
    warnings.flush();
    tracing::info!("stopped serving");
    Ok(())
}

fn out_of_descriptors(e: &io::Error) -> bool {
    use nix::errno::Errno;
    e.raw_os_error()
        .is_some_and(|code| code == Errno::EMFILE as i32 || code == Errno::ENFILE as i32)
}

/// Tells a client over the limit why it is turned away, without waiting for it: the
/// error frame is tiny and a fresh socket's buffer always has room, so a non-blocking
/// write suffices. The client reads it in answer to its `Hello` (hsm-client also looks
/// for it when its `Hello` meets a closed socket). Dropping the stream closes it.
fn refuse(stream: &UnixStream) {
    if let Ok(bytes) = frame::encode(&Response::Protocol(ProtocolError::TooManyConnections)) {
        let _ = stream.try_write(&bytes);
    }
}
