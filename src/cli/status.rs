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
            "SELECT COUNT(*) FROM lockouts WHERE until_ms > ?1",
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
    let sync = if config.upstream.is_none() {
        "off".to_owned()
    } else {
        let ok = store.meta_get_text("sync.last_success")?;
        let err = store.meta_get_text("sync.last_error")?;
        match (ok, err) {
            (None, None) => "never ran".to_owned(),
            (ok, err) => format!(
                "last success {}; last error {}",
                ok.unwrap_or_else(|| "never".into()),
                err.unwrap_or_else(|| "none".into())
            ),
        }
    };
    println!("sync         {sync}");
    Ok(())
}
