//! `genDSAKeyPair -m <bits> -l <label> [...]` (alias `dsaGenKeyPair`): generates a DSA key
//! pair (docs/kmu.md §2.11).

use super::key_options::{self as ko, Created};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeySpec;

pub(crate) const SPEC: Spec = Spec {
    name: "genDSAKeyPair",
    run,
};
pub(crate) const ALIAS: Spec = Spec {
    name: "dsaGenKeyPair",
    run,
};

/// The only prime size the guide allows (docs/kmu.md A-21).
const DSA_BITS: u32 = 2048;

const OPTIONS: Options = &[("-m", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nGenerate DSA key pair specifying modulus length and key label.\n",
    "\nSyntax: genDSAKeyPair -h -m <modulus length> -l <label>\n",
    "\t\t\t [-sess] [-nex] [-id <key ID>]\n",
    "\t\t\t [-u <user-ids>] [-m_value <0..8>] [-attest]\n",
    "\t\t\t [-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -m        specifies the modulus length in bits:",
    "\n                 Should be either 1024, 2048 or 3072",
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
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::ALL);
    let mut help = args.help;
    let creation = ko::read(&args, &mut help);
    let bits = args.number32("-m");
    require(io, &mut help, bits.is_some(), "Modulus size (-m)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    if !help && bits != Some(DSA_BITS) {
        io.text("Incorrect Modulus Length for FIPS mode\n");
        help = true;
    }
    ko::check_combinations(io, &args, &mut help);
    let (Some(bits), false) = (bits, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let spec = KeySpec::Dsa { bits };
    let label = "Cfm3GenerateKeyPair: returned";
    ko::generate(kmu, io, spec, &creation, label, Created::Pair);
    Flow::Continue
}
