//! Key generation timings (ignored by default; run with
//! `cargo test -p hsm-core --test crypto_timing -- --ignored --nocapture`).
//!
//! Generation time is random (prime search), so each size is timed several times.

use std::time::{Duration, Instant};

use hsm_core::crypto::{dsa_keys, rsa_keys};

/// Times of each size.
const RUNS: u32 = 5;

fn report(label: &str, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let total: Duration = times.iter().sum();
    println!(
        "{label}: min {:?}  median {:?}  max {:?}  mean {:?}  ({RUNS} runs)",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        total / RUNS
    );
}

#[test]
#[ignore = "slow; a measurement, not a check"]
fn keygen_timings() {
    for bits in [2048, 3072, 4096] {
        report(&format!("RSA-{bits}"), || {
            rsa_keys::generate_rsa(bits, 65537).unwrap();
        });
    }
    report("DSA-2048/256", || {
        dsa_keys::generate_dsa(2048).unwrap();
    });
}
