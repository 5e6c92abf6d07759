//! Two processes writing one database wait their turn instead of failing. A real `kiosk sync`
//! (pulling a feed that keeps growing, so it is often inside a write transaction) is SIGKILLed
//! at random moments and restarted, while `kiosk import-reservations` runs again and again
//! against the same file: every import must succeed, the syncer must never report "database is
//! locked", and afterwards the journal and the database are consistent and a fresh syncer
//! starts (nothing of ours is left locked by a killed process).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lobby_kiosk::store::{EventKind, Store};
use rand::RngExt;
use serde_json::json;
use support::upstream::Upstream;

/// How many imports must all succeed (the reproduction ran 150).
const IMPORTS: usize = 150;
/// Rows per imported file: enough that an import is a real transaction, not a blip.
const ROWS: usize = 200;
/// Kills the syncer must survive before the test counts (imports go on until then).
const MIN_KILLS: usize = 30;
/// The whole test stays within about a minute; past this it stops and fails.
const BUDGET: Duration = Duration::from_secs(75);

/// A child process, SIGKILLed (by its pid, through `Child::kill`) and reaped when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn kiosk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    command
        .env("RUST_LOG", "lobby_kiosk=warn")
        .stdin(Stdio::null());
    command
}

fn spawn_syncer(config: &Path, log: &Path) -> Killed {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let child = kiosk()
        .args(["sync", "--config"])
        .arg(config)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    Killed(child)
}

/// Today at the test config's hotel (Europe/London).
fn today() -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap();
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}

/// A CSV of `ROWS` bookings arriving tomorrow (retention never touches them). No phones: the
/// first phone parsed loads the numbering plan (half a second in a debug build), which would
/// make each import mostly start-up instead of database work.
fn write_import(dir: &Path) -> PathBuf {
    let arrival = today().tomorrow().unwrap();
    let departure = arrival.tomorrow().unwrap().tomorrow().unwrap();
    let mut text =
        String::from("confirmation,last_name,first_name,arrival,departure,phone,status,room\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "IMP{i:04},Lee,Kim,{arrival},{departure},,confirmed,{}\n",
            100 + i
        ));
    }
    let path = dir.join("arrivals.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn feed_record(n: usize) -> serde_json::Value {
    let arrival = today().tomorrow().unwrap();
    let departure = arrival.tomorrow().unwrap();
    json!({"confirmation": format!("PUL{n:06}"), "last_name": "Roe", "first_name": "Jo",
           "arrival": arrival.to_string(), "departure": departure.to_string(),
           "status": "confirmed", "room": "7"})
}

#[test]
fn imports_never_fail_while_a_syncer_is_killed_mid_transaction() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let server = Upstream::start(&dir.path().join("upstream.db"));
    let config = support::write_config(dir.path(), &server.url, 50, 2000, 1, "");
    let db = dir.path().join("kiosk.db");
    let sync_log = dir.path().join("sync.log");
    let csv = write_import(dir.path());
    drop(Store::open(&db).unwrap());

    let done = Arc::new(AtomicBool::new(false));
    let published = Arc::new(AtomicUsize::new(0));
    let kills = Arc::new(AtomicUsize::new(0));
    // The feed keeps growing, so every sync cycle writes a pull transaction of a few hundred
    // rows: a kill often lands inside it.
    let feeder = {
        let shared = server.shared.clone();
        let done = Arc::clone(&done);
        let published = Arc::clone(&published);
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                {
                    let inner = shared.lock();
                    for _ in 0..20 {
                        let n = published.fetch_add(1, Ordering::SeqCst);
                        inner
                            .db
                            .execute(
                                "INSERT INTO feed (confirmation, record) VALUES (?1, ?2)",
                                rusqlite::params![format!("PUL{n:06}"), feed_record(n).to_string()],
                            )
                            .unwrap();
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    // The writer that dies: a syncer SIGKILLed after a random moment (sometimes at start-up,
    // sometimes mid-pull or mid-push, sometimes after a full cycle), then started again.
    let killer = {
        let config = config.clone();
        let sync_log = sync_log.clone();
        let done = Arc::clone(&done);
        let kills = Arc::clone(&kills);
        std::thread::spawn(move || {
            let mut rng = rand::rng();
            while !done.load(Ordering::SeqCst) {
                let syncer = spawn_syncer(&config, &sync_log);
                let ms = if rng.random_range(0..5) == 0 {
                    rng.random_range(500..2000)
                } else {
                    rng.random_range(20..500)
                };
                std::thread::sleep(Duration::from_millis(ms));
                drop(syncer);
                kills.fetch_add(1, Ordering::SeqCst);
            }
        })
    };

    // The writer that must never fail: the importer, run again and again.
    let mut failures: Vec<String> = Vec::new();
    let mut runs = 0;
    while runs < IMPORTS || kills.load(Ordering::SeqCst) < MIN_KILLS {
        let i = runs;
        if started.elapsed() > BUDGET {
            failures.push(format!("ran out of time after {i} imports"));
            break;
        }
        let out = kiosk()
            .args(["import-reservations", "--config"])
            .arg(&config)
            .arg(&csv)
            .output()
            .unwrap();
        runs += 1;
        if !out.status.success() {
            failures.push(format!(
                "import {i}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    done.store(true, Ordering::SeqCst);
    killer.join().unwrap();
    feeder.join().unwrap();
    let kills = kills.load(Ordering::SeqCst);
    let log = std::fs::read_to_string(&sync_log).unwrap_or_default();
    eprintln!(
        "{runs} imports, {} failed; {kills} syncers SIGKILLed, {} lock errors in their log; {} arrivals published; {:.1} s",
        failures.len(),
        log.matches("locked").count(),
        published.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {runs} imports failed while another process wrote; first: {}",
        failures.len(),
        failures.first().map(String::as_str).unwrap_or("")
    );
    assert!(
        !log.contains("locked") && !log.contains("busy"),
        "a syncer failed on the lock instead of waiting: {log}"
    );

    // Afterwards: the file is intact, the journal gap-free with one event per import, and a
    // fresh syncer starts and drains everything (no stale lease, no lock left by a kill).
    let once = kiosk()
        .args(["sync", "--once", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(
        once.status.success(),
        "a syncer after the kills: {}",
        String::from_utf8_lossy(&once.stderr)
    );
    let store = Store::open(&db).unwrap();
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let journal = store.journal_since(0, 100_000).unwrap();
    let seqs: Vec<i64> = journal.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=journal.len() as i64).collect::<Vec<_>>(),
        "gap-free journal"
    );
    let imported = journal
        .iter()
        .filter(|e| e.kind == EventKind::ReservationsImported.as_str())
        .count();
    assert_eq!(imported, runs, "one journal event per import");
    let imported_rows: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM reservations WHERE confirmation LIKE 'IMP%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(imported_rows, ROWS as i64);
    assert_eq!(
        store.journal_stats().unwrap().unsynced,
        0,
        "the last syncer pushed everything the killed ones left"
    );
}
