//! Deterministic resource identifiers in AWS's shapes.
//!
//! IDs derive from a hash of a seed string, so a fresh simulator always produces the same
//! cluster and HSM IDs and transcripts stay stable.

use sha2::{Digest, Sha256};

const BASE32_LOWER: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// `prefix-` followed by 11 characters of `[a-z2-7]` derived from `seed`
/// (matches the API pattern `[2-7a-zA-Z]{11,16}`).
pub fn derive(prefix: &str, seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let suffix: String = digest
        .iter()
        .take(11)
        .map(|b| char::from(BASE32_LOWER[usize::from(b % 32)]))
        .collect();
    format!("{prefix}-{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_matches_the_api_pattern() {
        let id = derive("hsm", "x");
        assert_eq!(id.len(), 15);
        assert!(id.starts_with("hsm-"));
        assert!(id[4..]
            .bytes()
            .all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)));
        assert_eq!(id, derive("hsm", "x"));
        assert_ne!(id, derive("hsm", "y"));
    }
}
