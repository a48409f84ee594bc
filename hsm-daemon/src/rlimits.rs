//! Process resource limits set at start-up: no core dumps (a dump would hold keys and
//! passwords in plaintext), and as many descriptors as the hard limit allows (the soft
//! limit is often 1,024, too close to the 900 connections AWS allows a cluster).

use nix::sys::resource::{getrlimit, setrlimit, Resource};

/// Forbids core dumps. Lowering a limit always succeeds, so a failure is worth stopping for.
pub(crate) fn forbid_core_dumps() -> nix::Result<()> {
    setrlimit(Resource::RLIMIT_CORE, 0, 0)
}

/// Raises the soft descriptor limit to the hard limit and returns the limit in force.
/// A refusal (an unlimited hard limit above the kernel's `nr_open`) keeps the old limit.
pub(crate) fn raise_descriptor_limit() -> nix::Result<u64> {
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return Ok(hard);
    }
    Ok(soft)
}
