//! What bounding phonenumber's compiled-pattern cache costs per parse: the demo guests' numbers
//! (many countries) parsed round-robin with the library's cache (100 patterns) and with the
//! kiosk's (`KIOSK_PATTERN_CACHE`). Every sample is recorded (hdrhistogram).
//!
//! Run: `cargo bench --bench phone_parse`

#[path = "support/mod.rs"]
mod support;

use std::time::Instant;

use hdrhistogram::Histogram;
use lobby_kiosk::phone::{KIOSK_PATTERN_CACHE, Phone, bound_pattern_cache};
use support::report;

fn demo_phones() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/reservations.json");
    let text = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = json
        .get("reservations")
        .and_then(|r| r.as_array())
        .or_else(|| json.as_array())
        .unwrap();
    list.iter()
        .filter_map(|r| r.get("phone").and_then(|p| p.as_str()).map(str::to_owned))
        .collect()
}

fn run(name: &str, phones: &[String], rounds: usize) {
    let mut h = Histogram::<u64>::new(3).unwrap();
    for _ in 0..rounds {
        for p in phones {
            let t = Instant::now();
            let _ = std::hint::black_box(Phone::parse(p, "PT"));
            h.record(t.elapsed().as_nanos() as u64).unwrap();
        }
    }
    report(name, &h);
}

fn main() {
    let phones = demo_phones();
    let same = vec![phones[0].clone(); phones.len()];
    run("warm-up (library cache)", &phones, 1);
    for capacity in [100, 24, 16, KIOSK_PATTERN_CACHE, 8] {
        bound_pattern_cache(capacity);
        run(&format!("cache {capacity}: one country"), &same, 30);
        run(
            &format!("cache {capacity}: countries round-robin"),
            &phones,
            30,
        );
    }
}
