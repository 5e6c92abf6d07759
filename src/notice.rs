//! Security notices: the SMS a guest is owed when something happens to their booking that they
//! may not have done themselves — the booking locked after wrong codes (someone may be trying
//! their name), or the phone on file changed (NIST SP 800-63B-4 asks to notify on an
//! authenticator change). Notices are scheduled in the transaction that causes them and sent
//! when due, at most once each.
//!
//! Rules: a lock notice goes out at most once a day per phone, whatever the number of bookings
//! on it, never between 22:00 and 08:00 property time (it waits until 08:00 and is dropped if the
//! booking was unlocked by then), carries no link, and counts toward the kiosk and phone send
//! caps. A phone-changed notice goes to the old number at once.

use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use crate::clock::millis;
use crate::otp::OtpEngine;
use crate::otp::limits::{self, LookupPath, Scope};
use crate::phone::{Phone, mask_e164};
use crate::store::{EventKind, Store, StoreError, journal, reservation_in};

/// Quiet hours in property time: no lock notice wakes a guest.
pub const QUIET_FROM: Time = Time::constant(22, 0, 0, 0);
pub const QUIET_UNTIL: Time = Time::constant(8, 0, 0, 0);

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);
/// Notices claimed per pass; the rest wait for the next.
const BATCH: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Locked,
    PhoneChanged,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Locked => "locked",
            NoticeKind::PhoneChanged => "phone_changed",
        }
    }

    fn parse(s: &str) -> NoticeKind {
        if s == "phone_changed" {
            NoticeKind::PhoneChanged
        } else {
            NoticeKind::Locked
        }
    }
}

/// When a notice made at `now` may be sent: now, or 08:00 property time when `now` falls in
/// the quiet hours.
pub fn due_at(now: Timestamp, tz: &TimeZone) -> Timestamp {
    let local = now.to_zoned_datetime(tz.clone());
    let time = local.time();
    if time >= QUIET_UNTIL && time < QUIET_FROM {
        return now;
    }
    let day = if time >= QUIET_FROM {
        local.date().tomorrow().unwrap_or(local.date())
    } else {
        local.date()
    };
    day.to_datetime(QUIET_UNTIL)
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp())
        .unwrap_or(now)
}

/// Schedules a notice in the caller's transaction. `phone` only for a number no longer on the
/// booking (the old number of a phone change); a lock notice reads the booking's number when
/// it is sent.
pub fn schedule(
    tx: &rusqlite::Connection,
    now: Timestamp,
    kind: NoticeKind,
    reservation: &str,
    phone: Option<&str>,
    language: Option<&str>,
    due: Timestamp,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO notices (id, kind, reservation, phone, language, created_ms, due_ms, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')",
    )?
    .execute(params![
        uuid::Uuid::new_v4().to_string(),
        kind.as_str(),
        reservation,
        phone,
        language,
        millis(now),
        millis(due),
    ])?;
    Ok(())
}

/// A notice claimed for sending: counted in the caps and marked sent before the gateway is
/// asked, so a crash never sends it twice.
#[derive(Debug)]
pub struct Claimed {
    pub id: String,
    pub kind: NoticeKind,
    pub reservation: String,
    pub phone: Phone,
    pub language: String,
}

struct Pending {
    id: String,
    kind: NoticeKind,
    reservation: String,
    phone: Option<String>,
    language: Option<String>,
}

/// Claims the notices due at `now`, skipping (and journaling why) those that must not go out.
pub fn claim_due(
    store: &mut Store,
    engine: &OtpEngine,
    region: &str,
    now: Timestamp,
) -> Result<Vec<Claimed>, StoreError> {
    let now_ms = millis(now);
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let pending: Vec<Pending> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, kind, reservation, phone, language FROM notices
             WHERE state = 'pending' AND due_ms <= ?1 ORDER BY due_ms, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![now_ms, BATCH as i64], |r| {
            Ok(Pending {
                id: r.get(0)?,
                kind: NoticeKind::parse(&r.get::<_, String>(1)?),
                reservation: r.get(2)?,
                phone: r.get(3)?,
                language: r.get(4)?,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let policy = engine.policy();
    let mut claimed = Vec::new();
    for p in pending {
        let booking = reservation_in(&tx, &p.reservation)?;
        let raw = match p.kind {
            NoticeKind::Locked => booking.as_ref().and_then(|r| r.phone.clone()),
            NoticeKind::PhoneChanged => p.phone.clone(),
        };
        let phone = raw
            .as_deref()
            .and_then(|raw| Phone::parse(raw, region).ok())
            .filter(|ph| ph.sms_capability(&policy.allowed_countries).is_ok());
        let language = p
            .language
            .clone()
            .or_else(|| booking.as_ref().and_then(|r| r.language.clone()))
            .unwrap_or_else(|| "en".to_owned());
        let skip = match &phone {
            _ if p.kind == NoticeKind::Locked
                && !limits::is_locked(&tx, &p.reservation, now_ms)? =>
            {
                Some("unlocked")
            }
            None => Some("no_sms"),
            Some(ph) => {
                let key = engine.phone_key(ph.e164());
                if p.kind == NoticeKind::Locked
                    && limits::count_in_window(&tx, Scope::NoticePhone, &key, now_ms, DAY)? > 0
                {
                    Some("daily_limit")
                } else {
                    take_send(&tx, engine, ph.e164(), now_ms)?.map(CapReached::reason)
                }
            }
        };
        let masked = raw.as_deref().map(mask_e164);
        match (skip, phone) {
            (None, Some(phone)) => {
                if p.kind == NoticeKind::Locked {
                    let key = engine.phone_key(phone.e164());
                    limits::record(&tx, Scope::NoticePhone, &key, now_ms)?;
                }
                close(&tx, &p.id, "sent", "attempted", now_ms)?;
                claimed.push(Claimed {
                    id: p.id,
                    kind: p.kind,
                    reservation: p.reservation,
                    phone,
                    language,
                });
            }
            (reason, _) => {
                let reason = reason.unwrap_or("no_sms");
                close(&tx, &p.id, "skipped", reason, now_ms)?;
                journal::append(
                    &tx,
                    now,
                    EventKind::SecurityNotice,
                    Some(&p.reservation),
                    json!({"notice": p.kind.as_str(), "outcome": "skipped", "reason": reason, "phone": masked}),
                )?;
                tracing::info!(notice = p.kind.as_str(), reason, "security notice skipped");
            }
        }
    }
    tx.commit()?;
    Ok(claimed)
}

/// Why a notice's failover to the next gateway was not allowed.
#[derive(Debug, thiserror::Error)]
pub enum NoticeRefused {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("the kiosk's hourly SMS cap is reached; the notice stops at this gateway")]
    KioskCap,
    #[error("the phone's hourly SMS cap is reached; the notice stops at this gateway")]
    PhoneCap,
}

/// Which send cap a notice attempt met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CapReached {
    Kiosk,
    Phone,
}

impl CapReached {
    /// The `reason` of a skipped notice.
    fn reason(self) -> &'static str {
        match self {
            CapReached::Kiosk => "kiosk_cap",
            CapReached::Phone => "phone_cap",
        }
    }
}

/// One notice attempt to `e164`: checked against the kiosk's and the phone's hourly caps and,
/// when both have room, counted toward both, in the caller's transaction.
fn take_send(
    tx: &rusqlite::Connection,
    engine: &OtpEngine,
    e164: &str,
    now_ms: i64,
) -> Result<Option<CapReached>, StoreError> {
    let policy = engine.policy();
    let key = LookupPath::Confirmation.key(&engine.phone_key(e164));
    if limits::count_in_window(tx, Scope::SendKiosk, engine.kiosk_id(), now_ms, HOUR)?
        >= policy.sends_per_kiosk_per_hour
    {
        return Ok(Some(CapReached::Kiosk));
    }
    if limits::count_in_window(tx, Scope::SendPhone, &key, now_ms, HOUR)?
        >= policy.sends_per_phone_per_hour
    {
        return Ok(Some(CapReached::Phone));
    }
    limits::record(tx, Scope::SendKiosk, engine.kiosk_id(), now_ms)?;
    limits::record(tx, Scope::SendPhone, &key, now_ms)?;
    Ok(None)
}

/// Allows and counts a notice's next gateway attempt (a failover) against the kiosk and phone
/// caps, in one transaction, as a guest code's failover is.
pub fn permit_failover(
    store: &mut Store,
    engine: &OtpEngine,
    now: Timestamp,
    e164: &str,
) -> Result<(), NoticeRefused> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let reached = take_send(&tx, engine, e164, millis(now))?;
    tx.commit()?;
    match reached {
        None => Ok(()),
        Some(CapReached::Kiosk) => Err(NoticeRefused::KioskCap),
        Some(CapReached::Phone) => Err(NoticeRefused::PhoneCap),
    }
}

fn close(
    tx: &rusqlite::Connection,
    id: &str,
    state: &str,
    outcome: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    // The old number of a phone change is kept no longer than needed.
    tx.prepare_cached(
        "UPDATE notices SET state = ?2, outcome = ?3, done_ms = ?4, phone = NULL WHERE id = ?1",
    )?
    .execute(params![id, state, outcome, now_ms])?;
    Ok(())
}

/// Records what the gateway did with a claimed notice and journals `security_notice`.
pub fn record_outcome(
    store: &mut Store,
    now: Timestamp,
    notice: &Claimed,
    outcome: Result<&str, &str>,
) -> Result<(), StoreError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (state, data) = match outcome {
        Ok(gateway) => (
            "accepted",
            json!({"notice": notice.kind.as_str(), "outcome": "sent", "gateway": gateway, "phone": notice.phone.masked()}),
        ),
        Err(error) => (
            "failed",
            json!({"notice": notice.kind.as_str(), "outcome": "failed", "error": error, "phone": notice.phone.masked()}),
        ),
    };
    tx.prepare_cached("UPDATE notices SET outcome = ?2, state = CASE WHEN ?2 = 'failed' THEN 'failed' ELSE state END WHERE id = ?1")?
        .execute(params![notice.id, state])?;
    journal::append(
        &tx,
        now,
        EventKind::SecurityNotice,
        Some(&notice.reservation),
        data,
    )?;
    tx.commit()?;
    Ok(())
}

/// The next time a pending notice falls due, if any (the sender sleeps until then).
pub fn next_due(store: &Store) -> Result<Option<Timestamp>, StoreError> {
    let due: Option<i64> = store
        .conn()
        .query_row(
            "SELECT MIN(due_ms) FROM notices WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(due.map(crate::otp::ts))
}

/// How long until `due`, at least a second, at most an hour (a wall-clock jump is caught up
/// within the hour).
pub fn wait_until(now: Timestamp, due: Option<Timestamp>) -> Duration {
    let wait = due.map_or(HOUR, |d| {
        Duration::try_from(d.duration_since(now)).unwrap_or(Duration::ZERO)
    });
    wait.clamp(Duration::from_secs(1), HOUR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[test]
    fn notices_wait_out_the_quiet_hours_in_property_time() {
        let tz = TimeZone::get("Europe/Lisbon").unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // Lisbon is UTC+0 in winter.
        assert_eq!(
            due_at(at("2026-12-01T10:00:00Z"), &tz),
            at("2026-12-01T10:00:00Z")
        );
        assert_eq!(
            due_at(at("2026-12-01T21:59:59Z"), &tz),
            at("2026-12-01T21:59:59Z")
        );
        assert_eq!(
            due_at(at("2026-12-01T22:00:00Z"), &tz),
            at("2026-12-02T08:00:00Z")
        );
        assert_eq!(
            due_at(at("2026-12-02T03:10:00Z"), &tz),
            at("2026-12-02T08:00:00Z")
        );
        assert_eq!(
            due_at(at("2026-12-02T08:00:00Z"), &tz),
            at("2026-12-02T08:00:00Z")
        );
        // UTC+1 in summer: 07:30 UTC is 08:30 local, already awake.
        assert_eq!(
            due_at(at("2026-07-01T07:30:00Z"), &tz),
            at("2026-07-01T07:30:00Z")
        );
        assert_eq!(
            due_at(at("2026-07-01T06:30:00Z"), &tz),
            at("2026-07-01T07:00:00Z")
        );
    }

    #[test]
    fn the_sender_waits_for_the_next_due_notice_within_bounds() {
        let now = "2026-12-01T10:00:00Z".parse::<Timestamp>().unwrap();
        assert_eq!(wait_until(now, None), HOUR);
        let soon = now.checked_add(SignedDuration::from_secs(90)).unwrap();
        assert_eq!(wait_until(now, Some(soon)), Duration::from_secs(90));
        let past = now.checked_sub(SignedDuration::from_secs(90)).unwrap();
        assert_eq!(wait_until(now, Some(past)), Duration::from_secs(1));
    }
}
