//! Handle allocation (docs/kmu.md §1.7): `handle = (node << 18) | index`, where `index` is the
//! lowest free slot from 6 across every object of the cluster (token keys on any HSM and
//! live session keys), and `node` the HSM the creating session is attached to.
//! Deterministic, so transcripts are stable.

use hsm_proto::KeyHandle;
use std::collections::BTreeSet;

/// Slots below this are the HSM's own objects.
pub const FIRST_INDEX: u64 = 6;
const INDEX_BITS: u32 = 18;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;

/// The slot part of a handle.
pub fn index_of(handle: KeyHandle) -> u64 {
    handle.0 & INDEX_MASK
}

/// The lowest free slot given the handles in use, combined with `node`.
pub fn allocate(node: u32, in_use: &BTreeSet<KeyHandle>) -> KeyHandle {
    let used: BTreeSet<u64> = in_use.iter().map(|h| index_of(*h)).collect();
    let index = (FIRST_INDEX..)
        .find(|i| !used.contains(i))
        .unwrap_or(FIRST_INDEX);
    KeyHandle((u64::from(node) << INDEX_BITS) | index)
}

/// Listing order: by slot, then by full handle.
pub fn listing_order(handles: &mut [KeyHandle]) {
    handles.sort_by_key(|h| (index_of(*h), *h));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_keys_get_6_and_7() {
        let mut used = BTreeSet::new();
        let a = allocate(0, &used);
        used.insert(a);
        assert_eq!((a, allocate(0, &used)), (KeyHandle(6), KeyHandle(7)));
    }

    #[test]
    fn node_bits_and_gaps() {
        let used: BTreeSet<KeyHandle> = [6, 262_151, 9].map(KeyHandle).into();
        assert_eq!(allocate(1, &used), KeyHandle(262_152));
        let mut list = [262_154, 9, 524_296, 6].map(KeyHandle);
        listing_order(&mut list);
        assert_eq!(list, [6, 524_296, 9, 262_154].map(KeyHandle));
    }
}
