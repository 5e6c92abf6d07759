//! `lobby-hub kiosk add|revoke|list`: the kiosks allowed to sync, each with its own token.

use deadpool_postgres::Pool;

use crate::{HubError, token};

/// The kiosk id rule of kiosk.toml (`[kiosk] id`): letters, digits, `-`, `_`, `.`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Registers `name` and returns its token (the only time it is ever shown).
pub async fn add(pool: &Pool, name: &str) -> Result<String, HubError> {
    if !valid_name(name) {
        return Err(HubError::Usage(format!(
            "{name:?} is not a kiosk id: use the kiosk's `[kiosk] id` (letters, digits, '-', '_', '.')"
        )));
    }
    let token = token::generate()?;
    let client = pool.get().await?;
    let inserted = client
        .execute(
            "INSERT INTO kiosks (name, token_sha256) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &token::hash(&token)],
        )
        .await?;
    if inserted == 0 {
        return Err(HubError::Usage(format!(
            "kiosk {name} already exists; `lobby-hub kiosk revoke {name}` first to issue a new token"
        )));
    }
    Ok(token)
}

/// Revokes `name`'s token at once; a revoked kiosk can be added again with a new token.
pub async fn revoke(pool: &Pool, name: &str) -> Result<(), HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // The row stays (its events reference it) under a name that frees the id for `add`.
    let n = tx
        .execute(
            "UPDATE kiosks SET revoked_at = now(), name = name || '#revoked-' || id
             WHERE name = $1 AND revoked_at IS NULL",
            &[&name],
        )
        .await?;
    tx.commit().await?;
    if n == 0 {
        return Err(HubError::Usage(format!(
            "no active kiosk named {name}; `lobby-hub kiosk list` shows them"
        )));
    }
    Ok(())
}

/// (name, last seen) of every active kiosk.
pub async fn list(pool: &Pool) -> Result<Vec<(String, Option<String>)>, HubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT name, to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
             FROM kiosks WHERE revoked_at IS NULL ORDER BY name",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}
