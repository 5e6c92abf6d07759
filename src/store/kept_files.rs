//! Descriptors of database files this process opens itself (to read the header, to create the
//! file 0600) and never closes. POSIX drops every lock a process holds on a file when it closes
//! ANY descriptor of that file, SQLite's included: another process (a `sqlite3` shell) would
//! then believe it is the last one on the database, checkpoint and delete the live WAL, and
//! every later write of this process would go to a deleted file.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Mutex;

/// One descriptor per file (device and inode), kept for the life of the process.
static KEPT: Mutex<Vec<(u64, u64, File)>> = Mutex::new(Vec::new());

/// Runs `f` on this process's kept descriptor of the file at `path`, opening one when there is
/// none yet (creating the file owner-only when `create`). Without `create`, a missing file is
/// `NotFound`.
pub(super) fn with_file<T>(
    path: &Path,
    create: bool,
    f: impl FnOnce(&File) -> io::Result<T>,
) -> io::Result<T> {
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(meta) = std::fs::metadata(path) {
        if let Some((_, _, file)) = kept
            .iter()
            .find(|(dev, ino, _)| *dev == meta.dev() && *ino == meta.ino())
        {
            return f(file);
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    if create {
        use std::os::unix::fs::OpenOptionsExt;
        options.write(true).create(true).truncate(false).mode(0o600);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    let result = f(&file);
    kept.push((meta.dev(), meta.ino(), file));
    result
}
