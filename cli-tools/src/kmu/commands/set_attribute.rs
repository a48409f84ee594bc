//! `setAttribute -o <handle> -a 1`: turns a session key into a token key; the value is
//! asked for on the next input line (docs/kmu.md §2.30).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::keys::{AttrValue, KeyRequest};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "setAttribute",
    run,
};

/// OBJ_ATTR_TOKEN, the only attribute KMU may change.
const TOKEN: u32 = 1;
const LABEL: &str = "Cfm3SetAttribute returned";

const OPTIONS: Options = &[("-o", Kind::Value), ("-a", Kind::Value)];

const HELP: &str = concat!(
    "\n\nDescription\n===========\nSet an attribute value for an object.\n",
    "\nSyntax: setAttribute -h -o <object handle> -a <attribute> \n",
    "\n",
    "\nWhere: -h  displays this information",
    "\n       -o  specifies the Object Handle",
    "\n       -a  specifies the Attribute to set",
    "\n           (only the following attribute's value can be modified)",
    "\n           OBJ_ATTR_TOKEN                  = 1",
    "\n\n",
);

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    let handle = args.number("-o");
    let attribute = args.number32("-a");
    require(io, &mut help, handle.is_some(), "Object handle (-o)");
    require(io, &mut help, attribute.is_some(), "Attribute ID (-a)");
    let (Some(handle), Some(attribute), false) = (handle, attribute, help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let profile = kmu.profile();
    if attribute != TOKEN {
        io.text("\n\tThis attribute is either not modifiable or unknown");
        output::ret(io, profile, Lead::Tab, LABEL, strings::INVALID_INPUT);
        return Flow::Continue;
    }
    io.text("\t\tThis attribute is defined as a boolean value.\n");
    let answer = io.ask("\t\tEnter the boolean attribute value (0 or 1):");
    let Some(value) = answer.as_deref().and_then(scanf_int) else {
        io.text("\nError reading the user input value\n");
        output::ret(io, profile, Lead::Tab, LABEL, strings::INVALID_INPUT);
        return Flow::Continue;
    };
    let value = AttrValue::Byte(u8::from(value != 0));
    let result = kmu.key(KeyRequest::SetAttribute {
        handle: KeyHandle(handle),
        attribute,
        value,
    });
    let code = result.outcome.err().unwrap_or(0);
    output::ret(io, profile, Lead::Tab, LABEL, code);
    output::cluster_after(io, profile, true, code, &result.nodes);
    Flow::Continue
}

/// C `scanf("%d")`: optional blanks and sign, then at least one digit.
fn scanf_int(s: &str) -> Option<i64> {
    let t = s.trim_start();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    digits
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| args::atoi(t))
}
