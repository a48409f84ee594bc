//! Every acknowledged change is in the store: a core reopened on a copy of the store sees
//! the same clusters and users; sessions do not survive (STYLE.md "Storage").

use crate::common;
use hsm_proto::{ErrorCode, UserId, UserType};

use common::{code, ok, SharedStore, Sim, ADMIN_PW, USER_PW};
use hsm_core::{Command, CoreConfig};

#[test]
fn a_reopened_core_sees_every_acknowledged_change() {
    let mut sim = Sim::new(3);
    let co = sim.activate();
    sim.create_everywhere(co, UserType::Cu, "bob", USER_PW);
    ok(sim.create(co, 1, UserType::Co, "carol", USER_PW));
    ok(sim.create(co, 2, UserType::Cu, "carl", USER_PW));
    ok(sim.delete(co, 2, UserType::Cu, "carl"));
    ok(sim.change(co, 0, UserType::Cu, "bob", "Bob_new_pw"));
    let sid = sim.session();
    for _ in 0..2 {
        let _ = sim.login(sid, 1, UserType::Cu, "bob", "Wrong_pw1");
    }
    let mut again = sim.reopened();
    assert_eq!(again.core.clusters(), sim.core.clusters());
    assert_eq!(again.all_users(), sim.all_users());
    assert_eq!(again.failures(1, "bob"), 2);
    let sid = again.session();
    ok(again.login(sid, 0, UserType::Cu, "bob", "Bob_new_pw"));
    ok(again.login(sid, 2, UserType::Cu, "bob", USER_PW));
}

#[test]
fn lockout_survives_a_restart() {
    let (mut sim, _) = Sim::with_bob(1);
    let sid = sim.session();
    for _ in 0..5 {
        let _ = sim.login(sid, 0, UserType::Cu, "bob", "Wrong_pw1");
    }
    let mut again = sim.reopened();
    let sid = again.session();
    assert_eq!(
        code(again.login(sid, 0, UserType::Cu, "bob", USER_PW)),
        ErrorCode::LoginFailure
    );
    assert_eq!(again.failures(0, "bob"), 5);
}

#[test]
fn the_id_counter_survives_a_restart() {
    let mut sim = Sim::new(2);
    let co = sim.activate();
    ok(sim.create(co, 0, UserType::Cu, "a", USER_PW));
    ok(sim.create(co, 0, UserType::Cu, "b", USER_PW));
    ok(sim.delete(co, 0, UserType::Cu, "b"));
    let mut again = sim.reopened();
    let sid = again.logged_in_everywhere(UserType::Co, "admin", ADMIN_PW);
    ok(again.create(sid, 0, UserType::Cu, "c", USER_PW));
    ok(again.create(sid, 1, UserType::Cu, "c", USER_PW));
    assert_eq!(again.user(0, "c").unwrap().id, UserId(5));
    assert_eq!(again.user(1, "c").unwrap().id, UserId(3));
}

#[test]
fn a_restored_user_survives_a_restart() {
    let (mut sim, co) = Sim::with_bob(1);
    ok(sim.delete(co, 0, UserType::Cu, "bob"));
    ok(sim.restore(co, 0, "bob"));
    let mut again = sim.reopened();
    assert_eq!(again.all_users(), sim.all_users());
}

#[test]
fn sessions_do_not_survive_a_restart() {
    let (mut sim, _) = Sim::with_bob(1);
    let bob = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let mut again = sim.reopened();
    // The old session is unknown to the restarted core; a new one starts logged out.
    let stale = again.run(bob, 0, Command::LoginState);
    assert_eq!(stale.map_err(|e| e.code()), Err(ErrorCode::NotLoggedIn));
    let fresh = again.session();
    assert_eq!(again.login_state(fresh, 0), None);
    let co = again.logged_in_everywhere(UserType::Co, "admin", ADMIN_PW);
    ok(again.delete(co, 0, UserType::Cu, "bob"));
}

#[test]
fn an_existing_store_keeps_its_hsm_count() {
    let store = SharedStore::default();
    let first = Sim::open(store.clone(), CoreConfig::default(), 3);
    let second = Sim::open(store, CoreConfig::default(), 5);
    assert_eq!(second.hsms, first.hsms);
    assert_eq!(second.hsms.len(), 3);
}

#[test]
fn a_new_cluster_is_stored_before_open_returns() {
    let sim = Sim::new(2);
    let stored = sim.store.state();
    assert_eq!(stored.clusters.len(), 1);
    let cluster = &stored.clusters[0];
    assert_eq!(cluster.hsms.len(), 2);
    assert_eq!(sim.core.clusters()[0].cluster_id, cluster.id);
    for hsm in &cluster.hsms {
        assert_eq!(hsm.replica.next_user_id, UserId(3));
        assert_eq!(hsm.replica.users.len(), 2);
    }
}
