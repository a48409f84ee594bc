//! Maps [`HashType`] to a concrete digest type, so generic library functions can be called
//! with a hash chosen at run time.

use super::HashType;

/// Runs `$body` with `$d` bound to the digest type of `$hash`. Each arm is monomorphic,
/// which keeps the generic library calls (`pss_sign::<D>`, `oaep_encrypt::<D>`) simple.
macro_rules! with_digest {
    ($hash:expr, $d:ident => $body:expr) => {
        match $hash {
            $crate::crypto::HashType::Sha1 => {
                type $d = sha1::Sha1;
                $body
            }
            $crate::crypto::HashType::Sha224 => {
                type $d = sha2::Sha224;
                $body
            }
            $crate::crypto::HashType::Sha256 => {
                type $d = sha2::Sha256;
                $body
            }
            $crate::crypto::HashType::Sha384 => {
                type $d = sha2::Sha384;
                $body
            }
            $crate::crypto::HashType::Sha512 => {
                type $d = sha2::Sha512;
                $body
            }
        }
    };
}
pub(crate) use with_digest;

/// The digest of `data` with `hash`.
pub(crate) fn digest(hash: HashType, data: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    with_digest!(hash, D => D::digest(data).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_the_hash_type() {
        for h in [
            HashType::Sha1,
            HashType::Sha224,
            HashType::Sha256,
            HashType::Sha384,
            HashType::Sha512,
        ] {
            assert_eq!(digest(h, b"abc").len(), h.output_len());
        }
        // FIPS 180 "abc" vector, to be sure SHA-1 is SHA-1.
        assert_eq!(
            digest(HashType::Sha1, b"abc")[..4],
            [0xa9, 0x99, 0x3e, 0x36]
        );
    }
}
