//! SMS-pumping detection with a manual clock: a prefix whose sends are almost never verified
//! is paused (1 h, doubling on repeat), the guests behind it are sent to the desk, staff can
//! lift the pause (audited), a healthy prefix and other countries are never touched.

use std::time::Duration;

use lobby_kiosk::config::{OtpPolicy, PumpingPolicy};
use lobby_kiosk::lookup::ReservationRef;
use lobby_kiosk::otp::{OtpError, Purpose, SendCap, VerifyOutcome, pumping};
use lobby_kiosk::store::Reservation;

use crate::common::*;

/// Numbers in one range, one booking each (a fraudster's block of premium or partner numbers).
fn range_bookings(env: &mut Env, prefix: &str, n: usize) -> Vec<ReservationRef> {
    let list: Vec<Reservation> = (0..n)
        .map(|i| {
            let mut r = record(
                &format!("PUMP{i:02}"),
                "Pump",
                &format!("P{i}"),
                "confirmed",
                "2026-11-25",
                "2026-11-27",
            );
            r.phone = Some(format!("{prefix}{i:03}"));
            Reservation::from_record(&r, "GB").unwrap()
        })
        .collect();
    let now = env.now();
    env.store.upsert_reservations(&list, now).unwrap();
    (0..n)
        .map(|i| env.reference(&format!("PUMP{i:02}"), "Pump"))
        .collect()
}

fn policy() -> OtpPolicy {
    OtpPolicy {
        pumping: PumpingPolicy {
            prefix_digits: 7,
            window: Duration::from_secs(3600),
            min_sends: 5,
            min_verified_percent: 20,
            pause: Duration::from_secs(3600),
        },
        ..OtpPolicy::default()
    }
}

fn issue(env: &mut Env, r: &ReservationRef) -> Result<lobby_kiosk::otp::IssuedCode, OtpError> {
    let now = env.now();
    env.engine
        .issue_code(&mut env.store, now, r, Purpose::CheckIn)
}

#[test]
fn a_range_that_never_verifies_is_paused_and_its_guests_sent_to_the_desk() {
    let mut env = Env::with(policy(), Default::default());
    // +44 7400 9xx xxx: seven-digit prefix 4474009.
    let range = range_bookings(&mut env, "+447400900", 8);
    for r in &range[..5] {
        env.issue_sent(r, Purpose::CheckIn);
        env.advance(60);
    }
    let alert = env
        .events()
        .into_iter()
        .find(|e| e.kind == "abuse_alert" && e.data["cause"] == "sms_pumping")
        .expect("an sms_pumping alert");
    assert_eq!(alert.data["prefix"], "4474009");
    assert_eq!(alert.data["sends"], 5);
    assert_eq!(alert.data["verified"], 0);
    assert_eq!(alert.data["pause_s"], 3600);
    assert!(
        !alert.data.to_string().contains("447400900"),
        "never more of the number than the prefix"
    );
    // A restart keeps the pause.
    env.restart();
    match issue(&mut env, &range[5]) {
        Err(OtpError::SendLimit {
            cap: SendCap::Pumping,
            retry_after,
        }) => assert!(retry_after <= Duration::from_secs(3600)),
        other => panic!("{other:?}"),
    }
    // The guest screen's rule for it: the desk.
    assert_eq!(
        OtpError::SendLimit {
            cap: SendCap::Pumping,
            retry_after: Duration::from_secs(60)
        }
        .guest_outcome(),
        lobby_kiosk::otp::GuestOutcome::SeeDesk
    );
    // Another range of the same country, and another country, are untouched.
    let uk = env.reference("ABC123", "Lee");
    assert!(
        issue(&mut env, &uk).is_ok(),
        "+44 7400 123… is another range"
    );
    let pt = env.reference("PT0001", "Sousa");
    assert!(issue(&mut env, &pt).is_ok());
    let now = env.now();
    let pauses = pumping::pauses(env.store.conn(), now.as_millisecond()).unwrap();
    assert_eq!(pauses.len(), 1);
    assert_eq!(pauses[0].prefix, "4474009");
    // An hour later the pause is over by itself.
    env.advance(3600);
    assert!(issue(&mut env, &range[6]).is_ok());
}

#[test]
fn a_lifted_pause_is_audited_counts_afresh_and_doubles_on_repeat() {
    let mut env = Env::with(policy(), Default::default());
    let range = range_bookings(&mut env, "+447400900", 12);
    for r in &range[..5] {
        env.issue_sent(r, Purpose::CheckIn);
        env.advance(60);
    }
    assert!(matches!(
        issue(&mut env, &range[5]),
        Err(OtpError::SendLimit {
            cap: SendCap::Pumping,
            ..
        })
    ));
    let now = env.now();
    let tx = env.store.conn_mut().transaction().unwrap();
    assert!(
        pumping::lift(
            &tx,
            now,
            "4474009",
            "Ana Duty",
            "guest group from one carrier",
            None
        )
        .unwrap()
    );
    tx.commit().unwrap();
    let audit = env
        .events()
        .into_iter()
        .rev()
        .find(|e| e.kind == "staff_override")
        .unwrap();
    assert_eq!(audit.data["action"], "lift_pumping_pause");
    assert_eq!(audit.data["staff"], "Ana Duty");
    assert_eq!(audit.data["prefix"], "4474009");
    env.advance(1);
    // Counted afresh after the lift: four more sends do not trip it again…
    for r in &range[5..9] {
        env.issue_sent(r, Purpose::CheckIn);
        env.advance(60);
    }
    assert_eq!(
        pumping::pauses(env.store.conn(), env.now().as_millisecond())
            .unwrap()
            .len(),
        0
    );
    // …a fifth unverified one does, for twice as long: issuing it is the attempt that counts.
    assert!(issue(&mut env, &range[9]).is_ok());
    assert!(matches!(
        issue(&mut env, &range[10]),
        Err(OtpError::SendLimit {
            cap: SendCap::Pumping,
            ..
        })
    ));
    let alerts: Vec<_> = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "abuse_alert" && e.data["cause"] == "sms_pumping")
        .collect();
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[1].data["pause_s"], 7200);
}

#[test]
fn a_range_whose_guests_verify_is_never_paused() {
    let mut env = Env::with(policy(), Default::default());
    let range = range_bookings(&mut env, "+447400900", 12);
    for (i, r) in range.iter().enumerate() {
        let issued = env.issue_sent(r, Purpose::CheckIn);
        // One guest in four types the code: above the 20 % floor.
        if i % 4 == 0 {
            assert!(matches!(
                env.enter(&issued.challenge, &issued.code),
                VerifyOutcome::Verified(_)
            ));
        }
        env.advance(60);
    }
    assert_eq!(
        env.events()
            .iter()
            .filter(|e| e.kind == "abuse_alert")
            .count(),
        0
    );
}

/// A stranger who asks for codes by name for guests whose numbers share a prefix can pause only
/// the name search for that range: the guests still get their codes by booking number.
#[test]
fn codes_asked_by_name_pause_only_the_name_search_for_the_range() {
    let mut env = Env::with(policy(), Default::default());
    let range = range_bookings(&mut env, "+447400900", 8);
    let by_name = |env: &mut Env, i: usize| match env.lookup(lobby_kiosk::lookup::Query::Name {
        last_name: "Pump",
        first_name: &format!("P{i}"),
    }) {
        lobby_kiosk::lookup::LookupOutcome::Found(f) => f.reservation,
        other => panic!("P{i}: {other:?}"),
    };
    for i in 0..5 {
        let r = by_name(&mut env, i);
        env.issue_sent(&r, Purpose::CheckIn);
        env.advance(60);
    }
    let alert = env
        .events()
        .into_iter()
        .find(|e| e.kind == "abuse_alert" && e.data["cause"] == "sms_pumping")
        .expect("the name path's pattern is still seen");
    assert_eq!(alert.data["prefix"], "4474009");
    assert_eq!(alert.data["scope"], "name");
    // The name search for the range is paused…
    let stranger = by_name(&mut env, 5);
    assert!(matches!(
        issue(&mut env, &stranger),
        Err(OtpError::SendLimit {
            cap: SendCap::Pumping,
            ..
        })
    ));
    // …the guests with their booking numbers are not.
    assert!(issue(&mut env, &range[5]).is_ok());
    assert!(issue(&mut env, &range[0]).is_ok());
    let now = env.now();
    let pauses = pumping::pauses(env.store.conn(), now.as_millisecond()).unwrap();
    assert_eq!(pauses.len(), 1);
    assert_eq!(pauses[0].prefix, "4474009");
    assert_eq!(pauses[0].scope, lobby_kiosk::otp::limits::LockScope::Name);
}

#[test]
fn a_pause_lifted_from_the_desk_arrives_as_a_command_applied_once_and_bad_ones_are_refused() {
    let mut env = Env::with(policy(), Default::default());
    let range = range_bookings(&mut env, "+447400900", 8);
    for r in &range[..5] {
        env.issue_sent(r, Purpose::CheckIn);
        env.advance(60);
    }
    assert!(issue(&mut env, &range[5]).is_err(), "paused");
    let lift = |id: &str, prefix: Option<&str>, reason: Option<&str>| lobby_kiosk::sync::Command {
        id: id.into(),
        kind: "lift_pumping_pause".into(),
        staff: Some("anna".into()),
        reason: reason.map(str::to_owned),
        prefix: prefix.map(str::to_owned),
        ..Default::default()
    };
    let tally = env.apply_commands(&[
        lift("c-1", Some("44740"), None),
        lift("c-2", Some("+44 740"), Some("tour group")),
        lift("c-3", None, Some("tour group")),
        lift("c-4", Some("+4474009"), Some("tour group on one carrier")),
    ]);
    assert_eq!(
        (tally.applied, tally.rejected),
        (1, 3),
        "no reason, not digits, no prefix"
    );
    let again = env.apply_commands(&[lift(
        "c-4",
        Some("+4474009"),
        Some("tour group on one carrier"),
    )]);
    assert_eq!(again.duplicates, 1, "redelivered: applied once");
    let audit: Vec<_> = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "staff_override")
        .collect();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].data["action"], "lift_pumping_pause");
    assert_eq!(audit[0].data["prefix"], "4474009");
    assert_eq!(audit[0].data["command_id"], "c-4");
    assert_eq!(audit[0].data["source"], "upstream");
    assert_eq!(audit[0].data["was_paused"], true);
    assert!(
        pumping::pauses(env.store.conn(), env.now().as_millisecond())
            .unwrap()
            .is_empty()
    );
    assert!(issue(&mut env, &range[5]).is_ok(), "sends go again");
}
