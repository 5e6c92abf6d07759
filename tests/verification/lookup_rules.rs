//! Lookup: the ways to search, one answer for every miss, persisted per-kiosk limits.

use std::time::Duration;

use jiff::civil::Date;
use lobby_kiosk::config::LookupPolicy;
use lobby_kiosk::lookup::{Contact, DeskReason, LookupOutcome, Query, scanned_confirmation};
use lobby_kiosk::otp::Purpose;
use lobby_kiosk::phone::NotSmsCapable;

use crate::common::*;

fn conf<'a>(c: &'a str, l: &'a str) -> Query<'a> {
    Query::Confirmation {
        confirmation: c,
        last_name: l,
    }
}

fn name<'a>(l: &'a str, f: &'a str) -> Query<'a> {
    Query::Name {
        last_name: l,
        first_name: f,
    }
}

#[test]
fn lookup_table() {
    // (query, expected confirmation when found; "" = NotFound; "?" = ask for the number)
    let prefix_policy = LookupPolicy {
        scanner_prefix: Some("CONF:".into()),
        ..LookupPolicy::default()
    };
    let mut env = Env::with(Default::default(), prefix_policy);
    let table: Vec<(Query<'_>, &str)> = vec![
        (conf("ABC123", "Lee"), "ABC123"),
        (conf("abc-123 ", " lee"), "ABC123"),
        (conf("ABC123", "LÉE"), "ABC123"),
        (conf("ABC123", "Smith"), ""), // wrong name for this number
        (conf("ZZZ999", "Lee"), ""),   // unknown number
        (conf("CXL001", "Cruz"), ""),  // cancelled
        (conf("OLD001", "Park"), ""),  // stay over
        (conf("", ""), ""),
        (name("Lee", "Kim"), "ABC123"),
        (name("LEE", "kím"), "ABC123"),
        (name("Silva", "Ana"), "?"), // a family: never list them
        (name("Cruz", "Eva"), ""),   // cancelled
        (name("Berg", "Ola"), ""),   // arrives another day
        (name("Novak", "Jan"), ""),  // arrived yesterday: not today's arrival
        (Query::Scan("CONF:ABC123\n"), "ABC123"),
        (Query::Scan("conf:abc123"), "ABC123"),
        (Query::Scan("ABC-123\r\n"), "ABC123"),
        (Query::Scan("CONF:CXL001"), ""),
        (Query::Scan("CONF:"), ""),
    ];
    for (q, want) in table {
        let out = env.lookup(q);
        match (want, &out) {
            ("", LookupOutcome::NotFound) | ("?", LookupOutcome::AskForConfirmation) => {}
            (c, LookupOutcome::Found(f)) if f.reservation.confirmation() == c => {}
            _ => panic!("{q:?} → {out:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn scanner_prefix_is_optional_and_case_insensitive() {
    let table = [
        ("CONF:ABC123", Some("CONF:"), "ABC123"),
        ("conf:abc-123\n", Some("CONF:"), "ABC123"),
        ("ABC123", Some("CONF:"), "ABC123"),
        ("  ABC123  ", None, "ABC123"),
        ("CONF:ABC123", None, "CONFABC123"),
        ("é", Some("CONF:"), ""),
    ];
    for (raw, prefix, want) in table {
        assert_eq!(scanned_confirmation(raw, prefix), want, "{raw:?}");
    }
}

#[test]
fn found_shows_only_what_the_screen_may_show() {
    let mut env = Env::new();
    let f = env.find("ABC123", "Lee");
    assert_eq!(f.first_name, "Kim");
    assert_eq!(
        f.contact,
        Contact::Sms {
            masked_phone: "+44 ••• ••• •958".into()
        }
    );
    assert_eq!(
        (f.arrival, f.departure),
        (Date::constant(2026, 11, 25), Date::constant(2026, 11, 27))
    );
    assert_eq!(f.purposes(), &[Purpose::CheckIn, Purpose::VerifyIdentity]);
    assert_eq!(
        env.find("FUT001", "Berg").purposes(),
        &[Purpose::ConfirmBooking, Purpose::VerifyIdentity]
    );
    assert_eq!(
        env.find("INH001", "Novak").purposes(),
        &[Purpose::VerifyIdentity]
    );
    // No phone, or a number that cannot take SMS → the desk.
    assert_eq!(
        env.find("NOPH01", "Moreau").contact,
        Contact::SeeDesk(DeskReason::NoPhone)
    );
    assert_eq!(
        env.find("LAND01", "Ito").contact,
        Contact::SeeDesk(DeskReason::NotSmsCapable(NotSmsCapable::WrongLineType))
    );
    let shown = format!("{f:?}");
    assert!(!shown.contains("7400123958") && !shown.contains("Lee") && !shown.contains("kim@"));
}

#[test]
fn misses_journal_lookup_failed_without_personal_data() {
    let mut env = Env::new();
    env.lookup(conf("ABC123", "Smith"));
    env.lookup(name("Nobody", "Here"));
    env.lookup(Query::Scan("XYZ"));
    env.find("ABC123", "Lee");
    let events = env.events();
    let failed: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "lookup_failed")
        .collect();
    assert_eq!(failed.len(), 3);
    for e in failed {
        assert_eq!(e.reservation, None);
        let keys: Vec<&String> = e.data.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["cooldown_s", "method"]);
        let text = e.data.to_string();
        for pii in ["Smith", "Nobody", "XYZ", "ABC123"] {
            assert!(!text.contains(pii));
        }
    }
}

#[test]
fn failures_trip_an_escalating_capped_cooldown_that_survives_restart() {
    let mut env = Env::new();
    for i in 0..9 {
        assert_eq!(
            env.lookup(conf("NOPE", "X")),
            LookupOutcome::NotFound,
            "failure {i}"
        );
        env.advance(1);
    }
    // The tenth failure in 5 minutes trips 30 s.
    assert_eq!(env.lookup(conf("NOPE", "X")), LookupOutcome::NotFound);
    env.restart();
    // Even a correct lookup waits.
    assert_eq!(
        env.lookup(conf("ABC123", "Lee")),
        LookupOutcome::CoolingDown {
            retry_after: Duration::from_secs(30)
        }
    );
    // Each further miss while still over the threshold doubles it.
    for want in [60, 120, 240] {
        let LookupOutcome::CoolingDown { retry_after } = env.lookup(conf("NOPE", "X")) else {
            panic!()
        };
        env.advance(retry_after.as_secs());
        assert_eq!(env.lookup(conf("NOPE", "X")), LookupOutcome::NotFound);
        env.restart();
        assert_eq!(
            env.lookup(conf("NOPE", "X")),
            LookupOutcome::CoolingDown {
                retry_after: Duration::from_secs(want)
            }
        );
    }
    // Slowed down, the misses leave the window; ten more in it trip again, and the streak is
    // remembered: the cap of 5 minutes.
    env.advance(240);
    let mut misses = 0;
    let retry = loop {
        match env.lookup(conf("NOPE", "X")) {
            LookupOutcome::NotFound => misses += 1,
            LookupOutcome::CoolingDown { retry_after } => break retry_after,
            other => panic!("{other:?}"),
        }
    };
    assert!(misses <= 10, "{misses}");
    assert_eq!(retry, Duration::from_secs(300));
    // Never a freeze: after the cool-down and a quiet window, all is normal again.
    env.advance(300 + 301);
    assert!(matches!(
        env.lookup(conf("ABC123", "Lee")),
        LookupOutcome::Found(_)
    ));
    for _ in 0..10 {
        assert_eq!(env.lookup(conf("NOPE", "X")), LookupOutcome::NotFound);
    }
    assert_eq!(
        env.lookup(conf("NOPE", "X")),
        LookupOutcome::CoolingDown {
            retry_after: Duration::from_secs(30)
        }
    );
    let tripped = env
        .events()
        .into_iter()
        .filter(|e| e.kind == "lookup_failed" && !e.data["cooldown_s"].is_null())
        .count();
    assert_eq!(tripped, 6);
}

#[test]
fn successful_lookups_count_toward_a_looser_cap() {
    let mut env = Env::new();
    for i in 0..30 {
        assert!(
            matches!(env.lookup(conf("ABC123", "Lee")), LookupOutcome::Found(_)),
            "lookup {i}"
        );
        env.advance(2);
    }
    env.restart();
    // 30 in 5 minutes: the 31st waits until the first leaves the window.
    assert_eq!(
        env.lookup(conf("ABC123", "Lee")),
        LookupOutcome::CoolingDown {
            retry_after: Duration::from_secs(240)
        }
    );
    env.advance(240);
    assert!(matches!(
        env.lookup(conf("ABC123", "Lee")),
        LookupOutcome::Found(_)
    ));
    assert_eq!(env.count("lookup_failed"), 0);
}
