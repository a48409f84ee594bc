//! Real cryptography for the simulated HSMs (RustCrypto, pure Rust, no IO).
//!
//! Everything here is a pure function over bytes: keys travel as DER (PKCS#8 for private
//! keys, SubjectPublicKeyInfo for public keys, raw bytes for secret keys), so the key store
//! never holds library types. Secrets are returned in [`zeroize::Zeroizing`] buffers and no
//! `Debug` output here prints key material.
//!
//! Submodules, each holding one kind of thing:
//! - [`types`] and [`mechanisms`]: AWS's numeric constants (key types and curves;
//!   signing and wrapping mechanisms and hashes);
//! - [`error`]: [`CryptoError`], shaped so the caller can map it to an HSM code;
//! - [`random`]: random bytes and symmetric key generation (DES3 parity);
//! - [`keys`]: key kind detection, public key from private key, [`KeyPairDer`];
//! - [`rsa_keys`], [`ec_keys`], [`dsa_keys`]: generation and attribute facts per algorithm;
//! - [`kcv`]: key check values (docs/kmu.md §2.36);
//! - [`sign`]: sign and verify with the `sign`/`verify` mechanisms;
//! - [`wrap`]: wrap and unwrap with the `wrapKey`/`unWrapKey` mechanisms, built on
//!   [`aes_wrap`] (RFC 3394 with any IV, RFC 5649), [`gcm`] and [`rsa_wrap`];
//! - [`pem`]: private and public key PEM files;
//! - [`masked`]: AES-256-GCM sealing of masked objects with a cluster key;
//! - [`fake_pem`]: `getCaviumPrivKey` fake PEM files and their detection.

mod digest_alg;

pub mod aes_wrap;
pub mod dsa_keys;
pub mod ec_keys;
pub mod error;
pub mod fake_pem;
pub mod gcm;
pub mod kcv;
pub mod key_kind;
pub mod masked;
pub mod material;
pub mod mechanisms;
pub mod pem;
pub mod random;
pub mod rsa_keys;
pub mod rsa_wrap;
pub mod sign;
pub mod types;
pub mod wrap;

pub use error::CryptoError;
pub use key_kind::{AsymmetricKind, KeyPairDer};
pub use mechanisms::{HashType, SignMechanism, SignScheme, WrapMechanism};
pub use types::{Curve, KeyType};

/// Result of every fallible function in this module.
pub type CryptoResult<T> = Result<T, CryptoError>;
