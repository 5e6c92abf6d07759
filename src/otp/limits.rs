//! Persisted abuse limits: sliding-window counters (`limit_events`), escalating cool-downs
//! (`cooldowns`) and reservation lockouts (`lockouts`). Every function runs inside the caller's
//! transaction, so a counter commits together with the action it counts and survives a power
//! cut or restart.
//!
//! Windows count events with `at_ms > now - window` and no upper bound: if the wall clock jumps
//! backwards, events stamped "in the future" still count, so a clock change never lowers a
//! counter. Cool-downs and locks clamp their remaining time to their own length for the same
//! reason (a backwards jump cannot stretch them).

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::StoreError;

/// What a counter counts. The text is the `scope` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every lookup on a kiosk (the looser cap).
    Lookup,
    /// Failed lookups on a kiosk (the cool-down trigger).
    LookupFailed,
    /// Gateway attempts of codes, per phone (keyed by a keyed hash, never the number), counted
    /// when permitted, whatever the gateway answered.
    SendPhone,
    /// Gateway attempts of codes, per reservation.
    SendReservation,
    /// Gateway attempts of any SMS from this kiosk (codes, notices, test SMS).
    SendKiosk,
    /// Gateway attempts of test SMS, per kiosk (their own hourly limit).
    TestSms,
    /// Wrong codes and wrong second-factor answers, per reservation (the lockout trigger).
    VerifyFailed,
    /// Wrong staff PINs on a kiosk (and, as a cool-down row, the short pause after five).
    StaffPinFailed,
    /// The staff PIN pad's lock after ten wrong PINs in a day (a cool-down row).
    StaffPadLock,
    /// Abuse alerts raised, per kiosk and cause (so an alert is written once per window).
    AbuseAlert,
    /// Locks made at this kiosk, per reservation (a booking locked twice in a day is an alert).
    LockReservation,
    /// Locks made at this kiosk, per kiosk (several bookings locked within an hour is an alert).
    LockKiosk,
    /// Lock notices sent, per phone (keyed hash): at most one a day.
    NoticePhone,
    /// Send attempts per E.164 prefix, for SMS-pumping detection.
    PrefixSend,
    /// Verified codes per E.164 prefix, for SMS-pumping detection.
    PrefixVerified,
    /// A pumping pause of an E.164 prefix (a cool-down row).
    PrefixPause,
    /// Sends held for a reservation on one lookup path because the property's kiosks together
    /// reached a send cap (a cool-down row set by a `send_hold` command).
    SendHold,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Lookup => "lookup",
            Scope::LookupFailed => "lookup_failed",
            Scope::SendPhone => "send_phone",
            Scope::SendReservation => "send_reservation",
            Scope::SendKiosk => "send_kiosk",
            Scope::TestSms => "test_sms",
            Scope::VerifyFailed => "verify_failed",
            Scope::StaffPinFailed => "staff_pin_failed",
            Scope::StaffPadLock => "staff_pad_lock",
            Scope::AbuseAlert => "abuse_alert",
            Scope::LockReservation => "lock_reservation",
            Scope::LockKiosk => "lock_kiosk",
            Scope::NoticePhone => "notice_phone",
            Scope::PrefixSend => "prefix_send",
            Scope::PrefixVerified => "prefix_verified",
            Scope::PrefixPause => "prefix_pause",
            Scope::SendHold => "send_hold",
        }
    }
}

/// The longest window any rule looks back; older rows are pruned.
pub const LONGEST_WINDOW: Duration = Duration::from_secs(24 * 3600);

pub fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Counts one event.
pub fn record(conn: &Connection, scope: Scope, key: &str, now_ms: i64) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO limit_events (scope, key, at_ms) VALUES (?1, ?2, ?3)")?
        .execute(params![scope.as_str(), key, now_ms])?;
    Ok(())
}

/// Events of `scope`/`key` after `since_ms` (exclusive).
pub fn count_since(
    conn: &Connection,
    scope: Scope,
    key: &str,
    since_ms: i64,
) -> Result<u32, StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM limit_events WHERE scope = ?1 AND key = ?2 AND at_ms > ?3",
        )?
        .query_row(params![scope.as_str(), key, since_ms], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Events in the window ending now.
pub fn count_in_window(
    conn: &Connection,
    scope: Scope,
    key: &str,
    now_ms: i64,
    window: Duration,
) -> Result<u32, StoreError> {
    count_since(conn, scope, key, now_ms.saturating_sub(ms(window)))
}

/// When the window will next have room: the oldest counted event leaves it then.
pub fn window_frees_in(
    conn: &Connection,
    scope: Scope,
    key: &str,
    now_ms: i64,
    window: Duration,
) -> Result<Duration, StoreError> {
    let since = now_ms.saturating_sub(ms(window));
    let oldest: Option<i64> = conn
        .prepare_cached(
            "SELECT MIN(at_ms) FROM limit_events WHERE scope = ?1 AND key = ?2 AND at_ms > ?3",
        )?
        .query_row(params![scope.as_str(), key, since], |r| r.get(0))?;
    let frees_at = oldest.unwrap_or(now_ms).saturating_add(ms(window));
    // Clamp: an event stamped in the future (clock went back) never blocks for longer than the
    // window itself.
    let wait = frees_at.saturating_sub(now_ms).clamp(0, ms(window));
    Ok(Duration::from_millis(u64::try_from(wait).unwrap_or(0)))
}

/// Drops events no rule can see any more (older than twice the longest window).
pub fn prune(conn: &Connection, now_ms: i64) -> Result<(), StoreError> {
    let cutoff = now_ms.saturating_sub(2 * ms(LONGEST_WINDOW));
    conn.prepare_cached("DELETE FROM limit_events WHERE at_ms < ?1")?
        .execute(params![cutoff])?;
    Ok(())
}

/// Deletes every event of `scope`/`key`.
pub fn forget(conn: &Connection, scope: Scope, key: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM limit_events WHERE scope = ?1 AND key = ?2")?
        .execute(params![scope.as_str(), key])?;
    Ok(())
}

/// Deletes every event of `scope`, whatever its key; returns how many there were.
pub fn forget_all(conn: &Connection, scope: Scope) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM limit_events WHERE scope = ?1")?
        .execute(params![scope.as_str()])?)
}

/// An escalating cool-down row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cooldown {
    /// How many times it tripped in a row (0 after the first trip).
    pub level: u32,
    pub until_ms: i64,
    /// When it last tripped.
    pub updated_ms: i64,
}

impl Cooldown {
    /// Time left, clamped to the cool-down's own length, or `None` when it has passed.
    pub fn remaining(&self, now_ms: i64) -> Option<Duration> {
        if now_ms >= self.until_ms {
            return None;
        }
        let left = (self.until_ms - now_ms)
            .min(self.until_ms - self.updated_ms)
            .max(0);
        if left == 0 {
            return None;
        }
        Some(Duration::from_millis(u64::try_from(left).unwrap_or(0)))
    }
}

pub fn cooldown_get(
    conn: &Connection,
    scope: Scope,
    key: &str,
) -> Result<Option<Cooldown>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT level, until_ms, updated_ms FROM cooldowns WHERE scope = ?1 AND key = ?2",
        )?
        .query_row(params![scope.as_str(), key], |r| {
            Ok(Cooldown {
                level: r
                    .get::<_, i64>(0)
                    .map(|l| u32::try_from(l).unwrap_or(u32::MAX))?,
                until_ms: r.get(1)?,
                updated_ms: r.get(2)?,
            })
        })
        .optional()?)
}

/// Trips a cool-down. The level grows by one when the previous trip was less than
/// `streak` ago, else starts again at 0; `length(level)` gives the duration.
pub fn cooldown_trip(
    conn: &Connection,
    scope: Scope,
    key: &str,
    now_ms: i64,
    streak: Duration,
    length: impl Fn(u32) -> Duration,
) -> Result<Cooldown, StoreError> {
    let level = match cooldown_get(conn, scope, key)? {
        Some(prev) if now_ms.saturating_sub(prev.updated_ms.max(prev.until_ms)) <= ms(streak) => {
            prev.level.saturating_add(1)
        }
        _ => 0,
    };
    let cd = Cooldown {
        level,
        until_ms: now_ms.saturating_add(ms(length(level))),
        updated_ms: now_ms,
    };
    conn.prepare_cached(
        "INSERT INTO cooldowns (scope, key, level, until_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(scope, key) DO UPDATE SET level = excluded.level, until_ms = excluded.until_ms,
            updated_ms = excluded.updated_ms",
    )?
    .execute(params![scope.as_str(), key, i64::from(cd.level), cd.until_ms, cd.updated_ms])?;
    Ok(cd)
}

/// Holds `key` until `until_ms` as a cool-down row of `scope`, never shortening a longer
/// hold already running (a relayed hold arrives late or twice).
pub fn cooldown_hold(
    conn: &Connection,
    scope: Scope,
    key: &str,
    now_ms: i64,
    until_ms: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO cooldowns (scope, key, level, until_ms, updated_ms) VALUES (?1, ?2, 0, ?3, ?4)
         ON CONFLICT(scope, key) DO UPDATE SET until_ms = excluded.until_ms,
            updated_ms = excluded.updated_ms
         WHERE cooldowns.until_ms <= ?4 OR excluded.until_ms > cooldowns.until_ms",
    )?
    .execute(params![scope.as_str(), key, until_ms, now_ms])?;
    Ok(())
}

/// Ends a cool-down now but keeps its level, so the next trip within the streak still
/// escalates (a pause lifted by staff doubles if the pattern comes back).
pub fn cooldown_lift(
    conn: &Connection,
    scope: Scope,
    key: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE cooldowns SET until_ms = ?3 WHERE scope = ?1 AND key = ?2 AND until_ms > ?3",
        )?
        .execute(params![scope.as_str(), key, now_ms])?;
    Ok(n > 0)
}

/// [`cooldown_lift`] for every key of `scope`; returns how many were running.
pub fn cooldown_lift_all(
    conn: &Connection,
    scope: Scope,
    now_ms: i64,
) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("UPDATE cooldowns SET until_ms = ?2 WHERE scope = ?1 AND until_ms > ?2")?
        .execute(params![scope.as_str(), now_ms])?)
}

/// The cool-downs of `scope` still running at `now_ms`, keyed.
pub fn cooldowns_running(
    conn: &Connection,
    scope: Scope,
    now_ms: i64,
) -> Result<Vec<(String, Cooldown)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, level, until_ms, updated_ms FROM cooldowns WHERE scope = ?1 AND until_ms > ?2
         ORDER BY until_ms DESC, key",
    )?;
    let rows = stmt.query_map(params![scope.as_str(), now_ms], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Cooldown {
                level: r
                    .get::<_, i64>(1)
                    .map(|l| u32::try_from(l).unwrap_or(u32::MAX))?,
                until_ms: r.get(2)?,
                updated_ms: r.get(3)?,
            },
        ))
    })?;
    let all: Vec<(String, Cooldown)> = rows.collect::<Result<_, _>>()?;
    Ok(all
        .into_iter()
        .filter(|(_, c)| c.remaining(now_ms).is_some())
        .collect())
}

pub fn cooldown_clear(conn: &Connection, scope: Scope, key: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM cooldowns WHERE scope = ?1 AND key = ?2")?
        .execute(params![scope.as_str(), key])?;
    Ok(())
}

/// `base · 2^level`, capped at `cap`.
pub fn escalate(base: Duration, level: u32, cap: Duration) -> Duration {
    let factor = 1u32.checked_shl(level.min(31)).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

/// The lookup path a code was asked through. Wrong codes, sends and locks count per path, so
/// a stranger who knows only a guest's name can never close the booking-number path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LookupPath {
    /// Booking number and surname, or a scan that carries a PMS secret.
    #[default]
    Confirmation,
    /// Surname and first name among the day's arrivals.
    Name,
}

impl LookupPath {
    pub fn as_str(self) -> &'static str {
        match self {
            LookupPath::Confirmation => "confirmation",
            LookupPath::Name => "name",
        }
    }

    pub fn parse(s: &str) -> Option<LookupPath> {
        match s {
            "confirmation" => Some(LookupPath::Confirmation),
            "name" => Some(LookupPath::Name),
            _ => None,
        }
    }

    /// The scope of the lock that failures on this path earn.
    pub fn lock_scope(self) -> LockScope {
        match self {
            LookupPath::Confirmation => LockScope::All,
            LookupPath::Name => LockScope::Name,
        }
    }

    /// The counter key for `key` (a reservation or phone key) on this path. The booking-number
    /// path keeps the bare key, so counters written before paths existed still count.
    pub fn key(self, key: &str) -> String {
        match self {
            LookupPath::Confirmation => key.to_owned(),
            LookupPath::Name => format!("name:{key}"),
        }
    }
}

/// What a lock closes: every lookup path, or the name path only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockScope {
    /// Earned through the booking number (or relayed without a scope): no path is open.
    All,
    /// Earned through name lookups: the booking number still works.
    Name,
}

impl LockScope {
    pub const ALL: [LockScope; 2] = [LockScope::All, LockScope::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            LockScope::All => "all",
            LockScope::Name => "name",
        }
    }

    /// A relayed command's `scope`; none means every path (commands from before scopes).
    pub fn parse(s: Option<&str>) -> Option<LockScope> {
        match s.map(str::trim) {
            None | Some("all") => Some(LockScope::All),
            Some("name") => Some(LockScope::Name),
            Some(_) => None,
        }
    }

    /// Whether a lock of this scope closes `path`.
    pub fn closes(self, path: LookupPath) -> bool {
        match self {
            LockScope::All => true,
            LockScope::Name => path == LookupPath::Name,
        }
    }
}

/// A reservation lockout row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lockout {
    pub scope: LockScope,
    pub locked_ms: i64,
    pub until_ms: i64,
    pub reason: String,
    /// When staff (or a remote command) cleared it; failures before this no longer count.
    pub cleared_ms: Option<i64>,
}

impl Lockout {
    /// Time left while locked, clamped to the lock's own length.
    pub fn remaining(&self, now_ms: i64) -> Option<Duration> {
        if self.cleared_ms.is_some_and(|c| c >= self.locked_ms) || now_ms >= self.until_ms {
            return None;
        }
        let left = (self.until_ms - now_ms)
            .min(self.until_ms - self.locked_ms)
            .max(0);
        (left > 0).then(|| Duration::from_millis(u64::try_from(left).unwrap_or(0)))
    }
}

const LOCKOUT_COLUMNS: &str = "scope, locked_ms, until_ms, reason, cleared_ms";

fn lockout_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Lockout> {
    let scope: String = r.get(first)?;
    Ok(Lockout {
        // The column's CHECK allows only these two.
        scope: if scope == "name" {
            LockScope::Name
        } else {
            LockScope::All
        },
        locked_ms: r.get(first + 1)?,
        until_ms: r.get(first + 2)?,
        reason: r.get(first + 3)?,
        cleared_ms: r.get(first + 4)?,
    })
}

pub fn lockout_get(
    conn: &Connection,
    reservation: &str,
    scope: LockScope,
) -> Result<Option<Lockout>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {LOCKOUT_COLUMNS} FROM lockouts WHERE reservation = ?1 AND scope = ?2"
        ))?
        .query_row(params![reservation, scope.as_str()], |r| lockout_row(r, 0))
        .optional()?)
}

/// Whether any lockout row (in force or not) exists for `reservation`.
pub fn has_lockout(conn: &Connection, reservation: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM lockouts WHERE reservation = ?1")?
        .exists(params![reservation])?)
}

/// The lock in force on `path`, if any, as its remaining time (the longest of the locks that
/// close the path).
pub fn locked_for(
    conn: &Connection,
    reservation: &str,
    path: LookupPath,
    now_ms: i64,
) -> Result<Option<Duration>, StoreError> {
    let mut left = None;
    for scope in LockScope::ALL.into_iter().filter(|s| s.closes(path)) {
        if let Some(d) = lockout_get(conn, reservation, scope)?.and_then(|l| l.remaining(now_ms)) {
            left = Some(left.map_or(d, |l: Duration| l.max(d)));
        }
    }
    Ok(left)
}

/// Locks (or re-locks) a reservation's `scope` until `until_ms`, never shortening a longer lock
/// in force (a relayed lock may be shorter than one earned here). Keeps the previous clear
/// time, so the failure window still starts after the last staff unlock.
pub fn lock(
    conn: &Connection,
    reservation: &str,
    scope: LockScope,
    now_ms: i64,
    until_ms: i64,
    reason: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO lockouts (reservation, scope, locked_ms, until_ms, reason) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(reservation, scope) DO UPDATE SET locked_ms = excluded.locked_ms,
            until_ms = MAX(lockouts.until_ms, excluded.until_ms), reason = excluded.reason",
    )?
    .execute(params![reservation, scope.as_str(), now_ms, until_ms, reason])?;
    Ok(())
}

/// Clears every lock of a reservation (staff or remote unlock) and starts each path's failure
/// count afresh. Returns whether a lock was in force.
pub fn clear(conn: &Connection, reservation: &str, now_ms: i64) -> Result<bool, StoreError> {
    let was_locked = is_locked(conn, reservation, now_ms)?;
    for scope in LockScope::ALL {
        conn.prepare_cached(
            "INSERT INTO lockouts (reservation, scope, locked_ms, until_ms, reason, cleared_ms)
             VALUES (?1, ?2, ?3, ?3, 'cleared', ?3)
             ON CONFLICT(reservation, scope) DO UPDATE SET cleared_ms = excluded.cleared_ms",
        )?
        .execute(params![reservation, scope.as_str(), now_ms])?;
    }
    Ok(was_locked)
}

/// The lockouts in force at `now_ms`: not run out and not cleared since they were set. One
/// condition for every caller (`kiosk status`, staff mode), so they always agree.
const IN_FORCE: &str = "until_ms > ?1 AND (cleared_ms IS NULL OR cleared_ms < locked_ms)";

/// How many reservations are locked right now (on any path).
pub fn active_lockouts(conn: &Connection, now_ms: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT COUNT(DISTINCT reservation) FROM lockouts WHERE {IN_FORCE}"
        ))?
        .query_row(params![now_ms], |r| r.get(0))?)
}

/// The reservations locked right now, one row each (the widest lock when both paths are
/// closed), the latest-ending first (so the lock that runs out soonest is last).
pub fn active_lockout_list(
    conn: &Connection,
    now_ms: i64,
) -> Result<Vec<(String, Lockout)>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT reservation, {LOCKOUT_COLUMNS} FROM lockouts
         WHERE {IN_FORCE} ORDER BY reservation, scope"
    ))?;
    let rows = stmt.query_map(params![now_ms], |r| {
        Ok((r.get::<_, String>(0)?, lockout_row(r, 1)?))
    })?;
    let mut list: Vec<(String, Lockout)> = Vec::new();
    for row in rows {
        let (reservation, lock) = row?;
        match list.last_mut() {
            // `all` sorts before `name`: the booking's first row is its widest lock.
            Some((prev, _)) if *prev == reservation => {}
            _ => list.push((reservation, lock)),
        }
    }
    list.sort_by(|a, b| b.1.until_ms.cmp(&a.1.until_ms).then_with(|| a.0.cmp(&b.0)));
    Ok(list)
}

/// Whether `reservation` is locked right now on any path (the same rule as
/// [`active_lockouts`]).
pub fn is_locked(conn: &Connection, reservation: &str, now_ms: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT 1 FROM lockouts WHERE reservation = ?2 AND {IN_FORCE}"
        ))?
        .exists(params![now_ms, reservation])?)
}

/// Where the failure window of `scope`'s lock starts: 24 h back, or the last clear if later.
pub fn failure_window_start(
    conn: &Connection,
    reservation: &str,
    scope: LockScope,
    now_ms: i64,
) -> Result<i64, StoreError> {
    let day_ago = now_ms.saturating_sub(ms(LONGEST_WINDOW));
    let Some(lock) = lockout_get(conn, reservation, scope)? else {
        return Ok(day_ago);
    };
    // `at_ms > start`: a failure in the same millisecond as the clear was before it.
    let mut start = lock.cleared_ms.map_or(day_ago, |c| c.max(day_ago));
    // A lock that ran its course also starts a fresh count: otherwise one typo after it lapses
    // would lock again at once, and a prankster could keep a guest locked out all stay.
    if now_ms >= lock.until_ms {
        start = start.max(lock.until_ms);
    }
    Ok(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn escalation_doubles_and_caps() {
        let s = Duration::from_secs;
        let table = [(0, 30), (1, 60), (2, 120), (3, 240), (4, 300), (40, 300)];
        for (level, want) in table {
            assert_eq!(escalate(s(30), level, s(300)), s(want), "level {level}");
        }
        let m = |n: u64| Duration::from_secs(60 * n);
        let staff = [(0, 1), (1, 2), (2, 4), (3, 8), (4, 15), (9, 15)];
        for (level, want) in staff {
            assert_eq!(escalate(m(1), level, m(15)), m(want), "staff level {level}");
        }
    }

    #[test]
    fn windows_count_future_stamped_events_and_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        {
            let store = Store::open(&path).unwrap();
            record(store.conn(), Scope::Lookup, "k1", 10_000).unwrap();
            record(store.conn(), Scope::Lookup, "k1", 20_000).unwrap();
            record(store.conn(), Scope::Lookup, "k2", 20_000).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let w = Duration::from_secs(60);
        assert_eq!(
            count_in_window(store.conn(), Scope::Lookup, "k1", 30_000, w).unwrap(),
            2
        );
        // Clock went back to before both events: they still count.
        assert_eq!(
            count_in_window(store.conn(), Scope::Lookup, "k1", 1_000, w).unwrap(),
            2
        );
        assert_eq!(
            count_in_window(store.conn(), Scope::Lookup, "k1", 75_000, w).unwrap(),
            1
        );
        assert_eq!(
            window_frees_in(store.conn(), Scope::Lookup, "k1", 30_000, w).unwrap(),
            Duration::from_secs(40)
        );
        assert_eq!(
            count_in_window(store.conn(), Scope::LookupFailed, "k1", 30_000, w).unwrap(),
            0
        );
    }

    #[test]
    fn cooldowns_escalate_within_a_streak_and_clamp_clock_jumps() {
        let (_d, store) = {
            let d = tempfile::tempdir().unwrap();
            let s = Store::open(&d.path().join("k.db")).unwrap();
            (d, s)
        };
        let c = store.conn();
        let len = |l| escalate(Duration::from_secs(30), l, Duration::from_secs(300));
        let streak = Duration::from_secs(300);
        let a = cooldown_trip(c, Scope::LookupFailed, "k", 0, streak, len).unwrap();
        assert_eq!((a.level, a.until_ms), (0, 30_000));
        let b = cooldown_trip(c, Scope::LookupFailed, "k", 31_000, streak, len).unwrap();
        assert_eq!((b.level, b.until_ms), (1, 91_000));
        // A long quiet spell restarts the streak.
        let fresh = cooldown_trip(c, Scope::LookupFailed, "k", 1_000_000, streak, len).unwrap();
        assert_eq!(fresh.level, 0);
        // Clock jumped back an hour: the remaining time is still at most the cool-down's length.
        assert_eq!(
            fresh.remaining(1_000_000 - 3_600_000),
            Some(Duration::from_secs(30))
        );
        assert_eq!(fresh.remaining(1_030_000), None);
    }

    const ALL: LockScope = LockScope::All;
    const CONF: LookupPath = LookupPath::Confirmation;

    #[test]
    fn locks_expire_clear_and_restart_the_failure_window() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::open(&d.path().join("k.db")).unwrap();
        let c = store.conn();
        lock(c, "A1", ALL, 1_000, 11_000, "failures").unwrap();
        assert_eq!(
            locked_for(c, "A1", CONF, 5_000).unwrap(),
            Some(Duration::from_secs(6))
        );
        assert_eq!(locked_for(c, "A1", CONF, 11_000).unwrap(), None);
        assert_eq!(
            failure_window_start(c, "A1", ALL, 100_000_000).unwrap(),
            100_000_000 - 86_400_000
        );
        lock(c, "A1", ALL, 20_000, 40_000, "failures").unwrap();
        assert!(clear(c, "A1", 25_000).unwrap());
        assert_eq!(locked_for(c, "A1", CONF, 26_000).unwrap(), None);
        assert_eq!(failure_window_start(c, "A1", ALL, 30_000).unwrap(), 25_000);
        assert_eq!(
            failure_window_start(c, "A1", LockScope::Name, 30_000).unwrap(),
            25_000,
            "an unlock restarts every path's count"
        );
        // A later lock is in force again despite the earlier clear.
        lock(c, "A1", ALL, 30_000, 50_000, "failures").unwrap();
        assert!(locked_for(c, "A1", CONF, 31_000).unwrap().is_some());
        assert_eq!(failure_window_start(c, "A1", ALL, 31_000).unwrap(), 25_000);
        assert!(!clear(c, "B2", 31_000).unwrap());
    }

    #[test]
    fn a_name_lock_closes_only_the_name_path() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::open(&d.path().join("k.db")).unwrap();
        let c = store.conn();
        lock(
            c,
            "A1",
            LockScope::Name,
            1_000,
            100_000,
            "too_many_failures",
        )
        .unwrap();
        assert!(
            locked_for(c, "A1", LookupPath::Name, 2_000)
                .unwrap()
                .is_some()
        );
        assert_eq!(locked_for(c, "A1", CONF, 2_000).unwrap(), None);
        // A lock of every path closes the name path too.
        lock(c, "B2", ALL, 1_000, 100_000, "too_many_failures").unwrap();
        assert!(
            locked_for(c, "B2", LookupPath::Name, 2_000)
                .unwrap()
                .is_some()
        );
        // Both scopes on one booking are one locked booking.
        lock(c, "A1", ALL, 1_000, 50_000, "too_many_failures").unwrap();
        assert_eq!(active_lockouts(c, 2_000).unwrap(), 2);
        let listed = active_lockout_list(c, 2_000).unwrap();
        assert_eq!(listed.len(), 2);
        let a1 = listed.iter().find(|(r, _)| r == "A1").unwrap();
        assert_eq!(a1.1.scope, ALL, "the widest lock is listed");
        assert!(clear(c, "A1", 3_000).unwrap());
        assert!(!is_locked(c, "A1", 4_000).unwrap());
    }

    #[test]
    fn only_locks_in_force_are_listed_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        let c = store.conn();
        lock(c, "RUNNING", ALL, 1_000, 100_000, "too_many_failures").unwrap();
        lock(c, "LATER", ALL, 1_000, 200_000, "too_many_failures").unwrap();
        lock(c, "OVER", ALL, 1_000, 5_000, "too_many_failures").unwrap();
        lock(c, "CLEARED", ALL, 1_000, 100_000, "too_many_failures").unwrap();
        clear(c, "CLEARED", 2_000).unwrap();
        assert_eq!(active_lockouts(c, 10_000).unwrap(), 2);
        let listed: Vec<String> = active_lockout_list(c, 10_000)
            .unwrap()
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(
            listed,
            ["LATER", "RUNNING"],
            "the lock ending soonest is last"
        );
        assert!(is_locked(c, "RUNNING", 10_000).unwrap());
        assert!(!is_locked(c, "CLEARED", 10_000).unwrap());
        assert!(!is_locked(c, "OVER", 10_000).unwrap());
        // A re-lock after a clear is in force again.
        lock(c, "CLEARED", ALL, 3_000, 100_000, "too_many_failures").unwrap();
        assert!(is_locked(c, "CLEARED", 10_000).unwrap());
        assert_eq!(active_lockouts(c, 150_000).unwrap(), 1);
    }
}
