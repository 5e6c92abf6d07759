//! What bounding phonenumber's compiled-pattern cache costs per parse: the demo guests' numbers
//! (many countries) parsed round-robin with the library's cache (100 patterns) and with the
//! kiosk's (`KIOSK_PATTERN_CACHE`). Every sample is recorded (hdrhistogram).
//!
//! Run: `cargo bench --bench phone_parse`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[path = "support/mod.rs"]
mod support;

#[path = "../tests/support/demo_phones.rs"]
mod demo_phones;

use std::time::Instant;

use demo_phones::demo_phones;
use hdrhistogram::Histogram;
use lobby_kiosk::phone::{KIOSK_PATTERN_CACHE, Phone, bound_pattern_cache};
use support::report;

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
