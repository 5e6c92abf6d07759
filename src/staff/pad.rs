//! The staff PIN pad's guard against guessing from the lobby. Wrong PINs are counted per kiosk
//! over 24 h, and a good login does not forget them (else an attacker who watched one login
//! would start afresh). The fifth wrong PIN of a count pauses the pad for a minute (a typo
//! warning for staff); the tenth locks it for 1 h, doubling on each lock within a day up to
//! 24 h. A lock starts a fresh count, so the pad allows at most ten guesses per lock period.
//! Only `kiosk staff reset-pad` or a remote `unlock-pad` command clears the count and the lock.
//!
//! Everything is persisted in `limit_events`/`cooldowns` in the caller's transaction, so a
//! restart or power cut changes nothing.

use std::time::Duration;

use rusqlite::Connection;

use crate::otp::limits::{self, Cooldown, Scope, escalate};
use crate::store::StoreError;

/// Wrong PINs in a count before the short pause.
pub const PAUSE_AFTER: u32 = 5;
/// The short pause after [`PAUSE_AFTER`] wrong PINs (it does not escalate: the lock does).
pub const PAUSE: Duration = Duration::from_secs(60);
/// Wrong PINs within [`COUNT_WINDOW`] that lock the pad.
pub const LOCK_AFTER: u32 = 10;
/// How far back wrong PINs count.
pub const COUNT_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// The first lock; each further lock within a day of the last one doubles it.
pub const LOCK: Duration = Duration::from_secs(3600);
/// The longest lock.
pub const LOCK_MAX: Duration = Duration::from_secs(24 * 3600);

/// Whether the pad takes a PIN now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadState {
    Open,
    /// The short pause after five wrong PINs.
    Paused {
        retry_after: Duration,
    },
    /// Locked after ten wrong PINs in a day, until `retry_after` passes or IT resets it.
    Locked {
        retry_after: Duration,
    },
}

/// What one wrong PIN did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrong {
    /// Wrong PINs in the current count, this one included.
    pub failures: u32,
    pub tripped: Option<Trip>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trip {
    Paused(Duration),
    /// `level` 0 is the first lock within a day (1 h).
    Locked {
        length: Duration,
        level: u32,
    },
}

/// What a reset cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reset {
    pub was_locked: bool,
    /// Wrong PINs that were counted and are now forgotten.
    pub failures: usize,
}

fn lock_row(conn: &Connection, kiosk: &str) -> Result<Option<Cooldown>, StoreError> {
    limits::cooldown_get(conn, Scope::StaffPadLock, kiosk)
}

/// The pad's state at `now_ms`. A lock outranks a pause.
pub fn state(conn: &Connection, kiosk: &str, now_ms: i64) -> Result<PadState, StoreError> {
    if let Some(retry_after) = lock_row(conn, kiosk)?.and_then(|c| c.remaining(now_ms)) {
        return Ok(PadState::Locked { retry_after });
    }
    if let Some(retry_after) =
        limits::cooldown_get(conn, Scope::StaffPinFailed, kiosk)?.and_then(|c| c.remaining(now_ms))
    {
        return Ok(PadState::Paused { retry_after });
    }
    Ok(PadState::Open)
}

/// Counts one wrong PIN and trips the pause or the lock it earns. Runs in the caller's
/// transaction.
pub fn record_wrong(conn: &Connection, kiosk: &str, now_ms: i64) -> Result<Wrong, StoreError> {
    limits::record(conn, Scope::StaffPinFailed, kiosk, now_ms)?;
    let failures =
        limits::count_in_window(conn, Scope::StaffPinFailed, kiosk, now_ms, COUNT_WINDOW)?;
    let tripped = if failures >= LOCK_AFTER {
        // A lock within a day of the last one's end doubles it.
        let cd = limits::cooldown_trip(
            conn,
            Scope::StaffPadLock,
            kiosk,
            now_ms,
            COUNT_WINDOW,
            |level| escalate(LOCK, level, LOCK_MAX),
        )?;
        // The ten are spent: the next lock needs ten more. (A pause cannot be running: no PIN
        // is checked during one.)
        limits::forget(conn, Scope::StaffPinFailed, kiosk)?;
        Some(Trip::Locked {
            length: cd.remaining(now_ms).unwrap_or_default(),
            level: cd.level,
        })
    } else if failures == PAUSE_AFTER {
        limits::cooldown_trip(
            conn,
            Scope::StaffPinFailed,
            kiosk,
            now_ms,
            Duration::ZERO,
            |_| PAUSE,
        )?;
        Some(Trip::Paused(PAUSE))
    } else {
        None
    };
    Ok(Wrong { failures, tripped })
}

/// Clears the count, the pause and the lock. Every key is cleared, not only this kiosk id's:
/// a database belongs to one kiosk, and a renamed `[kiosk] id` must not leave a lock behind.
/// The lock's level is kept (as for a lifted pumping pause), so an attack that resumes within
/// a day gets the next, longer lock.
pub fn reset(conn: &Connection, now_ms: i64) -> Result<Reset, StoreError> {
    let was_locked = limits::cooldown_lift_all(conn, Scope::StaffPadLock, now_ms)? > 0;
    limits::cooldown_lift_all(conn, Scope::StaffPinFailed, now_ms)?;
    let failures = limits::forget_all(conn, Scope::StaffPinFailed)?;
    Ok(Reset {
        was_locked,
        failures,
    })
}
