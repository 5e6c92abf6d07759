//! The port between the kiosk screens and the domain: a plain-Rust trait with no iced types, so
//! the real adapter over lookup, OTP, gateways and the journal plugs in behind it. Every method returns a boxed `Send` future; the UI runs it as an iced `Task` off the
//! UI thread, and tests simply await it.
//!
//! Data crossing the port are small view-models: first names, masked phones, dates. Never a
//! full phone number, never a code after verification.

pub mod domain;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::journey::{CheckResult, DeskReason, EmailResult, OwnedQuery, SendResult};
pub use crate::journey::{Mismatch, NextStep};
use crate::otp::Purpose;

/// A boxed future the UI can hand to its runtime.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Opaque reference to a found reservation; only the backend interprets it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReservationRef(pub String);

/// Opaque reference to one code challenge.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChallengeRef(pub String);

/// The booking as the guest may see it before proving the phone: no full phone. The surname is
/// the one the guest typed (or a PMS barcode proved), kept for languages that address a guest
/// by it.
#[derive(Clone, PartialEq, Eq)]
pub struct GuestView {
    pub reservation: ReservationRef,
    pub first_name: String,
    pub last_name: String,
    /// `None`: no mobile number on file, the desk must help.
    pub masked_phone: Option<String>,
    pub arrival: Date,
    pub departure: Date,
    /// What this booking allows right now (a future arrival may only be confirmed, etc.).
    pub purposes: Vec<Purpose>,
}

// Like `lookup::Found`: Debug leaves the surname out.
impl fmt::Debug for GuestView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestView")
            .field("reservation", &self.reservation)
            .field("first_name", &self.first_name)
            .field("masked_phone", &self.masked_phone)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("purposes", &self.purposes)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(GuestView),
    /// Every kind of miss, a name search matching several bookings included.
    NotFound,
    /// A scan without a secret that proves it: ask for the surname, keeping `confirmation`.
    AskForSurname {
        confirmation: String,
    },
    /// Found, but not for the purpose asked, and why (e.g. already checked in, or checking in
    /// days before arrival). `guest` carries on with the step that is open instead.
    NotFor {
        guest: GuestView,
        mismatch: Mismatch,
    },
    /// Too many failed searches: the kiosk pauses lookups for a while.
    Paused {
        retry_after_s: u64,
    },
}

#[derive(Clone, PartialEq, Eq)]
pub struct QrView {
    pub label: String,
    pub payload: String,
}

// The payload may carry the PMS token: Debug shows the label only.
impl fmt::Debug for QrView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrView")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// What the Success screen shows, already localized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessView {
    pub first_name: String,
    pub last_name: String,
    /// `None` when `[success] show_room = false`, and for anyone not checked in.
    pub room: Option<String>,
    pub directions: Option<String>,
    pub key_pickup: Option<String>,
    pub arrival: Date,
    pub departure: Date,
    /// Only codes the guest may see: no key or room code unless checked in.
    pub qr: Vec<QrView>,
    /// My stay before check-in: what to do to get the room and key (`None` once checked in).
    pub next_step: Option<NextStep>,
    /// My stay: the guest may change the email on file with this (used once).
    pub email_change: Option<EmailRef>,
}

/// Opaque permission to change one booking's email, granted by a My stay verification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailRef(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    CheckedIn(SuccessView),
    /// A booking confirmed (no check-in yet).
    Confirmed {
        first_name: String,
        last_name: String,
        arrival: Date,
    },
    /// Checked in (or confirmed) but the room is not ready yet.
    RoomPending {
        first_name: String,
        last_name: String,
    },
    /// My stay: the details again.
    StayDetails(SuccessView),
    SeeDesk(DeskReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssistanceOutcome {
    /// True only when the request reached the desk (sync on); the screen words it accordingly.
    pub desk_notified: bool,
}

/// A failure of the machinery (store, gateway, network), not of the guest. Cloneable because
/// iced messages are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestError {
    /// The local store failed.
    Store(Arc<str>),
    /// The challenge is unknown or already used (e.g. after an idle reset).
    Stale,
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuestError::Store(e) => write!(f, "the kiosk store failed: {e}"),
            GuestError::Stale => f.write_str("this request is no longer valid; start again"),
        }
    }
}

impl std::error::Error for GuestError {}

pub type Reply<T> = BoxFuture<'static, Result<T, GuestError>>;

/// Everything the guest screens ask of the domain. Implementations run blocking work (SQLite)
/// on `spawn_blocking` inside the returned futures, never on the caller's thread.
pub trait Backend: Send + Sync + 'static {
    /// Wall-clock now; injectable so countdowns and snapshots are stable.
    fn now(&self) -> Timestamp;
    /// The hotel's business date.
    fn today(&self) -> Date;

    fn lookup(&self, query: OwnedQuery, purpose: Purpose) -> Reply<Lookup>;
    /// Sends a code for `purpose`, worded in `language` (one of the kiosk languages).
    fn send_code(
        &self,
        reservation: ReservationRef,
        purpose: Purpose,
        language: String,
    ) -> Reply<SendResult>;
    fn resend(&self, challenge: ChallengeRef, language: String) -> Reply<SendResult>;
    /// Checks a code; the journey's result as it is (`Expired`, `Closed` and `Invalid` stay
    /// apart, and `attempts_left` is the engine's own count).
    fn verify(&self, challenge: ChallengeRef, code: String) -> Reply<CheckResult>;
    fn second_factor(&self, challenge: ChallengeRef, answer: String) -> Reply<CheckResult>;
    /// Performs the purpose (check in, confirm, show stay) for a verified challenge.
    fn complete(
        &self,
        challenge: ChallengeRef,
        purpose: Purpose,
        language: String,
    ) -> Reply<Completion>;
    /// Changes the email on file (My stay).
    fn update_email(&self, change: EmailRef, email: String) -> Reply<EmailResult>;
    /// Drops every handle held for the current guest (found booking, open code request,
    /// verification): called by the idle wipe and whenever the kiosk returns to Welcome.
    fn forget(&self);
    /// The staff desk behind staff mode; `None` where there is none (staff mode stays shut).
    fn staff(&self) -> Option<crate::staff::StaffDesk> {
        None
    }

    /// Journals `assistance_requested` (with the screen it came from).
    fn request_assistance(
        &self,
        reservation: Option<ReservationRef>,
        screen: &'static str,
    ) -> Reply<AssistanceOutcome>;
}
