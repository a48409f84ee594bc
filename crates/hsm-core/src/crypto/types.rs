//! AWS's numeric constants for keys (docs/kmu.md §1.8): key types and curve ids. Each enum
//! converts from and to the number KMU uses, so the numbers appear in exactly one place.
//! Mechanism and hash numbers are in [`super::mechanisms`].

/// `OBJ_ATTR_KEY_TYPE` values (PKCS#11 CKK numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum KeyType {
    /// RSA (0).
    Rsa,
    /// DSA (1).
    Dsa,
    /// Elliptic curve, ECDSA (3).
    Ec,
    /// Generic secret, used for HMAC (16).
    GenericSecret,
    /// RC4 (18); not allowed on FIPS-mode HSMs.
    Rc4,
    /// Triple DES (21).
    Des3,
    /// AES (31).
    Aes,
}

impl KeyType {
    /// The type for an AWS number, or `None` for numbers KMU does not accept.
    pub fn from_value(value: u32) -> Option<Self> {
        Some(match value {
            0 => Self::Rsa,
            1 => Self::Dsa,
            3 => Self::Ec,
            16 => Self::GenericSecret,
            18 => Self::Rc4,
            21 => Self::Des3,
            31 => Self::Aes,
            _ => return None,
        })
    }

    /// The AWS number of this type.
    pub fn value(self) -> u32 {
        match self {
            Self::Rsa => 0,
            Self::Dsa => 1,
            Self::Ec => 3,
            Self::GenericSecret => 16,
            Self::Rc4 => 18,
            Self::Des3 => 21,
            Self::Aes => 31,
        }
    }

    /// Whether keys of this type come in public/private pairs.
    pub fn is_asymmetric(self) -> bool {
        matches!(self, Self::Rsa | Self::Dsa | Self::Ec)
    }
}

/// The elliptic curves an AWS FIPS HSM accepts (`genECCKeyPair -i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Curve {
    /// NIST P-256 (`NID_X9_62_prime256v1`), id 2.
    P256,
    /// NIST P-384 (`NID_secp384r1`), id 14.
    P384,
    /// `NID_secp256k1`, id 16.
    Secp256k1,
}

impl Curve {
    /// The curve for a KMU curve id. Ids 1..=16 other than 2, 14 and 16 name real curves
    /// that AWS rejects by policy, so they give `None` here too; the caller tells the two
    /// cases apart with [`Curve::is_known_id`].
    pub fn from_id(id: u32) -> Option<Self> {
        match id {
            2 => Some(Self::P256),
            14 => Some(Self::P384),
            16 => Some(Self::Secp256k1),
            _ => None,
        }
    }

    /// Whether `id` is on KMU's curve list (1..=16), supported or not.
    pub fn is_known_id(id: u32) -> bool {
        (1..=16).contains(&id)
    }

    /// The KMU curve id.
    pub fn id(self) -> u32 {
        match self {
            Self::P256 => 2,
            Self::P384 => 14,
            Self::Secp256k1 => 16,
        }
    }

    /// The OpenSSL NID, which CloudHSM stores in `OBJ_ATTR_MODULUS_BITS` for EC keys.
    pub fn nid(self) -> u32 {
        match self {
            Self::P256 => 415,
            Self::P384 => 715,
            Self::Secp256k1 => 714,
        }
    }

    /// OpenSSL's short name of the curve (as `openssl ecparam -name` takes it).
    pub fn openssl_name(self) -> &'static str {
        match self {
            Self::P256 => "prime256v1",
            Self::P384 => "secp384r1",
            Self::Secp256k1 => "secp256k1",
        }
    }

    /// Bytes in one coordinate (and in the private scalar).
    pub fn field_len(self) -> usize {
        match self {
            Self::P256 | Self::Secp256k1 => 32,
            Self::P384 => 48,
        }
    }

    /// Length of the uncompressed public point `04‖X‖Y` (65 or 97).
    pub fn point_len(self) -> usize {
        1 + 2 * self.field_len()
    }

    /// The named-curve object identifier.
    pub(crate) fn oid(self) -> spki::ObjectIdentifier {
        use elliptic_curve::pkcs8::AssociatedOid;
        match self {
            Self::P256 => p256::NistP256::OID,
            Self::P384 => p384::NistP384::OID,
            Self::Secp256k1 => k256::Secp256k1::OID,
        }
    }

    /// The curve named by an object identifier, if it is one of ours.
    pub(crate) fn from_oid(oid: spki::ObjectIdentifier) -> Option<Self> {
        [Self::P256, Self::P384, Self::Secp256k1]
            .into_iter()
            .find(|c| c.oid() == oid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_type_numbers_round_trip() {
        for v in 0..64 {
            if let Some(t) = KeyType::from_value(v) {
                assert_eq!(t.value(), v);
            }
        }
        assert_eq!(KeyType::from_value(31), Some(KeyType::Aes));
        assert_eq!(KeyType::from_value(21), Some(KeyType::Des3));
        assert_eq!(KeyType::from_value(19), None, "single DES is not accepted");
        assert!(KeyType::Ec.is_asymmetric() && !KeyType::Aes.is_asymmetric());
    }

    #[test]
    fn curves_ids_and_nids() {
        let table = [
            (2, 415, Curve::P256),
            (14, 715, Curve::P384),
            (16, 714, Curve::Secp256k1),
        ];
        for (id, nid, curve) in table {
            assert_eq!(Curve::from_id(id), Some(curve));
            assert_eq!(curve.id(), id);
            assert_eq!(curve.nid(), nid);
            assert_eq!(Curve::from_oid(curve.oid()), Some(curve));
        }
        assert_eq!(Curve::from_id(1), None);
        assert!(Curve::is_known_id(1) && !Curve::is_known_id(17) && !Curve::is_known_id(0));
        assert_eq!(Curve::P384.point_len(), 97);
    }
}
