//! `importPrivateKey -l <label> -f <PEM file> -w <AES key> [...]`: imports a plaintext
//! RSA, DSA or EC private key (docs/kmu.md §2.21; SDK 3 output, §F row 17).

use super::import_report::{self, host_key_option};
use super::key_options as ko;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::{der, files, strings, Kmu};
use crate::local_file::{ReadError, MAX_INPUT_FILE};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::{KeyHandle, SecretBytes};

pub(crate) const SPEC: Spec = Spec {
    name: "importPrivateKey",
    run,
};

const OPTIONS: Options = &[
    ("-w", Kind::Value),
    ("-f", Kind::Value),
    ("-wk", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nImports RSA/DSA/EC Private Key.\n",
    "\nSyntax: importPrivateKey -h -l <label> -f <private key file name> -w <wrapper key handle>\n",
    "\t\t\t[-sess] [-id <key ID>] [-m_value <0..8>]\n",
    "\t\t\t[-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\t\t\t[-u <user-ids>] [-wk <wrapping key file>][-attest]\n",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -l       specifies the private key label",
    "\n       -f       specifies the filename containing the key to import",
    "\n       -w       specifies the wrapping key handle (KEK handle - 4)",
    "\n       -sess    specifies key as session key",
    "\n       -attest  performs the attestation check on the firmware response",
    "\n       -id      specifies key ID",
    "\n       -u       specifies the list of users to share with (separated by ,) (optional)",
    "\n       -wk      specifies the wrapping key if the wrapping has to be done without the HSM",
    "\n       -m_value set the M value for the key",
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
    let wrapping = args.number("-w");
    require(
        io,
        &mut help,
        wrapping.is_some(),
        "wrapping Key handle (-w)",
    );
    require(io, &mut help, args.has("-f"), "File name (-f)");
    require(io, &mut help, args.has("-l"), "Key label (-l)");
    ko::check_combinations(io, &args, &mut help);
    let (Some(wrapping), Some(path), false) = (wrapping, args.value("-f"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let Ok(host) = host_key_option(io, &args) else {
        return Flow::Continue;
    };
    let Some(pem) = read_private_pem(io, path) else {
        return Flow::Continue;
    };
    let host_wrap = host.is_some();
    let result = kmu.key(KeyRequest::ImportPrivateKey {
        pem: SecretBytes::new(pem),
        wrapping: KeyHandle(wrapping),
        host_key: host,
        template: creation.template.clone(),
    });
    let profile = kmu.profile();
    if let Ok(KeyReply::Imported { der_len, .. }) = &result.outcome {
        io.text(&strings::ber_length(profile, *der_len));
    }
    let texts = strings::import_private(profile);
    import_report::report(kmu, io, &texts, &result, &creation, host_wrap);
    Flow::Continue
}

/// Reads the PEM file and checks what the client can: an unencrypted private key that is
/// not a fake PEM of getCaviumPrivKey (docs/kmu.md §2.17.1, §2.21).
fn read_private_pem(io: &mut Io<'_>, path: &str) -> Option<Vec<u8>> {
    let text = match files::read(path) {
        Ok(text) => text,
        Err(ReadError::TooLarge) => {
            io.text(&strings::file_too_large(path, MAX_INPUT_FILE));
            io.text("failed to read private key from file\n\n");
            return None;
        }
        Err(ReadError::Io(e)) => {
            io.text(&format!(
                "failed to open file  {path} : {}\n",
                files::strerror(&e)
            ));
            return None;
        }
    };
    let pem = der::pem(&text).filter(|p| p.label.ends_with("PRIVATE KEY") && !p.encrypted);
    let Some(pem) = pem else {
        io.text("failed to read private key from file\n\n");
        return None;
    };
    if let Some(d) = der::rsa_private_exponent(&pem).filter(|d| der::is_fake(d)) {
        io.text(&format!(
            "\nThis key is already imported with handle {}\n\n",
            der::fake_handle64(&d)
        ));
        return None;
    }
    Some(text)
}
