//! [`AcceptBackoff`]: what the accept loop does when `accept` fails.
//!
//! Out of descriptors (EMFILE, ENFILE), `accept` fails at once for as long as a
//! connection waits in the backlog, so retrying straight away spins a core and floods the
//! log. Instead the loop sleeps, doubling the pause up to [`MAX_PAUSE`], and logs one line
//! when an episode of failures starts and one when accepting works again; episodes that
//! start within [`QUIET`] of a logged one are counted, and the count goes with the next
//! logged one. While silent
//! connections are being closed to make room (`ungreeted`), the pause stays short: room is
//! on its way.

use std::io;
use std::time::{Duration, Instant};

/// First pause after a failed `accept`.
pub(crate) const FIRST_PAUSE: Duration = Duration::from_millis(10);
/// Longest pause: short enough that a freed descriptor is used within a second.
pub(crate) const MAX_PAUSE: Duration = Duration::from_secs(1);

/// Episodes that start within this long of an announced one are counted, not logged: a
/// flood of silent connections makes episodes short and frequent.
pub(crate) const QUIET: Duration = Duration::from_secs(60);

/// The state of the current episode of `accept` failures, and of the quiet ones before it.
#[derive(Debug, Default)]
pub(crate) struct AcceptBackoff {
    failures: u64,
    evicted: u64,
    pause: Duration,
    /// Whether the current episode's start was logged (so its end is logged too).
    announced: bool,
    last_announced: Option<Instant>,
    /// Episodes since the last announced one that were not logged, and their failures.
    quiet_episodes: u64,
    quiet_failures: u64,
}

impl AcceptBackoff {
    /// Records a failure, after which `evicted` silent connections were told to close,
    /// and returns how long to pause before the next `accept`.
    pub(crate) fn failed(&mut self, error: &io::Error, evicted: usize) -> Duration {
        self.evicted += evicted as u64;
        if self.failures == 0 {
            self.start_episode(error);
            self.pause = FIRST_PAUSE;
        } else if evicted > 0 {
            self.pause = FIRST_PAUSE;
        } else {
            self.pause = (self.pause * 2).min(MAX_PAUSE);
        }
        self.failures += 1;
        self.pause
    }

    /// Records a success, closing the episode if one was open.
    pub(crate) fn succeeded(&mut self) {
        if self.failures == 0 {
            return;
        }
        if self.announced {
            tracing::info!(
                failures = self.failures,
                closed_without_hello = self.evicted,
                "accepting connections again"
            );
        } else {
            self.quiet_episodes += 1;
            self.quiet_failures += self.failures;
        }
        self.failures = 0;
        self.evicted = 0;
    }

    fn start_episode(&mut self, error: &io::Error) {
        self.announced = self.last_announced.is_none_or(|t| t.elapsed() >= QUIET);
        if self.announced {
            tracing::warn!(
                %error,
                earlier_unlogged_episodes = self.quiet_episodes,
                their_failures = self.quiet_failures,
                "accept failed; pausing between retries until it works again"
            );
            self.last_announced = Some(Instant::now());
            self.quiet_episodes = 0;
            self.quiet_failures = 0;
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
        let pauses: Vec<_> = (0..10).map(|_| backoff.failed(&error, 0)).collect();
        assert_eq!(pauses[0], FIRST_PAUSE);
        assert_eq!(pauses[1], FIRST_PAUSE * 2);
        assert_eq!(pauses[9], MAX_PAUSE);
        assert_eq!(backoff.failed(&error, 3), FIRST_PAUSE, "room is being made");
        backoff.succeeded();
        assert_eq!(backoff.failed(&error, 0), FIRST_PAUSE);
    }

    #[test]
    fn episodes_soon_after_an_announced_one_are_only_counted() {
        let error = io::Error::from_raw_os_error(24);
        let mut backoff = AcceptBackoff::default();
        backoff.failed(&error, 0);
        assert!(backoff.announced);
        backoff.succeeded();
        for _ in 0..5 {
            backoff.failed(&error, 1);
            assert!(!backoff.announced);
            backoff.succeeded();
        }
        assert_eq!((backoff.quiet_episodes, backoff.quiet_failures), (5, 5));
    }
}
