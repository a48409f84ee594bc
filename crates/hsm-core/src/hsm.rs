//! One simulated HSM: its identity, its hardware facts, and its replica.

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

/// Every HSM is the same model, so its public memory is the guide's figure (docs/cmu.md §3.7).
const TOTAL_PUBLIC_MEMORY: u32 = 560_596;

impl Hsm {
    /// The `getHSMInfo` fields (docs/cmu.md §3.7): the guide's values for what the model
    /// fixes, and a serial number, free memory and temperature of this HSM's own.
    pub fn info(&self) -> HsmInfo {
        let own = Readings::of(self.identity.hsm_id.as_str());
        let serial = format!("3.0A0101-ICM{:06}", own.serial);
        let free = own.free_public_memory.to_string();
        let temperature = format!("{} C", own.temperature);
        let total = TOTAL_PUBLIC_MEMORY.to_string();
        let fields = [
            ("Label", "cavium"),
            ("Model", "NITROX-III CNN35XX-NFBE"),
            ("Serial Number", serial.as_str()),
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
            ("TotalPublicMemory", total.as_str()),
            ("FreePublicMemory", free.as_str()),
            ("TotalPrivateMemory", "0"),
            ("FreePrivateMemory", "0"),
            ("Hardware Major", "3"),
            ("Hardware Minor", "0"),
            ("Firmware Major", "2"),
            ("Firmware Minor", "03"),
            ("Temperature", temperature.as_str()),
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

/// The figures that tell one HSM from another. They come from a hash of the HSM's ID, not
/// from randomness or time, so an HSM shows the same ones after every restart and in
/// every transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Readings {
    /// The six digits after `ICM`: 1 to 999999.
    serial: u64,
    /// Bytes of public memory free: 40–60 % of the total, around the guide's 294568.
    free_public_memory: u64,
    /// Degrees Celsius: 45–64, around the guide's 56 and far below the 110 °C shutdown.
    temperature: u64,
}

impl Readings {
    fn of(hsm_id: &str) -> Self {
        let h = fnv1a(hsm_id.as_bytes());
        let total = u64::from(TOTAL_PUBLIC_MEMORY);
        Self {
            serial: h % 999_999 + 1,
            free_public_memory: total * 2 / 5 + (h >> 20) % (total / 5),
            temperature: 45 + (h >> 44) % 20,
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust releases, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_fixed_by_the_id_and_differ_between_hsms() {
        let a = Readings::of("hsm-duiqxnwptss");
        assert_eq!(a, Readings::of("hsm-duiqxnwptss"));
        let b = Readings::of("hsm-vwsvnxihvep");
        assert_ne!(a.serial, b.serial);
        for r in [a, b, Readings::of("hsm-ftrrvevid6p")] {
            assert!((1..=999_999).contains(&r.serial));
            assert!((45..=64).contains(&r.temperature));
            assert!((224_238..=336_356).contains(&r.free_public_memory));
        }
    }

    #[test]
    fn fnv1a_matches_the_published_test_vector() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
