//! End-to-end scenarios: real binaries against real daemons.

mod smoke;
