//! [`AcceptBackoff`]: what the accept loop does when `accept` fails.
//!
//! Out of descriptors (EMFILE, ENFILE), `accept` fails at once for as long as a
//! connection waits in the backlog, so retrying straight away spins a core and floods the
//! log. Instead the loop sleeps, doubling the pause up to [`MAX_PAUSE`], and logs one line
//! when an episode of failures starts and one when accepting works again.

use std::io;
use std::time::Duration;

/// First pause after a failed `accept`.
pub(crate) const FIRST_PAUSE: Duration = Duration::from_millis(10);
/// Longest pause: short enough that a freed descriptor is used within a second.
pub(crate) const MAX_PAUSE: Duration = Duration::from_secs(1);

/// The state of one episode of `accept` failures.
#[derive(Debug, Default)]
pub(crate) struct AcceptBackoff {
    failures: u64,
    pause: Duration,
}

impl AcceptBackoff {
    /// Records a failure and returns how long to pause before the next `accept`.
    pub(crate) fn failed(&mut self, error: &io::Error) -> Duration {
        if self.failures == 0 {
            tracing::warn!(%error, "accept failed; pausing between retries until it works again");
            self.pause = FIRST_PAUSE;
        } else {
            self.pause = (self.pause * 2).min(MAX_PAUSE);
        }
        self.failures += 1;
        self.pause
    }

    /// Records a success, closing the episode if one was open.
    pub(crate) fn succeeded(&mut self) {
        if self.failures > 0 {
            tracing::info!(failures = self.failures, "accepting connections again");
            *self = Self::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_up_to_its_ceiling_and_resets_after_a_success() {
        let error = io::Error::from_raw_os_error(24);
        let mut backoff = AcceptBackoff::default();
        let pauses: Vec<_> = (0..10).map(|_| backoff.failed(&error)).collect();
        assert_eq!(pauses[0], FIRST_PAUSE);
        assert_eq!(pauses[1], FIRST_PAUSE * 2);
        assert_eq!(pauses[9], MAX_PAUSE);
        backoff.succeeded();
        assert_eq!(backoff.failed(&error), FIRST_PAUSE);
    }
}
