//! Versioned schema migrations: each file in hub/migrations runs once, in order, in its own
//! transaction, under an advisory lock so that two hubs starting together do not race.

use deadpool_postgres::Pool;

use crate::HubError;

/// (version, SQL). Append only: a shipped migration never changes.
pub const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_protocol_v1.sql")),
    (2, include_str!("../migrations/0002_property_limits.sql")),
    (3, include_str!("../migrations/0003_retention.sql")),
    (4, include_str!("../migrations/0004_property_sends.sql")),
    (5, include_str!("../migrations/0005_console.sql")),
    (6, include_str!("../migrations/0006_events_by_kind.sql")),
];

/// The newest version this binary knows.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Any number the other tools of the property do not use: it only serialises migrators.
const LOCK_KEY: i64 = 0x6c6f_6262_7968_7562; // "lobbyhub"

/// The schema version of the database (0 when empty).
pub async fn current(pool: &Pool) -> Result<i32, HubError> {
    let client = pool.get().await?;
    let exists: bool = client
        .query_one("SELECT to_regclass('hub_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_one("SELECT COALESCE(MAX(version), 0) FROM hub_schema", &[])
        .await?;
    Ok(row.get(0))
}

/// Brings the schema to `target` (normally [`latest`]); returns the versions applied.
pub async fn migrate_to(pool: &Pool, target: i32) -> Result<Vec<i32>, HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS hub_schema (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let found: i32 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM hub_schema", &[])
        .await?
        .get(0);
    if found > latest() {
        return Err(HubError::NewerSchema {
            found,
            known: latest(),
        });
    }
    let mut applied = Vec::new();
    for (version, sql) in MIGRATIONS {
        if *version <= found || *version > target {
            continue;
        }
        tx.batch_execute(sql).await?;
        tx.execute("INSERT INTO hub_schema (version) VALUES ($1)", &[version])
            .await?;
        applied.push(*version);
    }
    tx.commit().await?;
    Ok(applied)
}

/// Refuses to serve a schema other than the one this binary was built for.
pub async fn require_latest(pool: &Pool) -> Result<(), HubError> {
    let found = current(pool).await?;
    if found > latest() {
        return Err(HubError::NewerSchema {
            found,
            known: latest(),
        });
    }
    if found < latest() {
        return Err(HubError::Usage(format!(
            "the database schema is version {found}, this lobby-hub needs {}; run `lobby-hub migrate`",
            latest()
        )));
    }
    Ok(())
}
