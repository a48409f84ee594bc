//! `getKeyInfo -k <key-handle> [<output file>]` (also without `-k`, as the guide's own
//! examples call it): owner, sharing and quorum of a key on each HSM (docs/cmu.md §3.8).

use super::key_calls::{self, Output};
use super::{usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "getKeyInfo",
    syntax: "getKeyInfo -k <key-handle> [<output file>]",
    description: "Gets the owner, sharing and quorum of a key",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let args = match args {
        ["-k", rest @ ..] => rest,
        _ => args,
    };
    let (handle, file) = match args {
        [h] => (*h, None),
        [h, file] => (*h, Some(*file)),
        _ => return usage(io, &SPEC),
    };
    let Some(handle) = key_calls::number_arg::<KeyHandle>(io, &SPEC, handle) else {
        return Flow::Continue;
    };
    let mut out = Output::new(file);
    // One blank line after the command line; none when the blocks go to a file.
    if out.to_screen() {
        io.blank();
    }
    for index in cmu.targets() {
        match key_calls::call(cmu, index, KeyRequest::GetKeyInfo { handle }) {
            Ok(KeyReply::KeyInfo {
                owner,
                shared_with,
                m_value,
            }) => {
                let label = cmu.server(index).label();
                out.line(io, &format!("Key Info on server {label}:"));
                out.blank(io);
                out.line(io, "        Token/Flash Key,");
                out.blank(io);
                out.line(io, &format!("        Owned by user {owner}"));
                out.blank(io);
                if !shared_with.is_empty() {
                    out.line(
                        io,
                        &format!(
                            "        also, shared to following {} user(s):",
                            shared_with.len()
                        ),
                    );
                    out.blank(io);
                    for user in &shared_with {
                        out.line(io, &format!("                 {user}"));
                    }
                }
                // m_value 0 or 1 means no quorum (docs/kmu.md §4.1).
                if m_value >= 2 {
                    out.line(
                        io,
                        &format!("         {m_value} Users need to approve to use/manage this key"),
                    );
                }
            }
            Ok(other) => broadcast::report_failure(
                cmu,
                io,
                "getKeyInfo",
                index,
                &key_calls::unexpected(other),
            ),
            Err(e) => broadcast::report_failure(cmu, io, "getKeyInfo", index, &e),
        }
    }
    out.finish(io);
    Flow::Continue
}
