//! Argon2's working memory, bounded and reused.
//!
//! Each argon2id hash at the standard cost works in 19 MiB. Allocated per hash on whichever
//! blocking thread runs it, that memory ends up in the allocator's per-thread arenas and is
//! not given back: a burst of logins left the daemon hundreds of MiB larger for good. Here at
//! most one hash per core runs at a time (more could not run faster anyway), each in a block
//! buffer that is kept and reused, so the memory hashing can ever hold is one buffer per core.

use argon2::Block;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};

/// The buffers and how many hashes are running.
struct Pool {
    /// Buffers not in use, each as large as the largest hash it has served.
    free: Mutex<Vec<Vec<Block>>>,
    running: Mutex<usize>,
    turn: Condvar,
    limit: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        free: Mutex::new(Vec::new()),
        running: Mutex::new(0),
        turn: Condvar::new(),
        limit: std::thread::available_parallelism().map_or(1, usize::from),
    })
}

/// Runs `hash` with `count` blocks of working memory, waiting for a free turn first.
pub(crate) fn with_blocks<R>(count: usize, hash: impl FnOnce(&mut [Block]) -> R) -> R {
    let pool = pool();
    {
        // A panic elsewhere cannot corrupt a counter; carry on with its value.
        let mut running = pool.running.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= pool.limit {
            running = pool
                .turn
                .wait(running)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
    }
    let mut blocks = pool
        .free
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop()
        .unwrap_or_default();
    if blocks.len() < count {
        blocks.resize(count, Block::default());
    }
    let result = hash(&mut blocks[..count]);
    // The blocks were derived from a password: wipe them before they wait for reuse.
    blocks[..count].fill(Block::default());
    pool.free
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(blocks);
    *pool.running.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
    pool.turn.notify_one();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn no_more_hashes_run_at_once_than_there_are_cores() {
        let inside = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..4 * pool().limit + 2)
            .map(|_| {
                let (inside, peak) = (Arc::clone(&inside), Arc::clone(&peak));
                std::thread::spawn(move || {
                    with_blocks(8, |blocks| {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        assert_eq!(blocks.len(), 8);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        inside.fetch_sub(1, Ordering::SeqCst);
                    });
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(peak.load(Ordering::SeqCst) <= pool().limit);
        assert!(pool().free.lock().unwrap().len() <= pool().limit);
    }
}
