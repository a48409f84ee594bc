//! `getAttribute -o <handle> -a <id|512> -out <file>`: writes one or all attributes of a
//! key to a text file (docs/kmu.md §2.16). The HSM returns every attribute; the tool picks.

use super::list_attributes::name;
use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{files, strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{AttrValue, Attribute, KeyReply, KeyRequest};
use hsm_proto::{ErrorCode, KeyHandle};

pub(crate) const SPEC: Spec = Spec {
    name: "getAttribute",
    run,
};

/// `-a 512`: every attribute of the dump set.
const ALL: u32 = 512;
/// The six newer attributes, which only the `sdk3` profile dumps (docs/kmu.md §2.16, A-6).
const EXTENDED: [u32; 6] = [134, 528, 370, 268, 357, 356];
const KEY_TYPE: u32 = 256;
/// OBJ_ATTR_KEY_TYPE of an EC key, whose MODULUS holds its public point.
const EC: u8 = 3;
const MODULUS: u32 = 288;
const PUBLIC_EXPONENT: u32 = 290;
/// LABEL and ID count 128 bytes each in the dump size (docs/kmu.md §2.16).
const TEXT_SIZE: usize = 128;
/// Width of a modulus line in the file.
const MODULUS_LINE: usize = 80;

const OPTIONS: Options = &[
    ("-o", Kind::Value),
    ("-a", Kind::Value),
    ("-out", Kind::Value),
    ("-attest", Kind::Flag),
];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nGet an attribute from an object.\n",
    "\nSyntax: getAttribute -h -o <object Handle> -a <attribute> -out <attribute file> [-attest]",
    "\n",
    "\nWhere: -h       displays this information",
    "\n       -o       specifies the object handle",
    "\n       -a       specifies the attribute to read.(512 for all attributes)",
    "\n       -out     specifies the file to write the attribute value",
    "\n       -attest  performs the attestation check on the firmware response\n",
    "\n       (run listAttributes to see a list of all possible attribute values)",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let handle = args.number("-o");
    let attribute = args.number32("-a");
    require(io, &mut help, handle.is_some(), "Object handle (-o)");
    require(io, &mut help, attribute.is_some(), "Attribute ID (-a)");
    require(io, &mut help, args.has("-out"), "Attribute File (-out)");
    let (Some(handle), Some(attribute), Some(path), false) =
        (handle, attribute, args.value("-out"), help)
    else {
        io.text(HELP);
        return Flow::Continue;
    };
    let profile = kmu.profile();
    let attributes = match kmu
        .key(KeyRequest::GetAttributes {
            handle: KeyHandle(handle),
        })
        .outcome
    {
        Ok(KeyReply::Attributes(list)) => list,
        Ok(_) => return report(kmu, io, strings::DAEMON_SOCKET_ERROR),
        Err(code) => return report(kmu, io, code),
    };
    let is_ec = attributes
        .iter()
        .any(|a| a.id == KEY_TYPE && a.value == AttrValue::Byte(EC));
    let bare_point = is_ec && strings::ec_point_bare(profile);
    let (file, dumped) = if attribute == ALL {
        let (extended, overhead) = strings::attribute_dump(profile);
        let dump: Vec<&Attribute> = attributes
            .iter()
            .filter(|a| extended || !EXTENDED.contains(&a.id))
            .collect();
        // Size and count describe the entries written, whatever the profile dumps.
        let size = overhead + 8 * dump.len() + dump.iter().map(|a| value_size(a)).sum::<usize>();
        let text: String = dump.iter().map(|a| entry(a, true, bare_point)).collect();
        (text, Some((size, dump.len())))
    } else {
        let Some(found) = attributes.iter().find(|a| a.id == attribute) else {
            return report(kmu, io, ErrorCode::AttributeNotPresent.value());
        };
        (entry(found, false, bare_point), None)
    };
    let summary = strings::attribute_summary(profile, dumped, path);
    if args.has("-attest") {
        output::attest(io, true);
    }
    if files::write(path, file.as_bytes()).is_err() {
        io.text(&strings::write_failed(path));
        return Flow::Continue;
    }
    io.text(&summary);
    output::ret(io, profile, Lead::Tab, "Cfm3GetAttribute returned", 0);
    Flow::Continue
}

fn report(kmu: &Kmu, io: &mut Io<'_>, code: u32) -> Flow {
    output::ret(
        io,
        kmu.profile(),
        Lead::Tab,
        "Cfm3GetAttribute returned",
        code,
    );
    Flow::Continue
}

/// The two lines of one attribute: its name, then its value (docs/kmu.md §2.16 table).
/// `bare_point`: the attribute belongs to an EC key whose point is written as bare hex.
fn entry(a: &Attribute, full_dump: bool, bare_point: bool) -> String {
    let value = match &a.value {
        AttrValue::Byte(v) if full_dump => format!("0x{v:02x}"),
        AttrValue::Byte(v) => format!("0x{v:08x}"),
        AttrValue::Word(v) => format!("0x{v:08x}"),
        AttrValue::Text(s) => s.clone(),
        AttrValue::Bytes(b) if a.id == MODULUS && bare_point => hex(b),
        AttrValue::Bytes(b) if a.id == MODULUS => wrap(&format!("0x{}", hex(b))),
        AttrValue::Bytes(b) => format!("0x{}", hex(minimal(a.id, b))),
    };
    format!("{}\n{value}\n", name(a.id).unwrap_or("INVALID_ATTRIBUTE"))
}

/// Bytes an attribute counts for in the dump size.
fn value_size(a: &Attribute) -> usize {
    match &a.value {
        AttrValue::Byte(_) => 1,
        AttrValue::Word(_) => 4,
        AttrValue::Text(_) => TEXT_SIZE,
        AttrValue::Bytes(b) => minimal(a.id, b).len(),
    }
}

/// The public exponent without leading zero bytes; other values as they are.
fn minimal(id: u32, bytes: &[u8]) -> &[u8] {
    if id != PUBLIC_EXPONENT {
        return bytes;
    }
    let first = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    &bytes[first..]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Breaks `text` into lines of 80 characters.
fn wrap(text: &str) -> String {
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(MODULUS_LINE)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_guide() {
        let kt = Attribute {
            id: 256,
            value: AttrValue::Byte(0x15),
        };
        assert_eq!(entry(&kt, true, false), "OBJ_ATTR_KEY_TYPE\n0x15\n");
        assert_eq!(entry(&kt, false, false), "OBJ_ATTR_KEY_TYPE\n0x00000015\n");
        let e = Attribute {
            id: 290,
            value: AttrValue::Bytes(vec![0, 1, 0, 1]),
        };
        assert_eq!(
            entry(&e, true, false),
            "OBJ_ATTR_PUBLIC_EXPONENT\n0x010001\n"
        );
        let m = Attribute {
            id: 288,
            value: AttrValue::Bytes(vec![0xbb; 256]),
        };
        let text = entry(&m, true, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1].len(), 80);
        assert_eq!(lines.len(), 1 + 7);
        assert_eq!(lines[7].len(), 514 - 6 * 80);
    }

    #[test]
    fn a_bare_ec_point_is_one_line_without_0x() {
        let mut point = vec![0x04];
        point.extend([0xab; 64]);
        let m = Attribute {
            id: 288,
            value: AttrValue::Bytes(point),
        };
        let text = entry(&m, true, true);
        assert_eq!(text, format!("OBJ_ATTR_MODULUS\n04{}\n", "ab".repeat(64)));
        assert!(entry(&m, true, false).starts_with("OBJ_ATTR_MODULUS\n0x04abab"));
    }
}
