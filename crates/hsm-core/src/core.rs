//! [`Core`]: the model's one entry point. [`Core::execute`] runs a command behind the
//! policy gate; a command with slow work hands back a [`Job`](crate::Job), whose output
//! goes to [`Core::resume`].

use crate::cluster::Cluster;
use crate::command::Job;
use crate::command::{Command, Failure, JobOutput, Outcome, Progress, Reach, Step};
use crate::config::CoreConfig;
use crate::context::Ctx;
use crate::error::{HsmError, StoreError};
use crate::ops;
use crate::policy::{self, CommandKind};
use crate::session::{Session, SessionId};
use crate::store::{Change, Store};
use hsm_proto::ClusterInfo;
use std::collections::{BTreeSet, HashMap};

/// The simulated clusters, the live sessions and the store behind them.
pub struct Core {
    clusters: Vec<Cluster>,
    sessions: HashMap<SessionId, Session>,
    next_session: u64,
    store: Box<dyn Store>,
    config: CoreConfig,
}

impl Core {
    /// Loads the state from `store`; a new store gets one never-activated cluster with
    /// `initial_hsms` HSMs, committed before this returns.
    pub fn open(
        mut store: Box<dyn Store>,
        config: CoreConfig,
        initial_hsms: u32,
    ) -> Result<Self, StoreError> {
        let mut clusters = store.load()?.clusters;
        if clusters.is_empty() {
            let cluster = Cluster::new_uninitialized(0, initial_hsms);
            store.commit(&Change::whole_cluster(&cluster))?;
            tracing::info!(cluster = %cluster.id, hsms = cluster.hsms.len(), "created cluster");
            clusters.push(cluster);
        }
        Ok(Self {
            clusters,
            sessions: HashMap::new(),
            next_session: 1,
            store,
            config,
        })
    }

    /// Describes every cluster.
    pub fn clusters(&self) -> Vec<ClusterInfo> {
        self.clusters.iter().map(Cluster::info).collect()
    }

    /// Starts a session for a new connection.
    pub fn open_session(&mut self) -> SessionId {
        let id = SessionId(self.next_session);
        self.next_session += 1;
        self.sessions.insert(id, Session::default());
        id
    }

    /// Ends a session: its logins on every HSM end with it.
    pub fn close_session(&mut self, id: SessionId) {
        self.sessions.remove(&id);
    }

    /// Runs `command` for session `sid` on the HSM `hsm_id`: the command gate, then the
    /// command, up to its end or its slow part.
    pub fn execute(&mut self, sid: SessionId, hsm_id: &str, command: Command) -> Step {
        let mut ctx = match self.ctx(sid, hsm_id) {
            Ok(ctx) => ctx,
            Err(e) => return Step::Done(Outcome::refused(e)),
        };
        let started = ops::dispatch(&mut ctx, command);
        settle(&ctx, started.gate, started.reach, started.result)
    }

    /// Continues a command once its job has run: the gate again (the caller's state may
    /// have changed meanwhile), then the rest of the command.
    pub fn resume(&mut self, sid: SessionId, output: JobOutput) -> Step {
        let JobOutput {
            session,
            hsm_id,
            gate,
            reach,
            resume,
        } = output;
        if session != sid {
            return Step::Done(Outcome::refused(HsmError::InvalidInput(
                "the job belongs to another session",
            )));
        }
        let mut ctx = match self.ctx(sid, hsm_id.as_str()) {
            Ok(ctx) => ctx,
            Err(e) => return Step::Done(Outcome::refused(e)),
        };
        let result = policy::command_allowed(ctx.actor(), gate)
            .map_err(Failure::from)
            .and_then(|()| resume(&mut ctx));
        settle(&ctx, gate, reach, result)
    }

    /// Runs `command` to its end on this thread, jobs included: for callers that share
    /// the core with nobody, such as tests and tools.
    pub fn run_inline(&mut self, sid: SessionId, hsm_id: &str, command: Command) -> Outcome {
        let mut step = self.execute(sid, hsm_id, command);
        loop {
            match step {
                Step::Done(outcome) => return outcome,
                Step::Work(job) => step = self.resume(sid, job.run()),
            }
        }
    }

    /// The context for a command on `hsm_id`: its whole cluster and the session.
    fn ctx(&mut self, sid: SessionId, hsm_id: &str) -> Result<Ctx<'_>, HsmError> {
        let (ordinal, node) = self
            .clusters
            .iter()
            .enumerate()
            .find_map(|(c, cluster)| {
                let node = cluster
                    .hsms
                    .iter()
                    .position(|h| h.identity.hsm_id == *hsm_id)?;
                Some((c, node))
            })
            .ok_or_else(|| HsmError::NoSuchHsm(hsm_id.to_owned()))?;
        let cluster = &mut self.clusters[ordinal];
        let cluster_hsms: BTreeSet<&str> = cluster
            .hsms
            .iter()
            .map(|h| h.identity.hsm_id.as_str())
            .collect();
        let others = self.sessions.iter().filter(|(id, _)| **id != sid);
        let mut elsewhere = BTreeSet::new();
        let mut foreign_handles = BTreeSet::new();
        for (_, other) in others {
            // Users logged in to this HSM through any other connection.
            elsewhere.extend(other.login(hsm_id));
            // Slots taken by other sessions' session keys anywhere in this cluster.
            for (hsm, keys) in &other.session_keys {
                if cluster_hsms.contains(hsm.as_str()) {
                    foreign_handles.extend(keys.keys().copied());
                }
            }
        }
        // Sessions exist only between open_session and close_session.
        let session = self.sessions.get_mut(&sid).ok_or(HsmError::NotLoggedIn)?;
        Ok(Ctx {
            session_id: sid,
            cluster,
            node,
            session,
            store: self.store.as_mut(),
            config: &self.config,
            elsewhere,
            foreign_handles,
        })
    }
}

/// The step an op's progress amounts to.
fn settle(
    ctx: &Ctx<'_>,
    gate: CommandKind,
    reach: Reach,
    result: Result<Progress, Failure>,
) -> Step {
    match result {
        Ok(Progress::Done(reply, nodes)) => Step::Done(Outcome {
            result: Ok(reply),
            nodes,
        }),
        Ok(Progress::Work(kind, task)) => Step::Work(Job {
            session: ctx.session_id,
            hsm_id: ctx.hsm_id().clone(),
            gate,
            reach,
            kind,
            task,
        }),
        Err(Failure { error, nodes }) => Step::Done(Outcome {
            nodes: nodes.unwrap_or_else(|| reach.nodes(ctx, &error)),
            result: Err(error),
        }),
    }
}
