//! `kiosk status`: the kiosk's health at a glance for IT.

use std::path::Path;

use super::{CliError, load_config, open_store};
use crate::staff::PadState;

pub fn run(config_path: &Path) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let store = open_store(&config)?;
    let stats = store.journal_stats()?;
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let lockouts = crate::otp::limits::active_lockouts(store.conn(), now_ms)?;
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
    // IT decides here whether a locked PIN pad needs `kiosk staff reset-pad`.
    match crate::staff::pad::state(store.conn(), &config.kiosk.id, now_ms)? {
        PadState::Open => println!("staff pad    open"),
        PadState::Paused { retry_after } => println!(
            "staff pad    paused after wrong PINs ({} s left)",
            retry_after.as_secs().max(1)
        ),
        PadState::Locked { retry_after } => println!(
            "staff pad    LOCKED after wrong PINs ({} min left; `kiosk staff reset-pad --by NAME --reason TEXT` opens it)",
            retry_after.as_secs().div_ceil(60)
        ),
    }
    // SMS-pumping pauses stop codes to a whole number range: IT must see them at a glance.
    let pauses = crate::otp::pumping::pauses(store.conn(), now_ms)?;
    if pauses.is_empty() {
        println!("pumping      no prefix paused");
    }
    for p in pauses {
        println!(
            "pumping      +{}… paused until {:.0} (pause #{}; staff can lift it)",
            p.prefix,
            p.until,
            p.level + 1
        );
    }
    // Gateway health as the journal saw it: the running kiosk's circuit breakers live in its
    // own process, but every attempt it made is journaled.
    for gateway in &config.gateways {
        let seen = crate::store::gateway_journal(store.conn(), &gateway.name)?;
        let ok = seen
            .last_success
            .map_or_else(|| "never".to_owned(), |at| format!("{at:.3}"));
        let failed = seen.last_failure.map_or_else(
            || "never".to_owned(),
            |at| format!("{at:.3} ({})", seen.last_error.clone().unwrap_or_default()),
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
