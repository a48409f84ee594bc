//! `hsm-daemon`: serves simulated CloudHSM clusters on a Unix socket.

fn main() -> std::process::ExitCode {
    hsm_daemon::cli::main()
}
