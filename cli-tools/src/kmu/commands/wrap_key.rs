//! `wrapKey -k <handle> -w <wrapping key> -out <file> -m <mechanism> [...]`: writes an
//! encrypted copy of a key (docs/kmu.md §2.34).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest, WrapParams};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "wrapKey",
    run,
};

const OPTIONS: Options = &[
    ("-k", Kind::Value),
    ("-w", Kind::Value),
    ("-out", Kind::Value),
    ("-m", Kind::Value),
    ("-aad", Kind::Value),
    ("-t", Kind::Value),
    ("-noheader", Kind::Flag),
    ("-i", Kind::Value),
    ("-iv_file", Kind::Value),
    ("-tag_size", Kind::Value),
];

/// Upstream's text with AWS's options merged in (docs/kmu.md Appendix A).
const HELP: &str = concat!(
    "\n\nDescription\n===========\nWraps sensitive keys from HSM to host.\n",
    "\nSyntax: wrapKey -h -k <key to be wrapped> -w <wrapping key handle> -out <wrapped key file>\n",
    "                -m <wrapping mechanism> [-aad <aad file>] [-t <hash type>] [-noheader]\n",
    "                [-i <wrapping IV>] [-iv_file <IV file>] [-tag_size <num_tag_bytes>]\n",
    "\n",
    "\nWhere: -h        displays this information",
    "\n       -k        handle of the key to be wrapped",
    "\n       -w        specifies the wrapping key handle",
    "\n       -out      specifies the file to write the wrapped key data",
    "\n       -m        specifies the wrapping mechanism (same list as unWrapKey)",
    "\n       -t        specifies the hash type (same list as unWrapKey)",
    "\n       -aad      file containing additional authenticated data (AES_GCM, CLOUDHSM_AES_GCM)",
    "\n       -noheader omits the CloudHSM key-attribute header",
    "\n       -i        wrapping IV in hex (with -noheader; AES key wrap mechanisms)",
    "\n       -iv_file  file to write the IV returned by the HSM (with -noheader; AES_GCM)",
    "\n       -tag_size tag size in bytes, minimum 8 (with -noheader; AES_GCM, CLOUDHSM_AES_GCM)",
    "\n\n",
);

/// The wrapping mechanisms the tool knows (docs/kmu.md §1.8); others show the help text.
pub(crate) fn known_mechanism(m: u32) -> bool {
    (4..=12).contains(&m)
}

/// The mechanism parameters shared by wrapKey and unWrapKey. Reads the `-aad` file;
/// `None` when it cannot be read (the warning is printed).
pub(crate) fn params(
    io: &mut Io<'_>,
    args: &args::Args<'_>,
    mechanism: u32,
    help: &mut bool,
) -> Option<WrapParams> {
    let aad = match args.value("-aad") {
        Some(path) => files::read_arg(io, path)?,
        None => Vec::new(),
    };
    let iv = args.value("-i").map(|hex| {
        let hex = hex
            .strip_prefix("0x")
            .or_else(|| hex.strip_prefix("0X"))
            .unwrap_or(hex);
        args::hex_bytes(hex).unwrap_or_else(|| {
            *help = true;
            Vec::new()
        })
    });
    Some(WrapParams {
        mechanism,
        hash: args.number32("-t").unwrap_or(2),
        no_header: args.has("-noheader"),
        iv,
        aad,
        tag_size: args.number32("-tag_size"),
        gcm_iv: None,
    })
}

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mechanism = args.number32("-m");
    let mut help = args.help || mechanism.is_some_and(|m| !known_mechanism(m));
    let handle = args.number("-k");
    let wrapping = args.number("-w");
    require(
        io,
        &mut help,
        wrapping.is_some(),
        "wrapping Key handle (-w)",
    );
    require(io, &mut help, handle.is_some(), "key to be wrapped (-k)");
    require(io, &mut help, args.has("-out"), "Wrapped Key File (-out)");
    require(
        io,
        &mut help,
        mechanism.is_some(),
        strings::MISSING_MECHANISM,
    );
    let Some(params) = params(io, &args, mechanism.unwrap_or_default(), &mut help) else {
        return Flow::Continue;
    };
    let (Some(handle), Some(wrapping), Some(path), false) =
        (handle, wrapping, args.value("-out"), help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let code = match kmu
        .key(KeyRequest::WrapKey {
            handle: KeyHandle(handle),
            wrapping: KeyHandle(wrapping),
            params,
        })
        .outcome
    {
        Ok(KeyReply::Wrapped { blob, gcm_iv }) => match files::write_secret(path, &blob) {
            Ok(()) => {
                io.text("\n\tKey Wrapped.\n");
                io.text(&format!(
                    "\n\tWrapped Key written to file \"{path}\" length {}\n",
                    blob.len()
                ));
                if let (Some(iv), Some(iv_path)) = (gcm_iv, args.value("-iv_file")) {
                    if files::write_secret(iv_path, &iv).is_err() {
                        io.text(&strings::write_failed(iv_path));
                    }
                }
                0
            }
            Err(_) => {
                io.text(&strings::write_failed(path));
                strings::INVALID_INPUT
            }
        },
        Ok(_) => strings::DAEMON_SOCKET_ERROR,
        Err(code) => code,
    };
    output::ret(io, kmu.profile(), Lead::Tab, "Cfm2WrapKey returned", code);
    Flow::Continue
}
