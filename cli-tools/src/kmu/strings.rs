//! Every fixed KMU string that is a recommendation ([REC]), a profile choice or an HSM
//! result text, in one table so it can be changed in one place.
//!
//! Sources: docs/kmu.md §5 for the result texts, §0.2 for the `RET` and `CLUSTER` fragments,
//! and docs/output-profiles.md §F rows 13-25 for the SDK 3 profile (the default). Everything
//! else a command prints verbatim (help texts, fixed upstream messages) lives with the
//! command.

use crate::profile::Profile;
use hsm_proto::{ErrorCode, KeyHandle};

/// The prompt: `"\nCommand: "` and the extra space `GetConsoleString` adds (docs/kmu.md §1.2).
pub(crate) const PROMPT: &str = "\nCommand:  ";
/// The success text of every `RET` line.
pub(crate) const SUCCESS: &str = "HSM Return: SUCCESS";

/// `0x40000040`: the client daemon cannot be reached (docs/output-profiles.md §C).
pub(crate) const DAEMON_SOCKET_ERROR: u32 = 0x4000_0040;
/// `0x40000049`: SDK 3's code for a failed login (docs/output-profiles.md §B.6).
pub(crate) const SDK3_LOGIN_FAILURE: u32 = 0x4000_0049;
/// `0x30000080`: SDK 3's deleteKey failure for an unknown handle (docs/output-profiles.md §B.7).
pub(crate) const SDK3_DELETE_FAILURE: u32 = 0x3000_0080;
/// Simulator code for invalid input detected by the tool (docs/kmu.md §5.3).
pub(crate) const INVALID_INPUT: u32 = 0xe7;

/// The text `Error2String` and every `RET`/`CLUSTER` line print for a result code.
pub(crate) fn result_text(value: u32) -> String {
    let text = match value {
        0 => SUCCESS,
        DAEMON_SOCKET_ERROR => "LIQUIDSECURITY: Daemon socket connection error",
        // [REC] docs/output-profiles.md §B.6: the pairing that satisfies every known script.
        SDK3_LOGIN_FAILURE => "HSM Error: RET_USER_LOGIN_FAILURE",
        // [REC] docs/output-profiles.md §B.7: the real text was never captured.
        SDK3_DELETE_FAILURE => "HSM CLUSTER ERROR: Operation failed on all servers",
        other => return hsm_text(ErrorCode::from_value(other)).to_owned(),
    };
    text.to_owned()
}

/// KMU's wording of each HSM code (docs/kmu.md §5.1 and §5.3; the CMU-only codes are [REC]).
fn hsm_text(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadPkcsData => "CSP Error: ERR_BAD_PKCS_DATA",
        ErrorCode::UserNotInitialized => {
            "HSM Error: user isn't initialized or user with this name doesn't exist"
        }
        ErrorCode::LoginFailure => "HSM Error: RET_USER_LOGIN_FAILURE",
        ErrorCode::InvalidHandle => "HSM Error: Invalid object handle is passed to this operation",
        ErrorCode::PolicyViolation => {
            "HSM Error: This operation violates the current configured/FIPS policies"
        }
        ErrorCode::KeyAccessDenied => "HSM Error: Key Access is denied",
        ErrorCode::UserDoesNotExist => "HSM Error: This user doesn't exist",
        ErrorCode::InvalidUserType => "HSM Error: Invalid User Type.",
        ErrorCode::NotLoggedIn => "HSM Error: User is not logged in",
        ErrorCode::AlreadyLoggedIn => "HSM Error: User is already logged in",
        ErrorCode::IdExists => "HSM Error: Object with this ID already exists",
        ErrorCode::AttributeNotPresent => "HSM Error: Attribute is not present for this object",
        ErrorCode::InvalidShareList => "HSM Error: Invalid user id in share list",
        ErrorCode::MValueTooLarge => "HSM Error: M value exceeds number of users",
        ErrorCode::MxnAuthFailed => "HSM Error: RET_MXN_AUTH_FAILED",
        ErrorCode::InvalidInput => "HSM Error: Invalid input data",
        ErrorCode::UnwrapIntegrity => "HSM Error: Unwrap failed, integrity check failure",
        ErrorCode::MaskedObjectForeign => {
            "HSM Error: Masked object cannot be inserted into this cluster"
        }
        ErrorCode::ServerUnavailable | ErrorCode::NoSuchHsm => {
            "HSM CLUSTER ERROR: Server in cluster is unavailable"
        }
        // [REC] codes KMU never documents; worded like their CMU counterparts.
        ErrorCode::UserAlreadyExists => "HSM Error: This user is already created",
        ErrorCode::PasswordLength => "HSM Error: min pswd len 7 and max pswd len 32",
        ErrorCode::UserLimitReached => "HSM Error: RET_USER_LIMIT_REACHED",
        ErrorCode::UserOwnsKeys => "HSM Error: RET_USER_OWNS_KEYS",
        ErrorCode::UserLoggedIn => "HSM Error: RET_USER_LOGGED_IN",
        ErrorCode::Internal => "HSM Error: RET_INTERNAL_ERROR",
        ErrorCode::KeyLimitReached => "HSM Error: RET_KEY_LIMIT_REACHED",
        // docs/kmu.md §2.3 [REC].
        ErrorCode::Unknown(_) => "HSM Error: Unknown error code",
    }
}

/// Whether a failed `RET` line uses the two-line form: CSP errors (docs/kmu.md §0.2, A-4) and
/// the client-daemon / cluster codes of SDK 3 (docs/output-profiles.md §F rows 20-22).
pub(crate) fn two_line(value: u32) -> bool {
    value == ErrorCode::BadPkcsData.value()
        || matches!(
            value,
            DAEMON_SOCKET_ERROR | SDK3_LOGIN_FAILURE | SDK3_DELETE_FAILURE
        )
}

/// Whether the code comes from the client daemon: no cluster block follows (docs/kmu.md §5.1).
pub(crate) fn liquidsecurity(value: u32) -> bool {
    matches!(value, DAEMON_SOCKET_ERROR | SDK3_LOGIN_FAILURE)
}

/// The second line of a two-line `RET`: `returned: 0x%02x` then a blank line and the text.
/// SDK 3 keeps upstream's space after the code (docs/output-profiles.md §B.6).
pub(crate) fn two_line_gap(profile: Profile) -> &'static str {
    match profile {
        Profile::Sdk3 => " \n\n\t",
        Profile::Legacy => "\n\n\t",
    }
}

// ---- the CLUSTER block (docs/kmu.md §0.2; docs/output-profiles.md §F row 13) ----

/// The header line, with or without its TAB.
pub(crate) fn cluster_header(profile: Profile, tab: bool) -> &'static str {
    match (profile, tab) {
        (Profile::Sdk3, true) => "\n\tCluster Status:\n",
        (Profile::Sdk3, false) => "\nCluster Status:\n",
        (Profile::Legacy, true) => "\n\tCluster Error Status\n",
        (Profile::Legacy, false) => "\nCluster Error Status\n",
    }
}

/// One node's line.
pub(crate) fn cluster_line(profile: Profile, tab: bool, node: u32, value: u32) -> String {
    let indent = if tab { "\t" } else { "" };
    let text = result_text(value);
    match profile {
        Profile::Sdk3 => format!("{indent}Node id {node} status: 0x{value:08x} : {text}\n"),
        Profile::Legacy => {
            format!("{indent}Node id {node} and err state 0x{value:08x} : {text}\n")
        }
    }
}

// ---- client-side messages without an upstream text ([REC]) ----

/// The daemon cannot be reached at start-up (docs/kmu.md §1.1; docs/output-profiles.md §F row 22).
pub(crate) fn daemon_down(profile: Profile) -> String {
    match profile {
        Profile::Sdk3 => format!(
            "\n\tCfm3GetPartitionInfo returned: 0x{DAEMON_SOCKET_ERROR:02x} \n\n\t{}\n",
            result_text(DAEMON_SOCKET_ERROR)
        ),
        Profile::Legacy => format!("\n\t{}\n", result_text(DAEMON_SOCKET_ERROR)),
    }
}

/// Missing-option texts docs/kmu.md recommends where upstream has none ([REC]): the wrapping
/// mechanism of wrapKey/unWrapKey, and the class and type unWrapKey -noheader needs.
pub(crate) const MISSING_MECHANISM: &str = "Wrapping mechanism (-m)";
pub(crate) const MISSING_KEY_CLASS: &str = "Key class (-kc)";
pub(crate) const MISSING_KEY_TYPE: &str = "Key type (-kt)";
/// Quorum token commands (out of scope for this release).
pub(crate) const TOKENS_NOT_SIMULATED: &str =
    "\n\tQuorum (M of N) tokens are not simulated by this release of cloudhsm-sim\n";
/// `getCert` (out of scope for this release).
pub(crate) const GET_CERT_NOT_SIMULATED: &str =
    "\n\tgetCert: partition certificates are not simulated by this release of cloudhsm-sim\n";
/// An output file could not be written.
pub(crate) fn write_failed(path: &str) -> String {
    format!("\n\tFailed to write to file {path}\n")
}
/// A value longer than the tool accepts (`what` is the option's description, as in the
/// missing-option line); the help text follows.
pub(crate) fn too_long(what: &str) -> String {
    format!("\n\tError: {what} is too long.\n")
}
/// `-timeout` is not a whole number of seconds that fits 32 bits; the help text follows.
pub(crate) const INVALID_TIMEOUT: &str =
    "\n\tError: Timeout (-timeout) must be a number of seconds.\n";
/// An input file could not be read (upstream's warning; the option then counts as absent).
pub(crate) fn failed_to_read(path: &str) -> String {
    format!("\n\tWARNING: Failed to read from the file \"{path}\".\n")
}
/// An input file holds more than the client accepts; the warning above follows.
pub(crate) fn file_too_large(path: &str, limit: u64) -> String {
    format!("\n\t {path} is larger than {limit} bytes.\n")
}
/// The program name used in the usage lines of an unknown command-line mode.
pub(crate) const PROGRAM: &str = "key_mgmt_util";

// ---- profile-dependent command output (docs/output-profiles.md §F rows 14-21) ----

/// findKey: the total line.
pub(crate) fn find_total(profile: Profile, n: usize) -> String {
    match profile {
        Profile::Sdk3 => format!("\n\tTotal number of keys present: {n}\n"),
        Profile::Legacy => format!("\nTotal number of keys present {n}\n"),
    }
}

/// findKey: the lines that introduce the handles (n > 0).
pub(crate) fn find_matched(profile: Profile, n: usize) -> String {
    let last = n.saturating_sub(1);
    match profile {
        Profile::Sdk3 => format!(
            "\n\tNumber of matching keys from start index 0::{last}\n\n\tHandles of matching keys:\n\t"
        ),
        Profile::Legacy => format!("\n number of keys matched from start index 0::{last}\n"),
    }
}

/// findKey: the handles, `, `-separated; SDK 3 breaks the line after every 15th.
pub(crate) fn find_handles(profile: Profile, handles: &[KeyHandle]) -> String {
    let mut out = String::new();
    for (i, h) in handles.iter().enumerate() {
        out.push_str(&h.to_string());
        if i + 1 < handles.len() {
            out.push_str(", ");
            if profile == Profile::Sdk3 && (i + 1) % 15 == 0 {
                out.push_str("\n\t");
            }
        }
    }
    out.push('\n');
    out
}

/// Names and texts of the import commands (importPrivateKey, imSymKey).
pub(crate) struct ImportTexts {
    /// First call: wrap the key material with the AES key.
    pub wrap: &'static str,
    /// Second call: build the unwrap template.
    pub template: &'static str,
    /// Third call, including its ` returned` (SDK 3's importPrivateKey omits it).
    pub unwrap: &'static str,
    /// Success line before the handle.
    pub created: &'static str,
    /// After the handle (SDK 3 keeps upstream's trailing space).
    pub after_handle: &'static str,
    /// Whether the lines start with a TAB.
    pub tab: bool,
}

/// importPrivateKey (docs/output-profiles.md §F row 17).
pub(crate) fn import_private(profile: Profile) -> ImportTexts {
    match profile {
        Profile::Sdk3 => ImportTexts {
            wrap: "Cfm3ImportWrapKey returned",
            template: "Cfm3CreateUnwrapTemplate2 returned",
            unwrap: "Cfm3ImportUnWrapKey",
            created: "Private Key Imported.  Key Handle: ",
            after_handle: " ",
            tab: true,
        },
        Profile::Legacy => ImportTexts {
            wrap: "Cfm3WrapHostKey returned",
            template: "Cfm3CreateUnwrapTemplate returned",
            unwrap: "Cfm3UnWrapKey returned",
            created: "Private Key Unwrapped.  Key Handle: ",
            after_handle: "",
            tab: false,
        },
    }
}

/// imSymKey (docs/output-profiles.md §F row 18; SDK 3 takes the renamed template call of
/// row 17).
pub(crate) fn import_symmetric(profile: Profile) -> ImportTexts {
    match profile {
        Profile::Sdk3 => ImportTexts {
            wrap: "Cfm3ImportWrapKey returned",
            template: "Cfm3CreateUnwrapTemplate2 returned",
            unwrap: "Cfm3ImportUnWrapKey returned",
            created: "Symmetric Key Imported.  Key Handle: ",
            after_handle: " ",
            tab: true,
        },
        Profile::Legacy => ImportTexts {
            wrap: "Cfm3WrapHostKey returned",
            template: "Cfm3CreateUnwrapTemplate returned",
            unwrap: "Cfm3UnWrapKey returned",
            created: "Symmetric Key Unwrapped.  Key Handle: ",
            after_handle: "",
            tab: true,
        },
    }
}

/// importPrivateKey: the DER length line (SDK 3: no leading blank line).
pub(crate) fn ber_length(profile: Profile, len: u32) -> String {
    match profile {
        Profile::Sdk3 => format!("BER encoded key length is {len}\n"),
        Profile::Legacy => format!("\nBER encoded key length is {len}\n"),
    }
}

/// importPubKey: whether the `RET` line has a TAB, and the handle line.
pub(crate) fn public_key_handle(profile: Profile, handle: u64) -> (bool, String) {
    match profile {
        Profile::Sdk3 => (true, format!("\nPublic Key Handle: {handle} \n")),
        Profile::Legacy => (false, format!("\nPublic Key Handle: {handle}\n")),
    }
}

/// What sign prints around its `RET` line.
pub(crate) struct SignTexts {
    /// Printed before `RET` on success.
    pub before: String,
    /// Printed after `RET` on success.
    pub after: String,
    /// The function name in the `RET` line (before ` returned`).
    pub label: &'static str,
    /// Whether `RET` starts with a TAB.
    pub tab: bool,
    /// Whether a cluster block (without TABs) follows.
    pub cluster: bool,
}

/// sign: SDK 3 prints the upstream form without a cluster block (§F row 15); the guide
/// prints `Cfm3Sign returned` and the untabbed cluster block (docs/kmu.md §2.31).
pub(crate) fn sign_texts(profile: Profile, file: &str) -> SignTexts {
    match profile {
        Profile::Sdk3 => SignTexts {
            before: format!(
                "\n\tSignature creation successful\n\n\tsignature is written to file {file}\n"
            ),
            after: String::new(),
            label: "Cfm3Sign: sign",
            tab: true,
            cluster: false,
        },
        Profile::Legacy => SignTexts {
            before: String::new(),
            after: format!("\nsignature is written to file {file}\n"),
            label: "Cfm3Sign",
            tab: false,
            cluster: true,
        },
    }
}

/// verify: the success line (SDK 3 keeps the typo `verifition`, §F row 16) and whether
/// the `RET` line starts with a TAB.
pub(crate) fn verify_texts(profile: Profile) -> (&'static str, bool) {
    match profile {
        Profile::Sdk3 => ("\n\tSignature verifition successful\n", true),
        Profile::Legacy => ("\nSignature verification successful\n", false),
    }
}

/// verify: the guide's form of a CSP failure, without blank line or indentation
/// (docs/kmu.md §2.33); `None` where the usual `RET` line applies.
pub(crate) fn verify_csp_failure(profile: Profile, code: u32) -> Option<String> {
    (profile == Profile::Legacy && code == ErrorCode::BadPkcsData.value()).then(|| {
        format!(
            "Cfm3Verify returned: 0x{code:02x}\n\n{}\n",
            result_text(code)
        )
    })
}

/// How loginHSM reports a wrong password: `Some(code)` for SDK 3's client-daemon form
/// without a cluster block (§F row 20), `None` for the guide's form.
pub(crate) fn login_failure_code(profile: Profile) -> Option<u32> {
    (profile == Profile::Sdk3).then_some(SDK3_LOGIN_FAILURE)
}

/// deleteKey of an unknown handle: `(function name, code)` (§F row 21 and docs/kmu.md §2.2).
pub(crate) fn delete_not_found(profile: Profile) -> (&'static str, u32) {
    match profile {
        Profile::Sdk3 => ("Cfm3DeleteKey", SDK3_DELETE_FAILURE),
        Profile::Legacy => ("Cfm3FindKey", ErrorCode::InvalidHandle.value()),
    }
}

/// getAttribute `-a 512`: whether the six newer attributes (TRUSTED … NEVER_EXTRACTABLE)
/// are dumped, and the fixed part of the size, fitted to the guide's examples: 32 for the
/// old 17/19/20-attribute dumps, 48 for the 2022 26-attribute one (docs/kmu.md §2.16).
pub(crate) fn attribute_dump(profile: Profile) -> (bool, usize) {
    match profile {
        Profile::Sdk3 => (true, 48),
        Profile::Legacy => (false, 32),
    }
}

/// What getAttribute prints once the file is written; `dump` is `(size, count)` for
/// `-a 512`. SDK 3 prints upstream's lines (docs/output-profiles.md §B.11).
pub(crate) fn attribute_summary(
    profile: Profile,
    dump: Option<(usize, usize)>,
    path: &str,
) -> String {
    match (profile, dump) {
        (Profile::Sdk3, Some((size, count))) => {
            format!("\nAttribute size: {size}, count: {count}\nWritten to: {path} file\n")
        }
        (Profile::Sdk3, None) => format!("Written to: {path} file\n"),
        (Profile::Legacy, Some((size, count))) => format!(
            "\ngot all attributes of size {size} attr cnt {count}\nAttributes dumped into {path} file\n"
        ),
        (Profile::Legacy, None) => format!("Attributes dumped into {path} file\n"),
    }
}

/// Whether an EC key's public point (kept in OBJ_ATTR_MODULUS) is bare hex on one line, as
/// the guide's EC dump shows it, rather than an RSA modulus's `0x` and 80-column lines
/// (docs/output-profiles.md §B.12).
pub(crate) fn ec_point_bare(profile: Profile) -> bool {
    match profile {
        Profile::Sdk3 => true,
        Profile::Legacy => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_texts() {
        assert_eq!(result_text(0xdb), "HSM Error: Invalid User Type.");
        assert_eq!(result_text(0xc6), "HSM Error: Key Access is denied");
        assert_eq!(
            result_text(0x3000_0085),
            "HSM CLUSTER ERROR: Server in cluster is unavailable"
        );
        assert_eq!(result_text(0x1234), "HSM Error: Unknown error code");
        assert_eq!(result_text(0), SUCCESS);
    }

    #[test]
    fn find_key_wraps_after_fifteen_in_sdk3() {
        let handles: Vec<KeyHandle> = (1..=16).map(KeyHandle).collect();
        let text = find_handles(Profile::Sdk3, &handles);
        assert!(text.contains("15, \n\t16\n"));
        assert_eq!(
            find_handles(Profile::Sdk3, &handles[..15])
                .matches('\n')
                .count(),
            1
        );
        assert!(!find_handles(Profile::Legacy, &handles).contains('\t'));
    }
}
