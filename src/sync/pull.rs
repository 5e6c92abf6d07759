//! Pulling arrivals: upsert every valid record (a local check-in is never downgraded), delete
//! the removed ones, journal the invalid ones as `pull_rejected`, and move the cursor, all in
//! one transaction so that a crash either applies a pull whole or not at all.

use jiff::Timestamp;
use rusqlite::{Connection, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{keys, status};
use crate::names::{confirmation_key, masked_confirmation};
use crate::store::{self, EventKind, Reservation, ReservationRecord, StoreError};

/// The server's answer to `GET /v1/arrivals`. Records stay raw JSON until validated one by one,
/// so that one malformed record cannot reject the whole pull.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArrivalsResponse {
    pub cursor: String,
    #[serde(default)]
    pub reservations: Vec<serde_json::Value>,
    #[serde(default)]
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullTally {
    pub upserted: usize,
    pub removed: usize,
    pub rejected: usize,
}

/// Why a record was refused, without personal data: field names and rule, never the value of
/// a name, phone or email.
fn rejection_reason(value: &serde_json::Value, region: &str) -> Result<Reservation, String> {
    let record: ReservationRecord = serde_json::from_value(value.clone()).map_err(|e| {
        let msg = e.to_string();
        if msg.starts_with("missing field") {
            // serde names our field; no values.
            msg.split(", expected").next().unwrap_or(&msg).to_owned()
        } else if msg.starts_with("unknown field") {
            // The unknown name is the sender's, and a PMS can put anything there.
            "a field that is not in the v1 reservation format".to_owned()
        } else {
            "the record is not in the v1 reservation format (a field has the wrong type)".to_owned()
        }
    })?;
    // The field, never its value: a PMS puts names and notes in the wrong columns, and this
    // reason reaches the log and the journal.
    Reservation::from_record(&record, region).map_err(|e| match e.field {
        "phone" => "phone: not a valid phone number".to_owned(),
        "email" => "email: not a valid email address".to_owned(),
        field => format!("{field}: not a valid value (docs/upstream.md gives the field's format)"),
    })
}

/// Applies one pull. `region` is the kiosk's default phone region.
pub fn apply_arrivals(
    conn: &mut Connection,
    response: &ArrivalsResponse,
    region: &str,
    now: Timestamp,
) -> Result<PullTally, StoreError> {
    let mut tally = PullTally::default();
    // Validation (phone parsing) before the write lock, so other writers wait only for SQL.
    let checked: Vec<_> = response
        .reservations
        .iter()
        .map(|value| (value, rejection_reason(value, region)))
        .collect();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (value, checked) in checked {
        match checked {
            Ok(reservation) => {
                store::upsert(&tx, &reservation, now)?;
                tally.upserted += 1;
            }
            Err(reason) => {
                let confirmation = value
                    .get("confirmation")
                    .and_then(|c| c.as_str())
                    .map(confirmation_key)
                    .filter(|c| !c.is_empty() && c.len() <= 32);
                tracing::warn!(confirmation = %confirmation.as_deref().map_or_else(|| "?".into(), masked_confirmation), %reason, "pulled reservation skipped");
                store::append_event(
                    &tx,
                    now,
                    EventKind::PullRejected,
                    confirmation.as_deref(),
                    json!({ "reason": reason, "source": "upstream" }),
                )?;
                tally.rejected += 1;
            }
        }
    }
    {
        let mut delete = tx.prepare_cached("DELETE FROM reservations WHERE confirmation = ?1")?;
        for confirmation in &response.removed {
            tally.removed += delete.execute(params![confirmation_key(confirmation)])?;
        }
    }
    status::put(&tx, keys::PULL_CURSOR, &response.cursor)?;
    status::put_ms(&tx, keys::PULL_OK_MS, now)?;
    tx.commit()?;
    Ok(tally)
}
