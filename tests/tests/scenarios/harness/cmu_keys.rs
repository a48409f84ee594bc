//! Exact `cloudhsm_mgmt_util` output of the key commands (docs/cmu.md §3.4, §3.18, §3.19) for
//! a fresh three-HSM cluster, and readers for what varies (the key hash).

use super::{caution, SERVERS};

/// How a user relates to a key in a `findAllKeys` listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `(o)`: the user owns it.
    Owner,
    /// `(s)`: the key is shared with the user.
    Sharee,
}

/// One `findAllKeys <id> 0` block per server in `servers` (indices into [`SERVERS`]), each
/// listing `keys` in the order given.
pub(crate) fn find_all_keys_on(servers: &[usize], keys: &[(u64, Role)]) -> Vec<String> {
    let list: Vec<String> = keys
        .iter()
        .map(|(h, role)| match role {
            Role::Owner => format!("{h}(o)"),
            Role::Sharee => format!("{h}(s)"),
        })
        .collect();
    let mut out = Vec::new();
    for &n in servers {
        out.push(format!("Keys on server {}:", SERVERS[n]));
        out.push(format!("Number of keys found {}", keys.len()));
        out.push(format!(
            "number of keys matched from start index 0::{}",
            keys.len()
        ));
        out.push(list.join(","));
        out.push(format!("findAllKeys success on server {}", SERVERS[n]));
        out.push(String::new());
    }
    out
}

/// `findAllKeys <id> 0` when every server of a fresh cluster holds `keys`.
pub(crate) fn find_all_keys(keys: &[(u64, Role)]) -> Vec<String> {
    find_all_keys_on(&[0, 1, 2], keys)
}

/// The `Key Hash:` values of a `findAllKeys <id> 1` output, one per server, after
/// checking that every block but the hash is what [`find_all_keys`] gives for `keys`.
pub(crate) fn key_hashes(output: &[String], keys: &[(u64, Role)]) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = output;
    for (n, server) in SERVERS.iter().enumerate() {
        assert!(
            rest.len() >= 8,
            "findAllKeys with hash: short output {output:#?}"
        );
        let block = &rest[..8];
        let plain = find_all_keys_on(&[n], keys);
        let expected_head = &plain[..4];
        assert_eq!(&block[..4], expected_head, "findAllKeys on server {server}");
        assert_eq!(block[4], "Key Hash:");
        let hash = block[5].clone();
        assert!(
            hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "key hash {hash:?}"
        );
        assert_eq!(block[6], "");
        assert_eq!(block[7], format!("findAllKeys success on server {server}"));
        hashes.push(hash);
        rest = &rest[8..];
    }
    assert!(rest.is_empty(), "findAllKeys: extra lines {rest:#?}");
    hashes
}

/// A critical command (shareKey, setAttribute) confirmed with `y` that succeeded on every
/// server: the CAUTION banner, then `<command> success on server ...` per server.
pub(crate) fn critical_ok(command: &str) -> Vec<String> {
    let mut out = caution("y");
    out.extend(SERVERS.map(|s| format!("{command} success on server {s}")));
    out
}

/// A critical command confirmed with `y` that failed on every server with `error` (the
/// text after `HSM Error: `).
pub(crate) fn critical_failed(command: &str, error: &str) -> Vec<String> {
    let mut out = caution("y");
    out.extend(per_server_failure(command, error));
    out
}

/// `<command> failed: HSM Error: <error>` and `<command> failed on server ...` per server
/// (docs/cmu.md §4.3, "other commands' per-server failure").
pub(crate) fn per_server_failure(command: &str, error: &str) -> Vec<String> {
    SERVERS
        .iter()
        .flat_map(|s| {
            [
                format!("{command} failed: HSM Error: {error}"),
                format!("{command} failed on server {s}"),
            ]
        })
        .collect()
}
