//! `exit`: logs out (session keys end) and leaves; extra words are ignored (docs/kmu.md §2.4).

use super::Spec;
use crate::io::Io;
use crate::kmu::Kmu;
use crate::repl::Flow;

pub(crate) const SPEC: Spec = Spec { name: "exit", run };

fn run(kmu: &mut Kmu, _io: &mut Io<'_>, _words: &[&str]) -> Flow {
    kmu.end_session();
    Flow::Quit
}
