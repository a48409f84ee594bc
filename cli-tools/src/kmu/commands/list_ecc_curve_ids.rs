//! `listECCCurveIds`: the curve ids genECCKeyPair accepts (docs/kmu.md §2.27).

use super::gen_ecc_key_pair::CURVES;
use super::Spec;
use crate::io::Io;
use crate::kmu::Kmu;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "listECCCurveIds",
    run,
};

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, _words: &[&str]) -> Flow {
    let mut out = String::from(concat!(
        "\n\nDescription\n===========",
        "\nThe following are HSM supported ECC CurveIds\n"
    ));
    for (i, name) in CURVES.iter().enumerate() {
        out.push_str(&format!("\n      {name:<32}= {}", i + 1));
    }
    out.push_str("\n\n");
    io.text(&out);
    Flow::Continue
}
