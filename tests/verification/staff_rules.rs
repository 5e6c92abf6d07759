//! Staff: the PIN pad's guard (every wrong PIN journaled, a lock after ten in a day that
//! doubles and only IT lifts early, 6-digit PINs) and the audited overrides.

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

const WRONG: &str = "111111";

fn hours(n: u64) -> Duration {
    Duration::from_secs(3600 * n)
}

/// Wrong PINs until the pad locks: five, the one-minute pause, five more. Returns the lock.
fn lock_pad(env: &mut Env) -> Duration {
    for i in 0..4 {
        assert_eq!(
            login(env, WRONG),
            LoginOutcome::Wrong { cooldown: None },
            "try {i}"
        );
    }
    assert_eq!(
        login(env, WRONG),
        LoginOutcome::Wrong {
            cooldown: Some(Duration::from_secs(60))
        },
        "the fifth wrong PIN pauses the pad"
    );
    env.advance(60);
    for i in 0..4 {
        assert_eq!(
            login(env, WRONG),
            LoginOutcome::Wrong { cooldown: None },
            "try {}",
            i + 6
        );
    }
    match login(env, WRONG) {
        LoginOutcome::PadLocked { retry_after } => retry_after,
        other => panic!("the tenth wrong PIN must lock the pad: {other:?}"),
    }
}

fn failed_logins(env: &Env) -> Vec<serde_json::Value> {
    env.events()
        .into_iter()
        .filter(|e| e.kind == "staff_login_failed")
        .map(|e| e.data)
        .collect()
}

fn pad_alerts(env: &Env) -> Vec<serde_json::Value> {
    env.events()
        .into_iter()
        .filter(|e| e.kind == "abuse_alert" && e.data["cause"] == "staff_pad_locked")
        .map(|e| e.data)
        .collect()
}

#[test]
fn every_wrong_pin_is_journaled_without_the_pin_or_anything_derived_from_it() {
    let mut env = Env::new();
    let typed = ["1111", "93846173", "000000", "271828182845"];
    for pin in typed {
        login(&mut env, pin);
    }
    let failed = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "staff_login_failed")
        .collect::<Vec<_>>();
    assert_eq!(failed.len(), typed.len(), "one event per wrong PIN");
    for (i, e) in failed.iter().enumerate() {
        assert_eq!(e.reservation, None);
        assert_eq!(e.data["kiosk"], KIOSK);
        assert_eq!(e.data["cause"], "wrong_pin");
        assert_eq!(e.data["failures"], i as u64 + 1);
        // Only these fields: nothing that depends on what was typed (not even its length).
        let keys: Vec<&str> = e
            .data
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        for k in &keys {
            assert!(
                ["kiosk", "cause", "failures", "cooldown_s", "locked_s"].contains(k),
                "unexpected field {k} in {}",
                e.data
            );
        }
        let text = e.data.to_string();
        for pin in typed {
            assert!(!text.contains(pin), "{text}");
        }
    }
    // Events for PINs of different lengths differ only in the count.
    let without_count = |i: usize| {
        let mut d = failed[i].data.clone();
        d["failures"] = 0.into();
        d
    };
    for i in 1..typed.len() {
        assert_eq!(without_count(0), without_count(i));
    }
    // A good login is not a failure.
    session(&mut env);
    assert_eq!(failed_logins(&env).len(), typed.len());
}

#[test]
fn ten_wrong_pins_in_a_day_lock_the_pad_for_an_hour_doubling_up_to_a_day() {
    let mut env = Env::new();
    for (n, lock) in [1, 2, 4, 8, 16, 24, 24].into_iter().enumerate() {
        assert_eq!(lock_pad(&mut env), hours(lock), "lock #{}", n + 1);
        env.restart();
        // The right PIN is not even checked while locked, across a restart.
        assert!(
            matches!(login(&mut env, PIN), LoginOutcome::PadLocked { retry_after } if retry_after == hours(lock)),
            "lock #{}",
            n + 1
        );
        env.advance(3600 * lock - 1);
        assert!(matches!(
            login(&mut env, PIN),
            LoginOutcome::PadLocked { .. }
        ));
        env.advance(1);
    }
    // Never permanent: the right PIN works once the lock ran out.
    assert_eq!(session(&mut env).name(), "Ana Duty");
    let alerts = pad_alerts(&env);
    assert_eq!(alerts.len(), 7, "an abuse_alert for every lock");
    assert_eq!(alerts[0]["count"], 10);
    assert_eq!(alerts[0]["level"], 0);
    assert_eq!(alerts[0]["locked_s"], 3600);
    assert_eq!(alerts[6]["locked_s"], 24 * 3600);
    let locking = failed_logins(&env)
        .into_iter()
        .filter(|d| !d["locked_s"].is_null())
        .count();
    assert_eq!(locking, 7, "the locking PIN is journaled too");

    // A quiet day after a lock ends starts the ladder again at 1 h.
    env.advance(24 * 3600 + 1);
    assert_eq!(lock_pad(&mut env), hours(1));
}

#[test]
fn wrong_pins_count_over_24_hours_and_older_ones_drop_out() {
    let mut env = Env::new();
    // Ten wrong PINs spread over 22.5 hours still lock the pad.
    for _ in 0..9 {
        login(&mut env, WRONG);
        env.advance(9000);
    }
    assert!(matches!(
        login(&mut env, WRONG),
        LoginOutcome::PadLocked { .. }
    ));
    // One wrong PIN, nine more an hour later; by then the first is a day old and no longer
    // counts, so the tenth does not lock but the eleventh does.
    let mut env = Env::new();
    login(&mut env, WRONG);
    env.advance(3600);
    for _ in 0..8 {
        login(&mut env, WRONG);
        env.advance(61);
    }
    env.advance(24 * 3600 - (3600 + 8 * 61) + 1);
    assert_eq!(
        login(&mut env, WRONG),
        LoginOutcome::Wrong { cooldown: None }
    );
    assert_eq!(failed_logins(&env).last().unwrap()["failures"], 9);
    assert!(matches!(
        login(&mut env, WRONG),
        LoginOutcome::PadLocked { .. }
    ));
}

#[test]
fn a_good_login_does_not_reset_the_count() {
    let mut env = Env::new();
    for _ in 0..4 {
        login(&mut env, WRONG);
    }
    session(&mut env);
    // The fifth wrong PIN since the first still pauses the pad.
    assert_eq!(
        login(&mut env, WRONG),
        LoginOutcome::Wrong {
            cooldown: Some(Duration::from_secs(60))
        }
    );
    env.advance(60);
    for _ in 0..4 {
        login(&mut env, WRONG);
    }
    session(&mut env);
    session(&mut env);
    assert!(
        matches!(login(&mut env, WRONG), LoginOutcome::PadLocked { retry_after } if retry_after == hours(1)),
        "ten wrong PINs lock the pad however many good logins came between"
    );
    assert_eq!(env.count("staff_login"), 3);
}

#[test]
fn reset_pad_needs_who_and_why_clears_the_lock_and_the_count_and_is_audited() {
    let mut env = Env::new();
    lock_pad(&mut env);
    let now = env.now();
    let reset = |env: &mut Env, by: &str, why: &str| {
        staff::reset_pad(
            &mut env.store,
            now,
            KIOSK,
            staff::PadReset { by, reason: why },
        )
    };
    assert!(matches!(
        reset(&mut env, " ", "Ana forgot her PIN"),
        Err(StaffError::OperatorRequired)
    ));
    assert!(matches!(
        reset(&mut env, "Rui (IT)", "  "),
        Err(StaffError::ReasonRequired)
    ));
    assert!(matches!(
        login(&mut env, PIN),
        LoginOutcome::PadLocked { .. }
    ));
    let done = reset(&mut env, "Rui (IT)", "Ana forgot her PIN").unwrap();
    assert!(done.was_locked);
    assert_eq!(done.failures, 0, "the lock spent the ten it counted");
    env.restart();
    assert_eq!(session(&mut env).name(), "Ana Duty", "open again at once");
    // The count starts afresh: four wrong PINs do not pause it.
    for _ in 0..4 {
        assert_eq!(
            login(&mut env, WRONG),
            LoginOutcome::Wrong { cooldown: None }
        );
    }
    // A reset of a pad that is not locked forgets what it counted.
    let done = reset(&mut env, "Rui (IT)", "typos were mine").unwrap();
    assert_eq!((done.was_locked, done.failures), (false, 4));
    for _ in 0..4 {
        assert_eq!(
            login(&mut env, WRONG),
            LoginOutcome::Wrong { cooldown: None }
        );
    }
    let (staff_name, reason): (String, String) = env
        .store
        .conn()
        .query_row(
            "SELECT staff, reason FROM staff_audit WHERE kind = 'staff_override' ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (staff_name.as_str(), reason.as_str()),
        ("Rui (IT)", "Ana forgot her PIN")
    );
    let ev = env
        .events()
        .into_iter()
        .find(|e| e.kind == "staff_override")
        .unwrap();
    assert_eq!(ev.data["action"], "reset_pad");
    assert_eq!(ev.data["source"], "cli");
    assert_eq!(ev.data["was_locked"], true);
    // The level is kept: an attack that resumes within a day gets the longer lock.
    env.advance(60);
    login(&mut env, WRONG);
    env.advance(60);
    for _ in 0..4 {
        login(&mut env, WRONG);
    }
    let out = login(&mut env, WRONG);
    assert_eq!(
        out,
        LoginOutcome::PadLocked {
            retry_after: hours(2)
        }
    );
}

fn unlock_pad(id: &str, staff: Option<&str>, reason: Option<&str>) -> lobby_kiosk::sync::Command {
    lobby_kiosk::sync::Command {
        id: id.into(),
        kind: "unlock-pad".into(),
        reservation: None,
        staff: staff.map(Into::into),
        reason: reason.map(Into::into),
        scope: None,
        ..Default::default()
    }
}

#[test]
fn a_remote_unlock_pad_clears_the_pad_once_and_is_audited() {
    let mut env = Env::new();
    lock_pad(&mut env);
    // Unaudited: refused.
    let tally = env.apply_commands(&[unlock_pad("c-1", None, Some("forgot"))]);
    assert_eq!((tally.applied, tally.rejected), (0, 1));
    assert!(matches!(
        login(&mut env, PIN),
        LoginOutcome::PadLocked { .. }
    ));
    let tally = env.apply_commands(&[unlock_pad(
        "c-2",
        Some("Rui (IT)"),
        Some("Ana forgot her PIN"),
    )]);
    assert_eq!(tally.applied, 1);
    assert_eq!(session(&mut env).name(), "Ana Duty");
    let ev = env
        .events()
        .into_iter()
        .find(|e| e.kind == "staff_override")
        .unwrap();
    assert_eq!(ev.data["action"], "unlock_pad");
    assert_eq!(ev.data["command_id"], "c-2");
    assert_eq!(ev.data["staff"], "Rui (IT)");
    assert_eq!(ev.data["reason"], "Ana forgot her PIN");
    assert_eq!(ev.data["source"], "upstream");
    assert_eq!(ev.data["was_locked"], true);
    // Applied exactly once: locked again, a redelivery does not open it.
    env.advance(2 * 3600);
    lock_pad(&mut env);
    let tally = env.apply_commands(&[unlock_pad(
        "c-2",
        Some("Rui (IT)"),
        Some("Ana forgot her PIN"),
    )]);
    assert_eq!((tally.applied, tally.duplicates), (0, 1));
    assert!(matches!(
        login(&mut env, PIN),
        LoginOutcome::PadLocked { .. }
    ));
}

#[test]
fn a_right_pin_shorter_than_six_digits_is_refused_until_it_is_replaced() {
    let mut env = Env::new();
    let mut dir = directory();
    let pepper = dir.pepper.clone().unwrap();
    dir.members.push(lobby_kiosk::config::StaffMember {
        name: "Old Timer".into(),
        pin_hash: lobby_kiosk::pin::hash_unchecked("2468", &pepper).unwrap(),
    });
    let now = env.now();
    for _ in 0..12 {
        assert_eq!(
            staff::login(&mut env.store, now, &dir, "2468").unwrap(),
            LoginOutcome::PinTooShort
        );
    }
    assert_eq!(env.count("staff_login"), 0);
    let failed = failed_logins(&env);
    assert_eq!(failed.len(), 12);
    assert_eq!(failed[0]["cause"], "pin_too_short");
    assert_eq!(
        failed[0]["staff"], "Old Timer",
        "IT learns whose PIN to replace"
    );
    assert!(!failed[0].to_string().contains("2468"));
    // A right PIN is not a guess: it does not count toward the lock.
    assert!(matches!(
        staff::login(&mut env.store, now, &dir, PIN).unwrap(),
        LoginOutcome::LoggedIn(_)
    ));
    assert_eq!(
        staff::login(&mut env.store, now, &dir, WRONG).unwrap(),
        LoginOutcome::Wrong { cooldown: None }
    );
    assert_eq!(failed_logins(&env).last().unwrap()["failures"], 1);
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
    assert_eq!(ev.data["old_phone"], "+44 ••• ••• •958");
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
        ..Default::default()
    };
    let tally = env.apply_commands(&[command]);
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
