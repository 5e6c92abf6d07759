//! Small named values the kiosk keeps between runs (the install key's check value, sync
//! cursors, last sync result).

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

impl Store {
    pub fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn meta_get_text(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .meta_get(key)?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn meta_set(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The per-install secret keying OTP and phone hashes: 32 bytes from the OS CSPRNG, made
    /// once and kept in the 0600 key file outside the database (see `install_key`), so a
    /// copied code hash is useless without it.
    pub fn install_secret(&self) -> Result<Vec<u8>, StoreError> {
        self.install_key
            .as_ref()
            .map(|key| key.bytes().to_vec())
            .ok_or_else(|| StoreError::Corrupt("the install key was not loaded".into()))
    }

    /// Replaces the install key kept in `key_file` (see `install_key::rotate`): `rekey` gets
    /// the transaction and the old and new key bytes, to move what the old key keyed. Returns
    /// what `rekey` returned and where the old key was kept.
    pub fn rotate_install_key<T>(
        &mut self,
        key_file: &Path,
        now: jiff::Timestamp,
        rekey: impl FnOnce(&rusqlite::Transaction<'_>, &[u8], &[u8]) -> Result<T, StoreError>,
    ) -> Result<(T, PathBuf), StoreError> {
        let old = self
            .install_key
            .clone()
            .ok_or_else(|| StoreError::Corrupt("the install key was not loaded".into()))?;
        let retired = super::install_key::retired_path(key_file, now);
        let (new, done) =
            super::install_key::rotate(&mut self.conn, key_file, &old, &retired, rekey)?;
        self.install_key = Some(new);
        Ok((done, retired))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_secret_is_random_and_stable_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let first = Store::open(&path).unwrap().install_secret().unwrap();
        let again = Store::open(&path).unwrap().install_secret().unwrap();
        assert_eq!(first, again);
        assert_eq!(first.len(), 32);
        let other = Store::open(&dir.path().join("other.db"))
            .unwrap()
            .install_secret()
            .unwrap();
        assert_ne!(first, other);
    }
}
