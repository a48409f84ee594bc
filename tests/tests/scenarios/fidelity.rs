//! Conformance with the AWS user guide: every example session of a guide page, replayed
//! against the real binaries, scored per page as the share of the guide's lines the tools
//! print, under both output profiles. docs/fidelity.md explains the measure and holds the
//! table; this test fails when a page scores lower than the table records, so fidelity
//! only goes up. `FIDELITY_WRITE=1` rewrites the table instead; `FIDELITY_SHOW=<text>`
//! prints the line alignment of the pages whose name contains `<text>`.
//!
//! - `fixture`: the page files under `tests/fidelity/pages/` and their format;
//! - `dialogue`: typing a session into a tool, answering its questions as they come;
//! - `normalize`: what is erased before lines are compared (IPs, handles, serials, ...);
//! - `run`: one session on its own daemon, and its score;
//! - `table`: the table of docs/fidelity.md.

mod dialogue;
mod fixture;
mod normalize;
mod run;
mod table;

use fixture::Page;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The output profiles measured, in table order.
const PROFILES: [&str; 2] = ["sdk3", "legacy"];
/// Sessions run at once: each mostly waits on its tool and daemon.
const WORKERS: usize = 4;

/// Every page fixture, in file-name order.
fn pages() -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fidelity/pages");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| fixture::read(p)).collect()
}

/// Matched lines per (page, profile), sessions run on `WORKERS` threads.
fn score(pages: &[Page]) -> Vec<table::Row> {
    let jobs: Vec<(usize, usize)> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| (0..page.sessions.len()).map(move |s| (p, s)))
        .collect();
    let show = std::env::var("FIDELITY_SHOW").ok();
    let next = AtomicUsize::new(0);
    let matched = Mutex::new(vec![[0usize; 2]; pages.len()]);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                while let Some(&(p, s)) = jobs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let (page, started) = (&pages[p], std::time::Instant::now());
                    let session = &page.sessions[s];
                    let scores = run::session(page.tool, session, &PROFILES);
                    for (profile, result) in scores.iter().enumerate() {
                        if show.as_deref().is_some_and(|f| page.name.contains(f)) {
                            eprintln!(
                                "--- {} / {} / {}: {} of {} ({:.1?} for the session)\n{}",
                                page.name,
                                session.title,
                                PROFILES[profile],
                                result.matched,
                                result.expected,
                                started.elapsed(),
                                result.report
                            );
                        }
                        matched.lock().expect("scores")[p][profile] += result.matched;
                    }
                }
            });
        }
    });
    let matched = matched.into_inner().expect("scores");
    pages
        .iter()
        .zip(matched)
        .map(|(page, [sdk3, legacy])| table::Row {
            page: page.name.clone(),
            tool: page.tool.name(),
            lines: page.sessions.iter().map(|s| s.expected.len()).sum(),
            sdk3,
            legacy,
        })
        .collect()
}

#[test]
fn guide_examples_score_no_lower_than_docs_fidelity_md() {
    let rows = score(&pages());
    let table = table::render(&rows);
    eprintln!("{table}");
    let doc = std::fs::read_to_string(table::DOC).unwrap_or_default();
    if std::env::var_os("FIDELITY_WRITE").is_some() {
        std::fs::write(table::DOC, table::replace(&doc, &table)).expect("write docs/fidelity.md");
        return;
    }
    let recorded = table::recorded(&doc);
    let mut lower = Vec::new();
    for row in &rows {
        let now = [
            table::percent(row.sdk3, row.lines),
            table::percent(row.legacy, row.lines),
        ];
        let Some(&(sdk3, legacy)) = recorded.get(&row.page) else {
            lower.push(format!("{}: not in docs/fidelity.md", row.page));
            continue;
        };
        for ((profile, was), now) in PROFILES.iter().zip([sdk3, legacy]).zip(now) {
            if now.parse::<f64>().expect("a percentage") < was {
                lower.push(format!("{} ({profile}): {now} % < {was:.1} %", row.page));
            }
        }
    }
    assert!(
        lower.is_empty(),
        "fidelity went down (FIDELITY_SHOW=<page> shows the alignment; FIDELITY_WRITE=1 \
         records new scores):\n{}",
        lower.join("\n")
    );
}
