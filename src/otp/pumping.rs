//! SMS-pumping detection. Toll fraud asks for many codes to a range of numbers it profits from
//! and verifies almost none; fixed caps miss it when it is slow. Sends and verified codes are
//! counted per E.164 prefix over a rolling window; when too few sends are verified after a
//! minimum volume, the prefix is paused (1 h, doubling on repeat within a day, at most a day)
//! and an `abuse_alert` is journaled. A prefix has at least 6 digits, so a pause never covers
//! a whole country. Staff can lift a pause (audited).
//!
//! Like wrong codes and locks, sends count per lookup path: a stranger who asks for codes by
//! name (for guests whose numbers share a prefix) can pause only the name search for it, never
//! the booking-number path the guests themselves use.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::json;

use super::alert;
use super::limits::{self, LockScope, LookupPath, Scope, ms};
use crate::clock::millis;
use crate::config::PumpingPolicy;
use crate::store::{EventKind, StoreError, journal};

/// The longest pause, however often a prefix repeats.
const PAUSE_MAX: Duration = Duration::from_secs(86_400);

/// The shortest prefix tracked: longer than any country code (at most 3 digits) by three.
const MIN_PREFIX: usize = 6;

/// The prefix of `e164` (`+351912345678` → `3519123` for 7 digits): digits only, and at least
/// four digits short of the number, so it never identifies a guest. `None` for a number too
/// short to have a prefix narrower than its country.
pub fn prefix(e164: &str, digits: u32) -> Option<String> {
    let digits = usize::try_from(digits).unwrap_or(MIN_PREFIX);
    let all: String = e164.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.min(all.len().saturating_sub(4));
    (keep >= MIN_PREFIX).then(|| all.chars().take(keep).collect())
}

/// The pause in force on `prefix` for codes asked through `path`, as its remaining time: a
/// pause earned on the booking-number path closes every path, one earned by name only the name
/// search.
pub fn paused_for(
    conn: &rusqlite::Connection,
    prefix: &str,
    path: LookupPath,
    now_ms: i64,
) -> Result<Option<Duration>, StoreError> {
    let mut left: Option<Duration> = None;
    for earned in [LookupPath::Confirmation, LookupPath::Name] {
        if !earned.lock_scope().closes(path) {
            continue;
        }
        let key = earned.key(prefix);
        if let Some(d) =
            limits::cooldown_get(conn, Scope::PrefixPause, &key)?.and_then(|c| c.remaining(now_ms))
        {
            left = Some(left.map_or(d, |l| l.max(d)));
        }
    }
    Ok(left)
}

/// Counts a code that was verified for a number under `prefix`, asked through `path`.
pub fn record_verified(
    conn: &rusqlite::Connection,
    prefix: &str,
    path: LookupPath,
    now_ms: i64,
) -> Result<(), StoreError> {
    limits::record(conn, Scope::PrefixVerified, &path.key(prefix), now_ms)
}

/// Counts a send to `prefix` and pauses it when the window's sends are verified too rarely.
/// Returns the new pause, if this send started one.
pub fn record_send(
    tx: &rusqlite::Connection,
    now: Timestamp,
    kiosk: &str,
    policy: &PumpingPolicy,
    prefix: &str,
    path: LookupPath,
) -> Result<Option<Duration>, StoreError> {
    let now_ms = millis(now);
    // Counters and the pause are this path's own (`name:` keys for the name search).
    let shown = prefix;
    let key = path.key(prefix);
    let prefix = key.as_str();
    limits::record(tx, Scope::PrefixSend, prefix, now_ms)?;
    let pause = limits::cooldown_get(tx, Scope::PrefixPause, prefix)?;
    if pause.is_some_and(|c| c.remaining(now_ms).is_some()) {
        return Ok(None);
    }
    // A pause that ended (or was lifted) starts the count afresh: judge what came after it.
    let since = pause
        .map_or(i64::MIN, |c| c.until_ms.min(now_ms))
        .max(now_ms.saturating_sub(ms(policy.window)));
    let sends = limits::count_since(tx, Scope::PrefixSend, prefix, since)?;
    if sends < policy.min_sends {
        return Ok(None);
    }
    let verified = limits::count_since(tx, Scope::PrefixVerified, prefix, since)?;
    if u64::from(verified) * 100 >= u64::from(sends) * u64::from(policy.min_verified_percent) {
        return Ok(None);
    }
    let base = policy.pause;
    let pause = limits::cooldown_trip(tx, Scope::PrefixPause, prefix, now_ms, PAUSE_MAX, |l| {
        limits::escalate(base, l, PAUSE_MAX)
    })?;
    let length = Duration::from_millis(u64::try_from(pause.until_ms - now_ms).unwrap_or(0));
    alert::raise(
        tx,
        now,
        kiosk,
        "sms_pumping",
        prefix,
        Duration::from_secs(60),
        json!({
            "prefix": shown,
            "scope": path.lock_scope().as_str(),
            "sends": sends,
            "verified": verified,
            "window_s": policy.window.as_secs(),
            "pause_s": length.as_secs(),
            "level": pause.level,
        }),
    )?;
    tracing::warn!(
        prefix,
        sends,
        verified,
        pause_s = length.as_secs(),
        "SMS pumping suspected: prefix paused"
    );
    Ok(Some(length))
}

/// A running pause, for `kiosk status` and staff health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub prefix: String,
    /// What it closes: every lookup path, or only the name search.
    pub scope: LockScope,
    pub until: Timestamp,
    /// How many times in a row it tripped (0 for the first).
    pub level: u32,
}

pub fn pauses(conn: &rusqlite::Connection, now_ms: i64) -> Result<Vec<Pause>, StoreError> {
    Ok(limits::cooldowns_running(conn, Scope::PrefixPause, now_ms)?
        .into_iter()
        .map(|(key, c)| {
            let (prefix, scope) = match key.strip_prefix("name:") {
                Some(bare) => (bare.to_owned(), LockScope::Name),
                None => (key, LockScope::All),
            };
            (prefix, scope, c)
        })
        .map(|(prefix, scope, c)| Pause {
            prefix,
            scope,
            until: super::ts(c.until_ms),
            level: c.level,
        })
        .collect())
}

/// A prefix as pauses key it, from what staff or a command wrote: the leading digits of E.164
/// (an optional `+` dropped), 1 to 15 of them; None for anything else.
pub fn parse_prefix(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text.strip_prefix('+').unwrap_or(text);
    ((1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.to_owned())
}

/// Lifts a pause (staff, here or through a sync command `command_id`): journals
/// `staff_override` with `action: "lift_pumping_pause"`. Returns whether a pause was in force.
/// The level is kept, so a repeat still doubles.
pub fn lift(
    tx: &rusqlite::Connection,
    now: Timestamp,
    prefix: &str,
    staff: &str,
    reason: &str,
    command_id: Option<&str>,
) -> Result<bool, StoreError> {
    // Both paths' pauses of the range: staff judged the range, not the path.
    let mut lifted = false;
    for path in [LookupPath::Confirmation, LookupPath::Name] {
        lifted |= limits::cooldown_lift(tx, Scope::PrefixPause, &path.key(prefix), millis(now))?;
    }
    let mut data = json!({
        "action": "lift_pumping_pause",
        "prefix": prefix,
        "staff": staff,
        "reason": reason,
        "was_paused": lifted,
    });
    if let Some(id) = command_id {
        data["command_id"] = json!(id);
        data["source"] = json!("upstream");
    }
    journal::append(tx, now, EventKind::StaffOverride, None, data)?;
    tracing::info!(prefix, lifted, "pumping pause lifted by staff");
    Ok(lifted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_is_never_a_whole_number_nor_a_whole_country() {
        assert_eq!(prefix("+351912345678", 7).as_deref(), Some("3519123"));
        assert_eq!(prefix("+447400123456", 6).as_deref(), Some("447400"));
        // A short number keeps at least four digits back.
        assert_eq!(prefix("+3541234567", 12).as_deref(), Some("354123"));
        // Too short for a prefix narrower than its country: not tracked.
        assert_eq!(prefix("+1201555", 7), None);
    }
}
