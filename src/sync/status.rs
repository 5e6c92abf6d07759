//! What the sync has been doing, for `kiosk status` and the staff screen: backlog, last
//! success and error, quarantine, cache age, refused credentials. Read from the store, so any
//! process (GUI or CLI) sees the syncer's state.

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::keys;
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// Events not yet accepted upstream (quarantined ones excluded).
    pub backlog: i64,
    pub oldest_unsynced_age: Option<Duration>,
    pub last_success: Option<Timestamp>,
    pub last_error: Option<(Timestamp, String)>,
    pub quarantined: i64,
    /// Time since the last successful pull of arrivals; `None` when never pulled.
    pub cache_age: Option<Duration>,
    pub credentials_refused: bool,
    /// When the next attempt is due after failures, if backing off.
    pub retry_at: Option<Timestamp>,
    /// When the current run of failed rounds began; `None` while rounds succeed. A syncer
    /// older than this field left none: then the last error's time stands in.
    pub failing_since: Option<Timestamp>,
}

/// The refusal text shown in `kiosk status` and staff mode.
pub const CREDENTIALS_REFUSED: &str = "upstream credentials refused";

pub fn sync_status(store: &Store, now: Timestamp) -> Result<SyncStatus, StoreError> {
    let stats = store.journal_stats()?;
    let conn = store.conn();
    let age = |t: Timestamp| Duration::try_from(now.duration_since(t)).unwrap_or_default();
    let oldest_unsynced_age = stats
        .oldest_unsynced_at
        .as_deref()
        .and_then(|s| s.parse::<Timestamp>().ok())
        .map(age);
    let last_error = match (
        get_ms(conn, keys::LAST_ERROR_MS)?,
        get(conn, keys::LAST_ERROR)?,
    ) {
        (Some(at), Some(msg)) => Some((at, msg)),
        _ => None,
    };
    let last_success = get_ms(conn, keys::LAST_SUCCESS_MS)?;
    let failing_since = match (get_ms(conn, keys::FAILING_SINCE_MS)?, &last_error) {
        (Some(since), _) => Some(since),
        (None, Some((at, _))) if last_success.is_none_or(|ok| ok < *at) => Some(*at),
        (None, _) => None,
    };
    Ok(SyncStatus {
        backlog: stats.unsynced,
        oldest_unsynced_age,
        last_success,
        last_error,
        quarantined: stats.quarantined,
        cache_age: get_ms(conn, keys::PULL_OK_MS)?.map(age),
        credentials_refused: get_ms(conn, keys::AUTH_REFUSED_MS)?.is_some(),
        retry_at: get_ms(conn, keys::RETRY_AT_MS)?,
        failing_since,
    })
}

/// A duration as `kiosk status` shows ages: "42 s", "15 min", "2 h 5 min", "3 d 4 h".
pub fn human_age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

impl fmt::Display for SyncStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.credentials_refused {
            writeln!(
                f,
                "sync: {CREDENTIALS_REFUSED} (retried every 5 min; fix [upstream] token)"
            )?;
        }
        write!(f, "backlog: {} event(s)", self.backlog)?;
        if let Some(age) = self.oldest_unsynced_age {
            write!(f, ", oldest {} old", human_age(age))?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "quarantined: {} (kiosk sync --retry-quarantined re-offers them)",
            self.quarantined
        )?;
        match self.last_success {
            Some(t) => writeln!(f, "last success: {t:.0}")?,
            None => writeln!(f, "last success: never")?,
        }
        if let Some((t, msg)) = &self.last_error {
            writeln!(f, "last error: {t:.0}: {msg}")?;
        }
        if let Some(t) = self.retry_at {
            writeln!(f, "next attempt: {t:.0}")?;
        }
        match self.cache_age {
            Some(age) => write!(f, "arrivals cache: {} old", human_age(age)),
            None => write!(f, "arrivals cache: never pulled from upstream"),
        }
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    let value: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(value.map(|v| String::from_utf8_lossy(&v).into_owned()))
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value.as_bytes()],
    )?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM meta WHERE key = ?1", params![key])?;
    Ok(())
}

/// Notes that a round failed at `now`, unless an earlier failure already began the run.
pub(crate) fn mark_failing(conn: &Connection, now: Timestamp) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
        params![
            keys::FAILING_SINCE_MS,
            now.as_millisecond().to_string().as_bytes()
        ],
    )?;
    Ok(())
}

pub(crate) fn get_ms(conn: &Connection, key: &str) -> Result<Option<Timestamp>, StoreError> {
    Ok(get(conn, key)?
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(|ms| Timestamp::from_millisecond(ms).ok()))
}

pub(crate) fn put_ms(conn: &Connection, key: &str, at: Timestamp) -> Result<(), StoreError> {
    put(conn, key, &at.as_millisecond().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EventKind;

    #[test]
    fn status_reads_backlog_ages_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let t0: Timestamp = "2026-11-25T18:00:00Z".parse().unwrap();
        store
            .journal_append(t0, EventKind::CheckedIn, Some("A1"), serde_json::json!({}))
            .unwrap();
        let now: Timestamp = "2026-11-25T18:10:00Z".parse().unwrap();
        let s = sync_status(&store, now).unwrap();
        assert_eq!(s.backlog, 1);
        assert_eq!(s.oldest_unsynced_age, Some(Duration::from_secs(600)));
        assert_eq!(
            (s.last_success, s.cache_age, s.credentials_refused),
            (None, None, false)
        );
        put_ms(store.conn(), keys::PULL_OK_MS, t0).unwrap();
        put_ms(store.conn(), keys::LAST_ERROR_MS, t0).unwrap();
        put(store.conn(), keys::LAST_ERROR, "upstream answered 500").unwrap();
        put_ms(store.conn(), keys::AUTH_REFUSED_MS, t0).unwrap();
        let s = sync_status(&store, now).unwrap();
        assert_eq!(s.cache_age, Some(Duration::from_secs(600)));
        assert!(s.credentials_refused);
        let text = s.to_string();
        assert!(text.contains(CREDENTIALS_REFUSED), "{text}");
        assert!(
            text.contains("backlog: 1 event(s), oldest 10 min old"),
            "{text}"
        );
        assert!(text.contains("upstream answered 500"), "{text}");
        assert!(text.contains("arrivals cache: 10 min old"), "{text}");
    }
}
