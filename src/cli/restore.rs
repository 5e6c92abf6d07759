//! `kiosk restore FILE [--key-file PATH]`: replaces the database with a backup while the kiosk
//! is stopped, keeping the replaced one beside it.

use std::path::Path;

use super::{CliError, load_config};
use crate::store::RestoreError;
use crate::sync::{Lease, SyncError};

pub fn run(config_path: &Path, file: &Path, key_file: Option<&Path>) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let db = &config.store.path;
    // A mistyped backup path is refused before the folder or the sync lock are made.
    crate::store::refuse_unusable(db, file)?;
    // A folder made here (a new machine) is removed again, with the lock, when the backup is
    // refused: no kiosk can be using a database in a folder that did not exist.
    let made = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf);
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // A syncer holds the lease (`kiosk sync`, or the GUI's worker with [upstream] on); holding
    // it here also keeps one from starting while the files move.
    let lease = Lease::acquire(db).map_err(|e| match e {
        SyncError::AlreadyRunning { lock, holder, .. } => {
            CliError::Restore(RestoreError::Running {
                what: format!(
                    "a syncer{} holds {} (`kiosk sync`, or the kiosk GUI's own sync)",
                    holder
                        .map(|pid| format!(" (pid {pid})"))
                        .unwrap_or_default(),
                    lock.display()
                ),
            })
        }
        other => CliError::Restore(RestoreError::Io {
            path: Lease::lock_path(db),
            reason: other.to_string(),
        }),
    })?;
    let report = match crate::store::restore(
        db,
        &config.store.options(),
        file,
        key_file,
        jiff::Timestamp::now(),
    ) {
        Ok(report) => report,
        Err(e) => {
            if let Some(dir) = &made {
                drop(lease);
                let _ = std::fs::remove_file(Lease::lock_path(db));
                // Only when empty: anything else in it is not this command's to delete.
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e.into());
        }
    };
    println!(
        "restored {} from {} (backup schema v{}{}{})",
        report.db.display(),
        file.display(),
        report.backup_version,
        if report.schema_version > report.backup_version {
            format!(", migrated to v{}", report.schema_version)
        } else {
            String::new()
        },
        if report.encrypted { ", encrypted" } else { "" }
    );
    match &report.kept {
        Some(kept) => println!("the database it replaced is kept at {}", kept.display()),
        None => println!("there was no database to replace"),
    }
    if let Some(kept) = &report.kept_key {
        println!(
            "the install key it replaced is kept at {}; the backup's key is now at {}",
            kept.display(),
            config.store.key_file.display()
        );
    }
    println!(
        "Start the kiosk (GUI and `kiosk sync`) again. Everything after the backup was taken is not in it: check-ins, codes and locks since then are gone (the upstream still has the events it received; the next sync pulls arrivals again)."
    );
    Ok(())
}
