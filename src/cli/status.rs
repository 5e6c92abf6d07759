//! `kiosk status`: the kiosk's health at a glance for IT.

use std::path::Path;

use rusqlite::OptionalExtension;

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
    // Gateway health as the journal saw it: the running kiosk's circuit breakers live in its
    // own process, but every attempt it made is journaled.
    for gateway in &config.gateways {
        let last =
            |kind: &str| -> Result<Option<(String, Option<String>)>, crate::store::StoreError> {
                Ok(store
                    .conn()
                    .query_row(
                        "SELECT occurred_at, json_extract(data, '$.error') FROM journal
                     WHERE kind = ?1 AND json_extract(data, '$.gateway') = ?2
                     ORDER BY seq DESC LIMIT 1",
                        rusqlite::params![kind, gateway.name],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?)
            };
        let ok = last("otp_sent")?.map_or_else(|| "never".to_owned(), |(at, _)| at);
        let failed = last("send_failed")?.map_or_else(
            || "never".to_owned(),
            |(at, error)| format!("{at} ({})", error.unwrap_or_default()),
        );
        println!(
            "gateway      {} ({}): last success {ok}; last failure {failed}",
            gateway.name,
            gateway.kind.name()
        );
    }
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
