//! [`WarnBudget`]: a daemon-wide allowance for warnings that clients cause.
//!
//! A connection is closed at its first malformed frame, so one connection logs at most
//! one such warning; a flood comes from many connections. The budget is therefore shared
//! by all of them: the first [`PER_WINDOW`] warnings of each [`WINDOW`] are logged, the
//! rest are counted and reported in one summary line when the window ends (or the daemon
//! stops).

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Client-caused warnings logged per window.
pub(crate) const PER_WINDOW: u32 = 20;
/// Length of a window.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);

/// Shared by every connection of one `serve`.
pub(crate) struct WarnBudget {
    state: Mutex<State>,
}

struct State {
    started: Instant,
    logged: u32,
    suppressed: u64,
}

impl WarnBudget {
    pub(crate) fn new() -> Self {
        Self {
            state: Mutex::new(State {
                started: Instant::now(),
                logged: 0,
                suppressed: 0,
            }),
        }
    }

    /// Whether the caller may log its warning now; if not, it is counted for the summary.
    pub(crate) fn allow(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.roll_over_if_due();
        if state.logged < PER_WINDOW {
            state.logged += 1;
            return true;
        }
        state.suppressed += 1;
        if state.suppressed == 1 {
            tracing::warn!(
                "more warnings about clients this minute; counting instead of logging them"
            );
        }
        false
    }

    /// Ends the window if it is over, reporting what it suppressed; the server calls this
    /// periodically so a summary does not wait for the next bad client.
    pub(crate) fn tick(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.roll_over_if_due();
    }

    /// Reports what the current window suppressed so far (at shutdown).
    pub(crate) fn flush(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.summarise();
    }
}

impl State {
    fn roll_over_if_due(&mut self) {
        if self.started.elapsed() >= WINDOW {
            self.summarise();
            self.started = Instant::now();
            self.logged = 0;
        }
    }

    fn summarise(&mut self) {
        if self.suppressed > 0 {
            tracing::warn!(
                suppressed = self.suppressed,
                "warnings about clients suppressed"
            );
            self.suppressed = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_warnings_of_a_window_are_allowed() {
        let budget = WarnBudget::new();
        let allowed = (0..100).filter(|_| budget.allow()).count();
        assert_eq!(allowed, PER_WINDOW as usize);
        let suppressed = budget.state.lock().unwrap().suppressed;
        assert_eq!(suppressed, 100 - u64::from(PER_WINDOW));
        budget.flush();
        assert_eq!(budget.state.lock().unwrap().suppressed, 0);
    }
}
