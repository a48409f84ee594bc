//! hsm-core's integration tests, one binary: every command against a MemStore-backed core,
//! the policy tables, durability, and OpenSSL cross-checks of the crypto.

mod change_pswd;
mod common;
mod create_user;
mod crypto_openssl;
mod delete_user;
mod durability;
mod keys_attributes;
mod keys_crypto_ops;
mod keys_ownership;
mod keys_persistence;
mod keys_replication;
mod keys_sessions;
mod keys_templates;
mod login;
mod logout;
mod per_hsm;
mod permissions;
mod read_only;
mod restore_user;
mod sessions;
mod store_failure;
