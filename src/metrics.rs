//! The kiosk's figures in the Prometheus text format (`[metrics]`), for the hotel's
//! monitoring: counters from the journal (codes sent by gateway and outcome, verifications,
//! wrong codes, lockouts, failed lookups, abuse alerts, pumping pauses), gauges from the health
//! report (sync backlog and age, gateways whose breaker the journal shows open, locks, the
//! staff pad) and how long ago the UI loop last ran. Labels are gateway names, outcome classes
//! and alert causes: never a phone number, name, code or booking.

use std::fmt::Write as _;

use jiff::Timestamp;

use crate::config::Config;
use crate::store::{Store, StoreError};

/// One metric family being written.
struct Family<'a> {
    out: &'a mut String,
}

impl Family<'_> {
    fn start<'a>(out: &'a mut String, name: &str, kind: &str, help: &str) -> Family<'a> {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        Family { out }
    }

    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        let _ = write!(self.out, "{name}");
        if !labels.is_empty() {
            let text: Vec<String> = labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
                .collect();
            let _ = write!(self.out, "{{{}}}", text.join(","));
        }
        let _ = writeln!(self.out, " {value}");
    }
}

/// A label value as the text format wants it (backslash, quote and newline escaped).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// (label values…, count) of journal events of `kind`, grouped by the JSON fields `fields`.
fn counts(
    store: &Store,
    kind: &str,
    fields: &[&str],
) -> Result<Vec<(Vec<String>, i64)>, StoreError> {
    let columns: Vec<String> = fields
        .iter()
        .map(|f| format!("COALESCE(json_extract(data, '$.{f}'), '')"))
        .collect();
    let select = if columns.is_empty() {
        "COUNT(*)".to_owned()
    } else {
        format!("{}, COUNT(*)", columns.join(", "))
    };
    let group = if columns.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", columns.join(", "))
    };
    let sql = format!("SELECT {select} FROM journal WHERE kind = ?1{group}");
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map([kind], |r| {
        let mut labels = Vec::new();
        for i in 0..fields.len() {
            labels.push(r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Integer(n) => n.to_string(),
                _ => String::new(),
            })?);
        }
        Ok((labels, r.get::<_, i64>(fields.len())?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn counter(
    out: &mut String,
    store: &Store,
    name: &str,
    help: &str,
    kind: &str,
    labels: &[&str],
) -> Result<(), StoreError> {
    let rows = counts(store, kind, labels)?;
    let mut f = Family::start(out, name, "counter", help);
    if rows.is_empty() && labels.is_empty() {
        f.sample(name, &[], 0.0);
    }
    for (values, n) in rows {
        let pairs: Vec<(&str, &str)> = labels
            .iter()
            .copied()
            .zip(values.iter().map(String::as_str))
            .collect();
        f.sample(name, &pairs, n as f64);
    }
    Ok(())
}

fn gauge(out: &mut String, name: &str, help: &str, value: f64) {
    Family::start(out, name, "gauge", help).sample(name, &[], value);
}

fn seconds_since(now: Timestamp, then: Timestamp) -> f64 {
    now.duration_since(then).as_secs_f64().max(0.0)
}

/// The whole exposition at `now`; `ui_beat_ms` is when the UI loop last ran (0: never).
pub fn render(
    config: &Config,
    store: &Store,
    now: Timestamp,
    ui_beat_ms: i64,
) -> Result<String, StoreError> {
    let mut out = String::new();
    let o = &mut out;
    counter(
        o,
        store,
        "lobby_kiosk_codes_sent_total",
        "Codes a gateway accepted, by gateway.",
        "otp_sent",
        &["gateway"],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_code_send_failures_total",
        "Gateway attempts that failed, by gateway and failure class.",
        "send_failed",
        &["gateway", "outcome"],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_verifications_total",
        "Codes entered right.",
        "otp_verified",
        &[],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_wrong_codes_total",
        "Codes entered wrong.",
        "otp_failed",
        &[],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_lockouts_total",
        "Bookings locked (earned here or relayed), by scope and source.",
        "locked",
        &["scope", "source"],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_lookups_failed_total",
        "Lookups that found no booking, by how the guest searched.",
        "lookup_failed",
        &["method"],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_abuse_alerts_total",
        "Abuse alerts, by cause.",
        "abuse_alert",
        &["cause"],
    )?;
    counter(
        o,
        store,
        "lobby_kiosk_checkins_total",
        "Guests checked in.",
        "checked_in",
        &[],
    )?;

    let report = crate::health::gather(config, store, now)?;
    gauge(
        o,
        "lobby_kiosk_pumping_pauses",
        "E.164 prefixes paused for SMS pumping now.",
        report.pumping.len() as f64,
    );
    gauge(
        o,
        "lobby_kiosk_lockouts_active",
        "Bookings locked now.",
        report.lockouts as f64,
    );
    gauge(
        o,
        "lobby_kiosk_staff_pad_locked",
        "1 while the staff PIN pad is locked.",
        f64::from(u8::from(matches!(
            report.staff_pad,
            crate::staff::PadState::Locked { .. }
        ))),
    );
    gauge(
        o,
        "lobby_kiosk_healthy",
        "1 when kiosk status would say healthy.",
        f64::from(u8::from(report.problems.is_empty())),
    );
    let mut f = Family::start(
        o,
        "lobby_kiosk_gateway_failing",
        "gauge",
        "1 for a gateway whose last attempt failed (its circuit breaker opens after breaker_failures of them).",
    );
    for g in &report.gateways {
        f.sample(
            "lobby_kiosk_gateway_failing",
            &[("gateway", &g.name)],
            f64::from(u8::from(g.last_failed())),
        );
    }
    if let Some(sync) = &report.sync {
        gauge(
            o,
            "lobby_kiosk_sync_backlog",
            "Journal events not yet taken upstream.",
            sync.backlog as f64,
        );
        gauge(
            o,
            "lobby_kiosk_sync_oldest_unsynced_age_seconds",
            "Age of the oldest event not yet taken upstream (0: none).",
            sync.oldest_unsynced_age.map_or(0.0, |d| d.as_secs_f64()),
        );
        gauge(
            o,
            "lobby_kiosk_sync_last_success_age_seconds",
            "Seconds since the last successful sync round (-1: never).",
            sync.last_success.map_or(-1.0, |t| seconds_since(now, t)),
        );
    }
    let beat = (ui_beat_ms > 0)
        .then(|| Timestamp::from_millisecond(ui_beat_ms).ok())
        .flatten();
    gauge(
        o,
        "lobby_kiosk_ui_loop_last_run_age_seconds",
        "Seconds since the UI loop last ran its watchdog beat (-1: not yet).",
        beat.map_or(-1.0, |t| seconds_since(now, t)),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn label_values_are_escaped() {
        assert_eq!(super::escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
