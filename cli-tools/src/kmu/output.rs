//! The two reusable output fragments of docs/kmu.md §0.2: the `RET` line that reports a library
//! call, and the `CLUSTER` block with one status per HSM.

use super::strings;
use crate::io::Io;
use crate::profile::Profile;
use hsm_proto::keys::NodeStatus;

/// Where a `RET` line starts: a blank line then a TAB (the usual form), a blank line only,
/// or directly on the next line (findSingleKey).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lead {
    /// `"\n\t"`.
    Tab,
    /// `"\n"`.
    Blank,
    /// Nothing.
    None,
}

impl Lead {
    fn text(self) -> &'static str {
        match self {
            Self::Tab => "\n\t",
            Self::Blank => "\n",
            Self::None => "",
        }
    }
}

/// `<label>: 0x%02x : <text>` (or the two-line form) and a line ending; `label` is the
/// part before the colon, e.g. `Cfm3DeleteKey returned`.
pub(crate) fn ret_text(profile: Profile, label: &str, code: u32) -> String {
    let text = strings::result_text(code);
    if code != 0 && strings::two_line(code) {
        format!(
            "{label}: 0x{code:02x}{}{text}\n",
            strings::two_line_gap(profile)
        )
    } else {
        format!("{label}: 0x{code:02x} : {text}\n")
    }
}

/// Prints a `RET` line.
pub(crate) fn ret(io: &mut Io<'_>, profile: Profile, lead: Lead, label: &str, code: u32) {
    io.text(lead.text());
    io.text(&ret_text(profile, label, code));
}

/// Prints the cluster block for `nodes`; nothing when no node reported.
pub(crate) fn cluster(io: &mut Io<'_>, profile: Profile, tab: bool, nodes: &[NodeStatus]) {
    if nodes.is_empty() {
        return;
    }
    io.text(strings::cluster_header(profile, tab));
    for n in nodes {
        let value = n.error.map_or(0, |e| e.value());
        io.text(&strings::cluster_line(profile, tab, n.node, value));
    }
}

/// The cluster block that follows a `RET` line with `code`: none after a failure of the
/// client daemon, which never reached the HSMs (docs/kmu.md §5.1).
pub(crate) fn cluster_after(
    io: &mut Io<'_>,
    profile: Profile,
    tab: bool,
    code: u32,
    nodes: &[NodeStatus],
) {
    if !strings::liquidsecurity(code) {
        cluster(io, profile, tab, nodes);
    }
}

/// How many nodes reported success.
pub(crate) fn successes(nodes: &[NodeStatus]) -> usize {
    nodes.iter().filter(|n| n.error.is_none()).count()
}

/// Prints the `-attest` line (docs/kmu.md §1.4): the simulator's attestation always passes.
pub(crate) fn attest(io: &mut Io<'_>, tab: bool) {
    io.text(if tab {
        "\n\tAttestation Check : [PASS]\n"
    } else {
        "\nAttestation Check : [PASS]\n"
    });
}

/// The `-min_srv` notice after a successful creation reached fewer HSMs than asked
/// (docs/kmu.md §1.6).
pub(crate) fn min_servers_notice(io: &mut Io<'_>, min_servers: u32, nodes: &[NodeStatus]) {
    let ok = successes(nodes);
    if u32::try_from(ok).unwrap_or(u32::MAX) < min_servers {
        io.text(&format!(
            "\n Not a valid min_srv count, please check the number of servers in cluster !!\n Key generation succesful in all servers {ok} present in the cluster\n"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ret_forms() {
        assert_eq!(
            ret_text(Profile::Sdk3, "Cfm3DeleteKey returned", 0),
            "Cfm3DeleteKey returned: 0x00 : HSM Return: SUCCESS\n"
        );
        assert_eq!(
            ret_text(Profile::Legacy, "Cfm3FindKey returned", 0xa8),
            "Cfm3FindKey returned: 0xa8 : HSM Error: Invalid object handle is passed to this operation\n"
        );
        assert_eq!(
            ret_text(Profile::Sdk3, "Cfm3LoginHSM returned", 0x4000_0049),
            "Cfm3LoginHSM returned: 0x40000049 \n\n\tHSM Error: RET_USER_LOGIN_FAILURE\n"
        );
        assert_eq!(
            ret_text(Profile::Legacy, "Cfm3Verify returned", 0x1b),
            "Cfm3Verify returned: 0x1b\n\n\tCSP Error: ERR_BAD_PKCS_DATA\n"
        );
    }
}
