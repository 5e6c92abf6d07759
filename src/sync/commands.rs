//! Remote commands (`unlock`, `lock`, `send_hold`, `unlock-pad`): each applied exactly once. The change, its
//! journal event (carrying `command_id`) and the stored last command id commit in one
//! transaction; the journal event is also the record that the command was applied, so a
//! duplicate delivery is recognised even after the cursor moved on.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{keys, status};
use crate::names::{confirmation_key, masked_confirmation};
use crate::otp::limits::{self, LockScope, LookupPath};
use crate::store::{self, EventKind, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub reservation: Option<String>,
    #[serde(default)]
    pub staff: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// For `lock`: the lookup path it closes, `all` or `name`. Absent (commands from before
    /// scopes) means every path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// For `send_hold`: the lookup path whose sends are held, `confirmation` or `name`
    /// (absent: `confirmation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For `send_hold`: how long, in seconds from when the kiosk applies it (1–86400; a
    /// duration, not a time, so a kiosk clock that is off does not stretch or void it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_s: Option<i64>,
    /// For `send_hold`: the cap the property reached, `phone` or `reservation` (for the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
    /// For `lift_pumping_pause`: the E.164 prefix whose pause staff lifted (`+` and 1–8 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// The server's answer to `GET /v1/commands`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CommandsResponse {
    #[serde(default)]
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommandTally {
    pub applied: usize,
    pub rejected: usize,
    /// Delivered again after being applied (or rejected) before: ignored.
    pub duplicates: usize,
}

impl CommandTally {
    /// Whether the commands journaled anything (and so left events to push).
    pub fn journaled(&self) -> bool {
        self.applied + self.rejected > 0
    }
}

/// The lockouts row's `reason` for a lock relayed by upstream.
pub const REMOTE_LOCK_REASON: &str = "remote_lock";

/// The longest send hold a command may set: the longest send window (a day).
const MAX_HOLD_S: i64 = 24 * 3600;

/// A `send_hold`'s lookup path (none: the booking-number path) and length, or why it is refused.
fn send_hold_of(command: &Command) -> Result<(LookupPath, i64), String> {
    let path = match command.path.as_deref().map(str::trim) {
        None => LookupPath::Confirmation,
        Some(p) => LookupPath::parse(p)
            .ok_or_else(|| "unknown send_hold path (allowed: confirmation, name)".to_owned())?,
    };
    match command.hold_s {
        Some(s) if (1..=MAX_HOLD_S).contains(&s) => Ok((path, s)),
        _ => Err(format!(
            "send_hold needs hold_s from 1 to {MAX_HOLD_S} seconds"
        )),
    }
}

/// A `lift_pumping_pause`'s prefix as the pause keys it: leading digits of E.164 (an optional
/// `+` dropped), 1 to 15 of them.
fn pumping_prefix(command: &Command) -> Option<String> {
    crate::otp::pumping::parse_prefix(command.prefix.as_deref()?)
}

fn clip(s: Option<&str>, max: usize) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(max).collect())
}

fn already_seen(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM journal WHERE kind IN ('staff_override', 'locked', 'sends_held', 'command_rejected')
             AND json_extract(data, '$.command_id') = ?1 LIMIT 1",
            params![id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Applies `commands` in order; `lockout` is how long a remote lock lasts (`[otp] lockout_s`).
pub fn apply_commands(
    conn: &mut Connection,
    commands: &[Command],
    lockout: Duration,
    now: Timestamp,
) -> Result<CommandTally, StoreError> {
    let mut tally = CommandTally::default();
    for command in commands {
        if command.id.trim().is_empty() {
            tracing::warn!("upstream sent a command without an id; ignored");
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if already_seen(&tx, &command.id)? {
            tally.duplicates += 1;
        } else {
            let reservation = command
                .reservation
                .as_deref()
                .map(confirmation_key)
                .filter(|c| !c.is_empty() && c.len() <= 32);
            let staff = clip(command.staff.as_deref(), 100);
            let reason = clip(command.reason.as_deref(), 500);
            let lock_scope = LockScope::parse(command.scope.as_deref());
            let send_hold = send_hold_of(command);
            match (command.kind.as_str(), reservation, lock_scope, send_hold) {
                ("unlock", Some(r), _, _) => {
                    // The same clear as a staff unlock: lifts the lock and restarts the 24 h
                    // failure count, so the next wrong code does not re-lock at once.
                    limits::clear(&tx, &r, now.as_millisecond())?;
                    store::append_event(
                        &tx,
                        now,
                        EventKind::StaffOverride,
                        Some(&r),
                        json!({"command_id": command.id, "action": "unlock", "staff": staff, "reason": reason, "source": "upstream"}),
                    )?;
                    tracing::info!(command = %command.id, reservation = %masked_confirmation(&r), "remote unlock applied");
                    tally.applied += 1;
                }
                ("lock", Some(r), Some(scope), _) => {
                    let span = SignedDuration::try_from(lockout).unwrap_or(SignedDuration::MAX);
                    let until = now.checked_add(span).unwrap_or(Timestamp::MAX);
                    // A relayed lock never shortens a longer one already here.
                    limits::lock(
                        &tx,
                        &r,
                        scope,
                        now.as_millisecond(),
                        until.as_millisecond(),
                        REMOTE_LOCK_REASON,
                    )?;
                    // A code already on its way must not verify on this kiosk either (on the
                    // paths the lock closes).
                    crate::otp::cancel_closed(&tx, &r, scope)?;
                    store::append_event(
                        &tx,
                        now,
                        EventKind::Locked,
                        Some(&r),
                        json!({"command_id": command.id, "staff": staff, "reason": reason, "until": format!("{until:.0}"), "scope": scope.as_str(), "source": "upstream"}),
                    )?;
                    tracing::info!(command = %command.id, reservation = %masked_confirmation(&r), scope = scope.as_str(), "remote lock applied");
                    tally.applied += 1;
                }
                ("send_hold", Some(r), _, Ok((path, hold_s))) => {
                    let until = now
                        .as_millisecond()
                        .saturating_add(hold_s.saturating_mul(1000));
                    limits::cooldown_hold(
                        &tx,
                        limits::Scope::SendHold,
                        &path.key(&r),
                        now.as_millisecond(),
                        until,
                    )?;
                    let cap = clip(command.cap.as_deref(), 40);
                    store::append_event(
                        &tx,
                        now,
                        EventKind::SendsHeld,
                        Some(&r),
                        json!({"command_id": command.id, "path": path.as_str(), "hold_s": hold_s, "cap": cap, "staff": staff, "reason": reason, "source": "upstream"}),
                    )?;
                    tracing::info!(command = %command.id, reservation = %masked_confirmation(&r), path = path.as_str(), hold_s, "remote send hold applied");
                    tally.applied += 1;
                }
                ("unlock-pad", _, _, _) if staff.is_some() && reason.is_some() => {
                    // The same reset as `kiosk staff reset-pad`: the staff PIN pad's count,
                    // pause and lock are cleared (no reservation is involved).
                    let done = crate::staff::pad::reset(&tx, now.as_millisecond())?;
                    store::append_event(
                        &tx,
                        now,
                        EventKind::StaffOverride,
                        None,
                        json!({"command_id": command.id, "action": "unlock_pad", "staff": staff, "reason": reason, "source": "upstream", "was_locked": done.was_locked, "failures": done.failures}),
                    )?;
                    tracing::info!(command = %command.id, was_locked = done.was_locked, "remote unlock-pad applied");
                    tally.applied += 1;
                }
                ("lift_pumping_pause", _, _, _)
                    if staff.is_some() && reason.is_some() && pumping_prefix(command).is_some() =>
                {
                    // As staff mode's *Lift pause*: both paths' pauses of the range end now.
                    let prefix = pumping_prefix(command).unwrap_or_default();
                    crate::otp::pumping::lift(
                        &tx,
                        now,
                        &prefix,
                        staff.as_deref().unwrap_or_default(),
                        reason.as_deref().unwrap_or_default(),
                        Some(&command.id),
                    )?;
                    tracing::info!(command = %command.id, "remote pumping-pause lift applied");
                    tally.applied += 1;
                }
                (kind, r, _, send_hold) => {
                    let why = match kind {
                        "lock" if r.is_some() => format!(
                            "unknown lock scope \"{}\" (allowed: all, name)",
                            command
                                .scope
                                .as_deref()
                                .unwrap_or("")
                                .chars()
                                .take(40)
                                .collect::<String>()
                        ),
                        "send_hold" if r.is_some() => send_hold.err().unwrap_or_default(),
                        "unlock" | "lock" | "send_hold" => {
                            "the command names no valid reservation".to_owned()
                        }
                        "unlock-pad" => {
                            "unlock-pad needs both staff and reason (the reset is audited)"
                                .to_owned()
                        }
                        "lift_pumping_pause" => {
                            "lift_pumping_pause needs staff, reason and an E.164 prefix (1 to 15 digits)"
                                .to_owned()
                        }
                        other => format!(
                            "unknown command kind \"{}\"",
                            other.chars().take(40).collect::<String>()
                        ),
                    };
                    tracing::warn!(command = %command.id, %why, "remote command rejected");
                    store::append_event(
                        &tx,
                        now,
                        EventKind::CommandRejected,
                        r.as_deref(),
                        json!({"command_id": command.id, "kind": command.kind.chars().take(40).collect::<String>(), "reason": why, "source": "upstream"}),
                    )?;
                    tally.rejected += 1;
                }
            }
        }
        status::put(&tx, keys::LAST_COMMAND, &command.id)?;
        tx.commit()?;
    }
    Ok(tally)
}
