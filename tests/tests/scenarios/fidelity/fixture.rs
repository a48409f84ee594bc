//! Reading a page fixture (`tests/fidelity/pages/<page>.txt`).
//!
//! ```text
//! # Comment lines start with `#` (outside `expect:` blocks).
//! page: key_mgmt_util-genSymKey          the guide page the sessions come from
//! tool: kmu                              `cmu` or `kmu`: the tool the examples run in
//! source: docs/kmu.md §2.15              where the project's reference quotes them
//!
//! === title of one example session       each session runs on a fresh daemon
//! hsms: 2                                HSMs in the cluster (default 3), as the guide shows
//! file: msg.txt hello                    a file in the tool's working directory (`hex:` for bytes)
//! subst: 262170 6                        typed commands say `6` where the guide says `262170`
//! setup cmu:                             commands run first in a tool process of their own,
//! loginHSM PRECO admin password          one per line; questions get the default answers
//! setup kmu:                             (more setup blocks may follow, in order)
//! loginHSM -u CU -s alice -p Password1
//! prelude:                               typed in the scored process before the example
//! loginHSM CU bob Password1              (its output is not scored)
//! expect:                                the guide's session, verbatim, to the next `===`
//!                                        (blank lines before it are not part of it)
//! aws-cloudhsm>changePswd CU bob newPassword
//! ...
//! Do you want to continue(y/n)?y
//! ```
//!
//! In `expect:`, a line that starts with the tool's prompt (`aws-cloudhsm>`, `server0>`,
//! `Command:`) is typed; a line holding a question and the guide's answer
//! (`Do you want to continue(y/n)?y`, `Retry/Ignore/Abort?(R/I/A):A`, `... (0 or 1):1`)
//! queues that answer for the command above it; a line `>>> text` queues `text` without
//! being expected on screen (hidden passwords). A question the tool asks that the fixture
//! does not answer gets a default answer (`y`, `A`, `I`, `1`, the last password), so an
//! example whose tool has since learnt to ask for confirmation still runs, and an answer
//! the tool never asks for is dropped at the next prompt.

use std::path::Path;

/// The tool a page's examples run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tool {
    /// `cloudhsm_mgmt_util`.
    Cmu,
    /// `key_mgmt_util`.
    Kmu,
}

impl Tool {
    fn parse(word: &str) -> Option<Self> {
        match word {
            "cmu" => Some(Self::Cmu),
            "kmu" => Some(Self::Kmu),
            _ => None,
        }
    }

    /// The name the table shows.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Cmu => "cmu",
            Self::Kmu => "kmu",
        }
    }

    /// The command typed on an expected line, when the line starts with a prompt.
    pub(super) fn typed(self, line: &str) -> Option<&str> {
        let line = line.trim_start();
        let rest = match self {
            Self::Cmu => line
                .strip_prefix("aws-cloudhsm>")
                .or_else(|| server_prompt_rest(line)),
            Self::Kmu => line.strip_prefix("Command:"),
        }?;
        Some(rest.trim())
    }
}

/// The text after `server<N>>` (or the guide's `server>`), if `line` starts with it.
fn server_prompt_rest(line: &str) -> Option<&str> {
    let digits = line.strip_prefix("server")?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    digits[n..].strip_prefix('>')
}

/// One command of a session and the answers queued for its questions.
#[derive(Debug, Clone, Default)]
pub(super) struct Step {
    /// The command line as typed (after `subst`); empty for a bare closing prompt.
    pub(super) line: String,
    /// Answers in the order the guide gave them.
    pub(super) answers: Vec<Answer>,
}

/// An answer the guide shows, and the question it answers.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    /// The question's marker (`(y/n)?`, `(R/I/A):`, …); `None` for a hidden password.
    pub(super) question: Option<&'static str>,
    /// What is typed.
    pub(super) text: String,
}

/// One example session of a page.
#[derive(Debug, Clone, Default)]
pub(super) struct Session {
    /// Its `===` title.
    pub(super) title: String,
    /// HSMs in the cluster.
    pub(super) hsms: u32,
    /// Files written to the working directory first.
    pub(super) files: Vec<(String, Vec<u8>)>,
    /// Setup runs, in order: the tool and its command lines.
    pub(super) setup: Vec<(Tool, Vec<String>)>,
    /// Unscored commands typed in the scored process first.
    pub(super) prelude: Vec<String>,
    /// The guide's lines (typed answers excluded), scored.
    pub(super) expected: Vec<String>,
    /// What to type.
    pub(super) steps: Vec<Step>,
}

/// A guide page and its example sessions.
#[derive(Debug, Clone)]
pub(super) struct Page {
    /// The guide page's name.
    pub(super) name: String,
    /// The tool its examples run in.
    pub(super) tool: Tool,
    /// Its sessions.
    pub(super) sessions: Vec<Session>,
}

/// Where a fixture line goes.
enum Block {
    Header,
    Setup,
    Prelude,
    Expect,
}

/// Questions whose answer the guide prints on the same line.
const ANSWERED_QUESTIONS: [&str; 4] = ["(y/n)?", "(R/I/A):", "(R/B/I):", "(0 or 1):"];

/// Reads `path`; panics with the file and line on a malformed fixture.
pub(super) fn read(path: &Path) -> Page {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&text).unwrap_or_else(|(n, e)| panic!("{}:{n}: {e}", path.display()))
}

fn parse(text: &str) -> Result<Page, (usize, String)> {
    let (mut name, mut tool) = (None, None);
    let mut sessions: Vec<Session> = Vec::new();
    let mut substs: Vec<(String, String)> = Vec::new();
    let mut block = Block::Header;
    for (i, line) in text.lines().enumerate() {
        let fail = |e: &str| (i + 1, e.to_owned());
        if let Some(title) = line.strip_prefix("=== ") {
            if let Some(last) = sessions.last_mut() {
                trim_expected(last);
            }
            sessions.push(Session {
                title: title.trim().to_owned(),
                hsms: 3,
                ..Session::default()
            });
            substs.clear();
            block = Block::Header;
            continue;
        }
        if let Block::Expect = block {
            let (session, tool) = (sessions.last_mut(), tool.ok_or_else(|| fail("no tool"))?);
            expect_line(
                session.ok_or_else(|| fail("no session"))?,
                tool,
                &substs,
                line,
            );
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let session = sessions.last_mut();
        match (line, session) {
            ("prelude:", Some(_)) => block = Block::Prelude,
            ("expect:", Some(_)) => block = Block::Expect,
            (l, Some(s)) if l.starts_with("setup ") && l.ends_with(':') => {
                let word = &l["setup ".len()..l.len() - 1];
                let t = Tool::parse(word).ok_or_else(|| fail("setup cmu: or setup kmu:"))?;
                s.setup.push((t, Vec::new()));
                block = Block::Setup;
            }
            (l, Some(s)) if l.starts_with("hsms: ") => {
                s.hsms = l[6..].trim().parse().map_err(|_| fail("hsms: N"))?;
            }
            (l, Some(s)) if l.starts_with("file: ") => {
                let (file, content) = l[6..].split_once(' ').unwrap_or((&l[6..], ""));
                s.files.push((file.to_owned(), file_bytes(content)));
            }
            (l, Some(_)) if l.starts_with("subst: ") => {
                let (from, to) = l[7..]
                    .split_once(' ')
                    .ok_or_else(|| fail("subst: FROM TO"))?;
                substs.push((from.to_owned(), to.trim().to_owned()));
            }
            (l, Some(s)) if matches!(block, Block::Setup) => {
                s.setup
                    .last_mut()
                    .expect("setup block")
                    .1
                    .push(l.trim().to_owned());
            }
            (l, Some(s)) if matches!(block, Block::Prelude) => s.prelude.push(l.trim().to_owned()),
            (l, None) if l.starts_with("page: ") => name = Some(l[6..].trim().to_owned()),
            (l, None) if l.starts_with("tool: ") => {
                tool = Some(Tool::parse(l[6..].trim()).ok_or_else(|| fail("tool: cmu|kmu"))?);
            }
            (l, None) if l.starts_with("source: ") => {}
            _ => return Err(fail("unexpected line")),
        }
    }
    if let Some(last) = sessions.last_mut() {
        trim_expected(last);
    }
    let name = name.ok_or((0, "no `page:`".to_owned()))?;
    let tool = tool.ok_or((0, "no `tool:`".to_owned()))?;
    Ok(Page {
        name,
        tool,
        sessions,
    })
}

/// Drops the blank lines that end an `expect:` block: they separate sessions.
fn trim_expected(session: &mut Session) {
    while session.expected.last().is_some_and(|l| l.trim().is_empty()) {
        session.expected.pop();
    }
}

/// Adds one `expect:` line to `session`: a command, an answer, or output.
fn expect_line(session: &mut Session, tool: Tool, substs: &[(String, String)], line: &str) {
    if let Some(answer) = line.strip_prefix(">>> ") {
        if let Some(step) = session.steps.last_mut() {
            step.answers.push(Answer {
                question: None,
                text: answer.to_owned(),
            });
        }
        return;
    }
    if let Some(command) = tool.typed(line) {
        let typed = substitute(command, substs);
        if command.is_empty() {
            session.expected.push(line.to_owned());
        } else {
            session.expected.push(line.replacen(command, &typed, 1));
        }
        session.steps.push(Step {
            line: typed,
            answers: Vec::new(),
        });
        return;
    }
    if let Some(step) = session.steps.last_mut() {
        for question in ANSWERED_QUESTIONS {
            if let Some((_, answer)) = line.split_once(question) {
                if !answer.trim().is_empty() {
                    step.answers.push(Answer {
                        question: Some(question),
                        text: answer.trim().to_owned(),
                    });
                }
            }
        }
    }
    session.expected.push(line.to_owned());
}

/// `command` with each whole word `from` replaced by `to`.
fn substitute(command: &str, substs: &[(String, String)]) -> String {
    command
        .split(' ')
        .map(|word| {
            substs
                .iter()
                .find(|(from, _)| from == word)
                .map_or(word, |(_, to)| to.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `file:` content: `hex:` then hex digits, or text followed by a newline.
fn file_bytes(content: &str) -> Vec<u8> {
    match content.strip_prefix("hex:") {
        Some(hex) => (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex file content"))
            .collect(),
        None => format!("{content}\n").into_bytes(),
    }
}
