//! Versioned schema migrations, tracked in `PRAGMA user_version`. Each step runs in its own
//! transaction, so a crash mid-upgrade leaves the previous version intact.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Migration `i` upgrades version `i` to `i + 1`. Never edit a shipped step: append a new one.
pub(super) const MIGRATIONS: &[&str] = &[
    // v1: the foundation schema.
    r#"
    CREATE TABLE reservations (
        confirmation   TEXT PRIMARY KEY,   -- normalised: upper-case letters and digits
        display_confirmation TEXT NOT NULL,
        last_name      TEXT NOT NULL,
        first_name     TEXT NOT NULL,
        last_key       TEXT NOT NULL,      -- names::name_key
        first_key      TEXT NOT NULL,
        arrival        TEXT NOT NULL,      -- YYYY-MM-DD, hotel-local
        departure      TEXT NOT NULL,
        phone          TEXT,               -- E.164
        email          TEXT,
        language       TEXT,
        status         TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled','checked_in')),
        room           TEXT,
        room_ready     INTEGER NOT NULL DEFAULT 1,
        adults         INTEGER,
        token          TEXT,
        second_factor  TEXT,
        updated_at     TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX reservations_by_name ON reservations (arrival, last_key, first_key);
    CREATE INDEX reservations_by_departure ON reservations (departure);

    -- Codes are never stored: only an HMAC of the code under the install secret.
    CREATE TABLE otp_challenges (
        id             TEXT PRIMARY KEY,
        reservation    TEXT NOT NULL,
        phone          TEXT NOT NULL,
        purpose        TEXT NOT NULL,
        code_mac       BLOB NOT NULL,
        created_ms     INTEGER NOT NULL,
        expires_ms     INTEGER NOT NULL,
        wrong_attempts INTEGER NOT NULL DEFAULT 0,
        resends        INTEGER NOT NULL DEFAULT 0,
        next_resend_ms INTEGER NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('active','verified','exhausted','replaced','expired','cancelled')),
        language       TEXT
    );
    CREATE INDEX otp_challenges_by_reservation ON otp_challenges (reservation, created_ms);

    -- Sliding-window counters: one row per counted action. Keyed by confirmation number or
    -- phone, never by a foreign key, so deleting a cached reservation resets nothing.
    CREATE TABLE limit_events (
        scope  TEXT NOT NULL,
        key    TEXT NOT NULL,
        at_ms  INTEGER NOT NULL
    );
    CREATE INDEX limit_events_by_key ON limit_events (scope, key, at_ms);

    -- Escalating cool-downs (lookups, staff PIN): the level grows with each trip.
    CREATE TABLE cooldowns (
        scope      TEXT NOT NULL,
        key        TEXT NOT NULL,
        level      INTEGER NOT NULL,
        until_ms   INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
    ) WITHOUT ROWID;

    CREATE TABLE lockouts (
        reservation TEXT PRIMARY KEY,
        locked_ms   INTEGER NOT NULL,
        until_ms    INTEGER NOT NULL,
        reason      TEXT NOT NULL
    ) WITHOUT ROWID;

    -- The journal: append-only, gap-free seq (INTEGER PRIMARY KEY = max + 1, and rows are never
    -- deleted). Only sync bookkeeping and the retention blanking may change a row.
    CREATE TABLE journal (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        occurred_at  TEXT NOT NULL,
        kind         TEXT NOT NULL,
        reservation  TEXT,
        data         TEXT NOT NULL,
        synced_at    TEXT,
        quarantined  TEXT,
        blanked      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX journal_unsynced ON journal (seq) WHERE synced_at IS NULL AND quarantined IS NULL;
    CREATE INDEX journal_by_time ON journal (occurred_at);
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
    CREATE TRIGGER journal_no_rewrite BEFORE UPDATE OF seq, id, occurred_at, kind, reservation ON journal
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

    -- Staff audit trail: every journal event that names a staff member.
    CREATE VIEW staff_audit AS
        SELECT seq, occurred_at, kind, reservation,
               json_extract(data, '$.staff')  AS staff,
               json_extract(data, '$.reason') AS reason
        FROM journal WHERE json_extract(data, '$.staff') IS NOT NULL;

    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID;
    "#,
    // v2: a staff unlock clears the failures counted before it (natural expiry does not), so
    // the lockout row remembers when it was cleared.
    r#"
    ALTER TABLE lockouts ADD COLUMN cleared_ms INTEGER;
    "#,
    // v3: staff mode searches by last name (and prefix) among every cached booking, not only
    // the business date's arrivals; gateway health reads the last send event of each kind
    // without scanning the whole journal.
    r#"
    CREATE INDEX reservations_by_last_key ON reservations (last_key);
    CREATE INDEX journal_by_kind ON journal (kind, seq);
    "#,
    // v4: locks, failures and sends count per lookup path, so a stranger who only knows a
    // guest's name can close the name path but never the booking-number path. A lock's `scope`
    // is what it closes: `all` (earned through the booking number, or relayed without a scope)
    // or `name`. Codes remember the path they were asked through and when the current code was
    // issued (a code stamped in the future, after the clock went back, is expired). Notices are
    // the security SMS a guest is owed (booking locked, phone changed), sent when due.
    r#"
    CREATE TABLE lockouts_v4 (
        reservation TEXT NOT NULL,
        scope       TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all','name')),
        locked_ms   INTEGER NOT NULL,
        until_ms    INTEGER NOT NULL,
        reason      TEXT NOT NULL,
        cleared_ms  INTEGER,
        PRIMARY KEY (reservation, scope)
    ) WITHOUT ROWID;
    INSERT INTO lockouts_v4 (reservation, scope, locked_ms, until_ms, reason, cleared_ms)
        SELECT reservation, 'all', locked_ms, until_ms, reason, cleared_ms FROM lockouts;
    DROP TABLE lockouts;
    ALTER TABLE lockouts_v4 RENAME TO lockouts;

    ALTER TABLE otp_challenges ADD COLUMN path TEXT NOT NULL DEFAULT 'confirmation'
        CHECK (path IN ('confirmation','name'));
    ALTER TABLE otp_challenges ADD COLUMN issued_ms INTEGER;
    UPDATE otp_challenges SET issued_ms = created_ms;

    -- `phone` is set only for a notice to a number no longer on file (phone changed) and is
    -- blanked once the notice is done; a lock notice reads the booking's number when it is sent.
    CREATE TABLE notices (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('locked','phone_changed')),
        reservation TEXT NOT NULL,
        phone       TEXT,
        language    TEXT,
        created_ms  INTEGER NOT NULL,
        due_ms      INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('pending','sent','failed','skipped')),
        outcome     TEXT,
        done_ms     INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX notices_due ON notices (due_ms) WHERE state = 'pending';
    "#,
    // v5: the PMS statuses `checked_out` and `no_show`. SQLite cannot change a CHECK
    // constraint in place, so the table is rebuilt (same columns, same order) and its indexes
    // made again. Nothing references `reservations` by foreign key, trigger or view.
    r#"
    CREATE TABLE reservations_v5 (
        confirmation   TEXT PRIMARY KEY,
        display_confirmation TEXT NOT NULL,
        last_name      TEXT NOT NULL,
        first_name     TEXT NOT NULL,
        last_key       TEXT NOT NULL,
        first_key      TEXT NOT NULL,
        arrival        TEXT NOT NULL,
        departure      TEXT NOT NULL,
        phone          TEXT,
        email          TEXT,
        language       TEXT,
        status         TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled','checked_in','checked_out','no_show')),
        room           TEXT,
        room_ready     INTEGER NOT NULL DEFAULT 1,
        adults         INTEGER,
        token          TEXT,
        second_factor  TEXT,
        updated_at     TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO reservations_v5 SELECT confirmation, display_confirmation, last_name, first_name,
        last_key, first_key, arrival, departure, phone, email, language, status, room, room_ready,
        adults, token, second_factor, updated_at FROM reservations;
    DROP TABLE reservations;
    ALTER TABLE reservations_v5 RENAME TO reservations;
    CREATE INDEX reservations_by_name ON reservations (arrival, last_key, first_key);
    CREATE INDEX reservations_by_departure ON reservations (departure);
    CREATE INDEX reservations_by_last_key ON reservations (last_key);
    "#,
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Fails when the file was written by a newer kiosk, without writing to it; else its version.
pub(super) fn refuse_newer(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) => StoreError::Busy,
            _ => StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: e.to_string(),
            },
        })?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(current)
}

/// Applies migrations up to `target` (tests use this to build every earlier version).
pub(super) fn migrate_to(
    conn: &mut Connection,
    path: &Path,
    target: i64,
) -> Result<(), StoreError> {
    let current = refuse_newer(conn, path)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let to = index as i64 + 1;
        if to <= current || to > target {
            continue;
        }
        // Read again under the write lock: two processes upgrading one file take turns, and
        // the second finds the step done instead of applying it twice.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if to <= now_at {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
        tracing::info!(version = to, "store migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn migrates_from_an_empty_file_and_from_every_earlier_version() {
        for start in 0..SCHEMA_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("kiosk.db");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate_to(&mut conn, &path, start).unwrap();
                let v: i64 = conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(v, start);
            }
            let store = Store::open(&path).unwrap();
            let v: i64 = store
                .conn()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION, "from v{start}");
            // Reopening an up-to-date file is a no-op.
            drop(store);
            Store::open(&path).unwrap();
        }
    }

    #[test]
    fn v5_keeps_every_reservation_and_admits_checked_out_and_no_show() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, &path, 4).unwrap();
            conn.execute(
                "INSERT INTO reservations (confirmation, display_confirmation, last_name, first_name,
                    last_key, first_key, arrival, departure, phone, status, room, room_ready, token,
                    updated_at)
                 VALUES ('ABC123', 'abc-123', 'Lee', 'Kim', 'LEE', 'KIM', '2026-11-25',
                    '2026-11-27', '+447400123958', 'checked_in', '412', 0, 'tok-1', 'x')",
                [],
            )
            .unwrap();
            let refused = conn.execute(
                "UPDATE reservations SET status = 'checked_out' WHERE confirmation = 'ABC123'",
                [],
            );
            assert!(refused.is_err(), "v4 refuses checked_out");
        }
        let store = Store::open(&path).unwrap();
        let r = store.reservation("ABC123").unwrap().unwrap();
        assert_eq!(
            (
                r.display_confirmation.as_str(),
                r.status,
                r.room.as_deref(),
                r.room_ready,
                r.token.as_deref()
            ),
            (
                "abc-123",
                crate::store::Status::CheckedIn,
                Some("412"),
                false,
                Some("tok-1")
            )
        );
        for status in ["checked_out", "no_show"] {
            store
                .conn()
                .execute(
                    "UPDATE reservations SET status = ?1 WHERE confirmation = 'ABC123'",
                    [status],
                )
                .unwrap();
        }
        assert!(
            store
                .conn()
                .execute(
                    "UPDATE reservations SET status = 'departed' WHERE confirmation = 'ABC123'",
                    [],
                )
                .is_err(),
            "still a closed list"
        );
        let indexes: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reservations' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            indexes,
            [
                "reservations_by_departure",
                "reservations_by_last_key",
                "reservations_by_name"
            ]
        );
    }

    #[test]
    fn a_newer_schema_is_refused_without_touching_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file is untouched"
        );
        assert!(
            !path.with_extension("db-wal").exists(),
            "no WAL was started"
        );
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION + 1);
    }
}
