//! No enumeration by timing: on the real path (durable SQLite file, counters, journal), a
//! lookup for an unknown number, a known number with the wrong name and a cancelled booking
//! take the same time — medians within ±20% over 300 runs each, interleaved so that disk and
//! CPU drift hit all three alike. Equal by construction (same statements), not by sleeping.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use lobby_kiosk::config::LookupPolicy;
use lobby_kiosk::lookup::{LookupContext, LookupOutcome, Query, lookup};
use lobby_kiosk::store::{Reservation, ReservationRecord, Store};

const RUNS: usize = 300;
const WARMUP: usize = 30;

fn record(conf: &str, last: &str, status: &str) -> ReservationRecord {
    ReservationRecord {
        confirmation: conf.into(),
        last_name: last.into(),
        first_name: "Kim".into(),
        arrival: "2026-11-25".into(),
        departure: "2026-11-27".into(),
        phone: Some("+447400123958".into()),
        status: status.into(),
        room: Some("412".into()),
        ..Default::default()
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
fn not_found_wrong_name_and_cancelled_take_indistinguishable_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kiosk.db")).unwrap();
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    // A realistic cache: a few thousand bookings around the one probed.
    let mut list: Vec<Reservation> = (0..3000)
        .map(|i| {
            Reservation::from_record(&record(&format!("R{i:05}"), "Guest", "confirmed"), "GB")
                .unwrap()
        })
        .collect();
    list.push(Reservation::from_record(&record("ABC123", "Lee", "confirmed"), "GB").unwrap());
    list.push(Reservation::from_record(&record("CXL001", "Cruz", "cancelled"), "GB").unwrap());
    store.upsert_reservations(&list, now).unwrap();
    let ctx = LookupContext {
        kiosk_id: "lobby-1".into(),
        // Limits that never trip, so every run takes the full miss path.
        policy: LookupPolicy {
            failures_before_cooldown: u32::MAX,
            max_lookups_per_window: u32::MAX,
            ..LookupPolicy::default()
        },
        time_zone: TimeZone::get("Europe/Lisbon").unwrap(),
        business_day_start: Time::constant(6, 0, 0, 0),
        allowed_countries: Vec::new(),
        region: "GB".into(),
    };
    let cases: [(&str, Query<'static>); 3] = [
        (
            "not found",
            Query::Confirmation {
                confirmation: "ZZZ999",
                last_name: "Lee",
            },
        ),
        (
            "wrong name",
            Query::Confirmation {
                confirmation: "ABC123",
                last_name: "Smith",
            },
        ),
        (
            "cancelled",
            Query::Confirmation {
                confirmation: "CXL001",
                last_name: "Cruz",
            },
        ),
    ];
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for run in 0..WARMUP + RUNS {
        // Rotate the order each run so no case always follows the same one.
        for k in 0..3 {
            let i = (run + k) % 3;
            let t = Instant::now();
            let out = lookup(&mut store, &ctx, now, cases[i].1).unwrap();
            let took = t.elapsed();
            assert_eq!(out, LookupOutcome::NotFound, "{}", cases[i].0);
            if run >= WARMUP {
                samples[i].push(took);
            }
        }
    }
    let medians: Vec<Duration> = samples.iter().cloned().map(median).collect();
    let (lo, hi) = (medians.iter().min().unwrap(), medians.iter().max().unwrap());
    let report: Vec<String> = cases
        .iter()
        .zip(&medians)
        .map(|((n, _), m)| format!("{n}: {m:?}"))
        .collect();
    println!(
        "lookup miss medians over {RUNS} runs: {}",
        report.join(", ")
    );
    assert!(
        hi.as_secs_f64() <= lo.as_secs_f64() * 1.2,
        "medians differ by more than 20%: {}",
        report.join(", ")
    );
    // Every miss wrote the same journal event.
    assert_eq!(
        store.journal_stats().unwrap().events as usize,
        3 * (WARMUP + RUNS)
    );
}
