//! `kiosk sync` as a real child process, killed with SIGKILL at random moments while the
//! journal grows: after restarts the server must hold every event exactly once (dedup by id),
//! first seen in `seq` order with no gap, and the kiosk must have skipped nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lobby_kiosk::store::{EventKind, Store};
use rand::RngExt;
use serde_json::json;
use support::upstream::Upstream;

/// A `kiosk sync` child, SIGKILLed when dropped.
struct Syncer(Child);

impl Syncer {
    fn spawn(config: &Path, log: &Path) -> Syncer {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .args(["sync", "--config"])
            .arg(config)
            .env("RUST_LOG", "lobby_kiosk=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Syncer(child)
    }

    fn kill(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing_and_duplicates_nothing() {
    const EVENTS: usize = 800;
    let dir = tempfile::tempdir().unwrap();
    let server = Upstream::start(&dir.path().join("upstream.db"));
    // Each push takes a little while, so kills often land mid-request.
    server.shared.lock().delay_per_push = Duration::from_millis(15);
    let config = support::write_config(dir.path(), &server.url, 7, 2000, 1, "");
    let log = dir.path().join("sync.log");
    let db = dir.path().join("kiosk.db");
    drop(Store::open(&db).unwrap());

    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = db.clone();
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut rng = rand::rng();
            for i in 0..EVENTS {
                let now = jiff::Timestamp::now();
                store
                    .journal_append(
                        now,
                        EventKind::CheckedIn,
                        Some("ABC123"),
                        json!({"i": i, "room": "101"}),
                    )
                    .unwrap();
                if rng.random_range(0..10) == 0 {
                    std::thread::sleep(Duration::from_millis(rng.random_range(5..60)));
                }
            }
            done.store(true, Ordering::SeqCst);
        })
    };

    let mut rng = rand::rng();
    let mut kills = 0;
    let mut child = Syncer::spawn(&config, &log);
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(rng.random_range(20..350)));
        child.kill();
        kills += 1;
        child = Syncer::spawn(&config, &log);
    }
    writer.join().unwrap();

    // Let the last one drain the rest.
    let deadline = Instant::now() + Duration::from_secs(60);
    while (server.event_count() as usize) < EVENTS && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    // One more moment for the kiosk to record the last answer, then stop it.
    let store = Store::open(&db).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while store.journal_stats().unwrap().unsynced > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill();

    let journal = store.journal_since(0, EVENTS + 10).unwrap();
    assert_eq!(journal.len(), EVENTS);
    let mut kiosk_ids: Vec<String> = journal.iter().map(|e| e.id.clone()).collect();
    kiosk_ids.sort();
    assert_eq!(
        server.event_ids(),
        kiosk_ids,
        "the server holds exactly the journal's events"
    );
    let seqs = server.seqs_in_arrival_order();
    assert_eq!(
        seqs,
        (1..=EVENTS as i64).collect::<Vec<_>>(),
        "first seen in seq order, no gap"
    );
    assert!(
        journal.iter().all(|e| e.synced_at.is_some()),
        "every event marked synced"
    );
    let deliveries = server.total_deliveries();
    eprintln!(
        "{kills} SIGKILLs; {EVENTS} events; {} re-sent after a kill (deduplicated by the server)",
        deliveries - EVENTS as i64
    );
    assert!(
        kills >= 5,
        "the writer finished too fast to test anything ({kills} kills)"
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !text.contains("another syncer"),
        "a restarted syncer found a stale lease: {text}"
    );
}

#[test]
fn a_second_kiosk_sync_exits_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let server = Upstream::start(&dir.path().join("upstream.db"));
    let config = support::write_config(dir.path(), &server.url, 50, 2000, 1, "");
    let log = dir.path().join("first.log");
    let first = Syncer::spawn(&config, &log);
    // Wait until the first one holds the lease (it syncs once at start).
    let deadline = Instant::now() + Duration::from_secs(20);
    while server
        .requests(support::upstream::Endpoint::Commands)
        .is_empty()
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["sync", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another syncer already runs"), "{stderr}");
    assert!(
        stderr.contains(&format!("held by pid {}", first.0.id())),
        "{stderr}"
    );
    first.kill();
    // Once it is gone, the lease is free again (no stale lock after SIGKILL).
    let once = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["sync", "--once", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(
        once.status.success(),
        "{}",
        String::from_utf8_lossy(&once.stderr)
    );
}
