//! Every fixed CMU string that is a recommendation, a profile choice or an HSM error text,
//! in one table so it can be changed in one place.
//!
//! Sources: docs/cmu.md §1.9-§1.10 and §4 for the documented strings, docs/cmu.md §4.3 for the
//! [REC] ones, and docs/output-profiles.md §F for the SDK 3 profile (the default).

use crate::profile::Profile;
use hsm_client::ClientError;
use hsm_proto::ErrorCode;

/// The CAUTION banner (docs/cmu.md §1.9), followed by a blank line.
pub(crate) const CAUTION: [&str; 7] = [
    "*************************CAUTION********************************",
    "This is a CRITICAL operation, should be done on all nodes in the",
    "cluster. AWS does NOT synchronize these changes automatically with the",
    "nodes on which this operation is not executed or failed, please",
    "ensure this operation is executed on all nodes in the cluster.",
    "****************************************************************",
    "",
];
/// The confirmation prompt (no trailing space: the answer is typed right after it).
pub(crate) const CONFIRM: &str = "Do you want to continue(y/n)?";
/// Answer other than y or n.
pub(crate) const INVALID_OPTION: &str = "Invalid option, please type 'y' or 'n'";
/// createUser / changePswd recovery prompt.
pub(crate) const RETRY_IGNORE_ABORT: &str = "Retry/Ignore/Abort?(R/I/A):";
/// deleteUser recovery prompt.
pub(crate) const RETRY_ROLLBACK_IGNORE: &str = "Retry/rollBack/Ignore?(R/B/I):";
/// Global-mode prompt.
pub(crate) const PROMPT: &str = "aws-cloudhsm>";
/// Printed on `quit`.
pub(crate) const DISCONNECTING: &str = "disconnecting from servers, please wait...";
/// Printed on entering server mode.
pub(crate) const SERVER_MODE: &str = "Server is in 'E2' mode...";

// ---- [REC] strings (docs/cmu.md §4.3 and docs/output-profiles.md §A.1) ----

/// Unknown or ambiguous command.
pub(crate) fn invalid_command(word: &str) -> String {
    format!("Invalid command: {word}")
}
/// First line for a wrong number or format of arguments; `Syntax: …` follows.
pub(crate) const INVALID_ARGUMENTS: &str = "Invalid arguments";
/// Legacy profile: client-side password length check.
pub(crate) const INVALID_PASSWORD_LENGTH: &str =
    "Invalid password length. Password must be 7 to 32 characters.";
/// Legacy profile: client-side user-name check.
pub(crate) const INVALID_USER_NAME: &str =
    "Invalid user name. Use at most 31 characters: letters, digits and underscore.";
/// The two hidden entries of a new password differ.
pub(crate) const PASSWORDS_DO_NOT_MATCH: &str = "Passwords do not match";
/// Server number out of range or not a number.
pub(crate) fn invalid_server_number(arg: &str) -> String {
    format!("Invalid server number {arg}")
}
/// An HSM from the configuration that the daemon does not simulate.
pub(crate) fn failed_to_connect(name: &str, host: &str, port: u16) -> String {
    format!("Failed to connect to server '{name}': hostname '{host}', port {port}.")
}
/// `-2fa` given: two-factor authentication (docs/cmu.md §6) is not simulated by this release.
pub(crate) const TWO_FACTOR_UNAVAILABLE: &str =
    "2FA is not available in this simulator release; run the command without -2fa";
/// An output file argument (findAllKeys, getAttribute, getKeyInfo) cannot be written.
pub(crate) fn failed_to_open_file(path: &str) -> String {
    format!("Failed to open file {path}")
}
/// A rollBack could not restore the user on one server.
pub(crate) fn rollback_failed(label: &str) -> String {
    format!("rollBack failed on server {label}")
}
/// `info` state column for an HSM that could not be reached.
pub(crate) const DISCONNECTED: &str = "Disconnected";
/// `info` login column when not logged in.
pub(crate) const NOT_LOGGED_IN: &str = "Not logged in";

// ---- profile-dependent behaviour ----

/// Whether loginHSM, logoutHSM and quit print a blank line first (guide: yes; SDK 3: no).
pub(crate) fn leading_blank(profile: Profile) -> bool {
    profile == Profile::Legacy
}

/// Whether start-up and `enable_e2e` print `E2E enabled on server …` (SDK 3 only at start).
pub(crate) fn e2e_at_startup(profile: Profile) -> bool {
    profile == Profile::Sdk3
}

/// Whether password length and user names are checked before the banner (legacy) rather
/// than by each HSM after `y` (SDK 3).
pub(crate) fn checks_client_side(profile: Profile) -> bool {
    profile == Profile::Legacy
}

/// Whether deleteUser shows the CAUTION banner and asks `(y/n)` as createUser does: SDK 3
/// does; the guide's deleteUser page shows no banner (docs/output-profiles.md §A.8).
pub(crate) fn delete_user_confirms(profile: Profile) -> bool {
    match profile {
        Profile::Sdk3 => true,
        Profile::Legacy => false,
    }
}

/// Whether getAttribute writes an EC key's public point (OBJ_ATTR_MODULUS) as bare hex on
/// one line, as KMU's `sdk3` profile does, rather than as a wrapped `0x` modulus
/// (docs/output-profiles.md §B.12).
pub(crate) fn ec_point_bare(profile: Profile) -> bool {
    match profile {
        Profile::Sdk3 => true,
        Profile::Legacy => false,
    }
}

/// Which prompts `-hpswd` shows for a new password: (first, confirmation).
pub(crate) fn new_password_prompts(
    profile: Profile,
    change: bool,
) -> (&'static str, Option<&'static str>) {
    match (profile, change) {
        (Profile::Legacy, _) => ("Enter password:", None),
        (Profile::Sdk3, false) => ("Enter password: ", Some("Re-enter password: ")),
        (Profile::Sdk3, true) => ("Enter new password: ", Some("Re-enter new password: ")),
    }
}

/// The loginHSM `-hpswd` prompt.
pub(crate) fn login_password_prompt(profile: Profile) -> &'static str {
    match profile {
        Profile::Legacy => "Enter password:",
        Profile::Sdk3 => "Enter password: ",
    }
}

/// The text after `<command> failed: ` for a failed call.
pub(crate) fn failure_text(profile: Profile, error: &ClientError) -> String {
    match error {
        ClientError::Hsm(code) => hsm_error_text(profile, *code),
        // The daemon went away or misbehaved: to CMU that is an unreachable server.
        _ => "HSM CLUSTER ERROR: Server in cluster is unavailable".to_owned(),
    }
}

/// The text an HSM returns for `code`, as CMU prints it.
pub(crate) fn hsm_error_text(profile: Profile, code: ErrorCode) -> String {
    let legacy = profile == Profile::Legacy;
    let text = match code {
        ErrorCode::UserNotInitialized => {
            "user isn't initialized or user with this name doesn't exist"
        }
        ErrorCode::UserDoesNotExist if legacy => {
            "user isn't initialized or user with this name doesn't exist"
        }
        ErrorCode::UserDoesNotExist => "This user doesn't exist",
        ErrorCode::LoginFailure => "RET_USER_LOGIN_FAILURE",
        ErrorCode::InvalidUserType => "Invalid User Type.",
        ErrorCode::InvalidHandle => "Invalid object handle is passed to this operation",
        ErrorCode::PolicyViolation => {
            "This operation violates the current configured/FIPS policies"
        }
        ErrorCode::KeyAccessDenied => "Key Access is denied",
        ErrorCode::BadPkcsData => "ERR_BAD_PKCS_DATA",
        ErrorCode::MxnAuthFailed => "RET_MXN_AUTH_FAILED",
        ErrorCode::InvalidInput => "Invalid input data/params",
        ErrorCode::UserAlreadyExists if legacy => "RET_USER_ALREADY_EXISTS",
        ErrorCode::UserAlreadyExists => "This user is already created",
        ErrorCode::PasswordLength => "min pswd len 7 and max pswd len 32",
        ErrorCode::NotLoggedIn => "RET_USER_NOT_LOGGED_IN",
        ErrorCode::AlreadyLoggedIn => "RET_USER_ALREADY_LOGGED_IN",
        ErrorCode::UserLimitReached => "RET_USER_LIMIT_REACHED",
        ErrorCode::UserOwnsKeys => "RET_USER_OWNS_KEYS",
        ErrorCode::UserLoggedIn => "RET_USER_LOGGED_IN",
        ErrorCode::NoSuchHsm => "HSM CLUSTER ERROR: Server in cluster is unavailable",
        ErrorCode::Internal => "RET_INTERNAL_ERROR",
        ErrorCode::IdExists => "Object with this ID already exists",
        ErrorCode::AttributeNotPresent => "Attribute is not present for this object",
        ErrorCode::InvalidShareList => "Invalid user id in share list",
        ErrorCode::MValueTooLarge => "M value exceeds number of users",
        ErrorCode::UnwrapIntegrity => "Unwrap failed, integrity check failure",
        ErrorCode::MaskedObjectForeign => "Masked object cannot be inserted into this cluster",
        ErrorCode::KeyLimitReached => "RET_KEY_LIMIT_REACHED",
        ErrorCode::ServerUnavailable => "HSM CLUSTER ERROR: Server in cluster is unavailable",
        ErrorCode::Unknown(v) => return format!("HSM Error: 0x{v:x}"),
    };
    // SDK 3 prefixes HSM texts (§F #4); the documented quorum failure and the captured
    // password-length text (§F #6) stay bare.
    let bare = matches!(
        code,
        ErrorCode::MxnAuthFailed
            | ErrorCode::PasswordLength
            | ErrorCode::NoSuchHsm
            | ErrorCode::ServerUnavailable
    );
    if legacy || bare {
        text.to_owned()
    } else {
        format!("HSM Error: {text}")
    }
}
