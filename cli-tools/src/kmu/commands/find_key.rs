//! `findKey [-c] [-t] [-l] [-id|-idx] [-sess 0|1] [-u] [-m] [-kcv]`: the keys the caller
//! can see that match every criterion (docs/kmu.md §2.9; SDK 3 listing, §F row 14).

use super::Spec;
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyFilter, KeyReply, KeyRequest};

pub(crate) const SPEC: Spec = Spec {
    name: "findKey",
    run,
};

/// A key check value is three bytes.
const KCV_LEN: usize = 3;

const OPTIONS: Options = &[
    ("-c", Kind::Value),
    ("-t", Kind::Value),
    ("-sess", Kind::Value),
    ("-l", Kind::Value),
    ("-id", Kind::Value),
    ("-idx", Kind::Value),
    ("-u", Kind::Value),
    ("-m", Kind::Value),
    ("-kcv", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nFind keys optionally matching the specified key class, key label and modulus.\n",
    "\nSyntax: findKey -h [-c <key class>] [-t <key type>]",
    "\n\t\t [-l <key label>] [-id <key ID>] [-idx <key ID in hex>]",
    "\n\t\t [-sess 0/1] [-u <user-ids>] ",
    "\n\t\t [-m <modulus>] [-kcv <kcv in hex>]",
    "\n",
    "\nWhere: -h     displays this information",
    "\n       -c     specifies the key class to find (optional)",
    "\n              2 = public",
    "\n              3 = private",
    "\n              4 = secret",
    "\n       -t     specifies the key type to find (optional)",
    "\n              0  = RSA",
    "\n              1  = DSA",
    "\n              3  = EC",
    "\n              16 = GENERIC_SECRET",
    "\n              18 = RC4",
    "\n              21 = DES3",
    "\n              31 = AES",
    "\n       -l     specifies the key label to find (optional)",
    "\n       -id    specifies key ID (optional)",
    "\n       -idx   specifies key ID in Hex (optional)",
    "\n       -sess  specifies option to find only session keys(1) or only token keys(0) (optional)",
    "\n       -u     specifies the list of users shared with (separated by ,) (optional)",
    "\n       -m     specifies the binary file containing RSA modulus to match with (optional)",
    "\n       -kcv   specifies the Key Check Value to be searched for (optional)",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    // -id and -idx fill the same field: both is a repeated option.
    let mut help = args.help || (args.has("-id") && args.has("-idx"));
    let session = match args.value("-sess").map(args::digits) {
        None => None,
        Some(Some(0)) => Some(false),
        Some(Some(1)) => Some(true),
        Some(_) => {
            help = true;
            None
        }
    };
    // An unreadable modulus file ends the command right after its warning.
    let modulus = match args.value("-m") {
        Some(path) => match files::read_arg(io, path) {
            Some(text) => Some(modulus_from_text(&text)),
            None => return Flow::Continue,
        },
        None => None,
    };
    if help {
        io.text(HELP);
        return Flow::Continue;
    }
    let filter = KeyFilter {
        class: args.number32("-c"),
        key_type: args.number32("-t"),
        label: args.value("-l").map(str::to_owned),
        id: args
            .value("-id")
            .map(str::to_owned)
            .or_else(|| args.value("-idx").map(id_from_hex)),
        session,
        users: args.value("-u").map(args::user_list).unwrap_or_default(),
        modulus,
        kcv: args.value("-kcv").map(kcv),
    };
    let result = kmu.key(KeyRequest::FindKeys(filter));
    let profile = kmu.profile();
    let code = match result.outcome {
        Ok(KeyReply::Handles(handles)) => {
            io.text(&strings::find_total(profile, handles.len()));
            if !handles.is_empty() {
                io.text(&strings::find_matched(profile, handles.len()));
                io.text(&strings::find_handles(profile, &handles));
            }
            0
        }
        Ok(_) => strings::DAEMON_SOCKET_ERROR,
        Err(code) => code,
    };
    output::cluster_after(io, profile, true, code, &result.nodes);
    output::ret(io, profile, Lead::Tab, "Cfm3FindKey returned", code);
    Flow::Continue
}

/// The modulus file: hex text, an optional `Modulus=` prefix (docs/kmu.md A-37).
fn modulus_from_text(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    let text = text.trim_start();
    let text = text.strip_prefix("Modulus=").unwrap_or(text);
    args::hex_number(text)
}

/// `-idx`: the ID in hex, optional `0x`.
fn id_from_hex(hex: &str) -> String {
    let hex = hex
        .strip_prefix("0x")
        .or_else(|| hex.strip_prefix("0X"))
        .unwrap_or(hex);
    let digits: String = hex.chars().take_while(char::is_ascii_hexdigit).collect();
    String::from_utf8_lossy(&args::hex_bytes(&digits).unwrap_or_default()).into_owned()
}

/// `-kcv`: hex, optional `0x`, as the three bytes of a check value.
fn kcv(hex: &str) -> Vec<u8> {
    let hex = hex
        .strip_prefix("0x")
        .or_else(|| hex.strip_prefix("0X"))
        .unwrap_or(hex);
    let mut bytes = args::hex_number(hex);
    while bytes.len() < KCV_LEN {
        bytes.insert(0, 0);
    }
    bytes
}
