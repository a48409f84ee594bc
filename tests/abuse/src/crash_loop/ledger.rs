//! The acknowledged-changes ledger: what the client saw acknowledged (users created,
//! passwords changed, keys generated), and the check that all of it survived a restart.

use super::session::{self, ADMIN_PASSWORD};
use hsm_client::Client;
use hsm_proto::keys::{KeyFilter, KeyRequest};
use hsm_proto::{HsmId, HsmOp, KeyHandle, Response, UserType};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A crypto user the workload created.
#[derive(Debug, Clone)]
pub(crate) struct UserEntry {
    /// The password last acknowledged.
    pub(crate) password: String,
    /// A change that was sent but not acknowledged (the daemon died): either may hold.
    pub(crate) maybe: Option<String>,
    /// Changed since the last check: its password is checked by a login.
    pub(crate) dirty: bool,
}

/// Everything acknowledged so far.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Acknowledged changes in total.
    pub(crate) acknowledged: u64,
    /// Users by name.
    pub(crate) users: BTreeMap<String, UserEntry>,
    /// Token keys each key owner (by name) generated and saw acknowledged.
    pub(crate) keys: BTreeMap<String, BTreeSet<KeyHandle>>,
}

/// What a check found.
#[derive(Debug, Default)]
pub(crate) struct Check {
    /// Acknowledged changes missing after the restart.
    pub(crate) lost: u64,
    /// One line per loss.
    pub(crate) details: Vec<String>,
}

impl Check {
    fn lose(&mut self, what: String) {
        self.lost += 1;
        self.details.push(what);
    }
}

impl Ledger {
    /// Checks every acknowledged change against the restarted daemon on `socket`.
    pub(crate) fn verify(&mut self, socket: &Path, hsm: &HsmId) -> anyhow::Result<Check> {
        let mut check = Check::default();
        let mut admin = Client::connect(socket, "abuse-verify")?;
        if session::login(&mut admin, hsm, UserType::Co, "admin", ADMIN_PASSWORD).is_err() {
            check.lose("admin's activation password".to_owned());
            return Ok(check);
        }
        let listed: BTreeSet<String> = match admin.hsm(hsm, HsmOp::ListUsers)? {
            Response::Users(u) => u.into_iter().map(|u| u.name).collect(),
            other => anyhow::bail!("unexpected ListUsers reply {other:?}"),
        };
        for (name, entry) in &mut self.users {
            if !listed.contains(name) {
                check.lose(format!("user {name}"));
                continue;
            }
            if !entry.dirty {
                continue;
            }
            entry.dirty = false;
            let mut c = Client::connect(socket, "abuse-verify")?;
            if session::login(&mut c, hsm, UserType::Cu, name, &entry.password).is_ok() {
                entry.maybe = None;
                continue;
            }
            let maybe = entry.maybe.take();
            let mut c = Client::connect(socket, "abuse-verify")?;
            match maybe {
                Some(p) if session::login(&mut c, hsm, UserType::Cu, name, &p).is_ok() => {
                    entry.password = p;
                }
                _ => check.lose(format!("password change of {name}")),
            }
        }
        for (owner, handles) in &self.keys {
            let password = &self.users[owner].password;
            let mut c = Client::connect(socket, "abuse-verify")?;
            if session::login(&mut c, hsm, UserType::Cu, owner, password).is_err() {
                for h in handles {
                    check.lose(format!("key {h} of {owner} (owner cannot log in)"));
                }
                continue;
            }
            let found: BTreeSet<KeyHandle> =
                session::key(&mut c, hsm, KeyRequest::FindKeys(KeyFilter::default()))
                    .ok()
                    .and_then(|r| match r {
                        hsm_proto::keys::KeyReply::Handles(h) => Some(h.into_iter().collect()),
                        _ => None,
                    })
                    .unwrap_or_default();
            for h in handles.difference(&found) {
                check.lose(format!("key {h} of {owner}"));
            }
        }
        Ok(check)
    }
}
