//! Key files: 32 random bytes written as 64 hex digits in an owner-only file outside the
//! database. Used for the install key (codes and phone hashes) and the generated database
//! encryption key. A key file is created once and never replaced: a new install key would void
//! every open code and reset every per-phone limit, a new encryption key would lose the data.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::TryRng;
use zeroize::Zeroizing;

use super::StoreError;

/// 32 secret bytes; never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Key(Zeroizing<[u8; 32]>);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

impl Key {
    pub(crate) fn generate() -> Result<Key, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::SysRng
            .try_fill_bytes(bytes.as_mut())
            .map_err(|e| StoreError::Entropy(e.to_string()))?;
        Ok(Key(bytes))
    }

    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Key> {
        let array: [u8; 32] = bytes.try_into().ok()?;
        Some(Key(Zeroizing::new(array)))
    }

    /// 64 hex digits (surrounding whitespace ignored), as in a key file or `openssl rand -hex 32`.
    pub(crate) fn from_hex(text: &str) -> Option<Key> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Key(bytes))
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn hex(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(64));
        for b in self.0.iter() {
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 0x0f)]));
        }
        out
    }
}

fn key_err(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::KeyFile {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The key in `path`, or `None` when there is no such file. A file that group or others may
/// read is refused: whoever reads the key can forge codes (or read the database).
pub(crate) fn read(path: &Path) -> Result<Option<Key>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Zeroizing::new(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(key_err(path, e.to_string())),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| key_err(path, e.to_string()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(key_err(
                path,
                format!(
                    "it is readable by other users (mode {:o}); run `chmod 600 {}`",
                    mode & 0o777,
                    path.display()
                ),
            ));
        }
    }
    Key::from_hex(&text).map(Some).ok_or_else(|| {
        key_err(
            path,
            "it does not hold 64 hex digits; restore the file from the backup",
        )
    })
}

/// Writes `key` to `path` unless a key file is already there, and returns the key that is in
/// the file afterwards (another process may have created it first). The key reaches the disk
/// (file and directory synced) before this returns, so callers may then forget other copies.
pub(crate) fn create(path: &Path, key: &Key) -> Result<Key, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| key_err(path, e.to_string()))?;
    }
    let tmp = temp_path(path);
    let written = write_new(&tmp, key);
    // A hard link never replaces an existing file, and readers never see a half-written key.
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(path).map_err(|e| key_err(path, e.to_string()))?;
            Ok(key.clone())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(path)?
            .ok_or_else(|| key_err(path, "the key file vanished while it was being created")),
        Err(e) => Err(key_err(
            path,
            format!("cannot create it ({e}); the kiosk's user must be able to write its directory"),
        )),
    }
}

/// The key in `path`, created there when there is none yet.
pub(crate) fn read_or_create(path: &Path) -> Result<Key, StoreError> {
    match read(path)? {
        Some(key) => Ok(key),
        None => create(path, &Key::generate()?),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    // Unique per writer: two threads (or processes) creating the first key at once must not
    // share, truncate or remove each other's temporary file.
    name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    path.with_file_name(name)
}

fn write_new(path: &Path, key: &Key) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let _ = std::fs::remove_file(path);
    let mut file = options.open(path)?;
    let mut line = key.hex();
    line.push('\n');
    file.write_all(line.as_bytes())?;
    file.sync_all()
}

pub(crate) fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// `<file>.<suffix>` beside `file`: the default home of a database's key files.
pub fn beside(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(suffix);
    file.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_hex_and_a_second_create_keeps_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/k.key");
        let first = Key::generate().unwrap();
        assert_eq!(Key::from_hex(&first.hex()), Some(first.clone()));
        assert_eq!(create(&path, &first).unwrap(), first);
        let second = Key::generate().unwrap();
        assert_eq!(create(&path, &second).unwrap(), first, "never replaced");
        assert_eq!(read(&path).unwrap(), Some(first));
        assert_eq!(format!("{:?}", second), "Key([REDACTED])");
    }

    #[test]
    fn a_key_file_others_may_read_or_that_is_not_hex_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        create(&path, &Key::generate().unwrap()).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::write(&path, "not a key").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.to_string().contains("64 hex digits"), "{err}");
    }
}
