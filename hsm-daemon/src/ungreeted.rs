//! [`Ungreeted`]: the connections that have not completed their `Hello`, oldest first.
//!
//! Out of descriptors, the daemon cannot accept a client that would greet at once while
//! connections that never greet hold every descriptor until their Hello deadline. So when
//! `accept` fails for want of descriptors, the oldest ungreeted connections are closed to
//! make room. Every real client sends its Hello as it connects, so only connections that
//! have been silent for a while are chosen.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Connections closed per failed `accept`.
pub(crate) const EVICT_BATCH: usize = 32;
/// Only connections at least this old without a Hello are closed.
pub(crate) const MIN_SILENCE: Duration = Duration::from_millis(100);

/// Shared by the accept loop (which evicts) and the connections (which register).
#[derive(Default)]
pub(crate) struct Ungreeted {
    next: AtomicU64,
    entries: Mutex<BTreeMap<u64, (Instant, Arc<Notify>)>>,
}

/// A connection's place in the registry until it greets; leaves it when dropped.
pub(crate) struct Ticket {
    registry: Arc<Ungreeted>,
    id: u64,
    /// Signalled when the connection is chosen for closing.
    pub(crate) evicted: Arc<Notify>,
}

impl Ungreeted {
    /// Registers a connection just accepted.
    pub(crate) fn register(self: &Arc<Self>) -> Ticket {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let evicted = Arc::new(Notify::new());
        lock(&self.entries).insert(id, (Instant::now(), Arc::clone(&evicted)));
        Ticket {
            registry: Arc::clone(self),
            id,
            evicted,
        }
    }

    /// Signals up to `max` of the oldest connections silent for at least
    /// [`MIN_SILENCE`] to close, and returns how many.
    pub(crate) fn evict_oldest(&self, max: usize) -> usize {
        self.evict_oldest_at(Instant::now(), max)
    }

    /// [`evict_oldest`](Self::evict_oldest) as of `now`.
    fn evict_oldest_at(&self, now: Instant, max: usize) -> usize {
        let mut entries = lock(&self.entries);
        let chosen: Vec<u64> = entries
            .iter()
            .take_while(|(_, (since, _))| now.saturating_duration_since(*since) >= MIN_SILENCE)
            .take(max)
            .map(|(id, _)| *id)
            .collect();
        for id in &chosen {
            if let Some((_, evicted)) = entries.remove(id) {
                // Stores a permit if the connection is not waiting right now.
                evicted.notify_one();
            }
        }
        chosen.len()
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        lock(&self.registry.entries).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_oldest_silent_connections_are_evicted() {
        let registry = Arc::new(Ungreeted::default());
        let old: Vec<Ticket> = (0..3).map(|_| registry.register()).collect();
        std::thread::sleep(MIN_SILENCE);
        // Judged as of this moment, so a slow machine cannot age the young one.
        let now = Instant::now();
        let greeted = registry.register();
        drop(greeted);
        let _young = registry.register();
        assert_eq!(registry.evict_oldest_at(now, 2), 2);
        assert_eq!(registry.evict_oldest_at(now, 10), 1);
        assert_eq!(registry.evict_oldest_at(now, 10), 0, "the young one stays");
        drop(old);
        assert_eq!(lock(&registry.entries).len(), 1);
    }
}
