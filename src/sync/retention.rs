//! Retention: blank personal data in old journal events (once upstream has them, or at once
//! when there is no upstream) and drop cached reservations long departed. Limits, cool-downs
//! and lockouts are keyed by confirmation number, not by the cached row, so they stay until
//! they expire.

use jiff::{SignedDuration, Timestamp, ToSpan};
use rusqlite::params;

use crate::config::Config;
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub events_blanked: usize,
    pub reservations_deleted: usize,
    /// Code requests past every window that reads them (they hold the full phone number).
    pub challenges_deleted: usize,
}

pub fn apply_retention(
    store: &mut Store,
    config: &Config,
    now: Timestamp,
) -> Result<RetentionReport, StoreError> {
    let keep = SignedDuration::from_hours(24 * i64::from(config.store.retention_days));
    let cutoff = now.checked_sub(keep).unwrap_or(Timestamp::MIN);
    let events_blanked = store.journal_blank_personal_data(cutoff, config.upstream.is_some())?;
    // Departure dates are hotel-local calendar dates.
    let today = now.to_zoned_datetime(config.kiosk.time_zone.clone()).date();
    let oldest_kept = today
        .checked_sub(i64::from(config.store.departed_keep_days).days())
        .unwrap_or(jiff::civil::Date::MIN);
    let reservations_deleted = store.conn().execute(
        "DELETE FROM reservations WHERE departure < ?1",
        params![oldest_kept.to_string()],
    )?;
    // Challenges expire within minutes; keep them two days (beyond the 24 h limit windows) so
    // nothing that counts attempts loses its rows, then drop them with the phone they hold.
    let now_ms = now.as_millisecond();
    let challenge_cutoff =
        now_ms.saturating_sub(2 * crate::otp::limits::ms(crate::otp::limits::LONGEST_WINDOW));
    let challenges_deleted = store.conn().execute(
        "DELETE FROM otp_challenges WHERE created_ms < ?1 AND state <> 'active'",
        params![challenge_cutoff],
    )? + store.conn().execute(
        "DELETE FROM otp_challenges WHERE expires_ms < ?1",
        params![challenge_cutoff],
    )?;
    crate::otp::limits::prune(store.conn(), now_ms)?;
    if events_blanked + reservations_deleted + challenges_deleted > 0 {
        tracing::info!(
            events_blanked,
            reservations_deleted,
            challenges_deleted,
            "retention applied"
        );
    }
    Ok(RetentionReport {
        events_blanked,
        reservations_deleted,
        challenges_deleted,
    })
}
