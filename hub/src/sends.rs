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
/// A push costs the same few statements however many bookings it touches.
pub async fn enforce(
    tx: &Transaction<'_>,
    policy: &Policy,
    sends: &BTreeSet<(String, &'static str)>,
    phones: &BTreeMap<String, String>,
) -> Result<u64, HubError> {
    if sends.is_empty() {
        return Ok(0);
    }
    let cap = policy.sends_per_reservation_per_day;
    let booking_paths = sends.iter().map(|(r, path)| (r.as_str(), *path));
    let full_bookings = full(tx, ON_BOOKING, booking_paths, cap, 24).await?;
    let reason = format!("{cap} code sends for this booking in 24 h at the property's kiosks");
    let mut queued = hold(tx, &full_bookings, "reservation", cap, &reason).await?;

    let phone_paths: BTreeSet<(&str, &str)> = sends
        .iter()
        .filter_map(|(r, path)| Some((phones.get(r)?.as_str(), *path)))
        .collect();
    let cap = policy.sends_per_phone_per_hour;
    let full_phones = full(tx, ON_PHONE, phone_paths.into_iter(), cap, 1).await?;
    if !full_phones.is_empty() {
        let (phone, path, hold_s) = columns(&full_phones);
        // Every booking on file with a full phone is held on that path.
        let bookings: Vec<Hold> = tx
            .query(
                "SELECT a.confirmation, p.path, p.hold_s
                 FROM unnest($1::text[], $2::text[], $3::int8[]) AS p(phone, path, hold_s)
                 JOIN arrivals a ON a.record IS NOT NULL AND a.record->>'phone' = p.phone
                 ORDER BY 1, 2",
                &[&phone, &path, &hold_s],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        let reason = format!("{cap} code sends to this phone in 1 h at the property's kiosks");
        queued += hold(tx, &bookings, "phone", cap, &reason).await?;
    }
    Ok(queued)
}

/// A booking or phone (`key`), a lookup path, and the seconds its sends there are held.
type Hold = (String, String, i64);

fn columns(holds: &[Hold]) -> (Vec<&str>, Vec<&str>, Vec<i64>) {
    let mut out = (vec![], vec![], vec![]);
    for (key, path, hold_s) in holds {
        out.0.push(key.as_str());
        out.1.push(path.as_str());
        out.2.push(*hold_s);
    }
    out
}

/// A booking's own events (`p.key` is the booking).
const ON_BOOKING: &str = "e.reservation = p.key";

/// The events of every booking on file with the phone `p.key`.
const ON_PHONE: &str = "e.reservation IN (SELECT confirmation FROM arrivals
                                          WHERE record IS NOT NULL AND record->>'phone' = p.key)";

/// Of `keys` (each with a lookup path), those whose gateway attempts (`otp_sent` and
/// `send_failed`) matching `which` fill `cap` over the last `window_h` hours, each with the
/// seconds until the cap-th newest leaves the window and there is room again.
async fn full<'a>(
    tx: &Transaction<'_>,
    which: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
    cap: i64,
    window_h: i32,
) -> Result<Vec<Hold>, HubError> {
    let (keys, paths): (Vec<&str>, Vec<&str>) = keys.unzip();
    if keys.is_empty() {
        return Ok(vec![]);
    }
    let rows = tx
        .query(
            &format!(
                "SELECT p.key, p.path, x.hold_s
                 FROM unnest($1::text[], $2::text[]) AS p(key, path)
                 CROSS JOIN LATERAL (
                     SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM
                         e.received_at + $4::int4 * interval '1 hour' - now())))::int8 AS hold_s
                     FROM events e
                     WHERE {which} AND e.kind IN ('otp_sent', 'send_failed')
                       AND (CASE WHEN e.data->>'path' = 'name' THEN 'name'
                            ELSE 'confirmation' END) = p.path
                       AND e.received_at > now() - $4::int4 * interval '1 hour'
                     ORDER BY e.received_at DESC OFFSET $3 LIMIT 1
                 ) AS x"
            ),
            &[&keys, &paths, &(cap - 1), &window_h],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// Records a hold of each booking's sends on its path for its seconds and queues it for every
/// kiosk, skipping bookings already held that long give or take a minute: a stream of sends
/// from a kiosk that ignores holds moves the end forward with every push, and must not queue
/// a command per kiosk each time.
async fn hold(
    tx: &Transaction<'_>,
    holds: &[Hold],
    cap: &str,
    sends: i64,
    reason: &str,
) -> Result<u64, HubError> {
    if holds.is_empty() {
        return Ok(0);
    }
    let (bookings, paths, seconds) = columns(holds);
    // `now()` is the transaction's start, so `held_until - now()` gives back each hold's length.
    let queued = tx
        .execute(
            "WITH held AS (
                 INSERT INTO property_send_holds (reservation, path, cap, sends, held_until)
                 SELECT u.r, u.p, $4, $5::int8::int4, now() + u.s * interval '1 second'
                 FROM unnest($1::text[], $2::text[], $3::int8[]) AS u(r, p, s)
                 WHERE NOT EXISTS (
                     SELECT 1 FROM property_send_holds h
                     WHERE h.reservation = u.r AND h.path = u.p
                       AND h.held_until >= now() + (u.s - 60) * interval '1 second')
                 RETURNING reservation, path, held_until)
             INSERT INTO commands (kiosk, kind, reservation, staff, reason, path, hold_s, cap)
             SELECT k.id, 'send_hold', h.reservation, 'hub', $6, h.path,
                    CEIL(EXTRACT(EPOCH FROM h.held_until - now()))::int8, $4
             FROM held h CROSS JOIN kiosks k
             WHERE k.revoked_at IS NULL ORDER BY h.reservation, h.path, k.id",
            &[&bookings, &paths, &seconds, &cap, &sends, &reason],
        )
        .await?;
    if queued > 0 {
        tracing::info!(cap, sends, queued, "property-wide send hold");
    }
    Ok(queued)
}
