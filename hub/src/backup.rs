//! `lobby-hub backup FILE`: a consistent `pg_dump` (custom format, one snapshot) of the hub's
//! database, written beside FILE and renamed into place once complete, mode 0600 (it holds
//! personal data and token hashes). Restore: README, "The hub".

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::HubError;

/// `pg_dump` from `LOBBY_HUB_PG_DUMP`, else the one on PATH (Debian's wrapper picks the
/// newest installed client, which must not be older than the server).
fn pg_dump() -> String {
    std::env::var("LOBBY_HUB_PG_DUMP").unwrap_or_else(|_| "pg_dump".to_owned())
}

pub fn backup(database: &str, file: &Path, force: bool) -> Result<u64, HubError> {
    if file.exists() && !force {
        return Err(HubError::Usage(format!(
            "{} exists; pick another file or pass --force to replace it",
            file.display()
        )));
    }
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let out = Command::new(pg_dump())
        .arg("--format=custom")
        .arg("--no-password")
        .arg(format!("--file={}", partial.display()))
        .arg(format!("--dbname={database}"))
        .output()
        .map_err(|e| {
            HubError::Usage(format!(
                "cannot run pg_dump ({e}); install postgresql-client-15 or set LOBBY_HUB_PG_DUMP"
            ))
        })?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&partial);
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(HubError::Connect(format!("pg_dump failed: {}", err.trim())));
    }
    let io = |e: std::io::Error| HubError::Usage(format!("{}: {e}", file.display()));
    std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    std::fs::rename(&partial, file).map_err(io)?;
    Ok(std::fs::metadata(file).map_err(io)?.len())
}

/// How far `after-restore` moves the hub's counters: more versions and commands than a
/// property's hub issues between a backup and its restore.
pub const RESTORE_GAP: i64 = 1_000_000_000;

/// After a restore: moves the arrivals version and the command counter past anything the lost
/// hub may have issued since the backup, so that no kiosk's cursor skips a change and no new
/// command reuses an id a kiosk already applied.
pub async fn after_restore(pool: &deadpool_postgres::Pool) -> Result<(i64, i64), HubError> {
    let client = pool.get().await?;
    let row = client
        .query_one(
            "SELECT setval('arrivals_version', (SELECT last_value FROM arrivals_version) + $1),
                    setval('commands_n_seq', (SELECT last_value FROM commands_n_seq) + $1)",
            &[&RESTORE_GAP],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}
