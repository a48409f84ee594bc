//! `genSymKey -t <type> -s <bytes> -l <label> [...]`: generates a symmetric key
//! (docs/kmu.md §2.15).

use super::key_options::{self as ko, Created};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::Kmu;
use crate::repl::Flow;
use hsm_proto::keys::KeySpec;

pub(crate) const SPEC: Spec = Spec {
    name: "genSymKey",
    run,
};

/// Key type RC4, refused by the client on FIPS HSMs.
const RC4: u32 = 18;

const OPTIONS: Options = &[("-t", Kind::Value), ("-s", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nGenerates a Symmetric  keys.\n",
    "\nSyntax: genSymKey -h -l <label > -t <key type> -s <key size>\n",
    "\t\t\t[-sess] [-id <key ID>] [-nex] [-attest]\n",
    "\t\t\t[-u <user-ids>] [-m_value <0..8>]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -l       specifies the Key Label",
    "\n       -t       specifies the key type",
    "\n                (16 = GENERIC_SECRET, 18 = RC4, 21 = DES3, 31 = AES)",
    "\n       -s       specifies the key size in bytes",
    "\n                for AES : 16, 24, 32",
    "\n                    3DES: 24",
    "\n                    RC4 : <= 256",
    "\n                    GENERIC_SECRET: <= 800",
    "\n       -sess    specifies key as session key",
    "\n       -id      specifies key ID",
    "\n       -nex     set the key as non-extractable",
    "\n       -u       specifies the list of users to share with (separated by ,) (optional)",
    "\n       -m_value specifies the number of users to approve for any key service",
    "\n       -min_srv specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                (till the time specified by -timeout option)",
    "\n                if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                If nothing is specified, the polling will continue forever",
    "\n       -attest  performs the attestation check on the firmware response\n",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::ALL);
    let mut help = args.help;
    let creation = ko::read(&args, &mut help);
    let key_type = args.number32("-t");
    let size = args.number32("-s");
    require(io, &mut help, key_type.is_some(), "Key type (-t)");
    require(io, &mut help, size.is_some(), "Key size (-s)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(key_type), Some(size), false) = (key_type, size, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    if key_type == RC4 {
        io.text("\n RC4 is not allowed in FIPS mode\n\n Current FIPS mode: 00000002\n");
        return Flow::Continue;
    }
    let spec = KeySpec::Symmetric { key_type, size };
    let label = "Cfm3GenerateSymmetricKey returned";
    let created = Created::Key("\n\tSymmetric Key Created.  Key Handle: ");
    ko::generate(kmu, io, spec, &creation, label, created);
    Flow::Continue
}
