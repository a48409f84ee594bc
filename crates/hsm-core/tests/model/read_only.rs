//! Commands that change nothing: `listUsers`, `getHSMInfo`, login state (`info server`),
//! and the cluster description (docs/cmu.md §2.2, §3.7, §3.9, §3.11; docs/cluster.md §1.1, §2.6).

use crate::common;
use hsm_proto::{ErrorCode, UserId, UserInfo, UserType};

use common::{code, ok, Sim, USER_PW};
use hsm_core::{Command, Reply};

#[test]
fn a_fresh_hsm_lists_exactly_admin_and_app_user() {
    let mut sim = Sim::new(1);
    let row = |id, user_type, name: &str| UserInfo {
        id,
        user_type,
        name: name.into(),
        mofn_pub_key: false,
        login_failure_count: 0,
        two_factor: false,
    };
    assert_eq!(
        sim.users(0),
        [
            row(UserId(1), UserType::Preco, "admin"),
            row(UserId(2), UserType::Au, "app_user")
        ]
    );
}

#[test]
fn everyone_may_list_users_get_hsm_info_and_ask_the_login_state() {
    let (mut sim, co) = Sim::with_bob(1);
    let cu = sim.logged_in_everywhere(UserType::Cu, "bob", USER_PW);
    let anonymous = sim.session();
    for sid in [anonymous, cu, co] {
        for command in [Command::ListUsers, Command::HsmInfo, Command::LoginState] {
            ok(sim.run(sid, 0, command));
        }
    }
}

#[test]
fn users_are_listed_in_id_order() {
    let mut sim = Sim::new(1);
    let co = sim.activate();
    for name in ["zed", "amy", "Mia"] {
        ok(sim.create(co, 0, UserType::Cu, name, USER_PW));
    }
    let ids: Vec<u32> = sim.users(0).iter().map(|u| u.id.0).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
}

#[test]
fn hsm_info_has_the_guides_fields_and_figures_of_each_hsms_own() {
    let mut sim = Sim::new(2);
    let sid = sim.session();
    let mut serials = Vec::new();
    for i in 0..2 {
        let fields = match sim.run(sid, i, Command::HsmInfo) {
            Ok(Reply::HsmInfo(info)) => info.fields,
            other => panic!("{other:?}"),
        };
        let get = |key: &str| {
            fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(fields[0], ("Label".into(), "cavium".into()));
        assert_eq!(get("Model"), Some("NITROX-III CNN35XX-NFBE"));
        // Kept as text: the guide prints a leading zero.
        assert_eq!(get("Firmware Minor"), Some("03"));
        assert_eq!(get("TotalPublicMemory"), Some("560596"));
        // The guide's shape, digits of the HSM's own (docs/cmu.md §3.7).
        let serial = get("Serial Number").expect("serial").to_owned();
        let digits = serial.strip_prefix("3.0A0101-ICM").expect("guide's prefix");
        assert!(digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()));
        let celsius = get("Temperature").expect("temperature");
        let degrees: u32 = celsius
            .strip_suffix(" C")
            .expect("unit")
            .parse()
            .expect("number");
        assert!((45..=64).contains(&degrees), "{celsius}");
        let free: u32 = get("FreePublicMemory")
            .expect("free")
            .parse()
            .expect("number");
        assert!(free < 560_596);
        // Asked again, the HSM gives the same figures: they are not random.
        match sim.run(sid, i, Command::HsmInfo) {
            Ok(Reply::HsmInfo(again)) => assert_eq!(again.fields, fields),
            other => panic!("{other:?}"),
        }
        serials.push(serial);
    }
    assert_ne!(serials[0], serials[1]);
}

#[test]
fn unknown_hsm_is_no_such_hsm() {
    let mut sim = Sim::new(1);
    let sid = sim.session();
    let err = code({
        let step = sim
            .core
            .execute(sid, "hsm-doesnotexist", Command::ListUsers);
        sim.drive(sid, step).result
    });
    assert_eq!(err, ErrorCode::NoSuchHsm);
}

#[test]
fn clusters_describe_every_hsm_with_distinct_ids_and_addresses() {
    let sim = Sim::new(4);
    let clusters = sim.core.clusters();
    assert_eq!(clusters.len(), 1);
    let cluster = &clusters[0];
    assert!(cluster.cluster_id.starts_with("cluster-"));
    assert_eq!(cluster.hsms.len(), 4);
    let mut ids: Vec<_> = cluster.hsms.iter().map(|h| h.hsm_id.clone()).collect();
    let mut ips: Vec<_> = cluster.hsms.iter().map(|h| h.eni_ip.clone()).collect();
    ids.sort();
    ids.dedup();
    ips.sort();
    ips.dedup();
    assert_eq!((ids.len(), ips.len()), (4, 4));
    for hsm in &cluster.hsms {
        assert!(hsm.hsm_id.as_str().starts_with("hsm-"));
        assert_eq!(hsm.cluster_id, cluster.cluster_id);
        assert_eq!(hsm.port, 2225);
    }
}

#[test]
fn the_hsm_count_is_clamped_to_1_through_28() {
    assert_eq!(Sim::new(0).hsms.len(), 1);
    assert_eq!(Sim::new(40).hsms.len(), 28);
}

#[test]
fn ids_are_deterministic() {
    assert_eq!(Sim::new(3).core.clusters(), Sim::new(3).core.clusters());
}
