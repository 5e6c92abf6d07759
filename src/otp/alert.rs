//! `abuse_alert` events: raised once per window and cause, so a sustained attack is one alert
//! an hour for IT to read, not thousands.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::limits::{self, Scope};
use crate::clock::millis;
use crate::store::{EventKind, StoreError, journal};

/// Journals `abuse_alert` with `cause` and `data` unless one for `key` was raised within
/// `window`. Runs in the caller's transaction. Returns whether it was raised.
pub fn raise(
    tx: &rusqlite::Connection,
    now: Timestamp,
    kiosk: &str,
    cause: &str,
    key: &str,
    window: Duration,
    data: Value,
) -> Result<bool, StoreError> {
    let now_ms = millis(now);
    let key = format!("{cause}:{key}");
    if limits::count_in_window(tx, Scope::AbuseAlert, &key, now_ms, window)? > 0 {
        return Ok(false);
    }
    limits::record(tx, Scope::AbuseAlert, &key, now_ms)?;
    let mut fields = json!({"cause": cause, "kiosk": kiosk});
    if let (Some(out), Value::Object(extra)) = (fields.as_object_mut(), data) {
        out.extend(extra);
    }
    journal::append(tx, now, EventKind::AbuseAlert, None, fields)?;
    tracing::warn!(kiosk, cause, "abuse alert raised");
    Ok(true)
}
