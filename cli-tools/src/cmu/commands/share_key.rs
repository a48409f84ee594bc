//! `shareKey <key handle> <user id> <(share/unshare key?) 1/0>`: the key's owner adds or
//! removes crypto users (a comma-separated list) on each HSM's copy, after the CAUTION
//! banner (docs/cmu.md §3.19).

use super::{key_calls, usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::keys::KeyRequest;
use hsm_proto::{KeyHandle, UserId};

pub(crate) const SPEC: Spec = Spec {
    name: "shareKey",
    syntax: "shareKey <key handle> <user id> <(share/unshare key?) 1/0>",
    description: "Shares or unshares a key with crypto users",
    run,
};

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let [handle, users, share] = args else {
        return usage(io, &SPEC);
    };
    let Some(handle) = key_calls::number_arg::<KeyHandle>(io, &SPEC, handle) else {
        return Flow::Continue;
    };
    let Some(users) = user_list(users) else {
        return usage(io, &SPEC);
    };
    let share = match *share {
        "1" => true,
        "0" => false,
        _ => return usage(io, &SPEC),
    };
    if !broadcast::confirm(io) {
        return Flow::Continue;
    }
    key_calls::broadcast(cmu, io, "shareKey", || KeyRequest::ShareKey {
        handle,
        users: users.clone(),
        share,
    });
    Flow::Continue
}

/// `4` or `4,5,7`: decimal user IDs, no empty items.
fn user_list(arg: &str) -> Option<Vec<UserId>> {
    arg.split(',')
        .map(|id| {
            id.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| id.parse().ok())
                .flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_lists_are_comma_separated_ids() {
        assert_eq!(user_list("4"), Some(vec![UserId(4)]));
        let ids = [4, 5, 7].map(UserId).to_vec();
        assert_eq!(user_list("4,5,7"), Some(ids));
        for bad in ["", "4,", ",4", "4,,5", "a", "4 5", "+4", "-1", "4294967296"] {
            assert_eq!(user_list(bad), None, "{bad:?}");
        }
    }
}
