//! The OTP engine: codes, their keyed hashes, challenges bound to one reservation, phone and
//! purpose, persisted send caps, attempt counting, lockouts and the optional second factor.
//! It never sends an SMS: [`OtpEngine::issue_code`] hands the plain code to the caller once,
//! and the caller reports what the gateway did.
//!
//! Anchors: NIST SP 800-63B-4 (out-of-band authenticators), OWASP ASVS 5.0 V6.6, Twilio Verify
//! limits.

pub mod alert;
pub mod code;
mod engine;
pub mod limits;
pub mod mac;
pub mod policy;
pub mod pumping;
pub mod rotate;
pub mod second_factor;

use std::time::Duration;

use jiff::Timestamp;

pub(crate) use engine::cancel_closed;
pub use engine::{
    Challenge, ChallengeState, ChallengeStatus, IssuedCode, OtpEngine, SecondFactorOutcome,
    SecondFactorPrompt, VerifyOutcome, locked_until, unlock,
};
pub use policy::Purpose;
pub use second_factor::SecondFactorError;

use crate::phone::NotSmsCapable;
use crate::store::StoreError;

/// Which send cap refused a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendCap {
    Phone,
    Reservation,
    Kiosk,
    /// The number's prefix is paused for suspected SMS pumping.
    Pumping,
    /// The property's kiosks together reached the phone's or booking's cap (a `send_hold`
    /// from the hub).
    Property,
}

impl SendCap {
    pub fn as_str(self) -> &'static str {
        match self {
            SendCap::Phone => "phone",
            SendCap::Reservation => "reservation",
            SendCap::Kiosk => "kiosk",
            SendCap::Pumping => "pumping",
            SendCap::Property => "property",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OtpError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error(
        "the operating system's random number generator failed ({0}); no code can be made, check the OS"
    )]
    Entropy(String),
    #[error("the install secret is too short; move the kiosk database away to make a new one")]
    Secret,
    #[error("this code request is unknown or belongs to another booking; start again")]
    UnknownChallenge,
    #[error("the booking is no longer available here; ask at the desk")]
    ReservationGone,
    #[error("a code for {} is not possible for this booking", purpose.as_str())]
    PurposeNotAllowed { purpose: Purpose },
    #[error("there is no mobile number on file; the desk can check ID instead")]
    NoPhone,
    #[error(
        "the number on file cannot receive text messages ({0:?}); the desk can check ID instead"
    )]
    NotSmsCapable(NotSmsCapable),
    #[error(
        "the booking is locked after too many wrong codes until {until}; the desk can unlock it"
    )]
    Locked { until: Timestamp },
    #[error("too many codes were sent (per {}); try again in {} s or ask at the desk", cap.as_str(), retry_after.as_secs())]
    SendLimit { cap: SendCap, retry_after: Duration },
    #[error("a new code can be sent in {} s", retry_after.as_secs())]
    ResendTooSoon { retry_after: Duration },
    #[error("no more new codes for this request; start again or ask at the desk")]
    NoResendsLeft,
    #[error("this code request is closed ({0}); request a new code")]
    ChallengeClosed(&'static str),
}

/// What the guest screen should do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestOutcome {
    /// Staff verify by photo ID instead.
    SeeDesk,
    Locked {
        until: Timestamp,
    },
    TryLater {
        after: Duration,
    },
    /// Start the flow again.
    StartOver,
    /// A fault; show the generic error screen.
    Fault,
}

impl OtpError {
    pub fn guest_outcome(&self) -> GuestOutcome {
        match self {
            OtpError::NoPhone | OtpError::NotSmsCapable(_) | OtpError::NoResendsLeft => {
                GuestOutcome::SeeDesk
            }
            OtpError::SendLimit {
                cap: SendCap::Kiosk | SendCap::Pumping,
                ..
            } => GuestOutcome::SeeDesk,
            OtpError::Locked { until } => GuestOutcome::Locked { until: *until },
            OtpError::SendLimit { retry_after, .. } | OtpError::ResendTooSoon { retry_after } => {
                GuestOutcome::TryLater {
                    after: *retry_after,
                }
            }
            OtpError::UnknownChallenge
            | OtpError::ReservationGone
            | OtpError::PurposeNotAllowed { .. }
            | OtpError::ChallengeClosed(_) => GuestOutcome::StartOver,
            OtpError::Store(_) | OtpError::Db(_) | OtpError::Entropy(_) | OtpError::Secret => {
                GuestOutcome::Fault
            }
        }
    }
}

/// How a guest proved they hold the booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifiedBy {
    /// A code sent by SMS (and the second factor, when configured).
    Sms { challenge: String },
    /// A staff member checked a photo ID (the document's type only is recorded).
    PhotoId {
        staff: String,
        document_type: String,
        reason: String,
    },
}

/// Proof that one reservation was verified for one purpose. Only the engine and the staff
/// module make one; `checkin` consumes it, so one proof completes one step.
#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub(crate) reservation: String,
    pub(crate) purpose: Purpose,
    pub(crate) by: VerifiedBy,
}

impl Verified {
    pub fn reservation(&self) -> &str {
        &self.reservation
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    pub fn by(&self) -> &VerifiedBy {
        &self.by
    }

    /// The fields every journal event after verification carries.
    pub(crate) fn journal_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        match &self.by {
            VerifiedBy::Sms { challenge } => {
                m.insert("method".into(), "sms".into());
                m.insert("challenge".into(), challenge.clone().into());
            }
            VerifiedBy::PhotoId {
                staff,
                document_type,
                reason,
            } => {
                m.insert("method".into(), "photo_id".into());
                m.insert("staff".into(), staff.clone().into());
                m.insert("document_type".into(), document_type.clone().into());
                m.insert("reason".into(), reason.clone().into());
            }
        }
        m
    }
}

pub(crate) fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::MAX)
}
