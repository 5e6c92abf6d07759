//! A stranger who knows only a guest's name: wrong codes and sends count per lookup path, so a
//! lock earned through name lookups never closes the booking-number path (here or at a sibling
//! kiosk); the guest is told of the lock by SMS (once a day per phone, never at night); repeat
//! locks and bursts raise alerts; and a clock moved back never stretches a code or a lock.

use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use lobby_kiosk::config::OtpPolicy;
use lobby_kiosk::lookup::{LookupOutcome, Query, ReservationRef};
use lobby_kiosk::notice::{self, NoticeKind};
use lobby_kiosk::otp::limits::{self, LockScope, LookupPath, Scope};
use lobby_kiosk::otp::{OtpEngine, OtpError, Purpose, VerifyOutcome};

use crate::common::*;

/// The booking as a stranger finds it: surname and first name among today's arrivals.
fn by_name(env: &mut Env, last: &str, first: &str) -> ReservationRef {
    match env.lookup(Query::Name {
        last_name: last,
        first_name: first,
    }) {
        LookupOutcome::Found(f) => f.reservation,
        other => panic!("{last}/{first}: {other:?}"),
    }
}

/// Two codes, five wrong entries each: ten failures, the default lockout.
fn ten_wrong(env: &mut Env, r: &ReservationRef) -> VerifyOutcome {
    ten_wrong_codes(env, r).0
}

fn lisbon(env: &mut Env) {
    env.engine = OtpEngine::new(&env.store, env.policy.clone(), KIOSK, "GB")
        .unwrap()
        .with_time_zone(TimeZone::get("Europe/Lisbon").unwrap());
}

#[test]
fn a_lock_earned_by_name_never_closes_the_booking_number_path() {
    let mut env = Env::new();
    let stranger = by_name(&mut env, "Lee", "Kim");
    assert_eq!(stranger.path(), LookupPath::Name);
    assert!(matches!(
        ten_wrong(&mut env, &stranger),
        VerifyOutcome::Locked { .. }
    ));
    let locked = env
        .events()
        .into_iter()
        .find(|e| e.kind == "locked")
        .unwrap();
    assert_eq!(locked.data["scope"], "name");
    // A power cut changes nothing.
    env.restart();
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &stranger, Purpose::CheckIn),
        Err(OtpError::Locked { .. })
    ));
    // The guest at the kiosk with the booking number is not locked out, and checks in.
    let guest = env.reference("ABC123", "Lee");
    assert_eq!(guest.path(), LookupPath::Confirmation);
    let issued = env.issue_sent(&guest, Purpose::CheckIn);
    assert!(matches!(
        env.enter(&issued.challenge, &issued.code),
        VerifyOutcome::Verified(_)
    ));
    assert_eq!(
        env.engine
            .failures(&env.store, now, "ABC123", LookupPath::Confirmation)
            .unwrap(),
        0,
        "the stranger's failures are not the guest's"
    );
}

#[test]
fn a_lock_earned_by_booking_number_closes_every_path() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    ten_wrong(&mut env, &r);
    let locked = env
        .events()
        .into_iter()
        .find(|e| e.kind == "locked")
        .unwrap();
    assert_eq!(locked.data["scope"], "all");
    let by_name = by_name(&mut env, "Lee", "Kim");
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &by_name, Purpose::CheckIn),
        Err(OtpError::Locked { .. })
    ));
}

#[test]
fn sends_count_per_path_and_a_name_search_never_voids_or_delays_the_guests_code() {
    let policy = OtpPolicy {
        sends_per_reservation_per_day: 3,
        sends_per_phone_per_hour: 3,
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    let guest = env.reference("ABC123", "Lee");
    let code = env.issue_sent(&guest, Purpose::CheckIn);
    // A stranger asks for codes by name, as often as the caps allow.
    let stranger = by_name(&mut env, "Lee", "Kim");
    for _ in 0..3 {
        let now = env.now();
        let issued = env
            .engine
            .issue_code(&mut env.store, now, &stranger, Purpose::CheckIn)
            .unwrap();
        env.engine
            .record_send_accepted(&mut env.store, now, &issued.challenge, "outbox", None)
            .unwrap();
        env.advance(3600 / 3);
    }
    let now = env.now();
    assert!(matches!(
        env.engine
            .issue_code(&mut env.store, now, &stranger, Purpose::CheckIn),
        Err(OtpError::SendLimit { .. })
    ));
    // The guest's path still has its own budget; the guest's first code was neither voided
    // by the stranger's nor did it hold them up.
    let before = env.engine.status(&env.store, now, &code.challenge).unwrap();
    assert_ne!(
        before.state,
        lobby_kiosk::otp::ChallengeState::Replaced,
        "a name-path code never replaces the guest's"
    );
    let fresh = env.issue_sent(&guest, Purpose::CheckIn);
    assert!(matches!(
        env.enter(&fresh.challenge, &fresh.code),
        VerifyOutcome::Verified(_)
    ));
}

#[test]
fn relayed_locks_carry_their_scope_and_old_commands_close_every_path() {
    let mut env = Env::new();
    let command = |id: &str, reservation: &str, scope: Option<&str>| lobby_kiosk::sync::Command {
        id: id.into(),
        kind: "lock".into(),
        reservation: Some(reservation.into()),
        staff: Some("hub".into()),
        reason: Some("locked on lobby-2".into()),
        scope: scope.map(str::to_owned),
        ..Default::default()
    };
    let tally = env.apply_commands(&[
        command("c-1", "ABC123", Some("name")),
        command("c-2", "PEND01", None),
        command("c-3", "FAM001", Some("everything")),
    ]);
    let now = env.now();
    assert_eq!(
        (tally.applied, tally.rejected),
        (2, 1),
        "an unknown scope is refused"
    );
    let now_ms = now.as_millisecond();
    let c = env.store.conn();
    assert!(
        limits::locked_for(c, "ABC123", LookupPath::Name, now_ms)
            .unwrap()
            .is_some()
    );
    assert!(
        limits::locked_for(c, "ABC123", LookupPath::Confirmation, now_ms)
            .unwrap()
            .is_none(),
        "a relayed name lock leaves the booking number open"
    );
    assert!(
        limits::locked_for(c, "PEND01", LookupPath::Confirmation, now_ms)
            .unwrap()
            .is_some(),
        "a command without a scope closes every path"
    );
    assert!(!limits::is_locked(c, "FAM001", now_ms).unwrap());
    let scopes: Vec<String> = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "locked")
        .map(|e| e.data["scope"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(scopes, ["name", "all"]);
}

#[test]
fn a_relayed_send_hold_refuses_codes_on_its_path_for_its_time_and_never_shortens() {
    let mut env = Env::new();
    let hold = |id: &str, reservation: &str, path: Option<&str>, hold_s: Option<i64>| {
        lobby_kiosk::sync::Command {
            id: id.into(),
            kind: "send_hold".into(),
            reservation: Some(reservation.into()),
            staff: Some("hub".into()),
            reason: Some("5 sends to this phone in 1 h at the property's kiosks".into()),
            path: path.map(str::to_owned),
            hold_s,
            cap: Some("phone".into()),
            ..Default::default()
        }
    };
    let tally = env.apply_commands(&[
        hold("c-1", "ABC123", Some("name"), Some(600)),
        hold("c-2", "PEND01", None, Some(600)),
        hold("c-3", "FAM001", Some("everywhere"), Some(600)),
        hold("c-4", "FAM001", None, Some(0)),
        hold("c-5", "FAM001", None, Some(86_401)),
        hold("c-6", "FAM001", None, None),
    ]);
    assert_eq!(
        (tally.applied, tally.rejected),
        (2, 4),
        "bad path or length refused"
    );
    let rejected: Vec<String> = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "command_rejected")
        .map(|e| e.data["reason"].as_str().unwrap().to_owned())
        .collect();
    assert!(rejected[0].contains("path"), "{rejected:?}");
    assert!(
        rejected[1..].iter().all(|r| r.contains("hold_s")),
        "{rejected:?}"
    );
    // Delivered again: applied once.
    let again = env.apply_commands(&[hold("c-1", "ABC123", Some("name"), Some(600))]);
    assert_eq!(again.duplicates, 1);

    // The name path of ABC123 is held, its booking-number path is not.
    let stranger = by_name(&mut env, "Lee", "Kim");
    match env.try_issue(&stranger, Purpose::CheckIn) {
        Err(OtpError::SendLimit {
            cap: lobby_kiosk::otp::SendCap::Property,
            retry_after,
        }) => assert_eq!(retry_after, Duration::from_secs(600)),
        other => panic!("{other:?}"),
    }
    let guest = env.reference("ABC123", "Lee");
    env.issue_sent(&guest, Purpose::CheckIn);
    // A command without a path holds the booking-number path.
    let pending = env.reference("PEND01", "Okafor");
    assert!(matches!(
        env.try_issue(&pending, Purpose::CheckIn),
        Err(OtpError::SendLimit { .. })
    ));
    // A shorter hold arriving later does not shorten the running one.
    env.advance(60);
    env.apply_commands(&[hold("c-7", "ABC123", Some("name"), Some(10))]);
    env.advance(100);
    assert!(matches!(
        env.try_issue(&stranger, Purpose::CheckIn),
        Err(OtpError::SendLimit { .. })
    ));
    // When it ends, codes go out again.
    env.advance(441);
    env.issue_sent(&stranger, Purpose::CheckIn);
    let held: Vec<_> = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "sends_held")
        .map(|e| (e.data["path"].clone(), e.data["hold_s"].clone()))
        .collect();
    assert_eq!(held.len(), 3);
    assert_eq!(held[0], (serde_json::json!("name"), serde_json::json!(600)));
    assert_eq!(held[1].0, serde_json::json!("confirmation"));
}

#[test]
fn the_guest_is_told_of_a_lock_once_a_day_per_phone_and_never_at_night() {
    let policy = OtpPolicy {
        lockout: Duration::from_secs(12 * 3600),
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    lisbon(&mut env);
    // 10:00 in Lisbon: the notice is due at once.
    let stranger = by_name(&mut env, "Lee", "Kim");
    ten_wrong(&mut env, &stranger);
    let sends_before = kiosk_sends(&env);
    let now = env.now();
    let claimed = notice::claim_due(&mut env.store, &env.engine, "GB", now).unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].kind, NoticeKind::Locked);
    assert_eq!(claimed[0].phone.e164(), UK_MOBILE);
    assert_eq!(claimed[0].language, "en");
    assert_eq!(
        kiosk_sends(&env),
        sends_before + 1,
        "a notice counts toward the caps"
    );
    notice::record_outcome(&mut env.store, now, &claimed[0], Ok("outbox")).unwrap();
    assert!(
        notice::claim_due(&mut env.store, &env.engine, "GB", now)
            .unwrap()
            .is_empty(),
        "claimed once, sent once"
    );
    // Another booking on the same phone locks the same day: no second SMS.
    let family = env.reference("FAM001", "Silva");
    ten_wrong(&mut env, &family);
    let now = env.now();
    assert!(
        notice::claim_due(&mut env.store, &env.engine, "GB", now)
            .unwrap()
            .is_empty()
    );
    let skipped = last_notice(&env);
    assert_eq!(skipped.data["outcome"], "skipped");
    assert_eq!(skipped.data["reason"], "daily_limit");

    // The next evening, 23:00 Lisbon (UTC+0): locked now, told at 08:00.
    env.clock
        .set("2026-11-26T23:00:00Z".parse::<Timestamp>().unwrap());
    let other = env.reference("PEND01", "Okafor");
    ten_wrong(&mut env, &other);
    let now = env.now();
    assert!(
        notice::claim_due(&mut env.store, &env.engine, "GB", now)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        notice::next_due(&env.store).unwrap(),
        Some("2026-11-27T08:00:00Z".parse().unwrap())
    );
    env.clock
        .set("2026-11-27T07:59:00Z".parse::<Timestamp>().unwrap());
    let now = env.now();
    assert!(
        notice::claim_due(&mut env.store, &env.engine, "GB", now)
            .unwrap()
            .is_empty()
    );
    env.clock
        .set("2026-11-27T08:00:00Z".parse::<Timestamp>().unwrap());
    let now = env.now();
    let claimed = notice::claim_due(&mut env.store, &env.engine, "GB", now).unwrap();
    assert_eq!(claimed.len(), 1, "still locked at 08:00: sent then");
}

#[test]
fn a_lock_lifted_before_morning_sends_no_notice() {
    let mut env = Env::new();
    lisbon(&mut env);
    env.clock
        .set("2026-11-25T23:30:00Z".parse::<Timestamp>().unwrap());
    let r = env.reference("ABC123", "Lee");
    ten_wrong(&mut env, &r);
    let now = env.now();
    lobby_kiosk::otp::unlock(&mut env.store, now, "ABC123", "Ana", "ID seen").unwrap();
    env.clock
        .set("2026-11-26T08:00:00Z".parse::<Timestamp>().unwrap());
    let now = env.now();
    assert!(
        notice::claim_due(&mut env.store, &env.engine, "GB", now)
            .unwrap()
            .is_empty()
    );
    assert_eq!(last_notice(&env).data["reason"], "unlocked");
}

#[test]
fn a_booking_locked_twice_in_a_day_or_three_locks_in_an_hour_raise_alerts() {
    // All standard bookings share one phone: lift its hourly cap so the locks can happen.
    let policy = OtpPolicy {
        sends_per_phone_per_hour: 100,
        pumping: no_pumping_check(),
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    let r = env.reference("ABC123", "Lee");
    ten_wrong(&mut env, &r);
    assert_eq!(alerts(&env, "repeat_lock"), 0);
    let now = env.now();
    lobby_kiosk::otp::unlock(&mut env.store, now, "ABC123", "Ana", "ID seen").unwrap();
    // Failures in the same millisecond as the unlock count as before it.
    env.advance(1);
    ten_wrong(&mut env, &r);
    assert_eq!(
        alerts(&env, "repeat_lock"),
        1,
        "the same booking, twice in 24 h"
    );
    assert_eq!(alerts(&env, "lock_burst"), 0, "two locks are not a burst");
    let other = env.reference("PEND01", "Okafor");
    ten_wrong(&mut env, &other);
    assert_eq!(alerts(&env, "lock_burst"), 1, "three locks within the hour");
    let third = env.reference("FAM001", "Silva");
    ten_wrong(&mut env, &third);
    assert_eq!(alerts(&env, "lock_burst"), 1, "once per hour");
}

#[test]
fn a_code_issued_before_the_clock_went_back_is_expired_and_locks_stay_clamped() {
    let mut env = Env::new();
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue_sent(&r, Purpose::CheckIn);
    // The clock goes back two hours: the code would otherwise live two hours longer.
    clock_back(&env, jiff::SignedDuration::from_hours(2));
    assert!(matches!(
        env.enter(&issued.challenge, &issued.code),
        VerifyOutcome::Expired
    ));
    // Nor does the dead code hold up a new one: the guest starts over and gets a code at once.
    let r2 = env.reference("ABC123", "Lee");
    let now = env.now();
    assert!(
        env.engine
            .issue_code(&mut env.store, now, &r2, Purpose::CheckIn)
            .is_ok(),
        "a clock moved back stretches no resend wait"
    );
    // Even a one-second jump back kills the code in flight.
    env.clock.set(T0.parse().unwrap());
    env.advance(3600);
    let fresh = env.issue_sent(&r, Purpose::CheckIn);
    clock_back(&env, jiff::SignedDuration::from_secs(1));
    assert!(matches!(
        env.enter(&fresh.challenge, &fresh.code),
        VerifyOutcome::Expired
    ));
    // A lock made now, then the clock back ten hours: it still ends within its own length.
    env.clock.set(T0.parse().unwrap());
    env.advance(7200);
    ten_wrong(&mut env, &r);
    clock_back(&env, jiff::SignedDuration::from_hours(10));
    let now = env.now();
    let until = lobby_kiosk::otp::locked_until(&env.store, now, "ABC123", LookupPath::Confirmation)
        .unwrap()
        .unwrap();
    assert!(
        until.duration_since(now) <= jiff::SignedDuration::from_hours(4),
        "a backwards jump never lengthens the lock"
    );
}

/// The wall clock jumps back (an NTP correction, a wrong manual setting).
fn clock_back(env: &Env, by: jiff::SignedDuration) {
    env.clock.set(env.now().checked_sub(by).unwrap());
}

fn kiosk_sends(env: &Env) -> u32 {
    limits::count_in_window(
        env.store.conn(),
        Scope::SendKiosk,
        KIOSK,
        env.now().as_millisecond(),
        Duration::from_secs(3600),
    )
    .unwrap()
}

fn last_notice(env: &Env) -> lobby_kiosk::store::JournalEvent {
    env.events()
        .into_iter()
        .rev()
        .find(|e| e.kind == "security_notice")
        .expect("a security_notice event")
}

fn alerts(env: &Env, cause: &str) -> usize {
    env.events()
        .iter()
        .filter(|e| e.kind == "abuse_alert" && e.data["cause"] == cause)
        .count()
}

#[test]
fn lock_scopes_name_what_they_close() {
    assert!(LockScope::All.closes(LookupPath::Confirmation));
    assert!(LockScope::All.closes(LookupPath::Name));
    assert!(LockScope::Name.closes(LookupPath::Name));
    assert!(!LockScope::Name.closes(LookupPath::Confirmation));
    assert_eq!(LockScope::parse(None), Some(LockScope::All));
    assert_eq!(LockScope::parse(Some("bogus")), None);
}
