//! The arrivals feed the kiosks pull: one row per booking (keyed by the normalised
//! confirmation number), versioned so that a cursor is a version. Every source — an import
//! file today, a PMS connector later (shared/PMS.md) — hands validated [`Reservation`]s and
//! removed confirmation numbers to [`apply`], which writes them in one transaction.

use deadpool_postgres::Pool;
use lobby_kiosk::names::confirmation_key;
use lobby_kiosk::store::Reservation;

use crate::HubError;

/// What a source delivers at once.
#[derive(Debug, Default)]
pub struct Batch {
    pub upserts: Vec<Reservation>,
    /// Confirmation numbers the source no longer has (cancelled ones come as upserts).
    pub removed: Vec<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// New or different records: the kiosks get them at their next pull.
    pub changed: u64,
    /// Records identical to what the feed holds: no new version, nothing to pull.
    pub unchanged: u64,
    pub removed: u64,
}

/// Writes `batch` from `source` (e.g. `import:FILE`, `mews`) all or nothing.
pub async fn apply(pool: &Pool, source: &str, batch: Batch) -> Result<Applied, HubError> {
    let mut keys = Vec::with_capacity(batch.upserts.len());
    let mut records = Vec::with_capacity(batch.upserts.len());
    for r in &batch.upserts {
        keys.push(r.confirmation.clone());
        records.push(
            serde_json::to_string(&r.to_record())
                .map_err(|e| HubError::Usage(format!("cannot encode a record: {e}")))?,
        );
    }
    let removed: Vec<String> = batch.removed.iter().map(|c| confirmation_key(c)).collect();
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // Writers one at a time: versions then commit in order, so no reader skips one.
    tx.batch_execute("LOCK TABLE arrivals IN EXCLUSIVE MODE")
        .await?;
    let changed = tx
        .execute(
            "INSERT INTO arrivals (confirmation, record, version, source)
             SELECT c, r::jsonb, nextval('arrivals_version'), $3
             FROM unnest($1::text[], $2::text[]) AS u(c, r)
             ON CONFLICT (confirmation) DO UPDATE
                 SET record = excluded.record, version = excluded.version,
                     source = excluded.source, updated_at = now()
                 WHERE arrivals.record IS DISTINCT FROM excluded.record",
            &[&keys, &records, &source],
        )
        .await?;
    let gone = tx
        .execute(
            "UPDATE arrivals SET record = NULL, version = nextval('arrivals_version'),
                 source = $2, updated_at = now()
             WHERE confirmation = ANY($1) AND record IS NOT NULL",
            &[&removed, &source],
        )
        .await?;
    tx.commit().await?;
    Ok(Applied {
        changed,
        unchanged: keys.len() as u64 - changed,
        removed: gone,
    })
}
