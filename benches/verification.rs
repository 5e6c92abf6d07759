//! Benchmarks of the verification core on a durable SQLite file (WAL, synchronous=FULL):
//! an issue + send-accepted + verify cycle, full lookups (hit and miss) with their counter and
//! journal writes, and the store-level indexed read alone. Every sample is recorded in an HDR
//! histogram; median and p99 are printed.
//!
//! Run: `cargo bench --bench verification`; `KIOSK_BENCH_ENCRYPT=1` runs it on a SQLCipher-
//! encrypted file (encryption at rest), otherwise on a plain one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use lobby_kiosk::config::{LookupPolicy, OtpPolicy};
use lobby_kiosk::lookup::{LookupContext, LookupOutcome, Query, lookup};
use lobby_kiosk::otp::{OtpEngine, Purpose, VerifyOutcome};
use lobby_kiosk::store::{Reservation, ReservationRecord, Store, StoreOptions};

const SAMPLES: usize = 2_000;
const WARMUP: usize = 100;

fn record(i: usize) -> ReservationRecord {
    ReservationRecord {
        confirmation: format!("R{i:06}"),
        last_name: format!("Guest{}", i % 500),
        first_name: "Kim".into(),
        arrival: "2026-11-25".into(),
        departure: "2026-11-27".into(),
        phone: Some(format!("+4474001{:05}", i % 100_000)),
        status: "confirmed".into(),
        room: Some("412".into()),
        ..Default::default()
    }
}

fn report(name: &str, h: &Histogram<u64>) {
    println!(
        "{name:<44} n={:<6} median {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
        h.len(),
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.max() as f64 / 1000.0
    );
}

fn measure(name: &str, mut f: impl FnMut(usize)) {
    let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("histogram bounds");
    for i in 0..WARMUP {
        f(i);
    }
    for i in 0..SAMPLES {
        let t = Instant::now();
        f(WARMUP + i);
        let us = u64::try_from(t.elapsed().as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        h.record(us).expect("sample in range");
    }
    report(name, &h);
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kiosk.db");
    let encrypt = std::env::var("KIOSK_BENCH_ENCRYPT").is_ok_and(|v| v == "1");
    let options = StoreOptions {
        encrypt,
        ..StoreOptions::beside(&db)
    };
    let mut store = Store::open_with(&db, &options).expect("store");
    let mut now: Timestamp = "2026-11-25T10:00:00Z".parse().expect("time");
    let list: Vec<Reservation> = (0..10_000)
        .map(|i| Reservation::from_record(&record(i), "GB").expect("record"))
        .collect();
    store.upsert_reservations(&list, now).expect("seed");
    let ctx = LookupContext {
        kiosk_id: "bench".into(),
        policy: LookupPolicy {
            failures_before_cooldown: u32::MAX,
            max_lookups_per_window: u32::MAX,
            ..LookupPolicy::default()
        },
        time_zone: TimeZone::get("Europe/Lisbon").expect("tz"),
        business_day_start: Time::constant(6, 0, 0, 0),
        allowed_countries: Vec::new(),
        region: "GB".into(),
    };
    let policy = OtpPolicy {
        sends_per_phone_per_hour: u32::MAX,
        sends_per_reservation_per_day: u32::MAX,
        sends_per_kiosk_per_hour: u32::MAX,
        ..OtpPolicy::default()
    };
    let engine = OtpEngine::new(&store, policy, "bench", "GB").expect("engine");
    println!(
        "verification core on a durable SQLite file (encryption at rest {}), {SAMPLES} samples each (after {WARMUP} warm-up)",
        if encrypt { "on" } else { "off" }
    );

    measure("store: find_by_confirmation (read only)", |i| {
        let r = record(i % 10_000);
        let found = store
            .find_by_confirmation(&r.confirmation, &r.last_name)
            .expect("read");
        assert!(found.is_some());
    });

    let mut refs = Vec::new();
    measure("lookup hit (confirmation + name, durable)", |i| {
        let r = record(i % 10_000);
        let q = Query::Confirmation {
            confirmation: &r.confirmation,
            last_name: &r.last_name,
        };
        match lookup(&mut store, &ctx, now, q).expect("lookup") {
            LookupOutcome::Found(f) => refs.push(f.reservation),
            other => panic!("{other:?}"),
        }
    });

    measure("lookup miss (lookup_failed journaled)", |i| {
        let q = Query::Confirmation {
            confirmation: "NOPE",
            last_name: if i % 2 == 0 { "A" } else { "B" },
        };
        assert_eq!(
            lookup(&mut store, &ctx, now, q).expect("lookup"),
            LookupOutcome::NotFound
        );
    });

    measure("issue + send accepted + verify (3 commits)", |i| {
        now = now.checked_add(Duration::from_secs(1)).expect("time");
        let r = &refs[i % refs.len()];
        let issued = engine
            .issue_code(&mut store, now, r, Purpose::CheckIn)
            .expect("issue");
        engine
            .record_send_accepted(&mut store, now, &issued.challenge, "outbox", Some("m"))
            .expect("accepted");
        let out = engine
            .verify(&mut store, now, &issued.challenge, &issued.code)
            .expect("verify");
        assert!(matches!(out, VerifyOutcome::Verified(_)));
    });

    measure("issue + verify wrong code (2 commits)", |i| {
        now = now.checked_add(Duration::from_secs(1)).expect("time");
        // A fresh reservation each time keeps the lockout out of the measurement.
        let r = &refs[(i * 7) % refs.len()];
        let issued = engine
            .issue_code(&mut store, now, r, Purpose::CheckIn)
            .expect("issue");
        let wrong = if issued.code.as_str() == "000000" {
            "000001"
        } else {
            "000000"
        };
        let out = engine
            .verify(&mut store, now, &issued.challenge, wrong)
            .expect("verify");
        assert!(matches!(out, VerifyOutcome::Wrong { .. }), "{out:?}");
    });
}
