//! `aesWrapUnwrap -m 1|0 -f <file> -w <AES key> [-i <IV>] [-out <file>]`: wraps or
//! unwraps a local file with an AES key in the HSM (docs/kmu.md §2.1).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::{KeyHandle, SecretBytes};

pub(crate) const SPEC: Spec = Spec {
    name: "aesWrapUnwrap",
    run,
};

/// Largest input accepted (docs/kmu.md §2.1 [REC]).
const MAX_INPUT: usize = 4096;
/// An IV must decode to this many bytes.
const IV_LEN: usize = 8;

const OPTIONS: Options = &[
    ("-f", Kind::Value),
    ("-out", Kind::Value),
    ("-w", Kind::Value),
    ("-i", Kind::Value),
    ("-m", Kind::Value),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nWraps/Unwraps data with specified AES key.\n",
    "\nSyntax: aesWrapUnwrap -h -f <file to wrap/unwrap> -w <wrapping/unwrapping key handle> -m <wrap/unwrap mode> ",
    "\n\t\t      [-i <wrapping IV>] [-out <file to write the wrapped/unwrapped data out>]\n",
    "\n",
    "\nWhere: -h    displays this information",
    "\n       -w    specifies the handle of the AES wrapping/unwrapping key",
    "\n       -f    file to be wrapped or unwrapped (Supported file size is <= 4K bytes)",
    "\n       -m    specifies the mode:",
    "\n              wrap - 1",
    "\n              unwrap - 0",
    "\n       -i    specifies the IV to be used (optional)",
    "\n       -out  file to write the wrapped or unwrapped data out (optional)",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let mut data = None;
    let mut iv = None;
    let mut wrap = None;
    // -f, -i and -m complain while they are parsed, in command-line order.
    for (name, value) in args.in_order() {
        let value = value.unwrap_or_default();
        match name {
            "-f" => data = files::read_arg(io, value),
            "-i" => {
                let bytes = args::hex_number(value);
                if bytes.len() != IV_LEN {
                    io.text(&format!("\nError: Invalid IV length {}\n", bytes.len()));
                    help = true;
                }
                iv = Some(bytes);
            }
            "-m" => match args::digits(value) {
                Some(m @ (0 | 1)) => wrap = Some(m == 1),
                _ => {
                    io.text("\n\tError: wrapping or unwrapping mode should be 0 or 1.\n");
                    help = true;
                }
            },
            _ => {}
        }
    }
    let handle = args.number("-w");
    require(
        io,
        &mut help,
        data.is_some(),
        "file to be wrapped/unwrapped (-f)",
    );
    require(
        io,
        &mut help,
        handle.is_some(),
        "Handle of wrapping Key (-w)",
    );
    if !help && iv.is_none() {
        io.text("\n\tWarning: IV (-i) is missing.\n");
        io.text("\t\t 0xA6A6A6A6A6A6A6A6 is considered as default IV\n");
    }
    require(
        io,
        &mut help,
        wrap.is_some(),
        "wrapping or unwrapping mode (-m)",
    );
    let (Some(data), Some(handle), Some(wrap), false) = (data, handle, wrap, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let label = if wrap {
        "Cfm3WrapHostKey returned"
    } else {
        "Cfm3UnWrapHostKey returned"
    };
    let default_out = if wrap { "wrapped_key" } else { "unwrapped_key" };
    let path = args.value("-out").unwrap_or(default_out);
    let outcome = if data.len() > MAX_INPUT {
        Err(strings::INVALID_INPUT)
    } else {
        let data = SecretBytes::new(data);
        kmu.key(KeyRequest::AesWrapUnwrap {
            handle: KeyHandle(handle),
            wrap,
            data,
            iv,
        })
        .outcome
    };
    let code = match outcome {
        Ok(KeyReply::Bytes(result)) => {
            let bytes = result.expose();
            let mut text = String::from("result data:");
            for (i, b) in bytes.iter().enumerate() {
                if i % 8 == 0 {
                    text.push('\n');
                }
                text.push_str(&format!("{b:02X} "));
            }
            io.text(&text);
            if files::write_secret(path, bytes).is_ok() {
                io.text(&format!("\n\nresult written to file {path} \n"));
                0
            } else {
                io.text("\n\nFailed to write result into a file.\n");
                strings::INVALID_INPUT
            }
        }
        Ok(_) => strings::DAEMON_SOCKET_ERROR,
        Err(code) => {
            // The guide: a failed command leaves an empty output file.
            let _ = files::write_secret(path, &[]);
            code
        }
    };
    output::ret(io, kmu.profile(), Lead::Tab, label, code);
    Flow::Continue
}
