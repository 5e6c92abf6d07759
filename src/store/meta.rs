//! Small named values the kiosk keeps between runs (install secret, sync cursors, last sync
//! result).

use rand::TryRng;
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

    /// The per-install secret keying OTP hashes: 32 bytes from the OS CSPRNG, made once and
    /// kept in this 0600 database, so a copied code hash is useless on another install.
    pub fn install_secret(&self) -> Result<Vec<u8>, StoreError> {
        const KEY: &str = "install_secret";
        if let Some(secret) = self.meta_get(KEY)? {
            if secret.len() == 32 {
                return Ok(secret);
            }
            return Err(StoreError::Corrupt(
                "the install secret has the wrong length".into(),
            ));
        }
        let mut secret = vec![0u8; 32];
        rand::rngs::SysRng
            .try_fill_bytes(&mut secret)
            .map_err(|e| StoreError::Entropy(e.to_string()))?;
        self.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
            params![KEY, secret],
        )?;
        // Another process may have won the race: read back what is stored.
        self.meta_get(KEY)?
            .ok_or_else(|| StoreError::Corrupt("the install secret vanished".into()))
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
