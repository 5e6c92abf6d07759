//! Putting a backup in place of the database, with the kiosk stopped (`kiosk restore FILE`).
//!
//! Nothing changes until the backup has proved itself: a copy of it beside the database opens
//! with the configured encryption key, passes `integrity_check`, has a schema version this
//! build knows and exactly the kiosk's schema at that version (no trigger, view or changed
//! table of anyone else's, see `shape`), and its install key is at hand (the check value
//! inside must match the key file; a backup carrying the key itself is refused). Then the
//! database it replaces is kept as `<db>.before-restore-<UTC time>` (with its WAL, if any), the
//! copy goes in by an atomic rename, and the first open migrates it like any older database.
//!
//! A kiosk still using the database is refused: leaving WAL mode needs every other connection
//! gone, so switching the current database to `journal_mode=DELETE` fails while the GUI, a
//! syncer, a CLI command or a `sqlite3` shell has it open (and when it succeeds, it folds the
//! WAL into the file, so the kept copy is one self-contained file). `kiosk restore` also holds
//! the sync lease, so no `kiosk sync` starts meanwhile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::keyfile::{self, Key};
use super::{SCHEMA_VERSION, Store, StoreError, StoreOptions, backup, cipher, install_key};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("there is no backup file at {path}; check the path", path = path.display())]
    Missing { path: PathBuf },
    #[error("{path} is the kiosk's live database; restore from a backup copy of it", path = path.display())]
    LiveDatabase { path: PathBuf },
    #[error("{path} is not a kiosk backup ({reason}); nothing was changed. Use a file written by `kiosk backup` (or a `<db>.pre-vN.bak` / `<db>.before-restore-…` file the kiosk kept)", path = path.display())]
    NotABackup { path: PathBuf, reason: String },
    #[error("the backup {path} is damaged ({reason}); nothing was changed. Restore an earlier backup", path = path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("the backup {path} was made by a newer lobby-kiosk (schema v{found}; this build knows up to v{supported}); nothing was changed. Install that version of the kiosk or a later one, then restore with it", path = path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the backup {path} holds {found}; nothing was changed. A `kiosk backup` copy holds exactly the kiosk's schema: this file was changed after it was written or crafted (a trigger or view there can switch off the limits or send codes to another phone). Restore another backup", path = path.display())]
    UnexpectedSchema { path: PathBuf, found: String },
    #[error("the backup {path} carries its install key inside; nothing was changed. Copies written by `kiosk backup` never do (the key stays in the key file), so this one was crafted or altered, and its key would replace the kiosk's. Restore a backup written by `kiosk backup`, with the install key from the key file kept with that backup (`--key-file PATH`)", path = path.display())]
    KeyInside { path: PathBuf },
    #[error("the install key of the backup {backup} is missing: there is no key file at {key_file}; nothing was changed. Put the key file saved with this backup there, or pass --key-file PATH (without it open codes would stop verifying and every per-phone limit would start again)", backup = backup.display(), key_file = key_file.display())]
    KeyMissing { backup: PathBuf, key_file: PathBuf },
    #[error("the key file {key_file} does not belong to the backup {backup}; nothing was changed. Pass --key-file with the install key saved with this backup", backup = backup.display(), key_file = key_file.display())]
    KeyMismatch { backup: PathBuf, key_file: PathBuf },
    #[error(
        "the kiosk is running: {what}; nothing was changed. Stop the kiosk's GUI and `kiosk sync` (and any other kiosk command), then run `kiosk restore` again"
    )]
    Running { what: String },
    #[error("cannot put the backup in place at {path}: {reason}; check that this user may write that directory and that the disk has room", path = path.display())]
    Io { path: PathBuf, reason: String },
    #[error("the backup is in place at {db}, but it does not open: {source}. The database it replaced is kept at {kept}; to go back, move that file to {db}", db = db.display())]
    Reopen {
        db: PathBuf,
        kept: String,
        source: StoreError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub db: PathBuf,
    /// The backup's schema version, and the database's after the restore (migrated if older).
    pub backup_version: i64,
    pub schema_version: i64,
    pub encrypted: bool,
    /// Where the replaced database (and its WAL, `…-wal`) is kept; `None` when there was none.
    pub kept: Option<PathBuf>,
    /// Where the replaced install key file is kept, when the backup came with another one.
    pub kept_key: Option<PathBuf>,
}

/// Replaces the database at `db` (opened as `options` say) with the backup at `from`, whose
/// install key is `key_file` (default: the configured one). `now` names the kept files.
pub fn restore(
    db: &Path,
    options: &StoreOptions,
    from: &Path,
    key_file: Option<&Path>,
    now: jiff::Timestamp,
) -> Result<RestoreReport, RestoreError> {
    let io = |path: &Path, e: std::io::Error| RestoreError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    refuse_unusable(db, from)?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    // Checked as a copy beside the database, never in place: the backup may sit on read-only
    // media, and what is checked is exactly what is installed.
    let staged = keyfile::beside(db, "restoring");
    remove_with_companions(&staged);
    let result = stage(from, &staged)
        .map_err(|e| io(&staged, e))
        .and_then(|()| check(&staged, from, options, key_file))
        .and_then(|checked| install(db, options, &staged, checked, now));
    if result.is_err() {
        remove_with_companions(&staged);
    }
    result
}

/// The checks that need nothing but the paths: `from` must be a file, and not the database
/// itself. `kiosk restore` makes them before it creates any folder or lock.
pub fn refuse_unusable(db: &Path, from: &Path) -> Result<(), RestoreError> {
    if backup::same_path(from, db) {
        return Err(RestoreError::LiveDatabase {
            path: from.to_path_buf(),
        });
    }
    if !from.is_file() {
        return Err(RestoreError::Missing {
            path: from.to_path_buf(),
        });
    }
    Ok(())
}

/// What the checks found out about a backup.
struct Checked {
    version: i64,
    encrypted: bool,
    /// An install key to put at the configured key file: the one given by `--key-file`.
    key_to_install: Option<Key>,
}

/// Copies the backup, and its WAL when it has one (a kept `before-restore` file may), to
/// `staged`, owner-only.
fn stage(from: &Path, staged: &Path) -> std::io::Result<()> {
    let copy = |from: &Path, to: &Path| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut out = options.open(to)?;
        std::io::copy(&mut std::fs::File::open(from)?, &mut out)?;
        out.sync_all()
    };
    copy(from, staged)?;
    let wal = companion(from, "-wal");
    if wal.is_file() {
        copy(&wal, &companion(staged, "-wal"))?;
    }
    Ok(())
}

/// Opens the staged copy as the kiosk would and checks everything a restore depends on.
/// Messages name `from`, the file the operator gave.
fn check(
    staged: &Path,
    from: &Path,
    options: &StoreOptions,
    key_file: Option<&Path>,
) -> Result<Checked, RestoreError> {
    let not_a_backup = |reason: String| RestoreError::NotABackup {
        path: from.to_path_buf(),
        reason,
    };
    let key = match cipher::prepare(staged, false, &options.encryption_key) {
        Ok(key) => key,
        Err(StoreError::NotADatabase { .. }) => {
            return Err(not_a_backup(format!(
                "it is not plain SQLite, and there is no encryption key at {} to decrypt it; if it is an encrypted backup, put the database encryption key saved with it there first",
                options.encryption_key.source()
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let conn = Connection::open_with_flags(
        staged,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_backup(e.to_string()))?;
    if let Some(key) = &key {
        cipher::apply(&conn, key, from, &options.encryption_key)?;
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| not_a_backup(e.to_string()))?;
    if version > SCHEMA_VERSION {
        return Err(RestoreError::NewerSchema {
            path: from.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    backup::integrity(&conn).map_err(|reason| match reason.contains("not a database") {
        true => not_a_backup(reason),
        false => RestoreError::Corrupt {
            path: from.to_path_buf(),
            reason,
        },
    })?;
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| not_a_backup(e.to_string()))?;
    if version == 0 || !has_meta {
        return Err(not_a_backup("it holds no kiosk tables".into()));
    }
    if let Some(found) = super::shape::unexpected(&conn).map_err(|e| not_a_backup(e.to_string()))? {
        return Err(RestoreError::UnexpectedSchema {
            path: from.to_path_buf(),
            found,
        });
    }
    let key_to_install = check_install_key(&conn, from, options, key_file)?;
    // One self-contained file to rename into place: a WAL the backup came with is folded in.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .map_err(|e| not_a_backup(e.to_string()))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(not_a_backup(format!("SQLite kept journal_mode={mode}")));
    }
    Ok(Checked {
        version,
        encrypted: key.is_some(),
        key_to_install,
    })
}

/// The backup's install key must be at hand: the check value inside it must match the key
/// file (`--key-file`, else the configured one). A backup that carries a key inside is refused:
/// `kiosk backup` never copies one (an older database gives its key up before any copy), so
/// that key is whoever made the file's, and installing it would hand them every code's MAC.
fn check_install_key(
    conn: &Connection,
    from: &Path,
    options: &StoreOptions,
    key_file: Option<&Path>,
) -> Result<Option<Key>, RestoreError> {
    let wanted = key_file.unwrap_or(&options.key_file);
    let mismatch = || RestoreError::KeyMismatch {
        backup: from.to_path_buf(),
        key_file: wanted.to_path_buf(),
    };
    let given = key_file.filter(|given| !backup::same_path(given, &options.key_file));
    match install_key::stored(conn)? {
        (_, Some(_)) => Err(RestoreError::KeyInside {
            path: from.to_path_buf(),
        }),
        (Some(check), None) => {
            let key = keyfile::read(wanted)?.ok_or_else(|| RestoreError::KeyMissing {
                backup: from.to_path_buf(),
                key_file: wanted.to_path_buf(),
            })?;
            if install_key::check_value(&key) != check {
                return Err(mismatch());
            }
            Ok(given.map(|_| key))
        }
        (None, None) => Err(RestoreError::NotABackup {
            path: from.to_path_buf(),
            reason: "it holds no install key check".into(),
        }),
    }
}

fn install(
    db: &Path,
    options: &StoreOptions,
    staged: &Path,
    checked: Checked,
    now: jiff::Timestamp,
) -> Result<RestoreReport, RestoreError> {
    let io = |path: &Path, e: std::io::Error| RestoreError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let exists = std::fs::symlink_metadata(db).is_ok();
    if exists {
        refuse_if_in_use(db, options)?;
    }
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let kept = if exists {
        let kept = unused(db, &format!("before-restore-{stamp}"));
        std::fs::rename(db, &kept).map_err(|e| io(db, e))?;
        // Normally gone with WAL mode; left by a database that could not be opened here.
        for suffix in ["-wal", "-journal"] {
            let from = companion(db, suffix);
            if from.exists() {
                let to = companion(&kept, suffix);
                std::fs::rename(&from, &to).map_err(|e| io(&from, e))?;
            }
        }
        let _ = std::fs::remove_file(companion(db, "-shm"));
        Some(kept)
    } else {
        None
    };
    let kept_key = match &checked.key_to_install {
        Some(key) => install_key_file(&options.key_file, key, &stamp)?,
        None => None,
    };
    std::fs::rename(staged, db).map_err(|e| io(db, e))?;
    keyfile::sync_dir(db).map_err(|e| io(db, e))?;
    let store = Store::open_with(db, options).map_err(|source| RestoreError::Reopen {
        db: db.to_path_buf(),
        kept: kept.as_ref().map_or_else(
            || "(nowhere: there was none)".into(),
            |k| k.display().to_string(),
        ),
        source,
    })?;
    let schema_version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    tracing::info!(
        db = %db.display(),
        kept = ?kept.as_ref().map(|k| k.display().to_string()),
        backup_version = checked.version,
        "database restored from a backup"
    );
    Ok(RestoreReport {
        db: db.to_path_buf(),
        backup_version: checked.version,
        schema_version,
        encrypted: checked.encrypted,
        kept,
        kept_key,
    })
}

/// Fails when another connection has the database open. A database this config cannot open
/// (damaged, another key) is no kiosk's on this config either, and is kept as it is.
pub fn refuse_if_in_use(db: &Path, options: &StoreOptions) -> Result<(), RestoreError> {
    let running = || RestoreError::Running {
        what: format!(
            "another process has {} open (the kiosk GUI, `kiosk sync`, a kiosk command or a sqlite3 shell)",
            db.display()
        ),
    };
    let Ok(key) = cipher::prepare(db, false, &options.encryption_key) else {
        return Ok(());
    };
    let Ok(conn) = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Ok(());
    };
    let keyed = key
        .as_ref()
        .is_none_or(|key| cipher::apply(&conn, key, db, &options.encryption_key).is_ok());
    if !keyed {
        return Ok(());
    }
    // SQLite refuses the switch at once while another connection is open, without its busy
    // handler: retried for a while, so a short command (`kiosk status`) may finish first.
    let started = Instant::now();
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
        {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => return Ok(()),
            Err(e)
                if !matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) =>
            {
                // Damaged: nothing to fold in; it is kept with its WAL as it is.
                return Ok(());
            }
            _ if started.elapsed() >= IN_USE_WAIT => return Err(running()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// How long a restore waits for other processes to close the database before refusing.
const IN_USE_WAIT: Duration = Duration::from_secs(3);

/// Puts `key` at `path`, keeping a different key already there as `<path>.before-restore-…`.
fn install_key_file(path: &Path, key: &Key, stamp: &str) -> Result<Option<PathBuf>, RestoreError> {
    let kept = match keyfile::read(path)? {
        Some(current) if &current == key => return Ok(None),
        Some(_) => {
            let kept = unused(path, &format!("before-restore-{stamp}"));
            std::fs::rename(path, &kept).map_err(|e| RestoreError::Io {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            Some(kept)
        }
        None => None,
    };
    keyfile::create(path, key)?;
    Ok(kept)
}

/// `<file>.<suffix>`, or `<file>.<suffix>-2`, `-3` … when that exists.
fn unused(file: &Path, suffix: &str) -> PathBuf {
    let mut candidate = keyfile::beside(file, suffix);
    let mut n = 2;
    while std::fs::symlink_metadata(&candidate).is_ok() {
        candidate = keyfile::beside(file, &format!("{suffix}-{n}"));
        n += 1;
    }
    candidate
}

/// `<file>-wal` and the like: SQLite's names for a database's companion files.
fn companion(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_with_companions(file: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(companion(file, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::migrate_to;

    fn now() -> jiff::Timestamp {
        "2026-11-25T18:00:00Z".parse().unwrap()
    }

    fn version(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    /// A backup an older kiosk took: schema v4, its install key in `key_file` (and the check
    /// value inside), a marker row.
    fn v4_backup(path: &Path, key_file: &Path) {
        let mut conn = Connection::open(path).unwrap();
        migrate_to(&mut conn, path, 4).unwrap();
        install_key::load(&mut conn, path, key_file, true).unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('marker', x'76340a')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn an_older_backup_is_migrated_on_restore_and_copied_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let backup = dir.path().join("old.db");
        let saved_key = dir.path().join("old.key");
        v4_backup(&backup, &saved_key);
        let options = StoreOptions::beside(&db);
        let report = restore(&db, &options, &backup, Some(&saved_key), now()).unwrap();
        assert_eq!(
            (report.backup_version, report.schema_version),
            (4, SCHEMA_VERSION)
        );
        assert_eq!(report.kept, None, "there was no database before");
        assert_eq!(version(&db), SCHEMA_VERSION);
        let bak = crate::store::pre_migration_path(&db, SCHEMA_VERSION);
        assert_eq!(
            version(&bak),
            4,
            "the restored v4 was copied before migrating"
        );
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.meta_get("marker").unwrap().as_deref(),
            Some(&b"v4\n"[..])
        );
        assert_eq!(version(&backup), 4, "the backup file itself is untouched");
    }

    /// A live database (marker `live`) and a genuine `kiosk backup` copy of it (marker
    /// `backed up`), under the same install key.
    fn live_and_backup(dir: &Path) -> (PathBuf, PathBuf) {
        let db = dir.join("kiosk.db");
        let store = Store::open(&db).unwrap();
        store.meta_set("marker", b"backed up").unwrap();
        let backup = dir.join("backup.db");
        store.backup_to(&backup, false).unwrap();
        store.meta_set("marker", b"live").unwrap();
        (db, backup)
    }

    fn marker(db: &Path) -> String {
        Connection::open(db)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'marker'", [], |r| {
                r.get::<_, Vec<u8>>(0)
            })
            .map(|v| String::from_utf8(v).unwrap())
            .unwrap()
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_backup_with_a_planted_trigger_view_or_changed_table_is_refused_and_nothing_changes() {
        let tampered: &[(&str, &str)] = &[
            (
                "CREATE TRIGGER z AFTER INSERT ON lockouts BEGIN DELETE FROM lockouts WHERE reservation = NEW.reservation; END;",
                "trigger `z` on lockouts, which the kiosk does not create",
            ),
            (
                "CREATE TRIGGER y AFTER INSERT ON limit_events BEGIN DELETE FROM limit_events WHERE rowid = NEW.rowid; END;",
                "trigger `y` on limit_events",
            ),
            (
                "CREATE TRIGGER x AFTER INSERT ON cooldowns BEGIN DELETE FROM cooldowns WHERE scope = NEW.scope; END;",
                "trigger `x` on cooldowns",
            ),
            (
                "CREATE TRIGGER w AFTER UPDATE ON otp_challenges BEGIN UPDATE otp_challenges SET wrong_attempts = 0 WHERE id = NEW.id AND NEW.wrong_attempts > 0; END;",
                "trigger `w` on otp_challenges",
            ),
            (
                "CREATE TRIGGER v AFTER UPDATE ON reservations BEGIN UPDATE reservations SET phone = '+351912000999' WHERE confirmation = NEW.confirmation AND phone IS NOT '+351912000999'; END;",
                "trigger `v` on reservations",
            ),
            (
                "CREATE VIEW u AS SELECT 1",
                "view `u`, which the kiosk does not create",
            ),
            (
                "CREATE TABLE t (x)",
                "table `t`, which the kiosk does not create",
            ),
            (
                "CREATE UNIQUE INDEX s ON limit_events (scope)",
                "index `s` on limit_events",
            ),
            (
                "DROP INDEX limit_events_by_key",
                "no index `limit_events_by_key` on limit_events",
            ),
            (
                "DROP TRIGGER journal_no_delete; CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT 1; END;",
                "trigger `journal_no_delete` on journal that differs",
            ),
            // Constraints and defaults SQLite keeps only in the table's SQL.
            (
                "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, '''no_show''', '''no_show'',''gone''') WHERE name = 'reservations'; PRAGMA writable_schema = OFF;",
                "table `reservations` that differs",
            ),
            (
                "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'wrong_attempts INTEGER NOT NULL DEFAULT 0', 'wrong_attempts INTEGER NOT NULL DEFAULT -99') WHERE name = 'otp_challenges'; PRAGMA writable_schema = OFF;",
                "table `otp_challenges` that differs",
            ),
        ];
        for (sql, named) in tampered {
            let dir = tempfile::tempdir().unwrap();
            let (db, backup) = live_and_backup(dir.path());
            Connection::open(&backup)
                .unwrap()
                .execute_batch(sql)
                .unwrap();
            let before = files(dir.path());
            let err = restore(&db, &StoreOptions::beside(&db), &backup, None, now()).unwrap_err();
            assert!(
                matches!(err, RestoreError::UnexpectedSchema { .. }),
                "{sql}: {err}"
            );
            let said = err.to_string();
            assert!(said.contains(named), "{sql}: {said}");
            assert!(said.contains("nothing was changed"), "{said}");
            assert_eq!(marker(&db), "live", "{sql}: the database is untouched");
            assert_eq!(files(dir.path()), before, "{sql}: no file made or moved");
        }
    }

    #[test]
    fn a_backup_that_carries_its_install_key_inside_is_refused_and_the_key_file_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (db, genuine) = live_and_backup(dir.path());
        let key_file = keyfile::beside(&db, "key");
        let current_key = std::fs::read(&key_file).unwrap();
        let attacker = Key::generate().unwrap();
        // As the adversary made it: the attacker's key inside, the check value deleted; and
        // a genuine backup with a key slipped in beside its check value.
        let legacy = dir.path().join("legacy.db");
        std::fs::copy(&genuine, &legacy).unwrap();
        let with_check = dir.path().join("with-check.db");
        std::fs::copy(&genuine, &with_check).unwrap();
        for (backup, delete_check) in [(&legacy, true), (&with_check, false)] {
            let conn = Connection::open(backup).unwrap();
            if delete_check {
                conn.execute("DELETE FROM meta WHERE key = 'install_key_check'", [])
                    .unwrap();
            }
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('install_secret', ?1)",
                [attacker.bytes().as_slice()],
            )
            .unwrap();
        }
        for backup in [&legacy, &with_check] {
            let before = files(dir.path());
            for given in [None, Some(key_file.as_path())] {
                let err =
                    restore(&db, &StoreOptions::beside(&db), backup, given, now()).unwrap_err();
                assert!(matches!(err, RestoreError::KeyInside { .. }), "{err}");
                let said = err.to_string();
                assert!(said.contains("--key-file"), "{said}");
                assert!(said.contains("kiosk backup"), "{said}");
            }
            assert_eq!(
                std::fs::read(&key_file).unwrap(),
                current_key,
                "key file kept"
            );
            assert_eq!(marker(&db), "live");
            assert_eq!(files(dir.path()), before, "no file made or moved");
        }
        // The genuine backup still restores.
        restore(&db, &StoreOptions::beside(&db), &genuine, None, now()).unwrap();
        assert_eq!(marker(&db), "backed up");
    }

    #[test]
    fn a_database_kept_with_its_wal_restores_whole() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let store = Store::open(&db).unwrap();
        // Writes still in the WAL, as a database moved aside mid-flight leaves them.
        store
            .conn()
            .execute_batch("PRAGMA wal_autocheckpoint = 0")
            .unwrap();
        store.meta_set("marker", b"in the wal").unwrap();
        let kept = dir.path().join("kept.db");
        std::fs::copy(&db, &kept).unwrap();
        std::fs::copy(companion(&db, "-wal"), companion(&kept, "-wal")).unwrap();
        store.meta_set("marker", b"later").unwrap();
        drop(store);

        restore(&db, &StoreOptions::beside(&db), &kept, None, now()).unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.meta_get_text("marker").unwrap().as_deref(),
            Some("in the wal")
        );
        assert!(!companion(&keyfile::beside(&db, "restoring"), "-wal").exists());
    }
}
