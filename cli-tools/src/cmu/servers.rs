//! The servers a CMU session talks to, resolved from its configuration.

use super::config::{ServerEntry, DEFAULT_PORT};
use super::strings;
use crate::io::Io;
use crate::profile::Profile;
use hsm_proto::{ClusterInfo, HsmId};

/// One configured server, numbered in configuration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// CMU server number.
    pub number: usize,
    /// Display name (`<SRV>`).
    pub name: String,
    /// Hostname (the HSM's ENI IP).
    pub hostname: String,
    /// Port.
    pub port: u16,
    /// The simulated HSM behind it; `None` if nothing answers at that address.
    pub hsm_id: Option<HsmId>,
}

impl Server {
    /// `N(SRV)`, as every per-server line prints it.
    pub fn label(&self) -> String {
        format!("{}({})", self.number, self.name)
    }

    /// Whether the start-up connection succeeded.
    pub fn is_connected(&self) -> bool {
        self.hsm_id.is_some()
    }
}

/// The server list: the configured entries matched to HSMs by ENI IP, or, without a
/// configuration, every HSM of the first cluster.
pub fn resolve(entries: Option<Vec<ServerEntry>>, clusters: &[ClusterInfo]) -> Vec<Server> {
    let Some(entries) = entries else {
        return clusters
            .first()
            .map(|c| c.hsms.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(number, h)| Server {
                number,
                name: h.eni_ip.clone(),
                hostname: h.eni_ip.clone(),
                port: h.port,
                hsm_id: Some(h.hsm_id.clone()),
            })
            .collect();
    };
    entries
        .into_iter()
        .enumerate()
        .map(|(number, e)| {
            let hsm_id = clusters
                .iter()
                .flat_map(|c| &c.hsms)
                .find(|h| h.eni_ip == e.hostname)
                .map(|h| h.hsm_id.clone());
            Server {
                number,
                name: e.name.unwrap_or_else(|| e.hostname.clone()),
                hostname: e.hostname,
                port: e.port.unwrap_or(DEFAULT_PORT),
                hsm_id,
            }
        })
        .collect()
}

/// The connection trace printed before the first prompt.
pub(crate) fn print_startup(servers: &[Server], profile: Profile, io: &mut Io<'_>) {
    io.line("Connecting to the server(s), it may take time");
    io.line("depending on the server(s) load, please wait...");
    for s in servers {
        io.blank();
        io.line(&format!(
            "Connecting to server '{}': hostname '{}', port {}...",
            s.name, s.hostname, s.port
        ));
        if s.is_connected() {
            io.line(&format!(
                "Connected to server '{}': hostname '{}', port {}.",
                s.name, s.hostname, s.port
            ));
        } else {
            io.line(&strings::failed_to_connect(&s.name, &s.hostname, s.port));
        }
    }
    if strings::e2e_at_startup(profile) {
        for s in servers.iter().filter(|s| s.is_connected()) {
            io.line(&format!("E2E enabled on server {}", s.label()));
        }
    }
}
