//! Code sends counted across the property's kiosks. Each kiosk caps the sends it makes itself
//! (and keeps doing so offline); the hub adds up every kiosk's gateway attempts (`otp_sent`
//! and `send_failed`, one per attempt as the kiosk counts them) per booking and per phone on
//! each lookup path. Once the property reaches a cap, every kiosk gets a `send_hold` for the
//! booking (for a phone: every booking on file with it) on that path, lasting until the window
//! has room again. So a guest's phone gets at most the cap at all kiosks together, plus what
//! one sync interval lets through.

use std::collections::{BTreeMap, BTreeSet};

use deadpool_postgres::Transaction;

use crate::HubError;
use crate::limits::Policy;

/// The lookup path an event's `path` names; kiosks from before paths sent none, and count
/// as the booking-number path (as they do themselves).
pub fn path_of(path: Option<&str>) -> &'static str {
    match path {
        Some("name") => "name",
        _ => "confirmation",
    }
}

/// The counter key of a booking's sends on a path (see [`crate::limits::serialize`]).
pub fn booking_key(reservation: &str, path: &str) -> String {
    format!("send/{reservation}/{path}")
}

/// The counter key of a phone's sends on a path.
pub fn phone_key(phone: &str, path: &str) -> String {
    format!("phone/{phone}/{path}")
}

/// The event kinds that are one gateway attempt each.
const ATTEMPT: &str = "kind IN ('otp_sent', 'send_failed')
    AND (CASE WHEN data->>'path' = 'name' THEN 'name' ELSE 'confirmation' END) = $2";

/// The phones on file (E.164, from the arrivals feed) of `reservations`.
pub async fn phones(
    tx: &Transaction<'_>,
    reservations: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, HubError> {
    if reservations.is_empty() {
        return Ok(BTreeMap::new());
    }
    let keys: Vec<&String> = reservations.iter().collect();
    let rows = tx
        .query(
            "SELECT confirmation, record->>'phone' FROM arrivals
             WHERE confirmation = ANY($1) AND record->>'phone' IS NOT NULL",
            &[&keys],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// After new send attempts for `sends` ((reservation, path) pairs) were stored in `tx` and
/// their booking and phone keys [`crate::limits::serialize`]d: holds every booking or phone
/// whose property-wide count reached its cap. Returns the number of hold commands queued.
pub async fn enforce(
    tx: &Transaction<'_>,
    policy: &Policy,
    sends: &BTreeSet<(String, &'static str)>,
    phones: &BTreeMap<String, String>,
) -> Result<u64, HubError> {
    let mut queued = 0;
    let mut phones_done = BTreeSet::new();
    for (reservation, path) in sends {
        let cap = policy.sends_per_reservation_per_day;
        if let Some(hold_s) = full_for(tx, "reservation = $1", reservation, path, cap, 24).await? {
            let reason =
                format!("{cap} code sends for this booking in 24 h at the property's kiosks");
            let booking = std::slice::from_ref(reservation);
            queued += hold(tx, booking, path, "reservation", cap, hold_s, &reason).await?;
        }
        let Some(phone) = phones.get(reservation) else {
            continue;
        };
        if !phones_done.insert((phone, *path)) {
            continue;
        }
        let cap = policy.sends_per_phone_per_hour;
        if let Some(hold_s) = full_for(tx, ON_PHONE, phone, path, cap, 1).await? {
            let bookings: Vec<String> = tx
                .query(
                    "SELECT confirmation FROM arrivals
                     WHERE record IS NOT NULL AND record->>'phone' = $1 ORDER BY 1",
                    &[phone],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let reason = format!("{cap} code sends to this phone in 1 h at the property's kiosks");
            queued += hold(tx, &bookings, path, "phone", cap, hold_s, &reason).await?;
        }
    }
    Ok(queued)
}

/// The events of every booking on file with the phone `$1`.
const ON_PHONE: &str = "reservation IN (SELECT confirmation FROM arrivals
                                        WHERE record IS NOT NULL AND record->>'phone' = $1)";

/// When the attempts matching `which` (with `$1` = `key`) on `path` fill a `cap` over the last
/// `window_h` hours: the seconds until the cap-th newest leaves the window and there is room.
async fn full_for(
    tx: &Transaction<'_>,
    which: &str,
    key: &str,
    path: &str,
    cap: i64,
    window_h: i32,
) -> Result<Option<i64>, HubError> {
    let row = tx
        .query_opt(
            &format!(
                "SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM
                     received_at + $4::int4 * interval '1 hour' - now())))::int8
                 FROM events
                 WHERE {which} AND {ATTEMPT}
                   AND received_at > now() - $4::int4 * interval '1 hour'
                 ORDER BY received_at DESC OFFSET $3 LIMIT 1"
            ),
            &[&key, &path, &(cap - 1), &window_h],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// Records a hold of `bookings`' sends on `path` for `hold_s` seconds and queues it for every
/// kiosk, skipping bookings already held that long give or take a minute: a stream of sends
/// from a kiosk that ignores holds moves the end forward with every push, and must not queue
/// a command per kiosk each time.
async fn hold(
    tx: &Transaction<'_>,
    bookings: &[String],
    path: &str,
    cap: &str,
    sends: i64,
    hold_s: i64,
    reason: &str,
) -> Result<u64, HubError> {
    let held: Vec<String> = tx
        .query(
            "INSERT INTO property_send_holds (reservation, path, cap, sends, held_until)
             SELECT r, $2, $3, $4::int8::int4, now() + $5::int8 * interval '1 second'
             FROM unnest($1::text[]) AS r
             WHERE NOT EXISTS (
                 SELECT 1 FROM property_send_holds h
                 WHERE h.reservation = r AND h.path = $2
                   AND h.held_until >= now() + ($5::int8 - 60) * interval '1 second')
             RETURNING reservation",
            &[&bookings, &path, &cap, &sends, &hold_s],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if held.is_empty() {
        return Ok(0);
    }
    let queued = tx
        .execute(
            "INSERT INTO commands (kiosk, kind, reservation, staff, reason, path, hold_s, cap)
             SELECT k.id, 'send_hold', r, 'hub', $4, $2, $3, $5
             FROM unnest($1::text[]) AS r CROSS JOIN kiosks k
             WHERE k.revoked_at IS NULL ORDER BY r, k.id",
            &[&held, &path, &hold_s, &reason, &cap],
        )
        .await?;
    tracing::info!(
        path,
        cap,
        hold_s,
        bookings = held.len(),
        "property-wide send hold"
    );
    Ok(queued)
}
