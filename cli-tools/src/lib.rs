//! The command-line tools of cloudhsm-sim, as a library: the tokenizer, the REPL engine
//! shared by every tool, daemon discovery, and the tools themselves.
//!
//! Modules:
//! - [`io`]: where input lines come from (terminal, or piped stdin) and where output goes;
//! - [`repl`]: the loop that reads a line and hands it to a tool's `run_line`;
//! - [`terminal`]: interactive input, our own line reader (plain prompts, typed-ahead lines
//!   kept, history, completion);
//! - [`daemon`]: find the daemon's socket, start `hsm-daemon` if nothing listens;
//! - [`launch`]: the start-up both binaries share (daemon flags, cluster list, input);
//! - [`limits`]: the longest password and label the tools accept;
//! - [`local_file`]: the bounded reader and the mode-aware writer of local files;
//! - [`password_lines`]: which lines may go to the history (none that could hold a password);
//! - [`entry`]: each tool's whole `main` (its flags, modes and error wording), so that the
//!   binaries themselves are one line each;
//! - [`profile`]: the output profile (SDK 3 captures by default, or the legacy guide);
//! - [`cmu`]: the `cloudhsm_mgmt_util` tool;
//! - [`kmu`]: the `key_mgmt_util` tool.
//!
//! Depends on `hsm-client` and `hsm-proto` only: every action crosses the wire.

pub mod cmu;
pub mod daemon;
pub mod entry;
pub mod io;
pub mod kmu;
pub mod launch;
pub mod limits;
pub mod local_file;
pub mod password_lines;
pub mod profile;
pub mod repl;
pub mod terminal;
