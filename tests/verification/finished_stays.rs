//! Stays the PMS closed early: `checked_out` (left) and `no_show` (never came), arriving by
//! `kiosk import-reservations` (CSV or JSON), are found as nothing — the same answer as a
//! booking that does not exist — and a code verified before the news completes nothing.

use lobby_kiosk::checkin::{self, CheckinError};
use lobby_kiosk::config::LookupPolicy;
use lobby_kiosk::import::import_file;
use lobby_kiosk::lookup::{LookupOutcome, Query};
use lobby_kiosk::otp::{Purpose, VerifyOutcome};
use lobby_kiosk::store::Status;

use crate::common::*;

/// Limits loose enough that the many misses here never trip the cool-down.
fn many_lookups() -> Env {
    Env::with(
        Default::default(),
        LookupPolicy {
            failures_before_cooldown: 1000,
            max_lookups_per_window: 1000,
            ..LookupPolicy::default()
        },
    )
}

const CSV: &str = "confirmation,last_name,first_name,arrival,departure,phone,status,room,token\n\
    OUT001,Adeyemi,Tola,2026-11-24,2026-11-27,+447400123958,checked_out,512,tok-out-1\n\
    NOSH01,Brandt,Lena,2026-11-25,2026-11-27,+447400123958,no_show,513,tok-nosh-1\n\
    INH001,Novak,Jan,2026-11-24,2026-11-27,+447400123958,checked_out,412,tok-SECRET-0001\n";

const JSON: &str = r#"[
  {"confirmation": "OUT002", "last_name": "Weiss", "first_name": "Mia", "arrival": "2026-11-25",
   "departure": "2026-11-26", "phone": "+447400123958", "status": "checked_out", "room": "514",
   "token": "tok-out-2"},
  {"confirmation": "NOSH02", "last_name": "Ito", "first_name": "Ren", "arrival": "2026-11-25",
   "departure": "2026-11-28", "phone": "+447400123958", "status": "no_show", "room": "515",
   "token": "tok-nosh-2"}
]"#;

fn import(env: &mut Env, name: &str, text: &str) {
    let file = env.dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let now = env.now();
    import_file(&mut env.store, &file, "GB", now).unwrap();
}

/// The data of the last `lookup_failed` event (what a miss leaves behind).
fn last_miss(env: &Env) -> serde_json::Value {
    env.events()
        .into_iter()
        .rfind(|e| e.kind == "lookup_failed")
        .map(|e| e.data)
        .expect("a lookup_failed event")
}

#[test]
fn checked_out_and_no_show_from_csv_and_json_are_found_as_nothing() {
    let mut env = many_lookups();
    // Before: the in-house guest is found for My stay.
    assert_eq!(
        env.reference("INH001", "Novak").purposes(),
        &[Purpose::VerifyIdentity]
    );
    import(&mut env, "arrivals.csv", CSV);
    import(&mut env, "arrivals.json", JSON);
    let closed = [
        ("OUT001", "Adeyemi", "Tola", Status::CheckedOut),
        ("NOSH01", "Brandt", "Lena", Status::NoShow),
        ("INH001", "Novak", "Jan", Status::CheckedOut),
        ("OUT002", "Weiss", "Mia", Status::CheckedOut),
        ("NOSH02", "Ito", "Ren", Status::NoShow),
    ];
    for (conf_no, last, first, status) in closed {
        let r = env.store.reservation(conf_no).unwrap().unwrap();
        assert_eq!(r.status, status, "{conf_no} imported as {status:?}");
        // Each way of asking gets the answer an unknown booking gets, and leaves the same trace.
        let asks: [(Query<'_>, Query<'_>); 2] = [
            (
                Query::Confirmation {
                    confirmation: conf_no,
                    last_name: last,
                },
                Query::Confirmation {
                    confirmation: "NOPE01",
                    last_name: last,
                },
            ),
            (
                Query::Name {
                    last_name: last,
                    first_name: first,
                },
                Query::Name {
                    last_name: "Nobody",
                    first_name: first,
                },
            ),
        ];
        for (q, unknown) in asks {
            let missing = env.lookup(unknown);
            let unknown_trace = last_miss(&env);
            assert_eq!(env.lookup(q), missing, "{conf_no}: {q:?}");
            assert_eq!(missing, LookupOutcome::NotFound);
            assert_eq!(last_miss(&env), unknown_trace, "{conf_no}: {q:?}");
        }
        // A scan without a PMS secret asks for the surname whether or not the number exists
        // (it reads nothing); the surname lookup that follows is the one above.
        assert_eq!(
            env.lookup(Query::Scan(conf_no)),
            LookupOutcome::AskForSurname {
                confirmation: conf_no.to_owned()
            }
        );
    }
}

#[test]
fn a_code_verified_before_the_check_out_arrived_completes_nothing() {
    let mut env = Env::new();
    let r = env.reference("INH001", "Novak");
    let issued = env.issue_sent(&r, Purpose::VerifyIdentity);
    let now = env.now();
    let VerifyOutcome::Verified(verified) = env
        .engine
        .verify(&mut env.store, now, &issued.challenge, &issued.code)
        .unwrap()
    else {
        panic!("the right code verifies")
    };
    import(&mut env, "left-early.csv", CSV);
    let (now, today) = (env.now(), env.today());
    assert!(matches!(
        checkin::complete(&mut env.store, now, today, verified),
        Err(CheckinError::NotAvailable)
    ));
    assert_eq!(env.count("identity_verified"), 0);
}
