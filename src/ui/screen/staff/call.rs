//! What staff mode asks of the desk ([`Call`]) and the desk's answers ([`Reply`]), in the
//! domain's own types. The app runs each call on the [`crate::staff::StaffDesk`]; the screen
//! never does.

use std::fmt;

use secrecy::SecretString;

use crate::journey::Finished;
use crate::staff::{
    DeskError, DocumentType, EventLine, GuestRecord, Health, IdCheck, LockedBooking, LoginOutcome,
    LogoutCause, PadState, StaffSession, TestSms,
};

/// A phone number staff typed: Debug masks it, like every phone the kiosk shows.
#[derive(Clone, PartialEq, Eq)]
pub struct TypedNumber(pub String);

impl fmt::Debug for TypedNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::phone::mask_e164(&self.0))
    }
}

/// What staff mode asks of the desk; the app runs it and answers with the matching [`Reply`].
/// Calls made for a signed-in staff member carry their session (the app keeps none).
#[derive(Debug)]
pub enum Call {
    Login {
        pin: SecretString,
    },
    /// The pad's state, asked as the PIN page opens.
    Pad,
    Locked {
        staff: StaffSession,
    },
    Unlock {
        staff: StaffSession,
        confirmation: String,
        reason: String,
    },
    /// A confirmation number or a last name.
    Find {
        staff: StaffSession,
        query: String,
    },
    VerifyById {
        staff: StaffSession,
        confirmation: String,
        document: DocumentType,
        reason: String,
    },
    /// Checks the guest in on the strength of the ID check (no code), in `language`.
    CheckIn {
        check: IdCheck,
        language: String,
    },
    ChangePhone {
        check: IdCheck,
        new_phone: TypedNumber,
        reason: String,
    },
    Health {
        staff: StaffSession,
    },
    LiftPause {
        staff: StaffSession,
        prefix: String,
        reason: String,
    },
    TestSms {
        staff: StaffSession,
        to: TypedNumber,
    },
    Events {
        staff: StaffSession,
        limit: usize,
    },
    /// Journals the exit; the app quits once it is answered.
    Exit {
        staff: StaffSession,
    },
    /// Back to guest mode: the app shows Welcome at once and journals the end of staff mode
    /// for `staff` (none when nobody signed in).
    Leave {
        staff: Option<StaffSession>,
        cause: LogoutCause,
    },
}

/// The desk's answer to a [`Call`], as the desk gives it.
#[derive(Debug, Clone)]
pub enum Reply {
    LoggedIn(Result<LoginOutcome, DeskError>),
    Pad(Result<PadState, DeskError>),
    Locked(Result<Vec<LockedBooking>, DeskError>),
    /// `false` when the booking was no longer locked.
    Unlocked(Result<bool, DeskError>),
    Found(Result<Vec<GuestRecord>, DeskError>),
    IdVerified(Result<IdCheck, DeskError>),
    CheckedIn(Result<Finished, DeskError>),
    /// The new number, masked.
    PhoneChanged(Result<String, DeskError>),
    Health(Result<Health, DeskError>),
    /// `false` when the range was no longer paused.
    PauseLifted(Result<bool, DeskError>),
    TestSent(Result<TestSms, DeskError>),
    Events(Result<Vec<EventLine>, DeskError>),
    Exited(Result<(), DeskError>),
    /// It arrives when the app is back with guests, which only logs a failure.
    Left(Result<(), DeskError>),
}
