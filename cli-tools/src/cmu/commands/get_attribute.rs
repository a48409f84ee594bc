//! `getAttribute <key handle> <attribute id> [<filename>]`: one attribute, or all of them
//! (512), of a key the logged-in crypto user can see, as each HSM holds it (docs/cmu.md §3.5).

use super::key_calls::{self, Output};
use super::{usage, Spec};
use crate::cmu::{broadcast, strings, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_client::ClientError;
use hsm_proto::keys::{AttrValue, Attribute, KeyReply, KeyRequest};
use hsm_proto::{ErrorCode, KeyHandle};

pub(crate) const SPEC: Spec = Spec {
    name: "getAttribute",
    syntax: "getAttribute <key handle> <attribute id> [<filename>]",
    description: "Gets an attribute of a key",
    run,
};

/// OBJ_ATTR_ALL.
const ALL: u32 = 512;
/// OBJ_ATTR_MODULUS, printed in lines of 80 characters (an EC point, in `sdk3`, on one).
const MODULUS: u32 = 288;
const KEY_TYPE: u32 = 256;
/// OBJ_ATTR_KEY_TYPE of an EC key, whose MODULUS holds its public point.
const EC: u8 = 3;

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let (handle, attribute, file) = match args {
        [h, a] => (*h, *a, None),
        [h, a, file] => (*h, *a, Some(*file)),
        _ => return usage(io, &SPEC),
    };
    let Some(handle) = key_calls::number_arg::<KeyHandle>(io, &SPEC, handle) else {
        return Flow::Continue;
    };
    let Some(attribute) = key_calls::number_arg::<u32>(io, &SPEC, attribute) else {
        return Flow::Continue;
    };
    let mut out = Output::new(file);
    let ec_point_bare = strings::ec_point_bare(cmu.profile);
    for index in cmu.targets() {
        let mut bare_point = false;
        let result = match key_calls::call(cmu, index, KeyRequest::GetAttributes { handle }) {
            Ok(KeyReply::Attributes(all)) => {
                bare_point = ec_point_bare
                    && all
                        .iter()
                        .any(|a| a.id == KEY_TYPE && a.value == AttrValue::Byte(EC));
                pick(all, attribute)
            }
            Ok(other) => Err(key_calls::unexpected(other)),
            Err(e) => Err(e),
        };
        match result {
            Ok(attributes) => {
                // A blank line opens every server's block (§3.5).
                out.blank(io);
                let label = cmu.server(index).label();
                out.line(io, &format!("Attribute Value on server {label}:"));
                for a in &attributes {
                    out.line(
                        io,
                        key_calls::attribute_name(a.id).unwrap_or("INVALID_ATTRIBUTE"),
                    );
                    for line in value_lines(a, attribute == ALL, bare_point) {
                        out.line(io, &line);
                    }
                }
            }
            Err(e) => broadcast::report_failure(cmu, io, "getAttribute", index, &e),
        }
    }
    out.finish(io);
    Flow::Continue
}

/// The attribute asked for, or every one for 512; a missing one is the HSM's
/// "attribute not present" error.
fn pick(all: Vec<Attribute>, id: u32) -> Result<Vec<Attribute>, ClientError> {
    if id == ALL {
        return Ok(all);
    }
    match all.into_iter().find(|a| a.id == id) {
        Some(a) => Ok(vec![a]),
        None => Err(ClientError::Hsm(ErrorCode::AttributeNotPresent)),
    }
}

/// key_mgmt_util's file format (docs/kmu.md §2.16): numbers `0x%08x`, but booleans and
/// enumerations `0x%02x` in a 512 dump; strings raw; byte strings `0x` + hex, the modulus
/// broken into lines of 80 characters, unless `bare_point` says it is an EC point to write
/// as bare hex on one line (docs/output-profiles.md §B.12).
fn value_lines(a: &Attribute, dump: bool, bare_point: bool) -> Vec<String> {
    match &a.value {
        AttrValue::Byte(b) if dump => vec![format!("0x{b:02x}")],
        AttrValue::Byte(b) => vec![format!("0x{b:08x}")],
        AttrValue::Word(w) => vec![format!("0x{w:08x}")],
        AttrValue::Text(t) => vec![t.clone()],
        AttrValue::Bytes(bytes) if a.id == MODULUS && bare_point => {
            vec![bytes.iter().map(|b| format!("{b:02x}")).collect()]
        }
        AttrValue::Bytes(bytes) => {
            let text: String = std::iter::once("0x".to_owned())
                .chain(bytes.iter().map(|b| format!("{b:02x}")))
                .collect();
            if a.id == MODULUS {
                text.as_bytes()
                    .chunks(80)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            } else {
                vec![text]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(id: u32, value: AttrValue) -> Attribute {
        Attribute { id, value }
    }

    #[test]
    fn values_follow_the_key_mgmt_util_file_format() {
        let ext = attr(354, AttrValue::Byte(1));
        assert_eq!(value_lines(&ext, false, false), ["0x00000001"]);
        assert_eq!(value_lines(&ext, true, false), ["0x01"]);
        let len = attr(353, AttrValue::Word(32));
        assert_eq!(value_lines(&len, true, false), ["0x00000020"]);
        let kcv = attr(371, AttrValue::Bytes(vec![0x1a, 0x4b, 0x31]));
        assert_eq!(value_lines(&kcv, false, false), ["0x1a4b31"]);
        let label = attr(3, AttrValue::Text("aes256".into()));
        assert_eq!(value_lines(&label, false, false), ["aes256"]);
        let modulus = attr(MODULUS, AttrValue::Bytes(vec![0xab; 65]));
        let lines = value_lines(&modulus, false, false);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), 80);
        assert!(lines[0].starts_with("0xabab"));
        assert_eq!(lines[1].len(), 52);
        let point = value_lines(&modulus, false, true);
        assert_eq!(point, ["ab".repeat(65)]);
    }

    #[test]
    fn a_missing_attribute_is_the_hsms_error() {
        let all = vec![attr(0, AttrValue::Byte(4))];
        assert!(matches!(
            pick(all.clone(), 288),
            Err(ClientError::Hsm(ErrorCode::AttributeNotPresent))
        ));
        assert_eq!(pick(all.clone(), ALL).map(|v| v.len()).ok(), Some(1));
        assert_eq!(pick(all, 0).map(|v| v.len()).ok(), Some(1));
    }
}
