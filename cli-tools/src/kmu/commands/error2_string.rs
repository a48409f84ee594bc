//! `Error2String -r <code>`: the text of a result code, without asking any HSM
//! (docs/kmu.md §2.3).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec {
    name: "Error2String",
    run,
};

const OPTIONS: Options = &[("-r", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nconvert a response code to Error String.\n",
    "\nSyntax: Error2String -h -r <response code> \n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -r  specifies response code to be converted",
    "\n",
);

fn run(_kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    require(io, &mut help, args.has("-r"), "Response code (-r)");
    let (Some(code), false) = (args.value("-r"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    // strtoul(s, NULL, 0) into a 32-bit code.
    let code = u32::try_from(args::strtoul0(code) & u64::from(u32::MAX)).unwrap_or(u32::MAX);
    io.text(&format!(
        "\n\tError Code {code:x} maps to {}\n",
        strings::result_text(code)
    ));
    Flow::Continue
}
