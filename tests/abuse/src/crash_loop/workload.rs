//! One worker of the mixed workload: as admin it creates crypto users and changes their
//! passwords, as its own crypto user it generates token keys, and it records in the
//! ledger each change the daemon acknowledged, until the daemon dies under it.

use super::ledger::{Ledger, UserEntry};
use super::session::{self, ADMIN_PASSWORD};
use crate::rng::Rng;
use hsm_client::Client;
use hsm_proto::keys::{KeyReply, KeyRequest, KeySpec, KeyTemplate};
use hsm_proto::{HsmId, HsmOp, Secret, UserType};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// AES (`-t 31`).
const AES: u32 = 31;

/// What one worker saw in one cycle.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    /// Changes acknowledged.
    pub(crate) acknowledged: u64,
    /// Changes the HSM refused (an answer, so not a loss either way).
    pub(crate) refused: u64,
}

/// The name of worker `t`'s key owner.
pub(crate) fn keyer(t: usize) -> String {
    format!("keyer{t}")
}

/// Worker `t` in cycle `cycle`.
pub(crate) struct Worker {
    /// Worker index.
    pub(crate) t: usize,
    /// Cycle number, part of every name it creates.
    pub(crate) cycle: u32,
    /// The daemon's socket.
    pub(crate) socket: PathBuf,
    /// The HSM it works on.
    pub(crate) hsm: HsmId,
    /// The shared ledger.
    pub(crate) ledger: Arc<Mutex<Ledger>>,
    /// Its random stream.
    pub(crate) rng: Rng,
}

impl Worker {
    /// Works until the first failure that is not an HSM refusal (the daemon died).
    pub(crate) fn run(mut self) -> Tally {
        let mut tally = Tally::default();
        let Ok(mut admin) = Client::connect(&self.socket, "abuse-admin") else {
            return tally;
        };
        let Ok(mut owner) = Client::connect(&self.socket, "abuse-keyer") else {
            return tally;
        };
        let keyer_pw = self
            .lock()
            .users
            .get(&keyer(self.t))
            .map(|u| u.password.clone());
        let logged_in =
            session::login(&mut admin, &self.hsm, UserType::Co, "admin", ADMIN_PASSWORD).and_then(
                |()| {
                    let pw = keyer_pw.unwrap_or_default();
                    session::login(&mut owner, &self.hsm, UserType::Cu, &keyer(self.t), &pw)
                },
            );
        if logged_in.is_err() {
            return tally;
        }
        for n in 0.. {
            let step = match self.rng.below(10) {
                0..=3 => self.create_user(&mut admin, n),
                4..=6 => self.change_password(&mut admin, n),
                _ => self.generate_key(&mut owner, n),
            };
            match step {
                Ok(true) => tally.acknowledged += 1,
                Ok(false) => tally.refused += 1,
                Err(()) => break,
            }
        }
        tally
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `Ok(true)` acknowledged, `Ok(false)` refused, `Err` cut off.
    fn outcome(e: &hsm_client::ClientError) -> Result<bool, ()> {
        session::refused(e).map(|_| false).ok_or(())
    }

    fn create_user(&mut self, admin: &mut Client, n: u32) -> Result<bool, ()> {
        let name = format!("w{}c{}n{n}", self.t, self.cycle);
        let password = format!("pw{}", self.rng.next_u64() % 1_000_000_000);
        let op = HsmOp::CreateUser {
            user_type: UserType::Cu,
            name: name.clone(),
            password: Secret::new(&password),
        };
        match admin.hsm(&self.hsm, op) {
            Ok(_) => {
                let mut ledger = self.lock();
                ledger.acknowledged += 1;
                let entry = UserEntry {
                    password,
                    maybe: None,
                    dirty: false,
                };
                ledger.users.insert(name, entry);
                Ok(true)
            }
            Err(e) => Self::outcome(&e),
        }
    }

    fn change_password(&mut self, admin: &mut Client, n: u32) -> Result<bool, ()> {
        let prefix = format!("w{}c", self.t);
        let mine: Vec<String> = self
            .lock()
            .users
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        if mine.is_empty() {
            return self.create_user(admin, n);
        }
        let name = self.rng.pick(&mine).clone();
        let password = format!("np{}", self.rng.next_u64() % 1_000_000_000);
        let op = HsmOp::ChangePassword {
            user_type: UserType::Cu,
            name: name.clone(),
            password: Secret::new(&password),
        };
        let result = admin.hsm(&self.hsm, op);
        let mut ledger = self.lock();
        let Some(entry) = ledger.users.get_mut(&name) else {
            return Ok(false);
        };
        entry.dirty = true;
        match result {
            Ok(_) => {
                entry.password = password;
                entry.maybe = None;
                ledger.acknowledged += 1;
                Ok(true)
            }
            Err(e) => {
                let cut = Self::outcome(&e);
                if cut.is_err() {
                    entry.maybe = Some(password);
                }
                cut
            }
        }
    }

    fn generate_key(&mut self, owner: &mut Client, n: u32) -> Result<bool, ()> {
        let request = KeyRequest::GenerateKey {
            spec: KeySpec::Symmetric {
                key_type: AES,
                size: 16,
            },
            template: KeyTemplate {
                label: format!("k{}c{}n{n}", self.t, self.cycle),
                min_servers: 1,
                ..KeyTemplate::default()
            },
        };
        match session::key(owner, &self.hsm, request) {
            Ok(KeyReply::Created(handles)) => {
                let mut ledger = self.lock();
                ledger.acknowledged += 1;
                let set = ledger.keys.entry(keyer(self.t)).or_default();
                set.extend(handles);
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(e) => Self::outcome(&e),
        }
    }
}
