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

/// The getHSMInfo figures each HSM reports of its own, as the guide prints them: the
/// `legacy` profile shows the guide's example, identical on every HSM (docs/cmu.md §3.7);
/// `sdk3` shows what each HSM reports (docs/output-profiles.md §A.12).
const GUIDE_HSM_FIGURES: [(&str, &str); 3] = [
    ("Serial Number", "3.0A0101-ICM000001"),
    ("FreePublicMemory", "294568"),
    ("Temperature", "56 C"),
];

impl Profile {
    /// The value getHSMInfo prints for the field `label` that an HSM reported as `value`.
    pub fn hsm_info_value<'a>(self, label: &str, value: &'a str) -> &'a str {
        let guide = match self {
            Self::Sdk3 => None,
            Self::Legacy => GUIDE_HSM_FIGURES.iter().find(|(l, _)| *l == label),
        };
        guide.map_or(value, |(_, v)| v)
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
