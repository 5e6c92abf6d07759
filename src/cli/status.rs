//! `kiosk status`: the kiosk's health at a glance for IT.

use std::path::Path;

use super::{CliError, load_config, open_store};

pub fn run(config_path: &Path) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let store = open_store(&config)?;
    let stats = store.journal_stats()?;
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let lockouts: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM lockouts WHERE until_ms > ?1
             AND (cleared_ms IS NULL OR cleared_ms < locked_ms)",
            [now_ms],
            |r| r.get(0),
        )
        .map_err(crate::store::StoreError::from)?;
    println!(
        "kiosk        {} ({})",
        config.kiosk.id, config.kiosk.property
    );
    println!("database     {}", store.path().display());
    println!("reservations {}", store.reservation_count()?);
    println!(
        "journal      {} events (last seq {})",
        stats.events, stats.last_seq
    );
    println!(
        "unsynced     {}{}",
        stats.unsynced,
        stats
            .oldest_unsynced_at
            .map(|t| format!(" (oldest {t})"))
            .unwrap_or_default()
    );
    println!("quarantined  {}", stats.quarantined);
    println!("lockouts     {lockouts} active");
    if config.upstream.is_none() {
        println!("sync         off");
    } else {
        let status = crate::sync::sync_status(&store, jiff::Timestamp::now())?;
        for line in status.to_string().lines() {
            println!("sync         {line}");
        }
    }
    Ok(())
}
