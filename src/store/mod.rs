//! The kiosk's one SQLite file: reservations cache, OTP challenges, limits, lockouts, the
//! journal. Opened durably (WAL + `synchronous=FULL`) so that a check-in acknowledged on screen
//! survives a power cut. Several processes share it (the GUI, `kiosk sync`, the CLI): every
//! write transaction is IMMEDIATE and a write waits for the others' (see `busy`).

mod backup;
mod busy;
mod cipher;
mod install_key;
pub mod journal;
mod kept_files;
mod keyfile;
mod meta;
mod reservations;
mod restore;
mod schema;
mod shape;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use backup::{BackupError, BackupReport, backup, pre_migration_path};
pub use busy::BUSY_TIMEOUT;

pub use cipher::DbKey;
/// `journal::append` for domain modules that journal inside their own transaction.
pub use journal::append as append_event;
pub use journal::{
    EventKind, GatewayJournal, JournalEvent, JournalStats, PERSONAL_FIELDS, gateway_journal,
};
pub use keyfile::beside as key_path_beside;
pub use reservations::{
    ImportSummary, NAME_MAX_CHARS, RECORD_FIELDS, RecordError, Reservation, ReservationRecord,
    STAFF_PREFIX_MIN, Status, arrivals_by_name_in, reservation_in, staff_search_in, upsert,
    upsert_all,
};
pub use restore::{RestoreError, RestoreReport, refuse_if_in_use, refuse_unusable, restore};
pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the kiosk database at {path}: {reason}; check [store] path and that the kiosk's user may write to that directory", path = path.display())]
    Open { path: PathBuf, reason: String },
    #[error("{path} is not a kiosk database (SQLite refused it: {reason}); point [store] path at the right file or move this one away", path = path.display())]
    NotADatabase { path: PathBuf, reason: String },
    #[error("the database at {path} was written by a newer lobby-kiosk (schema v{found}, this build knows up to v{supported}); install the newer kiosk (v{found} or later) on this machine, or go back to a backup made by this version with `kiosk restore FILE` (the newer kiosk kept the database as it was before its upgrade in {path}.pre-v{found}.bak, if it took one)", path = path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "another process kept the kiosk database locked for more than {} s; nothing was changed. Find what holds it (`fuser` on the database file: a `sqlite3` shell left in a transaction, a backup tool) and stop it, then try again",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error(
        "the operating system's random number generator failed ({0}); the kiosk cannot make secrets safely, check the OS"
    )]
    Entropy(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("cannot use the key file {path}: {reason}", path = path.display())]
    KeyFile { path: PathBuf, reason: String },
    #[error("the install key file {key_file} for the database {db} is missing; restore it from the backup taken with the database (or point [store] key_file at it). If it is lost: stop the kiosk and move the database away to start afresh (open codes and per-phone limits are lost; reservations return with the next sync or import)", key_file = key_file.display(), db = db.display())]
    KeyMissing { db: PathBuf, key_file: PathBuf },
    #[error("the install key file {key_file} does not belong to the database {db}; point [store] key_file at the key that was backed up with this database (a new key would void every open code and reset every limit)", key_file = key_file.display(), db = db.display())]
    KeyMismatch { db: PathBuf, key_file: PathBuf },
    #[error("cannot decrypt the kiosk database at {path} with the encryption key from {key_source}: it is not this database's key; check [store] encryption_key_file / encryption_key_env (or the generated key beside the database) and restore the right key from the backup, the data cannot be read without it", path = path.display())]
    WrongEncryptionKey { path: PathBuf, key_source: String },
    #[error("could not encrypt the plain database at {path}: {reason}; the plain database is unchanged", path = path.display())]
    Encrypt { path: PathBuf, reason: String },
    /// [`Store::open_existing`] found no database (or an empty file) where `[store] path` points.
    #[error("there is no kiosk database at {path}{}; this command does not create one. Check [store] path in the config (a relative path starts at the config file's folder) and that the kiosk has run there at least once (`kiosk` or `kiosk sync` creates the database)", if *empty { " (the file is empty)" } else { "" }, path = path.display())]
    Missing { path: PathBuf, empty: bool },
    /// The file holds a trigger, view, table or index the kiosk does not create, or one of its
    /// own changed ([`shape`]): it is refused before anything runs in it.
    #[error("the kiosk database at {path} holds {found}; nothing was changed and the kiosk does not use it. Something other than the kiosk changed its schema (a trigger or view planted there can switch off the limits or send codes to another phone): restore the latest good backup with `kiosk restore FILE`, or remove that object with sqlite3 once you know who put it there and why", path = path.display())]
    UnexpectedSchema { path: PathBuf, found: String },
    #[error("the database at {path} needs migrating to schema v{to}, and the backup the kiosk takes first failed ({reason}); nothing was migrated. Free disk space beside the database or let the kiosk's user write that directory, then start it again", path = path.display())]
    PreMigrationBackup {
        path: PathBuf,
        to: i64,
        reason: String,
    },
}

/// How a database is opened: where its keys are, and whether to encrypt it.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The install key (it keys code and phone MACs); `<db>.key` by default.
    pub key_file: PathBuf,
    /// Encrypt the database at rest, encrypting a plain one on open. An encrypted database is
    /// opened with `encryption_key` either way.
    pub encrypt: bool,
    pub encryption_key: DbKey,
}

impl StoreOptions {
    /// Keys beside the database (`<db>.key`, `<db>.enc-key`); a plain database stays plain.
    pub fn beside(db: &Path) -> StoreOptions {
        StoreOptions {
            key_file: keyfile::beside(db, "key"),
            encrypt: false,
            encryption_key: DbKey::File(keyfile::beside(db, "enc-key")),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        // Only a wait beyond BUSY_TIMEOUT ends in SQLITE_BUSY (every write is IMMEDIATE).
        if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) {
            StoreError::Busy
        } else {
            StoreError::Sqlite(e)
        }
    }
}

/// Whether an open may start a new database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Make the folder, the file and its keys when there are none: the kiosk, `kiosk sync`,
    /// imports and test sends, which IT runs to bring a kiosk up.
    Create,
    /// The database must be there already: nothing is created (no folder, file or key), and a
    /// plain database is not encrypted (the kiosk's next start does that). For commands that
    /// only read, or must not write into a fresh store: a mistyped `[store] path` is an error,
    /// not an empty kiosk.
    Existing,
}

/// An open store. One per thread; SQLite's WAL lets readers and one writer share the file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    install_key: Option<keyfile::Key>,
    /// The SQLCipher key the connection was opened with (`None`: a plain database); a backup
    /// is verified with it.
    cipher_key: Option<keyfile::Key>,
    options: StoreOptions,
}

impl Store {
    /// Opens (creating with mode 0600 when missing) and migrates the database at `path`, with
    /// its keys beside it ([`StoreOptions::beside`]).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, &StoreOptions::beside(path))
    }

    /// Opens the database as `[store]` says (key file, encryption).
    pub fn open_config(config: &crate::config::StoreConfig) -> Result<Store, StoreError> {
        Self::open_with(&config.path, &config.options())
    }

    pub fn open_with(path: &Path, options: &StoreOptions) -> Result<Store, StoreError> {
        Self::open_in(path, options, Mode::Create)
    }

    /// Opens the database `[store]` names only if it exists ([`StoreError::Missing`] if not):
    /// for commands that read (`kiosk status`, `journal export`) or must not start a fresh
    /// store. It creates no folder, file or key, and leaves a plain database plain; like every
    /// open it still migrates an older schema (and moves an older version's in-database install
    /// key out to its file, the same key).
    pub fn open_existing_config(config: &crate::config::StoreConfig) -> Result<Store, StoreError> {
        Self::open_existing(&config.path, &config.options())
    }

    /// [`Store::open_existing_config`] for a path and options.
    pub fn open_existing(path: &Path, options: &StoreOptions) -> Result<Store, StoreError> {
        Self::open_in(path, options, Mode::Existing)
    }

    fn open_in(path: &Path, options: &StoreOptions, mode: Mode) -> Result<Store, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        let create = mode == Mode::Create;
        if create {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
            }
        } else {
            let missing = |empty| StoreError::Missing {
                path: path.to_path_buf(),
                empty,
            };
            match std::fs::metadata(path) {
                Ok(m) if m.is_file() && m.len() == 0 => return Err(missing(true)),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing(false)),
                Err(e) => return Err(open_err(e.to_string())),
            }
        }
        // Encrypting a plain database rewrites it and may make its key: only an open that may
        // create does that.
        let cipher_key = cipher::prepare(path, options.encrypt && create, &options.encryption_key)?;
        if create {
            create_private(path).map_err(|e| open_err(e.to_string()))?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_err(e.to_string()))?;
        // Before the first read: even a read can meet another process's lock (WAL recovery
        // after a killed writer, or switching a new file to WAL).
        conn.busy_handler(Some(busy::handler()))?;
        // `transaction()` takes the write lock at BEGIN, where a wait is possible; a DEFERRED
        // one that reads first fails at once when another process writes. Call sites still say
        // IMMEDIATE themselves (tests/architecture.rs checks); this covers any that forget.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        if let Some(key) = &cipher_key {
            cipher::apply(&conn, key, path, &options.encryption_key)?;
        }
        // Refuse a newer schema before anything writes to the file (WAL mode changes its header).
        let version = schema::refuse_newer(&conn, path)?;
        // Before anything writes, or any statement runs that a planted trigger could answer.
        let foreign = shape::unexpected(&conn).map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) => StoreError::Busy,
            _ => StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: e.to_string(),
            },
        })?;
        if let Some(found) = foreign {
            return Err(StoreError::UnexpectedSchema {
                path: path.to_path_buf(),
                found,
            });
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            install_key: None,
            cipher_key,
            options: options.clone(),
        };
        store.configure()?;
        let load_key = |store: &mut Store| -> Result<(), StoreError> {
            store.install_key = Some(install_key::load(
                &mut store.conn,
                path,
                &options.key_file,
                create,
            )?);
            Ok(())
        };
        if version > 0 {
            // An existing database gives up an in-database install key before it is backed up
            // (the `meta` table it lives in is in every version), so no copy ever holds the key
            // beside the hashes it keys.
            load_key(&mut store)?;
            if version < schema::SCHEMA_VERSION {
                backup::before_migration(&store)?;
            }
        }
        schema::migrate(&mut store.conn, path)?;
        if store.install_key.is_none() {
            // A new database: its key is made once its tables exist.
            load_key(&mut store)?;
        }
        Ok(store)
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) => StoreError::Busy,
            _ => StoreError::NotADatabase {
                path: self.path.clone(),
                reason: e.to_string(),
            },
        };
        let mode: String = busy::retry(|| {
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        })
        .map_err(not_db)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: self.path.clone(),
                reason: format!(
                    "SQLite kept journal_mode={mode} instead of WAL (is the file on a network share?)"
                ),
            });
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for domain modules that own their own SQL.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Creates the file with owner-only permissions before SQLite opens it (SQLite gives the -wal
/// and -shm files the same mode), through a descriptor this process keeps (see `kept_files`).
fn create_private(path: &Path) -> std::io::Result<()> {
    kept_files::with_file(path, true, |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_file_is_private_and_durable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/kiosk.db");
        let store = Store::open(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    /// Another process's connection holds the write lock for `hold`, then commits.
    fn hold_write_lock(path: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
        let path = path.to_path_buf();
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let holder = std::thread::spawn(move || {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('other', x'00')
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
            )
            .unwrap();
            locked_tx.send(()).unwrap();
            std::thread::sleep(hold);
            conn.execute_batch("COMMIT").unwrap();
        });
        locked_rx.recv().unwrap();
        holder
    }

    #[test]
    fn a_write_that_reads_first_waits_for_another_writer_instead_of_failing() {
        use std::time::{Duration, Instant};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.db");
        let mut store = Store::open(&path).unwrap();
        let now = jiff::Timestamp::now();
        let booking = Reservation {
            confirmation: "ABC123".into(),
            display_confirmation: "ABC123".into(),
            last_name: "Lee".into(),
            first_name: "Kim".into(),
            arrival: jiff::civil::date(2026, 11, 25),
            departure: jiff::civil::date(2026, 11, 27),
            phone: None,
            email: None,
            language: None,
            status: Status::Confirmed,
            room: None,
            room_ready: true,
            adults: None,
            token: None,
            second_factor: None,
        };
        let hold = Duration::from_millis(400);

        // An upsert reads (is the booking new?) before it writes: as a DEFERRED transaction it
        // failed at once with "database is locked" while another process was writing.
        let holder = hold_write_lock(&path, hold);
        let started = Instant::now();
        let summary = store
            .upsert_reservations(std::slice::from_ref(&booking), now)
            .unwrap();
        assert_eq!(summary.inserted, 1);
        assert!(
            started.elapsed() >= hold / 2,
            "it waited for the other write"
        );
        holder.join().unwrap();

        // Any `transaction()` on a store connection takes the write lock at BEGIN.
        let holder = hold_write_lock(&path, hold);
        let tx = store.conn_mut().transaction().unwrap(); // architecture.rs allows this
        let n: i64 = tx
            .query_row("SELECT COUNT(*) FROM meta", [], |r| r.get(0))
            .unwrap();
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('mine', ?1)",
            [n.to_string()],
        )
        .unwrap();
        tx.commit().unwrap();
        holder.join().unwrap();
        assert_eq!(
            store.meta_get("other").unwrap().as_deref(),
            Some(&[0u8][..]),
            "the other write committed too"
        );
    }

    #[test]
    fn processes_opening_a_new_file_at_once_take_turns_migrating() {
        for _ in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("kiosk.db");
            let start = std::sync::Arc::new(std::sync::Barrier::new(4));
            let openers: Vec<_> = (0..4)
                .map(|_| {
                    let path = path.clone();
                    let start = std::sync::Arc::clone(&start);
                    std::thread::spawn(move || {
                        start.wait();
                        Store::open(&path).map(drop).map_err(|e| e.to_string())
                    })
                })
                .collect();
            for opener in openers {
                opener.join().unwrap().unwrap();
            }
            let v: i64 = Store::open(&path)
                .unwrap()
                .conn()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION);
        }
    }

    #[test]
    fn a_lock_held_past_the_timeout_says_what_to_do() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let err = StoreError::from(busy);
        assert!(matches!(err, StoreError::Busy), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("more than 30 s"), "{msg}");
        assert!(msg.contains("fuser"), "{msg}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.db");
        std::fs::write(
            &path,
            b"this is a text file, not SQLite, and it is long enough to have a header page",
        )
        .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert!(err.to_string().contains("not a kiosk database"));
    }

    #[test]
    fn open_existing_refuses_a_missing_or_empty_database_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo/var/kiosk.db");
        let err = Store::open_existing(&path, &StoreOptions::beside(&path)).unwrap_err();
        assert!(
            matches!(err, StoreError::Missing { empty: false, .. }),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.contains("typo/var/kiosk.db") && text.contains("[store] path"),
            "{text}"
        );
        assert!(!dir.path().join("typo").exists(), "no folder was made");

        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"").unwrap();
        let err = Store::open_existing(&path, &StoreOptions::beside(&path)).unwrap_err();
        assert!(
            matches!(err, StoreError::Missing { empty: true, .. }),
            "{err}"
        );
        assert!(
            !key_path_beside(&path, "key").exists(),
            "no key was made for it"
        );
    }

    #[test]
    fn open_existing_opens_a_database_but_never_makes_it_a_key_or_encrypts_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.db");
        let secret = Store::open(&path).unwrap().install_secret().unwrap();
        let encrypting = StoreOptions {
            encrypt: true,
            ..StoreOptions::beside(&path)
        };
        let store = Store::open_existing(&path, &encrypting).unwrap();
        assert_eq!(store.install_secret().unwrap(), secret);
        drop(store);
        let header = std::fs::read(&path).unwrap();
        assert_eq!(&header[..16], b"SQLite format 3\0", "still plain");
        assert!(!key_path_beside(&path, "enc-key").exists());

        // Without its key file the database is refused, and no new key appears.
        let key = key_path_beside(&path, "key");
        std::fs::remove_file(&key).unwrap();
        let err = Store::open_existing(&path, &StoreOptions::beside(&path)).unwrap_err();
        assert!(matches!(err, StoreError::KeyMissing { .. }), "{err}");
        assert!(!key.exists());
        // Even when the database never recorded its key (a first open cut short).
        store_without_check(&path);
        let err = Store::open_existing(&path, &StoreOptions::beside(&path)).unwrap_err();
        assert!(matches!(err, StoreError::KeyMissing { .. }), "{err}");
        assert!(!key.exists());
    }

    /// Forgets the install key's check value, as a first open cut short before it left it.
    fn store_without_check(path: &Path) {
        let conn = Connection::open(path).unwrap();
        conn.execute("DELETE FROM meta WHERE key = 'install_key_check'", [])
            .unwrap();
    }

    #[test]
    fn an_unwritable_location_is_a_clear_error() {
        let err = Store::open(Path::new("/proc/kiosk-test/kiosk.db")).unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{err}");
        assert!(err.to_string().contains("[store] path"));
    }
}
