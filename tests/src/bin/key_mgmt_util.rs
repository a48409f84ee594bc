//! `key_mgmt_util`: the CloudHSM Key Management Utility, against the simulator.

fn main() -> std::process::ExitCode {
    cli_tools::entry::key_mgmt_util()
}
