//! The one error type of [`crate::crypto`].
//!
//! Variants are chosen by what the HSM would answer, not by which library failed, so the
//! caller maps each variant to one HSM code without looking at the details.

/// Why a cryptographic operation failed. The `&'static str` says what was wrong, for logs;
/// it never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// Malformed or out-of-range input: bad DER or PEM, wrong key or IV length, a target
    /// too long for RSA-OAEP, an unknown constant.
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    /// The key does not fit the mechanism (for example an ECDSA mechanism with an RSA key,
    /// or an RSA wrapping mechanism with an AES key).
    #[error("key type does not fit the mechanism: {0}")]
    MechanismMismatch(&'static str),
    /// The request breaks the FIPS policy of AWS CloudHSM: RSA modulus outside 2048..=4096
    /// or not a multiple of 256, public exponent even or below 65537, a curve other than
    /// P-256, P-384 and secp256k1, DSA other than 2048 bits, RC4.
    #[error("violates the configured/FIPS policy: {0}")]
    PolicyViolation(&'static str),
    /// Unwrapping, AEAD opening or padding removal found the data altered (or the wrong key).
    #[error("integrity check failed: {0}")]
    IntegrityFailure(&'static str),
    /// A well-formed request for something this simulator does not implement.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// The private key file is password protected, which KMU does not support.
    #[error("encrypted private keys are not supported")]
    EncryptedKey,
    /// The operating system's random number generator failed.
    #[error("random number generator failed")]
    Rng,
}
