//! The vocabulary of [`Core`](crate::Core): a [`Command`] goes in, a [`Step`] comes out.
//!
//! A step is either finished ([`Outcome`]) or a [`Job`]: slow work (hashing or checking a
//! password, generating a key, signing) that the caller runs outside any lock and hands
//! back to [`Core::resume`](crate::Core::resume) as a [`JobOutput`].

use crate::context::Ctx;
use crate::error::HsmError;
use crate::policy::CommandKind;
use crate::session::SessionId;
use hsm_proto::keys::{ClusterReply, KeyReply, NodeStatus};
use hsm_proto::HsmId;
use std::fmt;

/// A command to one HSM: user and key commands alike, exactly as the tools send them.
pub use hsm_proto::HsmOp as Command;

/// What a successful command returns, exactly as the tools receive it; a key command's
/// reply carries the per-node statuses too.
pub use hsm_proto::Response as Reply;

/// A finished command: its result and, for commands that reach the cluster, each HSM's
/// status (ascending node id; empty for commands that only touch the session's HSM).
#[derive(Debug)]
pub struct Outcome {
    /// Success payload, or why the HSM refused.
    pub result: Result<Reply, HsmError>,
    /// Per-node statuses.
    pub nodes: Vec<NodeStatus>,
}

impl Outcome {
    pub(crate) fn refused(error: HsmError) -> Self {
        Self {
            result: Err(error),
            nodes: Vec::new(),
        }
    }

    /// The wire form: the reply itself, or the refusal's code alone, in the cluster shape
    /// for key commands (`key_command`), which report per-node statuses even when they
    /// fail.
    pub fn into_response(self, key_command: bool) -> Reply {
        let Self { result, nodes } = self;
        match result {
            Ok(reply) => reply,
            Err(e) if key_command => Reply::Cluster(ClusterReply {
                outcome: Err(e.code()),
                nodes,
            }),
            Err(e) => Reply::Failed(e.code()),
        }
    }
}

/// Where a command stands after [`Core::execute`](crate::Core::execute) or
/// [`Core::resume`](crate::Core::resume).
#[derive(Debug)]
pub enum Step {
    /// The command finished.
    Done(Outcome),
    /// Run this job outside the lock, then resume.
    Work(Job),
}

/// What kind of slow work a [`Job`] does (for logs and measurements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Hash a new password (argon2id).
    HashPassword,
    /// Check a password against its hash (argon2id).
    VerifyPassword,
    /// Generate key material.
    GenerateKey,
    /// Sign with a private key.
    Sign,
}

/// The rest of a command once its job has run: continues under the lock.
pub(crate) type Resume = Box<dyn for<'c> FnOnce(&mut Ctx<'c>) -> Result<Progress, Failure> + Send>;

/// Slow work that needs no HSM state: it holds copies of what it needs. Run it with
/// [`Job::run`], without any lock, and give the output to
/// [`Core::resume`](crate::Core::resume).
pub struct Job {
    pub(crate) session: SessionId,
    pub(crate) hsm_id: HsmId,
    pub(crate) gate: CommandKind,
    pub(crate) reach: Reach,
    pub(crate) kind: JobKind,
    pub(crate) task: Box<dyn FnOnce() -> Resume + Send>,
}

impl Job {
    /// What the job does.
    pub fn kind(&self) -> JobKind {
        self.kind
    }

    /// Does the slow work (seconds for some key generations).
    pub fn run(self) -> JobOutput {
        let Self {
            session,
            hsm_id,
            gate,
            reach,
            task,
            ..
        } = self;
        JobOutput {
            session,
            hsm_id,
            gate,
            reach,
            resume: task(),
        }
    }
}

impl fmt::Debug for Job {
    // Jobs hold passwords and key material; show only what they are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("kind", &self.kind)
            .field("hsm_id", &self.hsm_id)
            .finish_non_exhaustive()
    }
}

/// A job's result, waiting for [`Core::resume`](crate::Core::resume).
pub struct JobOutput {
    pub(crate) session: SessionId,
    pub(crate) hsm_id: HsmId,
    pub(crate) gate: CommandKind,
    pub(crate) reach: Reach,
    pub(crate) resume: Resume,
}

impl fmt::Debug for JobOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobOutput")
            .field("hsm_id", &self.hsm_id)
            .finish_non_exhaustive()
    }
}

/// How far an op got under the lock.
pub(crate) enum Progress {
    /// Finished: the reply and the per-node statuses.
    Done(Reply, Vec<NodeStatus>),
    /// Slow work to run outside the lock, and what to do with its result.
    Work(JobKind, Box<dyn FnOnce() -> Resume + Send>),
}

impl Progress {
    /// Finished with no per-node statuses.
    pub(crate) fn local(reply: Reply) -> Self {
        Self::Done(reply, Vec::new())
    }

    /// Finished with a key reply and per-node statuses.
    pub(crate) fn key(reply: KeyReply, nodes: Vec<NodeStatus>) -> Self {
        let cluster = ClusterReply {
            outcome: Ok(reply),
            nodes: nodes.clone(),
        };
        Self::Done(Reply::Cluster(cluster), nodes)
    }

    /// Slow work: `task` runs without the lock; `then` runs under it with the result.
    pub(crate) fn work<T, W, F>(kind: JobKind, task: W, then: F) -> Self
    where
        T: Send + 'static,
        W: FnOnce() -> T + Send + 'static,
        F: for<'c> FnOnce(&mut Ctx<'c>, T) -> Result<Progress, Failure> + Send + 'static,
    {
        Self::Work(
            kind,
            Box::new(move || {
                let output = task();
                Box::new(move |ctx: &mut Ctx<'_>| then(ctx, output)) as Resume
            }),
        )
    }
}

/// A refusal, with the per-node statuses an op chose itself (`None`: as its [`Reach`]
/// says).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: HsmError,
    pub(crate) nodes: Option<Vec<NodeStatus>>,
}

impl From<HsmError> for Failure {
    fn from(error: HsmError) -> Self {
        Self { error, nodes: None }
    }
}

impl From<crate::error::StoreError> for Failure {
    fn from(error: crate::error::StoreError) -> Self {
        HsmError::from(error).into()
    }
}

impl From<crate::crypto::CryptoError> for Failure {
    fn from(error: crate::crypto::CryptoError) -> Self {
        HsmError::from(error).into()
    }
}

/// Which HSMs a refused command reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// None: the command reads or changes the session's HSM only.
    Local,
    /// Every HSM of the cluster, or the session's alone for a session key; a key the
    /// caller may not touch is refused before anything reaches the cluster.
    Cluster {
        /// Whether the command concerns a session key.
        session_key: bool,
    },
}

impl Reach {
    /// The reach of a command that creates a key from `template`.
    pub(crate) fn new_key(template: &hsm_proto::keys::KeyTemplate) -> Self {
        Self::Cluster {
            session_key: template.session,
        }
    }

    /// The statuses to report for `error`.
    pub(crate) fn nodes(self, ctx: &Ctx<'_>, error: &HsmError) -> Vec<NodeStatus> {
        match self {
            Self::Local => Vec::new(),
            Self::Cluster { .. } if error.is_key_access_denial() => Vec::new(),
            Self::Cluster { session_key: true } => ctx.this_node(Some(error.code())),
            Self::Cluster { session_key: false } => ctx.all_nodes(Some(error.code())),
        }
    }
}
