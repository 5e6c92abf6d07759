//! A `sqlite3` shell reading the database while the kiosk runs (IT inspecting it) must leave the
//! kiosk's WAL alone. The kiosk opens several connections in one process; if it ever closed a
//! descriptor of the database file of its own, POSIX would drop its locks, the shell would take
//! itself for the last connection and delete the live WAL, and the kiosk's later writes would
//! be lost at the next restart.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::process::Command;

use lobby_kiosk::store::{EventKind, Store};
use serde_json::json;

#[test]
fn a_sqlite3_shell_reading_the_live_database_leaves_the_kiosks_wal_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let now: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    let mut running = Store::open(&db).unwrap();
    running
        .journal_append(now, EventKind::AssistanceRequested, None, json!({"n": 1}))
        .unwrap();
    // Another thread of the kiosk opens and closes its own connection (as the journey, sync
    // and notice threads do).
    drop(Store::open(&db).unwrap());

    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT count(*) FROM journal")
        .output()
        .expect("sqlite3 is installed by scripts/test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("kiosk.db-wal").exists(),
        "the shell took the kiosk's WAL for its own and deleted it"
    );

    running
        .journal_append(now, EventKind::AssistanceRequested, None, json!({"n": 2}))
        .unwrap();
    drop(running);
    let reopened = Store::open(&db).unwrap();
    assert_eq!(
        reopened.journal_stats().unwrap().events,
        2,
        "a write made after the shell's read survives a restart"
    );
}
