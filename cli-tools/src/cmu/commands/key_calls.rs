//! What the CMU key commands share: one key request to one server, the per-server
//! broadcast of the two key-changing commands, argument parsing, attribute names, and the
//! optional output file of the three read commands.

use super::{usage, Spec};
use crate::cmu::{broadcast, strings, Cmu};
use crate::io::Io;
use crate::local_file::{self, Access};
use hsm_client::ClientError;
use hsm_proto::keys::{ClusterReply, KeyReply, KeyRequest};
use hsm_proto::{HsmOp, Response};

/// Sends `request` to one server. The HSM's refusal comes back as [`ClientError::Hsm`];
/// the per-node statuses of a cluster reply are not CMU's business (each server is one HSM).
pub(crate) fn call(
    cmu: &mut Cmu,
    index: usize,
    request: KeyRequest,
) -> Result<KeyReply, ClientError> {
    match cmu.send(index, HsmOp::Key(request))? {
        Response::Cluster(ClusterReply { outcome, .. }) => outcome.map_err(ClientError::Hsm),
        other => Err(ClientError::Unexpected(Box::new(other))),
    }
}

/// The answer did not have the expected shape: reported like an unreachable server.
pub(crate) fn unexpected(reply: KeyReply) -> ClientError {
    ClientError::Unexpected(Box::new(Response::Cluster(ClusterReply {
        outcome: Ok(reply),
        nodes: Vec::new(),
    })))
}

/// Sends `request()` to every target and prints `<cmd> success on server …` or the two
/// failure lines (setAttribute, shareKey).
pub(crate) fn broadcast(
    cmu: &mut Cmu,
    io: &mut Io<'_>,
    cmd: &str,
    request: impl Fn() -> KeyRequest,
) {
    for index in cmu.targets() {
        match call(cmu, index, request()) {
            Ok(_) => io.line(&format!(
                "{cmd} success on server {}",
                cmu.server(index).label()
            )),
            Err(e) => broadcast::report_failure(cmu, io, cmd, index, &e),
        }
    }
}

/// A decimal number argument; prints the usage message when it is not one.
pub(crate) fn number_arg<T: std::str::FromStr>(
    io: &mut Io<'_>,
    spec: &Spec,
    arg: &str,
) -> Option<T> {
    // `+5` parses in Rust but is no number the real tool would take.
    let parsed = arg
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| arg.parse().ok())
        .flatten();
    if parsed.is_none() {
        usage(io, spec);
    }
    parsed
}

/// The attribute names getAttribute prints (docs/cmu.md Appendix A), from the one table
/// listAttributes prints.
pub(crate) fn attribute_name(id: u32) -> Option<&'static str> {
    super::list_attributes::ATTRIBUTES
        .iter()
        .find(|(_, value)| *value == u64::from(id))
        .map(|(name, _)| *name)
}

/// Where the blocks of findAllKeys, getAttribute and getKeyInfo go: the screen, or the
/// `[<output file>]` argument, which is overwritten without warning once every server has
/// answered (docs/cmu.md §3.4, §3.5, §3.8 [REC]). Failure lines always go to the screen.
pub(crate) struct Output<'a> {
    file: Option<&'a str>,
    text: String,
}

impl<'a> Output<'a> {
    /// Output to `file`, or to the screen when `None`.
    pub(crate) fn new(file: Option<&'a str>) -> Self {
        Self {
            file,
            text: String::new(),
        }
    }

    /// Whether the blocks go to the screen.
    pub(crate) fn to_screen(&self) -> bool {
        self.file.is_none()
    }

    /// One line of a block.
    pub(crate) fn line(&mut self, io: &mut Io<'_>, text: &str) {
        if self.file.is_some() {
            self.text.push_str(text);
            self.text.push('\n');
        } else {
            io.line(text);
        }
    }

    /// An empty line of a block.
    pub(crate) fn blank(&mut self, io: &mut Io<'_>) {
        self.line(io, "");
    }

    /// Writes the file, if one was named and at least one server produced a block.
    pub(crate) fn finish(self, io: &mut Io<'_>) {
        let Some(path) = self.file else {
            return;
        };
        if !self.text.is_empty()
            && local_file::write(path, self.text.as_bytes(), Access::Public).is_err()
        {
            io.line(&strings::failed_to_open_file(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_settable_and_listed_attribute_has_a_name() {
        for id in [0, 3, 134, 371, 512, 528, 1_073_742_353, 1_073_742_354] {
            assert!(attribute_name(id).is_some(), "{id}");
        }
        assert_eq!(attribute_name(4), None);
    }
}
