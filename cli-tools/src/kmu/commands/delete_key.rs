//! `deleteKey -k <handle>`: the owner deletes a key (docs/kmu.md §2.2).

use super::{key_handle_only, Spec};
use crate::io::Io;
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::{ErrorCode, KeyHandle};

pub(crate) const SPEC: Spec = Spec {
    name: "deleteKey",
    run,
};

const HELP: &str = concat!(
    "\n\nDescription\n===========\nDelete a key specifying a key handle.\n",
    "\nSyntax: deleteKey -h -k <key handle>\n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -k  specifies the key handle to delete",
    "\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let Some(handle) = key_handle_only(io, words, HELP) else {
        return Flow::Continue;
    };
    let result = kmu.key(KeyRequest::DeleteKey {
        handle: KeyHandle(handle),
    });
    let profile = kmu.profile();
    let (name, code) = match result.outcome {
        Ok(_) => ("Cfm3DeleteKey", 0),
        Err(code) if code == ErrorCode::InvalidHandle.value() => strings::delete_not_found(profile),
        Err(code) => ("Cfm3DeleteKey", code),
    };
    output::ret(io, profile, Lead::Tab, &format!("{name} returned"), code);
    output::cluster_after(io, profile, true, code, &result.nodes);
    Flow::Continue
}
