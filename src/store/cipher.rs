//! Encryption at rest with SQLCipher: the database (and its WAL) is AES-256 page by page under a
//! raw 256-bit key, so a copied file gives away no names, phones, key tokens or second-factor
//! hashes. A raw key (not a passphrase) skips SQLCipher's PBKDF2, which would otherwise cost
//! every open a quarter of a second; the key is already 256 random bits.
//!
//! Turning encryption on for a plain database encrypts it on the next open: `sqlcipher_export`
//! into a new file, a check that every table came across, then an atomic rename over the plain
//! file. Until the rename the plain file is untouched, so a crash leaves it as it was.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, params};
use secrecy::{ExposeSecret, SecretString};

use super::StoreError;
use super::keyfile::{self, Key};

/// Where the database encryption key comes from.
#[derive(Clone)]
pub enum DbKey {
    /// Given by IT (`[store] encryption_key_env` / `encryption_key_file`, e.g. a systemd
    /// credential): 64 hex digits. `source` names it in error messages.
    Given { key: SecretString, source: String },
    /// A key file the kiosk generates on first use (0600) and reads afterwards.
    File(PathBuf),
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbKey::Given { source, .. } => write!(f, "DbKey::Given({source})"),
            DbKey::File(path) => write!(f, "DbKey::File({})", path.display()),
        }
    }
}

impl DbKey {
    /// Why `text` cannot be an encryption key, for config validation.
    pub fn check_given(text: &str) -> Result<(), String> {
        Key::from_hex(text).map(drop).ok_or_else(|| {
            "the encryption key must be 64 hex digits (256 bits); make one with `openssl rand -hex 32`".into()
        })
    }

    /// Where the key comes from, for messages (never the key itself).
    pub fn source(&self) -> String {
        match self {
            DbKey::Given { source, .. } => source.clone(),
            DbKey::File(path) => path.display().to_string(),
        }
    }

    fn given(key: &SecretString, source: &str) -> Result<Key, StoreError> {
        Key::from_hex(key.expose_secret()).ok_or_else(|| StoreError::KeyFile {
            path: PathBuf::from(source),
            reason: "it does not hold 64 hex digits; make a key with `openssl rand -hex 32`".into(),
        })
    }

    /// The key of a database that is (or is about to be) encrypted, made when there is none.
    fn load_or_create(&self) -> Result<Key, StoreError> {
        match self {
            DbKey::Given { key, source } => Self::given(key, source),
            DbKey::File(path) => keyfile::read_or_create(path),
        }
    }

    /// The key of an existing encrypted database; `None` when its key file is missing.
    fn load_existing(&self) -> Result<Option<Key>, StoreError> {
        match self {
            DbKey::Given { key, source } => Self::given(key, source).map(Some),
            DbKey::File(path) => keyfile::read(path),
        }
    }
}

enum Found {
    /// No file yet, or an empty one (as `create_private` leaves it).
    Fresh,
    Plain,
    /// Not plain SQLite: encrypted, or not a database at all.
    Other,
}

fn found(path: &Path) -> std::io::Result<Found> {
    use std::os::unix::fs::FileExt;
    let mut header = [0u8; 16];
    // Through a kept descriptor: closing one would drop this process's SQLite locks.
    let read = match super::kept_files::with_file(path, false, |file| {
        let mut read = 0;
        while read < header.len() {
            match file.read_at(&mut header[read..], read as u64)? {
                0 => break,
                n => read += n,
            }
        }
        Ok(read)
    }) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Fresh),
        Err(e) => return Err(e),
    };
    Ok(match read {
        0 => Found::Fresh,
        16 if &header == b"SQLite format 3\0" => Found::Plain,
        _ => Found::Other,
    })
}

/// Decides how the file at `path` is opened: returns the key to apply, or `None` for plain.
/// Encrypts a plain database first when `encrypt` is set.
pub(super) fn prepare(
    path: &Path,
    encrypt: bool,
    db_key: &DbKey,
) -> Result<Option<Key>, StoreError> {
    let open_err = |e: std::io::Error| StoreError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    match found(path).map_err(open_err)? {
        Found::Fresh if encrypt => db_key.load_or_create().map(Some),
        Found::Fresh => Ok(None),
        Found::Plain if encrypt => {
            let key = db_key.load_or_create()?;
            encrypt_plain(path, &key)?;
            Ok(Some(key))
        }
        Found::Plain => Ok(None),
        Found::Other => match db_key.load_existing()? {
            Some(key) => Ok(Some(key)),
            None => Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: format!(
                    "it is not plain SQLite and there is no encryption key at {}; if it is an encrypted kiosk database, restore that key file from the backup",
                    db_key.source()
                ),
            }),
        },
    }
}

/// Keys a fresh connection (before anything reads the file) and proves the key opens it.
pub(super) fn apply(
    conn: &Connection,
    key: &Key,
    path: &Path,
    db_key: &DbKey,
) -> Result<(), StoreError> {
    // SQLCipher logs failed decryptions to stderr by default; our error says it better.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", raw_key(key).as_str())?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Ok(()) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            Err(StoreError::WrongEncryptionKey {
                path: path.to_path_buf(),
                key_source: db_key.source(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Keys a connection to a file that is not the live database (a backup, a copy being checked),
/// without the live database's error mapping.
pub(super) fn key_connection(conn: &Connection, key: &Key) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", raw_key(key).as_str())
}

/// SQLCipher's raw-key syntax: `x'<64 hex digits>'`.
fn raw_key(key: &Key) -> zeroize::Zeroizing<String> {
    let mut text = zeroize::Zeroizing::new(String::with_capacity(67));
    text.push_str("x'");
    text.push_str(&key.hex());
    text.push('\'');
    text
}

fn encrypt_plain(path: &Path, key: &Key) -> Result<(), StoreError> {
    let fail = |reason: String| StoreError::Encrypt {
        path: path.to_path_buf(),
        reason,
    };
    let sql = |e: rusqlite::Error| fail(e.to_string());
    let tmp = keyfile::beside(path, "encrypting");
    // Left by an attempt that crashed before its rename; the plain file is still the database.
    let _ = std::fs::remove_file(&tmp);
    let mut journal = tmp.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(PathBuf::from(journal));
    super::create_private(&tmp).map_err(|e| fail(e.to_string()))?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
    // Leaving WAL folds the WAL into the file, so no -wal is left behind for the old file;
    // SQLite refuses while another connection has the database open.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .map_err(|e| {
            fail(format!(
                "{e}; another kiosk process may have it open: stop the kiosk (GUI, sync and any CLI command) and start it again"
            ))
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(fail(
            "another kiosk process has it open; stop the kiosk (GUI, sync and any CLI command) and start it again".into(),
        ));
    }
    // Writers wait until this connection closes: nothing changes the plain file behind the copy.
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
        .map_err(sql)?;
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .map_err(sql)?;
    // A schema the kiosk did not make is refused before it is copied into an encrypted file.
    if let Some(found) = super::shape::unexpected(&conn).map_err(sql)? {
        let _ = std::fs::remove_file(&tmp);
        return Err(StoreError::UnexpectedSchema {
            path: path.to_path_buf(),
            found,
        });
    }
    let tmp_text = tmp.to_string_lossy().into_owned();
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        params![tmp_text, raw_key(key).as_str()],
    )
    .map_err(sql)?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .map_err(sql)?;
    // sqlcipher_export copies schema and rows, not the schema version our migrations keep.
    let version: i64 = conn
        .query_row("PRAGMA main.user_version", [], |r| r.get(0))
        .map_err(sql)?;
    conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))
        .map_err(sql)?;
    conn.execute_batch("DETACH DATABASE encrypted")
        .map_err(sql)?;
    verify_copy(&conn, &tmp, key).map_err(|reason| {
        let _ = std::fs::remove_file(&tmp);
        fail(format!(
            "the encrypted copy did not verify ({reason}); it was removed"
        ))
    })?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| fail(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| fail(e.to_string()))?;
    keyfile::sync_dir(path).map_err(|e| fail(e.to_string()))?;
    drop(conn);
    tracing::info!(path = %path.display(), "database encrypted at rest");
    Ok(())
}

/// The copy opens with the key, passes SQLite's check, and has every table with as many rows.
fn verify_copy(plain: &Connection, copy: &Path, key: &Key) -> Result<(), String> {
    let text = |e: rusqlite::Error| e.to_string();
    let encrypted =
        Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(text)?;
    encrypted
        .pragma_update(None, "key", raw_key(key).as_str())
        .map_err(text)?;
    let check: String = encrypted
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(text)?;
    if check != "ok" {
        return Err(format!("quick_check said {check}"));
    }
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    if version(plain).map_err(text)? != version(&encrypted).map_err(text)? {
        return Err("the schema version differs".into());
    }
    let tables: Vec<String> = plain
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(text)?;
    for table in tables {
        let count_sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let count = |c: &Connection| c.query_row(&count_sql, [], |r| r.get::<_, i64>(0));
        if count(plain).map_err(text)? != count(&encrypted).map_err(text)? {
            return Err(format!("table {table} has a different number of rows"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Reservation, ReservationRecord, Store, StoreOptions};

    const SECRET_NAME: &str = "Zebedee-Plaintext";

    fn encrypted(db: &Path) -> StoreOptions {
        StoreOptions {
            encrypt: true,
            ..StoreOptions::beside(db)
        }
    }

    fn given(hex: &str) -> DbKey {
        DbKey::Given {
            key: SecretString::from(hex.to_owned()),
            source: "[store] encryption_key_file (test)".into(),
        }
    }

    fn seed(store: &mut Store) {
        let record = ReservationRecord {
            confirmation: "ABC123".into(),
            last_name: SECRET_NAME.into(),
            first_name: "Kim".into(),
            arrival: "2026-11-25".into(),
            departure: "2026-11-27".into(),
            phone: Some("+447400123456".into()),
            status: "confirmed".into(),
            ..Default::default()
        };
        let r = Reservation::from_record(&record, "GB").unwrap();
        store
            .upsert_reservations(&[r], "2026-11-25T10:00:00Z".parse().unwrap())
            .unwrap();
    }

    fn header(db: &Path) -> Vec<u8> {
        std::fs::read(db).unwrap()[..16].to_vec()
    }

    #[test]
    fn an_encrypted_database_is_unreadable_as_plain_sqlite_and_readable_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        {
            let mut store = Store::open_with(&db, &encrypted(&db)).unwrap();
            seed(&mut store);
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        let bytes = std::fs::read(&db).unwrap();
        assert_ne!(&bytes[..16], b"SQLite format 3\0");
        assert!(
            !bytes
                .windows(SECRET_NAME.len())
                .any(|w| w == SECRET_NAME.as_bytes()),
            "no plain name in the file"
        );
        let plain = Connection::open(&db).unwrap();
        let err = plain
            .query_row("SELECT count(*) FROM reservations", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(ErrorCode::NotADatabase),
            "{err}"
        );
        let key_file = dir.path().join("kiosk.db.enc-key");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // With the key: as configured, and through plain `Store::open` (the key beside it).
        for store in [
            Store::open_with(&db, &encrypted(&db)).unwrap(),
            Store::open(&db).unwrap(),
        ] {
            let r = store.reservation("ABC123").unwrap().unwrap();
            assert_eq!(r.last_name, SECRET_NAME);
        }
    }

    #[test]
    fn a_wrong_encryption_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let right = "11".repeat(32);
        let options = |hex: &str| StoreOptions {
            encryption_key: given(hex),
            ..encrypted(&db)
        };
        seed(&mut Store::open_with(&db, &options(&right)).unwrap());
        let err = Store::open_with(&db, &options(&"22".repeat(32))).unwrap_err();
        assert!(
            matches!(err, StoreError::WrongEncryptionKey { .. }),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.contains("encryption_key_file") && text.contains("not this database's key"),
            "{text}"
        );
        assert!(Store::open_with(&db, &options(&right)).is_ok());
    }

    #[test]
    fn an_encrypted_database_without_its_key_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        drop(Store::open_with(&db, &encrypted(&db)).unwrap());
        std::fs::remove_file(dir.path().join("kiosk.db.enc-key")).unwrap();
        let err = Store::open_with(&db, &encrypted(&db)).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert!(err.to_string().contains("restore that key file"), "{err}");
        assert!(
            !dir.path().join("kiosk.db.enc-key").exists(),
            "no new key was made for an existing database"
        );
    }

    #[test]
    fn turning_encryption_on_encrypts_a_plain_database_and_keeps_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let (secret, journal, counts) = {
            let mut store = Store::open(&db).unwrap();
            seed(&mut store);
            store.meta_set("sync_cursor", b"42").unwrap();
            crate::store::journal::append(
                store.conn(),
                "2026-11-25T10:00:00Z".parse().unwrap(),
                crate::store::EventKind::LookupFailed,
                None,
                serde_json::json!({"path": "confirmation"}),
            )
            .unwrap();
            let journal = journal_ids(store.conn());
            (
                store.install_secret().unwrap(),
                journal,
                table_counts(store.conn()),
            )
        };
        assert_eq!(header(&db), b"SQLite format 3\0");
        let store = Store::open_with(&db, &encrypted(&db)).unwrap();
        assert_ne!(header(&db), b"SQLite format 3\0", "encrypted in place");
        assert_eq!(table_counts(store.conn()), counts);
        assert_eq!(
            store.reservation("ABC123").unwrap().unwrap().last_name,
            SECRET_NAME
        );
        assert_eq!(
            store.meta_get_text("sync_cursor").unwrap().as_deref(),
            Some("42")
        );
        assert_eq!(journal_ids(store.conn()), journal);
        assert_eq!(
            store.install_secret().unwrap(),
            secret,
            "the install key is untouched"
        );
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert!(!dir.path().join("kiosk.db.encrypting").exists());
        drop(store);
        assert!(
            Connection::open(&db)
                .unwrap()
                .query_row("SELECT count(*) FROM meta", [], |r| r.get::<_, i64>(0))
                .is_err()
        );
    }

    #[test]
    fn a_plain_database_another_process_has_open_is_not_encrypted_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let mut other = Store::open(&db).unwrap();
        seed(&mut other);
        let err = Store::open_with(&db, &encrypted(&db)).unwrap_err();
        assert!(matches!(err, StoreError::Encrypt { .. }), "{err}");
        assert!(err.to_string().contains("stop the kiosk"), "{err}");
        assert_eq!(header(&db), b"SQLite format 3\0", "still plain");
        assert!(other.reservation("ABC123").unwrap().is_some());
        drop(other);
        assert!(Store::open_with(&db, &encrypted(&db)).is_ok(), "once alone");
    }

    fn journal_ids(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT id FROM journal ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn table_counts(conn: &Connection) -> Vec<(String, i64)> {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables
            .into_iter()
            .map(|t| {
                let n = conn
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect()
    }
}
