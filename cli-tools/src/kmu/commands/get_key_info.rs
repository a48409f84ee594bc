//! `getKeyInfo -k <handle>`: owner, sharing and quorum of a key (docs/kmu.md §2.19).

use super::{key_handle_only, Spec};
use crate::io::Io;
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "getKeyInfo",
    run,
};

const HELP: &str = concat!(
    "\n\nDescription\n===========\nShow key info specifying a key handle.\n",
    "\nSyntax: getKeyInfo -h -k <key handle> \n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -k  specifies the key handle",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let Some(handle) = key_handle_only(io, words, HELP) else {
        return Flow::Continue;
    };
    let result = kmu.key(KeyRequest::GetKeyInfo {
        handle: KeyHandle(handle),
    });
    let profile = kmu.profile();
    match result.outcome {
        Ok(KeyReply::KeyInfo {
            owner,
            shared_with,
            m_value,
        }) => {
            output::ret(io, profile, Lead::Tab, "Cfm3GetKey returned", 0);
            io.text(&format!("\n\tOwned by user {owner}\n"));
            if !shared_with.is_empty() {
                io.text(&format!(
                    "\n\talso, shared to following {} user(s):\n\n",
                    shared_with.len()
                ));
                for user in &shared_with {
                    io.text(&format!("\t\t {user}\n"));
                }
            }
            if m_value > 1 {
                io.text(&format!(
                    "\t {m_value} Users need to approve to use/manage this key\n"
                ));
            }
            io.text("\n");
        }
        Ok(_) => {
            let code = strings::DAEMON_SOCKET_ERROR;
            output::ret(io, profile, Lead::Tab, "Cfm3GetKey returned", code);
        }
        Err(code) => output::ret(io, profile, Lead::Tab, "Cfm3GetKey returned", code),
    }
    Flow::Continue
}
