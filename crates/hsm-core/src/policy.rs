//! Who may do what: the one place permission decisions live.
//!
//! Two gates:
//! 1. [`command_allowed`] (role): an exhaustive `match` with no catch-all arm, so a new
//!    command does not compile until someone decides who may run it (cmu.md §2.4,
//!    kmu.md §1.3).
//! 2. [`key_allowed`] (object): what the owner, a user the key is shared with, another
//!    crypto user, an officer and the appliance user may do with a key (kmu.md §4.1).

use crate::error::HsmError;
use hsm_proto::UserType;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Nobody is logged in on this HSM.
    Anonymous,
    /// Logged in as a user of this type.
    User(UserType),
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
            Actor::User(_) => Err(HsmError::AlreadyLoggedIn),
        },
        // Every type that can hold a login may log out and change its own password
        // (an AU could, per cli-users.md, but CMU never lets it log in).
        K::Logout | K::ChangeOwnPassword => match actor {
            Actor::Anonymous => Err(HsmError::NotLoggedIn),
            Actor::User(T::Preco | T::Co | T::Pco | T::Cu | T::Au) => Ok(()),
        },
        K::ChangeOtherPassword | K::CreateUser | K::DeleteUser | K::RestoreDeletedUser => {
            match actor {
                Actor::Anonymous => Err(HsmError::NotLoggedIn),
                Actor::User(T::Co | T::Pco) => Ok(()),
                Actor::User(T::Preco | T::Cu | T::Au) => Err(HsmError::InvalidUserType),
            }
        }
        K::Key(command) => key_command_allowed(actor, command),
    }
}

fn key_command_allowed(actor: Actor, command: KeyCommand) -> Result<(), HsmError> {
    use KeyCommand as C;
    use UserType as T;
    let Actor::User(user_type) = actor else {
        return Err(HsmError::NotLoggedIn);
    };
    let allowed = match command {
        // Officers and the appliance user see keys (and their ownership hash) in CMU.
        C::FindAllKeys => matches!(user_type, T::Co | T::Pco | T::Au),
        // A CO may mark a key trusted (the attribute itself is checked by the command).
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

/// How the caller relates to a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The crypto user that owns it.
    Owner,
    /// A crypto user it is shared with.
    SharedUser,
    /// Any other crypto user.
    OtherCryptoUser,
    /// A crypto officer (CO, PCO; a PRECO is treated alike).
    Officer,
    /// The appliance user.
    Appliance,
}

/// What the caller wants to do with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// See it in a listing (`findKey`, `findAllKeys`).
    Find,
    /// Read its attributes or ownership (`getAttribute`, `getKeyInfo`, `findSingleKey`).
    ReadAttributes,
    /// Use it: sign, verify, wrap or unwrap other keys with it, export a public key.
    Use,
    /// Export it in plaintext (`exSymKey`, `exportPrivateKey`).
    Export,
    /// Wrap it out of the HSM (`wrapKey -k`).
    Wrap,
    /// Delete it.
    Delete,
    /// Share or unshare it.
    Share,
    /// Change its attributes.
    SetAttribute,
    /// Extract it as a masked object.
    Mask,
}

/// The object gate. A key the caller cannot see reads as an invalid handle.
pub fn key_allowed(relation: Relation, public: bool, action: KeyAction) -> Result<(), HsmError> {
    use KeyAction as A;
    use Relation as R;
    match action {
        A::Find | A::ReadAttributes | A::Use => match relation {
            R::Owner | R::SharedUser => Ok(()),
            R::OtherCryptoUser if public => Ok(()),
            R::OtherCryptoUser => Err(HsmError::InvalidHandle),
            // Officers and the AU see keys and hashes but never use them.
            R::Officer | R::Appliance if action == A::Find => Ok(()),
            R::Officer | R::Appliance => Err(HsmError::KeyAccessDenied),
        },
        A::Export | A::Wrap | A::Delete | A::Share | A::SetAttribute | A::Mask => match relation {
            R::Owner => Ok(()),
            R::OtherCryptoUser if !public => Err(HsmError::InvalidHandle),
            // The only change an officer may make is OBJ_ATTR_TRUSTED, checked by the
            // command.
            R::Officer if action == A::SetAttribute => Ok(()),
            R::SharedUser | R::OtherCryptoUser | R::Officer | R::Appliance => {
                Err(HsmError::KeyAccessDenied)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsm_proto::ErrorCode;

    const ACTORS: [Actor; 6] = [
        Actor::Anonymous,
        Actor::User(UserType::Preco),
        Actor::User(UserType::Co),
        Actor::User(UserType::Pco),
        Actor::User(UserType::Cu),
        Actor::User(UserType::Au),
    ];

    /// cmu.md §2.4, one row per command; columns: not logged in, PRECO, CO, PCO, CU, AU.
    /// `Y` = allowed, `L` = not logged in, `T` = invalid user type, `A` = already logged in.
    const TABLE: [(CommandKind, [char; 6]); 10] = [
        (CommandKind::Login, ['Y', 'A', 'A', 'A', 'A', 'A']),
        (CommandKind::Logout, ['L', 'Y', 'Y', 'Y', 'Y', 'Y']),
        (
            CommandKind::ChangeOwnPassword,
            ['L', 'Y', 'Y', 'Y', 'Y', 'Y'],
        ),
        (
            CommandKind::ChangeOtherPassword,
            ['L', 'T', 'Y', 'Y', 'T', 'T'],
        ),
        (CommandKind::CreateUser, ['L', 'T', 'Y', 'Y', 'T', 'T']),
        (CommandKind::DeleteUser, ['L', 'T', 'Y', 'Y', 'T', 'T']),
        (
            CommandKind::RestoreDeletedUser,
            ['L', 'T', 'Y', 'Y', 'T', 'T'],
        ),
        (CommandKind::ListUsers, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
        (CommandKind::LoginState, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
        (CommandKind::HsmInfo, ['Y', 'Y', 'Y', 'Y', 'Y', 'Y']),
    ];

    #[test]
    fn every_user_type_and_command_pair() {
        assert_eq!(TABLE.len(), CommandKind::ALL.len());
        for kind in CommandKind::ALL {
            let (_, row) = TABLE
                .iter()
                .find(|(k, _)| *k == kind)
                .expect("row for every kind");
            for (actor, want) in ACTORS.iter().zip(row) {
                let got = match command_allowed(*actor, kind) {
                    Ok(()) => 'Y',
                    Err(e) => match e.code() {
                        ErrorCode::NotLoggedIn => 'L',
                        ErrorCode::InvalidUserType => 'T',
                        ErrorCode::AlreadyLoggedIn => 'A',
                        other => panic!("unexpected {other:?}"),
                    },
                };
                assert_eq!(got, *want, "{kind:?} as {actor:?}");
            }
        }
    }

    /// Key commands: `Y` allowed, `L` not logged in, `T` invalid user type.
    /// Columns: not logged in, PRECO, CO, PCO, CU, AU.
    fn key_row(command: KeyCommand) -> [char; 6] {
        match command {
            KeyCommand::FindAllKeys => ['L', 'T', 'Y', 'Y', 'T', 'Y'],
            KeyCommand::SetAttribute => ['L', 'T', 'Y', 'Y', 'Y', 'T'],
            _ => ['L', 'T', 'T', 'T', 'Y', 'T'],
        }
    }

    #[test]
    fn every_user_type_and_key_command_pair() {
        for command in KeyCommand::ALL {
            for (actor, want) in ACTORS.iter().zip(key_row(command)) {
                let got = match command_allowed(*actor, CommandKind::Key(command)) {
                    Ok(()) => 'Y',
                    Err(e) => match e.code() {
                        ErrorCode::NotLoggedIn => 'L',
                        ErrorCode::InvalidUserType => 'T',
                        other => panic!("unexpected {other:?}"),
                    },
                };
                assert_eq!(got, want, "{command:?} as {actor:?}");
            }
        }
    }

    const RELATIONS: [Relation; 5] = [
        Relation::Owner,
        Relation::SharedUser,
        Relation::OtherCryptoUser,
        Relation::Officer,
        Relation::Appliance,
    ];

    /// kmu.md §4.1 and cmu.md §2.4: rows are actions; columns owner, shared user, other
    /// CU, officer, AU. `Y` allowed, `D` key access denied (0xc6), `H` invisible (0xa8).
    const PRIVATE_KEY_TABLE: [(KeyAction, [char; 5]); 9] = [
        (KeyAction::Find, ['Y', 'Y', 'H', 'Y', 'Y']),
        (KeyAction::ReadAttributes, ['Y', 'Y', 'H', 'D', 'D']),
        (KeyAction::Use, ['Y', 'Y', 'H', 'D', 'D']),
        (KeyAction::Export, ['Y', 'D', 'H', 'D', 'D']),
        (KeyAction::Wrap, ['Y', 'D', 'H', 'D', 'D']),
        (KeyAction::Delete, ['Y', 'D', 'H', 'D', 'D']),
        (KeyAction::Share, ['Y', 'D', 'H', 'D', 'D']),
        (KeyAction::SetAttribute, ['Y', 'D', 'H', 'Y', 'D']),
        (KeyAction::Mask, ['Y', 'D', 'H', 'D', 'D']),
    ];

    /// The same for public keys, which every crypto user may see and use.
    const PUBLIC_KEY_TABLE: [(KeyAction, [char; 5]); 9] = [
        (KeyAction::Find, ['Y', 'Y', 'Y', 'Y', 'Y']),
        (KeyAction::ReadAttributes, ['Y', 'Y', 'Y', 'D', 'D']),
        (KeyAction::Use, ['Y', 'Y', 'Y', 'D', 'D']),
        (KeyAction::Export, ['Y', 'D', 'D', 'D', 'D']),
        (KeyAction::Wrap, ['Y', 'D', 'D', 'D', 'D']),
        (KeyAction::Delete, ['Y', 'D', 'D', 'D', 'D']),
        (KeyAction::Share, ['Y', 'D', 'D', 'D', 'D']),
        (KeyAction::SetAttribute, ['Y', 'D', 'D', 'Y', 'D']),
        (KeyAction::Mask, ['Y', 'D', 'D', 'D', 'D']),
    ];

    #[test]
    fn every_relationship_and_key_action_pair() {
        for (public, table) in [(false, PRIVATE_KEY_TABLE), (true, PUBLIC_KEY_TABLE)] {
            for (action, row) in table {
                for (relation, want) in RELATIONS.iter().zip(row) {
                    let got = match key_allowed(*relation, public, action) {
                        Ok(()) => 'Y',
                        Err(e) => match e.code() {
                            ErrorCode::KeyAccessDenied => 'D',
                            ErrorCode::InvalidHandle => 'H',
                            other => panic!("unexpected {other:?}"),
                        },
                    };
                    assert_eq!(got, want, "{action:?} by {relation:?} (public: {public})");
                }
            }
        }
    }
}
