//! The one summary block each subcommand prints: its figures, then each property checked
//! with PASS or FAIL. The exit status is non-zero when any property failed.

use std::fmt::Display;
use std::process::ExitCode;

/// Figures and checked properties of one run.
#[derive(Debug)]
pub(crate) struct Summary {
    title: &'static str,
    figures: Vec<(String, String)>,
    checks: Vec<(String, bool)>,
}

impl Summary {
    /// An empty summary for subcommand `title`.
    pub(crate) fn new(title: &'static str) -> Self {
        Self {
            title,
            figures: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// Adds one figure.
    pub(crate) fn figure(&mut self, name: &str, value: impl Display) {
        self.figures.push((name.to_owned(), value.to_string()));
    }

    /// Adds one property and whether it held.
    pub(crate) fn check(&mut self, property: &str, held: bool) {
        self.checks.push((property.to_owned(), held));
    }

    /// Prints the block and returns the exit status.
    pub(crate) fn finish(&self) -> ExitCode {
        let width = self.figures.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        println!("== {} ==", self.title);
        for (name, value) in &self.figures {
            println!("  {name:<width$}  {value}");
        }
        let failed = self.checks.iter().filter(|(_, ok)| !ok).count();
        for (property, ok) in &self.checks {
            println!("  [{}] {property}", if *ok { "PASS" } else { "FAIL" });
        }
        println!(
            "== {}: {} ==",
            self.title,
            if failed == 0 { "ok" } else { "FAILED" }
        );
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// Milliseconds with one decimal.
pub(crate) fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
