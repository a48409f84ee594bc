//! The KMU command table: exact, case-sensitive names (plus upstream's three aliases),
//! dispatch, and the shared pieces of argument checking. Any unknown word prints the
//! `help` listing, as the real tool does (docs/kmu.md §1.2).

mod aes_wrap_unwrap;
mod create_public_key;
mod delete_key;
mod error2_string;
mod ex_sym_key;
mod exit;
mod export_private_key;
mod export_pub_key;
mod extract_masked_object;
mod find_key;
mod find_single_key;
mod gen_dsa_key_pair;
mod gen_ecc_key_pair;
mod gen_pbe_key;
mod gen_rsa_key_pair;
mod gen_sym_key;
mod get_attribute;
mod get_cavium_priv_key;
mod get_cert;
mod get_hsm_info;
mod get_key_info;
mod get_partition_info;
mod help;
mod im_sym_key;
mod import_private_key;
mod import_pub_key;
mod import_report;
mod insert_masked_object;
mod is_valid_key_handlefile;
mod key_facts;
mod key_options;
mod list_attributes;
mod list_ecc_curve_ids;
mod list_users;
mod login_hsm;
mod login_status;
mod logout_hsm;
mod quorum_tokens;
mod set_attribute;
mod sign;
mod un_wrap_key;
mod verify;
mod wrap_key;
mod wrapped_export;

use super::args::{self, Kind};
use super::Kmu;
use crate::io::Io;
use crate::repl::Flow;

/// One command: its name and its handler (which receives the words after the name).
pub(crate) struct Spec {
    pub name: &'static str,
    pub run: fn(&mut Kmu, &mut Io<'_>, &[&str]) -> Flow,
}

/// Every command, in `help` order; the aliases follow their command.
pub(crate) const COMMANDS: &[Spec] = &[
    exit::SPEC,
    help::SPEC,
    get_hsm_info::SPEC,
    get_partition_info::SPEC,
    list_users::SPEC,
    login_status::SPEC,
    login_hsm::SPEC,
    logout_hsm::SPEC,
    quorum_tokens::GET_TOKEN,
    quorum_tokens::DEL_TOKEN,
    quorum_tokens::APPROVE_TOKEN,
    quorum_tokens::LIST_TOKENS,
    gen_rsa_key_pair::SPEC,
    gen_rsa_key_pair::ALIAS,
    gen_dsa_key_pair::SPEC,
    gen_dsa_key_pair::ALIAS,
    gen_ecc_key_pair::SPEC,
    gen_pbe_key::SPEC,
    gen_sym_key::SPEC,
    create_public_key::SPEC,
    import_pub_key::SPEC,
    export_pub_key::SPEC,
    import_private_key::SPEC,
    export_private_key::SPEC,
    im_sym_key::SPEC,
    ex_sym_key::SPEC,
    wrap_key::SPEC,
    un_wrap_key::SPEC,
    delete_key::SPEC,
    set_attribute::SPEC,
    get_key_info::SPEC,
    find_key::SPEC,
    find_single_key::SPEC,
    get_attribute::SPEC,
    get_cert::SPEC,
    insert_masked_object::SPEC,
    extract_masked_object::SPEC,
    sign::SPEC,
    verify::SPEC,
    aes_wrap_unwrap::SPEC,
    error2_string::SPEC,
    get_cavium_priv_key::SPEC,
    get_cavium_priv_key::ALIAS,
    is_valid_key_handlefile::SPEC,
    list_attributes::SPEC,
    list_ecc_curve_ids::SPEC,
];

/// Command names, for tab completion.
pub const NAMES: &[&str] = &[
    "exit",
    "help",
    "getHSMInfo",
    "getPartitionInfo",
    "listUsers",
    "loginStatus",
    "loginHSM",
    "logoutHSM",
    "getToken",
    "delToken",
    "approveToken",
    "listTokens",
    "genRSAKeyPair",
    "rsaGenKeyPair",
    "genDSAKeyPair",
    "dsaGenKeyPair",
    "genECCKeyPair",
    "genPBEKey",
    "genSymKey",
    "createPublicKey",
    "importPubKey",
    "exportPubKey",
    "importPrivateKey",
    "exportPrivateKey",
    "imSymKey",
    "exSymKey",
    "wrapKey",
    "unWrapKey",
    "deleteKey",
    "setAttribute",
    "getKeyInfo",
    "findKey",
    "findSingleKey",
    "getAttribute",
    "getCert",
    "insertMaskedObject",
    "extractMaskedObject",
    "sign",
    "verify",
    "aesWrapUnwrap",
    "Error2String",
    "getCaviumPrivKey",
    "getPrivKeyfile",
    "IsValidKeyHandlefile",
    "listAttributes",
    "listECCCurveIds",
];

/// Longest input line the real tool keeps (a 1400-byte buffer, docs/kmu.md §1.2).
const MAX_LINE: usize = 1399;
/// Token limit: a line with more words than this reads as empty upstream.
const MAX_TOKENS: usize = 98;

/// Parses and runs one input line: split on single spaces only (no quoting, TABs are
/// ordinary characters); an empty line just prompts again.
pub(crate) fn run_line(kmu: &mut Kmu, line: &str, io: &mut Io<'_>) -> Flow {
    let end = line
        .char_indices()
        .nth(MAX_LINE)
        .map_or(line.len(), |(i, _)| i);
    let line = &line[..end];
    if line.is_empty() {
        return Flow::Continue;
    }
    let mut tokens: Vec<&str> = line.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.len() > MAX_TOKENS {
        tokens.clear();
    }
    run_tokens(kmu, &tokens, io)
}

/// Runs a command given as words; no words (or an unknown word) prints the listing.
pub(crate) fn run_tokens(kmu: &mut Kmu, tokens: &[&str], io: &mut Io<'_>) -> Flow {
    let Some((word, args)) = tokens.split_first() else {
        return (help::SPEC.run)(kmu, io, &[]);
    };
    match COMMANDS.iter().find(|c| c.name == *word) {
        Some(spec) => (spec.run)(kmu, io, args),
        None => (help::SPEC.run)(kmu, io, &[]),
    }
}

/// The "missing option" check of docs/kmu.md §1.5 rule 7: once help is due, nothing more is
/// reported; otherwise a missing option prints its line and makes help due.
pub(crate) fn require(io: &mut Io<'_>, help: &mut bool, present: bool, what: &str) {
    if !*help && !present {
        io.text(&format!("\n\tError: {what} is missing.\n"));
        *help = true;
    }
}

/// Reads the words of a command whose only option is `-k <handle>` (deleteKey,
/// getKeyInfo): the handle, or `None` once `help_text` is printed (after the
/// missing-option line if `-k` is absent or not a number).
pub(crate) fn key_handle_only(io: &mut Io<'_>, words: &[&str], help_text: &str) -> Option<u64> {
    let args = args::scan(words, &[("-k", Kind::Value)]);
    let mut help = args.help;
    let handle = args.number("-k");
    require(io, &mut help, handle.is_some(), "Key handle (-k)");
    let (Some(handle), false) = (handle, help) else {
        io.text(help_text);
        return None;
    };
    Some(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_table() {
        let table: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(table, NAMES);
    }

    #[test]
    fn listing_names_exist() {
        for name in help::listed_names() {
            assert!(
                NAMES.contains(&name),
                "{name} is listed by help but not dispatched"
            );
        }
    }
}
