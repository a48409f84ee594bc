//! The options shared by the commands that create keys (kmu.md §1.6) and the way those
//! commands report: `RET`, the new handle(s), the attestation line, the cluster block and
//! the `-min_srv` notice.

use crate::io::Io;
use crate::kmu::args::{self, Args, Kind};
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, KeyResult, Kmu};
use hsm_proto::keys::{KeyReply, KeyTemplate};

/// `-m_value` above this shows the help text (MAX_USERS_SHARED).
const MAX_M_VALUE: u8 = 8;
/// `-min_srv` above this shows the help text (MAX_CLUSTER_SIZE).
const MAX_MIN_SERVERS: u8 = 32;

/// The shared options with values.
pub(crate) const LABEL: (&str, Kind) = ("-l", Kind::Value);
pub(crate) const ID: (&str, Kind) = ("-id", Kind::Value);
pub(crate) const SESSION: (&str, Kind) = ("-sess", Kind::Flag);
pub(crate) const NON_EXTRACTABLE: (&str, Kind) = ("-nex", Kind::Flag);
pub(crate) const USERS: (&str, Kind) = ("-u", Kind::Value);
pub(crate) const M_VALUE: (&str, Kind) = ("-m_value", Kind::Value);
pub(crate) const MIN_SERVERS: (&str, Kind) = ("-min_srv", Kind::Value);
pub(crate) const TIMEOUT: (&str, Kind) = ("-timeout", Kind::Value);
pub(crate) const ATTEST: (&str, Kind) = ("-attest", Kind::Flag);

/// What the shared options ask for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Creation {
    /// Label, ID, session, extractability, sharing, quorum and replication.
    pub template: KeyTemplate,
    /// `-attest`.
    pub attest: bool,
    /// `-min_srv` as given (0 when absent), for the notice after creation.
    pub min_servers: u32,
}

/// Reads the shared options. An `-m_value` or `-min_srv` out of range makes help due.
pub(crate) fn read(args: &Args<'_>, help: &mut bool) -> Creation {
    let m_value = args.value("-m_value").map_or(0, args::atoi_u8);
    let min_servers = args.value("-min_srv").map_or(0, args::atoi_u8);
    if m_value > MAX_M_VALUE || min_servers > MAX_MIN_SERVERS {
        *help = true;
    }
    Creation {
        template: KeyTemplate {
            label: args.value("-l").unwrap_or_default().to_owned(),
            id: args.value("-id").unwrap_or_default().to_owned(),
            session: args.has("-sess"),
            non_extractable: args.has("-nex"),
            share_with: args.value("-u").map(args::user_list).unwrap_or_default(),
            m_value: u32::from(m_value),
            min_servers: u32::from(min_servers.max(1)),
        },
        attest: args.has("-attest"),
        min_servers: u32::from(min_servers),
    }
}

/// The checks that follow the missing-option checks and print even when help is already
/// due: `-timeout` needs `-min_srv`, and session keys cannot be shared.
pub(crate) fn check_combinations(io: &mut Io<'_>, args: &Args<'_>, help: &mut bool) {
    if args.has("-timeout") && !args.has("-min_srv") {
        io.text("\n\tError: Minimum servers (-min_srv) option is missing\n");
        *help = true;
    }
    if args.has("-sess") && args.has("-u") {
        io.text("\n\tError: sharing session keys is not allowed\n");
        *help = true;
    }
}

/// Prints the report of a creating command: `RET` (labelled `label`), then on success
/// `created(handles)`, the attestation line, the cluster block and the `-min_srv` notice.
pub(crate) fn report(
    kmu: &Kmu,
    io: &mut Io<'_>,
    label: &str,
    result: &KeyResult,
    creation: &Creation,
    created: impl FnOnce(&mut Io<'_>, &[u64]),
) {
    let profile = kmu.profile();
    match &result.outcome {
        Ok(reply) => {
            output::ret(io, profile, Lead::Tab, label, 0);
            created(io, &handles(reply));
            if creation.attest {
                output::attest(io, true);
            }
            output::cluster(io, profile, true, &result.nodes);
            output::min_servers_notice(io, creation.min_servers, &result.nodes);
        }
        Err(code) => {
            output::ret(io, profile, Lead::Tab, label, *code);
            if !strings::liquidsecurity(*code) {
                output::cluster(io, profile, true, &result.nodes);
            }
        }
    }
}

/// The handles a creating reply carries.
pub(crate) fn handles(reply: &KeyReply) -> Vec<u64> {
    match reply {
        KeyReply::Created(h) | KeyReply::Handles(h) => h.clone(),
        KeyReply::Imported { handle, .. } => vec![*handle],
        _ => Vec::new(),
    }
}

/// The key-pair success line (genRSAKeyPair, genDSAKeyPair, genECCKeyPair).
pub(crate) fn pair_created(io: &mut Io<'_>, handles: &[u64]) {
    let public = handles.first().copied().unwrap_or_default();
    let private = handles.get(1).copied().unwrap_or_default();
    io.text(&format!(
        "\n\tCfm3GenerateKeyPair:    public key handle: {public}    private key handle: {private}\n"
    ));
}
