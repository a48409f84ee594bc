//! `createPublicKey -m <modulus hex> -e <exponent> -l <label> [...]`: an RSA public key
//! from its numbers (docs/kmu.md §2.37). The tool encodes it as PEM and imports it.

use super::key_options as ko;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{der, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;

pub(crate) const SPEC: Spec = Spec {
    name: "createPublicKey",
    run,
};

const OPTIONS: Options = &[("-e", Kind::Value), ("-m", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nCreates RSA public key.\n",
    "\nSyntax: createPublicKey -h -m <modulus> -e <exponent> -l <label>\n",
    "\t\t\t[-sess] [-id <key ID>]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -m       specifies the modulus in hex format",
    "\n                ex: when modulus is extracted using \"openssl rsa -in <key file> -modulus\"",
    "\n       -e       specifies the exponent: eg. 3",
    "\n       -l       specifies the label",
    "\n       -sess    specifies key as session key",
    "\n       -id      specifies key ID",
    "\n                Note: For more details on the usage of this",
    "\n                      command, please refer Cfm3Util example documentation",
    "\n       -min_srv specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                (till the time specified by -timeout option)",
    "\n                if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                If nothing is specified, the polling will continue forever\n",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::PUBLIC);
    let mut help = args.help;
    let creation = ko::read(&args, &mut help);
    let exponent = args.number("-e");
    require(io, &mut help, args.has("-m"), "Modulus (-m)");
    require(io, &mut help, exponent.is_some(), "Public exponant (-e)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(modulus), Some(exponent), false) = (args.value("-m"), exponent, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let pem = der::rsa_public_pem(&args::hex_number(modulus), exponent);
    let result = kmu.key(KeyRequest::ImportPublicKey {
        pem,
        template: creation.template.clone(),
    });
    // Unlike the other creating commands, the handle line comes before `RET`.
    if let Ok(reply) = &result.outcome {
        let handle = ko::first_handle(reply);
        io.text(&format!("\n\tPublic Key Created.  Key Handle: {handle}\n"));
    }
    let profile = kmu.profile();
    let label = "Cfm3CreateRSAPublicKey returned";
    output::ret(io, profile, Lead::Tab, label, result.code());
    ko::report_nodes(io, profile, true, &result, &creation);
    Flow::Continue
}
