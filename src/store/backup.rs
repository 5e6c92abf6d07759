//! Verified copies of the live database: `kiosk backup FILE`, and the copy the kiosk takes
//! before it migrates a database to a newer schema.
//!
//! The copy is `VACUUM INTO` a temporary file: one read transaction, which in WAL mode never
//! blocks the GUI's or `kiosk sync`'s writes, gives a consistent snapshot; SQLCipher writes it
//! encrypted with the database's own key; it keeps the schema version. The online backup API
//! was measured against it (95 MB database, a writer committing every 2 ms): stepped in pages
//! with pauses it restarts whenever another connection commits and had not finished after
//! 60 s; in one step it is the same read transaction as `VACUUM INTO` (0.65 s either way, the
//! writer's worst commit 55–70 ms), but copies the free pages too, where rows that retention
//! deleted still lie. The copy is checked (`integrity_check`, and never plain when the database
//! is encrypted), synced, then put in place by a link or rename so no half-written file is
//! ever seen under the backup's name.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::keyfile::{self, Key};
use super::{SCHEMA_VERSION, Store, StoreError, StoreOptions};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path} already exists; nothing was written. Choose a new file name, or pass --force to replace it", path = path.display())]
    Exists { path: PathBuf },
    #[error("there is no kiosk database at {path} to back up; check [store] path in the config", path = path.display())]
    NoDatabase { path: PathBuf },
    #[error("{path} is the kiosk's own database or one of its key files; write the backup to another file, best on another disk", path = path.display())]
    OwnFile { path: PathBuf },
    /// `--force` replaces only an earlier backup: never a device, a FIFO, a link, a folder or a
    /// file that is not a kiosk database (the config or a key given by mistake).
    #[error("{path} is not a kiosk backup ({reason}); nothing was written. --force only replaces an earlier kiosk backup: remove it yourself if you mean to replace it, or choose another file name", path = path.display())]
    NotABackup { path: PathBuf, reason: String },
    #[error("{path} is in /dev, where no backup belongs; nothing was written. Write the backup to a file on a disk", path = path.display())]
    Device { path: PathBuf },
    #[error("cannot write the backup {path}: {reason}; check that the directory exists, that this user may write to it and that the disk has room", path = path.display())]
    Write { path: PathBuf, reason: String },
    #[error("the copy made for {path} did not verify ({reason}) and was removed; nothing was written. Run the backup again; if it fails again, check the database itself (`kiosk status`) and the disk", path = path.display())]
    Verify { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A backup that was written and verified.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub schema_version: i64,
    /// Encrypted with the database's own key (SQLCipher); `false` for a plain database.
    pub encrypted: bool,
    pub bytes: u64,
}

/// Backs up the database at `db` (opened as `options` say, which migrates it like any other
/// command) to `dest`, replacing an existing `dest` only when `replace` is set.
pub fn backup(
    db: &Path,
    options: &StoreOptions,
    dest: &Path,
    replace: bool,
) -> Result<BackupReport, BackupError> {
    // Opening a missing database would create an empty one, and back that up.
    if std::fs::metadata(db).map_or(true, |m| m.len() == 0) {
        return Err(BackupError::NoDatabase {
            path: db.to_path_buf(),
        });
    }
    Store::open_with(db, options)?.backup_to(dest, replace)
}

impl Store {
    /// A verified copy of this database at `dest`, taken while other processes go on writing.
    pub fn backup_to(&self, dest: &Path, replace: bool) -> Result<BackupReport, BackupError> {
        let mut own = vec![self.options.key_file.clone()];
        if let super::DbKey::File(path) = &self.options.encryption_key {
            own.push(path.clone());
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.path.as_os_str().to_owned();
            name.push(suffix);
            own.push(PathBuf::from(name));
        }
        if own.iter().any(|file| same_path(file, dest)) {
            return Err(BackupError::OwnFile {
                path: dest.to_path_buf(),
            });
        }
        if in_dev(dest) {
            return Err(BackupError::Device {
                path: dest.to_path_buf(),
            });
        }
        if replace {
            refuse_unless_backup(dest, self.cipher_key.as_ref())?;
        }
        copy(&self.conn, self.cipher_key.as_ref(), dest, replace)
    }
}

/// Whether `dest` would land in `/dev` (its folder resolved: a file there is a device node
/// or the system's; a link named elsewhere is judged by `refuse_unless_backup`).
fn in_dev(dest: &Path) -> bool {
    std::path::absolute(dest)
        .ok()
        .and_then(|absolute| absolute.parent().map(Path::to_path_buf))
        .map(|folder| std::fs::canonicalize(&folder).unwrap_or(folder))
        .is_some_and(|folder| folder.starts_with("/dev"))
}

/// `--force` may replace `dest` only when it is missing or a regular file holding a kiosk
/// database: plain SQLite with the kiosk's `meta`, or one that opens with `key`. The file is
/// looked at, never followed (a link is refused as it is), and opened read-only.
fn refuse_unless_backup(dest: &Path, key: Option<&Key>) -> Result<(), BackupError> {
    let refuse = |reason: &str| BackupError::NotABackup {
        path: dest.to_path_buf(),
        reason: reason.into(),
    };
    let meta = match std::fs::symlink_metadata(dest) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(BackupError::Write {
                path: dest.to_path_buf(),
                reason: e.to_string(),
            });
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(refuse("it is a symbolic link"));
    }
    if kind.is_dir() {
        return Err(refuse("it is a directory"));
    }
    if !kind.is_file() {
        return Err(refuse("it is a device, FIFO or socket, not a regular file"));
    }
    // A kiosk's live database has its WAL, shared memory or key file beside it; a backup never
    // does (it is one file). Replacing a live database would corrupt that kiosk.
    for companion in ["-wal", "-shm", ".key"] {
        let mut name = dest.as_os_str().to_owned();
        name.push(companion);
        if Path::new(&name).exists() {
            return Err(refuse(&format!(
                "a {companion} file lies beside it, so it is a kiosk's live database, not a backup"
            )));
        }
    }
    let plain = is_plain(dest).map_err(|e| refuse(&e.to_string()))?;
    let key = match (plain, key) {
        (true, _) => None,
        (false, Some(key)) => Some(key),
        (false, None) => return Err(refuse("it is not an SQLite database")),
    };
    let holds_kiosk_meta = || -> Result<bool, rusqlite::Error> {
        let conn = Connection::open_with_flags(
            dest,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if let Some(key) = key {
            super::cipher::key_connection(&conn, key)?;
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let meta: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )?;
        Ok(version > 0 && meta)
    };
    match holds_kiosk_meta() {
        Ok(true) => Ok(()),
        Ok(false) => Err(refuse(
            "it is an SQLite database without the kiosk's tables",
        )),
        Err(_) if key.is_some() => Err(refuse(
            "it is neither plain SQLite nor encrypted with this kiosk's database key",
        )),
        Err(e) => Err(refuse(&e.to_string())),
    }
}

/// `<db>.pre-v<version>.bak`: the database as it was before a kiosk migrated it to `version`.
pub fn pre_migration_path(db: &Path, version: i64) -> PathBuf {
    keyfile::beside(db, &format!("pre-v{version}.bak"))
}

/// Takes `<db>.pre-v<SCHEMA_VERSION>.bak` before the store migrates, and removes the copies
/// earlier upgrades left: only the latest is kept, as each holds guest data that retention has
/// since deleted from the database. A copy that is already at this version (another process
/// opening the old file at the same time migrated it meanwhile) is discarded, so the file only
/// ever holds the database from before this migration.
pub(super) fn before_migration(store: &Store) -> Result<(), StoreError> {
    let dest = pre_migration_path(&store.path, SCHEMA_VERSION);
    let copied = copy_if(
        &store.conn,
        store.cipher_key.as_ref(),
        &dest,
        true,
        &|version| version < SCHEMA_VERSION,
    )
    .map_err(|e| StoreError::PreMigrationBackup {
        path: store.path.clone(),
        to: SCHEMA_VERSION,
        reason: e.to_string(),
    })?;
    if let Some(report) = copied {
        tracing::info!(
            backup = %report.path.display(),
            from = report.schema_version,
            to = SCHEMA_VERSION,
            "database backed up before migrating"
        );
    }
    for old in older_pre_migration_copies(&store.path) {
        match std::fs::remove_file(&old) {
            Ok(()) => tracing::info!(backup = %old.display(), "older pre-migration backup removed"),
            Err(e) => {
                tracing::warn!(backup = %old.display(), "cannot remove an older pre-migration backup: {e}")
            }
        }
    }
    Ok(())
}

/// `<db>.pre-v<N>.bak` files for any `N` other than this build's version.
fn older_pre_migration_copies(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let prefix = format!("{name}.pre-v");
    let dir = match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_name().to_str().is_some_and(|file| {
                file.strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_suffix(".bak"))
                    .and_then(|version| version.parse::<i64>().ok())
                    .is_some_and(|version| version != SCHEMA_VERSION)
            })
        })
        .map(|entry| entry.path())
        .collect()
}

/// Copies the database of `conn` (keyed with `key`, or plain) to `dest` and verifies the copy.
pub(super) fn copy(
    conn: &Connection,
    key: Option<&Key>,
    dest: &Path,
    replace: bool,
) -> Result<BackupReport, BackupError> {
    copy_if(conn, key, dest, replace, &|_| true)?.ok_or_else(|| BackupError::Verify {
        path: dest.to_path_buf(),
        reason: "the copy was discarded".into(),
    })
}

/// [`copy`], keeping the copy only when `keep` accepts its schema version (`None` otherwise).
fn copy_if(
    conn: &Connection,
    key: Option<&Key>,
    dest: &Path,
    replace: bool,
    keep: &dyn Fn(i64) -> bool,
) -> Result<Option<BackupReport>, BackupError> {
    let write_err = |reason: String| BackupError::Write {
        path: dest.to_path_buf(),
        reason,
    };
    if !replace && std::fs::symlink_metadata(dest).is_ok() {
        return Err(BackupError::Exists {
            path: dest.to_path_buf(),
        });
    }
    // Absolute, so SQLite never reads the name as a `file:` URI.
    let target = std::path::absolute(dest).map_err(|e| write_err(e.to_string()))?;
    let tmp = temp_beside(&target);
    let written = write_copy(conn, &tmp, dest)
        .and_then(|()| verify(&tmp, key).map_err(|reason| verify_err(dest, reason)))
        .and_then(|schema_version| {
            if !keep(schema_version) {
                return Ok(None);
            }
            let bytes = sync_file(&tmp).map_err(|e| write_err(e.to_string()))?;
            put_in_place(&tmp, &target, dest, replace)?;
            Ok(Some(BackupReport {
                path: dest.to_path_buf(),
                schema_version,
                encrypted: key.is_some(),
                bytes,
            }))
        });
    if !matches!(written, Ok(Some(_))) {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn verify_err(dest: &Path, reason: String) -> BackupError {
    BackupError::Verify {
        path: dest.to_path_buf(),
        reason,
    }
}

/// A hidden temporary name beside `target` (same directory, so the final rename is atomic),
/// short whatever the target's name is long.
fn temp_beside(target: &Path) -> PathBuf {
    target.with_file_name(format!(
        ".kiosk-backup-{}-{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ))
}

fn write_copy(conn: &Connection, tmp: &Path, dest: &Path) -> Result<(), BackupError> {
    let write_err = |reason: String| BackupError::Write {
        path: dest.to_path_buf(),
        reason,
    };
    // Created empty and owner-only first: SQLite writes into an empty file and keeps its mode.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(tmp).map_err(|e| write_err(e.to_string()))?;
    // The name as the OS spells it (SQLite passes text on to the file system unchecked).
    let name = ToSqlOutput::Borrowed(ValueRef::Text(tmp.as_os_str().as_encoded_bytes()));
    conn.execute("VACUUM INTO ?1", [name])
        .map(drop)
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) => BackupError::Store(StoreError::Busy),
            _ => write_err(e.to_string()),
        })
}

/// The copy's schema version once it proves sound: not plain when the database is encrypted,
/// and `integrity_check` says ok.
fn verify(tmp: &Path, key: Option<&Key>) -> Result<i64, String> {
    let text = |e: rusqlite::Error| e.to_string();
    if key.is_some() && is_plain(tmp).map_err(|e| e.to_string())? {
        return Err("the copy of an encrypted database came out unencrypted".into());
    }
    let copy = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(text)?;
    if let Some(key) = key {
        super::cipher::key_connection(&copy, key).map_err(text)?;
    }
    integrity(&copy)?;
    copy.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(text)
}

/// `Ok` when `PRAGMA integrity_check` finds nothing wrong; else what it found.
pub(super) fn integrity(conn: &Connection) -> Result<(), String> {
    let found: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| e.to_string())?;
    if found == ["ok"] {
        Ok(())
    } else {
        Err(format!("integrity_check: {}", found.join("; ")))
    }
}

/// Whether the file starts with plain SQLite's header.
fn is_plain(path: &Path) -> std::io::Result<bool> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == header.len() && &header == b"SQLite format 3\0")
}

/// Syncs the file to disk; its size.
fn sync_file(path: &Path) -> std::io::Result<u64> {
    let file = std::fs::File::open(path)?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// Moves the verified copy to its name: a rename when replacing, else a hard link, which fails
/// instead of replacing a file that appeared meanwhile.
fn put_in_place(tmp: &Path, target: &Path, dest: &Path, replace: bool) -> Result<(), BackupError> {
    let write_err = |e: std::io::Error| BackupError::Write {
        path: dest.to_path_buf(),
        reason: e.to_string(),
    };
    if replace {
        std::fs::rename(tmp, target).map_err(write_err)?;
    } else {
        match std::fs::hard_link(tmp, target) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(BackupError::Exists {
                    path: dest.to_path_buf(),
                });
            }
            // Filesystems without hard links (a FAT-formatted USB stick): check, then rename.
            Err(_) if std::fs::symlink_metadata(target).is_err() => {
                std::fs::rename(tmp, target).map_err(write_err)?;
            }
            Err(_) => {
                return Err(BackupError::Exists {
                    path: dest.to_path_buf(),
                });
            }
        }
    }
    keyfile::sync_dir(target).map_err(write_err)
}

/// Whether `a` and `b` name the same file (which need not exist yet).
pub(super) fn same_path(a: &Path, b: &Path) -> bool {
    fn resolved(path: &Path) -> Option<PathBuf> {
        if let Ok(path) = std::fs::canonicalize(path) {
            return Some(path);
        }
        let absolute = std::path::absolute(path).ok()?;
        let parent = absolute.parent()?;
        let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
        Some(parent.join(absolute.file_name()?))
    }
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::store::schema::migrate_to;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn version(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_backup_is_a_verified_0600_copy_and_never_replaces_a_file_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let store = Store::open(&db).unwrap();
        store.meta_set("marker", b"first").unwrap();
        let dest = dir.path().join("copy.db");
        let report = store.backup_to(&dest, false).unwrap();
        assert_eq!(report.schema_version, SCHEMA_VERSION);
        assert!(!report.encrypted);
        assert_eq!(report.bytes, std::fs::metadata(&dest).unwrap().len());
        assert_eq!(mode(&dest), 0o600);
        integrity(&Connection::open(&dest).unwrap()).unwrap();

        store.meta_set("marker", b"second").unwrap();
        let err = store.backup_to(&dest, false).unwrap_err();
        assert!(matches!(err, BackupError::Exists { .. }), "{err}");
        assert!(err.to_string().contains("--force"), "{err}");
        let marker = |path: &Path| -> Vec<u8> {
            Connection::open(path)
                .unwrap()
                .query_row("SELECT value FROM meta WHERE key = 'marker'", [], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        assert_eq!(marker(&dest), b"first", "the existing file is untouched");
        store.backup_to(&dest, true).unwrap();
        assert_eq!(marker(&dest), b"second", "replaced when asked");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file is left: {left:?}");
    }

    #[test]
    fn a_backup_never_lands_on_the_database_or_its_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let store = Store::open(&db).unwrap();
        for own in [
            "kiosk.db",
            "kiosk.db-wal",
            "kiosk.db.key",
            "kiosk.db.enc-key",
        ] {
            let err = store.backup_to(&dir.path().join(own), true).unwrap_err();
            assert!(matches!(err, BackupError::OwnFile { .. }), "{own}: {err}");
        }
        // Also through another spelling of the same path.
        let sneaky = dir.path().join(".").join("kiosk.db");
        assert!(matches!(
            store.backup_to(&sneaky, true),
            Err(BackupError::OwnFile { .. })
        ));
        assert!(store.install_secret().is_ok());
    }

    /// A database as an older kiosk left it: schema v4 and the install key inside `meta`.
    fn old_database(db: &Path) -> Vec<u8> {
        let secret = Key::generate().unwrap();
        let mut conn = Connection::open(db).unwrap();
        migrate_to(&mut conn, db, 4).unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('install_secret', ?1)",
            [secret.bytes().as_slice()],
        )
        .unwrap();
        secret.bytes().to_vec()
    }

    #[test]
    fn an_old_schema_is_backed_up_before_it_is_migrated_without_its_install_key() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let secret = old_database(&db);
        // What upgrades before this one left: an older version's copy, and a copy for this
        // version taken before an earlier downgrade (stale now).
        let older = pre_migration_path(&db, 3);
        std::fs::write(&older, b"older copy").unwrap();
        std::fs::write(pre_migration_path(&db, SCHEMA_VERSION), b"stale copy").unwrap();

        let store = Store::open(&db).unwrap();
        assert_eq!(version(&db), SCHEMA_VERSION);
        assert_eq!(store.install_secret().unwrap(), secret);
        let bak = pre_migration_path(&db, SCHEMA_VERSION);
        assert_eq!(
            bak.file_name().unwrap().to_str(),
            Some(format!("kiosk.db.pre-v{SCHEMA_VERSION}.bak").as_str())
        );
        assert_eq!(
            version(&bak),
            4,
            "the copy is the database before migrating"
        );
        assert_eq!(mode(&bak), 0o600);
        let conn = Connection::open(&bak).unwrap();
        integrity(&conn).unwrap();
        let in_meta: i64 = conn
            .query_row(
                "SELECT count(*) FROM meta WHERE key = 'install_secret'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            in_meta, 0,
            "the install key left the database before the copy"
        );
        let bytes = std::fs::read(&bak).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_slice()),
            "the key is nowhere in the copy"
        );
        assert!(
            !older.exists(),
            "only the latest pre-migration copy is kept"
        );

        // Opening the migrated database again takes no new copy.
        drop(store);
        let before = std::fs::read(&bak).unwrap();
        Store::open(&db).unwrap();
        assert_eq!(std::fs::read(&bak).unwrap(), before);
    }

    #[test]
    fn a_new_or_current_database_gets_no_pre_migration_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        drop(Store::open(&db).unwrap());
        drop(Store::open(&db).unwrap());
        assert!(!pre_migration_path(&db, SCHEMA_VERSION).exists());
    }

    #[test]
    fn a_database_whose_pre_migration_backup_fails_is_not_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("kiosk.db");
        {
            let mut conn = Connection::open(&short).unwrap();
            migrate_to(&mut conn, &short, 4).unwrap();
            super::super::install_key::load(
                &mut conn,
                &short,
                &keyfile::beside(&short, "key"),
                true,
            )
            .unwrap();
            conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        }
        // A name that leaves no room for `.pre-vN.bak` (the file system's limit is 255 bytes):
        // the copy cannot be written, whoever runs the kiosk.
        let db = dir.path().join(format!("{}.db", "k".repeat(246)));
        std::fs::rename(&short, &db).unwrap();
        std::fs::rename(keyfile::beside(&short, "key"), keyfile::beside(&db, "key")).unwrap();
        let err = Store::open(&db).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::PreMigrationBackup {
                    to: SCHEMA_VERSION,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("nothing was migrated"), "{err}");
        assert_eq!(version(&db), 4, "not migrated without its backup");
    }

    #[test]
    fn force_never_replaces_another_kiosks_live_database() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other/kiosk.db");
        let running = Store::open(&other).unwrap();
        let before = std::fs::read(&other).unwrap();
        let err = refuse_unless_backup(&other, None).unwrap_err();
        assert!(matches!(err, BackupError::NotABackup { .. }), "{err}");
        assert!(err.to_string().contains("live database"), "{err}");
        assert_eq!(std::fs::read(&other).unwrap(), before);
        drop(running);
    }

    #[test]
    fn force_replaces_only_an_earlier_kiosk_backup_never_a_device_fifo_link_or_other_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let store = Store::open(&db).unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // A link to a device: only the link is looked at (the device is never opened).
        let link = dir.path().join("null-link");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let config = dir.path().join("kiosk.toml");
        std::fs::write(&config, "[kiosk]\nid = \"lobby-1\"\n").unwrap();
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        let other_db = dir.path().join("other.db");
        Connection::open(&other_db)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
            .unwrap();
        let other_bytes = std::fs::read(&other_db).unwrap();
        for (dest, why) in [
            (&fifo, "FIFO"),
            (&link, "symbolic link"),
            (&config, "not an SQLite database"),
            (&folder, "directory"),
            (&other_db, "without the kiosk's tables"),
        ] {
            let err = store.backup_to(dest, true).unwrap_err();
            assert!(
                matches!(err, BackupError::NotABackup { .. }),
                "{why}: {err}"
            );
            let said = err.to_string();
            assert!(said.contains(why), "{said}");
            assert!(said.contains("remove it yourself"), "{said}");
        }
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/dev/null"));
        assert_eq!(
            std::fs::read_to_string(&config).unwrap(),
            "[kiosk]\nid = \"lobby-1\"\n"
        );
        assert!(folder.is_dir());
        assert_eq!(std::fs::read(&other_db).unwrap(), other_bytes);

        // An earlier backup, plain or encrypted with the database's key, is replaced.
        let plain = dir.path().join("plain-backup.db");
        store.backup_to(&plain, false).unwrap();
        store.backup_to(&plain, true).unwrap();
        let secret = dir.path().join("secret.db");
        let options = StoreOptions {
            encrypt: true,
            ..StoreOptions::beside(&secret)
        };
        let encrypted = Store::open_with(&secret, &options).unwrap();
        let sealed = dir.path().join("sealed-backup.db");
        assert!(encrypted.backup_to(&sealed, false).unwrap().encrypted);
        encrypted.backup_to(&sealed, true).unwrap();
        encrypted.backup_to(&plain, true).unwrap();
        // Another kiosk's encrypted backup (another key) is not this kiosk's to replace.
        let stranger = dir.path().join("stranger.db");
        let stranger_options = StoreOptions {
            encrypt: true,
            ..StoreOptions::beside(&stranger)
        };
        let stranger_backup = dir.path().join("stranger-backup.db");
        Store::open_with(&stranger, &stranger_options)
            .unwrap()
            .backup_to(&stranger_backup, false)
            .unwrap();
        let err = encrypted.backup_to(&stranger_backup, true).unwrap_err();
        assert!(matches!(err, BackupError::NotABackup { .. }), "{err}");

        // Nothing is ever written in /dev, forced or not.
        let in_dev = Path::new("/dev/kiosk-backup-test-never-written.db");
        for replace in [false, true] {
            let err = store.backup_to(in_dev, replace).unwrap_err();
            assert!(matches!(err, BackupError::Device { .. }), "{err}");
        }
        assert!(std::fs::symlink_metadata(in_dev).is_err());
    }
}
