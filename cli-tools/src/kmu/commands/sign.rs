//! `sign -f <message> -k <private key> -m <mechanism> -out <file>`: signs a file with a
//! private key in the HSM (docs/kmu.md §2.31; SDK 3 output, §F row 15).

use super::key_facts::Facts;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::local_file::Access;
use crate::repl::Flow;
use hsm_proto::keys::{KeyRequest, NodeStatus};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec { name: "sign", run };

const OPTIONS: Options = &[
    ("-k", Kind::Value),
    ("-m", Kind::Value),
    ("-f", Kind::Value),
    ("-out", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nGenerates signature on the given data with given Private Key\n",
    "\nSyntax: sign -h -f <msg file> -k <key handle> -m <signature mechanism> -out <signature file>\n",
    "\n",
    "\nWhere: -h   displays this information",
    "\n       -f   Message File",
    "\n       -k   Private key handle",
    "\n       -m   Signature Mechanism",
    "\n             SHA1_RSA_PKCS       - 0",
    "\n             SHA256_RSA_PKCS     - 1",
    "\n             SHA384_RSA_PKCS     - 2",
    "\n             SHA512_RSA_PKCS     - 3",
    "\n             SHA224_RSA_PKCS     - 4",
    "\n             SHA1_RSA_PKCS_PSS   - 5",
    "\n             SHA256_RSA_PKCS_PSS - 6",
    "\n             SHA384_RSA_PKCS_PSS - 7",
    "\n             SHA512_RSA_PKCS_PSS - 8",
    "\n             SHA224_RSA_PKCS_PSS - 9",
    "\n             ECDSA_SHA1          - 15",
    "\n             ECDSA_SHA224        - 16",
    "\n             ECDSA_SHA256        - 17",
    "\n             ECDSA_SHA384        - 18",
    "\n             ECDSA_SHA512        - 19",
    "\n       -out file name to write the signature",
    "\n",
);

/// Whether signing mechanism `m` (docs/kmu.md §1.8) fits key type `t` (0 RSA, 3 EC).
fn fits(m: u32, key_type: Option<u32>) -> bool {
    match key_type {
        Some(0) => m <= 9,
        Some(3) => (15..=19).contains(&m),
        _ => false,
    }
}

/// The look-up sign and verify make before their main call: the key's attributes, and
/// whether `mechanism` fits its type (the complaint names the `purpose`). `Err` carries
/// the code for the `RET` line.
pub(crate) fn check_key(
    kmu: &mut Kmu,
    io: &mut Io<'_>,
    handle: u64,
    mechanism: u32,
    purpose: &str,
) -> Result<Facts, u32> {
    let facts = Facts::fetch(kmu, handle)?;
    if !fits(mechanism, facts.key_type()) {
        io.text(&format!(
            "\n\tUnsupported hash type/provided key not valid for {purpose} mechanism\n"
        ));
        return Err(strings::INVALID_INPUT);
    }
    Ok(facts)
}

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    // The message is read while parsing; an unreadable file shows the help text.
    let message = args.value("-f").and_then(|path| files::read_arg(io, path));
    help |= args.has("-f") && message.is_none();
    let handle = args.number("-k");
    let mechanism = args.number32("-m");
    require(io, &mut help, message.is_some(), "Message file (-f)");
    require(io, &mut help, handle.is_some(), "Private Key (-k)");
    require(io, &mut help, mechanism.is_some(), "Mechanism (-m)");
    require(io, &mut help, args.has("-out"), "Signature File (-out)");
    let (Some(data), Some(handle), Some(mechanism), Some(path), false) =
        (message, handle, mechanism, args.value("-out"), help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let profile = kmu.profile();
    let texts = strings::sign_texts(profile, path);
    let lead = if texts.tab { Lead::Tab } else { Lead::Blank };
    let label = format!("{} returned", texts.label);
    if let Err(code) = check_key(kmu, io, handle, mechanism, "signature") {
        output::ret(io, profile, lead, &label, code);
        return Flow::Continue;
    }
    let result = kmu.key(KeyRequest::Sign {
        handle: KeyHandle(handle),
        mechanism,
        data,
    });
    // The success lines depend on the profile and go around the `RET` line instead.
    let code = files::save_reply(io, result.outcome, path, "", Access::Public);
    if code == 0 {
        io.text(&texts.before);
    }
    output::ret(io, profile, lead, &label, code);
    if code == 0 {
        io.text(&texts.after);
    }
    if texts.cluster && !strings::liquidsecurity(code) {
        // The guide shows every node for a signature; the HSM reports none for a local
        // operation, so a success is shown on each.
        let nodes = if result.nodes.is_empty() && code == 0 {
            (0..kmu.hsm_count())
                .map(|n| NodeStatus {
                    node: u32::try_from(n).unwrap_or(u32::MAX),
                    error: None,
                })
                .collect()
        } else {
            result.nodes
        };
        output::cluster(io, profile, false, &nodes);
    }
    Flow::Continue
}
