//! Wrong codes counted across the property's kiosks. Each kiosk counts its own (and keeps
//! doing so offline); the hub adds them up per booking and lookup path, and once the sum reaches
//! `lockout_after` it sends every kiosk a `lock` with that path's scope. Because a kiosk pushes
//! each event as it journals it, a booking gets at most `lockout_after` wrong codes per path at
//! all kiosks together, plus what one sync interval lets through.

use std::collections::BTreeSet;

use deadpool_postgres::Transaction;

use crate::HubError;

/// The hub's share of the OTP policy; set it to the kiosks' `[otp]` values.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Wrong codes per booking and lookup path in 24 h, at all kiosks, before the hub locks.
    pub lockout_after: i64,
    /// Code sends (gateway attempts) per phone and lookup path in an hour, at all kiosks.
    pub sends_per_phone_per_hour: i64,
    /// Code sends per booking and lookup path in 24 h, at all kiosks.
    pub sends_per_reservation_per_day: i64,
}

impl Default for Policy {
    fn default() -> Self {
        // The kiosk's `[otp]` defaults.
        Policy {
            lockout_after: 10,
            sends_per_phone_per_hour: 5,
            sends_per_reservation_per_day: 10,
        }
    }
}

/// Takes the transaction-scoped advisory lock of every counter `keys` names, in one statement:
/// a concurrent push on the same booking or phone waits, then counts what this one stored.
/// The locks go in the order of their hashes (two keys may share one), so two pushes never
/// wait on each other in a circle. Call once per transaction, before any count.
pub async fn serialize(tx: &Transaction<'_>, keys: &BTreeSet<String>) -> Result<(), HubError> {
    if keys.is_empty() {
        return Ok(());
    }
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    tx.execute(
        "SELECT pg_advisory_xact_lock(1819, h)
         FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k
               ORDER BY h OFFSET 0) AS in_order",
        &[&keys],
    )
    .await?;
    Ok(())
}

/// The counter key of wrong codes for a booking and lock scope.
pub fn failure_key(reservation: &str, scope: &str) -> String {
    format!("fail/{reservation}/{scope}")
}

/// The lock scope a failure's lookup path closes: `name` failures never close the
/// booking-number path; failures through the booking number (or from kiosks that predate
/// paths) close all.
pub fn scope_of(path: Option<&str>) -> &'static str {
    match path {
        Some("name") => "name",
        _ => "all",
    }
}

/// After new `otp_failed` events for `bookings` ((reservation, scope) pairs) were stored in
/// `tx`, and their [`failure_key`]s were [`serialize`]d: locks every booking whose
/// property-wide count reached the limit. Returns the number of
/// lock commands queued.
pub async fn enforce(
    tx: &Transaction<'_>,
    policy: &Policy,
    bookings: &BTreeSet<(String, &'static str)>,
) -> Result<u64, HubError> {
    if bookings.is_empty() {
        return Ok(0);
    }
    let (reservations, scopes): (Vec<&str>, Vec<&str>) =
        bookings.iter().map(|(r, s)| (r.as_str(), *s)).unzip();
    // One count per booking and scope, all in one statement: failures since the later of
    // 24 h ago, the hub's last lock of this scope, the last unlock at any kiosk or from the
    // console (an unlock restarts the count at the kiosks too).
    let full = tx
        .query(
            "SELECT p.reservation, p.scope, c.failures
             FROM unnest($1::text[], $2::text[]) AS p(reservation, scope)
             CROSS JOIN LATERAL (
                 SELECT COUNT(*) AS failures FROM events e
                 WHERE e.reservation = p.reservation AND e.kind = 'otp_failed'
                   AND (CASE WHEN e.data->>'path' = 'name' THEN 'name' ELSE 'all' END) = p.scope
                   AND e.received_at > GREATEST(
                       now() - interval '24 hours',
                       (SELECT MAX(locked_at) FROM property_locks
                        WHERE reservation = p.reservation AND scope = p.scope),
                       (SELECT MAX(received_at) FROM events
                        WHERE reservation = p.reservation AND kind = 'unlocked'),
                       (SELECT MAX(unlocked_at) FROM property_unlocks
                        WHERE reservation = p.reservation))
             ) AS c
             WHERE c.failures >= $3",
            &[&reservations, &scopes, &policy.lockout_after],
        )
        .await?;
    let mut queued = 0;
    for row in full {
        let (reservation, scope, failures): (String, String, i64) =
            (row.get(0), row.get(1), row.get(2));
        tx.execute(
            "INSERT INTO property_locks (reservation, scope, failures) VALUES ($1, $2, $3)",
            &[&reservation, &scope, &(failures as i32)],
        )
        .await?;
        queued += tx
            .execute(
                "INSERT INTO commands (kiosk, kind, reservation, staff, reason, scope)
                 SELECT id, 'lock', $1, 'hub', $3, $2 FROM kiosks WHERE revoked_at IS NULL
                 ORDER BY id",
                &[
                    &reservation,
                    &scope,
                    &format!("{failures} wrong codes at the property's kiosks"),
                ],
            )
            .await?;
        tracing::info!(scope = %scope, failures, "property-wide lock");
    }
    Ok(queued)
}
