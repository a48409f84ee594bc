//! Real cryptography for the simulated HSMs (RustCrypto, pure Rust, no IO).
