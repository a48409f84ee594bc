//! The entry point for key commands: [`Core::execute_key`], plus split entry points for
//! the slow ones (key generation, signing), whose crypto runs outside the core lock.

use crate::core::Core;
use crate::error::HsmError;
use crate::ops::keys::generate::{self, GenerateJob, Generated};
use crate::ops::keys::sign_verify::{self, SignJob};
use crate::ops::keys::{self, KeyCtx};
use crate::policy::{self, Actor, CommandKind, KeyCommand};
use crate::session::SessionId;
use hsm_proto::keys::{KeyReply, KeyRequest, KeySpec, KeyTemplate, NodeStatus};
use hsm_proto::ErrorCode;

/// The result of a key command and each HSM's status.
#[derive(Debug)]
pub struct KeyOutcome {
    /// Success payload, or why the HSM refused.
    pub result: Result<KeyReply, HsmError>,
    /// Per-node statuses (empty for commands that only read the session HSM).
    pub nodes: Vec<NodeStatus>,
}

impl KeyOutcome {
    fn bare(e: HsmError) -> Self {
        Self {
            result: Err(e),
            nodes: Vec::new(),
        }
    }
}

impl Core {
    /// Runs one key command for a session against the HSM `hsm_id` and its cluster.
    /// Generation and signing run inline here; the daemon uses the split entry points
    /// ([`Core::prepare_generate`], [`Core::prepare_sign`]) to keep them off the lock.
    pub fn execute_key(&mut self, sid: SessionId, hsm_id: &str, request: KeyRequest) -> KeyOutcome {
        match request {
            KeyRequest::GenerateKey { spec, template } => {
                return match self.prepare_generate(sid, hsm_id, &spec, &template) {
                    Ok(job) => self.finish_generate(sid, hsm_id, job.run(), &template),
                    Err(outcome) => outcome,
                };
            }
            KeyRequest::Sign {
                handle,
                mechanism,
                data,
            } => {
                return match self.prepare_sign(sid, hsm_id, handle, mechanism) {
                    Ok(job) => KeyOutcome {
                        result: job
                            .run(&data)
                            .map(|s| KeyReply::Bytes(hsm_proto::SecretBytes::new(s))),
                        nodes: Vec::new(),
                    },
                    Err(outcome) => outcome,
                };
            }
            _ => {}
        }
        let mut ctx = match self.key_ctx(sid, hsm_id) {
            Ok(ctx) => ctx,
            Err(e) => return KeyOutcome::bare(e),
        };
        let spread_errors = spreads_errors(&request);
        let result = gate(&ctx, command_of(&request)).and_then(|()| run(&mut ctx, request));
        match result {
            Ok((reply, nodes)) => KeyOutcome {
                result: Ok(reply),
                nodes,
            },
            Err(e) => {
                let nodes = match spread_errors {
                    Some(session) if !matches!(e, HsmError::KeyAccessDenied) => {
                        spread(&ctx, session, e.code())
                    }
                    _ => Vec::new(),
                };
                KeyOutcome {
                    result: Err(e),
                    nodes,
                }
            }
        }
    }

    /// First part of key generation: the gate, the template and the algorithm checks.
    /// The job generates the material; hand its result to [`Core::finish_generate`].
    pub fn prepare_generate(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        spec: &KeySpec,
        template: &KeyTemplate,
    ) -> Result<GenerateJob, KeyOutcome> {
        let ctx = self.key_ctx(sid, hsm_id).map_err(KeyOutcome::bare)?;
        let checked = gate(&ctx, KeyCommand::Generate)
            .and_then(|()| generate::check(&ctx, template))
            .and_then(|_| generate::validate(spec));
        checked.map_err(|e| {
            // A refused curve reports the node as unavailable, as the real HSM does
            // (kmu.md §2.12).
            let nodes = if matches!(
                (spec, &e),
                (KeySpec::Ec { .. }, HsmError::PolicyViolation(_))
            ) {
                ctx.this_node(Some(ErrorCode::ServerUnavailable))
            } else {
                spread(&ctx, template.session, e.code())
            };
            KeyOutcome {
                result: Err(e),
                nodes,
            }
        })
    }

    /// Last part of key generation: stores the new keys, repeating the checks against
    /// the current state.
    pub fn finish_generate(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        generated: Result<Generated, HsmError>,
        template: &KeyTemplate,
    ) -> KeyOutcome {
        let mut ctx = match self.key_ctx(sid, hsm_id) {
            Ok(ctx) => ctx,
            Err(e) => return KeyOutcome::bare(e),
        };
        let result = gate(&ctx, KeyCommand::Generate)
            .and(generated)
            .and_then(|g| generate::store(&mut ctx, g, template));
        match result {
            Ok((reply, nodes)) => KeyOutcome {
                result: Ok(reply),
                nodes,
            },
            Err(e) => {
                let nodes = spread(&ctx, template.session, e.code());
                KeyOutcome {
                    result: Err(e),
                    nodes,
                }
            }
        }
    }

    /// Checks a signing request; the job signs without the lock.
    pub fn prepare_sign(
        &mut self,
        sid: SessionId,
        hsm_id: &str,
        handle: u64,
        mechanism: u32,
    ) -> Result<SignJob, KeyOutcome> {
        let ctx = self.key_ctx(sid, hsm_id).map_err(KeyOutcome::bare)?;
        gate(&ctx, KeyCommand::Sign)
            .and_then(|()| sign_verify::prepare(&ctx, handle, mechanism))
            .map_err(KeyOutcome::bare)
    }
}

/// Node statuses for a failed cluster command: the session node alone for a session
/// key, else every node.
fn spread(ctx: &KeyCtx<'_>, session: bool, code: ErrorCode) -> Vec<NodeStatus> {
    if session {
        ctx.this_node(Some(code))
    } else {
        ctx.all_nodes(Some(code))
    }
}

/// For commands that reach the whole cluster: whether they concern a session key
/// (`Some(session)`); `None` for commands that only read or touch the session HSM.
fn spreads_errors(request: &KeyRequest) -> Option<bool> {
    match request {
        KeyRequest::FindKeys(_)
        | KeyRequest::FindSingleKey { .. }
        | KeyRequest::DeleteKey { .. }
        | KeyRequest::InsertMaskedObject { .. } => Some(false),
        KeyRequest::SetAttribute { attribute, .. } if *attribute == 1 => Some(false),
        KeyRequest::GenerateKey { template, .. }
        | KeyRequest::ImportPublicKey { template, .. }
        | KeyRequest::ImportPrivateKey { template, .. }
        | KeyRequest::ImportSymKey { template, .. }
        | KeyRequest::UnwrapKey { template, .. } => Some(template.session),
        KeyRequest::SetAttribute { .. }
        | KeyRequest::GetAttributes { .. }
        | KeyRequest::GetKeyInfo { .. }
        | KeyRequest::ShareKey { .. }
        | KeyRequest::ExportPublicKey { .. }
        | KeyRequest::ExportPrivateKey { .. }
        | KeyRequest::ExportSymKey { .. }
        | KeyRequest::WrapKey { .. }
        | KeyRequest::Sign { .. }
        | KeyRequest::Verify { .. }
        | KeyRequest::AesWrapUnwrap { .. }
        | KeyRequest::ExtractMaskedObject { .. }
        | KeyRequest::FakePem { .. }
        | KeyRequest::FindAllKeys { .. } => None,
    }
}

fn command_of(request: &KeyRequest) -> KeyCommand {
    match request {
        KeyRequest::GenerateKey { .. } => KeyCommand::Generate,
        KeyRequest::FindKeys(_) => KeyCommand::Find,
        KeyRequest::FindSingleKey { .. } => KeyCommand::FindSingle,
        KeyRequest::DeleteKey { .. } => KeyCommand::Delete,
        KeyRequest::GetAttributes { .. } => KeyCommand::GetAttributes,
        KeyRequest::SetAttribute { .. } => KeyCommand::SetAttribute,
        KeyRequest::GetKeyInfo { .. } => KeyCommand::GetKeyInfo,
        KeyRequest::ShareKey { .. } => KeyCommand::Share,
        KeyRequest::ExportPublicKey { .. } => KeyCommand::ExportPublic,
        KeyRequest::ExportPrivateKey { .. } => KeyCommand::ExportPrivate,
        KeyRequest::ExportSymKey { .. } => KeyCommand::ExportSymmetric,
        KeyRequest::ImportPublicKey { .. } => KeyCommand::ImportPublic,
        KeyRequest::ImportPrivateKey { .. } => KeyCommand::ImportPrivate,
        KeyRequest::ImportSymKey { .. } => KeyCommand::ImportSymmetric,
        KeyRequest::WrapKey { .. } => KeyCommand::Wrap,
        KeyRequest::UnwrapKey { .. } => KeyCommand::Unwrap,
        KeyRequest::Sign { .. } => KeyCommand::Sign,
        KeyRequest::Verify { .. } => KeyCommand::Verify,
        KeyRequest::AesWrapUnwrap { .. } => KeyCommand::AesWrapUnwrap,
        KeyRequest::ExtractMaskedObject { .. } => KeyCommand::ExtractMasked,
        KeyRequest::InsertMaskedObject { .. } => KeyCommand::InsertMasked,
        KeyRequest::FakePem { .. } => KeyCommand::FakePem,
        KeyRequest::FindAllKeys { .. } => KeyCommand::FindAllKeys,
    }
}

fn gate(ctx: &KeyCtx<'_>, command: KeyCommand) -> Result<(), HsmError> {
    let actor = ctx
        .actor()
        .map_or(Actor::Anonymous, |a| Actor::User(a.user_type));
    policy::command_allowed(actor, CommandKind::Key(command))
}

type Done = (KeyReply, Vec<NodeStatus>);

fn run(ctx: &mut KeyCtx<'_>, request: KeyRequest) -> Result<Done, HsmError> {
    let local = |reply: KeyReply| (reply, Vec::new());
    let bytes = |b| (KeyReply::Bytes(b), Vec::new());
    Ok(match request {
        KeyRequest::FindKeys(filter) => (keys::find_key::run(ctx, &filter)?, ctx.all_nodes(None)),
        KeyRequest::FindSingleKey { handle } => {
            (KeyReply::Done, keys::find_single_key::run(ctx, handle)?)
        }
        KeyRequest::DeleteKey { handle } => (KeyReply::Done, keys::delete_key::run(ctx, handle)?),
        KeyRequest::GetAttributes { handle } => local(keys::get_attributes::run(ctx, handle)?),
        KeyRequest::SetAttribute {
            handle,
            attribute,
            value,
        } => (
            KeyReply::Done,
            keys::set_attribute::run(ctx, handle, attribute, &value)?,
        ),
        KeyRequest::GetKeyInfo { handle } => local(keys::get_key_info::run(ctx, handle)?),
        KeyRequest::ShareKey {
            handle,
            users,
            share,
        } => {
            keys::share_key::run(ctx, handle, &users, share)?;
            local(KeyReply::Done)
        }
        KeyRequest::ExportPublicKey { handle } => bytes(keys::export::public(ctx, handle)?),
        KeyRequest::ExportPrivateKey {
            handle,
            wrapping,
            host_key,
        } => bytes(keys::export::private(
            ctx,
            handle,
            wrapping,
            host_key.as_ref().map(|k| k.expose()),
        )?),
        KeyRequest::ExportSymKey {
            handle,
            wrapping,
            host_key,
        } => bytes(keys::export::symmetric(
            ctx,
            handle,
            wrapping,
            host_key.as_ref().map(|k| k.expose()),
        )?),
        KeyRequest::ImportPublicKey { pem, template } => {
            keys::import::public(ctx, &pem, &template)?
        }
        KeyRequest::ImportPrivateKey {
            pem,
            wrapping,
            host_key,
            template,
        } => keys::import::private(
            ctx,
            pem.expose(),
            wrapping,
            host_key.as_ref().map(|k| k.expose()),
            &template,
        )?,
        KeyRequest::ImportSymKey {
            material,
            key_type,
            wrapping,
            host_key,
            template,
        } => keys::import::symmetric(
            ctx,
            material.expose(),
            key_type,
            wrapping,
            host_key.as_ref().map(|k| k.expose()),
            &template,
        )?,
        KeyRequest::WrapKey {
            handle,
            wrapping,
            params,
        } => local(keys::wrap_key::wrap_key(ctx, handle, wrapping, &params)?),
        KeyRequest::UnwrapKey {
            blob,
            wrapping,
            params,
            no_header,
            template,
        } => keys::wrap_key::unwrap_key(
            ctx,
            &blob,
            wrapping,
            &params,
            no_header.as_ref(),
            &template,
        )?,
        KeyRequest::Verify {
            handle,
            mechanism,
            data,
            signature,
        } => {
            keys::sign_verify::verify(ctx, handle, mechanism, &data, &signature)?;
            local(KeyReply::Done)
        }
        KeyRequest::AesWrapUnwrap {
            handle,
            wrap,
            data,
            iv,
        } => bytes(keys::aes_wrap_unwrap::run(
            ctx,
            handle,
            wrap,
            data.expose(),
            iv.as_deref(),
        )?),
        KeyRequest::ExtractMaskedObject { handle } => bytes(keys::masked::extract(ctx, handle)?),
        KeyRequest::InsertMaskedObject { blob, min_servers } => {
            keys::masked::insert(ctx, &blob, min_servers)?
        }
        KeyRequest::FakePem { handle } => bytes(keys::fake_pem::run(ctx, handle)?),
        KeyRequest::FindAllKeys { user_id, hash } => {
            local(keys::find_all_keys::run(ctx, user_id, hash)?)
        }
        // Handled by `execute_key` before the context is built.
        KeyRequest::GenerateKey { .. } | KeyRequest::Sign { .. } => {
            return Err(HsmError::InvalidInput("request"))
        }
    })
}
