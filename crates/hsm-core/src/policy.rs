//! Who may do what: the one place permission decisions live. Every refusal that is about
//! permission (`InvalidUserType`, `KeyAccessDenied`, `MxnAuthFailed`, …) is made here;
//! commands in `ops/` only ask.
//!
//! - [`command_allowed`]: the command gate (role), one exhaustive `match` with no
//!   catch-all arm, so a new command does not compile until someone decides who may run
//!   it (docs/cmu.md §2.4, docs/kmu.md §1.3);
//! - [`key_allowed`]: the object gate, one `match` on the action and the caller's
//!   [`Relation`] to the key (docs/kmu.md §4.1), over the key's class, flags, quorum
//!   value, owner and shares;
//! - the rules on *targets*: which user types may be logged in to, created, deleted or
//!   re-passworded, and which attributes a role may set.

use crate::error::HsmError;
use crate::objects::attributes::{TOKEN, TRUSTED};
use crate::objects::Key;
use hsm_proto::{UserId, UserType};

/// Who is asking, on one HSM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Nobody is logged in on this HSM.
    Anonymous,
    /// Logged in as this user.
    User {
        /// User ID on the HSM.
        id: UserId,
        /// Its type.
        user_type: UserType,
    },
}

/// Every HSM-side command, as the gate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    /// `loginHSM`.
    Login,
    /// `logoutHSM`.
    Logout,
    /// `changePswd` of the caller's own password.
    ChangeOwnPassword,
    /// `changePswd` of another user's password.
    ChangeOtherPassword,
    /// `createUser`.
    CreateUser,
    /// `deleteUser`.
    DeleteUser,
    /// Undo of this session's last `deleteUser` (rollBack).
    RestoreDeletedUser,
    /// `listUsers`.
    ListUsers,
    /// Login state for `info server`.
    LoginState,
    /// `getHSMInfo`.
    HsmInfo,
    /// A key command.
    Key(KeyCommand),
}

/// Every key command, as the gate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCommand {
    /// `genSymKey`, `gen*KeyPair`, `genPBEKey`.
    Generate,
    /// `findKey`.
    Find,
    /// `findSingleKey`.
    FindSingle,
    /// `deleteKey`.
    Delete,
    /// `getAttribute`.
    GetAttributes,
    /// `setAttribute` (KMU and CMU).
    SetAttribute,
    /// `getKeyInfo`.
    GetKeyInfo,
    /// CMU `shareKey`.
    Share,
    /// `exportPubKey`.
    ExportPublic,
    /// `exportPrivateKey`.
    ExportPrivate,
    /// `exSymKey`.
    ExportSymmetric,
    /// `importPubKey`.
    ImportPublic,
    /// `importPrivateKey`.
    ImportPrivate,
    /// `imSymKey`.
    ImportSymmetric,
    /// `wrapKey`.
    Wrap,
    /// `unWrapKey`.
    Unwrap,
    /// `sign`.
    Sign,
    /// `verify`.
    Verify,
    /// `aesWrapUnwrap`.
    AesWrapUnwrap,
    /// `extractMaskedObject`.
    ExtractMasked,
    /// `insertMaskedObject`.
    InsertMasked,
    /// `getCaviumPrivKey`.
    FakePem,
    /// CMU `findAllKeys`.
    FindAllKeys,
}

impl KeyCommand {
    /// Every key command, for table tests.
    pub const ALL: [KeyCommand; 23] = [
        Self::Generate,
        Self::Find,
        Self::FindSingle,
        Self::Delete,
        Self::GetAttributes,
        Self::SetAttribute,
        Self::GetKeyInfo,
        Self::Share,
        Self::ExportPublic,
        Self::ExportPrivate,
        Self::ExportSymmetric,
        Self::ImportPublic,
        Self::ImportPrivate,
        Self::ImportSymmetric,
        Self::Wrap,
        Self::Unwrap,
        Self::Sign,
        Self::Verify,
        Self::AesWrapUnwrap,
        Self::ExtractMasked,
        Self::InsertMasked,
        Self::FakePem,
        Self::FindAllKeys,
    ];
}

impl CommandKind {
    /// Every user-management kind, for table tests (key kinds: [`KeyCommand::ALL`]).
    pub const ALL: [CommandKind; 10] = [
        Self::Login,
        Self::Logout,
        Self::ChangeOwnPassword,
        Self::ChangeOtherPassword,
        Self::CreateUser,
        Self::DeleteUser,
        Self::RestoreDeletedUser,
        Self::ListUsers,
        Self::LoginState,
        Self::HsmInfo,
    ];
}

/// The command gate: may `actor` run `kind`? Refusals carry the error the HSM reports.
pub fn command_allowed(actor: Actor, kind: CommandKind) -> Result<(), HsmError> {
    use CommandKind as K;
    use UserType as T;
    match kind {
        K::ListUsers | K::LoginState | K::HsmInfo => Ok(()),
        K::Login => match actor {
            Actor::Anonymous => Ok(()),
            Actor::User { .. } => Err(HsmError::AlreadyLoggedIn),
        },
        // Every type that can hold a login may log out and change its own password
        // (an AU could, per the user guide, but CMU never lets it log in).
        K::Logout | K::ChangeOwnPassword => match actor {
            Actor::Anonymous => Err(HsmError::NotLoggedIn),
            Actor::User { .. } => Ok(()),
        },
        K::ChangeOtherPassword | K::CreateUser | K::DeleteUser | K::RestoreDeletedUser => {
            match actor {
                Actor::Anonymous => Err(HsmError::NotLoggedIn),
                Actor::User {
                    user_type: T::Co | T::Pco,
                    ..
                } => Ok(()),
                Actor::User {
                    user_type: T::Preco | T::Cu | T::Au,
                    ..
                } => Err(HsmError::InvalidUserType),
            }
        }
        K::Key(command) => key_command_allowed(actor, command),
    }
}

fn key_command_allowed(actor: Actor, command: KeyCommand) -> Result<(), HsmError> {
    use KeyCommand as C;
    use UserType as T;
    let Actor::User { user_type, .. } = actor else {
        return Err(HsmError::NotLoggedIn);
    };
    let allowed = match command {
        // Officers and the appliance user see keys (and their ownership hash) in CMU.
        C::FindAllKeys => matches!(user_type, T::Co | T::Pco | T::Au),
        // A CO may mark a key trusted (which attribute: [`attribute_change_allowed`]).
        C::SetAttribute => matches!(user_type, T::Cu | T::Co | T::Pco),
        C::Generate
        | C::Find
        | C::FindSingle
        | C::Delete
        | C::GetAttributes
        | C::GetKeyInfo
        | C::Share
        | C::ExportPublic
        | C::ExportPrivate
        | C::ExportSymmetric
        | C::ImportPublic
        | C::ImportPrivate
        | C::ImportSymmetric
        | C::Wrap
        | C::Unwrap
        | C::Sign
        | C::Verify
        | C::AesWrapUnwrap
        | C::ExtractMasked
        | C::InsertMasked
        | C::FakePem => user_type == T::Cu,
    };
    if allowed {
        Ok(())
    } else {
        Err(HsmError::InvalidUserType)
    }
}

/// Which user types `loginHSM` accepts: nobody logs in as the appliance user, whose
/// credentials the HSM keeps to itself (docs/cmu.md §2.4).
pub fn login_type_allowed(user_type: UserType) -> Result<(), HsmError> {
    match user_type {
        UserType::Preco | UserType::Co | UserType::Pco | UserType::Cu => Ok(()),
        UserType::Au => Err(HsmError::InvalidUserType),
    }
}

/// Which user types `createUser` and `deleteUser` accept as a target: PRECO and AU are
/// listed by the guide but can be neither created nor deleted (docs/cmu.md A-15).
pub fn managed_type_allowed(user_type: UserType) -> Result<(), HsmError> {
    match user_type {
        UserType::Co | UserType::Pco | UserType::Cu => Ok(()),
        UserType::Preco | UserType::Au => Err(HsmError::InvalidUserType),
    }
}

/// Whose password `changePswd` may set: one's own always; another user's only for an
/// officer or crypto user target.
pub fn password_target_allowed(own: bool, target: UserType) -> Result<(), HsmError> {
    match (own, target) {
        (true, _) => Ok(()),
        (false, UserType::Co | UserType::Pco | UserType::Cu) => Ok(()),
        (false, UserType::Preco | UserType::Au) => Err(HsmError::InvalidUserType),
    }
}

/// Which attributes a role may set: the owning crypto user any settable one but TRUSTED,
/// an officer only TRUSTED; turning a session key into a token key is the owner's alone
/// (docs/cmu.md §3.18, docs/kmu.md §2.30).
pub fn attribute_change_allowed(user_type: UserType, attribute: u32) -> Result<(), HsmError> {
    let which = match attribute {
        TOKEN => SettableAttribute::Token,
        TRUSTED => SettableAttribute::Trusted,
        _ => SettableAttribute::Other,
    };
    use SettableAttribute as A;
    match (user_type, which) {
        (UserType::Cu, A::Token | A::Other) => Ok(()),
        (UserType::Co | UserType::Pco, A::Trusted) => Ok(()),
        (UserType::Cu, A::Trusted)
        | (UserType::Co | UserType::Pco, A::Token | A::Other)
        | (UserType::Preco | UserType::Au, _) => Err(HsmError::InvalidUserType),
    }
}

/// OBJ_ATTR_TOKEN only goes from 0 to 1: a token key never becomes a session key.
pub fn token_change_allowed(to_token: bool) -> Result<(), HsmError> {
    if to_token {
        Ok(())
    } else {
        Err(HsmError::KeyAccessDenied)
    }
}

#[derive(Clone, Copy)]
enum SettableAttribute {
    Token,
    Trusted,
    Other,
}

/// How the caller relates to a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The crypto user that owns it.
    Owner,
    /// A crypto user it is shared with.
    SharedUser,
    /// Any other crypto user: it sees public keys only.
    OtherCryptoUser {
        /// Whether the key is public (and so visible to every crypto user).
        public_key: bool,
    },
    /// A crypto officer (CO, PCO; a PRECO is treated alike).
    Officer,
    /// The appliance user.
    Appliance,
}

/// How `actor` relates to `key`; an anonymous caller is treated as a stranger (the
/// command gate never lets one reach a key).
pub fn relation(actor: Actor, key: &Key) -> Relation {
    let (id, user_type) = match actor {
        Actor::User { id, user_type } => (Some(id), user_type),
        Actor::Anonymous => (None, UserType::Cu),
    };
    match user_type {
        UserType::Cu if id == Some(key.owner) => Relation::Owner,
        UserType::Cu if id.is_some_and(|id| key.shared_with.contains(&id)) => Relation::SharedUser,
        UserType::Cu => Relation::OtherCryptoUser {
            public_key: key.is_public(),
        },
        UserType::Co | UserType::Pco | UserType::Preco => Relation::Officer,
        UserType::Au => Relation::Appliance,
    }
}

/// What the caller wants to do with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// See it in a listing (`findKey`, `findAllKeys`).
    Find,
    /// Read its attributes or ownership (`getAttribute`, `getKeyInfo`, `findSingleKey`).
    ReadAttributes,
    /// Address it for use, before the use itself is checked.
    Use,
    /// Sign with it: OBJ_ATTR_SIGN, no quorum.
    Sign,
    /// Verify with it: OBJ_ATTR_VERIFY.
    Verify,
    /// Wrap other data or keys with it: OBJ_ATTR_WRAP, no quorum.
    WrapWith,
    /// Unwrap with it: OBJ_ATTR_UNWRAP, no quorum.
    UnwrapWith,
    /// Export it as a public key (`exportPubKey`): only public keys leave in clear.
    ExportPublic,
    /// Take it out of the HSM (`exSymKey`, `exportPrivateKey`): extractable, no quorum.
    Export,
    /// Wrap it out of the HSM (`wrapKey -k`): extractable, no quorum.
    Wrap,
    /// Delete it: no quorum, destroyable.
    Delete,
    /// Share or unshare it: no quorum.
    Share,
    /// Change its attributes.
    SetAttribute,
    /// Extract it as a masked object.
    Mask,
}

/// The object gate: may `actor` do `action` with `key`? A key the caller cannot see
/// reads as an invalid handle, like a key that does not exist.
pub fn key_allowed(actor: Actor, key: &Key, action: KeyAction) -> Result<(), HsmError> {
    use KeyAction as A;
    use Relation as R;
    let f = &key.flags;
    match (action, relation(actor, key)) {
        (_, R::OtherCryptoUser { public_key: false }) => Err(HsmError::InvalidHandle),
        // Officers and the AU see keys and hashes but never use them.
        (A::Find, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => Ok(()),
        (A::Find, R::Officer | R::Appliance) => Ok(()),
        (A::ReadAttributes | A::Use, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => {
            Ok(())
        }
        (A::Sign, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => {
            flag(f.sign).and(quorum_free(key))
        }
        (A::Verify, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => flag(f.verify),
        (A::WrapWith, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => {
            flag(f.wrap).and(quorum_free(key))
        }
        (A::UnwrapWith, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => {
            flag(f.unwrap).and(quorum_free(key))
        }
        (A::ExportPublic, R::Owner | R::SharedUser | R::OtherCryptoUser { .. }) => {
            flag(key.is_public())
        }
        (A::Export | A::Wrap, R::Owner) => flag(f.extractable).and(quorum_free(key)),
        (A::Delete, R::Owner) => quorum_free(key).and(flag(f.destroyable)),
        // Key quorum has no CMU token flow (docs/cmu.md A-29).
        (A::Share, R::Owner) => quorum_free(key),
        (A::SetAttribute | A::Mask, R::Owner) => Ok(()),
        // The only change an officer may make is OBJ_ATTR_TRUSTED
        // ([`attribute_change_allowed`]).
        (A::SetAttribute, R::Officer) => Ok(()),
        (
            A::ReadAttributes
            | A::Use
            | A::Sign
            | A::Verify
            | A::WrapWith
            | A::UnwrapWith
            | A::ExportPublic
            | A::Export
            | A::Wrap
            | A::Delete
            | A::Share
            | A::Mask,
            R::Officer | R::Appliance,
        )
        | (A::SetAttribute, R::Appliance)
        | (
            A::Export | A::Wrap | A::Delete | A::Share | A::SetAttribute | A::Mask,
            R::SharedUser | R::OtherCryptoUser { .. },
        ) => Err(HsmError::KeyAccessDenied),
    }
}

/// `wrapper` may wrap `target` unless the target demands a trusted wrapping key
/// (OBJ_ATTR_WRAP_WITH_TRUSTED) and the wrapper is not one.
pub fn wrap_under_allowed(target: &Key, wrapper: &Key) -> Result<(), HsmError> {
    match (target.flags.wrap_with_trusted, wrapper.flags.trusted) {
        (false, _) | (true, true) => Ok(()),
        (true, false) => Err(HsmError::KeyAccessDenied),
    }
}

/// A flag the action needs.
fn flag(set: bool) -> Result<(), HsmError> {
    if set {
        Ok(())
    } else {
        Err(HsmError::KeyAccessDenied)
    }
}

/// Keys with an m value of 2 or more need quorum approval, which no command carries yet.
fn quorum_free(key: &Key) -> Result<(), HsmError> {
    if key.m_value >= 2 {
        Err(HsmError::MxnAuthFailed)
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
