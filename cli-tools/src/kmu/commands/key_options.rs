//! The options shared by the commands that create keys (docs/kmu.md §1.6), in the groups the
//! commands take them, and the way those commands report: `RET`, the new handle(s), the
//! attestation line, the cluster block and the `-min_srv` notice.

use crate::io::Io;
use crate::kmu::args::{self, Args, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, KeyResult, Kmu};
use crate::limits::MAX_LABEL_LEN;
use crate::profile::Profile;
use hsm_proto::keys::{KeyReply, KeyRequest, KeySpec, KeyTemplate};
use hsm_proto::KeyHandle;

/// `-m_value` above this shows the help text (MAX_USERS_SHARED).
const MAX_M_VALUE: u8 = 8;
/// `-min_srv` above this shows the help text (MAX_CLUSTER_SIZE).
const MAX_MIN_SERVERS: u8 = 32;

const LABEL: (&str, Kind) = ("-l", Kind::Value);
const ID: (&str, Kind) = ("-id", Kind::Value);
const SESSION: (&str, Kind) = ("-sess", Kind::Flag);
const NON_EXTRACTABLE: (&str, Kind) = ("-nex", Kind::Flag);
const USERS: (&str, Kind) = ("-u", Kind::Value);
const M_VALUE: (&str, Kind) = ("-m_value", Kind::Value);
const MIN_SERVERS: (&str, Kind) = ("-min_srv", Kind::Value);
const TIMEOUT: (&str, Kind) = ("-timeout", Kind::Value);
const ATTEST: (&str, Kind) = ("-attest", Kind::Flag);

/// Every creation option: the key generators and unWrapKey.
pub(crate) const ALL: Options = &[
    LABEL,
    ID,
    USERS,
    SESSION,
    NON_EXTRACTABLE,
    M_VALUE,
    MIN_SERVERS,
    TIMEOUT,
    ATTEST,
];
/// importPrivateKey and imSymKey: all but `-nex`.
pub(crate) const IMPORT: Options = &[
    LABEL,
    ID,
    USERS,
    SESSION,
    M_VALUE,
    MIN_SERVERS,
    TIMEOUT,
    ATTEST,
];
/// createPublicKey and importPubKey: no sharing, quorum, `-nex` or `-attest`.
pub(crate) const PUBLIC: Options = &[LABEL, ID, SESSION, MIN_SERVERS, TIMEOUT];
/// insertMaskedObject: replication only.
pub(crate) const REPLICATION: Options = &[MIN_SERVERS, TIMEOUT];

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

/// Reads the shared options. An `-m_value` outside 0..=8 or a `-min_srv` outside 1..=32
/// makes help due. Both are checked whole: upstream stores `atoi` into 8 bits, so
/// `-min_srv 4294967297` would quietly become 1 (docs/kmu.md §1.6).
pub(crate) fn read(args: &Args<'_>, help: &mut bool) -> Creation {
    let m_value = args.value("-m_value").map_or(Some(0), |v| {
        u8::try_from(args::atoi(v))
            .ok()
            .filter(|m| *m <= MAX_M_VALUE)
    });
    let min_servers = args.value("-min_srv").map_or(Some(0), |v| {
        u8::try_from(args::atoi(v))
            .ok()
            .filter(|n| (1..=MAX_MIN_SERVERS).contains(n))
    });
    let (Some(m_value), Some(min_servers)) = (m_value, min_servers) else {
        *help = true;
        return Creation::default();
    };
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
/// due: a label no HSM stores, a `-timeout` that is no number of seconds, `-timeout`
/// without `-min_srv`, and shared session keys.
pub(crate) fn check_combinations(io: &mut Io<'_>, args: &Args<'_>, help: &mut bool) {
    if args.value("-l").is_some_and(|l| l.len() > MAX_LABEL_LEN) {
        io.text(&strings::too_long("Key label (-l)"));
        *help = true;
    }
    let timeout = args.value("-timeout");
    if timeout.is_some_and(|t| {
        args::digits(t)
            .and_then(|t| u32::try_from(t).ok())
            .is_none()
    }) {
        // An invalid timeout is reported as itself; whether -min_srv is missing is moot.
        io.text(strings::INVALID_TIMEOUT);
        *help = true;
    } else if timeout.is_some() && !args.has("-min_srv") {
        io.text("\n\tError: Minimum servers (-min_srv) option is missing\n");
        *help = true;
    }
    if args.has("-sess") && args.has("-u") {
        io.text("\n\tError: sharing session keys is not allowed\n");
        *help = true;
    }
}

/// The success line of a creating command.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Created {
    /// The key-pair line with both handles (genRSAKeyPair, genDSAKeyPair, genECCKeyPair).
    Pair,
    /// This text, then the new handle and a line ending.
    Key(&'static str),
}

/// Generates a key of `spec` with the shared options and prints the report.
pub(crate) fn generate(
    kmu: &mut Kmu,
    io: &mut Io<'_>,
    spec: KeySpec,
    creation: &Creation,
    label: &str,
    created: Created,
) {
    let result = kmu.key(KeyRequest::GenerateKey {
        spec,
        template: creation.template.clone(),
    });
    report(kmu, io, label, &result, creation, created);
}

/// Prints the report of a creating command: `RET` (labelled `label`), then on success
/// the `created` line and the attestation line, then [`report_nodes`].
pub(crate) fn report(
    kmu: &Kmu,
    io: &mut Io<'_>,
    label: &str,
    result: &KeyResult,
    creation: &Creation,
    created: Created,
) {
    let profile = kmu.profile();
    output::ret(io, profile, Lead::Tab, label, result.code());
    if let Ok(reply) = &result.outcome {
        match created {
            Created::Pair => {
                let handles = handles(reply);
                let public = handles.first().copied().unwrap_or_default();
                let private = handles.get(1).copied().unwrap_or_default();
                io.text(&format!(
                    "\n\tCfm3GenerateKeyPair:    public key handle: {public}    private key handle: {private}\n"
                ));
            }
            Created::Key(text) => io.text(&format!("{text}{}\n", first_handle(reply))),
        }
        if creation.attest {
            output::attest(io, true);
        }
    }
    report_nodes(io, profile, true, result, creation);
}

/// How every creating command ends: the cluster block unless the client daemon failed,
/// then, after a success, the `-min_srv` notice.
pub(crate) fn report_nodes(
    io: &mut Io<'_>,
    profile: Profile,
    tab: bool,
    result: &KeyResult,
    creation: &Creation,
) {
    let code = result.code();
    output::cluster_after(io, profile, tab, code, &result.nodes);
    if code == 0 {
        output::min_servers_notice(io, creation.min_servers, &result.nodes);
    }
}

/// The handles a creating reply carries.
fn handles(reply: &KeyReply) -> Vec<KeyHandle> {
    match reply {
        KeyReply::Created(h) | KeyReply::Handles(h) => h.clone(),
        KeyReply::Imported { handle, .. } => vec![*handle],
        _ => Vec::new(),
    }
}

/// The new key's handle (the first, for a pair); 0 if the reply carries none.
pub(crate) fn first_handle(reply: &KeyReply) -> u64 {
    handles(reply).first().map_or(0, |h| h.0)
}
