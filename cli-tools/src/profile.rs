//! Output profile: which generation of the real tools the simulator imitates.

use std::fmt;

/// Environment variable that selects the profile.
pub const PROFILE_ENV: &str = "CLOUDHSM_SIM_PROFILE";

/// The output profile. Strings that differ between the two live in each tool's
/// `strings` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Captures of the real Client SDK 3.x tools (docs/output-profiles.md §F): the default.
    #[default]
    Sdk3,
    /// The AWS user guide's examples, written for SDK 1.x/2.x.
    Legacy,
}

impl Profile {
    /// Parses `sdk3` or `legacy`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sdk3" => Some(Self::Sdk3),
            "legacy" => Some(Self::Legacy),
            _ => None,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sdk3 => "sdk3",
            Self::Legacy => "legacy",
        })
    }
}
