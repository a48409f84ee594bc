//! Wire vocabulary for keys: what key_mgmt_util and the CMU key commands send and receive.
//!
//! Numbers (key types, classes, attribute ids, mechanisms) travel as AWS's numeric
//! constants; the daemon validates them, so a tool can forward what the user typed.

use crate::{ErrorCode, SecretBytes};
use serde::{Deserialize, Serialize};

pub use crate::ids::KeyHandle;
use crate::ids::UserId;

/// Longest key label, in bytes: the label is a 128-byte field with its terminating NUL
/// (docs/kmu.md §1.6). The tools refuse longer ones; the HSM does too, so that no client
/// can store a label of any size.
pub const MAX_LABEL_LEN: usize = 127;

/// Attributes a new key gets from the command line (docs/kmu.md §1.6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTemplate {
    /// `-l`.
    pub label: String,
    /// `-id` (empty when not given).
    pub id: String,
    /// `-sess`: a session key, gone at logout.
    pub session: bool,
    /// `-nex`: not extractable.
    pub non_extractable: bool,
    /// `-u`: crypto users the key (for pairs: the private key) is shared with.
    pub share_with: Vec<UserId>,
    /// `-m_value`: approvals needed to use or manage the key (0 = none).
    pub m_value: u32,
    /// `-min_srv`: HSMs the key must reach (at least 1).
    pub min_servers: u32,
}

/// What `gen*Key*` commands ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeySpec {
    /// `genSymKey -t TYPE -s BYTES`.
    Symmetric {
        /// Key type constant (16, 18, 21, 31).
        key_type: u32,
        /// Size in bytes.
        size: u32,
    },
    /// `genRSAKeyPair -m BITS -e EXPONENT`.
    Rsa {
        /// Modulus bits.
        bits: u32,
        /// Public exponent.
        exponent: u64,
    },
    /// `genECCKeyPair -i CURVE`.
    Ec {
        /// Curve id (2, 14, 16 on AWS).
        curve_id: u32,
    },
    /// `genDSAKeyPair -m BITS`.
    Dsa {
        /// Prime bits (2048).
        bits: u32,
    },
    /// `genPBEKey` (refused by FIPS HSMs).
    Pbe,
}

/// `findKey` criteria; all given ones must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFilter {
    /// `-c`.
    pub class: Option<u32>,
    /// `-t`.
    pub key_type: Option<u32>,
    /// `-l`.
    pub label: Option<String>,
    /// `-id`.
    pub id: Option<String>,
    /// `-sess 1` (session keys only) or `-sess 0` (token keys only).
    pub session: Option<bool>,
    /// `-u`: keys every listed user can use.
    pub users: Vec<UserId>,
    /// `-m`: RSA modulus, big-endian bytes.
    pub modulus: Option<Vec<u8>>,
    /// `-kcv`: key check value.
    pub kcv: Option<Vec<u8>>,
}

/// Parameters of `wrapKey` / `unWrapKey` / `aesWrapUnwrap`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapParams {
    /// Wrapping mechanism (docs/kmu.md §1.8).
    pub mechanism: u32,
    /// Hash type for RSA mechanisms (2 = SHA-1 by default).
    pub hash: u32,
    /// Raw mechanism output only, without the KMU header.
    pub no_header: bool,
    /// `-i`: IV for the AES key-wrap mechanisms.
    pub iv: Option<Vec<u8>>,
    /// `-aad`: additional authenticated data for AES-GCM.
    pub aad: Vec<u8>,
    /// `-tag_size` in bytes for AES-GCM.
    pub tag_size: Option<u32>,
    /// `-iv_file` contents when unwrapping AES-GCM without a header.
    pub gcm_iv: Option<Vec<u8>>,
}

/// What `unWrapKey -noheader` must be told about the key inside the blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnwrapSpec {
    /// `-kc`: class (3 private, 4 secret).
    pub class: u32,
    /// `-kt`: key type.
    pub key_type: u32,
}

/// An attribute value as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttrValue {
    /// A boolean or small enumeration (class, type).
    Byte(u8),
    /// A 32-bit number (lengths, bits).
    Word(u32),
    /// A string (label, ID).
    Text(String),
    /// Raw bytes (modulus, exponent, KCV).
    Bytes(Vec<u8>),
}

/// One attribute of a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Attribute id (`OBJ_ATTR_*`).
    pub id: u32,
    /// Its value.
    pub value: AttrValue,
}

/// One HSM's result in a cluster operation (KMU's `Node id N … err state` lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeStatus {
    /// Node id: the HSM's index in its cluster.
    pub node: u32,
    /// `None` for success.
    pub error: Option<ErrorCode>,
}

/// One key in a `findAllKeys` listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedKey {
    /// Handle.
    pub handle: KeyHandle,
    /// Whether the user owns it (else it is shared with the user).
    pub owned: bool,
}

/// What a key operation returns on success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyReply {
    /// Nothing beyond success.
    Done,
    /// New keys: one handle, or public then private for a pair.
    Created(Vec<KeyHandle>),
    /// An imported private key: its handle and the length of its PKCS#8 encoding.
    Imported {
        /// New handle.
        handle: KeyHandle,
        /// `BER encoded key length is N`.
        der_len: u32,
    },
    /// Matching handles, in listing order.
    Handles(Vec<KeyHandle>),
    /// Every attribute the key has, in dump order.
    Attributes(Vec<Attribute>),
    /// Owner, sharing and quorum of a key.
    KeyInfo {
        /// Owner's user ID.
        owner: UserId,
        /// Users it is shared with, ascending.
        shared_with: Vec<UserId>,
        /// Approvals needed (0 = none).
        m_value: u32,
    },
    /// Output bytes: a PEM file, raw key bytes, a signature, a masked object.
    Bytes(SecretBytes),
    /// A wrapped key, and the HSM-generated IV for AES-GCM without header.
    Wrapped {
        /// The file contents.
        blob: Vec<u8>,
        /// IV to store in `-iv_file`.
        gcm_iv: Option<Vec<u8>>,
    },
    /// `findAllKeys`: the user's keys and the ownership hash of the HSM.
    AllKeys {
        /// Keys owned by or shared with the user.
        keys: Vec<ListedKey>,
        /// SHA-256 over all users, owners and share lists, when asked for.
        hash: Option<Vec<u8>>,
    },
}

/// The answer to a key operation: the outcome and, for operations that reach the
/// cluster, each HSM's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterReply {
    /// Success payload or the HSM's error.
    pub outcome: Result<KeyReply, ErrorCode>,
    /// Per-node statuses, ascending node id; empty for local reads.
    pub nodes: Vec<NodeStatus>,
}

/// A key command addressed to one HSM (the session's HSM for key_mgmt_util).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyRequest {
    /// `genSymKey`, `genRSAKeyPair`, `genECCKeyPair`, `genDSAKeyPair`, `genPBEKey`.
    GenerateKey {
        /// Algorithm and size.
        spec: KeySpec,
        /// Attributes from the command line.
        template: KeyTemplate,
    },
    /// `findKey`.
    FindKeys(KeyFilter),
    /// `findSingleKey`: which HSMs hold the key.
    FindSingleKey {
        /// Key handle.
        handle: KeyHandle,
    },
    /// `deleteKey`.
    DeleteKey {
        /// Key handle.
        handle: KeyHandle,
    },
    /// `getAttribute` (KMU and CMU): every attribute; the tool picks.
    GetAttributes {
        /// Key handle.
        handle: KeyHandle,
    },
    /// `setAttribute` (KMU: token 0→1; CMU: the settable attributes).
    SetAttribute {
        /// Key handle.
        handle: KeyHandle,
        /// Attribute id.
        attribute: u32,
        /// New value.
        value: AttrValue,
    },
    /// `getKeyInfo`.
    GetKeyInfo {
        /// Key handle.
        handle: KeyHandle,
    },
    /// CMU `shareKey`.
    ShareKey {
        /// Key handle.
        handle: KeyHandle,
        /// Users to add or remove.
        users: Vec<UserId>,
        /// `true` to share, `false` to unshare.
        share: bool,
    },
    /// `exportPubKey`: the PEM text.
    ExportPublicKey {
        /// Public key handle.
        handle: KeyHandle,
    },
    /// `exportPrivateKey`: PKCS#8 PEM, after wrapping inside the HSM.
    ExportPrivateKey {
        /// Private key handle.
        handle: KeyHandle,
        /// AES wrapping key handle.
        wrapping: KeyHandle,
        /// `-wk` file: the wrapping key's bytes, to unwrap on the host.
        host_key: Option<SecretBytes>,
    },
    /// `exSymKey`: raw key bytes.
    ExportSymKey {
        /// Secret key handle.
        handle: KeyHandle,
        /// AES wrapping key handle.
        wrapping: KeyHandle,
        /// `-wk` file contents.
        host_key: Option<SecretBytes>,
    },
    /// `importPubKey`.
    ImportPublicKey {
        /// PEM text.
        pem: String,
        /// Attributes.
        template: KeyTemplate,
    },
    /// `importPrivateKey`.
    ImportPrivateKey {
        /// PEM file contents.
        pem: SecretBytes,
        /// AES wrapping key handle.
        wrapping: KeyHandle,
        /// `-wk` file contents.
        host_key: Option<SecretBytes>,
        /// Attributes.
        template: KeyTemplate,
    },
    /// `imSymKey`.
    ImportSymKey {
        /// Raw key bytes.
        material: SecretBytes,
        /// Key type constant.
        key_type: u32,
        /// AES wrapping key handle.
        wrapping: KeyHandle,
        /// `-wk` file contents.
        host_key: Option<SecretBytes>,
        /// Attributes.
        template: KeyTemplate,
    },
    /// `wrapKey`.
    WrapKey {
        /// Key to wrap.
        handle: KeyHandle,
        /// Wrapping key.
        wrapping: KeyHandle,
        /// Mechanism and its parameters.
        params: WrapParams,
    },
    /// `unWrapKey`.
    UnwrapKey {
        /// Wrapped file contents.
        blob: Vec<u8>,
        /// Unwrapping key.
        wrapping: KeyHandle,
        /// Mechanism and its parameters.
        params: WrapParams,
        /// Class and type, required with `-noheader`.
        no_header: Option<UnwrapSpec>,
        /// Attributes (label and ID apply with `-noheader`).
        template: KeyTemplate,
    },
    /// `sign`.
    Sign {
        /// Private key handle.
        handle: KeyHandle,
        /// Signing mechanism.
        mechanism: u32,
        /// Message.
        data: Vec<u8>,
    },
    /// `verify`.
    Verify {
        /// Public key handle.
        handle: KeyHandle,
        /// Signing mechanism.
        mechanism: u32,
        /// Message.
        data: Vec<u8>,
        /// Signature.
        signature: Vec<u8>,
    },
    /// `aesWrapUnwrap`.
    AesWrapUnwrap {
        /// AES key handle.
        handle: KeyHandle,
        /// `true` to wrap, `false` to unwrap.
        wrap: bool,
        /// Input file contents.
        data: SecretBytes,
        /// IV (default A6A6A6A6A6A6A6A6).
        iv: Option<Vec<u8>>,
    },
    /// `extractMaskedObject`.
    ExtractMaskedObject {
        /// Key handle.
        handle: KeyHandle,
    },
    /// `insertMaskedObject`.
    InsertMaskedObject {
        /// Masked object file contents.
        blob: Vec<u8>,
        /// `-min_srv`.
        min_servers: u32,
    },
    /// `getCaviumPrivKey`: the fake PEM for a private key.
    FakePem {
        /// Private key handle.
        handle: KeyHandle,
    },
    /// CMU `findAllKeys`.
    FindAllKeys {
        /// Whose keys.
        user_id: UserId,
        /// Also compute the ownership hash.
        hash: bool,
    },
}
