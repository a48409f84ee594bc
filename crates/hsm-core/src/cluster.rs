//! Clusters: each a group of HSMs. The daemon simulates a set of them.
//!
//! A new cluster's first HSM is factory fresh (PRECO `admin` / `password` and `app_user`);
//! every further HSM is a clone of it, as AWS adds HSMs by backup and restore
//! (docs/cluster.md §2.1 and §9 ambiguity 3).

use crate::hsm::Hsm;
use crate::ids;
use crate::password::PasswordHash;
use crate::replica::Replica;
use crate::user::{User, ADMIN_ID, APP_USER_ID};
use hsm_proto::{ClusterInfo, HsmId, HsmIdentity, Secret, SecretBytes, UserId, UserType};

/// Default region of generated clusters.
pub const DEFAULT_REGION: &str = "us-east-1";
/// HSM type of generated clusters.
pub const DEFAULT_HSM_TYPE: &str = "hsm1.medium";
/// The port CMU connects to.
pub const CMU_PORT: u16 = 2225;
/// Most HSMs one cluster may have (docs/cluster.md).
pub const MAX_HSMS: u32 = 28;
/// The PRECO's factory password.
pub const PRECO_PASSWORD: &str = "password";

/// One cluster and its HSMs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Position among the daemon's clusters; seeds IDs and addresses.
    pub ordinal: u32,
    /// `cluster-…` ID.
    pub id: String,
    /// Region.
    pub region: String,
    /// HSM type.
    pub hsm_type: String,
    /// Seals masked objects; shared by every HSM of the cluster and by its clones.
    pub mask_key: SecretBytes,
    /// HSMs in creation order.
    pub hsms: Vec<Hsm>,
}

impl Cluster {
    /// A brand-new, never-activated cluster with `hsm_count` HSMs (clamped to 1..=28).
    /// `ordinal` distinguishes clusters of one daemon; it seeds IDs and the VPC range.
    pub fn new_uninitialized(ordinal: u32, hsm_count: u32) -> Self {
        let id = ids::derive("cluster", &format!("cloudhsm-sim/cluster/{ordinal}"));
        let mut cluster = Self {
            ordinal,
            id,
            region: DEFAULT_REGION.to_owned(),
            hsm_type: DEFAULT_HSM_TYPE.to_owned(),
            mask_key: SecretBytes::new(crate::crypto::random::bytes(32)),
            hsms: Vec::new(),
        };
        let factory = factory_replica();
        for index in 0..hsm_count.clamp(1, MAX_HSMS) {
            let identity = cluster.identity_for(ordinal, index);
            cluster.hsms.push(Hsm {
                identity,
                index,
                replica: factory.clone(),
            });
        }
        cluster
    }

    fn identity_for(&self, ordinal: u32, index: u32) -> HsmIdentity {
        const AZ_LETTERS: [char; 3] = ['a', 'b', 'c'];
        let az = index % 3;
        HsmIdentity {
            hsm_id: HsmId(ids::derive("hsm", &format!("{}/hsm/{index}", self.id))),
            cluster_id: self.id.clone(),
            eni_ip: format!("10.{ordinal}.{}.{}", az + 1, 10 + index / 3),
            availability_zone: format!("{}{}", self.region, AZ_LETTERS[az as usize]),
            port: CMU_PORT,
        }
    }

    /// The public description.
    pub fn info(&self) -> ClusterInfo {
        ClusterInfo {
            cluster_id: self.id.clone(),
            region: self.region.clone(),
            hsm_type: self.hsm_type.clone(),
            hsms: self.hsms.iter().map(|h| h.identity.clone()).collect(),
        }
    }
}

/// The state of a factory-fresh first HSM after initialization.
fn factory_replica() -> Replica {
    let admin = User::new(
        ADMIN_ID,
        "admin",
        UserType::Preco,
        Some(PasswordHash::new(&Secret::new(PRECO_PASSWORD))),
    );
    let app_user = User::new(APP_USER_ID, "app_user", UserType::Au, None);
    Replica {
        users: [(ADMIN_ID, admin), (APP_USER_ID, app_user)].into(),
        next_user_id: UserId(3),
        keys: std::collections::BTreeMap::new(),
    }
}

/// Most token keys a cluster of this HSM type holds (docs/cluster.md §2.6: 3,300 for
/// hsm1.medium; the third-party figure for hsm2m.medium is 16,666).
pub fn key_limit(hsm_type: &str) -> usize {
    if hsm_type == "hsm2m.medium" {
        16_666
    } else {
        3_300
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_hsms_across_three_azs_all_cloned_from_the_first() {
        let c = Cluster::new_uninitialized(0, 3);
        assert_eq!(c.hsms.len(), 3);
        let azs: Vec<_> = c
            .hsms
            .iter()
            .map(|h| h.identity.availability_zone.as_str())
            .collect();
        assert_eq!(azs, ["us-east-1a", "us-east-1b", "us-east-1c"]);
        let ips: Vec<_> = c.hsms.iter().map(|h| h.identity.eni_ip.as_str()).collect();
        assert_eq!(ips, ["10.0.1.10", "10.0.2.10", "10.0.3.10"]);
        assert!(c.hsms.iter().all(|h| h.replica == c.hsms[0].replica));
        assert!(c.id.starts_with("cluster-"));
    }
}
