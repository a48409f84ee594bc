//! How importPrivateKey and imSymKey report: three library calls (wrap the material,
//! build the unwrap template, unwrap it into the HSM), which the simulator performs as one
//! request. A failure is shown on the call it belongs to: the wrapping key is checked by
//! the wrap, everything else by the unwrap (docs/kmu.md §2.21, §2.23).

use super::key_options::{self as ko, Creation};
use crate::io::Io;
use crate::kmu::args::Args;
use crate::kmu::output;
use crate::kmu::strings::{self, ImportTexts};
use crate::kmu::{files, KeyResult, Kmu};
use hsm_proto::{ErrorCode, SecretBytes};

/// Prints the report; `host_wrap` is true when `-wk` wrapped the material on the host
/// (no wrap call is shown then).
pub(crate) fn report(
    kmu: &Kmu,
    io: &mut Io<'_>,
    texts: &ImportTexts,
    result: &KeyResult,
    creation: &Creation,
    host_wrap: bool,
) {
    let profile = kmu.profile();
    let lead = if texts.tab { "\n\t" } else { "\n" };
    let line = |io: &mut Io<'_>, label: &str, code: u32| {
        io.text(lead);
        io.text(&output::ret_text(profile, label, code));
    };
    let code = result.code();
    let wrap_step = code != 0 && !host_wrap && wrapping_key_failure(code);
    if !host_wrap {
        line(io, texts.wrap, if wrap_step { code } else { 0 });
    }
    if !wrap_step {
        line(io, texts.template, 0);
        line(io, texts.unwrap, code);
    }
    if let Ok(reply) = &result.outcome {
        let handle = ko::first_handle(reply);
        io.text(&format!(
            "{lead}{}{handle}{}\n",
            texts.created, texts.after_handle
        ));
        if creation.attest {
            output::attest(io, texts.tab);
        }
    }
    ko::report_nodes(io, profile, texts.tab, result, creation);
}

/// Codes that the wrap with the HSM's AES key already runs into.
fn wrapping_key_failure(code: u32) -> bool {
    strings::liquidsecurity(code)
        || [
            ErrorCode::InvalidHandle,
            ErrorCode::KeyAccessDenied,
            ErrorCode::NotLoggedIn,
        ]
        .iter()
        .any(|c| c.value() == code)
}

/// The `-wk` option of the import and export commands: `Ok(None)` without it, the key
/// for a valid file, `Err(())` once the refusal is printed (the command then stops).
pub(crate) fn host_key_option(io: &mut Io<'_>, args: &Args<'_>) -> Result<Option<SecretBytes>, ()> {
    let Some(path) = args.value("-wk") else {
        return Ok(None);
    };
    host_key(io, path)
        .map(|k| Some(SecretBytes::new(k)))
        .ok_or(())
}

/// Reads a `-wk` file: a plaintext AES key of 16, 24 or 32 bytes (docs/kmu.md §1.9). Prints
/// the refusal and returns `None` otherwise.
fn host_key(io: &mut Io<'_>, path: &str) -> Option<Vec<u8>> {
    match files::read(path) {
        Ok(bytes) if matches!(bytes.len(), 16 | 24 | 32) => Some(bytes),
        _ => {
            io.text("\nInvalid file. Should be an AES key\n");
            None
        }
    }
}
