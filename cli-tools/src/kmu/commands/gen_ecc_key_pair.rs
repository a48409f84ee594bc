//! `genECCKeyPair -i <curve id> -l <label> [...]`: generates an elliptic-curve key pair
//! (docs/kmu.md §2.12).

use super::key_options::{self as ko, Created};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeySpec;

pub(crate) const SPEC: Spec = Spec {
    name: "genECCKeyPair",
    run,
};

/// Curve names by id 1..=16 (docs/kmu.md §1.8).
pub(crate) const CURVES: [&str; 16] = [
    "NID_X9_62_prime192v1",
    "NID_X9_62_prime256v1",
    "NID_sect163k1",
    "NID_sect163r2",
    "NID_sect233k1",
    "NID_sect233r1",
    "NID_sect283k1",
    "NID_sect283r1",
    "NID_sect409k1",
    "NID_sect409r1",
    "NID_sect571k1",
    "NID_sect571r1",
    "NID_secp224r1",
    "NID_secp384r1",
    "NID_secp521r1",
    "NID_secp256k1",
];

const OPTIONS: Options = &[("-i", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nGenerate ECC key pair specifying the curve id",
    "\nand key label.\n",
    "\nSyntax: genECCKeyPair -h -i <EC curve id> -l <label>\n",
    "\t\t\t [-sess] [-nex] [-id <key ID>]\n",
    "\t\t\t [-u <user-ids>] [-m_value <0..8>] [-attest]\n",
    "\t\t\t [-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -i        specifies the Curve ID",
    "\n       -l        specifies the key label",
    "\n       -sess     specifies key as session key",
    "\n       -id       specifies key ID",
    "\n       -nex      set the key as non-extractable",
    "\n       -u        specifies the list of users to share with (separated by ,) (optional)",
    "\n       -m_value  specifies the number of users to approve for any key service",
    "\n       -attest   performs the attestation check on the firmware response",
    "\n       -min_srv  specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                 (till the time specified by -timeout option)",
    "\n                 if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout  specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                 If nothing is specified, the polling will continue forever\n",
);

/// `"\nThe following are the HSM supported ECC Curves\n"` and the 16 curves.
fn curve_list() -> String {
    let mut out = String::from("\nThe following are the HSM supported ECC Curves\n");
    for (i, name) in CURVES.iter().enumerate() {
        out.push_str(&format!("\n      {name:<25}- {}", i + 1));
    }
    out
}

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::ALL);
    let mut help = args.help;
    // An id outside 1..=16 stops the command as soon as it is parsed.
    let curve_id = args.value("-i").map(args::digits);
    if let Some(id) = curve_id {
        if !id.is_some_and(|id| (1..=16).contains(&id)) {
            io.text(&format!(
                "\n\tError: Invalid EC Curve ID.\n{}\n",
                curve_list()
            ));
            return Flow::Continue;
        }
    }
    let creation = ko::read(&args, &mut help);
    let curve_id = curve_id.flatten().and_then(|id| u32::try_from(id).ok());
    require(io, &mut help, curve_id.is_some(), "Curve id (-i)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(curve_id), false) = (curve_id, help) else {
        io.text(&format!("{HELP}\n{}\n\n", curve_list()));
        return Flow::Continue;
    };
    let spec = KeySpec::Ec { curve_id };
    let label = "Cfm3GenerateKeyPair returned";
    ko::generate(kmu, io, spec, &creation, label, Created::Pair);
    Flow::Continue
}
