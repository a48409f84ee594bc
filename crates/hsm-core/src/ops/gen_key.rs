//! `genSymKey`, `genRSAKeyPair`, `genECCKeyPair`, `genDSAKeyPair`, `genPBEKey`.
//!
//! The checks run under the lock, the generation (slow for RSA and DSA) outside it, and
//! the new keys are stored under the lock again, after the checks are repeated against
//! whatever changed meanwhile.

use super::key_storage::{check_template, id_taken, store_keys};
use super::Op;
use crate::command::{Failure, JobKind, Progress, Reach};
use crate::context::Ctx;
use crate::crypto::{
    dsa_keys, ec_keys, random, rsa_keys, AsymmetricKind, Curve, KeyPairDer, KeyType,
};
use crate::error::HsmError;
use crate::objects::build::{self, Origin};
use crate::policy::{CommandKind, KeyCommand};
use hsm_proto::keys::{KeyReply, KeySpec, KeyTemplate};
use hsm_proto::{ErrorCode, UserId};
use std::collections::BTreeSet;
use zeroize::Zeroizing;

/// `genSymKey`, `genRSAKeyPair`, `genECCKeyPair`, `genDSAKeyPair`, `genPBEKey`.
pub(crate) struct GenKey {
    pub(crate) spec: KeySpec,
    pub(crate) template: KeyTemplate,
}

impl Op for GenKey {
    const KIND: CommandKind = CommandKind::Key(KeyCommand::Generate);

    fn reach(&self) -> Reach {
        Reach::new_key(&self.template)
    }

    fn run(self, ctx: &mut Ctx<'_>) -> Result<Progress, Failure> {
        let Self { spec, template } = self;
        check(ctx, &template)?;
        let plan = match validate(&spec) {
            Ok(plan) => plan,
            // A refused curve reports the node as unavailable, as the real HSM does
            // (docs/kmu.md §2.12).
            Err(error @ HsmError::PolicyViolation(_)) if matches!(spec, KeySpec::Ec { .. }) => {
                let nodes = ctx.this_node(Some(ErrorCode::ServerUnavailable));
                return Err(Failure {
                    error,
                    nodes: Some(nodes),
                });
            }
            Err(error) => return Err(error.into()),
        };
        Ok(Progress::work(
            JobKind::GenerateKey,
            move || plan.generate(),
            move |ctx, generated| Ok(store(ctx, generated?, &template)?),
        ))
    }
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    Secret(KeyType, usize),
    Rsa(u32, u64),
    Ec(Curve),
    Dsa(u32),
}

/// Generated key material, not yet stored.
enum Generated {
    /// A secret key.
    Secret(KeyType, Zeroizing<Vec<u8>>),
    /// A key pair.
    Pair(AsymmetricKind, KeyPairDer),
}

impl std::fmt::Debug for Generated {
    // Never print key material; the kind and length are enough to debug with.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Secret(t, material) => write!(f, "Secret({t:?}, {} bytes)", material.len()),
            Self::Pair(kind, pair) => write!(f, "Pair({kind:?}, {pair:?})"),
        }
    }
}

/// Curve ids AWS's FIPS HSMs know but refuse (docs/kmu.md §1.8): 1..=15 other than 2 and 14.
fn is_refused_curve(id: u32) -> bool {
    (1..=15).contains(&id)
}

/// Checks the algorithm and size against the HSM's policy (cheap).
fn validate(spec: &KeySpec) -> Result<Plan, HsmError> {
    let plan = match *spec {
        KeySpec::Symmetric { key_type, size } => match KeyType::from_value(key_type) {
            Some(KeyType::Rc4) => return Err(HsmError::PolicyViolation("RC4")),
            Some(t @ (KeyType::Aes | KeyType::Des3 | KeyType::GenericSecret)) => {
                Plan::Secret(t, usize::try_from(size).unwrap_or(usize::MAX))
            }
            _ => return Err(HsmError::InvalidInput("key type")),
        },
        KeySpec::Rsa { bits, exponent } => {
            rsa_keys::check_rsa_policy(bits, exponent)?;
            Plan::Rsa(bits, exponent)
        }
        KeySpec::Ec { curve_id } => match Curve::from_id(curve_id) {
            Some(curve) => Plan::Ec(curve),
            None if is_refused_curve(curve_id) => return Err(HsmError::PolicyViolation("curve")),
            None => return Err(HsmError::InvalidInput("curve id")),
        },
        KeySpec::Dsa { bits: 2048 } => Plan::Dsa(2048),
        KeySpec::Dsa { .. } => return Err(HsmError::PolicyViolation("DSA modulus")),
        // Password-based 3DES keys are not allowed on FIPS-validated HSMs.
        KeySpec::Pbe => return Err(HsmError::PolicyViolation("PBE")),
    };
    Ok(plan)
}

impl Plan {
    /// Generates the material (slow for RSA and DSA).
    fn generate(self) -> Result<Generated, HsmError> {
        Ok(match self {
            Plan::Secret(t, len) => Generated::Secret(t, random::generate_secret(t, len)?),
            Plan::Rsa(bits, e) => {
                Generated::Pair(AsymmetricKind::Rsa, rsa_keys::generate_rsa(bits, e)?)
            }
            Plan::Ec(curve) => {
                Generated::Pair(AsymmetricKind::Ec(curve), ec_keys::generate_ec(curve)?)
            }
            Plan::Dsa(bits) => Generated::Pair(AsymmetricKind::Dsa, dsa_keys::generate_dsa(bits)?),
        })
    }
}

/// The checks that depend on the HSM's state: who asks, the share list, the ID.
fn check(ctx: &Ctx<'_>, template: &KeyTemplate) -> Result<UserId, HsmError> {
    let owner = ctx.caller_id()?;
    if template.session && !template.share_with.is_empty() {
        return Err(HsmError::InvalidShareList);
    }
    check_template(ctx, owner, template)?;
    if id_taken(ctx, &template.id) {
        return Err(HsmError::IdExists(template.id.clone()));
    }
    Ok(owner)
}

/// Stores generated material as new keys (public first, then private, for a pair).
fn store(
    ctx: &mut Ctx<'_>,
    generated: Generated,
    template: &KeyTemplate,
) -> Result<Progress, HsmError> {
    let owner = check(ctx, template)?;
    let origin = Origin {
        owner,
        local: true,
        extractable: !template.non_extractable,
    };
    let first = ctx.allocate_handle(&BTreeSet::new());
    let keys = match generated {
        Generated::Secret(t, material) => {
            vec![build::secret(first, t, &material, origin, template)?]
        }
        Generated::Pair(kind, pair) => {
            let second = ctx.allocate_handle(&BTreeSet::from([first]));
            let public_origin = Origin {
                extractable: true,
                ..origin
            };
            vec![
                build::public(first, kind, &pair.public_spki, public_origin, template)?,
                build::private(
                    second,
                    kind,
                    &pair.private_pkcs8,
                    &pair.public_spki,
                    origin,
                    template,
                )?,
            ]
        }
    };
    let handles = keys.iter().map(|k| k.handle).collect();
    let nodes = store_keys(ctx, keys, template.min_servers)?;
    Ok(Progress::key(KeyReply::Created(handles), nodes))
}
