//! One syncer per database: an exclusive `flock` on `<db>.sync.lock`. The kernel drops the lock
//! when its holder dies, so a `kill -9` or a power cut never leaves a stale lease to wait out
//! (a lease row in `meta` would need an expiry and a clock to judge it).

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::SyncError;

/// Held while a syncer runs; dropping it (or the process dying) releases the lock.
#[derive(Debug)]
pub struct Lease {
    _file: File,
    path: PathBuf,
}

impl Lease {
    pub fn lock_path(db: &Path) -> PathBuf {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".sync.lock");
        db.with_file_name(name)
    }

    /// Takes the lease for the database at `db`, or says who holds it.
    pub fn acquire(db: &Path) -> Result<Lease, SyncError> {
        let path = Self::lock_path(db);
        let io_err = |e: std::io::Error| SyncError::LockFile {
            path: path.clone(),
            reason: e.to_string(),
        };
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io_err)?;
        if !try_lock(&file).map_err(io_err)? {
            let mut text = String::new();
            let holder = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| text.trim().parse().ok());
            return Err(SyncError::AlreadyRunning {
                db: db.to_path_buf(),
                lock: path,
                holder,
            });
        }
        // Record our pid for the message a second syncer prints; the lock itself is the truth.
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        write!(file, "{}", std::process::id()).map_err(io_err)?;
        Ok(Lease { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor we own for the duration of the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(err)
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lease_is_refused_with_the_holder_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        let first = Lease::acquire(&db).unwrap();
        assert_eq!(first.path(), dir.path().join("kiosk.db.sync.lock"));
        let err = Lease::acquire(&db).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, SyncError::AlreadyRunning { holder: Some(p), .. } if p == std::process::id()),
            "{msg}"
        );
        assert!(msg.contains("another syncer already runs"), "{msg}");
        drop(first);
        Lease::acquire(&db).unwrap();
    }
}
