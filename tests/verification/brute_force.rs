//! 10,000 guesses known to be wrong, spread over restarts and resends: none verifies, the
//! campaign ends in a lock, and the correct code is refused after it.
//!
//! The lockout threshold is the largest the config allows (100), so the campaign needs staff
//! unlocks to continue past each lock (each unlock restarts the count); every guess is a real
//! verification against a real code on a real database file.

use lobby_kiosk::config::OtpPolicy;
use lobby_kiosk::otp::{OtpError, Purpose, VerifyOutcome};
use lobby_kiosk::staff;

use crate::common::*;

const GUESSES: u64 = 10_000;
const LOCKOUT_AFTER: u32 = 100;

#[test]
fn ten_thousand_wrong_guesses_never_verify_and_end_in_a_lock() {
    let policy = OtpPolicy {
        lockout_after: LOCKOUT_AFTER,
        sends_per_phone_per_hour: 100_000,
        sends_per_reservation_per_day: 100_000,
        sends_per_kiosk_per_hour: 100_000,
        // Thousands of unverified sends to one number are what pumping looks like; this test
        // is about guessing, so the pumping pause must not end it first.
        pumping: crate::common::no_pumping_check(),
        ..OtpPolicy::default()
    };
    let mut env = Env::in_memory_fs(policy, Default::default());
    let r = env.reference("ABC123", "Lee");
    let session = crate::staff_rules::session(&mut env);
    let mut issued = env.issue_sent(&r, Purpose::CheckIn);
    let (mut verified, mut wrong, mut locks, mut resends, mut restarts) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    for guess in 0..GUESSES {
        if guess > 0 && guess % 250 == 0 {
            env.restart();
            restarts += 1;
        }
        let now = env.now();
        let status = env
            .engine
            .status(&env.store, now, &issued.challenge)
            .unwrap();
        if status.attempts_left == 0 || status.state != lobby_kiosk::otp::ChallengeState::Active {
            issued = env.issue_sent(&r, Purpose::CheckIn);
        } else if status.attempts_left == 3 && status.resends_left > 0 {
            // Mid-challenge, ask for a new code (the old one is void, attempts stay used).
            let now = env.now();
            if status.resend_at > now {
                env.clock.set(status.resend_at);
            }
            let now = env.now();
            issued = env
                .engine
                .resend(&mut env.store, now, &issued.challenge)
                .unwrap();
            env.engine
                .record_send_accepted(&mut env.store, now, &issued.challenge, "outbox", None)
                .unwrap();
            resends += 1;
        }
        let now = env.now();
        let guess_code = wrong_code(&issued.code, guess);
        match env
            .engine
            .verify(&mut env.store, now, &issued.challenge, &guess_code)
            .unwrap()
        {
            VerifyOutcome::Verified(_) | VerifyOutcome::SecondFactor(_) => verified += 1,
            VerifyOutcome::Wrong { .. } => wrong += 1,
            VerifyOutcome::Locked { .. } => {
                locks += 1;
                if guess + 1 < GUESSES {
                    staff::unlock(
                        &mut env.store,
                        now,
                        &session,
                        "ABC123",
                        "brute-force test: continue",
                    )
                    .unwrap();
                }
            }
            other => panic!("guess {guess}: {other:?}"),
        }
        env.advance(1);
    }
    assert_eq!(verified, 0);
    assert_eq!(wrong + locks, GUESSES);
    assert_eq!(
        locks,
        GUESSES / u64::from(LOCKOUT_AFTER),
        "a lock every {LOCKOUT_AFTER} failures"
    );
    assert!(
        resends > 100 && restarts >= 39,
        "resends {resends}, restarts {restarts}"
    );
    assert_eq!(env.count("otp_verified"), 0);
    assert_eq!(env.count("otp_failed") as u64, GUESSES);

    // Locked now, across a restart: no new code, and the correct code is refused.
    env.restart();
    let now = env.now();
    assert!(
        lobby_kiosk::otp::locked_until(
            &env.store,
            now,
            "ABC123",
            lobby_kiosk::otp::limits::LookupPath::Confirmation
        )
        .unwrap()
        .is_some()
    );
    let out = env
        .engine
        .verify(&mut env.store, now, &issued.challenge, &issued.code)
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Locked { .. }), "{out:?}");
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &r, Purpose::CheckIn),
        Err(OtpError::Locked { .. })
    ));
}
