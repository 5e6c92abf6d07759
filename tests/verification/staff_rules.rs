//! Staff: PIN cool-down (persisted, escalating, never permanent) and the audited overrides.

use std::time::Duration;

use lobby_kiosk::checkin::{self, Completion};
use lobby_kiosk::otp::{OtpError, Purpose, VerifyOutcome};
use lobby_kiosk::staff::{self, DocumentType, LoginOutcome, StaffError, StaffSession};

use crate::common::*;

fn login(env: &mut Env, pin: &str) -> LoginOutcome {
    let now = env.now();
    staff::login(&mut env.store, now, &directory(), pin).unwrap()
}

pub fn session(env: &mut Env) -> StaffSession {
    match login(env, PIN) {
        LoginOutcome::LoggedIn(s) => s,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_pin_identifies_the_staff_member() {
    let mut env = Env::new();
    assert_eq!(session(&mut env).name(), "Ana Duty");
    let LoginOutcome::LoggedIn(bo) = login(&mut env, OTHER_PIN) else {
        panic!()
    };
    assert_eq!(bo.name(), "Bo Night");
    assert_eq!(env.count("staff_login"), 2);
    assert_eq!(
        login(&mut env, "000000"),
        LoginOutcome::Wrong { cooldown: None }
    );
}

#[test]
fn wrong_pins_trip_an_escalating_persisted_cooldown_capped_at_15_minutes() {
    let mut env = Env::new();
    let m = |n: u64| Duration::from_secs(60 * n);
    for (trip, minutes) in [1u64, 2, 4, 8, 15, 15].into_iter().enumerate() {
        for i in 0..4 {
            assert_eq!(
                login(&mut env, "111111"),
                LoginOutcome::Wrong { cooldown: None },
                "trip {trip} try {i}"
            );
        }
        assert_eq!(
            login(&mut env, "111111"),
            LoginOutcome::Wrong {
                cooldown: Some(m(minutes))
            },
            "trip {trip}"
        );
        env.restart();
        // The right PIN is not even checked while cooling down.
        assert_eq!(
            login(&mut env, PIN),
            LoginOutcome::CoolingDown {
                retry_after: m(minutes)
            }
        );
        env.advance(60 * minutes - 1);
        assert!(matches!(
            login(&mut env, PIN),
            LoginOutcome::CoolingDown { .. }
        ));
        env.advance(1);
    }
    // Never permanent: the right PIN works after the last cool-down, and resets the ladder.
    session(&mut env);
    for _ in 0..4 {
        login(&mut env, "111111");
    }
    assert_eq!(
        login(&mut env, "111111"),
        LoginOutcome::Wrong {
            cooldown: Some(m(1))
        }
    );
    let alerts = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "abuse_alert")
        .collect::<Vec<_>>();
    assert_eq!(alerts.len(), 7);
    assert_eq!(alerts[0].data["cause"], "staff_pin");
    // After a quiet hour the ladder starts again at 1 minute.
    let mut env = Env::new();
    for _ in 0..5 {
        login(&mut env, "111111");
    }
    env.advance(2 * 3600);
    for _ in 0..4 {
        login(&mut env, "111111");
    }
    assert_eq!(
        login(&mut env, "111111"),
        LoginOutcome::Wrong {
            cooldown: Some(m(1))
        }
    );
}

/// Two codes, five wrong entries each: the default policy locks the booking.
fn lock_out(env: &mut Env, r: &lobby_kiosk::lookup::ReservationRef) {
    for _ in 0..2 {
        let issued = env.issue(r, Purpose::CheckIn);
        for i in 0..5 {
            let now = env.now();
            env.engine
                .verify(
                    &mut env.store,
                    now,
                    &issued.challenge,
                    &wrong_code(&issued.code, i),
                )
                .unwrap();
        }
    }
}

#[test]
fn unlock_needs_a_reason_and_is_audited() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    lock_out(&mut env, &r);
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn),
        Err(OtpError::Locked { .. })
    ));
    let s = session(&mut env);
    assert!(matches!(
        staff::unlock(&mut env.store, now, &s, "ABC123", "  "),
        Err(StaffError::ReasonRequired)
    ));
    assert!(staff::unlock(&mut env.store, now, &s, "abc-123", "guest showed passport").unwrap());
    // A fresh start: one wrong code does not re-lock.
    let issued = env.issue(&r, Purpose::CheckIn);
    let out = env
        .engine
        .verify(
            &mut env.store,
            now,
            &issued.challenge,
            &wrong_code(&issued.code, 0),
        )
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Wrong { .. }));
    let (staff_name, reason): (String, String) = env
        .store
        .conn()
        .query_row(
            "SELECT staff, reason FROM staff_audit WHERE kind = 'unlocked'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (staff_name.as_str(), reason.as_str()),
        ("Ana Duty", "guest showed passport")
    );
}

#[test]
fn photo_id_check_then_check_in_without_a_code() {
    let mut env = Env::new();
    let s = session(&mut env);
    let now = env.now();
    // No phone on file: the desk path.
    let check = staff::verify_by_id(
        &mut env.store,
        now,
        &s,
        "NOPH01",
        DocumentType::Passport,
        "no mobile",
    )
    .unwrap();
    let today = env.today();
    let done = checkin::complete(
        &mut env.store,
        now,
        today,
        check.into_verified(Purpose::CheckIn),
    )
    .unwrap();
    assert_eq!(
        done,
        Completion::CheckedIn {
            room: "412".into(),
            already: false
        }
    );
    let events = env.events();
    let over = events.iter().find(|e| e.kind == "staff_override").unwrap();
    assert_eq!(over.data["document_type"], "passport");
    assert_eq!(over.data["staff"], "Ana Duty");
    assert_eq!(over.data["reason"], "no mobile");
    let checked = events.iter().find(|e| e.kind == "checked_in").unwrap();
    assert_eq!(checked.data["method"], "photo_id");
    assert_eq!(checked.data["staff"], "Ana Duty");
    assert!(matches!(
        staff::verify_by_id(
            &mut env.store,
            now,
            &s,
            "CXL001",
            DocumentType::Passport,
            "x"
        ),
        Err(StaffError::NoSuchReservation(_))
    ));
    assert!(matches!(
        staff::verify_by_id(&mut env.store, now, &s, "ABC123", DocumentType::Other, ""),
        Err(StaffError::ReasonRequired)
    ));
}

#[test]
fn phone_change_after_id_check_voids_old_codes_and_enables_sms() {
    let mut env = Env::new();
    let r = env.reference("LAND01", "Ito");
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn),
        Err(OtpError::NotSmsCapable(_))
    ));
    // An open challenge on another booking's old number is voided by the change.
    let abc = env.reference("ABC123", "Lee");
    let old = env.issue(&abc, Purpose::CheckIn);
    let s = session(&mut env);
    let check = staff::verify_by_id(
        &mut env.store,
        now,
        &s,
        "ABC123",
        DocumentType::DrivingLicence,
        "new phone",
    )
    .unwrap();
    assert!(matches!(
        staff::change_phone(&mut env.store, now, &check, "12", "GB", "new phone"),
        Err(StaffError::BadPhone(_))
    ));
    let phone = staff::change_phone(
        &mut env.store,
        now,
        &check,
        "07400 555666",
        "GB",
        "guest changed number",
    )
    .unwrap();
    assert_eq!(phone.e164(), "+447400555666");
    assert!(matches!(
        env.engine
            .verify(&mut env.store, now, &old.challenge, &old.code)
            .unwrap(),
        VerifyOutcome::Closed
    ));
    let ev = env
        .events()
        .into_iter()
        .rfind(|e| e.kind == "contact_updated")
        .unwrap();
    assert_eq!(ev.data["old_phone"], "+44 ••• 958");
    assert_eq!(ev.data["new_phone"], "+447400555666");
    assert_eq!(ev.data["staff"], "Ana Duty");
    assert_eq!(ev.data["document_type"], "driving_licence");
    let issued = env.issue(&abc, Purpose::CheckIn);
    assert_eq!(issued.masked_phone, "+44 ••• ••• •666");
    assert!(matches!(
        env.engine
            .verify(&mut env.store, now, &issued.challenge, &issued.code)
            .unwrap(),
        VerifyOutcome::Verified(_)
    ));
}

#[test]
fn a_remote_unlock_from_sync_gives_the_same_fresh_start() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    lock_out(&mut env, &r);
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn),
        Err(OtpError::Locked { .. })
    ));
    let command = lobby_kiosk::sync::Command {
        id: "c-7".into(),
        kind: "unlock".into(),
        reservation: Some("ABC123".into()),
        staff: Some("Ana".into()),
        reason: Some("ID checked at desk".into()),
        scope: None,
    };
    let tally = lobby_kiosk::sync::apply_commands(
        env.store.conn_mut(),
        &[command],
        std::time::Duration::from_secs(3600),
        now,
    )
    .unwrap();
    assert_eq!(tally.applied, 1);
    let issued = env.issue(&r, Purpose::CheckIn);
    let out = env
        .engine
        .verify(
            &mut env.store,
            now,
            &issued.challenge,
            &wrong_code(&issued.code, 0),
        )
        .unwrap();
    assert!(
        matches!(out, VerifyOutcome::Wrong { .. }),
        "one wrong code after a remote unlock must not re-lock: {out:?}"
    );
    let out = env
        .engine
        .verify(&mut env.store, now, &issued.challenge, &issued.code)
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Verified(_)), "{out:?}");
}
