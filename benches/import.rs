//! Import of 100,000 CSV rows through `kiosk import-reservations`' code path (parse, validate
//! phones, one transaction). Target: < 5 s. Prints every run and the median of five.
//!
//! Run: `cargo bench --bench import`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::fmt::Write;
use std::time::Instant;

use jiff::Timestamp;
use lobby_kiosk::store::Store;

const ROWS: usize = 100_000;
const RUNS: usize = 5;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("arrivals.csv");
    let mut text = String::from(
        "confirmation,last_name,first_name,arrival,departure,phone,email,language,status,room,room_ready,adults\n",
    );
    for i in 0..ROWS {
        let phone = match i % 4 {
            0 => format!("07400 1{:05}", i % 100_000),
            1 => format!("+351 912 {:06}", i % 1_000_000),
            2 => format!("+34 612 {:06}", i % 1_000_000),
            _ => format!("+49 1512 {:07}", i % 10_000_000),
        };
        writeln!(
            text,
            "IM{i:07},Østergaard-{},Søren,2026-11-{:02},2026-12-01,{phone},guest{i}@example.com,en,confirmed,{},true,2",
            i % 997,
            1 + i % 28,
            100 + i % 600
        )
        .unwrap();
    }
    std::fs::write(&csv, text).unwrap();
    // Warm the phone metadata once, as the kiosk does at startup.
    lobby_kiosk::phone::Phone::parse("+447400123456", "GB").unwrap();

    let mut times = Vec::new();
    for run in 0..RUNS {
        let mut store = Store::open(&dir.path().join(format!("run{run}.db"))).unwrap();
        let t = Instant::now();
        let summary =
            lobby_kiosk::import::import_file(&mut store, &csv, "GB", Timestamp::now()).unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(summary.inserted, ROWS);
        println!("run {run}: imported {ROWS} rows in {secs:.2} s");
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "import of {ROWS} CSV rows: median {:.2} s over {RUNS} runs",
        times[RUNS / 2]
    );
}
