//! After verification: every outcome the kiosk must handle, and idempotent check-in.

use lobby_kiosk::checkin::{self, CheckinError, Completion};
use lobby_kiosk::otp::{Purpose, Verified, VerifyOutcome};
use lobby_kiosk::store::Status;

use crate::common::*;

fn verified(env: &mut Env, conf: &str, last: &str, purpose: Purpose) -> Verified {
    let r = env.reference(conf, last);
    let issued = env.issue_sent(&r, purpose);
    let now = env.now();
    match env
        .engine
        .verify(&mut env.store, now, &issued.challenge, &issued.code)
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("{other:?}"),
    }
}

fn complete(env: &mut Env, v: Verified) -> Result<Completion, CheckinError> {
    let (now, today) = (env.now(), env.today());
    checkin::complete(&mut env.store, now, today, v)
}

fn status(env: &Env, conf: &str) -> Status {
    env.store.reservation(conf).unwrap().unwrap().status
}

#[test]
fn outcomes_table() {
    // (booking, last name, purpose, completion, final status, events written by the step)
    type Row<'a> = (&'a str, &'a str, Purpose, Completion, Status, Vec<&'a str>);
    let table: Vec<Row<'_>> = vec![
        (
            "ABC123",
            "Lee",
            Purpose::CheckIn,
            Completion::CheckedIn {
                room: "412".into(),
                already: false,
            },
            Status::CheckedIn,
            vec!["checked_in"],
        ),
        (
            "PEND01",
            "Okafor",
            Purpose::CheckIn,
            Completion::CheckedIn {
                room: "412".into(),
                already: false,
            },
            Status::CheckedIn,
            vec!["booking_confirmed", "checked_in"],
        ),
        (
            "FUT001",
            "Berg",
            Purpose::ConfirmBooking,
            Completion::BookingConfirmed {
                arrival: "2026-12-01".parse().unwrap(),
            },
            Status::Confirmed,
            vec!["booking_confirmed"],
        ),
        (
            "NORM01",
            "Haddad",
            Purpose::CheckIn,
            Completion::PendingRoom,
            Status::Confirmed,
            vec!["checkin_pending_room"],
        ),
        (
            "NRDY01",
            "Kowalski",
            Purpose::CheckIn,
            Completion::PendingRoom,
            Status::Confirmed,
            vec!["booking_confirmed", "checkin_pending_room"],
        ),
    ];
    for (conf, last, purpose, want, final_status, events) in table {
        let mut env = Env::new();
        let v = verified(&mut env, conf, last, purpose);
        let before = env.events().len();
        assert_eq!(complete(&mut env, v).unwrap(), want, "{conf}");
        assert_eq!(status(&env, conf), final_status, "{conf}");
        let written: Vec<String> = env.events()[before..]
            .iter()
            .map(|e| e.kind.clone())
            .collect();
        assert_eq!(written, events, "{conf}");
        for e in &env.events()[before..] {
            assert_eq!(e.data["method"], "sms");
            assert_eq!(e.data["purpose"], purpose.as_str());
            assert_eq!(e.reservation.as_deref(), Some(conf));
        }
    }
}

#[test]
fn a_second_check_in_shows_the_same_room_and_writes_no_second_checked_in() {
    let mut env = Env::new();
    let v = verified(&mut env, "ABC123", "Lee", Purpose::CheckIn);
    assert_eq!(
        complete(&mut env, v).unwrap(),
        Completion::CheckedIn {
            room: "412".into(),
            already: false
        }
    );
    env.restart();
    // Found again as in-house, verified again: same room, no new event.
    let r = env.reference("ABC123", "Lee");
    assert_eq!(r.purposes(), &[Purpose::VerifyIdentity]);
    let again = lobby_kiosk::staff::IdCheck::clone(&staff_id_check(&mut env, "ABC123"))
        .into_verified(Purpose::CheckIn);
    assert_eq!(
        complete(&mut env, again).unwrap(),
        Completion::CheckedIn {
            room: "412".into(),
            already: true
        }
    );
    assert_eq!(env.count("checked_in"), 1);
}

fn staff_id_check(env: &mut Env, conf: &str) -> lobby_kiosk::staff::IdCheck {
    let session = crate::staff_rules::session(env);
    let now = env.now();
    lobby_kiosk::staff::verify_by_id(
        &mut env.store,
        now,
        &session,
        conf,
        lobby_kiosk::staff::DocumentType::Passport,
        "repeat",
    )
    .unwrap()
}

#[test]
fn in_house_guest_reverifies_for_room_info_and_may_change_email() {
    let mut env = Env::new();
    let v = verified(&mut env, "INH001", "Novak", Purpose::VerifyIdentity);
    let Completion::IdentityVerified { room, email } = complete(&mut env, v).unwrap() else {
        panic!()
    };
    assert_eq!(room.as_deref(), Some("412"));
    assert_eq!(env.count("identity_verified"), 1);
    let now = env.now();
    assert!(matches!(
        checkin::update_email(&mut env.store, now, email.clone(), "not-an-email"),
        Err(CheckinError::BadEmail(_))
    ));
    checkin::update_email(&mut env.store, now, email, "jan@example.net").unwrap();
    assert_eq!(
        env.store
            .reservation("INH001")
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("jan@example.net")
    );
    let ev = env
        .events()
        .into_iter()
        .rfind(|e| e.kind == "contact_updated")
        .unwrap();
    assert_eq!(ev.data["field"], "email");
    assert_eq!(ev.data["old_email"], "kim@example.org");
    assert_eq!(ev.data["new_email"], "jan@example.net");
    assert_eq!(ev.data["method"], "sms");
}

#[test]
fn a_booking_cancelled_meanwhile_is_not_checked_in() {
    let mut env = Env::new();
    let v = verified(&mut env, "ABC123", "Lee", Purpose::CheckIn);
    let now = env.now();
    lobby_kiosk::store::Store::set_status_in(env.store.conn(), "ABC123", Status::Cancelled, now)
        .unwrap();
    assert!(matches!(
        complete(&mut env, v),
        Err(CheckinError::NotAvailable)
    ));
    assert_eq!(env.count("checked_in"), 0);
}

#[test]
fn assistance_requests_are_journaled() {
    let mut env = Env::new();
    let now = env.now();
    checkin::request_assistance(&mut env.store, now, Some("NOPH01"), "no_phone").unwrap();
    let ev = env
        .events()
        .into_iter()
        .rfind(|e| e.kind == "assistance_requested")
        .unwrap();
    assert_eq!(ev.data["cause"], "no_phone");
}

/// Another process (a syncer applying a big pull, an import) holds the write lock for longer
/// than SQLite's usual 5 s busy timeout: the guest's check-in waits its turn and succeeds.
#[test]
fn a_check_in_waits_for_another_processs_long_write_instead_of_failing() {
    use std::time::{Duration, Instant};
    let mut env = Env::new();
    let v = verified(&mut env, "ABC123", "Lee", Purpose::CheckIn);
    let path = env.store.path().to_path_buf();
    let hold = Duration::from_secs(6);
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('other_process', x'01');",
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let started = Instant::now();
    let done = complete(&mut env, v);
    let waited = started.elapsed();
    other.join().unwrap();
    assert!(
        matches!(done, Ok(Completion::CheckedIn { .. })),
        "{done:?} after {waited:?}"
    );
    assert!(waited >= hold - Duration::from_millis(500), "{waited:?}");
    assert_eq!(status(&env, "ABC123"), Status::CheckedIn);
}
