//! `lobby-hub status [--json]`: what monitoring needs to know, and whether the hub is healthy.
//! Unhealthy (exit 1): PostgreSQL unreachable, the schema behind, a kiosk silent for longer
//! than `stale_after_s` (the kiosks sync every few seconds when they can), or a kiosk whose
//! clock is more than five minutes off.

use deadpool_postgres::Pool;
use serde::Serialize;

use crate::{HubError, migrate};

#[derive(Debug, Serialize)]
pub struct Status {
    pub healthy: bool,
    pub problems: Vec<String>,
    pub schema_version: i32,
    pub schema_latest: i32,
    pub kiosks: Vec<KioskStatus>,
    pub events: i64,
    pub arrivals: i64,
    /// Lock commands waiting for a kiosk to acknowledge them (its `locked` event).
    pub commands_unacknowledged: i64,
}

#[derive(Debug, Serialize)]
pub struct KioskStatus {
    pub name: String,
    pub last_seen: Option<String>,
    pub silent_s: Option<i64>,
    /// Seconds its clock is ahead of the hub's (negative: behind), when known.
    pub clock_offset_s: Option<i64>,
}

pub async fn status(pool: &Pool, stale_after_s: i64) -> Result<Status, HubError> {
    let schema_version = migrate::current(pool).await?;
    let mut s = Status {
        healthy: true,
        problems: Vec::new(),
        schema_version,
        schema_latest: migrate::latest(),
        kiosks: Vec::new(),
        events: 0,
        arrivals: 0,
        commands_unacknowledged: 0,
    };
    if schema_version > migrate::latest() {
        return Err(HubError::NewerSchema {
            found: schema_version,
            known: migrate::latest(),
        });
    }
    if schema_version < migrate::latest() {
        s.problems.push(format!(
            "schema version {schema_version} < {}: run `lobby-hub migrate`",
            migrate::latest()
        ));
        s.healthy = false;
        return Ok(s);
    }
    let client = pool.get().await?;
    let offsets = crate::skew::offsets(&client).await?;
    for row in client
        .query(
            "SELECT id, name,
                    to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    EXTRACT(EPOCH FROM now() - last_seen_at)::int8
             FROM kiosks WHERE revoked_at IS NULL ORDER BY name",
            &[],
        )
        .await?
    {
        let k = KioskStatus {
            name: row.get(1),
            last_seen: row.get(2),
            silent_s: row.get(3),
            clock_offset_s: offsets.get(&row.get::<_, i64>(0)).copied(),
        };
        if let Some(off) = k
            .clock_offset_s
            .filter(|o| o.abs() > crate::skew::TOLERANCE_S)
        {
            s.problems.push(format!(
                "kiosk {}'s clock is {} of the hub's: fix its time (NTP); the locks and holds it applies end early or late",
                k.name,
                crate::skew::describe(off)
            ));
        }
        match k.silent_s {
            None => s
                .problems
                .push(format!("kiosk {} has never synced", k.name)),
            Some(secs) if secs > stale_after_s => s
                .problems
                .push(format!("kiosk {} silent for {secs} s", k.name)),
            _ => {}
        }
        s.kiosks.push(k);
    }
    let row = client
        .query_one(
            "SELECT (SELECT COUNT(*) FROM events),
                    (SELECT COUNT(*) FROM arrivals WHERE record IS NOT NULL),
                    (SELECT COUNT(*) FROM commands c WHERE NOT EXISTS (
                         SELECT 1 FROM events e
                         WHERE e.kiosk = c.kiosk AND e.data->>'command_id' = c.id))",
            &[],
        )
        .await?;
    s.events = row.get(0);
    s.arrivals = row.get(1);
    s.commands_unacknowledged = row.get(2);
    s.healthy = s.problems.is_empty();
    Ok(s)
}
