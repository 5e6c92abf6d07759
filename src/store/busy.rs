//! Waiting for another process's write. The GUI, `kiosk sync` and the CLI each open the
//! database, and SQLite (WAL) lets one of them write at a time; the others wait here, in
//! SQLite's busy handler, instead of failing with "database is locked".
//!
//! Waiting only works because every write transaction starts `IMMEDIATE` (the write lock is
//! taken at `BEGIN`, see `Store::open`): a DEFERRED transaction that has read and then wants to
//! write cannot wait (SQLite refuses the upgrade at once, busy handler or not, to avoid a
//! deadlock), which was what made imports fail next to a running syncer.

use std::time::{Duration, Instant};

/// How long a write waits for its turn before giving up: far longer than any write the kiosk
/// makes holds the lock (a pull or a push batch takes milliseconds; importing a whole day's PMS
/// export well under a second, with rows parsed before the transaction), so a check-in never
/// fails because another process was writing, even when it waits behind several writers in a
/// row (SQLite does not queue waiters). Only a lock held far beyond any of ours — a `sqlite3`
/// shell left inside `BEGIN`, a backup tool, a hung disk — makes a write fail, with
/// [`super::StoreError::Busy`] saying so, instead of a guest watching a spinner for ever.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest pause between two tries. SQLite's own `busy_timeout` backs off to 100 ms; a short
/// poll lets a waiting check-in take its turn within milliseconds of the other commit.
const MAX_PAUSE: Duration = Duration::from_millis(10);

/// A wait this long is logged once, so IT can see that another process holds the database.
const WARN_AFTER: Duration = Duration::from_secs(2);

/// The busy handler for one connection. SQLite calls it with `count` = how many times it was
/// already called for the same lock; `true` means "try again".
pub(super) fn handler() -> impl FnMut(i32) -> bool + Send + 'static {
    let mut started = Instant::now();
    let mut warned = false;
    move |count| {
        if count == 0 {
            started = Instant::now();
            warned = false;
        }
        let waited = started.elapsed();
        if waited >= BUSY_TIMEOUT {
            tracing::error!(
                waited_ms = waited.as_millis() as u64,
                "gave up waiting for another process's write on the kiosk database"
            );
            return false;
        }
        if !warned && waited >= WARN_AFTER {
            warned = true;
            tracing::warn!(
                waited_ms = waited.as_millis() as u64,
                "another process has been writing the kiosk database for a while; waiting for it"
            );
        }
        let pause = Duration::from_millis(1u64 << count.clamp(0, 4)).min(MAX_PAUSE);
        std::thread::sleep(pause.min(BUSY_TIMEOUT.saturating_sub(waited)));
        true
    }
}

/// Retries `f` while SQLite answers SQLITE_BUSY without calling the busy handler, for at most
/// [`BUSY_TIMEOUT`]. Switching a new file to WAL is such a case: the switch needs every other
/// connection gone, and two processes opening a fresh file at once would otherwise fail.
pub(super) fn retry<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = Instant::now();
    let mut tries = 0u32;
    loop {
        match f() {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                tries += 1;
                std::thread::sleep(Duration::from_millis(1u64 << tries.min(4)).min(MAX_PAUSE));
            }
            other => return other,
        }
    }
}
