//! One file per HSM command, each an [`Op`]; [`dispatch`] maps a [`Command`] to its op
//! and runs it behind the command gate.
//!
//! A new command is one file here, one arm in [`dispatch`], one [`CommandKind`] row in
//! `policy.rs` and its wire variant (docs/ARCHITECTURE.md).

pub(crate) mod aes_wrap_unwrap;
pub(crate) mod change_pswd;
pub(crate) mod create_user;
pub(crate) mod delete_key;
pub(crate) mod delete_user;
pub(crate) mod ex_sym_key;
pub(crate) mod export_private_key;
pub(crate) mod export_pub_key;
pub(crate) mod extract_masked_object;
pub(crate) mod find_all_keys;
pub(crate) mod find_key;
pub(crate) mod find_single_key;
pub(crate) mod gen_key;
pub(crate) mod get_attribute;
pub(crate) mod get_cavium_priv_key;
pub(crate) mod get_hsm_info;
pub(crate) mod get_key_info;
pub(crate) mod im_sym_key;
pub(crate) mod import_private_key;
pub(crate) mod import_pub_key;
pub(crate) mod insert_masked_object;
pub(crate) mod key_storage;
pub(crate) mod key_usage;
pub(crate) mod list_users;
pub(crate) mod login;
pub(crate) mod login_state;
pub(crate) mod logout;
pub(crate) mod new_password;
pub(crate) mod restore_user;
pub(crate) mod set_attribute;
pub(crate) mod share_key;
pub(crate) mod sign;
pub(crate) mod un_wrap_key;
pub(crate) mod verify;
pub(crate) mod wrap_header;
pub(crate) mod wrap_key;

use crate::command::{Command, Failure, Progress, Reach};
use crate::context::Ctx;
use crate::policy::{self, CommandKind};
use hsm_proto::keys::KeyRequest;
use hsm_proto::HsmOp;

/// One HSM command.
pub(crate) trait Op: Sized {
    /// The command gate's entry for this command.
    const KIND: CommandKind;

    /// The gate entry for this call, when it depends on the caller (`changePswd` of one's
    /// own password or another's).
    fn gate(&self, _ctx: &Ctx<'_>) -> CommandKind {
        Self::KIND
    }

    /// Which HSMs report a refusal.
    fn reach(&self) -> Reach {
        Reach::Local
    }

    /// Runs under the lock, after the gate: finishes, or hands back slow work.
    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure>;
}

/// A command's gate entry, its reach, and how far it got.
pub(crate) struct Started {
    pub(crate) gate: CommandKind,
    pub(crate) reach: Reach,
    pub(crate) result: Result<Progress, Failure>,
}

/// Runs `command` behind the gate.
pub(crate) fn dispatch(ctx: &mut Ctx<'_>, command: Command) -> Started {
    match command {
        HsmOp::Login {
            user_type,
            name,
            password,
        } => start(
            ctx,
            login::Login {
                user_type,
                name,
                password,
            },
        ),
        HsmOp::Logout => start(ctx, logout::Logout),
        HsmOp::ChangePassword {
            user_type,
            name,
            password,
        } => start(
            ctx,
            change_pswd::ChangePswd {
                user_type,
                name,
                password,
            },
        ),
        HsmOp::CreateUser {
            user_type,
            name,
            password,
        } => start(
            ctx,
            create_user::CreateUser {
                user_type,
                name,
                password,
            },
        ),
        HsmOp::DeleteUser { user_type, name } => {
            start(ctx, delete_user::DeleteUser { user_type, name })
        }
        HsmOp::RestoreDeletedUser { name } => start(ctx, restore_user::RestoreUser { name }),
        HsmOp::ListUsers => start(ctx, list_users::ListUsers),
        HsmOp::LoginState => start(ctx, login_state::LoginState),
        HsmOp::HsmInfo => start(ctx, get_hsm_info::GetHsmInfo),
        HsmOp::Key(request) => dispatch_key(ctx, request),
    }
}

fn dispatch_key(ctx: &mut Ctx<'_>, request: KeyRequest) -> Started {
    use KeyRequest as K;
    match request {
        K::GenerateKey { spec, template } => start(ctx, gen_key::GenKey { spec, template }),
        K::FindKeys(filter) => start(ctx, find_key::FindKey { filter }),
        K::FindSingleKey { handle } => start(ctx, find_single_key::FindSingleKey { handle }),
        K::DeleteKey { handle } => start(ctx, delete_key::DeleteKey { handle }),
        K::GetAttributes { handle } => start(ctx, get_attribute::GetAttribute { handle }),
        K::SetAttribute {
            handle,
            attribute,
            value,
        } => start(
            ctx,
            set_attribute::SetAttribute {
                handle,
                attribute,
                value,
            },
        ),
        K::GetKeyInfo { handle } => start(ctx, get_key_info::GetKeyInfo { handle }),
        K::ShareKey {
            handle,
            users,
            share,
        } => start(
            ctx,
            share_key::ShareKey {
                handle,
                users,
                share,
            },
        ),
        K::ExportPublicKey { handle } => start(ctx, export_pub_key::ExportPubKey { handle }),
        K::ExportPrivateKey {
            handle,
            wrapping,
            host_key,
        } => start(
            ctx,
            export_private_key::ExportPrivateKey {
                handle,
                wrapping,
                host_key,
            },
        ),
        K::ExportSymKey {
            handle,
            wrapping,
            host_key,
        } => start(
            ctx,
            ex_sym_key::ExSymKey {
                handle,
                wrapping,
                host_key,
            },
        ),
        K::ImportPublicKey { pem, template } => {
            start(ctx, import_pub_key::ImportPubKey { pem, template })
        }
        K::ImportPrivateKey {
            pem,
            wrapping,
            host_key,
            template,
        } => start(
            ctx,
            import_private_key::ImportPrivateKey {
                pem,
                wrapping,
                host_key,
                template,
            },
        ),
        K::ImportSymKey {
            material,
            key_type,
            wrapping,
            host_key,
            template,
        } => start(
            ctx,
            im_sym_key::ImSymKey {
                material,
                key_type,
                wrapping,
                host_key,
                template,
            },
        ),
        K::WrapKey {
            handle,
            wrapping,
            params,
        } => start(
            ctx,
            wrap_key::WrapKey {
                handle,
                wrapping,
                params,
            },
        ),
        K::UnwrapKey {
            blob,
            wrapping,
            params,
            no_header,
            template,
        } => start(
            ctx,
            un_wrap_key::UnWrapKey {
                blob,
                wrapping,
                params,
                no_header,
                template,
            },
        ),
        K::Sign {
            handle,
            mechanism,
            data,
        } => start(
            ctx,
            sign::Sign {
                handle,
                mechanism,
                data,
            },
        ),
        K::Verify {
            handle,
            mechanism,
            data,
            signature,
        } => start(
            ctx,
            verify::Verify {
                handle,
                mechanism,
                data,
                signature,
            },
        ),
        K::AesWrapUnwrap {
            handle,
            wrap,
            data,
            iv,
        } => start(
            ctx,
            aes_wrap_unwrap::AesWrapUnwrap {
                handle,
                wrap,
                data,
                iv,
            },
        ),
        K::ExtractMaskedObject { handle } => {
            start(ctx, extract_masked_object::ExtractMaskedObject { handle })
        }
        K::InsertMaskedObject { blob, min_servers } => start(
            ctx,
            insert_masked_object::InsertMaskedObject { blob, min_servers },
        ),
        K::FakePem { handle } => start(ctx, get_cavium_priv_key::GetCaviumPrivKey { handle }),
        K::FindAllKeys { user_id, hash } => {
            start(ctx, find_all_keys::FindAllKeys { user_id, hash })
        }
    }
}

/// The gate, then the op.
fn start<O: Op>(ctx: &mut Ctx<'_>, op: O) -> Started {
    let gate = op.gate(ctx);
    let reach = op.reach();
    let result = policy::command_allowed(ctx.actor(), gate)
        .map_err(Failure::from)
        .and_then(|()| op.run(ctx));
    Started {
        gate,
        reach,
        result,
    }
}
