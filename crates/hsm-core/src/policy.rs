//! Who may run which command: the one place permission decisions live.
//!
//! [`command_allowed`] is an exhaustive `match` with no catch-all arm, so a new command
//! does not compile until someone decides who may run it. The table is cmu.md §2.4.

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
}

impl CommandKind {
    /// Every kind, for table tests.
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
}
