//! What the front desk sees and does across the property's kiosks, as plain data: current
//! lockouts, today's arrivals, each kiosk's health, the last 24 hours of OTP activity, and the
//! staff actions (unlock, reset a PIN pad, lift a pumping pause) that reach kiosks as commands
//! and are audited in the same transaction. The console renders it; nothing here knows HTML.

use std::collections::HashMap;

use deadpool_postgres::{GenericClient, Pool};
use jiff::Timestamp;

use crate::HubError;
use crate::audit::{self, Entry};

/// Milliseconds since the epoch of a `timestamptz` column, for SQL.
macro_rules! ms {
    ($col:literal) => {
        concat!("(EXTRACT(EPOCH FROM ", $col, ") * 1000)::int8")
    };
}

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A guest's name as the desk list shows it: the first name's initial and the surname's first
/// two letters, enough to tell bookings apart without a stranger behind the desk reading it.
pub fn masked_name(first: &str, last: &str) -> String {
    let initial: String = first.chars().take(1).collect();
    let surname: String = last.chars().take(2).collect();
    match (initial.is_empty(), surname.is_empty()) {
        (true, true) => "—".to_owned(),
        (false, true) => format!("{initial}."),
        (true, false) => format!("{surname}…"),
        (false, false) => format!("{initial}. {surname}…"),
    }
}

/// A booking locked at one kiosk, as that kiosk reported it.
#[derive(Debug, Clone)]
pub struct Lockout {
    pub reservation: String,
    pub name: String,
    pub kiosk: String,
    pub scope: String,
    pub since: Timestamp,
    pub until: Timestamp,
    /// Wrong codes that earned it here, or none when the lock was relayed from elsewhere.
    pub failures: Option<i64>,
    pub relayed_reason: Option<String>,
}

/// Every lock in force at some kiosk: the newest `locked` of each kiosk, booking and scope that
/// has not ended and that no later unlock at that kiosk lifted.
pub async fn lockouts(
    client: &impl GenericClient,
    now: Timestamp,
) -> Result<Vec<Lockout>, HubError> {
    let rows = client
        .query(
            concat!(
                "SELECT DISTINCT ON (e.kiosk, e.reservation, COALESCE(e.data->>'scope', 'all'))
                    e.reservation, k.name, COALESCE(e.data->>'scope', 'all'), ",
                ms!("e.received_at"),
                ", e.data->>'until', (e.data->>'failures'), e.data->>'source', e.data->>'reason',
                    a.record->>'first_name', a.record->>'last_name'
                 FROM events e
                 JOIN kiosks k ON k.id = e.kiosk AND k.revoked_at IS NULL
                 LEFT JOIN arrivals a ON a.confirmation = e.reservation
                 WHERE e.kind = 'locked' AND e.reservation IS NOT NULL
                   AND e.received_at > now() - interval '3 days'
                   AND NOT EXISTS (
                       SELECT 1 FROM events u
                       WHERE u.kiosk = e.kiosk AND u.reservation = e.reservation AND u.seq > e.seq
                         AND (u.kind = 'unlocked'
                              OR (u.kind = 'staff_override' AND u.data->>'action' = 'unlock')))
                 ORDER BY e.kiosk, e.reservation, COALESCE(e.data->>'scope', 'all'), e.seq DESC"
            ),
            &[],
        )
        .await?;
    let mut out = Vec::new();
    for r in rows {
        // The kiosk's own clock wrote `until`; a value it cannot parse is shown as ended.
        let until: Option<String> = r.get(4);
        let Some(until) = until.and_then(|u| u.parse::<Timestamp>().ok()) else {
            continue;
        };
        if until <= now {
            continue;
        }
        let source: Option<String> = r.get(6);
        let first: Option<String> = r.get(8);
        let last: Option<String> = r.get(9);
        let failures: Option<String> = r.get(5);
        out.push(Lockout {
            reservation: r.get(0),
            kiosk: r.get(1),
            scope: r.get(2),
            since: ts(r.get(3)),
            until,
            failures: failures.and_then(|f| f.parse().ok()),
            relayed_reason: if source.as_deref() == Some("upstream") {
                r.get(7)
            } else {
                None
            },
            name: masked_name(
                first.as_deref().unwrap_or(""),
                last.as_deref().unwrap_or(""),
            ),
        });
    }
    out.sort_by(|a, b| b.since.cmp(&a.since).then(a.kiosk.cmp(&b.kiosk)));
    Ok(out)
}

/// Where a booking of today's arrivals stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrivalState {
    Expected,
    CheckedIn { kiosk: String, at: Timestamp },
    RoomPending { kiosk: String, at: Timestamp },
    Locked,
}

#[derive(Debug, Clone)]
pub struct Arrival {
    pub reservation: String,
    pub name: String,
    pub status: String,
    pub room: Option<String>,
    pub state: ArrivalState,
}

/// The bookings arriving on `today` (the property's date) and what happened to each at the
/// kiosks.
pub async fn arrivals_today(
    client: &impl GenericClient,
    today: jiff::civil::Date,
    now: Timestamp,
) -> Result<Vec<Arrival>, HubError> {
    let locked: std::collections::BTreeSet<String> = lockouts(client, now)
        .await?
        .into_iter()
        .map(|l| l.reservation)
        .collect();
    let rows = client
        .query(
            concat!(
                "SELECT a.confirmation, a.record->>'first_name', a.record->>'last_name',
                        a.record->>'status', a.record->>'room', o.kind, k.name, ",
                ms!("o.received_at"),
                " FROM arrivals a
                 LEFT JOIN LATERAL (
                     SELECT e.kind, e.kiosk, e.received_at FROM events e
                     WHERE e.reservation = a.confirmation
                       AND e.kind IN ('checked_in', 'checkin_pending_room')
                     ORDER BY e.received_at DESC LIMIT 1) o ON true
                 LEFT JOIN kiosks k ON k.id = o.kiosk
                 WHERE a.record IS NOT NULL AND a.record->>'arrival' = $1
                 ORDER BY a.record->>'last_name', a.confirmation"
            ),
            &[&today.to_string()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let reservation: String = r.get(0);
            let first: Option<String> = r.get(1);
            let last: Option<String> = r.get(2);
            let kind: Option<String> = r.get(5);
            let kiosk: Option<String> = r.get(6);
            let at: Option<i64> = r.get(7);
            let state = match (kind.as_deref(), kiosk, at) {
                (Some("checked_in"), Some(kiosk), Some(at)) => {
                    ArrivalState::CheckedIn { kiosk, at: ts(at) }
                }
                (Some(_), Some(kiosk), Some(at)) => ArrivalState::RoomPending { kiosk, at: ts(at) },
                _ if locked.contains(&reservation) => ArrivalState::Locked,
                _ => ArrivalState::Expected,
            };
            Arrival {
                name: masked_name(
                    first.as_deref().unwrap_or(""),
                    last.as_deref().unwrap_or(""),
                ),
                reservation,
                status: r.get::<_, Option<String>>(3).unwrap_or_default(),
                room: r.get(4),
                state,
            }
        })
        .collect())
}

/// A pumping pause in force at a kiosk (an `sms_pumping` alert's pause not yet over or lifted).
#[derive(Debug, Clone)]
pub struct PumpingPause {
    pub prefix: String,
    pub until: Timestamp,
}

/// One kiosk's health as the desk sees it.
#[derive(Debug, Clone)]
pub struct KioskHealth {
    pub name: String,
    pub last_seen: Option<Timestamp>,
    /// Events the kiosk said it had not pushed yet, and when it said so.
    pub backlog: Option<(i64, Timestamp)>,
    pub gateway_failures_24h: i64,
    /// (cause, when) of the abuse alerts of the last 24 h, newest first.
    pub abuse_alerts: Vec<(String, Timestamp)>,
    pub pauses: Vec<PumpingPause>,
    /// Until when its staff PIN pad is locked, if it is.
    pub pad_locked_until: Option<Timestamp>,
    /// Seconds its clock is off from the hub's, when beyond the tolerance.
    pub clock_off_s: Option<i64>,
}

pub async fn kiosks(
    client: &impl GenericClient,
    now: Timestamp,
) -> Result<Vec<KioskHealth>, HubError> {
    let offsets = crate::skew::offsets(client).await?;
    let rows = client
        .query(
            concat!(
                "SELECT k.id, k.name, ",
                ms!("k.last_seen_at"),
                ", k.backlog, ",
                ms!("k.backlog_at"),
                ", (SELECT COUNT(*) FROM events e WHERE e.kiosk = k.id AND e.kind = 'send_failed'
                       AND e.received_at > now() - interval '24 hours')
                 FROM kiosks k WHERE k.revoked_at IS NULL ORDER BY k.name"
            ),
            &[],
        )
        .await?;
    // Three grouped queries for all kiosks, not three per kiosk.
    let alerts = by_kiosk(
        client
            .query(
                concat!(
                    "SELECT kiosk, COALESCE(data->>'cause', '?'), ",
                    ms!("received_at"),
                    ", data->>'prefix', (data->>'pause_s'), seq FROM events
                     WHERE kind = 'abuse_alert' AND received_at > now() - interval '24 hours'
                     ORDER BY kiosk, seq DESC"
                ),
                &[],
            )
            .await?,
    );
    // A pause is over once its time has passed or staff at that kiosk (or from here)
    // lifted that prefix after it began.
    let lifts = by_kiosk(
        client
            .query(
                "SELECT kiosk, data->>'prefix', seq FROM events
                 WHERE kind = 'staff_override' AND data->>'action' = 'lift_pumping_pause'
                   AND received_at > now() - interval '48 hours'",
                &[],
            )
            .await?,
    );
    let pads = by_kiosk(
        client
            .query(
                concat!(
                    "SELECT DISTINCT ON (e.kiosk) e.kiosk, ",
                    ms!("e.received_at"),
                    ", (e.data->>'locked_s') FROM events e
                     WHERE e.kind = 'staff_login_failed'
                       AND e.data->>'locked_s' IS NOT NULL
                       AND e.received_at > now() - interval '2 days'
                       AND NOT EXISTS (
                           SELECT 1 FROM events r WHERE r.kiosk = e.kiosk AND r.seq > e.seq
                             AND r.kind = 'staff_override'
                             AND r.data->>'action' IN ('reset_pad', 'unlock_pad'))
                     ORDER BY e.kiosk, e.seq DESC"
                ),
                &[],
            )
            .await?,
    );
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.get(0);
        let lifts = lifts.get(&id).map(Vec::as_slice).unwrap_or_default();
        let mut abuse_alerts = Vec::new();
        let mut pauses: Vec<PumpingPause> = Vec::new();
        for a in alerts.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let cause: String = a.get(1);
            let at = ts(a.get(2));
            let prefix: Option<String> = a.get(3);
            let pause_s: Option<String> = a.get(4);
            let seq: i64 = a.get(5);
            if let (Some(prefix), Some(pause_s)) =
                (prefix, pause_s.and_then(|p| p.parse::<i64>().ok()))
            {
                let until = at
                    .checked_add(jiff::SignedDuration::from_secs(pause_s))
                    .unwrap_or(at);
                let lifted = lifts.iter().any(|l| {
                    l.get::<_, Option<String>>(1).as_deref() == Some(prefix.as_str())
                        && l.get::<_, i64>(2) > seq
                });
                if until > now && !lifted && !pauses.iter().any(|p| p.prefix == prefix) {
                    pauses.push(PumpingPause { prefix, until });
                }
            }
            abuse_alerts.push((cause, at));
        }
        let pad = pads.get(&id).and_then(|rows| rows.first());
        let pad_locked_until = pad.and_then(|p| {
            let at = ts(p.get(1));
            let secs: Option<String> = p.get(2);
            let until = at
                .checked_add(jiff::SignedDuration::from_secs(secs?.parse().ok()?))
                .ok()?;
            (until > now).then_some(until)
        });
        let backlog: Option<i64> = r.get(3);
        let backlog_at: Option<i64> = r.get(4);
        out.push(KioskHealth {
            name: r.get(1),
            last_seen: r.get::<_, Option<i64>>(2).map(ts),
            backlog: backlog.zip(backlog_at.map(ts)),
            gateway_failures_24h: r.get(5),
            abuse_alerts,
            pauses,
            pad_locked_until,
            clock_off_s: offsets
                .get(&id)
                .copied()
                .filter(|o| o.abs() > crate::skew::TOLERANCE_S),
        });
    }
    Ok(out)
}

/// Rows grouped by their first column, a kiosk id, in the order they came.
fn by_kiosk(rows: Vec<tokio_postgres::Row>) -> HashMap<i64, Vec<tokio_postgres::Row>> {
    let mut grouped: HashMap<i64, Vec<tokio_postgres::Row>> = HashMap::new();
    for row in rows {
        grouped.entry(row.get(0)).or_default().push(row);
    }
    grouped
}

/// Codes sent, verified and wrong in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hour {
    pub start: Timestamp,
    pub sent: i64,
    pub verified: i64,
    pub wrong: i64,
}

/// The last 24 whole hours and the current one, oldest first, by when the hub received the
/// events (a kiosk's clock that is off does not move them).
pub async fn activity(client: &impl GenericClient) -> Result<Vec<Hour>, HubError> {
    let rows = client
        .query(
            concat!(
                "SELECT ",
                ms!("h"),
                ", COUNT(e.id) FILTER (WHERE e.kind = 'otp_sent'),
                        COUNT(e.id) FILTER (WHERE e.kind = 'otp_verified'),
                        COUNT(e.id) FILTER (WHERE e.kind = 'otp_failed')
                 FROM generate_series(date_trunc('hour', now()) - interval '24 hours',
                                      date_trunc('hour', now()), interval '1 hour') AS h
                 LEFT JOIN events e ON e.received_at >= h AND e.received_at < h + interval '1 hour'
                      AND e.kind IN ('otp_sent', 'otp_verified', 'otp_failed')
                 GROUP BY h ORDER BY h"
            ),
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Hour {
            start: ts(r.get(0)),
            sent: r.get(1),
            verified: r.get(2),
            wrong: r.get(3),
        })
        .collect())
}

/// Why a staff action was refused; the console shows it on the form.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("a reason of 3 to 500 characters on one line is required")]
    Reason,
    #[error("no active kiosk of that name")]
    NoKiosk,
    #[error("not a booking number")]
    Booking,
    #[error("not an E.164 prefix")]
    Prefix,
    #[error(transparent)]
    Hub(#[from] HubError),
}

impl From<tokio_postgres::Error> for Refused {
    fn from(e: tokio_postgres::Error) -> Self {
        Refused::Hub(e.into())
    }
}

impl From<deadpool_postgres::PoolError> for Refused {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Refused::Hub(e.into())
    }
}

fn reason_of(reason: &str) -> Result<&str, Refused> {
    let reason = reason.trim();
    // One line of plain text: no control characters (a NUL, a newline forging a second log or
    // audit line) and no bidi overrides (text that reads differently from what it is).
    let plain = |c: char| {
        !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if (3..=500).contains(&reason.chars().count()) && reason.chars().all(plain) {
        Ok(reason)
    } else {
        Err(Refused::Reason)
    }
}

/// Lifts `reservation`'s lockout at every kiosk (an `unlock` command to each) and restarts the
/// property's count of its wrong codes; returns the number of kiosks it goes to.
pub async fn unlock(
    pool: &Pool,
    staff: &str,
    reservation: &str,
    reason: &str,
) -> Result<u64, Refused> {
    let reason = reason_of(reason)?;
    let reservation = lobby_kiosk::names::confirmation_key(reservation);
    if reservation.is_empty() || reservation.len() > 32 {
        return Err(Refused::Booking);
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO property_unlocks (reservation, staff) VALUES ($1, $2)",
        &[&reservation, &staff],
    )
    .await?;
    let kiosks = tx
        .execute(
            "INSERT INTO commands (kiosk, kind, reservation, staff, reason)
             SELECT id, 'unlock', $1, $2, $3 FROM kiosks WHERE revoked_at IS NULL ORDER BY id",
            &[&reservation, &staff, &reason],
        )
        .await?;
    audit::record(
        &tx,
        &Entry {
            staff,
            action: "unlock",
            reservation: Some(&reservation),
            reason: Some(reason),
            detail: serde_json::json!({"kiosks": kiosks}),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff, kiosks, "console unlock queued");
    Ok(kiosks)
}

/// Clears `kiosk`'s locked staff PIN pad (an `unlock-pad` command).
pub async fn reset_pad(pool: &Pool, staff: &str, kiosk: &str, reason: &str) -> Result<(), Refused> {
    let reason = reason_of(reason)?;
    command_for_kiosk(pool, staff, kiosk, "unlock-pad", None, reason, "reset_pad").await
}

/// Lifts `kiosk`'s pumping pause on `prefix` (a `lift_pumping_pause` command).
pub async fn lift_pause(
    pool: &Pool,
    staff: &str,
    kiosk: &str,
    prefix: &str,
    reason: &str,
) -> Result<(), Refused> {
    let reason = reason_of(reason)?;
    let prefix = lobby_kiosk::otp::pumping::parse_prefix(prefix).ok_or(Refused::Prefix)?;
    command_for_kiosk(
        pool,
        staff,
        kiosk,
        "lift_pumping_pause",
        Some(&prefix),
        reason,
        "lift_pumping_pause",
    )
    .await
}

async fn command_for_kiosk(
    pool: &Pool,
    staff: &str,
    kiosk: &str,
    kind: &str,
    prefix: Option<&str>,
    reason: &str,
    action: &str,
) -> Result<(), Refused> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let n = tx
        .execute(
            "INSERT INTO commands (kiosk, kind, staff, reason, prefix)
             SELECT id, $2, $3, $4, $5 FROM kiosks WHERE name = $1 AND revoked_at IS NULL",
            &[&kiosk, &kind, &staff, &reason, &prefix],
        )
        .await?;
    if n == 0 {
        return Err(Refused::NoKiosk);
    }
    audit::record(
        &tx,
        &Entry {
            staff,
            action,
            kiosk: Some(kiosk),
            reason: Some(reason),
            detail: match prefix {
                Some(p) => serde_json::json!({"prefix": p}),
                None => serde_json::json!({}),
            },
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff, kiosk, kind, "console command queued");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_to_an_initial_and_two_letters() {
        assert_eq!(masked_name("Kim", "Lee"), "K. Le…");
        assert_eq!(masked_name("", "Lee"), "Le…");
        assert_eq!(masked_name("Émile", "Ö"), "É. Ö…");
        assert_eq!(masked_name("", ""), "—");
    }
}
