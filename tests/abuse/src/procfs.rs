//! What `/proc/<pid>` says about the daemon: resident memory, threads, CPU time, open
//! descriptors.

use std::fs;

/// A snapshot of one process.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Usage {
    /// `VmRSS` in KiB.
    pub(crate) rss_kib: u64,
    /// `Threads`.
    pub(crate) threads: u64,
    /// Open descriptors (entries of `/proc/<pid>/fd`).
    pub(crate) fds: u64,
}

impl Usage {
    /// Reads the snapshot (zeros when the process is gone).
    pub(crate) fn of(pid: u32) -> Self {
        let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        let fds = fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count() as u64);
        Self {
            rss_kib: field("VmRSS:"),
            threads: field("Threads:"),
            fds,
        }
    }

    /// `rss=<MiB> MiB threads=<n> fds=<n>`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "rss={:.1} MiB threads={} fds={}",
            self.rss_kib as f64 / 1024.0,
            self.threads,
            self.fds
        )
    }
}

/// User plus system CPU time of `pid` in clock ticks (`/proc/<pid>/stat` fields 14, 15).
pub(crate) fn cpu_ticks(pid: u32) -> u64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // `pid (comm) state ...`: fields after the last `)` start at field 3.
    let Some((_, after)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let get = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    get(11) + get(12)
}

/// Clock ticks per second (`_SC_CLK_TCK`).
pub(crate) fn ticks_per_second() -> u64 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .and_then(|t| u64::try_from(t).ok())
        .unwrap_or(100)
}

/// The command name of `pid` (`/proc/<pid>/comm`).
pub(crate) fn comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}
