//! `cloudhsm_mgmt_util`: the CloudHSM Management Utility, against the simulator.

fn main() -> std::process::ExitCode {
    cli_tools::entry::cloudhsm_mgmt_util()
}
