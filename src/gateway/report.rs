//! What IT reads after a test SMS: one line per gateway tried, then the outcome.

use std::fmt::Write as _;
use std::time::Duration;

use super::{Delivery, SendError};

fn ms(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// The lines for a delivered test SMS, e.g. `✗ primary (kannel) after 3002 ms: timeout: …`
/// then `✓ sent to +44 ••• 958 by backup (twilio) in 231 ms, message id SM…`. `masked_to` is
/// the masked number.
pub fn delivery_report(masked_to: &str, delivery: &Delivery) -> String {
    let mut out = String::new();
    for attempt in delivery.attempts.iter().filter(|a| !a.accepted()) {
        if let Err(f) = &attempt.outcome {
            let _ = writeln!(
                out,
                "✗ {} ({}) after {}: {f}",
                attempt.gateway,
                attempt.kind,
                ms(attempt.elapsed)
            );
        }
    }
    let _ = write!(
        out,
        "✓ sent to {masked_to} by {} ({}) in {}",
        delivery.gateway,
        delivery.kind,
        ms(delivery
            .attempts
            .last()
            .map_or(delivery.elapsed, |a| a.elapsed))
    );
    if delivery.attempts.len() > 1 {
        let _ = write!(out, " ({} in total)", ms(delivery.elapsed));
    }
    if let Some(id) = &delivery.message_id {
        let _ = write!(out, ", message id {id}");
    }
    if let Some(note) = delivery
        .attempts
        .last()
        .and_then(|a| a.outcome.as_ref().ok())
        .and_then(|a| a.note.as_ref())
    {
        let _ = write!(out, "\n  note: {note}");
    }
    out
}

/// The lines for a test SMS no gateway accepted.
pub fn failure_report(masked_to: &str, error: &SendError) -> String {
    let mut out = String::new();
    match error {
        SendError::Unavailable { failures, skipped } => {
            for (name, f) in failures {
                let _ = writeln!(out, "✗ {name}: {f}");
            }
            for name in skipped {
                let _ = writeln!(out, "✗ {name}: skipped, circuit breaker open");
            }
            let _ = write!(out, "no gateway accepted the test SMS to {masked_to}");
        }
        SendError::Refused {
            gateway, failures, ..
        } => {
            for (name, f) in failures {
                let _ = writeln!(out, "✗ {name}: {f}");
            }
            let _ = write!(
                out,
                "✗ {gateway}: not tried, the test SMS limits refused another attempt to {masked_to}"
            );
        }
        other => {
            let _ = write!(out, "✗ {other}");
        }
    }
    out
}
