//! Demo mode: fictional reservations from `assets/demo/`, with dates relative to today's
//! business date so the demo never goes stale. Loaded through the same validation and upsert
//! as a real import.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use sha2::Digest;

use crate::config::Config;
use crate::store::{ImportSummary, Reservation, ReservationRecord, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{file}: cannot read the demo reservations ({source}); check [demo] reservations", file = file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: {reason}", file = file.display())]
    Invalid { file: PathBuf, reason: String },
    #[error("could not load the demo reservations: {0}")]
    Store(#[from] StoreError),
}

#[derive(Deserialize)]
struct DemoFile {
    reservations: Vec<ReservationRecord>,
}

/// Resolves "today", "today+N" and "today-N" against `today`; other text passes unchanged.
pub fn resolve_relative_date(value: &str, today: Date) -> Result<String, String> {
    let Some(rest) = value.trim().strip_prefix("today") else {
        return Ok(value.to_owned());
    };
    let days: i64 = if rest.is_empty() {
        0
    } else {
        rest.trim_start_matches('+')
            .parse()
            .map_err(|_| format!("\"{value}\" is not today, today+N or today-N"))?
    };
    today
        .checked_add(days.days())
        .map(|d| d.to_string())
        .map_err(|e| format!("\"{value}\": {e}"))
}

/// Reads the demo file and returns validated reservations for the business date `today`.
pub fn load(file: &Path, today: Date, region: &str) -> Result<Vec<Reservation>, DemoError> {
    parse(file, &read(file)?, today, region)
}

fn read(file: &Path) -> Result<String, DemoError> {
    std::fs::read_to_string(file).map_err(|source| DemoError::Read {
        file: file.to_path_buf(),
        source,
    })
}

fn parse(
    file: &Path,
    text: &str,
    today: Date,
    region: &str,
) -> Result<Vec<Reservation>, DemoError> {
    let invalid = |reason: String| DemoError::Invalid {
        file: file.to_path_buf(),
        reason,
    };
    let demo: DemoFile = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    demo.reservations
        .into_iter()
        .map(|mut record| {
            record.arrival = resolve_relative_date(&record.arrival, today).map_err(&invalid)?;
            record.departure = resolve_relative_date(&record.departure, today).map_err(&invalid)?;
            Reservation::from_record(&record, region)
                .map_err(|e| invalid(format!("reservation {}: {e}", record.confirmation)))
        })
        .collect()
}

/// The `meta` key of what the store was last seeded with: the business date, the country and
/// the file's SHA-256. The same again needs no new import (validating every phone number was
/// most of a start).
const SEEDED: &str = "demo.seeded";

/// Loads the demo reservations into the store (a no-op when demo mode is off, or when this
/// file was already loaded for this business date). Guests already checked in during this demo
/// stay checked in.
pub fn seed(
    store: &mut Store,
    config: &Config,
    now: Timestamp,
) -> Result<ImportSummary, DemoError> {
    if !config.demo.enabled {
        return Ok(ImportSummary::default());
    }
    let today = crate::clock::business_date(
        now,
        &config.kiosk.time_zone,
        config.kiosk.business_day_start,
    );
    let file = &config.demo.reservations;
    let text = read(file)?;
    let digest: String = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let seeded = format!("{today}/{}/{digest}", config.kiosk.country);
    if store.meta_get_text(SEEDED)?.as_deref() == Some(seeded.as_str()) {
        return Ok(ImportSummary::default());
    }
    let list = parse(file, &text, today, &config.kiosk.country)?;
    let summary = store.upsert_reservations(&list, now)?;
    store.meta_set(SEEDED, seeded.as_bytes())?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Status;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/reservations.json")
    }

    #[test]
    fn relative_dates_follow_the_business_date() {
        let today = Date::constant(2026, 11, 25);
        assert_eq!(resolve_relative_date("today", today).unwrap(), "2026-11-25");
        assert_eq!(
            resolve_relative_date("today+7", today).unwrap(),
            "2026-12-02"
        );
        assert_eq!(
            resolve_relative_date("today-1", today).unwrap(),
            "2026-11-24"
        );
        assert_eq!(
            resolve_relative_date("2026-01-01", today).unwrap(),
            "2026-01-01"
        );
        assert!(resolve_relative_date("today+x", today).is_err());
    }

    #[test]
    fn shipped_demo_data_is_valid_and_covers_the_edge_cases() {
        let today = Date::constant(2026, 11, 25);
        let list = load(&shipped(), today, "PT").unwrap();
        assert!(list.len() >= 30, "a few dozen guests");
        let count = |f: &dyn Fn(&Reservation) -> bool| list.iter().filter(|r| f(r)).count();
        assert!(count(&|r| r.status == Status::Pending) >= 2);
        assert!(count(&|r| r.status == Status::Cancelled) >= 1);
        assert!(count(&|r| r.status == Status::CheckedIn) >= 1);
        assert!(count(&|r| r.room.is_none() && r.arrival == today) >= 1);
        assert!(count(&|r| !r.room_ready) >= 1);
        assert!(count(&|r| r.phone.is_none()) >= 1);
        assert!(count(&|r| r.arrival > today) >= 1);
        let all_names: String = list
            .iter()
            .map(|r| format!("{} {}", r.first_name, r.last_name))
            .collect();
        for letter in ['ß', 'ø', 'ł', 'æ'] {
            assert!(
                all_names.to_lowercase().contains(letter),
                "names include {letter}"
            );
        }
        let regions: std::collections::BTreeSet<_> = list
            .iter()
            .filter_map(|r| r.phone.as_deref())
            .map(|p| p.get(..3).unwrap_or(p).to_owned())
            .collect();
        assert!(regions.len() >= 6, "guests from several countries");
    }
}
