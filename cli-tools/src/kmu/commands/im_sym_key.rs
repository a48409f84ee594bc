//! `imSymKey -f <key file> -w <AES key> -t <type> -l <label> [...]`: imports a plaintext
//! symmetric key (docs/kmu.md §2.23; SDK 3 output, §F row 18).

use super::import_report::{self, host_key_option};
use super::key_options as ko;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::{KeyHandle, SecretBytes};

pub(crate) const SPEC: Spec = Spec {
    name: "imSymKey",
    run,
};

const OPTIONS: Options = &[
    ("-t", Kind::Value),
    ("-w", Kind::Value),
    ("-wk", Kind::Value),
    ("-f", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nImports a symmetric key.\n",
    "\nSyntax: imSymKey -h -l <label> -t <key type> -f <key file name> -w <wrapper key handle>\n",
    "\t\t\t[-u <user-ids>] [-sess] [-id <key ID>] [-m_value <0..8>]\n",
    "\t\t\t[-wk <wrapping key file>][-attest]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -l       specifies the new key's Label",
    "\n       -t       specifies the key type",
    "\n                (16 = GENERIC_SECRET, 18 = RC4, 21 = DES3/DES, 31 = AES)",
    "\n       -f       specifies the filename containing the key to import",
    "\n                For RC4,  file size <= 256 bytes\n",
    "                    DES,  file size = 8 bytes (non-FIPS mode)\n",
    "                    DES3, file size = 24 bytes\n",
    "                    AES,  file size = 16, 24 and 32 bytes",
    "\n       -w       specifies the wrapper key handle, 4 for KEK",
    "\n       -u       specifies the list of users to share with (separated by ,) (optional)",
    "\n       -sess    specifies key as session key",
    "\n       -attest  performs the attestation check on the firmware response",
    "\n       -id      specifies key ID",
    "\n       -wk      specifies the wrapping key if the wrapping has to be done without the HSM",
    "\n       -min_srv specifies the number of servers the key should atleast be generated on or poll till it gets generated",
    "\n                (till the time specified by -timeout option)",
    "\n                if the key fails to get synced on required number of servers, the key will be deleted",
    "\n       -timeout specifies the number of seconds to wait for the key to get synced when min_srv option is used.",
    "\n                If nothing is specified, the polling will continue forever\n",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan_with(words, OPTIONS, ko::IMPORT);
    let mut help = args.help;
    let creation = ko::read(&args, &mut help);
    // The key file is read while parsing; an unreadable one counts as not given.
    let material = args.value("-f").and_then(|path| files::read_arg(io, path));
    let key_type = args.number32("-t");
    let wrapping = args.number("-w");
    require(io, &mut help, key_type.is_some(), "Key type (-t)");
    require(
        io,
        &mut help,
        wrapping.is_some(),
        "wrapping key handle (-w)",
    );
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    require(io, &mut help, material.is_some(), "Key filename (-f)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(key_type), Some(wrapping), Some(material), false) =
        (key_type, wrapping, material, help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let Ok(host) = host_key_option(io, &args) else {
        return Flow::Continue;
    };
    let host_wrap = host.is_some();
    let result = kmu.key(KeyRequest::ImportSymKey {
        material: SecretBytes::new(material),
        key_type,
        wrapping: KeyHandle(wrapping),
        host_key: host,
        template: creation.template.clone(),
    });
    let texts = strings::import_symmetric(kmu.profile());
    import_report::report(kmu, io, &texts, &result, &creation, host_wrap);
    Flow::Continue
}
