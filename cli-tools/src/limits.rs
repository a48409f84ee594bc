//! Bounds the tools put on what a user types, so that an absurd value gets the tool's own
//! argument error instead of reaching the daemon (docs/recommended-strings.md C55, K31).

pub use hsm_proto::keys::MAX_LABEL_LEN;

/// Longest password either tool sends, in characters. Real passwords are 7–32 characters
/// and the HSM judges those (docs/cmu.md §2.5); this bound only keeps a value of any size
/// (a pasted file, a runaway script) from being sent at all.
pub const MAX_PASSWORD_LEN: usize = 128;
