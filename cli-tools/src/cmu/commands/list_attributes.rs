//! `listAttributes`: the attribute constants for getAttribute, printed once, locally.

use super::{usage, Spec};
use crate::cmu::Cmu;
use crate::io::Io;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "listAttributes",
    syntax: "listAttributes [-h]",
    description: "Lists the attribute constants for getAttribute",
    run,
};

/// In the order the real tool prints them (docs/cmu.md §3.10; LOCAL sits after DERIVE).
pub(super) const ATTRIBUTES: [(&str, u64); 29] = [
    ("OBJ_ATTR_CLASS", 0),
    ("OBJ_ATTR_TOKEN", 1),
    ("OBJ_ATTR_PRIVATE", 2),
    ("OBJ_ATTR_LABEL", 3),
    ("OBJ_ATTR_TRUSTED", 134),
    ("OBJ_ATTR_KEY_TYPE", 256),
    ("OBJ_ATTR_ID", 258),
    ("OBJ_ATTR_SENSITIVE", 259),
    ("OBJ_ATTR_ENCRYPT", 260),
    ("OBJ_ATTR_DECRYPT", 261),
    ("OBJ_ATTR_WRAP", 262),
    ("OBJ_ATTR_UNWRAP", 263),
    ("OBJ_ATTR_SIGN", 264),
    ("OBJ_ATTR_VERIFY", 266),
    ("OBJ_ATTR_DERIVE", 268),
    ("OBJ_ATTR_LOCAL", 355),
    ("OBJ_ATTR_MODULUS", 288),
    ("OBJ_ATTR_MODULUS_BITS", 289),
    ("OBJ_ATTR_PUBLIC_EXPONENT", 290),
    ("OBJ_ATTR_VALUE_LEN", 353),
    ("OBJ_ATTR_EXTRACTABLE", 354),
    ("OBJ_ATTR_NEVER_EXTRACTABLE", 356),
    ("OBJ_ATTR_ALWAYS_SENSITIVE", 357),
    ("OBJ_ATTR_DESTROYABLE", 370),
    ("OBJ_ATTR_KCV", 371),
    ("OBJ_ATTR_WRAP_WITH_TRUSTED", 528),
    ("OBJ_ATTR_WRAP_TEMPLATE", 1_073_742_353),
    ("OBJ_ATTR_UNWRAP_TEMPLATE", 1_073_742_354),
    ("OBJ_ATTR_ALL", 512),
];

fn run(_cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    match args {
        [] => {
            io.blank();
            io.line("Following are the possible attribute values for getAttribute:");
            io.blank();
            for (name, value) in ATTRIBUTES {
                io.line(&format!("      {name:<32}= {value}"));
            }
        }
        ["-h"] => {
            io.line(SPEC.description);
            io.line(&format!("Syntax: {}", SPEC.syntax));
        }
        _ => return usage(io, &SPEC),
    }
    Flow::Continue
}
