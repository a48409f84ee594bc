//! Where records live inside the sled tree. Prefixes keep record kinds apart; user keys end in a
//! big-endian ID so a scan returns users in ID order. Every value outside `meta/` is sealed
//! (see `seal`), with its key here as the associated data.

use hsm_proto::{HsmId, KeyHandle, UserId};

/// Bookkeeping, not records: the schema version is read before any key is known, so it
/// stays in the clear, and the key check is sealed on its own terms.
pub(crate) const META: &[u8] = b"meta/";
pub(crate) const SCHEMA: &[u8] = b"meta/schema";
/// A constant sealed under the master key, so a wrong key file is named as such at open
/// instead of surfacing later as corrupt records.
pub(crate) const KEY_CHECK: &[u8] = b"meta/keycheck";
pub(crate) const CLUSTER: &[u8] = b"cluster/";
pub(crate) const HSM: &[u8] = b"hsm/";
pub(crate) const USER: &[u8] = b"user/";
pub(crate) const KEY: &[u8] = b"key/";

pub(crate) fn cluster(id: &str) -> Vec<u8> {
    [CLUSTER, id.as_bytes()].concat()
}

pub(crate) fn hsm(id: &HsmId) -> Vec<u8> {
    [HSM, id.as_str().as_bytes()].concat()
}

pub(crate) fn user(hsm_id: &HsmId, user_id: UserId) -> Vec<u8> {
    [
        USER,
        hsm_id.as_str().as_bytes(),
        b"/",
        &user_id.0.to_be_bytes(),
    ]
    .concat()
}

pub(crate) fn key(hsm_id: &HsmId, handle: KeyHandle) -> Vec<u8> {
    [
        KEY,
        hsm_id.as_str().as_bytes(),
        b"/",
        &handle.0.to_be_bytes(),
    ]
    .concat()
}

/// The HSM ID inside a user key.
pub(crate) fn user_hsm(key: &[u8]) -> Option<HsmId> {
    hsm_of(key, USER, 4)
}

/// The HSM ID inside a key-record key.
pub(crate) fn key_hsm(key: &[u8]) -> Option<HsmId> {
    hsm_of(key, KEY, 8)
}

/// `prefix | hsm id | '/' | id_len bytes of ID`.
fn hsm_of(key: &[u8], prefix: &[u8], id_len: usize) -> Option<HsmId> {
    let rest = key.strip_prefix(prefix)?;
    let id = rest.get(..rest.len().checked_sub(id_len + 1)?)?;
    String::from_utf8(id.to_vec()).ok().map(HsmId)
}

#[cfg(test)]
mod tests {
    use hsm_proto::{HsmId, KeyHandle, UserId};

    #[test]
    fn user_key_round_trip() {
        let hsm = HsmId::from("hsm-abc");
        let k = super::user(&hsm, UserId(7));
        assert_eq!(super::user_hsm(&k), Some(hsm.clone()));
        let k = super::key(&hsm, KeyHandle(262_150));
        assert_eq!(super::key_hsm(&k), Some(hsm));
    }
}
