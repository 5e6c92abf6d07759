//! The journal: every step the kiosk takes, as append-only events with a gap-free sequence.
//! It is the truth on the kiosk and what sync carries upstream.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// What happened. The `data` fields of each kind are documented in docs/events.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    LookupFailed,
    OtpSent,
    SendFailed,
    OtpFailed,
    OtpVerified,
    SecondFactorFailed,
    Locked,
    Unlocked,
    BookingConfirmed,
    CheckedIn,
    CheckinPendingRoom,
    IdentityVerified,
    ContactUpdated,
    StaffOverride,
    StaffLogin,
    StaffLoginFailed,
    StaffLogout,
    KioskExited,
    AbuseAlert,
    AssistanceRequested,
    ReservationsImported,
    PullRejected,
    CommandRejected,
    /// A `send_hold` command from upstream: the property's kiosks together reached a send cap.
    SendsHeld,
    SecurityNotice,
    /// `kiosk send-test-sms` (staff mode's test SMS is a `staff_override`).
    TestSms,
    /// `kiosk rotate-otp-key`.
    InstallKeyRotated,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LookupFailed => "lookup_failed",
            Self::OtpSent => "otp_sent",
            Self::SendFailed => "send_failed",
            Self::OtpFailed => "otp_failed",
            Self::OtpVerified => "otp_verified",
            Self::SecondFactorFailed => "second_factor_failed",
            Self::Locked => "locked",
            Self::Unlocked => "unlocked",
            Self::BookingConfirmed => "booking_confirmed",
            Self::CheckedIn => "checked_in",
            Self::CheckinPendingRoom => "checkin_pending_room",
            Self::IdentityVerified => "identity_verified",
            Self::ContactUpdated => "contact_updated",
            Self::StaffOverride => "staff_override",
            Self::StaffLogin => "staff_login",
            Self::StaffLoginFailed => "staff_login_failed",
            Self::StaffLogout => "staff_logout",
            Self::KioskExited => "kiosk_exited",
            Self::AbuseAlert => "abuse_alert",
            Self::AssistanceRequested => "assistance_requested",
            Self::ReservationsImported => "reservations_imported",
            Self::PullRejected => "pull_rejected",
            Self::CommandRejected => "command_rejected",
            Self::SendsHeld => "sends_held",
            Self::SecurityNotice => "security_notice",
            Self::TestSms => "test_sms",
            Self::InstallKeyRotated => "install_key_rotated",
        }
    }
}

/// Keys in an event's `data` that hold personal data; blanked by the retention job.
pub const PERSONAL_FIELDS: [&str; 9] = [
    "first_name",
    "last_name",
    "name",
    "phone",
    "email",
    "old_phone",
    "new_phone",
    "old_email",
    "new_email",
];

/// One journal entry, in the shape exported and pushed upstream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEvent {
    pub id: String,
    pub seq: i64,
    pub kind: String,
    pub occurred_at: String,
    pub reservation: Option<String>,
    pub data: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub synced_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalStats {
    pub events: i64,
    pub unsynced: i64,
    pub quarantined: i64,
    pub oldest_unsynced_at: Option<String>,
    pub last_seq: i64,
}

fn rfc3339(t: Timestamp) -> String {
    // Fixed precision so that text order is time order.
    format!("{:.3}", t)
}

/// Appends an event inside the caller's transaction, so the event commits or rolls back with
/// the state change it records.
pub fn append(
    conn: &Connection,
    now: Timestamp,
    kind: EventKind,
    reservation: Option<&str>,
    data: serde_json::Value,
) -> Result<JournalEvent, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let occurred_at = rfc3339(now);
    let data_text = data.to_string();
    let seq: i64 = conn.query_row(
        "INSERT INTO journal (seq, id, occurred_at, kind, reservation, data)
         VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM journal), ?1, ?2, ?3, ?4, ?5)
         RETURNING seq",
        params![id, occurred_at, kind.as_str(), reservation, data_text],
        |r| r.get(0),
    )?;
    tracing::debug!(seq, kind = kind.as_str(), "journal event appended");
    Ok(JournalEvent {
        id,
        seq,
        kind: kind.as_str().to_owned(),
        occurred_at,
        reservation: reservation.map(str::to_owned),
        data,
        synced_at: None,
    })
}

/// A gateway's last accepted and last failed send as the journal recorded them (`otp_sent`
/// and `send_failed`, and `kiosk send-test-sms` tries: a `test_sms` it accepted, or one that
/// lists it under `failed`). Breakers live in the running process; this survives a restart and
/// is what another process (`kiosk status`) can see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayJournal {
    pub last_success: Option<Timestamp>,
    pub last_failure: Option<Timestamp>,
    /// The `error` of the last `send_failed` (already redacted when it was journaled), or
    /// "test SMS failed: CLASS" when a test send failed last.
    pub last_error: Option<String>,
}

/// The newest row of `sql` (seq, occurred_at, error) for `gateway`.
fn newest(
    conn: &Connection,
    sql: &str,
    gateway: &str,
) -> Result<Option<(i64, Timestamp, Option<String>)>, StoreError> {
    let row: Option<(i64, String, Option<String>)> = conn
        .prepare_cached(sql)?
        .query_row(params![gateway], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(seq, at, error)| {
        let at = at
            .parse::<Timestamp>()
            .map_err(|e| StoreError::Corrupt(format!("journal time {at:?} is unreadable: {e}")))?;
        Ok((seq, at, error))
    })
    .transpose()
}

/// Reads [`GatewayJournal`] for the gateway named `gateway`.
pub fn gateway_journal(conn: &Connection, gateway: &str) -> Result<GatewayJournal, StoreError> {
    let success = newest(
        conn,
        "SELECT seq, occurred_at, NULL FROM journal
         WHERE (kind = 'otp_sent' OR (kind = 'test_sms' AND json_extract(data, '$.outcome') = 'accepted'))
           AND json_extract(data, '$.gateway') = ?1
         ORDER BY seq DESC LIMIT 1",
        gateway,
    )?;
    let sent_failure = newest(
        conn,
        "SELECT seq, occurred_at, json_extract(data, '$.error') FROM journal
         WHERE kind = 'send_failed' AND json_extract(data, '$.gateway') = ?1
         ORDER BY seq DESC LIMIT 1",
        gateway,
    )?;
    let test_failure = newest(
        conn,
        "SELECT j.seq, j.occurred_at, 'test SMS failed: ' || json_extract(f.value, '$.outcome')
         FROM journal j, json_each(j.data, '$.failed') f
         WHERE j.kind = 'test_sms' AND json_extract(f.value, '$.gateway') = ?1
         ORDER BY j.seq DESC LIMIT 1",
        gateway,
    )?;
    let failure = match (sent_failure, test_failure) {
        (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    Ok(GatewayJournal {
        last_success: success.map(|(_, at, _)| at),
        last_failure: failure.as_ref().map(|(_, at, _)| *at),
        last_error: failure.and_then(|(_, _, error)| error),
    })
}

/// Event rows with their `data` parsed (a row that does not parse names its `seq`).
fn collect_events(
    rows: impl Iterator<Item = rusqlite::Result<(JournalEvent, String)>>,
) -> Result<Vec<JournalEvent>, StoreError> {
    let mut out = Vec::new();
    for row in rows {
        let (mut event, data) = row?;
        event.data = parse_data(event.seq, &data)?;
        out.push(event);
    }
    Ok(out)
}

fn row_to_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<(JournalEvent, String)> {
    let data: String = r.get(5)?;
    Ok((
        JournalEvent {
            seq: r.get(0)?,
            id: r.get(1)?,
            occurred_at: r.get(2)?,
            kind: r.get(3)?,
            reservation: r.get(4)?,
            data: serde_json::Value::Null,
            synced_at: r.get(6)?,
        },
        data,
    ))
}

fn parse_data(seq: i64, data: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(data)
        .map_err(|e| StoreError::Corrupt(format!("journal event {seq} has unreadable data: {e}")))
}

impl Store {
    /// Appends one event in its own durable transaction.
    pub fn journal_append(
        &mut self,
        now: Timestamp,
        kind: EventKind,
        reservation: Option<&str>,
        data: serde_json::Value,
    ) -> Result<JournalEvent, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let event = append(&tx, now, kind, reservation, data)?;
        tx.commit()?;
        Ok(event)
    }

    /// Events with `seq > since`, in order, at most `limit` of them.
    pub fn journal_since(&self, since: i64, limit: usize) -> Result<Vec<JournalEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, occurred_at, kind, reservation, data, synced_at
             FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        collect_events(stmt.query_map(params![since, limit as i64], row_to_event)?)
    }

    pub fn journal_stats(&self) -> Result<JournalStats, StoreError> {
        let (events, last_seq): (i64, i64) = self.conn.query_row(
            "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM journal",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (unsynced, oldest): (i64, Option<String>) = self.conn.query_row(
            "SELECT COUNT(*), MIN(occurred_at) FROM journal WHERE synced_at IS NULL AND quarantined IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let quarantined: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM journal WHERE quarantined IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(JournalStats {
            events,
            unsynced,
            quarantined,
            oldest_unsynced_at: oldest,
            last_seq,
        })
    }

    /// The newest `limit` events, newest first (staff mode's recent-events list).
    pub fn journal_recent(&self, limit: usize) -> Result<Vec<JournalEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, occurred_at, kind, reservation, data, synced_at
             FROM journal ORDER BY seq DESC LIMIT ?1",
        )?;
        collect_events(stmt.query_map(
            params![i64::try_from(limit).unwrap_or(i64::MAX)],
            row_to_event,
        )?)
    }

    /// The most recent event of `kind` for `reservation`, if any.
    pub fn journal_last_of(
        &self,
        kind: EventKind,
        reservation: &str,
    ) -> Result<Option<JournalEvent>, StoreError> {
        let found = self
            .conn
            .query_row(
                "SELECT seq, id, occurred_at, kind, reservation, data, synced_at FROM journal
                 WHERE kind = ?1 AND reservation = ?2 ORDER BY seq DESC LIMIT 1",
                params![kind.as_str(), reservation],
                row_to_event,
            )
            .optional()?;
        found
            .map(|(mut event, data)| {
                event.data = parse_data(event.seq, &data)?;
                Ok(event)
            })
            .transpose()
    }

    /// Blanks the personal fields of events that occurred before `cutoff` (and, when
    /// `only_synced`, that upstream already has). The audit skeleton (kind, time, reservation,
    /// staff, reason) stays. Returns how many events were blanked.
    pub fn journal_blank_personal_data(
        &mut self,
        cutoff: Timestamp,
        only_synced: bool,
    ) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut blanked = 0;
        {
            let mut select = tx.prepare(
                "SELECT seq, data FROM journal WHERE blanked = 0 AND occurred_at < ?1
                 AND (?2 = 0 OR synced_at IS NOT NULL)",
            )?;
            let mut update =
                tx.prepare("UPDATE journal SET data = ?2, blanked = 1 WHERE seq = ?1")?;
            let rows: Vec<(i64, String)> = select
                .query_map(params![rfc3339(cutoff), only_synced as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            for (seq, data) in rows {
                let mut value: serde_json::Value =
                    serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                if let Some(obj) = value.as_object_mut() {
                    for field in PERSONAL_FIELDS {
                        if obj.contains_key(field) {
                            obj.insert(field.to_owned(), serde_json::Value::Null);
                        }
                    }
                }
                update.execute(params![seq, value.to_string()])?;
                blanked += 1;
            }
        }
        tx.commit()?;
        Ok(blanked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn sequence_is_gap_free_even_across_rollbacks() {
        let (_d, mut store) = store();
        let now = Timestamp::now();
        store
            .journal_append(now, EventKind::LookupFailed, None, json!({}))
            .unwrap();
        {
            let tx = store
                .conn_mut()
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            append(&tx, now, EventKind::CheckedIn, Some("A1"), json!({})).unwrap();
            tx.rollback().unwrap();
        }
        let e = store
            .journal_append(
                now,
                EventKind::CheckedIn,
                Some("A1"),
                json!({"room": "101"}),
            )
            .unwrap();
        assert_eq!(e.seq, 2);
        let all = store.journal_since(0, 100).unwrap();
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(all[1].data["room"], "101");
    }

    #[test]
    fn journal_rows_cannot_be_deleted_or_rewritten() {
        let (_d, mut store) = store();
        store
            .journal_append(
                Timestamp::now(),
                EventKind::CheckedIn,
                Some("A1"),
                json!({}),
            )
            .unwrap();
        assert!(store.conn().execute("DELETE FROM journal", []).is_err());
        assert!(
            store
                .conn()
                .execute("UPDATE journal SET kind = 'x'", [])
                .is_err()
        );
        assert!(
            store
                .conn()
                .execute("UPDATE journal SET reservation = 'B2'", [])
                .is_err()
        );
        assert!(
            store
                .conn()
                .execute("UPDATE journal SET synced_at = 'now'", [])
                .is_ok()
        );
    }

    #[test]
    fn retention_blanks_personal_fields_but_keeps_the_audit_skeleton() {
        let (_d, mut store) = store();
        let old: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let new: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let data = json!({"staff": "Ana", "reason": "ID checked", "phone": "+44 ••• ••• •958", "new_email": "a@b.c"});
        store
            .journal_append(old, EventKind::ContactUpdated, Some("A1"), data.clone())
            .unwrap();
        store
            .journal_append(new, EventKind::ContactUpdated, Some("A1"), data)
            .unwrap();
        let cutoff: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        // Nothing synced yet: with only_synced nothing changes.
        assert_eq!(store.journal_blank_personal_data(cutoff, true).unwrap(), 0);
        assert_eq!(store.journal_blank_personal_data(cutoff, false).unwrap(), 1);
        let all = store.journal_since(0, 10).unwrap();
        assert_eq!(all[0].data["staff"], "Ana");
        assert_eq!(all[0].data["reason"], "ID checked");
        assert!(all[0].data["phone"].is_null() && all[0].data["new_email"].is_null());
        assert_eq!(all[1].data["new_email"], "a@b.c");
        assert_eq!(all[0].kind, "contact_updated");
        assert_eq!(all[0].reservation.as_deref(), Some("A1"));
    }

    #[test]
    fn staff_audit_lists_events_that_name_staff() {
        let (_d, mut store) = store();
        let now = Timestamp::now();
        store
            .journal_append(
                now,
                EventKind::Unlocked,
                Some("A1"),
                json!({"staff": "Ana", "reason": "ID"}),
            )
            .unwrap();
        store
            .journal_append(now, EventKind::OtpFailed, Some("A1"), json!({}))
            .unwrap();
        let (n, staff): (i64, String) = store
            .conn()
            .query_row("SELECT COUNT(*), MAX(staff) FROM staff_audit", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((n, staff.as_str()), (1, "Ana"));
    }
}
