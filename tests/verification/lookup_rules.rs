//! Lookup: the ways to search, one answer for every miss, persisted per-kiosk limits.

use std::time::Duration;

use jiff::civil::Date;
use lobby_kiosk::config::LookupPolicy;
use lobby_kiosk::lookup::scan::scan_mac;
use lobby_kiosk::lookup::{Contact, DeskReason, LookupOutcome, Query, scanned_confirmation};
use lobby_kiosk::otp::Purpose;
use lobby_kiosk::phone::NotSmsCapable;
use secrecy::SecretString;

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
    // (query, expected confirmation when found; "" = NotFound; "?NUMBER" = ask for the surname,
    // keeping NUMBER)
    let prefix_policy = LookupPolicy {
        scanner_prefix: Some("CONF:".into()),
        // The table's misses are about answers, not the cool-down.
        failures_before_cooldown: 1000,
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
        (name("Silva", "Ana"), ""), // a family: like no match, never a list
        (name("Cruz", "Eva"), ""),  // cancelled
        (name("Berg", "Ola"), ""),  // arrives another day
        (name("Novak", "Jan"), ""), // arrived yesterday: not today's arrival
        // A scan skips the surname only with the PMS token (every fixture booking has
        // "tok-SECRET-0001")...
        (Query::Scan("CONF:ABC123/tok-SECRET-0001\n"), "ABC123"),
        (Query::Scan("conf:abc-123/tok-SECRET-0001"), "ABC123"),
        (Query::Scan("ABC-123/tok-SECRET-0001\r\n"), "ABC123"),
        (Query::Scan("CONF:CXL001/tok-SECRET-0001"), ""),
        // ...otherwise it asks for the surname, whether the number exists or not.
        (Query::Scan("CONF:ABC123\n"), "?ABC123"),
        (Query::Scan("conf:abc123"), "?ABC123"),
        (Query::Scan("CONF:ZZZ999"), "?ZZZ999"),
        (Query::Scan("CONF:CXL001"), "?CXL001"),
        (Query::Scan("CONF:ABC123/tok-SECRET-0002"), "?ABC123"),
        (Query::Scan("CONF:ZZZ999/tok-SECRET-0001"), "?ZZZ999"),
        (Query::Scan("CONF:"), ""),
        (Query::Scan("CONF:/tok-SECRET-0001"), ""),
    ];
    for (q, want) in table {
        let out = env.lookup(q);
        match (want, &out) {
            ("", LookupOutcome::NotFound) => {}
            (w, LookupOutcome::AskForSurname { confirmation })
                if w.strip_prefix('?') == Some(confirmation.as_str()) => {}
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
        ("CONF:ABC123/tok-SECRET-0001", Some("CONF:"), "ABC123"),
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
    // The surname the guest typed comes back for the screens that address a guest by it
    // (Japanese: surname + 様), but never in Debug output (checked below).
    assert_eq!(f.last_name, "Lee");
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
    env.lookup(Query::Scan("XYZ/guess"));
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
        for pii in ["Smith", "Nobody", "XYZ", "guess", "ABC123"] {
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

/// Everything a lookup leaves behind: journal events (without ids and times), counters and
/// cool-downs.
fn footprint(env: &Env) -> String {
    let events: Vec<String> = env
        .events()
        .iter()
        .map(|e| format!("{} {:?} {}", e.kind, e.reservation, e.data))
        .collect();
    let rows = |sql: &str| -> Vec<String> {
        let conn = env.store.conn();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join(","))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    format!(
        "events: {events:#?}\ncounters: {:#?}\ncooldowns: {:#?}",
        rows("SELECT scope, key, at_ms FROM limit_events ORDER BY scope, key, at_ms"),
        rows("SELECT scope, key, level, until_ms, updated_ms FROM cooldowns ORDER BY scope, key"),
    )
}

#[test]
fn several_same_name_arrivals_are_answered_counted_and_journaled_like_none() {
    // Two Ana Silvas arrive today; nobody called Nobody Here does.
    let mut several = Env::new();
    let mut none = Env::new();
    for i in 0..11 {
        let a = several.lookup(name("Silva", "Ana"));
        let b = none.lookup(name("Nobody", "Here"));
        assert_eq!(a, b, "lookup {i}");
        let want = if i < 10 {
            LookupOutcome::NotFound
        } else {
            // The tenth miss in the window tripped 30 s, for families too (1 s ago).
            LookupOutcome::CoolingDown {
                retry_after: Duration::from_secs(29),
            }
        };
        assert_eq!(a, want, "lookup {i}");
        assert_eq!(footprint(&several), footprint(&none), "after lookup {i}");
        several.advance(1);
        none.advance(1);
    }
    assert_eq!(several.count("lookup_failed"), 10);
}

fn scan_policy(scan_key: Option<&str>) -> LookupPolicy {
    LookupPolicy {
        scanner_prefix: Some("CONF:".into()),
        scan_key: scan_key.map(SecretString::from),
        ..LookupPolicy::default()
    }
}

const SCAN_KEY: &str = "6b696f736b2d7363616e2d6b65792d666f722d7465737473";

#[test]
fn a_scan_with_the_prefix_only_asks_for_the_surname_then_the_surname_finds_it() {
    let mut env = Env::with(Default::default(), scan_policy(Some(SCAN_KEY)));
    for (raw, number) in [("CONF:ABC123", "ABC123"), ("CONF:ZZZ999\n", "ZZZ999")] {
        assert_eq!(
            env.lookup(Query::Scan(raw)),
            LookupOutcome::AskForSurname {
                confirmation: number.into()
            },
            "{raw:?}"
        );
    }
    // Nothing was read about the numbers, so nothing was counted or journaled either.
    assert_eq!(footprint(&env), footprint(&Env::new()));
    // The kiosk then runs the normal lookup with the surname the guest types.
    let f = env.find("ABC123", "Lee");
    assert_eq!(f.reservation.confirmation(), "ABC123");
}

#[test]
fn a_scan_with_the_pms_token_or_the_mac_finds_the_booking() {
    let key = SecretString::from(SCAN_KEY);
    let mac = scan_mac(&key, "ABC-123");
    let mut env = Env::with(Default::default(), scan_policy(Some(SCAN_KEY)));
    for raw in [
        "CONF:ABC123/tok-SECRET-0001".to_owned(),
        format!("CONF:ABC123/{mac}\n"),
        format!("conf:abc-123/{}", mac.to_uppercase()),
    ] {
        match env.lookup(Query::Scan(&raw)) {
            LookupOutcome::Found(f) => assert_eq!(f.reservation.confirmation(), "ABC123"),
            other => panic!("{other:?}"),
        }
    }
    // A MAC under another key, or for another number, proves nothing.
    let other_key = scan_mac(
        &SecretString::from("another-key-another-key-another-key"),
        "ABC123",
    );
    let other_number = scan_mac(&key, "PEND01");
    for secret in [other_key, other_number] {
        assert_eq!(
            env.lookup(Query::Scan(&format!("CONF:ABC123/{secret}"))),
            LookupOutcome::AskForSurname {
                confirmation: "ABC123".into()
            }
        );
    }
    // Without a configured key, the MAC is just a wrong secret.
    let mut keyless = Env::with(Default::default(), scan_policy(None));
    assert_eq!(
        keyless.lookup(Query::Scan(&format!("CONF:ABC123/{mac}"))),
        LookupOutcome::AskForSurname {
            confirmation: "ABC123".into()
        }
    );
}

#[test]
fn a_wrong_secret_asks_for_the_surname_and_counts_as_a_miss_alike_for_real_and_unknown_numbers() {
    let mut real = Env::with(Default::default(), scan_policy(Some(SCAN_KEY)));
    let mut unknown = Env::with(Default::default(), scan_policy(Some(SCAN_KEY)));
    let guess = "f".repeat(64);
    for i in 0..11 {
        let a = real.lookup(Query::Scan(&format!("CONF:ABC123/tok-guess-{i}")));
        let b = unknown.lookup(Query::Scan(&format!("CONF:ZZZ999/tok-guess-{i}")));
        let c = real.lookup(Query::Scan(&format!("CONF:PEND01/{guess}")));
        let d = unknown.lookup(Query::Scan(&format!("CONF:ZZZ998/{guess}")));
        let shape = |o: &LookupOutcome| match o {
            LookupOutcome::AskForSurname { .. } => "ask for the surname".to_owned(),
            other => format!("{other:?}"),
        };
        assert_eq!((shape(&a), shape(&c)), (shape(&b), shape(&d)), "round {i}");
        if i < 5 {
            assert_eq!(
                a,
                LookupOutcome::AskForSurname {
                    confirmation: "ABC123".into()
                }
            );
            assert_eq!(
                b,
                LookupOutcome::AskForSurname {
                    confirmation: "ZZZ999".into()
                }
            );
        } else {
            // Guessing secrets meets the lookup cool-down like any other miss.
            assert!(matches!(d, LookupOutcome::CoolingDown { .. }), "{d:?}");
        }
        assert_eq!(footprint(&real), footprint(&unknown), "round {i}");
        real.advance(1);
        unknown.advance(1);
    }
    let failed = real.events();
    let failed: Vec<_> = failed
        .iter()
        .filter(|e| e.kind == "lookup_failed")
        .collect();
    assert_eq!(failed.len(), 10);
    assert!(failed.iter().all(|e| e.data["method"] == "scan"));
    assert!(failed.iter().all(|e| !e.data.to_string().contains("guess")));
}
