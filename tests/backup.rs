//! Backing up a running kiosk and restoring it: real SQLite (and SQLCipher) files in temporary
//! directories, the library for the database work and the `kiosk` binary for what IT types.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lobby_kiosk::store::{
    self, BackupError, EventKind, Reservation, ReservationRecord, RestoreError, SCHEMA_VERSION,
    Store, StoreOptions,
};
use rusqlite::Connection;

const GUEST: &str = "Zebedee-Plaintext";

fn now() -> jiff::Timestamp {
    "2026-11-25T18:00:00Z".parse().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn encrypted(db: &Path) -> StoreOptions {
    StoreOptions {
        encrypt: true,
        ..StoreOptions::beside(db)
    }
}

fn seed_guest(store: &mut Store) {
    let record = ReservationRecord {
        confirmation: "ABC123".into(),
        last_name: GUEST.into(),
        first_name: "Kim".into(),
        arrival: "2026-11-25".into(),
        departure: "2026-11-27".into(),
        phone: Some("+447400123456".into()),
        status: "confirmed".into(),
        ..Default::default()
    };
    let booking = Reservation::from_record(&record, "GB").unwrap();
    store.upsert_reservations(&[booking], now()).unwrap();
}

/// The journal's (seq, id) pairs, in order.
fn journal(conn: &Connection) -> Vec<(i64, String)> {
    conn.prepare("SELECT seq, id FROM journal ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn check_in(store: &mut Store, n: usize) -> String {
    store
        .journal_append(
            now(),
            EventKind::CheckedIn,
            Some("ABC123"),
            serde_json::json!({"room": "101", "n": n}),
        )
        .unwrap()
        .id
}

/// Called by SQLite every few hundred instructions of the backup's `VACUUM INTO`; on its
/// third call (the copy is under way, inside its read transaction) it waits for the writer
/// thread to commit more check-ins. A backup that blocked writers would wait here in vain.
struct MidBackup {
    calls: usize,
    committed: Arc<AtomicUsize>,
    wrote_meanwhile: Option<bool>,
}

extern "C" fn mid_backup(arg: *mut std::ffi::c_void) -> std::ffi::c_int {
    // SAFETY: `arg` is the `MidBackup` registered below, alive until the handler is removed.
    let state = unsafe { &mut *(arg as *mut MidBackup) };
    state.calls += 1;
    if state.calls == 3 {
        let before = state.committed.load(Ordering::SeqCst);
        let deadline = Instant::now() + Duration::from_secs(10);
        while state.committed.load(Ordering::SeqCst) < before + 3 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        state.wrote_meanwhile = Some(state.committed.load(Ordering::SeqCst) >= before + 3);
    }
    0
}

#[test]
fn a_backup_taken_while_check_ins_are_written_is_consistent_and_restores_every_committed_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let mut store = Store::open(&db).unwrap();
    seed_guest(&mut store);
    {
        // Enough rows that the copy takes many steps.
        let tx = store
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        for n in 0..3000 {
            store::append_event(
                &tx,
                now(),
                EventKind::CheckedIn,
                Some("ABC123"),
                serde_json::json!({"room": "101", "n": n}),
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }

    // The GUI checking guests in, on its own connection, for as long as the test runs.
    let stop = Arc::new(AtomicBool::new(false));
    let committed_ids = Arc::new(Mutex::new(Vec::new()));
    let committed = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop) = (db.clone(), Arc::clone(&stop));
        let (ids, committed) = (Arc::clone(&committed_ids), Arc::clone(&committed));
        std::thread::spawn(move || {
            let mut gui = Store::open(&db).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let id = check_in(&mut gui, n);
                ids.lock().unwrap().push(id);
                committed.fetch_add(1, Ordering::SeqCst);
                n += 1;
            }
        })
    };
    while committed.load(Ordering::SeqCst) < 20 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let before: Vec<String> = committed_ids.lock().unwrap().clone();

    let dest = dir.path().join("backups/kiosk-backup.db");
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let mut hook = MidBackup {
        calls: 0,
        committed: Arc::clone(&committed),
        wrote_meanwhile: None,
    };
    // SAFETY: the handler and its state outlive the backup; removed right after it.
    unsafe {
        rusqlite::ffi::sqlite3_progress_handler(
            store.conn().handle(),
            500,
            Some(mid_backup),
            &mut hook as *mut MidBackup as *mut std::ffi::c_void,
        );
    }
    let report = store.backup_to(&dest, false);
    unsafe {
        rusqlite::ffi::sqlite3_progress_handler(
            store.conn().handle(),
            0,
            None,
            std::ptr::null_mut(),
        );
    }
    let report = report.unwrap();
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert_eq!(
        hook.wrote_meanwhile,
        Some(true),
        "the writer committed while the backup was copying ({} progress calls)",
        hook.calls
    );
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(mode(&dest), 0o600);

    let copy = Connection::open(&dest).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let copied = journal(&copy);
    let live = journal(store.conn());
    assert_eq!(
        copied.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        (1..=copied.len() as i64).collect::<Vec<_>>(),
        "a gap-free journal"
    );
    assert_eq!(
        &live[..copied.len()],
        &copied[..],
        "a snapshot: the live journal as it was at one moment"
    );
    assert!(
        copied.len() < live.len(),
        "check-ins committed during the copy are not in it"
    );
    let in_copy: std::collections::HashSet<&String> = copied.iter().map(|(_, id)| id).collect();
    assert!(
        before.iter().all(|id| in_copy.contains(id)),
        "every check-in committed before the backup is in it"
    );
    drop(copy);

    // Restore it (the kiosk stopped): the database is the backup, the replaced one is kept.
    drop(store);
    let restored = store::restore(&db, &StoreOptions::beside(&db), &dest, None, now()).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(journal(store.conn()), copied);
    assert_eq!(
        store.reservation("ABC123").unwrap().unwrap().last_name,
        GUEST
    );
    let kept = restored.kept.unwrap();
    assert_eq!(journal(&Connection::open(&kept).unwrap()), live);
}

#[test]
fn an_encrypted_store_backs_up_encrypted_and_restores_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let mut store = Store::open_with(&db, &encrypted(&db)).unwrap();
    seed_guest(&mut store);
    let dest = dir.path().join("offsite.db");
    let report = store.backup_to(&dest, false).unwrap();
    assert!(report.encrypted);
    drop(store);

    let bytes = std::fs::read(&dest).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(
        !bytes.windows(GUEST.len()).any(|w| w == GUEST.as_bytes()),
        "no guest name in the clear"
    );
    assert!(
        !bytes.windows(13).any(|w| w == b"+447400123456"),
        "no phone number in the clear"
    );
    let plain = Connection::open(&dest).unwrap();
    assert!(
        plain
            .query_row("SELECT count(*) FROM reservations", [], |r| r
                .get::<_, i64>(0))
            .is_err(),
        "unreadable without the key"
    );

    // A new machine: the backup alone cannot be restored, nor with another key.
    let other = tempfile::tempdir().unwrap();
    let db2 = other.path().join("kiosk.db");
    let err = store::restore(&db2, &encrypted(&db2), &dest, None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::NotABackup { .. }), "{err}");
    assert!(err.to_string().contains("kiosk.db.enc-key"), "{err}");
    assert!(!db2.exists(), "nothing was installed");
    let wrong = StoreOptions {
        encryption_key: lobby_kiosk::store::DbKey::Given {
            key: "22".repeat(32).into(),
            source: "[store] encryption_key_env ($TEST)".into(),
        },
        ..encrypted(&db2)
    };
    let err = store::restore(&db2, &wrong, &dest, None, now()).unwrap_err();
    assert!(err.to_string().contains("not this database's key"), "{err}");
    assert!(!db2.exists());

    // With both key files restored beside it, as the backup's output says.
    for key in ["kiosk.db.key", "kiosk.db.enc-key"] {
        std::fs::copy(dir.path().join(key), other.path().join(key)).unwrap();
    }
    let restored = store::restore(&db2, &encrypted(&db2), &dest, None, now()).unwrap();
    assert!(restored.encrypted && restored.kept.is_none());
    let store = Store::open_with(&db2, &encrypted(&db2)).unwrap();
    assert_eq!(
        store.reservation("ABC123").unwrap().unwrap().last_name,
        GUEST
    );
    assert_eq!(mode(&db2), 0o600);
}

/// A live database with one marker row, and a backup of it in `dir/backup.db`.
fn live_and_backup(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("var/kiosk.db");
    let store = Store::open(&db).unwrap();
    store.meta_set("marker", b"backed up").unwrap();
    let backup = dir.join("backup.db");
    store.backup_to(&backup, false).unwrap();
    store.meta_set("marker", b"after the backup").unwrap();
    (db, backup)
}

fn marker(db: &Path) -> String {
    Store::open(db)
        .unwrap()
        .meta_get_text("marker")
        .unwrap()
        .unwrap()
}

fn kept_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") || n.contains("restoring"))
        .collect()
}

#[test]
fn restore_refuses_a_newer_schema_a_damaged_file_or_a_missing_key_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, backup) = live_and_backup(dir.path());
    let options = StoreOptions::beside(&db);
    let variant = |name: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&backup, &path).unwrap();
        path
    };

    let newer = variant("newer.db");
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = store::restore(&db, &options, &newer, None, now()).unwrap_err();
    assert!(
        matches!(err, RestoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("Install that version"), "{err}");

    // Pages in the middle overwritten, as a failing disk or an interrupted copy leaves them.
    let damaged = variant("damaged.db");
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() >= 4 * 4096, "a file of several pages");
    let page = 4096;
    bytes[page..3 * page].fill(0xA5);
    std::fs::write(&damaged, &bytes).unwrap();
    let err = store::restore(&db, &options, &damaged, None, now()).unwrap_err();
    assert!(
        matches!(
            err,
            RestoreError::Corrupt { .. } | RestoreError::NotABackup { .. }
        ),
        "{err}"
    );

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, but long enough for a header").unwrap();
    let err = store::restore(&db, &options, &text, None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::NotABackup { .. }), "{err}");

    let err = store::restore(&db, &options, &dir.path().join("nope.db"), None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::Missing { .. }), "{err}");

    // The install key saved with the backup is not where the kiosk looks for it.
    let key_file = dir.path().join("var/kiosk.db.key");
    let saved_key = dir.path().join("saved-install.key");
    std::fs::rename(&key_file, &saved_key).unwrap();
    let err = store::restore(&db, &options, &backup, None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::KeyMissing { .. }), "{err}");
    assert!(err.to_string().contains("--key-file"), "{err}");
    // Another kiosk's key.
    let foreign = tempfile::tempdir().unwrap();
    drop(Store::open(&foreign.path().join("kiosk.db")).unwrap());
    let foreign_key = foreign.path().join("kiosk.db.key");
    let err = store::restore(&db, &options, &backup, Some(&foreign_key), now()).unwrap_err();
    assert!(matches!(err, RestoreError::KeyMismatch { .. }), "{err}");

    let err = store::restore(&db, &options, &db, None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::LiveDatabase { .. }), "{err}");

    // Nothing changed on any refusal: the live database is there, nothing was set aside.
    assert!(kept_files(&dir.path().join("var")).is_empty());
    assert!(!key_file.exists(), "no key was made up");
    // With the saved key given, the backup goes in and the key lands where the kiosk reads it.
    let report = store::restore(&db, &options, &backup, Some(&saved_key), now()).unwrap();
    assert_eq!(report.kept_key, None, "there was no key to keep");
    assert_eq!(
        std::fs::read(&key_file).unwrap(),
        std::fs::read(&saved_key).unwrap()
    );
    assert_eq!(mode(&key_file), 0o600);
    assert_eq!(marker(&db), "backed up");
}

#[test]
fn restore_waits_for_the_kiosk_to_stop_and_keeps_the_database_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let (db, backup) = live_and_backup(dir.path());
    let options = StoreOptions::beside(&db);

    // The GUI (or any kiosk process) has the database open.
    let gui = Store::open(&db).unwrap();
    let err = store::restore(&db, &options, &backup, None, now()).unwrap_err();
    assert!(matches!(err, RestoreError::Running { .. }), "{err}");
    assert!(err.to_string().contains("Stop the kiosk"), "{err}");
    assert_eq!(
        gui.meta_get_text("marker").unwrap().as_deref(),
        Some("after the backup"),
        "the running kiosk's database is untouched"
    );
    drop(gui);

    // A short command (`kiosk status`) that closes the database soon is waited for.
    let brief = {
        let store = Store::open(&db).unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(500));
            drop(store);
        })
    };
    let report = store::restore(&db, &options, &backup, None, now()).unwrap();
    brief.join().unwrap();
    assert_eq!(marker(&db), "backed up");
    let kept = report.kept.unwrap();
    assert_eq!(
        kept.file_name().unwrap().to_str(),
        Some("kiosk.db.before-restore-20261125T180000Z")
    );
    assert_eq!(mode(&kept), 0o600);
    assert!(
        !Path::new(&format!("{}-wal", kept.display())).exists(),
        "the WAL was folded into the kept file"
    );
    // The kept file is a whole database on its own, with every change up to the restore.
    let conn = Connection::open(&kept).unwrap();
    let value: Vec<u8> = conn
        .query_row("SELECT value FROM meta WHERE key = 'marker'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(value, b"after the backup");

    // A second restore in the same second keeps both replaced databases.
    let report = store::restore(&db, &options, &backup, None, now()).unwrap();
    assert_eq!(
        report.kept.unwrap().file_name().unwrap().to_str(),
        Some("kiosk.db.before-restore-20261125T180000Z-2")
    );
    assert!(!dir.path().join("var/kiosk.db.restoring").exists());
}

// --- The commands as IT runs them -------------------------------------------------------------

/// A kiosk directory with the shipped (demo-mode) kiosk.toml.
struct Kiosk {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Kiosk {
    fn new() -> Kiosk {
        let dir = support::demo::shipped_kiosk_dir();
        let config = dir.path().join("kiosk.toml");
        Kiosk { dir, config }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env_remove("KIOSK_CONFIG")
            .output()
            .unwrap()
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("var/kiosk.db")
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn kiosk_backup_says_what_a_restore_needs_and_never_overwrites_without_force() {
    let k = Kiosk::new();
    let out = k.run(&["backup", &k.path("backup.db")]);
    assert_eq!(out.status.code(), Some(2), "no database yet");
    assert!(
        text(&out.stderr).contains("no kiosk database"),
        "{}",
        text(&out.stderr)
    );

    drop(Store::open(&k.db()).unwrap());
    let backup = k.path("backup.db");
    let out = k.run(&["backup", &backup]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("integrity_check ok"), "{said}");
    assert!(
        said.contains(&k.path("var/kiosk.db.key")),
        "names the key file: {said}"
    );
    assert!(said.contains("kept apart"), "{said}");
    assert!(said.contains("NOT encrypted"), "demo mode is plain: {said}");
    assert!(said.contains(&format!("kiosk restore {backup}")), "{said}");
    assert_eq!(mode(Path::new(&backup)), 0o600);

    let before = std::fs::read(&backup).unwrap();
    Store::open(&k.db())
        .unwrap()
        .meta_set("marker", b"later")
        .unwrap();
    let out = k.run(&["backup", &backup]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&backup).unwrap(), before, "untouched");
    let out = k.run(&["backup", "--force", &backup]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_ne!(std::fs::read(&backup).unwrap(), before, "replaced");

    // Beside the install key: written, with a warning.
    let out = k.run(&["backup", &k.path("var/copy.db")]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("same directory as the install key"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn kiosk_restore_refuses_while_a_syncer_holds_the_lease_and_exits_2_on_operator_errors() {
    let k = Kiosk::new();
    let store = Store::open(&k.db()).unwrap();
    store.meta_set("marker", b"backed up").unwrap();
    let backup = k.path("backup.db");
    store.backup_to(Path::new(&backup), false).unwrap();
    store.meta_set("marker", b"after the backup").unwrap();
    drop(store);

    let lease = lobby_kiosk::sync::Lease::acquire(&k.db()).unwrap();
    let out = k.run(&["restore", &backup]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("the kiosk is running"), "{err}");
    assert!(
        err.contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    assert_eq!(marker(&k.db()), "after the backup");
    drop(lease);

    let out = k.run(&["restore", &k.path("missing.db")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));

    let out = k.run(&["restore", &backup]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("kept at"), "{said}");
    assert_eq!(marker(&k.db()), "backed up");
}

#[test]
fn backup_errors_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let err = store::backup(
        &db,
        &StoreOptions::beside(&db),
        &dir.path().join("b.db"),
        false,
    )
    .unwrap_err();
    assert!(matches!(err, BackupError::NoDatabase { .. }), "{err}");
    assert!(!db.exists(), "no empty database was made to back up");
    drop(Store::open(&db).unwrap());
    let err = store::backup(
        &db,
        &StoreOptions::beside(&db),
        &dir.path().join("no/such/dir/b.db"),
        false,
    )
    .unwrap_err();
    assert!(matches!(err, BackupError::Write { .. }), "{err}");
    assert!(err.to_string().contains("directory exists"), "{err}");
}

#[test]
fn an_older_kiosk_sync_refuses_a_database_a_newer_kiosk_migrated_and_says_how_to_go_back() {
    // What an old `kiosk sync` meets after a newer kiosk migrated the file: this build, one
    // schema version behind the file. (No upstream is reached: it stops at the database.)
    let dir = tempfile::tempdir().unwrap();
    let config = support::write_config(dir.path(), "http://127.0.0.1:9", 50, 1000, 1, "");
    let db = dir.path().join("kiosk.db");
    drop(Store::open(&db).unwrap());
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["sync", "--once", "--config"])
        .arg(&config)
        .env_remove("KIOSK_CONFIG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("written by a newer lobby-kiosk"), "{err}");
    assert!(err.contains("install the newer kiosk"), "{err}");
    assert!(
        err.contains(&format!(
            "kiosk restore FILE` (the newer kiosk kept the database as it was before its upgrade in {}.pre-v{}.bak",
            db.display(),
            SCHEMA_VERSION + 1
        )),
        "{err}"
    );
}

fn every_file(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn kiosk_restore_of_a_missing_backup_creates_nothing() {
    let k = Kiosk::new();
    let before = every_file(k.dir.path());
    assert!(
        !k.dir.path().join("var").exists(),
        "a fresh kiosk directory"
    );
    let out = k.run(&["restore", &k.path("no-such-backup.db")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("there is no backup file"),
        "{}",
        text(&out.stderr)
    );
    assert!(!k.dir.path().join("var").exists(), "no var/ made");
    assert_eq!(every_file(k.dir.path()), before, "no file made");

    // A file that is there but no backup: refused, and nothing is left behind either.
    let out = k.run(&["restore", &k.config.display().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("is not a kiosk backup"),
        "{}",
        text(&out.stderr)
    );
    assert!(!k.dir.path().join("var").exists(), "no var/ left");
    assert_eq!(every_file(k.dir.path()), before, "no file left");
}

#[test]
fn kiosk_backup_force_refuses_a_fifo_or_the_config_and_leaves_them_alone() {
    let k = Kiosk::new();
    drop(Store::open(&k.db()).unwrap());
    let fifo = k.path("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let config = std::fs::read(&k.config).unwrap();
    for dest in [fifo.clone(), k.config.display().to_string()] {
        let out = k.run(&["backup", "--force", &dest]);
        assert_eq!(out.status.code(), Some(2), "{dest}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("is not a kiosk backup"),
            "{}",
            text(&out.stderr)
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(std::fs::read(&k.config).unwrap(), config, "kiosk.toml kept");
}
