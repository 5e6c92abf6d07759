//! The port between the staff screens and the domain's staff desk: like [`super::Backend`], a
//! plain-Rust trait returning boxed futures, with small view-models. Staff are behind a PIN, so
//! they see full guest names (to compare with the photo ID), but never a full phone number.

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use super::BoxFuture;
use crate::journey::Finished;
pub use crate::otp::limits::LockScope;
pub use crate::staff::DocumentType;

/// A logged-in staff member, as an opaque handle; only the backend knows the session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StaffRef(pub String);

/// A photo-ID check just made, as an opaque handle (it allows a check-in or a phone change).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdCheckRef(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinOutcome {
    LoggedIn {
        staff: StaffRef,
        name: String,
    },
    /// `cooldown_s` when this wrong PIN tripped the pad's cool-down.
    Wrong {
        cooldown_s: Option<u64>,
    },
    /// The pad is cooling down; the PIN was not checked.
    CoolingDown {
        retry_after_s: u64,
    },
    /// The pad is locked after too many wrong PINs (perhaps by this one); the PIN was not
    /// checked. No time is given: staff are told to try later or ask IT.
    PadLocked,
    /// The PIN is right but too short to be used any more: ask IT for a new one.
    PinTooShort,
}

/// Whether the PIN pad takes a PIN, as the PIN screen opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadView {
    Open,
    CoolingDown { retry_after_s: u64 },
    Locked,
}

/// A booking locked after wrong codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedView {
    pub confirmation: String,
    /// Masked: "A. M•••".
    pub guest: String,
    pub masked_phone: Option<String>,
    pub until: Timestamp,
    /// What the lock closes: every lookup path, or only the name search.
    pub scope: LockScope,
}

/// A booking found by staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestRecordView {
    pub confirmation: String,
    pub first_name: String,
    pub last_name: String,
    pub masked_phone: Option<String>,
    /// The status word (`pending`, `confirmed`, `checked_in`, ...).
    pub status: String,
    pub arrival: Date,
    pub departure: Date,
    pub room: Option<String>,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncView {
    pub backlog: i64,
    pub oldest_unsynced_s: Option<u64>,
    pub last_success: Option<Timestamp>,
    pub last_error: Option<(Timestamp, String)>,
    pub quarantined: i64,
    pub cache_age_s: Option<u64>,
    pub credentials_refused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayView {
    pub name: String,
    pub kind: String,
    pub last_success: Option<Timestamp>,
    pub last_failure: Option<Timestamp>,
    pub last_error: Option<String>,
    /// `closed`, `open` or `half-open`.
    pub breaker: String,
    pub consecutive_failures: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthView {
    /// `None` when `[upstream]` is off.
    pub sync: Option<SyncView>,
    pub gateways: Vec<GatewayView>,
    /// Number ranges paused for suspected SMS pumping, the latest-ending first.
    pub pauses: Vec<PauseView>,
}

/// An E.164 prefix whose codes are paused for suspected SMS pumping. The prefix is at least
/// four digits short of any number, so it never identifies a guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseView {
    /// Digits only, country code first: `4474009`.
    pub prefix: String,
    pub until: Timestamp,
    /// How many times in a row it tripped (0 for the first; each repeat doubles the pause).
    pub level: u32,
}

/// One journal event, masked: no phone, name, email, code or token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub seq: i64,
    pub at: Timestamp,
    pub kind: String,
    pub reservation: Option<String>,
    pub staff: Option<String>,
    pub detail: String,
}

/// Something the staff member should read: a refusal or a failure, already worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffProblem(pub Arc<str>);

impl fmt::Display for StaffProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StaffProblem {}

pub type StaffReply<T> = BoxFuture<'static, Result<T, StaffProblem>>;

/// Why staff mode ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveCause {
    /// "Back to guest mode".
    Left,
    /// Two minutes without input.
    Timeout,
}

/// Everything the staff screens ask of the domain. Every call that changes something is
/// audited by the domain with the staff member's name and the reason given.
pub trait StaffPort: Send + Sync + 'static {
    fn login(&self, pin: String) -> StaffReply<PinOutcome>;
    /// The pad's state, asked as the PIN screen opens.
    fn pad(&self) -> StaffReply<PadView>;
    fn locked(&self, staff: StaffRef) -> StaffReply<Vec<LockedView>>;
    /// `false` when the booking was no longer locked.
    fn unlock(&self, staff: StaffRef, confirmation: String, reason: String) -> StaffReply<bool>;
    /// A confirmation number or a last name.
    fn find(&self, staff: StaffRef, query: String) -> StaffReply<Vec<GuestRecordView>>;
    fn verify_by_id(
        &self,
        staff: StaffRef,
        confirmation: String,
        document: DocumentType,
        reason: String,
    ) -> StaffReply<IdCheckRef>;
    /// Checks the guest in on the strength of the ID check (no code).
    fn check_in(&self, check: IdCheckRef, language: String) -> StaffReply<Finished>;
    /// Replaces the phone on file; returns the new number masked.
    fn change_phone(
        &self,
        check: IdCheckRef,
        new_phone: String,
        reason: String,
    ) -> StaffReply<String>;
    fn health(&self, staff: StaffRef) -> StaffReply<HealthView>;
    /// Lifts the SMS-pumping pause on `prefix`; `false` when it was no longer paused.
    fn lift_pumping_pause(
        &self,
        staff: StaffRef,
        prefix: String,
        reason: String,
    ) -> StaffReply<bool>;
    /// Sends a test SMS; returns the gateway that accepted it.
    fn send_test_sms(&self, staff: StaffRef, to: String) -> StaffReply<String>;
    fn recent_events(&self, staff: StaffRef, limit: usize) -> StaffReply<Vec<EventView>>;
    /// Journals the exit; the app quits after it.
    fn exit(&self, staff: StaffRef) -> StaffReply<()>;
    /// Journals the end of staff mode and drops the session and every ID check.
    fn leave(&self, staff: StaffRef, cause: LeaveCause) -> StaffReply<()>;
}
