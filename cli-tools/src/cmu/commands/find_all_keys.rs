//! `findAllKeys <user id> <key hash (0/1)> [<output file>]`: the keys a user owns (`(o)`)
//! or shares (`(s)`) on each HSM, and optionally the HSM's ownership hash (docs/cmu.md §3.4).

use super::key_calls::{self, Output};
use super::{usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::keys::{KeyReply, KeyRequest, ListedKey};
use hsm_proto::UserId;

pub(crate) const SPEC: Spec = Spec {
    name: "findAllKeys",
    syntax: "findAllKeys <user id> <key hash (0/1)> [<output file>]",
    description: "Lists the keys a user owns or shares on each HSM",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let (user, hash, file) = match args {
        [user, hash] => (*user, *hash, None),
        [user, hash, file] => (*user, *hash, Some(*file)),
        _ => return usage(io, &SPEC),
    };
    let Some(user_id) = key_calls::number_arg::<u32>(io, &SPEC, user) else {
        return Flow::Continue;
    };
    let hash = match hash {
        "0" => false,
        "1" => true,
        _ => return usage(io, &SPEC),
    };
    let mut out = Output::new(file);
    for index in cmu.targets() {
        let label = cmu.server(index).label();
        match key_calls::call(
            cmu,
            index,
            KeyRequest::FindAllKeys {
                user_id: UserId(user_id),
                hash,
            },
        ) {
            Ok(KeyReply::AllKeys { keys, hash }) => {
                out.line(io, &format!("Keys on server {label}:"));
                out.line(io, &format!("Number of keys found {}", keys.len()));
                out.line(
                    io,
                    &format!("number of keys matched from start index 0::{}", keys.len()),
                );
                out.line(io, &handle_list(&keys));
                // With a hash the blank line moves above the success line (§3.4).
                if let Some(hash) = hash {
                    out.line(io, "Key Hash:");
                    out.line(io, &hex(&hash));
                    out.blank(io);
                    out.line(io, &format!("findAllKeys success on server {label}"));
                } else {
                    out.line(io, &format!("findAllKeys success on server {label}"));
                    out.blank(io);
                }
            }
            Ok(other) => broadcast::report_failure(
                cmu,
                io,
                "findAllKeys",
                index,
                &key_calls::unexpected(other),
            ),
            Err(e) => broadcast::report_failure(cmu, io, "findAllKeys", index, &e),
        }
    }
    out.finish(io);
    Flow::Continue
}

/// `8(s),9(s),19(o)`: in the HSM's order, every handle suffixed (docs/cmu.md A-18).
fn handle_list(keys: &[ListedKey]) -> String {
    keys.iter()
        .map(|k| format!("{}({})", k.handle, if k.owned { 'o' } else { 's' }))
        .collect::<Vec<_>>()
        .join(",")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsm_proto::KeyHandle;

    #[test]
    fn handles_are_suffixed_and_comma_separated() {
        let keys = [
            ListedKey {
                handle: KeyHandle(8),
                owned: false,
            },
            ListedKey {
                handle: KeyHandle(262_162),
                owned: true,
            },
        ];
        assert_eq!(handle_list(&keys), "8(s),262162(o)");
        assert_eq!(handle_list(&[]), "");
        assert_eq!(hex(&[0x0a, 0xff]), "0aff");
    }
}
