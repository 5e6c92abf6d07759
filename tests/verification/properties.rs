//! Properties over arbitrary guest action sequences (with restarts and clock moves): a wrong
//! code never verifies, a lock refuses even the right code, and counters never go backwards.

use lobby_kiosk::otp::{ChallengeState, IssuedCode, OtpError, Purpose, VerifyOutcome};
use proptest::prelude::*;

use crate::common::*;

#[derive(Debug, Clone)]
enum Action {
    Issue(usize),
    Resend,
    Wrong(u64),
    /// The previous challenge's code entered on the current one.
    StaleCode,
    Correct,
    Advance(u64),
    Restart,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        2 => (0usize..2).prop_map(Action::Issue),
        1 => Just(Action::Resend),
        6 => any::<u64>().prop_map(Action::Wrong),
        1 => Just(Action::StaleCode),
        1 => Just(Action::Correct),
        2 => (0u64..400).prop_map(Action::Advance),
        1 => Just(Action::Restart),
    ]
}

const PURPOSES: [Purpose; 2] = [Purpose::CheckIn, Purpose::VerifyIdentity];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_lets_a_wrong_code_verify_or_a_counter_go_backwards(actions in prop::collection::vec(action(), 1..40)) {
        let mut env = Env::in_memory_fs(Default::default(), Default::default());
        let r = env.reference("ABC123", "Lee");
        let mut current: Option<IssuedCode> = None;
        let mut previous: Option<IssuedCode> = None;
        let mut failures = 0u32;
        let mut seen: Option<(String, u32, u32)> = None; // (challenge, attempts_left, resends_left)
        for a in actions {
            let now = env.now();
            let locked = lobby_kiosk::otp::locked_until(&env.store, now, "ABC123", lobby_kiosk::otp::limits::LookupPath::Confirmation).unwrap().is_some();
            match a {
                Action::Issue(p) => match env.engine.issue_code(&mut env.store, now, &r, PURPOSES[p]) {
                    Ok(i) => {
                        prop_assert!(!locked, "a code was issued while locked");
                        env.engine.record_send_accepted(&mut env.store, now, &i.challenge, "outbox", None).unwrap();
                        previous = current.replace(i);
                    }
                    Err(OtpError::Locked { .. }) => prop_assert!(locked),
                    Err(OtpError::SendLimit { .. } | OtpError::ResendTooSoon { .. }) => {}
                    Err(e) => prop_assert!(false, "issue: {e}"),
                },
                Action::Resend => {
                    if let Some(c) = &current {
                        if let Ok(i) = env.engine.resend(&mut env.store, now, &c.challenge) {
                            prop_assert!(!locked);
                            previous = current.replace(i);
                        }
                    }
                }
                Action::Wrong(salt) => {
                    if let Some(c) = &current {
                        let out = env.engine.verify(&mut env.store, now, &c.challenge, &wrong_code(&c.code, salt)).unwrap();
                        prop_assert!(!matches!(out, VerifyOutcome::Verified(_) | VerifyOutcome::SecondFactor(_)), "wrong code verified");
                        if locked {
                            prop_assert!(matches!(out, VerifyOutcome::Locked { .. }), "locked but {:?}", out);
                        }
                    }
                }
                Action::StaleCode => {
                    if let (Some(c), Some(p)) = (&current, &previous) {
                        if p.code.as_str() != c.code.as_str() {
                            let out = env.engine.verify(&mut env.store, now, &c.challenge, &p.code).unwrap();
                            prop_assert!(!matches!(out, VerifyOutcome::Verified(_)), "a stale code verified");
                        }
                    }
                }
                Action::Correct => {
                    if let Some(c) = &current {
                        let active = env.engine.status(&env.store, now, &c.challenge).unwrap().state == ChallengeState::Active;
                        let out = env.engine.verify(&mut env.store, now, &c.challenge, &c.code).unwrap();
                        if locked {
                            prop_assert!(matches!(out, VerifyOutcome::Locked { .. }), "locked but {:?}", out);
                        } else if active {
                            prop_assert!(matches!(out, VerifyOutcome::Verified(_)), "{:?}", out);
                        } else {
                            prop_assert!(!matches!(out, VerifyOutcome::Verified(_)), "a closed challenge verified");
                        }
                    }
                }
                Action::Advance(s) => env.advance(s),
                Action::Restart => env.restart(),
            }
            // Counters never go backwards (the test stays well inside the 24 h window).
            let now = env.now();
            let f = env.engine.failures(&env.store, now, "ABC123", lobby_kiosk::otp::limits::LookupPath::Confirmation).unwrap();
            prop_assert!(f >= failures, "failures went from {} to {}", failures, f);
            failures = f;
            if let Some(c) = &current {
                let st = env.engine.status(&env.store, now, &c.challenge).unwrap();
                if let Some((id, attempts, resends)) = &seen {
                    if *id == c.challenge.id {
                        prop_assert!(st.attempts_left <= *attempts, "attempts_left grew");
                        prop_assert!(st.resends_left <= *resends, "resends_left grew");
                    }
                }
                seen = Some((c.challenge.id.clone(), st.attempts_left, st.resends_left));
            }
        }
    }
}
