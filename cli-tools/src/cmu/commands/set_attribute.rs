//! `setAttribute <key handle> <attribute id> <value>`: changes one attribute of each HSM's
//! copy of a key, after the CAUTION banner (docs/cmu.md §3.18, A-13). Who may change what is
//! the HSM's decision: the owner any settable attribute but TRUSTED, an officer only
//! TRUSTED.

use super::{key_calls, usage, Spec};
use crate::cmu::{broadcast, Cmu};
use crate::io::Io;
use crate::repl::Flow;
use hsm_proto::keys::{AttrValue, KeyRequest};
use hsm_proto::KeyHandle;

pub(crate) const SPEC: Spec = Spec {
    name: "setAttribute",
    syntax: "setAttribute <key handle> <attribute id> <value>",
    description: "Sets an attribute of a key",
    run,
};

/// OBJ_ATTR_LABEL: the only attribute whose value is a string.
const LABEL: u32 = 3;

/// The 13 attribute ids the guide lists as settable, templates included (the HSM refuses
/// those, docs/cmu.md A-13).
const SETTABLE: [u32; 13] = [
    LABEL,
    134,
    260,
    261,
    262,
    263,
    264,
    266,
    268,
    370,
    528,
    1_073_742_353,
    1_073_742_354,
];

fn run(cmu: &mut Cmu, io: &mut Io<'_>, args: &[&str]) -> Flow {
    let [handle, attribute, value] = args else {
        return usage(io, &SPEC);
    };
    let Some(handle) = key_calls::number_arg::<KeyHandle>(io, &SPEC, handle) else {
        return Flow::Continue;
    };
    let Some(attribute) = key_calls::number_arg::<u32>(io, &SPEC, attribute) else {
        return Flow::Continue;
    };
    let value = match (attribute, *value) {
        (a, _) if !SETTABLE.contains(&a) => return usage(io, &SPEC),
        (LABEL, label) => AttrValue::Text(label.to_owned()),
        (_, "0") => AttrValue::Byte(0),
        (_, "1") => AttrValue::Byte(1),
        _ => return usage(io, &SPEC),
    };
    if !broadcast::confirm(io) {
        return Flow::Continue;
    }
    key_calls::broadcast(cmu, io, "setAttribute", || KeyRequest::SetAttribute {
        handle,
        attribute,
        value: value.clone(),
    });
    Flow::Continue
}
