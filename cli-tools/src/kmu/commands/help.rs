//! `help`: the command listing of docs/kmu.md §2.20, byte for byte (also printed for any
//! unknown command word and for a line of blanks). Extra words are ignored.

use super::Spec;
use crate::io::Io;
use crate::kmu::Kmu;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec { name: "help", run };

/// One row of the listing.
enum Row {
    /// `"\n\n\t<heading>"`.
    Section(&'static str),
    /// `"\n   %-23s%s"`.
    Command(&'static str, &'static str),
    /// A continuation line under the previous command.
    More(&'static str),
}

use Row::{Command, More, Section};

const LISTING: &[Row] = &[
    Command("exit", "Exits this application"),
    Command("help", "Displays this information"),
    Section("Configuration and Admin Commands"),
    Command("getHSMInfo", "Gets the HSM Information"),
    Command("getPartitionInfo", "Gets the Partition Information"),
    Command("listUsers", "Lists all users of a partition   "),
    Command("loginStatus", "Gets the Login Information"),
    Command("loginHSM", "Login to the HSM"),
    Command("logoutHSM", "Logout from the HSM"),
    Section("M of N commands"),
    Command("getToken", "Initiate an MxN service and get Token"),
    Command("delToken", "delete Token(s)"),
    Command("approveToken", "Approves an MxN service"),
    Command("listTokens", "List all Tokens in the current partition"),
    Section("Key Generation Commands"),
    Section("Asymmetric Keys:"),
    Command("genRSAKeyPair", "Generates an RSA Key Pair"),
    Command("genDSAKeyPair", "Generates a DSA Key Pair"),
    Command("genECCKeyPair", "Generates an ECC Key Pair"),
    Section("Symmetric Keys:"),
    Command("genPBEKey", "Generates a PBE DES3 key"),
    Command("genSymKey", "Generates a Symmetric keys"),
    Section("Key Import/Export Commands"),
    Command("createPublicKey", "Creates an RSA public key"),
    Command("importPubKey", "Imports RSA/DSA/EC Public key"),
    Command("exportPubKey", "Exports RSA/DSA/EC Public key"),
    Command("importPrivateKey", "Imports RSA/DSA/EC private key"),
    Command("exportPrivateKey", "Exports RSA/DSA/EC private key"),
    Command("imSymKey", "Imports a Symmetric key"),
    Command("exSymKey", "Exports a Symmetric key"),
    Command(
        "wrapKey",
        "Wraps a key from from HSM using the specified handle",
    ),
    Command(
        "unWrapKey",
        "UnWraps a key into HSM using the specified handle",
    ),
    Section("Key Management Commands"),
    Command("deleteKey", "Delete Key"),
    Command("setAttribute", "Sets an attribute of an object"),
    Command("getKeyInfo", "Get Key Info about shared users/sessions"),
    Command("findKey", "Find Key"),
    Command("findSingleKey", "Find single Key"),
    Command("getAttribute", "Reads an attribute from an object"),
    Section("Certificate Setup Commands"),
    Command("getCert", "Gets Partition Certificates stored on HSM"),
    Section("Key Transfer Commands"),
    Command("insertMaskedObject", "Inserts a masked object"),
    Command("extractMaskedObject", "Extracts a masked object"),
    Section("Management Crypto Commands"),
    Command("sign", "Generates a signature"),
    Command("verify", "Verifies a signature"),
    Command("aesWrapUnwrap", "Does NIST AES Wrap/Unwrap"),
    Section("Helper Commands"),
    Command("Error2String", "Converts Error codes to Strings"),
    More("save key handle in fake PEM format"),
    Command("getCaviumPrivKey", "Saves an RSA private key handle"),
    More("in fake PEM format"),
    Command("IsValidKeyHandlefile", "Checks if private key file has"),
    More("an HSM key handle or a real key"),
    Command("listAttributes", "List all attributes for getAttributes"),
    Command("listECCCurveIds", "List HSM supported ECC CurveIds"),
];

/// The listing as printed.
pub(crate) fn listing() -> String {
    let mut out = String::from("\n\nHelp Commands Available:\n\nSyntax: <command> -h");
    out.push_str(&" ".repeat(37));
    out.push_str(
        "\n\n\n   Command               Description\n   =======               ===========\n",
    );
    for row in LISTING {
        match row {
            Section(heading) => out.push_str(&format!("\n\n\t{heading}")),
            Command(name, text) => out.push_str(&format!("\n   {name:<23}{text}")),
            More(text) => out.push_str(&format!("\n   {:<23}{text}", "")),
        }
    }
    out.push_str("\n\n");
    out
}

/// Names the listing offers (each must be a dispatched command).
#[cfg(test)]
pub(crate) fn listed_names() -> impl Iterator<Item = &'static str> {
    LISTING.iter().filter_map(|r| match r {
        Command(name, _) => Some(*name),
        _ => None,
    })
}

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, _args: &[&str]) -> Flow {
    io.text(&listing());
    Flow::Continue
}
