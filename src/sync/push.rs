//! Pushing the journal: the next batch of unsynced events in ascending `seq`, serialised
//! without re-parsing their data, and the server's verdict applied in one transaction
//! (accepted → `synced_at`, rejected → `quarantined` with the reason, anything else → offered
//! again next time).

use std::collections::HashSet;

use jiff::Timestamp;
use rusqlite::{Connection, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::store::StoreError;

/// The server's answer to `POST /v1/events`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    #[serde(default)]
    pub accepted: Vec<String>,
    #[serde(default)]
    pub rejected: Vec<Rejection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub id: String,
    #[serde(default)]
    pub reason: String,
}

/// One event on the wire; `data` is the stored JSON text passed through untouched (the hub
/// reads it with the same type).
#[derive(Debug, Serialize, Deserialize)]
pub struct WireEvent {
    pub id: String,
    pub seq: i64,
    pub kind: String,
    pub occurred_at: String,
    pub reservation: Option<String>,
    pub data: Box<RawValue>,
}

/// `POST /v1/events` as the server reads it (the kiosk writes it borrowed, as `PushBody`).
#[derive(Debug, Deserialize)]
pub struct PushRequest {
    pub kiosk_id: String,
    pub events: Vec<WireEvent>,
}

#[derive(Serialize)]
struct PushBody<'a> {
    kiosk_id: &'a str,
    events: &'a [WireEvent],
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushTally {
    pub offered: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Offered but in neither list: offered again next time.
    pub unanswered: usize,
}

/// A batch ready to send: the events' ids (to match the answer) and the request body.
pub(crate) struct Batch {
    pub ids: Vec<String>,
    pub body: Vec<u8>,
}

/// The oldest `limit` events that are neither synced nor quarantined, as a request body.
/// An event whose stored data is not JSON (never written by this code, but a disk can rot)
/// is quarantined locally so that it cannot block the rest.
pub(crate) fn next_batch(
    conn: &Connection,
    kiosk_id: &str,
    limit: usize,
    now: Timestamp,
) -> Result<Option<Batch>, StoreError> {
    let mut events = Vec::with_capacity(limit);
    let mut corrupt = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT seq, id, occurred_at, kind, reservation, data FROM journal
             WHERE synced_at IS NULL AND quarantined IS NULL ORDER BY seq LIMIT ?1",
        )?;
        let mut rows = stmt.query(params![limit as i64])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let data: String = r.get(5)?;
            match RawValue::from_string(data) {
                Ok(data) => events.push(WireEvent {
                    seq,
                    id: r.get(1)?,
                    occurred_at: r.get(2)?,
                    kind: r.get(3)?,
                    reservation: r.get(4)?,
                    data,
                }),
                Err(_) => corrupt.push(seq),
            }
        }
    }
    for seq in corrupt {
        tracing::error!(seq, "journal event data is not JSON; quarantined locally");
        conn.execute(
            "UPDATE journal SET quarantined = ?2 WHERE seq = ?1",
            params![seq, format!("local: stored data is not JSON ({now:.0})")],
        )?;
    }
    if events.is_empty() {
        return Ok(None);
    }
    let body = serde_json::to_vec(&PushBody {
        kiosk_id,
        events: &events,
    })
    .map_err(|e| StoreError::Corrupt(format!("cannot serialise a push batch: {e}")))?;
    Ok(Some(Batch {
        ids: events.into_iter().map(|e| e.id).collect(),
        body,
    }))
}

/// Applies the server's verdict on `offered` in one transaction. Ids the server names that we
/// did not offer are ignored (a confused server must not mark other events).
pub(crate) fn apply_response(
    conn: &mut Connection,
    offered: &[String],
    response: &PushResponse,
    now: Timestamp,
) -> Result<PushTally, StoreError> {
    let offered_set: HashSet<&str> = offered.iter().map(String::as_str).collect();
    let mut tally = PushTally {
        offered: offered.len(),
        ..Default::default()
    };
    let synced_at = format!("{now:.3}");
    let mut answered: HashSet<&str> = HashSet::with_capacity(offered.len());
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut accept = tx.prepare_cached(
            "UPDATE journal SET synced_at = ?2, quarantined = NULL WHERE id = ?1 AND synced_at IS NULL",
        )?;
        for id in &response.accepted {
            if offered_set.contains(id.as_str()) && answered.insert(id.as_str()) {
                accept.execute(params![id, synced_at])?;
                tally.accepted += 1;
            }
        }
        let mut reject = tx.prepare_cached(
            "UPDATE journal SET quarantined = ?2 WHERE id = ?1 AND synced_at IS NULL",
        )?;
        for r in &response.rejected {
            if offered_set.contains(r.id.as_str()) && answered.insert(r.id.as_str()) {
                let reason = if r.reason.trim().is_empty() {
                    "rejected by upstream (no reason given)"
                } else {
                    r.reason.trim()
                };
                // Bounded: the reason is shown on the staff screen.
                let reason: String = reason.chars().take(500).collect();
                reject.execute(params![r.id, reason])?;
                tally.rejected += 1;
                tracing::warn!(id = %r.id, reason = %reason, "upstream rejected an event; quarantined");
            }
        }
    }
    tx.commit()?;
    tally.unanswered = offered.len() - tally.accepted - tally.rejected;
    Ok(tally)
}

/// Re-offers every quarantined event (after IT fixed the cause). Returns how many.
pub fn retry_quarantined(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE journal SET quarantined = NULL WHERE quarantined IS NOT NULL AND synced_at IS NULL",
        [],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EventKind, Store};
    use serde_json::json;

    #[test]
    fn batches_are_ordered_bounded_and_carry_data_verbatim() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let now = Timestamp::now();
        for i in 0..5 {
            store
                .journal_append(
                    now,
                    EventKind::CheckedIn,
                    Some("A1"),
                    json!({"n": i, "room": "101"}),
                )
                .unwrap();
        }
        let batch = next_batch(store.conn(), "lobby-1", 3, now)
            .unwrap()
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&batch.body).unwrap();
        assert_eq!(body["kiosk_id"], "lobby-1");
        let seqs: Vec<i64> = body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, vec![1, 2, 3]);
        assert_eq!(body["events"][1]["data"], json!({"n": 1, "room": "101"}));
        assert_eq!(body["events"][0]["kind"], "checked_in");
        assert_eq!(body["events"][0]["reservation"], "A1");

        let response = PushResponse {
            accepted: vec![batch.ids[0].clone(), "not-offered".into()],
            rejected: vec![Rejection {
                id: batch.ids[1].clone(),
                reason: "unknown room".into(),
            }],
        };
        let tally = apply_response(store.conn_mut(), &batch.ids, &response, now).unwrap();
        assert_eq!(
            tally,
            PushTally {
                offered: 3,
                accepted: 1,
                rejected: 1,
                unanswered: 1
            }
        );
        // The rejected one does not block: next batch is 3, 4, 5.
        let next = next_batch(store.conn(), "lobby-1", 10, now)
            .unwrap()
            .unwrap();
        assert_eq!(
            next.ids,
            store
                .journal_since(2, 10)
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect::<Vec<_>>()
        );
        assert_eq!(store.journal_stats().unwrap().quarantined, 1);
        assert_eq!(retry_quarantined(store.conn()).unwrap(), 1);
        assert_eq!(store.journal_stats().unwrap().quarantined, 0);
        assert_eq!(
            next_batch(store.conn(), "lobby-1", 10, now)
                .unwrap()
                .unwrap()
                .ids
                .len(),
            4
        );
    }
}
