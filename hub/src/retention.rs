//! Retention: the hub keeps personal data no longer than the kiosks do. Personal fields of
//! events (the kiosk's own list) are blanked `retention_days` after they happened (or were
//! received, whichever is earlier); the feed record of a booking departed `departed_keep_days`
//! ago is removed (kiosks delete their copy then too). Kinds, times, ids and counts stay, and
//! so does the audit trail. The console's failed logins go after a day, dead sessions after
//! `retention_days`.

use deadpool_postgres::Pool;
use lobby_kiosk::store::PERSONAL_FIELDS;

use crate::HubError;

#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub retention_days: i32,
    pub departed_keep_days: i32,
}

impl Default for Retention {
    /// The kiosk's defaults (`[store] retention_days`, `departed_keep_days`).
    fn default() -> Self {
        Retention {
            retention_days: 30,
            departed_keep_days: 7,
        }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub events_blanked: u64,
    pub arrivals_removed: u64,
    /// Console rows past use: failed logins older than a day (they hold whatever name was
    /// typed), and sessions ended or expired longer ago than `retention_days`.
    pub console_removed: u64,
}

pub async fn apply(pool: &Pool, r: &Retention) -> Result<Report, HubError> {
    let fields: Vec<String> = PERSONAL_FIELDS.iter().map(|f| (*f).to_owned()).collect();
    let client = pool.get().await?;
    let events_blanked = client
        .execute(
            "UPDATE events SET blanked = true, data = (
                 SELECT jsonb_object_agg(k, CASE WHEN k = ANY($2) THEN 'null'::jsonb ELSE v END)
                 FROM jsonb_each(data) AS j(k, v))
             WHERE NOT blanked
               AND (received_at < now() - make_interval(days => $1)
                    OR occurred_at::timestamptz < now() - make_interval(days => $1))",
            &[&r.retention_days, &fields],
        )
        .await?;
    let arrivals_removed = client
        .execute(
            "UPDATE arrivals SET record = NULL, version = nextval('arrivals_version'),
                 source = 'retention', updated_at = now()
             WHERE record IS NOT NULL
               AND (record->>'departure')::date < current_date - $1::int",
            &[&r.departed_keep_days],
        )
        .await?;
    let failures = client
        .execute(
            "DELETE FROM console_login_failures WHERE failed_at < now() - interval '1 day'",
            &[],
        )
        .await?;
    let sessions = client
        .execute(
            "DELETE FROM console_sessions
             WHERE COALESCE(ended_at, created_at + $2::int4 * interval '1 hour')
                   < now() - make_interval(days => $1)",
            &[&r.retention_days, &crate::console::session::SHIFT_HOURS],
        )
        .await?;
    let console_removed = failures + sessions;
    if events_blanked + arrivals_removed + console_removed > 0 {
        tracing::info!(
            events_blanked,
            arrivals_removed,
            console_removed,
            "retention applied"
        );
    }
    Ok(Report {
        events_blanked,
        arrivals_removed,
        console_removed,
    })
}
