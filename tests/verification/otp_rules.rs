//! The OTP engine's rules, one table or scenario per rule.

use std::time::Duration;

use lobby_kiosk::config::{OtpPolicy, SecondFactor};
use lobby_kiosk::otp::{
    ChallengeState, GuestOutcome, OtpError, Purpose, SecondFactorOutcome, SendCap, VerifyOutcome,
};
use lobby_kiosk::phone::NotSmsCapable;

use crate::common::*;

fn verify(env: &mut Env, c: &lobby_kiosk::otp::Challenge, code: &str) -> VerifyOutcome {
    let now = env.now();
    env.engine.verify(&mut env.store, now, c, code).unwrap()
}

#[test]
fn codes_are_digits_of_the_configured_length_and_stored_only_as_a_keyed_hash() {
    for length in [6u8, 8, 10] {
        let mut env = Env::with(
            OtpPolicy {
                length,
                ..OtpPolicy::default()
            },
            Default::default(),
        );
        let r = env.reference("ABC123", "Lee");
        let issued = env.issue(&r, Purpose::CheckIn);
        assert_eq!(issued.code.len(), usize::from(length));
        assert!(issued.code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(issued.masked_phone, "+44 ••• ••• •958");
        // No column of the challenge row holds the code; the MAC is 32 bytes.
        let (mac, phone, purpose): (Vec<u8>, String, String) = env
            .store
            .conn()
            .query_row(
                "SELECT code_mac, phone, purpose FROM otp_challenges",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(mac.len(), 32);
        assert!(
            !mac.windows(issued.code.len())
                .any(|w| w == issued.code.as_bytes())
        );
        assert_eq!((phone.as_str(), purpose.as_str()), (UK_MOBILE, "check_in"));
        assert!(!format!("{issued:?}").contains(issued.code.as_str()));
    }
}

#[test]
fn a_correct_code_verifies_once() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue_sent(&r, Purpose::CheckIn);
    let code = issued.code.to_string();
    match verify(
        &mut env,
        &issued.challenge,
        &format!(" {} {} ", &code[..3], &code[3..]),
    ) {
        VerifyOutcome::Verified(v) => {
            assert_eq!(v.reservation(), "ABC123");
            assert_eq!(v.purpose(), Purpose::CheckIn);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        verify(&mut env, &issued.challenge, &code),
        VerifyOutcome::Closed
    ));
    assert_eq!(env.count("otp_verified"), 1);
}

#[test]
fn ttl_bounds_the_code() {
    // (seconds after issue, verifies?)
    let table = [(0, true), (299, true), (300, false), (3600, false)];
    for (after, ok) in table {
        let mut env = Env::new();
        let r = env.reference("ABC123", "Lee");
        let issued = env.issue(&r, Purpose::CheckIn);
        env.advance(after);
        let out = verify(&mut env, &issued.challenge, &issued.code);
        assert_eq!(
            matches!(out, VerifyOutcome::Verified(_)),
            ok,
            "after {after}s: {out:?}"
        );
        if !ok {
            assert!(matches!(out, VerifyOutcome::Expired));
        }
    }
}

#[test]
fn per_challenge_attempts_then_dead() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue(&r, Purpose::CheckIn);
    for (i, want_left) in [4u32, 3, 2, 1, 0].into_iter().enumerate() {
        match verify(
            &mut env,
            &issued.challenge,
            &wrong_code(&issued.code, i as u64),
        ) {
            VerifyOutcome::Wrong { attempts_left } => assert_eq!(attempts_left, want_left),
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        verify(&mut env, &issued.challenge, &issued.code),
        VerifyOutcome::Closed
    ));
    let now = env.now();
    assert_eq!(
        env.engine
            .status(&env.store, now, &issued.challenge)
            .unwrap()
            .state,
        ChallengeState::Exhausted
    );
    // A malformed entry counts as a wrong one too.
    let r2 = env.issue(&r, Purpose::CheckIn);
    assert!(matches!(
        verify(&mut env, &r2.challenge, "12ab"),
        VerifyOutcome::Wrong { attempts_left: 4 }
    ));
    assert_eq!(env.count("otp_failed"), 6);
}

#[test]
fn resend_makes_a_new_code_with_fresh_ttl_growing_cooldown_and_a_cap() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let first = env.issue_sent(&r, Purpose::CheckIn);
    let now = env.now();
    // Too soon: 30 s.
    match env.engine.resend(&mut env.store, now, &first.challenge) {
        Err(OtpError::ResendTooSoon { retry_after }) => {
            assert_eq!(retry_after, Duration::from_secs(30))
        }
        other => panic!("{other:?}"),
    }
    // (wait before the resend, expected wait before the next one)
    let table = [(30, 60), (60, 120), (120, 240)];
    let mut previous = first.code.to_string();
    for (wait, next_wait) in table {
        env.advance(wait - 1);
        let now = env.now();
        assert!(matches!(
            env.engine.resend(&mut env.store, now, &first.challenge),
            Err(OtpError::ResendTooSoon { .. })
        ));
        env.advance(1);
        let now = env.now();
        let again = env
            .engine
            .resend(&mut env.store, now, &first.challenge)
            .unwrap();
        assert_eq!(again.challenge, first.challenge);
        assert_eq!(
            again.expires_at,
            now + Duration::from_secs(300),
            "fresh TTL"
        );
        assert_eq!(again.resend_at, now + Duration::from_secs(next_wait));
        assert_eq!(
            again.resends_left,
            3 - table.iter().position(|t| t.0 == wait).unwrap() as u32 - 1
        );
        let _ = &previous;
        previous = again.code.to_string();
    }
    env.advance(240);
    let now = env.now();
    let err = env
        .engine
        .resend(&mut env.store, now, &first.challenge)
        .unwrap_err();
    assert!(matches!(err, OtpError::NoResendsLeft), "{err}");
    assert_eq!(err.guest_outcome(), GuestOutcome::SeeDesk);
}

#[test]
fn resend_voids_the_old_code_and_keeps_used_attempts() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let first = env.issue(&r, Purpose::CheckIn);
    let old = first.code.to_string();
    assert!(matches!(
        verify(&mut env, &first.challenge, &wrong_code(&old, 0)),
        VerifyOutcome::Wrong { attempts_left: 4 }
    ));
    env.advance(30);
    let now = env.now();
    let mut second = env
        .engine
        .resend(&mut env.store, now, &first.challenge)
        .unwrap();
    while second.code.as_str() == old {
        env.advance(3600);
        let now = env.now();
        second = env
            .engine
            .resend(&mut env.store, now, &first.challenge)
            .unwrap();
    }
    assert_eq!(
        second.attempts_left, 4,
        "a resend does not restore attempts"
    );
    assert!(matches!(
        verify(&mut env, &first.challenge, &old),
        VerifyOutcome::Wrong { attempts_left: 3 }
    ));
    assert!(matches!(
        verify(&mut env, &first.challenge, &second.code),
        VerifyOutcome::Verified(_)
    ));
}

#[test]
fn gateway_failover_sends_the_same_code_and_sends_count_when_issued_not_when_accepted() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue(&r, Purpose::CheckIn);
    let now = env.now();
    env.engine
        .record_send_failed(
            &mut env.store,
            now,
            &issued.challenge,
            "kannel",
            "timeout",
            None,
        )
        .unwrap();
    env.engine
        .record_send_accepted(
            &mut env.store,
            now,
            &issued.challenge,
            "twilio",
            Some("SM123"),
        )
        .unwrap();
    let events = env.events();
    let failed = events.iter().find(|e| e.kind == "send_failed").unwrap();
    assert_eq!(failed.data["gateway"], "kannel");
    assert_eq!(failed.data["error"], "timeout");
    let sent = events.iter().find(|e| e.kind == "otp_sent").unwrap();
    assert_eq!(sent.data["gateway"], "twilio");
    assert_eq!(sent.data["provider_message_id"], "SM123");
    assert_eq!(sent.data["phone"], "+44 ••• ••• •958");
    assert_eq!(sent.reservation.as_deref(), Some("ABC123"));
    // The code the caller kept across both gateways is the one that verifies.
    assert!(matches!(
        verify(&mut env, &issued.challenge, &issued.code),
        VerifyOutcome::Verified(_)
    ));

    // A code issued is an attempt that counts, whatever the gateway answers (a timeout may
    // still deliver): never accepted, five still use up the phone's hour.
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    for _ in 0..5 {
        env.issue(&r, Purpose::CheckIn);
        env.advance(30);
    }
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn)
            .unwrap_err(),
        OtpError::SendLimit {
            cap: SendCap::Phone,
            ..
        }
    ));
}

#[test]
fn send_caps_per_phone_reservation_and_kiosk() {
    // (policy tweak, bookings used in turn, sends allowed, cap hit, window to wait)
    struct Case {
        policy: OtpPolicy,
        bookings: &'static [(&'static str, &'static str)],
        allowed: usize,
        cap: SendCap,
        window: u64,
    }
    let all = &[
        ("ABC123", "Lee"),
        ("PEND01", "Okafor"),
        ("FAM001", "Silva"),
        ("INH001", "Novak"),
    ][..];
    let cases = [
        Case {
            policy: OtpPolicy::default(),
            bookings: all,
            allowed: 5,
            cap: SendCap::Phone,
            window: 3600,
        },
        Case {
            policy: OtpPolicy {
                sends_per_phone_per_hour: 100,
                pumping: no_pumping_check(),
                ..OtpPolicy::default()
            },
            bookings: &[("ABC123", "Lee")],
            allowed: 10,
            cap: SendCap::Reservation,
            window: 86_400,
        },
        Case {
            policy: OtpPolicy {
                sends_per_phone_per_hour: 100,
                sends_per_kiosk_per_hour: 7,
                pumping: no_pumping_check(),
                ..OtpPolicy::default()
            },
            bookings: all,
            allowed: 7,
            cap: SendCap::Kiosk,
            window: 3600,
        },
    ];
    for case in cases {
        let mut env = Env::with(case.policy, Default::default());
        let refs: Vec<_> = case
            .bookings
            .iter()
            .map(|(c, l)| env.reference(c, l))
            .collect();
        for i in 0..case.allowed {
            env.issue_sent(&refs[i % refs.len()], Purpose::VerifyIdentity);
            env.advance(30);
        }
        // A restart forgets nothing.
        env.restart();
        let now = env.now();
        let next = &refs[case.allowed % refs.len()];
        let err = env
            .engine
            .issue_code(&mut env.store, now, next, Purpose::VerifyIdentity)
            .unwrap_err();
        match err {
            OtpError::SendLimit { cap, retry_after } => {
                assert_eq!(cap, case.cap);
                assert_eq!(
                    retry_after,
                    Duration::from_secs(case.window - 30 * case.allowed as u64)
                );
            }
            other => panic!("{:?}: {other}", case.cap),
        }
        let alerts = env.count("abuse_alert");
        assert_eq!(
            alerts,
            usize::from(case.cap == SendCap::Kiosk),
            "{:?}",
            case.cap
        );
        // Refused again: still one alert.
        let now = env.now();
        assert!(
            env.engine
                .issue_code(&mut env.store, now, next, Purpose::VerifyIdentity)
                .is_err()
        );
        assert_eq!(env.count("abuse_alert"), alerts);
        env.advance(case.window);
        env.issue_sent(next, Purpose::VerifyIdentity);
    }
}

#[test]
fn starting_over_does_not_dodge_the_resend_wait() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    env.issue_sent(&r, Purpose::CheckIn);
    env.advance(10);
    let now = env.now();
    match env
        .engine
        .issue_code(&mut env.store, now, &r, Purpose::VerifyIdentity)
    {
        Err(OtpError::ResendTooSoon { retry_after }) => {
            assert_eq!(retry_after, Duration::from_secs(20))
        }
        other => panic!("{other:?}"),
    }
    env.advance(20);
    env.issue(&r, Purpose::CheckIn);
    // A dead challenge (all attempts used) does not hold up a new one.
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let c = env.issue(&r, Purpose::CheckIn);
    for i in 0..5 {
        let now = env.now();
        env.engine
            .verify(&mut env.store, now, &c.challenge, &wrong_code(&c.code, i))
            .unwrap();
    }
    let fresh = env.issue(&r, Purpose::CheckIn);
    assert_ne!(fresh.challenge.id, c.challenge.id);
}

#[test]
fn lockout_across_challenges_refuses_even_the_correct_code_and_survives_restart() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let mut failures = 0;
    // Two challenges of five wrong each: a new code never resets the count.
    let mut last = None;
    for round in 0..2 {
        let issued = env.issue(&r, Purpose::CheckIn);
        for i in 0..5 {
            env.restart();
            let out = verify(&mut env, &issued.challenge, &wrong_code(&issued.code, i));
            failures += 1;
            let now = env.now();
            assert_eq!(
                env.engine
                    .failures(
                        &env.store,
                        now,
                        "ABC123",
                        lobby_kiosk::otp::limits::LookupPath::Confirmation
                    )
                    .unwrap(),
                failures
            );
            if failures < 10 {
                assert!(
                    matches!(out, VerifyOutcome::Wrong { .. }),
                    "round {round}: {out:?}"
                );
            } else {
                assert!(matches!(out, VerifyOutcome::Locked { .. }), "{out:?}");
            }
        }
        last = Some(issued);
    }
    let locked = env
        .events()
        .into_iter()
        .find(|e| e.kind == "locked")
        .unwrap();
    assert_eq!(locked.data["failures"], 10);
    assert_eq!(locked.data["reason"], "too_many_failures");
    env.restart();
    let now = env.now();
    let err = env
        .engine
        .issue_code(&mut env.store, now, &r, Purpose::CheckIn)
        .unwrap_err();
    let OtpError::Locked { until } = err else {
        panic!("{err}")
    };
    assert_eq!(until, now + Duration::from_secs(4 * 3600));
    // Even a correct code of a challenge issued before the lock is refused.
    let last = last.unwrap();
    assert!(matches!(
        verify(&mut env, &last.challenge, &last.code),
        VerifyOutcome::Locked { .. }
    ));
    // The lock lapses after lockout_s and the count starts afresh: one typo does not lock the
    // guest out again (a prankster cannot keep a booking locked all stay)...
    env.advance(4 * 3600);
    env.restart();
    let issued = env.issue(&r, Purpose::CheckIn);
    assert!(matches!(
        verify(&mut env, &issued.challenge, &wrong_code(&issued.code, 1)),
        VerifyOutcome::Wrong { .. }
    ));
    assert!(matches!(
        verify(&mut env, &issued.challenge, &issued.code),
        VerifyOutcome::Verified(_)
    ));
    // ...but a new run of lockout_after wrong entries locks it again.
    env.advance(3600);
    let mut out = None;
    for round in 0..2 {
        let issued = env.issue(&r, Purpose::CheckIn);
        for i in 0..5 {
            out = Some(verify(
                &mut env,
                &issued.challenge,
                &wrong_code(&issued.code, i + round),
            ));
        }
        env.advance(600);
    }
    assert!(matches!(out, Some(VerifyOutcome::Locked { .. })), "{out:?}");
}

#[test]
fn a_stored_lock_applies_and_a_staff_unlock_lifts_it() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let now = env.now();
    lobby_kiosk::otp::limits::lock(
        env.store.conn(),
        "ABC123",
        lobby_kiosk::otp::limits::LockScope::All,
        now.as_millisecond(),
        (now + Duration::from_secs(600)).as_millisecond(),
        "relayed",
    )
    .unwrap();
    let err = env
        .engine
        .issue_code(&mut env.store, now, &r, Purpose::CheckIn)
        .unwrap_err();
    assert!(matches!(err, OtpError::Locked { .. }));
    assert!(
        lobby_kiosk::otp::unlock(&mut env.store, now, "ABC123", "Ana", "guest called").unwrap()
    );
    env.issue(&r, Purpose::CheckIn);
}

#[test]
fn a_code_is_bound_to_its_reservation_purpose_and_phone() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue(&r, Purpose::CheckIn);
    let now = env.now();
    let mut other_purpose = issued.challenge.clone();
    other_purpose.purpose = Purpose::VerifyIdentity;
    let mut other_res = issued.challenge.clone();
    other_res.reservation = "PEND01".into();
    for forged in [other_purpose, other_res] {
        let err = env
            .engine
            .verify(&mut env.store, now, &forged, &issued.code)
            .unwrap_err();
        assert!(matches!(err, OtpError::UnknownChallenge), "{err}");
    }
    // A newer challenge for the reservation (after the resend wait) replaces this one.
    env.advance(30);
    let newer = env.issue(&r, Purpose::VerifyIdentity);
    assert!(matches!(
        verify(&mut env, &issued.challenge, &issued.code),
        VerifyOutcome::Closed
    ));
    // The phone on file changed after the code was sent: it proves nothing now.
    env.store
        .conn()
        .execute(
            "UPDATE reservations SET phone = '+447400999111' WHERE confirmation = 'ABC123'",
            [],
        )
        .unwrap();
    assert!(matches!(
        verify(&mut env, &newer.challenge, &newer.code),
        VerifyOutcome::Closed
    ));
}

#[test]
fn purposes_outside_the_lookup_and_numbers_without_sms_are_refused() {
    let mut env = Env::new();
    let fut = env.reference("FUT001", "Berg");
    let now = env.now();
    let err = env
        .engine
        .issue_code(&mut env.store, now, &fut, Purpose::CheckIn)
        .unwrap_err();
    assert!(matches!(
        err,
        OtpError::PurposeNotAllowed {
            purpose: Purpose::CheckIn
        }
    ));
    env.issue(&fut, Purpose::ConfirmBooking);

    // (booking, allowed countries, expected refusal)
    type Row = (
        &'static str,
        &'static str,
        Vec<String>,
        Option<fn(&OtpError) -> bool>,
    );
    let table: [Row; 5] = [
        (
            "NOPH01",
            "Moreau",
            vec![],
            Some(|e| matches!(e, OtpError::NoPhone)),
        ),
        (
            "LAND01",
            "Ito",
            vec![],
            Some(|e| matches!(e, OtpError::NotSmsCapable(NotSmsCapable::WrongLineType))),
        ),
        (
            "ABC123",
            "Lee",
            vec!["PT".into()],
            Some(|e| matches!(e, OtpError::NotSmsCapable(NotSmsCapable::CountryNotAllowed))),
        ),
        ("PT0001", "Sousa", vec!["PT".into()], None),
        ("ABC123", "Lee", vec!["gb".into(), "PT".into()], None),
    ];
    for (conf, last, countries, refusal) in table {
        let mut env = Env::with(
            OtpPolicy {
                allowed_countries: countries,
                ..OtpPolicy::default()
            },
            Default::default(),
        );
        let r = env.reference(conf, last);
        let now = env.now();
        let got = env
            .engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn);
        match (got, refusal) {
            (Ok(_), None) => {}
            (Err(e), Some(check)) => {
                assert!(check(&e), "{conf}: {e}");
                assert_eq!(e.guest_outcome(), GuestOutcome::SeeDesk);
            }
            (got, _) => panic!("{conf}: {got:?}"),
        }
    }
}

#[test]
fn second_factor_after_the_code_counts_toward_the_lockout() {
    let policy = OtpPolicy {
        second_factor: SecondFactor::Postcode,
        lockout_after: 3,
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    let r = env.reference("SF0001", "Wright");
    let issued = env.issue(&r, Purpose::CheckIn);
    let VerifyOutcome::SecondFactor(prompt) = verify(&mut env, &issued.challenge, &issued.code)
    else {
        panic!()
    };
    assert_eq!(prompt.factor(), SecondFactor::Postcode);
    let now = env.now();
    // Malformed: not counted.
    let SecondFactorOutcome::Invalid { prompt, .. } = env
        .engine
        .answer_second_factor(&mut env.store, now, prompt, "!")
        .unwrap()
    else {
        panic!()
    };
    let SecondFactorOutcome::Wrong {
        prompt,
        attempts_left,
    } = env
        .engine
        .answer_second_factor(&mut env.store, now, prompt, "SW1A 1AB")
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(attempts_left, 4);
    assert_eq!(
        env.engine
            .failures(
                &env.store,
                now,
                "SF0001",
                lobby_kiosk::otp::limits::LookupPath::Confirmation
            )
            .unwrap(),
        1
    );
    let SecondFactorOutcome::Verified(v) = env
        .engine
        .answer_second_factor(&mut env.store, now, prompt, "sw1a1aa")
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(v.reservation(), "SF0001");
    assert_eq!(env.count("second_factor_failed"), 1);

    // Wrong answers and wrong codes share the lockout (3 here).
    let issued = env.issue(&r, Purpose::CheckIn);
    assert!(matches!(
        verify(&mut env, &issued.challenge, &wrong_code(&issued.code, 0)),
        VerifyOutcome::Wrong { .. }
    ));
    let VerifyOutcome::SecondFactor(prompt) = verify(&mut env, &issued.challenge, &issued.code)
    else {
        panic!()
    };
    let out = env
        .engine
        .answer_second_factor(&mut env.store, now, prompt, "E1 6AN")
        .unwrap();
    assert!(matches!(out, SecondFactorOutcome::Locked { .. }), "{out:?}");

    // A booking without a stored answer skips the factor.
    let mut env = Env::with(
        OtpPolicy {
            second_factor: SecondFactor::Postcode,
            ..OtpPolicy::default()
        },
        Default::default(),
    );
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue(&r, Purpose::CheckIn);
    assert!(matches!(
        verify(&mut env, &issued.challenge, &issued.code),
        VerifyOutcome::Verified(_)
    ));
}
