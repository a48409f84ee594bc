use crate::harness::{cmu, TestDaemon};

#[test]
fn fresh_cluster_lists_the_preco_on_every_server() {
    let daemon = TestDaemon::start(3);
    let out = cmu(&daemon.socket(), "listUsers\nquit\n");
    assert_eq!(out.matches("PRECO           admin").count(), 3, "{out}");
}
