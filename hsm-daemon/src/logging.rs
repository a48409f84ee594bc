//! The daemon's `tracing` subscriber.
//!
//! `RUST_LOG` chooses what is logged, except that other crates' events above `debug` are
//! dropped whatever it says: sled's `trace` events print the batches it writes, key
//! material included. `CLOUDHSM_SIM_UNSAFE_TRACE=1` lifts that cap for debugging sled.

use std::io::IsTerminal;
use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Setting this variable to `1` lets other crates' `trace` events through.
const UNSAFE_TRACE_VARIABLE: &str = "CLOUDHSM_SIM_UNSAFE_TRACE";

/// Crates whose events are logged at any level: ours, which never log secrets.
const OWN_TARGETS: [&str; 6] = [
    "hsm_daemon",
    "hsm_core",
    "hsm_storage",
    "hsm_proto",
    "hsm_client",
    "cloudhsm_sim",
];

/// Logs to stderr (coloured on a terminal) at `RUST_LOG`'s levels, `info` by default.
pub(crate) fn init() {
    let unsafe_trace = std::env::var_os(UNSAFE_TRACE_VARIABLE).is_some_and(|v| v == "1");
    let requested = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let capped = filter_fn(move |meta| unsafe_trace || may_log(meta));
    let output = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_filter(capped)
        .with_filter(requested);
    // Also routes the `log` records of sled and others through the filters above.
    let _ = tracing_subscriber::registry().with(output).try_init();
}

fn may_log(meta: &Metadata<'_>) -> bool {
    *meta.level() <= Level::DEBUG || is_own(meta.target())
}

fn is_own(target: &str) -> bool {
    OWN_TARGETS.iter().any(|own| {
        target
            .strip_prefix(own)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_crates_are_traced() {
        assert!(is_own("hsm_daemon"));
        assert!(is_own("hsm_daemon::connection"));
        assert!(is_own("hsm_storage::sled_store"));
        assert!(!is_own("sled"));
        assert!(!is_own("sled::pagecache"));
        assert!(!is_own("hsm_daemonic"));
    }
}
