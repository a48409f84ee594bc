//! `unWrapKey -f <file> -w <unwrapping key> -m <mechanism> [...]`: imports a wrapped key,
//! with or without the KMU header (docs/kmu.md §2.32).

use super::key_options::{self as ko, Created, Creation};
use super::wrap_key::{known_mechanism, params};
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, KeyResult, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyRequest, UnwrapSpec};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "unWrapKey",
    run,
};

const OPTIONS: Options = &[
    ("-w", Kind::Value),
    ("-m", Kind::Value),
    ("-f", Kind::Value),
    ("-t", Kind::Value),
    ("-noheader", Kind::Flag),
    ("-kc", Kind::Value),
    ("-kt", Kind::Value),
    ("-i", Kind::Value),
    ("-iv_file", Kind::Value),
    ("-aad", Kind::Value),
    ("-tag_size", Kind::Value),
];

/// Upstream's text with AWS's options merged in (docs/kmu.md Appendix A).
const HELP: &str = concat!(
    "\n\nDescription\n===========\nunWraps sensitive key onto HSM.\n",
    "\nSyntax: unWrapKey -h -f <key file name> -w <wrapper key handle> -m <wrapping mechanism>\n",
    "                  [-sess] [-attest] [-t <hash type>] [-nex] [-u <user-ids>] [-m_value <0..8>]\n",
    "                  [-aad <aad file>] [-tag_size <tag size>] [-iv_file <IV file>]\n",
    "                  [-noheader -l <label> -kc <key class> -kt <key type> [-id <key ID>] [-i <unwrapping IV>]]\n",
    "                  [-min_srv <minimum number of servers>] [-timeout <number of seconds>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -f        specifies the filename containing the key to import",
    "\n       -w        specifies the wrapper key handle",
    "\n       -m        specifies the wrapping mechanism",
    "\n                 AES_KEY_WRAP_PAD_PKCS5 - 4",
    "\n                 NIST_AES_WRAP_NO_PAD   - 5",
    "\n                 NIST_AES_WRAP_PAD      - 6",
    "\n                 RSA_AES                - 7",
    "\n                 RSA_OAEP               - 8",
    "\n                 AES_GCM                - 10",
    "\n                 CLOUDHSM_AES_GCM       - 11",
    "\n                 RSA_PKCS               - 12",
    "\n       -t        specifies the hash type (RSA_AES, RSA_OAEP)",
    "\n                 SHA1 - 2, SHA256 - 3, SHA384 - 4, SHA512 - 5, SHA224 - 6",
    "\n       -noheader unwraps a key that was wrapped without the CloudHSM header",
    "\n       -l        specifies the key label (with -noheader)",
    "\n       -kc       specifies the key class (3 = private, 4 = secret) (with -noheader)",
    "\n       -kt       specifies the key type (0 = RSA, 1 = DSA, 3 = EC, 16 = GENERIC_SECRET,",
    "\n                 21 = DES3, 31 = AES) (with -noheader)",
    "\n       -id       specifies key ID (with -noheader)",
    "\n       -i        specifies the unwrapping IV (with -noheader)",
    "\n       -sess     specifies key as session key",
    "\n       -nex      set the key as non-extractable",
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
    let mechanism = args.number32("-m");
    let mut help = args.help || mechanism.is_some_and(|m| !known_mechanism(m));
    let creation = ko::read(&args, &mut help);
    // The wrapped file is read while parsing; an unreadable one counts as not given.
    let blob = args.value("-f").and_then(|path| files::read_arg(io, path));
    let wrapping = args.number("-w");
    let no_header = args.has("-noheader");
    require(
        io,
        &mut help,
        wrapping.is_some(),
        "wrapping key handle (-w)",
    );
    require(io, &mut help, blob.is_some(), "Key filename (-f)");
    require(
        io,
        &mut help,
        mechanism.is_some(),
        strings::MISSING_MECHANISM,
    );
    let class = args.number32("-kc");
    let key_type = args.number32("-kt");
    if no_header {
        require(io, &mut help, args.has("-l"), "Key label (-l)");
        require(io, &mut help, class.is_some(), strings::MISSING_KEY_CLASS);
        require(io, &mut help, key_type.is_some(), strings::MISSING_KEY_TYPE);
    }
    ko::check_combinations(io, &args, &mut help);
    let Some(mut params) = params(io, &args, mechanism.unwrap_or_default(), &mut help) else {
        return Flow::Continue;
    };
    if let Some(path) = args.value("-iv_file") {
        let Some(iv) = files::read_arg(io, path) else {
            return Flow::Continue;
        };
        params.gcm_iv = Some(iv);
    }
    let (Some(blob), Some(wrapping), false) = (blob, wrapping, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let spec = no_header.then(|| UnwrapSpec {
        class: class.unwrap_or_default(),
        key_type: key_type.unwrap_or_default(),
    });
    let result = kmu.key(KeyRequest::UnwrapKey {
        blob,
        wrapping: KeyHandle(wrapping),
        params,
        no_header: spec,
        template: creation.template.clone(),
    });
    report(kmu, io, &result, &creation, no_header);
    Flow::Continue
}

fn report(kmu: &Kmu, io: &mut Io<'_>, result: &KeyResult, creation: &Creation, no_header: bool) {
    if !no_header {
        let created = Created::Key("\n\tKey Unwrapped.  Key Handle: ");
        ko::report(kmu, io, "Cfm3UnWrapKey returned", result, creation, created);
        return;
    }
    let profile = kmu.profile();
    output::ret(
        io,
        profile,
        Lead::Tab,
        "Cfm3CreateUnwrapTemplate2 returned",
        0,
    );
    io.text("\t");
    io.text(&output::ret_text(
        profile,
        "Cfm2UnWrapWithTemplate3 returned",
        result.code(),
    ));
    if let Ok(reply) = &result.outcome {
        let handle = ko::first_handle(reply);
        io.text(&format!("\n\tKey Unwrapped. Key Handle: {handle}\n"));
        if creation.attest {
            output::attest(io, true);
        }
    }
    ko::report_nodes(io, profile, true, result, creation);
}
