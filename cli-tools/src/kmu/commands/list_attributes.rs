//! `listAttributes`: the attribute constants for getAttribute (docs/kmu.md §2.26, A-7), and
//! the attribute-name table shared with getAttribute (docs/kmu.md §3.1).

use super::Spec;
use crate::io::Io;
use crate::kmu::Kmu;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "listAttributes",
    run,
};

/// The 20 entries of the guide's listing, in its order.
const LISTED: [u32; 20] = [
    0, 1, 2, 3, 256, 258, 259, 260, 261, 262, 263, 264, 266, 355, 288, 289, 290, 353, 354, 371,
];

/// Every attribute a key can carry: id and `OBJ_ATTR_` name.
const NAMES: [(u32, &str); 28] = [
    (0, "OBJ_ATTR_CLASS"),
    (1, "OBJ_ATTR_TOKEN"),
    (2, "OBJ_ATTR_PRIVATE"),
    (3, "OBJ_ATTR_LABEL"),
    (134, "OBJ_ATTR_TRUSTED"),
    (256, "OBJ_ATTR_KEY_TYPE"),
    (258, "OBJ_ATTR_ID"),
    (259, "OBJ_ATTR_SENSITIVE"),
    (260, "OBJ_ATTR_ENCRYPT"),
    (261, "OBJ_ATTR_DECRYPT"),
    (262, "OBJ_ATTR_WRAP"),
    (263, "OBJ_ATTR_UNWRAP"),
    (264, "OBJ_ATTR_SIGN"),
    (266, "OBJ_ATTR_VERIFY"),
    (268, "OBJ_ATTR_DERIVE"),
    (288, "OBJ_ATTR_MODULUS"),
    (289, "OBJ_ATTR_MODULUS_BITS"),
    (290, "OBJ_ATTR_PUBLIC_EXPONENT"),
    (353, "OBJ_ATTR_VALUE_LEN"),
    (354, "OBJ_ATTR_EXTRACTABLE"),
    (355, "OBJ_ATTR_LOCAL"),
    (356, "OBJ_ATTR_NEVER_EXTRACTABLE"),
    (357, "OBJ_ATTR_ALWAYS_SENSITIVE"),
    (370, "OBJ_ATTR_DESTROYABLE"),
    (371, "OBJ_ATTR_KCV"),
    (528, "OBJ_ATTR_WRAP_WITH_TRUSTED"),
    (1_073_742_353, "OBJ_ATTR_WRAP_TEMPLATE"),
    (1_073_742_354, "OBJ_ATTR_UNWRAP_TEMPLATE"),
];

/// The name of attribute `id`.
pub(crate) fn name(id: u32) -> Option<&'static str> {
    NAMES.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, _words: &[&str]) -> Flow {
    let mut out = String::from(concat!(
        "\n\nDescription\n===========",
        "\nThe following are all of the possible attribute values for getAttributes.\n"
    ));
    for id in LISTED {
        out.push_str(&format!(
            "\n      {:<32}= {id}",
            name(id).unwrap_or_default()
        ));
    }
    out.push_str("\n\n");
    io.text(&out);
    Flow::Continue
}
