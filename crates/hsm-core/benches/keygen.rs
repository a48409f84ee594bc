//! Key generation timings: RSA-2048, RSA-3072, RSA-4096 and DSA-2048 (256-bit q), through
//! the same functions the HSM model calls. Run with `cargo bench -p hsm-core --bench keygen`.
//!
//! Generation time is random (the prime search), and one RSA-4096 key takes seconds, so
//! each size gets criterion's smallest sample (ten runs) in flat sampling mode: every
//! sample is one generation, rather than a growing batch of them.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use hsm_core::crypto::{dsa_keys, rsa_keys};
use std::time::Duration;

/// The public exponent every RSA key here gets (F4, KMU's usual `-e 65537`).
const RSA_EXPONENT: u64 = 65537;

fn keygen(c: &mut Criterion) {
    let mut group = c.benchmark_group("keygen");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    for bits in [2048, 3072, 4096] {
        group.bench_with_input(BenchmarkId::new("rsa", bits), &bits, |b, &bits| {
            b.iter(|| rsa_keys::generate_rsa(bits, RSA_EXPONENT).expect("RSA key generation"));
        });
    }
    group.bench_function(BenchmarkId::new("dsa", 2048), |b| {
        b.iter(|| dsa_keys::generate_dsa(2048).expect("DSA key generation"));
    });
    group.finish();
}

criterion_group!(benches, keygen);
criterion_main!(benches);
