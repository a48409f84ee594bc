//! Exact SDK 3 output of `key_mgmt_util` (docs/kmu.md §2 as corrected by docs/output-profiles.md
//! §F), as the lines of a [`Step`](crate::harness::Step).

/// The result text KMU prints for `code` (docs/kmu.md §5.1).
pub(crate) fn text(code: u32) -> &'static str {
    match code {
        0x00 => "HSM Return: SUCCESS",
        0xa8 => "HSM Error: Invalid object handle is passed to this operation",
        0xc6 => "HSM Error: Key Access is denied",
        0xdb => "HSM Error: Invalid User Type.",
        0xe0 => "HSM Error: User is not logged in",
        other => panic!("no text for code {other:#x} in the scenarios' table"),
    }
}

/// `<label>: 0x%02x : <text>` (docs/kmu.md §0.2 `RET`).
pub(crate) fn ret(label: &str, code: u32) -> String {
    format!("{label}: 0x{code:02x} : {}", text(code))
}

/// The TAB-indented cluster block (docs/output-profiles.md §F row 13), with its leading
/// blank line: one `(node id, code)` per reporting HSM.
pub(crate) fn cluster(nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![String::new(), "\tCluster Status:".to_owned()];
    out.extend(
        nodes
            .iter()
            .map(|&(n, code)| format!("\tNode id {n} status: 0x{code:08x} : {}", text(code))),
    );
    out
}

/// The cluster block of the untabbed commands (loginHSM, logoutHSM).
pub(crate) fn cluster_notab(nodes: &[(usize, u32)]) -> Vec<String> {
    cluster(nodes)
        .into_iter()
        .map(|l| l.trim_start_matches('\t').to_owned())
        .collect()
}

/// Every HSM of a three-HSM cluster answering `code`.
pub(crate) fn all(code: u32) -> Vec<(usize, u32)> {
    (0..3).map(|n| (n, code)).collect()
}

/// A successful `loginHSM` (or, with `Cfm3LogoutHSM`, `logoutHSM`) on three HSMs.
pub(crate) fn login_ok(function: &str) -> Vec<String> {
    let mut out = vec![String::new(), ret(&format!("{function} returned"), 0)];
    out.extend(cluster_notab(&all(0)));
    out
}

/// `genSymKey` that created `handle`, reported by `nodes`.
pub(crate) fn sym_key(handle: u64, nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\t{}", ret("Cfm3GenerateSymmetricKey returned", 0)),
        String::new(),
        format!("\tSymmetric Key Created.  Key Handle: {handle}"),
    ];
    out.extend(cluster(nodes));
    out
}

/// `genRSAKeyPair` / `genECCKeyPair` that created `(public, private)`.
pub(crate) fn key_pair((public, private): (u64, u64), nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\t{}", ret("Cfm3GenerateKeyPair returned", 0)),
        String::new(),
        format!(
            "\tCfm3GenerateKeyPair:    public key handle: {public}    private key handle: {private}"
        ),
    ];
    out.extend(cluster(nodes));
    out
}

/// `findSingleKey` answered `code` by the session node and `nodes` in the cluster block
/// (docs/kmu.md §2.10: the RET line directly under the command line).
pub(crate) fn find_single_key(code: u32, nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![ret("Cfm3FindKey returned", code)];
    out.extend(cluster(nodes));
    out
}

/// `findKey` that listed `handles` (none: only the total), asked of three HSMs.
pub(crate) fn find_key(handles: &[u64]) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\tTotal number of keys present: {}", handles.len()),
    ];
    if !handles.is_empty() {
        out.push(String::new());
        out.push(format!(
            "\tNumber of matching keys from start index 0::{}",
            handles.len() - 1
        ));
        out.push(String::new());
        out.push("\tHandles of matching keys:".to_owned());
        // SDK 3 breaks the line after every 15th handle, keeping the `, `.
        for (i, chunk) in handles.chunks(15).enumerate() {
            let line: Vec<String> = chunk.iter().map(u64::to_string).collect();
            let mut text = format!("\t{}", line.join(", "));
            if (i + 1) * 15 < handles.len() {
                text.push_str(", ");
            }
            out.push(text);
        }
    }
    out.extend(cluster(&all(0)));
    out.push(String::new());
    out.push(format!("\t{}", ret("Cfm3FindKey returned", 0)));
    out
}

/// A successful `sign` into `file` (docs/output-profiles.md §F row 15).
pub(crate) fn sign_ok(file: &str) -> Vec<String> {
    vec![
        String::new(),
        "\tSignature creation successful".to_owned(),
        String::new(),
        format!("\tsignature is written to file {file}"),
        String::new(),
        format!("\t{}", ret("Cfm3Sign: sign returned", 0)),
    ]
}

/// A `sign` refused with `code`.
pub(crate) fn sign_failed(code: u32) -> Vec<String> {
    vec![
        String::new(),
        format!("\t{}", ret("Cfm3Sign: sign returned", code)),
    ]
}

/// A successful `verify` (docs/output-profiles.md §F row 16, `verifition` sic).
pub(crate) fn verify_ok() -> Vec<String> {
    vec![
        String::new(),
        "\tSignature verifition successful".to_owned(),
        String::new(),
        format!("\t{}", ret("Cfm3Verify returned", 0)),
    ]
}

/// A successful `exportPubKey` into `file` (docs/kmu.md §2.6).
pub(crate) fn export_pub_ok(file: &str) -> Vec<String> {
    vec![
        String::new(),
        format!("PEM formatted public key is written to {file}"),
        String::new(),
        format!("\t{}", ret("Cfm3ExportPubKey returned", 0)),
    ]
}

/// A successful `exportPrivateKey` into `file` (docs/kmu.md §2.5).
pub(crate) fn export_private_ok(file: &str) -> Vec<String> {
    vec![
        String::new(),
        ret("Cfm3WrapKey returned", 0),
        String::new(),
        format!("\t{}", ret("Cfm3UnWrapHostKey returned", 0)),
        String::new(),
        format!("PEM formatted private key is written to {file}"),
    ]
}

/// An `exportPrivateKey` refused with `code` (docs/kmu.md §2.5: only the first RET line).
pub(crate) fn export_private_failed(code: u32) -> Vec<String> {
    vec![String::new(), ret("Cfm3WrapKey returned", code)]
}

/// A successful `exSymKey` into `file` (docs/kmu.md §2.7).
pub(crate) fn ex_sym_key_ok(file: &str) -> Vec<String> {
    vec![
        String::new(),
        format!("\t{}", ret("Cfm3WrapKey returned", 0)),
        String::new(),
        format!("\t{}", ret("Cfm3UnWrapHostKey returned", 0)),
        String::new(),
        String::new(),
        format!("Wrapped Symmetric Key written to file \"{file}\""),
    ]
}

/// An `exSymKey` refused with `code`.
pub(crate) fn ex_sym_key_failed(code: u32) -> Vec<String> {
    vec![
        String::new(),
        format!("\t{}", ret("Cfm3WrapKey returned", code)),
    ]
}

/// A successful `wrapKey` that wrote `len` bytes to `file` (docs/kmu.md §2.34).
pub(crate) fn wrap_key_ok(file: &str, len: usize) -> Vec<String> {
    vec![
        String::new(),
        "\tKey Wrapped.".to_owned(),
        String::new(),
        format!("\tWrapped Key written to file \"{file}\" length {len}"),
        String::new(),
        format!("\t{}", ret("Cfm2WrapKey returned", 0)),
    ]
}

/// A `wrapKey` refused with `code`.
pub(crate) fn wrap_key_failed(code: u32) -> Vec<String> {
    vec![
        String::new(),
        format!("\t{}", ret("Cfm2WrapKey returned", code)),
    ]
}

/// A successful `unWrapKey -noheader` that created `handle` on three HSMs.
pub(crate) fn unwrap_noheader_ok(handle: u64) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\t{}", ret("Cfm3CreateUnwrapTemplate2 returned", 0)),
        format!("\t{}", ret("Cfm2UnWrapWithTemplate3 returned", 0)),
        String::new(),
        format!("\tKey Unwrapped. Key Handle: {handle}"),
    ];
    out.extend(cluster(&all(0)));
    out
}

/// A successful `importPrivateKey` of a key whose PKCS#8 DER is `ber_len` bytes
/// (docs/output-profiles.md §F row 17; trailing space after the handle).
pub(crate) fn import_private_ok(ber_len: usize, handle: u64) -> Vec<String> {
    let mut out = vec![
        format!("BER encoded key length is {ber_len}"),
        String::new(),
        format!("\t{}", ret("Cfm3ImportWrapKey returned", 0)),
        String::new(),
        format!("\t{}", ret("Cfm3CreateUnwrapTemplate2 returned", 0)),
        String::new(),
        format!("\t{}", ret("Cfm3ImportUnWrapKey", 0)),
        String::new(),
        format!("\tPrivate Key Imported.  Key Handle: {handle} "),
    ];
    out.extend(cluster(&all(0)));
    out
}

/// A successful `importPubKey` (docs/output-profiles.md §F row 19).
pub(crate) fn import_pub_ok(handle: u64) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\t{}", ret("Cfm3CreatePublicKey returned", 0)),
        String::new(),
        format!("Public Key Handle: {handle} "),
    ];
    out.extend(cluster(&all(0)));
    out
}

/// A successful `deleteKey` of a token key (docs/kmu.md §2.2).
pub(crate) fn delete_ok() -> Vec<String> {
    delete_ok_on(&all(0))
}

/// A successful `deleteKey` reported by `nodes` (a session key: its HSM only).
pub(crate) fn delete_ok_on(nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("\t{}", ret("Cfm3DeleteKey returned", 0)),
    ];
    out.extend(cluster(nodes));
    out
}

/// `setAttribute -o <h> -a 1` answered `answer` that succeeded on `nodes` (docs/kmu.md
/// §2.30).
pub(crate) fn set_token_ok(answer: &str, nodes: &[(usize, u32)]) -> Vec<String> {
    let mut out = vec![
        "\t\tThis attribute is defined as a boolean value.".to_owned(),
        format!("\t\tEnter the boolean attribute value (0 or 1):{answer}"),
        String::new(),
        format!("\t{}", ret("Cfm3SetAttribute returned", 0)),
    ];
    out.extend(cluster(nodes));
    out
}

/// `deleteKey` of a handle the caller cannot see (docs/output-profiles.md §F row 21).
pub(crate) fn delete_not_found() -> Vec<String> {
    let mut out = vec![
        String::new(),
        "\tCfm3DeleteKey returned: 0x30000080 ".to_owned(),
        String::new(),
        "\tHSM CLUSTER ERROR: Operation failed on all servers".to_owned(),
    ];
    out.extend(cluster(&all(0xa8)));
    out
}

/// `deleteKey` of a key the caller sees but does not own (docs/kmu.md §2.2: no cluster
/// block).
pub(crate) fn delete_denied() -> Vec<String> {
    vec![
        String::new(),
        format!("\t{}", ret("Cfm3DeleteKey returned", 0xc6)),
    ]
}

/// `aesWrapUnwrap` refused with `code` (no `-i`: the IV warning comes first).
pub(crate) fn aes_wrap_unwrap_failed(function: &str, code: u32) -> Vec<String> {
    vec![
        String::new(),
        "\tWarning: IV (-i) is missing.".to_owned(),
        "\t\t 0xA6A6A6A6A6A6A6A6 is considered as default IV".to_owned(),
        String::new(),
        format!("\t{}", ret(&format!("{function} returned"), code)),
    ]
}
