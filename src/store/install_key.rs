//! The install key (it keys the MACs of codes and phone numbers) lives in a key file outside the
//! database, so a copy of the database alone cannot be brute-forced back to codes or phones.
//! The database keeps only a check value (an HMAC of a fixed label under the key) to tell a
//! missing or different key file from the right one. Older versions kept the key in `meta`;
//! the first open moves it out unchanged. `rotate` replaces the key after a suspected leak.

use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::Sha256;

use super::StoreError;
use super::keyfile::{self, Key};

/// Where versions before the key file kept the key.
const LEGACY: &str = "install_secret";
const CHECK: &str = "install_key_check";
const CHECK_LABEL: &[u8] = b"lobby-kiosk install key check v1";

pub(super) fn check_value(key: &Key) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.bytes())
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
    mac.update(CHECK_LABEL);
    mac.finalize().into_bytes().to_vec()
}

fn meta(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// What a database holds of its install key: the check value, and the key itself when an
/// older version left it inside (`restore` checks a backup's key file against these).
pub(super) fn stored(conn: &Connection) -> Result<(Option<Vec<u8>>, Option<Key>), StoreError> {
    let legacy = meta(conn, LEGACY)?
        .map(|bytes| {
            Key::from_slice(&bytes).ok_or_else(|| {
                StoreError::Corrupt("the install secret has the wrong length".into())
            })
        })
        .transpose()?;
    Ok((meta(conn, CHECK)?, legacy))
}

/// The install key for the database at `db`, from `key_file`: created for a new database (only
/// when `may_create`), moved out of an older one, and refused when it does not belong to this
/// database.
pub(super) fn load(
    conn: &mut Connection,
    db: &Path,
    key_file: &Path,
    may_create: bool,
) -> Result<Key, StoreError> {
    let mismatch = || StoreError::KeyMismatch {
        db: db.to_path_buf(),
        key_file: key_file.to_path_buf(),
    };
    let (check, legacy) = stored(conn)?;
    let key = match (keyfile::read(key_file)?, legacy) {
        (Some(key), Some(legacy)) if key != legacy => return Err(mismatch()),
        // A crash after the key file was written and before the database forgot its copy.
        (Some(key), Some(_)) => {
            forget_legacy(conn, &key)?;
            key
        }
        (None, Some(legacy)) => {
            // The file reaches the disk before the database's copy is deleted.
            let key = keyfile::create(key_file, &legacy)?;
            if key != legacy {
                return Err(mismatch());
            }
            forget_legacy(conn, &key)?;
            tracing::info!(key_file = %key_file.display(), "install key moved out of the database");
            key
        }
        (Some(key), None) => key,
        // A database that recorded a key, or an open that must not start one: never a new key
        // (it would void every open code and reset every per-phone limit without a word).
        (None, None) if check.is_some() || !may_create => {
            return Err(StoreError::KeyMissing {
                db: db.to_path_buf(),
                key_file: key_file.to_path_buf(),
            });
        }
        (None, None) => keyfile::create(key_file, &Key::generate()?)?,
    };
    match check {
        Some(stored) if stored != check_value(&key) => {
            // A rotation that stopped after the database recorded the new key but before the
            // key file was replaced: finish it.
            match keyfile::read(&staged_path(key_file))? {
                Some(staged) if stored == check_value(&staged) => {
                    install_staged(key_file)?;
                    tracing::warn!(key_file = %key_file.display(), "an interrupted install key rotation was completed");
                    Ok(staged)
                }
                _ => Err(mismatch()),
            }
        }
        Some(_) => Ok(key),
        None => {
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                params![CHECK, check_value(&key)],
            )?;
            // Another process may have recorded a different key first.
            if meta(conn, CHECK)? == Some(check_value(&key)) {
                Ok(key)
            } else {
                Err(mismatch())
            }
        }
    }
}

/// Where a new key waits (`<key file>.new`) until the database has recorded its check value.
fn staged_path(key_file: &Path) -> std::path::PathBuf {
    keyfile::beside(key_file, "new")
}

/// Where the replaced key is kept: backups made before the rotation need it to be restored.
pub(super) fn retired_path(key_file: &Path, at: jiff::Timestamp) -> std::path::PathBuf {
    keyfile::beside(
        key_file,
        &format!("retired-{}", at.strftime("%Y%m%dT%H%M%SZ")),
    )
}

/// Replaces the install key: writes the new key beside the old one, lets `rekey` move what the
/// old key keyed over to the new one and records the new check value in one transaction, then
/// installs the new key file (keeping the old one at `retired`). A crash before the commit
/// leaves the old key in force; one after it is finished by the next `load`.
pub(super) fn rotate<T>(
    conn: &mut Connection,
    key_file: &Path,
    old: &Key,
    retired: &Path,
    rekey: impl FnOnce(&rusqlite::Transaction<'_>, &[u8], &[u8]) -> Result<T, StoreError>,
) -> Result<(Key, T), StoreError> {
    let staged = staged_path(key_file);
    // A staged key the database never recorded is left over from a rotation that stopped
    // before its commit: it was never used.
    match std::fs::remove_file(&staged) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(StoreError::KeyFile {
                path: staged,
                reason: e.to_string(),
            });
        }
        _ => {}
    }
    let new = keyfile::create(&staged, &Key::generate()?)?;
    // The old key is kept before anything can replace it.
    std::fs::hard_link(key_file, retired).map_err(|e| StoreError::KeyFile {
        path: retired.to_path_buf(),
        reason: format!("cannot keep the old key there ({e}); nothing was changed"),
    })?;
    let committed = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done = rekey(&tx, old.bytes(), new.bytes())?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![CHECK, check_value(&new)],
        )?;
        tx.commit()?;
        Ok(done)
    })();
    let done = match committed {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(retired);
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
    };
    install_staged(key_file)?;
    Ok((new, done))
}

fn install_staged(key_file: &Path) -> Result<(), StoreError> {
    let key_err = |e: std::io::Error| StoreError::KeyFile {
        path: key_file.to_path_buf(),
        reason: e.to_string(),
    };
    std::fs::rename(staged_path(key_file), key_file).map_err(key_err)?;
    keyfile::sync_dir(key_file).map_err(key_err)
}

/// Records the check value and deletes the in-database copy in one transaction.
fn forget_legacy(conn: &mut Connection, key: &Key) -> Result<(), StoreError> {
    // Overwrite the deleted row's bytes instead of leaving them in a free page.
    conn.pragma_update(None, "secure_delete", "ON")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![CHECK, check_value(key)],
    )?;
    tx.execute("DELETE FROM meta WHERE key = ?1", params![LEGACY])?;
    tx.commit()?;
    conn.pragma_update(None, "secure_delete", "OFF")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::store::Store;

    fn key_file(db: &Path) -> std::path::PathBuf {
        keyfile::beside(db, "key")
    }

    #[test]
    fn the_key_is_a_0600_file_outside_the_database_and_only_a_check_value_inside() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let secret = Store::open(&db).unwrap().install_secret().unwrap();
        let file = dir.path().join("kiosk.db.key");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let on_disk = Key::from_hex(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(on_disk.bytes().as_slice(), secret.as_slice());
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.meta_get(LEGACY).unwrap(),
            None,
            "the key is not in the database"
        );
        let stored: Vec<Vec<u8>> = store
            .conn()
            .prepare("SELECT value FROM meta")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            stored
                .iter()
                .all(|v| !v.windows(32).any(|w| w == secret.as_slice())),
            "no meta value holds the key"
        );
        assert_eq!(
            store.install_secret().unwrap(),
            secret,
            "stable across reopen"
        );
    }

    #[test]
    fn a_configured_key_file_path_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let file = dir.path().join("keys/install.key");
        let options = crate::store::StoreOptions {
            key_file: file.clone(),
            ..crate::store::StoreOptions::beside(&db)
        };
        Store::open_with(&db, &options).unwrap();
        assert!(file.is_file());
        assert!(!key_file(&db).exists());
    }

    /// What an older version left at `db`: the key in meta, no key file, no check value.
    fn legacy_database(db: &Path) -> Key {
        let legacy = Key::generate().unwrap();
        {
            let store = Store::open(db).unwrap();
            store.meta_set(LEGACY, legacy.bytes()).unwrap();
            store
                .conn()
                .execute("DELETE FROM meta WHERE key = ?1", [CHECK])
                .unwrap();
        }
        std::fs::remove_file(key_file(db)).unwrap();
        legacy
    }

    #[test]
    fn an_in_database_key_moves_out_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let legacy = legacy_database(&db);
        let store = Store::open(&db).unwrap();
        assert_eq!(store.install_secret().unwrap(), legacy.bytes().to_vec());
        assert_eq!(keyfile::read(&key_file(&db)).unwrap(), Some(legacy));
        assert_eq!(
            store.meta_get(LEGACY).unwrap(),
            None,
            "the database forgot it"
        );
    }

    #[test]
    fn a_crash_between_writing_the_file_and_forgetting_the_copy_is_finished_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let legacy = legacy_database(&db);
        keyfile::create(&key_file(&db), &legacy).unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(store.install_secret().unwrap(), legacy.bytes().to_vec());
        assert_eq!(store.meta_get(LEGACY).unwrap(), None);
    }

    #[test]
    fn a_missing_key_file_for_an_existing_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        Store::open(&db).unwrap();
        std::fs::remove_file(key_file(&db)).unwrap();
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::KeyMissing { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains("kiosk.db.key") && text.contains("restore"),
            "{text}"
        );
        assert!(!key_file(&db).exists(), "no new key was made");
    }

    #[test]
    fn a_different_key_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        Store::open(&db).unwrap();
        std::fs::remove_file(key_file(&db)).unwrap();
        keyfile::create(&key_file(&db), &Key::generate().unwrap()).unwrap();
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::KeyMismatch { .. }), "{err}");
        assert!(err.to_string().contains("does not belong"), "{err}");
    }
}
