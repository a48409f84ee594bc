//! `genPBEKey -l <label> -p <password> -s <salt> -c <count> [...]`: password-based 3DES
//! keys, which the FIPS HSMs of AWS CloudHSM refuse (docs/kmu.md §2.13).

use super::key_options::{self as ko, Created};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::{strings, Kmu};
use crate::limits::MAX_PASSWORD_LEN;
use crate::repl::Flow;
use hsm_proto::keys::KeySpec;

pub(crate) const SPEC: Spec = Spec {
    name: "genPBEKey",
    run,
};

const OPTIONS: Options = &[
    ("-c", Kind::Value),
    ("-p", Kind::Value),
    ("-s", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nGenerates a PBE DES3 key.\n",
    "\nSyntax: genPBEKey -h -l <label > -p <password> -s <salt> -c <iteration count>\n",
    "\t\t\t[-sess] [-nex] [-id <key ID>] [-attest]\n",
    "\t\t\t[-u <user-ids>] [-m_value <0..8>]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -l        specifies the key label",
    "\n       -p        specifies the password",
    "\n       -s        specifies the salt value: eg. name",
    "\n       -c        specifies the iteration count <= 10000: eg. 10",
    "\n       -sess     specifies key as session key",
    "\n       -id       specifies key ID",
    "\n       -nex      set the key as non-extractable",
    "\n       -u        specifies the list of users to share with (separated by ,) (optional)",
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
    require(
        io,
        &mut help,
        args.number("-c").is_some(),
        "Iteration count (-c)",
    );
    require(io, &mut help, args.has("-p"), "Password (-p)");
    require(io, &mut help, args.has("-s"), "Salt value (-s)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    if args
        .value("-p")
        .is_some_and(|p| p.chars().count() > MAX_PASSWORD_LEN)
    {
        io.text(&strings::too_long("Password (-p)"));
        help = true;
    }
    if help {
        io.text(HELP);
        return Flow::Continue;
    }
    let label = "Cfm3GeneratePBEKey returned";
    let created = Created::Key("\n\tPBE Key Created.  Key Handle: ");
    ko::generate(kmu, io, KeySpec::Pbe, &creation, label, created);
    Flow::Continue
}
