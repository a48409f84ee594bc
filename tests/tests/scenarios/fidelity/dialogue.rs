//! Typing a session into a tool through a pipe, one command at a time: after each line the
//! tool's output is read up to its next prompt or question, so a question is answered
//! when it is asked (from the fixture, or by default) and never swallows the next command.

use super::fixture::{Step, Tool};
use crate::harness::tool::{socket_args, Session};
use crate::harness::{CMU, KMU};
use std::path::Path;
use std::time::Duration;

/// How long the tool may stay quiet before the session counts as stalled (a question the
/// harness does not know); the output so far is still scored.
const PATIENCE: Duration = Duration::from_secs(30);

/// Questions the tools wait at, and the answer given when the fixture has none left.
/// `None`: repeat the last password typed in this step (a re-entered hidden password).
const QUESTIONS: [(&str, Option<&str>); 10] = [
    ("Do you want to continue(y/n)?", Some("y")),
    ("(R/I/A):", Some("A")),
    ("(R/B/I):", Some("I")),
    ("(0 or 1):", Some("1")),
    ("Enter filename:", Some("")),
    ("Enter PEM pass phrase:", Some("")),
    ("Re-enter new password:", None),
    ("Re-enter password:", None),
    ("Enter new password:", None),
    ("Enter password:", None),
];

/// Where the output read so far stops: just past a prompt or a question.
enum Stop {
    Prompt(usize),
    Question(usize, Option<&'static str>),
}

/// The first prompt or question in `text`.
fn find_stop(tool: Tool, text: &str) -> Option<Stop> {
    let prompt = prompt_end(tool, text).map(|end| (end, Stop::Prompt(end)));
    let question = QUESTIONS
        .iter()
        .filter_map(|(q, answer)| {
            let end = text.find(q)? + q.len();
            Some((end, Stop::Question(end, *answer)))
        })
        .min_by_key(|(end, _)| *end);
    [prompt, question]
        .into_iter()
        .flatten()
        .min_by_key(|(end, _)| *end)
        .map(|(_, stop)| stop)
}

/// The end of the first prompt at the start of a line of `text`.
fn prompt_end(tool: Tool, text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let found = match tool {
            Tool::Cmu => cmu_prompt_len(line),
            Tool::Kmu => line.starts_with("Command:  ").then_some("Command:  ".len()),
        };
        if let Some(len) = found {
            return Some(start + len);
        }
        start += line.len();
    }
    None
}

fn cmu_prompt_len(line: &str) -> Option<usize> {
    if line.starts_with("aws-cloudhsm>") {
        return Some("aws-cloudhsm>".len());
    }
    let digits = line.strip_prefix("server")?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && digits.as_bytes().get(n) == Some(&b'>')).then_some("server".len() + n + 1)
}

/// A tool process driven one command at a time.
pub(super) struct Dialogue {
    tool: Tool,
    session: Session,
    /// The prompt the tool is waiting at (what the next typed line follows on screen).
    prompt: String,
    /// Whether the tool has exited or stalled; nothing more can be typed.
    over: bool,
}

impl Dialogue {
    /// Starts `tool` on `socket` in `dir` with output profile `profile` and waits for
    /// its first prompt.
    pub(super) fn start(tool: Tool, socket: &Path, dir: &Path, profile: &str) -> Self {
        let binary = match tool {
            Tool::Cmu => CMU,
            Tool::Kmu => KMU,
        };
        let args = socket_args(socket, &["--profile", profile]);
        let session = Session::start(binary, &args, Some(dir), PATIENCE);
        let mut me = Self {
            tool,
            session,
            prompt: String::new(),
            over: false,
        };
        me.read_stop();
        me
    }

    /// Reads up to the next prompt or question; returns the text and the question's
    /// default answer (`Some(None)` for a password), or `None` at a prompt or the end.
    fn read_stop(&mut self) -> (String, Option<Option<&'static str>>) {
        let tool = self.tool;
        let found = self.session.read_until_found(
            |text| {
                find_stop(tool, text).map(|stop| match stop {
                    Stop::Prompt(end) | Stop::Question(end, _) => end,
                })
            },
            PATIENCE,
        );
        match found {
            Ok(text) => {
                let question = match find_stop(tool, &text) {
                    Some(Stop::Question(_, answer)) => Some(answer),
                    _ => None,
                };
                if question.is_none() {
                    let tail = text.rsplit('\n').next().unwrap_or_default();
                    self.prompt = tail.to_owned();
                }
                (text, question)
            }
            Err(rest) => {
                self.over = true;
                (rest, None)
            }
        }
    }

    /// Types `step` and answers the questions it raises; returns what the screen shows
    /// from the typed line to the next prompt (included).
    pub(super) fn type_step(&mut self, step: &Step) -> String {
        if self.over || step.line.is_empty() {
            return String::new();
        }
        let mut answers = step.answers.clone();
        let mut last_password = "password".to_owned();
        self.session.send(&step.line);
        let mut screen = String::new();
        loop {
            let (text, question) = self.read_stop();
            screen.push_str(&text);
            let Some(default) = question else {
                return screen;
            };
            // The guide's next answer to this kind of question: a question the guide does
            // not show (sdk3's deleteUser confirmation) must not take another's answer.
            let asked = text.trim_end();
            let given = answers.iter().position(|a| match (a.question, default) {
                (Some(marker), Some(_)) => asked.ends_with(marker),
                (None, None) => true,
                _ => false,
            });
            let answer = match (given, default) {
                (Some(at), _) => answers.remove(at).text,
                (None, Some(answer)) => answer.to_owned(),
                (None, None) => last_password.clone(),
            };
            if default.is_none() {
                last_password.clone_from(&answer);
            }
            self.session.send(&answer);
        }
    }

    /// The prompt the tool waits at now.
    pub(super) fn prompt(&self) -> &str {
        &self.prompt
    }

    /// Types `lines` (default answers to every question) and discards their output.
    pub(super) fn type_unscored(&mut self, lines: &[String]) {
        for line in lines {
            self.type_step(&Step {
                line: line.clone(),
                answers: Vec::new(),
            });
        }
    }

    /// Leaves the tool (`quit` or `exit`) and waits for it to end.
    pub(super) fn close(mut self) {
        let leave = match self.tool {
            Tool::Cmu => "quit",
            Tool::Kmu => "exit",
        };
        if !self.over {
            self.session.send(leave);
            self.session.close_stdin();
            let _ = self.session.read_until_found(|_| None, PATIENCE);
        }
    }
}
