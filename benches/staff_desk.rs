//! Staff mode's reads through `StaffDesk` (blocking pool and store lock included) over a large
//! kiosk: 200,000 cached reservations (arrivals spread over 400 days around today, so about half
//! have departed), 200,000 journal events, 50 locks in force. Every sample is recorded
//! (hdrhistogram), so the p99 is real. `health` is the worst case: no gateway ever failed, so
//! the journal is read back to its first event for the last failure.
//!
//! Run: `cargo bench --bench staff_desk`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

#[path = "support/mod.rs"]
mod support;

use hdrhistogram::Histogram;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use lobby_kiosk::clock::ManualClock;
use lobby_kiosk::config::Config;
use lobby_kiosk::gateway::GatewayChain;
use lobby_kiosk::journey::Journey;
use lobby_kiosk::otp::limits;
use lobby_kiosk::staff::StaffDesk;
use lobby_kiosk::store::{EventKind, Reservation, Status, Store, append_event};
use serde_json::json;
use support::{DAYS, report};

const RESERVATIONS: usize = 200_000;
const EVENTS: usize = 200_000;
const LOCKS: usize = 50;

const LAST: [&str; 10] = [
    "García López",
    "Østergaard",
    "Straße",
    "Wróbel",
    "Lefèvre",
    "Yamada",
    "O'Brien",
    "Müller",
    "Silva",
    "Thompson",
];

fn reservation(i: usize, start: Date) -> Reservation {
    let mut r = support::reservation(
        i,
        start,
        &format!("{}{}", LAST[i % LAST.len()], i / 100),
        "Ana",
    );
    r.display_confirmation = format!("BK-{i:08}");
    r.departure = r.arrival.checked_add(Span::new().days(3)).unwrap();
    if i % 17 == 0 {
        r.status = Status::Cancelled;
    }
    r
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "kiosk.toml",
        "assets/demo/reservations.json",
        "assets/branding/logo.png",
    ] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), to).unwrap();
    }
    let config = Arc::new(Config::load(&dir.path().join("kiosk.toml")).unwrap());
    let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let today = Date::constant(2026, 11, 25);
    let start = today.checked_sub(Span::new().days(DAYS / 2)).unwrap();

    let t = Instant::now();
    let mut store = Store::open(&config.store.path).unwrap();
    for chunk in (0..RESERVATIONS).collect::<Vec<_>>().chunks(50_000) {
        let batch: Vec<Reservation> = chunk.iter().map(|&i| reservation(i, start)).collect();
        store.upsert_reservations(&batch, now).unwrap();
    }
    {
        let tx = store.conn_mut().transaction().unwrap();
        for i in 0..EVENTS {
            let (kind, data) = match i % 4 {
                0 => (
                    EventKind::OtpSent,
                    json!({"challenge": "c", "purpose": "check_in", "phone": "+44 ••• 958", "gateway": "demo", "resend": 0}),
                ),
                1 => (
                    EventKind::OtpFailed,
                    json!({"challenge": "c", "purpose": "check_in", "attempts_left": 4, "failures": 1}),
                ),
                2 => (EventKind::LookupFailed, json!({"method": "name"})),
                _ => (
                    EventKind::CheckedIn,
                    json!({"method": "sms", "challenge": "c", "purpose": "check_in", "room": "412"}),
                ),
            };
            let reservation = format!("BK{:08}", i % RESERVATIONS);
            append_event(&tx, now, kind, Some(&reservation), data).unwrap();
        }
        let now_ms = now.as_millisecond();
        for i in 0..LOCKS {
            let key = format!("BK{:08}", 100_000 + i * 7);
            limits::lock(
                &tx,
                &key,
                lobby_kiosk::otp::limits::LockScope::All,
                now_ms,
                now_ms + 3_600_000,
                "too_many_failures",
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    store.conn().execute_batch("ANALYZE").unwrap();
    println!(
        "loaded {RESERVATIONS} reservations, {EVENTS} events, {LOCKS} locks in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let chain = GatewayChain::from_config(&config.gateways).unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let journey = Journey::new(config, store, chain, clock, Arc::new(|| {})).unwrap();
    let desk = StaffDesk::new(journey);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let sample = |name: &str, n: usize, f: &mut dyn FnMut() -> usize| {
        let mut h = Histogram::<u64>::new(3).unwrap();
        let mut rows = 0;
        for _ in 0..n {
            let t = Instant::now();
            rows += f();
            h.record(t.elapsed().as_nanos() as u64).unwrap();
        }
        report(
            &format!("{name} (avg {:.1} rows)", rows as f64 / n as f64),
            &h,
        );
    };

    sample("find by confirmation", 5_000, &mut || {
        let i = (next() % RESERVATIONS as u64) as usize;
        rt.block_on(desk.find(&format!("bk-{i:08}"))).unwrap().len()
    });
    sample("find by full last name", 5_000, &mut || {
        let i = (next() % RESERVATIONS as u64) as usize;
        let r = reservation(i, start);
        rt.block_on(desk.find(&r.last_name.to_lowercase()))
            .unwrap()
            .len()
    });
    sample("find by 4-letter prefix (matches 20,000)", 200, &mut || {
        let i = (next() % LAST.len() as u64) as usize;
        let prefix: String = lobby_kiosk::names::name_key(LAST[i])
            .chars()
            .take(4)
            .collect();
        rt.block_on(desk.find(&prefix)).unwrap().len()
    });
    sample("locked list (50 locks)", 2_000, &mut || {
        rt.block_on(desk.locked()).unwrap().len()
    });
    sample("recent events (50)", 2_000, &mut || {
        rt.block_on(desk.recent_events(50)).unwrap().len()
    });
    sample("health (no failure ever journaled)", 100, &mut || {
        rt.block_on(desk.health()).unwrap().gateways.len()
    });
}
