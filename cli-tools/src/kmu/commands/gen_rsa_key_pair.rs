//! `genRSAKeyPair -m <bits> -e <exponent> -l <label> [...]` (alias `rsaGenKeyPair`):
//! generates an RSA key pair (docs/kmu.md §2.14).

use super::key_options::{self as ko, Created};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeySpec;

pub(crate) const SPEC: Spec = Spec {
    name: "genRSAKeyPair",
    run,
};
pub(crate) const ALIAS: Spec = Spec {
    name: "rsaGenKeyPair",
    run,
};

/// Largest exponent the client accepts (2^31 - 1) and its digit count.
const MAX_EXPONENT: u64 = 2_147_483_647;
const MAX_EXPONENT_DIGITS: usize = 10;

const OPTIONS: Options = &[("-m", Kind::Value), ("-e", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nGenerate RSA key pair specifying modulus length, public exponent",
    "\nand key label.\n",
    "\nSyntax: genRSAKeyPair -h -m <modulus length> -e <public exponent> -l <label>",
    "\n\t\t\t [-sess] [-nex] [-id <key ID>]",
    "\n\t\t\t [-u <user-ids>] [-m_value <0..8>] [-attest]",
    "\n\t\t\t [-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -m        specifies the modulus length: eg. 2048",
    "\n       -e        specifies the public exponent: any odd number typically >= 65537 to 2^31 - 1",
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
    // The exponent is checked while parsing, so its complaint comes first.
    let exponent = args.value("-e").and_then(|e| exponent(io, e));
    let bits = args.number32("-m");
    require(io, &mut help, bits.is_some(), "Modulus size (-m)");
    if !help && exponent.is_none() {
        io.text("\n\tError: Public exponant (-e) is missing or invalid input passed\n");
        help = true;
    }
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    if let (false, Some(bits)) = (help, bits) {
        if !(2048..=4096).contains(&bits) || bits % 256 != 0 {
            io.text("Incorrect Modulus Length for FIPS mode\n");
            help = true;
        }
    }
    let (Some(bits), Some(exponent), false) = (bits, exponent, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let spec = KeySpec::Rsa { bits, exponent };
    let label = "Cfm3GenerateKeyPair returned";
    ko::generate(kmu, io, spec, &creation, label, Created::Pair);
    Flow::Continue
}

/// The client's exponent check (docs/kmu.md §2.14): at most 10 characters, digits only, at
/// most 2^31 - 1. Prints why it refuses.
fn exponent(io: &mut Io<'_>, text: &str) -> Option<u64> {
    if text.len() > MAX_EXPONENT_DIGITS {
        io.text(&format!(
            "\n\tError: input length {} is more than {MAX_EXPONENT_DIGITS} digits and input is {text}\n",
            text.len()
        ));
        return None;
    }
    if let Some(c) = text.chars().find(|c| !c.is_ascii_digit()) {
        io.text(&format!("\n\tError: char {c} is not a digit \n"));
        return None;
    }
    let value = args::digits(text)?;
    if value > MAX_EXPONENT {
        io.text(&format!(
            "\n\tError: exponent value {text} is more than {MAX_EXPONENT}\n"
        ));
        return None;
    }
    Some(value)
}
