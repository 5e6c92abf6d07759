//! What the store benches share: a synthetic reservation and the percentile report. Included
//! with `#[path]` by each bench (a bench is its own crate).

#![allow(dead_code)]

use hdrhistogram::Histogram;
use jiff::Span;
use jiff::civil::Date;
use lobby_kiosk::store::{Reservation, Status};

/// Spread of arrival dates, in days from the first.
pub const DAYS: i64 = 400;

/// Reservation `i`: arrivals spread over [`DAYS`] from `start`, a two-night stay, a UK mobile.
pub fn reservation(i: usize, start: Date, last: &str, first: &str) -> Reservation {
    let arrival = start
        .checked_add(Span::new().days((i as i64) % DAYS))
        .unwrap_or(start);
    Reservation {
        confirmation: format!("BK{i:08}"),
        display_confirmation: format!("BK{i:08}"),
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        arrival,
        departure: arrival.checked_add(Span::new().days(2)).unwrap_or(arrival),
        phone: Some(format!("+4474001{:05}", i % 100_000)),
        email: None,
        language: Some("en".into()),
        status: Status::Confirmed,
        room: Some(format!("{}", 100 + i % 600)),
        room_ready: true,
        adults: Some(2),
        token: None,
        second_factor: None,
    }
}

/// One line of percentiles, in microseconds, from a histogram of nanoseconds.
pub fn report(name: &str, h: &Histogram<u64>) {
    println!(
        "{name}: n={} p50={:.1} µs p90={:.1} µs p99={:.1} µs max={:.1} µs",
        h.len(),
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.9) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.max() as f64 / 1000.0
    );
}
