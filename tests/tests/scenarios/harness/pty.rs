//! Driving a tool under a pseudo-terminal with `expect`, as operators' scripts do, and
//! keeping the raw bytes the tool wrote to the terminal (`log_file`).

use super::tool::SIMULATOR_VARIABLES;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Where the `expect` tool lives (.ci/run installs it).
pub(crate) const EXPECT: &str = "/usr/bin/expect";

/// What an `expect` run left behind.
pub(crate) struct PtyRun {
    /// Every byte the tool wrote to the terminal, as `log_file` captured it.
    pub(crate) raw: Vec<u8>,
    /// The raw log as text with the terminal's `\r\n` turned back into `\n`.
    pub(crate) text: String,
}

/// Quotes `text` for Tcl inside double quotes: the control characters a test types
/// (Enter, Tab, Ctrl keys, escape sequences) become Tcl escapes.
pub(crate) fn tcl(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' | '"' | '[' | ']' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Runs `tool` with `args` under `expect` in `dir`: `body` is Tcl run after the spawn,
/// with `step TEXT` (wait for exact output, failing on timeout or early end) available.
/// Asserts that expect, and so the tool, exited 0 after end of output.
pub(crate) fn expect_session(dir: &Path, tool: &str, args: &[&str], body: &str) -> PtyRun {
    assert!(
        Path::new(EXPECT).exists(),
        "{EXPECT} is missing: these scenarios need the `expect` tool \
         (apt-get install expect; .ci/run installs it)"
    );
    let log = dir.join("pty.log");
    let quoted: Vec<String> = args.iter().map(|a| format!("{{{a}}}")).collect();
    let script = format!(
        r#"set timeout 30
log_user 0
spawn -noecho {{{tool}}} {args}
log_file -noappend -a {{{log}}}
expect_before {{
    timeout {{ puts stderr "expect: timed out"; exit 1 }}
    eof {{ puts stderr "expect: the tool ended early"; exit 2 }}
}}
proc step {{text}} {{ expect -exact $text }}
{body}
expect_before
expect {{
    timeout {{ puts stderr "expect: the tool did not end"; exit 3 }}
    eof
}}
catch wait result
exit [lindex $result 3]
"#,
        args = quoted.join(" "),
        log = log.display(),
    );
    let path = dir.join("session.exp");
    fs::write(&path, script).expect("write expect script");
    let mut command = Command::new(EXPECT);
    command.arg("-f").arg(&path).current_dir(dir);
    for var in SIMULATOR_VARIABLES {
        command.env_remove(var);
    }
    let out = command.output().expect("run expect");
    let raw = fs::read(&log).unwrap_or_default();
    let text = String::from_utf8_lossy(&raw).replace("\r\n", "\n");
    assert!(
        out.status.success(),
        "expect session failed ({}): {}\n--- pty log ---\n{text}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
    );
    PtyRun { raw, text }
}
