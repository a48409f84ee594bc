//! One simulated HSM: its identity, the fixed hardware facts, and its replica.

use crate::replica::Replica;
use hsm_proto::{HsmIdentity, HsmInfo};

/// A simulated HSM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hsm {
    /// Where it lives.
    pub identity: HsmIdentity,
    /// Position in its cluster: its node id.
    pub index: u32,
    /// Its own users and counters.
    pub replica: Replica,
}

impl Hsm {
    /// The `getHSMInfo` fields: the guide's values, the same on every HSM (docs/cmu.md §3.7).
    pub fn info(&self) -> HsmInfo {
        let fields = [
            ("Label", "cavium"),
            ("Model", "NITROX-III CNN35XX-NFBE"),
            ("Serial Number", "3.0A0101-ICM000001"),
            ("HSM Flags", "0"),
            (
                "FIPS state",
                "2 [FIPS mode with single factor authentication]",
            ),
            ("Manufacturer ID", ""),
            ("Device ID", "10"),
            ("Class Code", "100000"),
            ("System vendor ID", "177D"),
            ("SubSystem ID", "10"),
            ("TotalPublicMemory", "560596"),
            ("FreePublicMemory", "294568"),
            ("TotalPrivateMemory", "0"),
            ("FreePrivateMemory", "0"),
            ("Hardware Major", "3"),
            ("Hardware Minor", "0"),
            ("Firmware Major", "2"),
            ("Firmware Minor", "03"),
            ("Temperature", "56 C"),
            ("Build Number", "13"),
            ("Firmware ID", "xxxxxxxxxxxxxxx"),
        ];
        HsmInfo {
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }
}
