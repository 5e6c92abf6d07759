//! The kiosk's one SQLite file: reservations cache, OTP challenges, limits, lockouts, the
//! journal. Opened durably (WAL + `synchronous=FULL`) so that a check-in acknowledged on screen
//! survives a power cut.

mod cipher;
mod install_key;
pub mod journal;
mod keyfile;
mod meta;
mod reservations;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use cipher::DbKey;
/// `journal::append` for domain modules that journal inside their own transaction.
pub use journal::append as append_event;
pub use journal::{
    EventKind, GatewayJournal, JournalEvent, JournalStats, PERSONAL_FIELDS, gateway_journal,
};
pub use keyfile::beside as key_path_beside;
pub use reservations::{
    ImportSummary, RECORD_FIELDS, RecordError, Reservation, ReservationRecord, STAFF_PREFIX_MIN,
    Status, arrivals_by_name_in, reservation_in, staff_search_in, upsert,
};
pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the kiosk database at {path}: {reason}; check [store] path and that the kiosk's user may write to that directory", path = path.display())]
    Open { path: PathBuf, reason: String },
    #[error("{path} is not a kiosk database (SQLite refused it: {reason}); point [store] path at the right file or move this one away", path = path.display())]
    NotADatabase { path: PathBuf, reason: String },
    #[error("the database at {path} was written by a newer lobby-kiosk (schema v{found}, this build knows up to v{supported}); install the newer kiosk or restore a backup made by this version", path = path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
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

/// An open store. One per thread; SQLite's WAL lets readers and one writer share the file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    install_key: Option<keyfile::Key>,
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
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let cipher_key = cipher::prepare(path, options.encrypt, &options.encryption_key)?;
        create_private(path).map_err(|e| open_err(e.to_string()))?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_err(e.to_string()))?;
        if let Some(key) = &cipher_key {
            cipher::apply(&conn, key, path, &options.encryption_key)?;
        }
        // Refuse a newer schema before anything writes to the file (WAL mode changes its header).
        schema::refuse_newer(&conn, path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            install_key: None,
        };
        store.configure()?;
        schema::migrate(&mut store.conn, path)?;
        store.install_key = Some(install_key::load(&mut store.conn, path, &options.key_file)?);
        Ok(store)
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let not_db = |e: rusqlite::Error| StoreError::NotADatabase {
            path: self.path.clone(),
            reason: e.to_string(),
        };
        self.conn.busy_timeout(Duration::from_secs(5))?;
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
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
/// and -shm files the same mode).
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
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
    fn an_unwritable_location_is_a_clear_error() {
        let err = Store::open(Path::new("/proc/kiosk-test/kiosk.db")).unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{err}");
        assert!(err.to_string().contains("[store] path"));
    }
}
