//! Store lookups among 1,000,000 cached reservations: by confirmation + last name, and by last +
//! first name among the business date's arrivals. Every sample is recorded (hdrhistogram) so the
//! p99 is real, not estimated. Target: p99 < 1 ms.
//!
//! Run: `cargo bench --bench store_lookup`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::time::Instant;

#[path = "support/mod.rs"]
mod support;

use hdrhistogram::Histogram;
use jiff::Timestamp;
use jiff::civil::Date;
use lobby_kiosk::store::{Reservation, Store};
use support::report;

const RESERVATIONS: usize = 1_000_000;
const SAMPLES: usize = 20_000;

const LAST: [&str; 20] = [
    "García López",
    "Østergaard",
    "Straße",
    "Wróbel",
    "Ærenlund",
    "Lefèvre",
    "Gonçalves",
    "Yamada",
    "Wang",
    "O'Brien",
    "Müller",
    "Núñez",
    "Kowalska",
    "Andersen",
    "Rossi",
    "Dubois",
    "Schmidt",
    "Silva",
    "Thompson",
    "Jansen",
];
const FIRST: [&str; 10] = [
    "Ana",
    "Søren",
    "Jürgen",
    "Łukasz",
    "Mette",
    "Françoise",
    "João",
    "Hanako",
    "Zoë",
    "Mateo",
];

fn reservation(i: usize, start: Date) -> Reservation {
    support::reservation(
        i,
        start,
        &format!("{}{}", LAST[i % LAST.len()], i / 200),
        FIRST[(i / LAST.len()) % FIRST.len()],
    )
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let start = Date::constant(2026, 1, 1);
    let now = Timestamp::now();
    let t = Instant::now();
    for chunk in (0..RESERVATIONS).collect::<Vec<_>>().chunks(50_000) {
        let batch: Vec<Reservation> = chunk.iter().map(|&i| reservation(i, start)).collect();
        store.upsert_reservations(&batch, now).unwrap();
    }
    println!(
        "loaded {RESERVATIONS} reservations in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    store.conn().execute_batch("ANALYZE").unwrap();

    let mut by_confirmation = Histogram::<u64>::new(3).unwrap();
    let mut by_name = Histogram::<u64>::new(3).unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % RESERVATIONS as u64) as usize
    };
    for _ in 0..SAMPLES {
        let i = next();
        let r = reservation(i, start);
        // What a guest types: other case, no accents, hyphens instead of spaces.
        let typed_last = deunicode_like(&r.last_name);
        let typed_conf = r.confirmation.to_lowercase();
        let t = Instant::now();
        let found = store
            .find_by_confirmation(&typed_conf, &typed_last)
            .unwrap();
        by_confirmation
            .record(t.elapsed().as_nanos() as u64)
            .unwrap();
        assert!(found.is_some());

        let t = Instant::now();
        let found = store
            .find_arrivals_by_name(r.arrival, &typed_last, &r.first_name.to_uppercase(), 2)
            .unwrap();
        by_name.record(t.elapsed().as_nanos() as u64).unwrap();
        assert!(!found.is_empty());
    }
    report("lookup by confirmation + last name", &by_confirmation);
    report("lookup by last + first name on the business date", &by_name);
}

fn deunicode_like(s: &str) -> String {
    lobby_kiosk::names::name_key(s)
        .to_lowercase()
        .replace(' ', "-")
}
