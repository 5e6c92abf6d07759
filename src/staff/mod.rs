//! Staff at the kiosk: PIN login behind the pad's guard (every wrong PIN journaled, a lock
//! after ten in a day that only IT lifts early, see [`pad`]), and the overrides staff may make
//! (unlock, verify by photo ID, check in without a code, change the phone on file). Every
//! action journals the staff member's name and reason.

mod desk;
pub mod pad;

use std::time::Duration;

use jiff::Timestamp;
use rusqlite::TransactionBehavior;
use secrecy::SecretString;
use serde_json::json;

use crate::clock::millis;
use crate::config::{Config, StaffMember};
use crate::names::masked_confirmation;
use crate::otp::{self, OtpError, Purpose, Verified, VerifiedBy};
use crate::phone::{Phone, mask_e164};
use crate::store::{EventKind, Store, StoreError, journal, reservation_in};

pub use pad::PadState;

/// The fewest digits a staff PIN may have: `kiosk hash-pin` makes no shorter one, and a right
/// PIN that is shorter (hashed before this rule) no longer logs in.
pub const PIN_MIN_DIGITS: usize = crate::pin::PIN_MIN_DIGITS;

pub use desk::{
    DeskError, EVENT_DETAIL_FIELDS, EventLine, FIND_LIMIT, GatewayState, GuestRecord, Health,
    LockedBooking, LogoutCause, StaffDesk, TestSms,
};

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error(transparent)]
    Otp(#[from] OtpError),
    #[error(
        "no staff PINs can be checked: configure [[staff]] entries and the PIN pepper ([security] pin_pepper_env or pin_pepper_file)"
    )]
    NotConfigured,
    #[error("a reason is required for every staff action")]
    ReasonRequired,
    #[error("say who you are: the pad reset is audited with your name (--by NAME)")]
    OperatorRequired,
    #[error("no booking {0} on this kiosk (or it is cancelled)")]
    NoSuchReservation(String),
    #[error("the new number is not usable: {0}")]
    BadPhone(String),
}

/// The configured staff and pepper.
#[derive(Debug, Clone)]
pub struct StaffDirectory {
    pub kiosk_id: String,
    pub members: Vec<StaffMember>,
    pub pepper: Option<SecretString>,
    /// Default region for numbers typed in national form.
    pub region: String,
}

impl StaffDirectory {
    pub fn from_config(c: &Config) -> Self {
        Self {
            kiosk_id: c.kiosk.id.clone(),
            members: c.staff.clone(),
            pepper: c.pin_pepper.clone(),
            region: c.kiosk.country.clone(),
        }
    }
}

/// A logged-in staff member. Only [`login`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    name: String,
}

impl StaffSession {
    pub fn name(&self) -> &str {
        &self.name
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    LoggedIn(StaffSession),
    /// Wrong PIN; `cooldown` when this one started the short pause.
    Wrong {
        cooldown: Option<Duration>,
    },
    /// The short pause after five wrong PINs is running; the PIN was not checked.
    CoolingDown {
        retry_after: Duration,
    },
    /// The pad is locked after ten wrong PINs in a day (perhaps by this one); the PIN was not
    /// checked. Staff are told only "try later or ask IT".
    PadLocked {
        retry_after: Duration,
    },
    /// The PIN is right but shorter than [`PIN_MIN_DIGITS`]: refused until IT issues a new one.
    PinTooShort,
}

fn pad_refusal(state: PadState) -> Option<LoginOutcome> {
    match state {
        PadState::Open => None,
        PadState::Paused { retry_after } => Some(LoginOutcome::CoolingDown { retry_after }),
        PadState::Locked { retry_after } => Some(LoginOutcome::PadLocked { retry_after }),
    }
}

/// Checks a staff PIN behind the pad's guard ([`pad`]): while it is paused or locked no PIN is
/// checked; each wrong PIN is journaled (`staff_login_failed`, never the PIN, its length or
/// anything else derived from it) and counted, and a good login does not reset the count.
pub fn login(
    store: &mut Store,
    now: Timestamp,
    dir: &StaffDirectory,
    pin: &str,
) -> Result<LoginOutcome, StaffError> {
    let now_ms = millis(now);
    let kiosk = dir.kiosk_id.as_str();
    if let Some(refused) = pad_refusal(pad::state(store.conn(), kiosk, now_ms)?) {
        return Ok(refused);
    }
    let pepper = dir.pepper.as_ref().ok_or(StaffError::NotConfigured)?;
    if dir.members.is_empty() {
        return Err(StaffError::NotConfigured);
    }
    // argon2 runs before the write transaction so it never holds the database lock.
    let who = dir
        .members
        .iter()
        .find(|m| crate::pin::verify_pin(pin, &m.pin_hash, pepper))
        .map(|m| m.name.clone());
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have locked the pad while argon2 ran.
    if let Some(refused) = pad_refusal(pad::state(&tx, kiosk, now_ms)?) {
        return Ok(refused);
    }
    match who {
        Some(name) if pin.chars().count() < PIN_MIN_DIGITS => {
            // A right PIN is not a guess, so it does not count; the event names whose PIN IT
            // must replace (the PIN is dead, so saying it was short gives nobody anything).
            journal::append(
                &tx,
                now,
                EventKind::StaffLoginFailed,
                None,
                json!({"kiosk": kiosk, "cause": "pin_too_short", "staff": name}),
            )?;
            tx.commit()?;
            tracing::warn!(staff = %name, "staff PIN too short; refused until IT issues a new one");
            Ok(LoginOutcome::PinTooShort)
        }
        Some(name) => {
            journal::append(
                &tx,
                now,
                EventKind::StaffLogin,
                None,
                json!({"staff": name, "kiosk": kiosk}),
            )?;
            tx.commit()?;
            tracing::info!(staff = %name, "staff logged in");
            Ok(LoginOutcome::LoggedIn(StaffSession { name }))
        }
        None => {
            let wrong = pad::record_wrong(&tx, kiosk, now_ms)?;
            let (pause, lock) = match wrong.tripped {
                Some(pad::Trip::Paused(d)) => (Some(d), None),
                Some(pad::Trip::Locked { length, level }) => (None, Some((length, level))),
                None => (None, None),
            };
            journal::append(
                &tx,
                now,
                EventKind::StaffLoginFailed,
                None,
                json!({
                    "kiosk": kiosk,
                    "cause": "wrong_pin",
                    "failures": wrong.failures,
                    "cooldown_s": pause.map(|d| d.as_secs()),
                    "locked_s": lock.map(|(d, _)| d.as_secs()),
                }),
            )?;
            if let Some((length, level)) = lock {
                // Keyed by the lock's instant: every lock is an alert, never merged into one.
                crate::otp::alert::raise(
                    &tx,
                    now,
                    kiosk,
                    "staff_pad_locked",
                    &format!("{kiosk}@{now_ms}"),
                    pad::LOCK,
                    json!({"count": wrong.failures, "level": level, "locked_s": length.as_secs()}),
                )?;
            }
            tx.commit()?;
            Ok(match lock {
                Some((retry_after, _)) => LoginOutcome::PadLocked { retry_after },
                None => LoginOutcome::Wrong { cooldown: pause },
            })
        }
    }
}

/// Who resets the PIN pad and why; both are required and audited.
#[derive(Debug, Clone, Copy)]
pub struct PadReset<'a> {
    /// The operator's name (at the CLI) or the sender named by a remote command.
    pub by: &'a str,
    pub reason: &'a str,
}

/// `kiosk staff reset-pad`: clears the pad's count, pause and lock, journaled as
/// `staff_override` (`action: "reset_pad"`) with who and why.
pub fn reset_pad(
    store: &mut Store,
    now: Timestamp,
    kiosk: &str,
    who: PadReset<'_>,
) -> Result<pad::Reset, StaffError> {
    let by = who.by.trim();
    if by.is_empty() {
        return Err(StaffError::OperatorRequired);
    }
    let why = reason(who.reason)?;
    let by: String = by.chars().take(100).collect();
    let why: String = why.chars().take(500).collect();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done = pad::reset(&tx, millis(now))?;
    journal::append(
        &tx,
        now,
        EventKind::StaffOverride,
        None,
        json!({
            "action": "reset_pad",
            "staff": by,
            "reason": why,
            "kiosk": kiosk,
            "source": "cli",
            "was_locked": done.was_locked,
            "failures": done.failures,
        }),
    )?;
    tx.commit()?;
    tracing::info!(staff = %by, was_locked = done.was_locked, "staff PIN pad reset");
    Ok(done)
}

/// The reason every staff override must give, trimmed; empty is refused.
pub(crate) fn audited_reason(r: &str) -> Result<&str, StaffError> {
    reason(r)
}

fn reason(r: &str) -> Result<&str, StaffError> {
    let r = r.trim();
    if r.is_empty() {
        Err(StaffError::ReasonRequired)
    } else {
        Ok(r)
    }
}

/// Unlocks a reservation locked after wrong codes; the failure count starts afresh.
pub fn unlock(
    store: &mut Store,
    now: Timestamp,
    staff: &StaffSession,
    reservation: &str,
    why: &str,
) -> Result<bool, StaffError> {
    let why = reason(why)?;
    Ok(otp::unlock(store, now, reservation, &staff.name, why)?)
}

/// The photo ID a staff member looked at. Only its type is recorded, never its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Passport,
    NationalId,
    DrivingLicence,
    ResidencePermit,
    Other,
}

impl DocumentType {
    pub const ALL: [DocumentType; 5] = [
        DocumentType::Passport,
        DocumentType::NationalId,
        DocumentType::DrivingLicence,
        DocumentType::ResidencePermit,
        DocumentType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Passport => "passport",
            DocumentType::NationalId => "national_id",
            DocumentType::DrivingLicence => "driving_licence",
            DocumentType::ResidencePermit => "residence_permit",
            DocumentType::Other => "other",
        }
    }
}

/// A completed photo-ID check by staff for one reservation: the NIST-required alternative to
/// SMS. It allows a check-in without a code and a change of the phone on file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdCheck {
    reservation: String,
    staff: String,
    document_type: DocumentType,
    reason: String,
}

impl IdCheck {
    pub fn reservation(&self) -> &str {
        &self.reservation
    }

    /// The proof `checkin::complete` takes, for `purpose`.
    pub fn into_verified(self, purpose: Purpose) -> Verified {
        Verified {
            reservation: self.reservation,
            purpose,
            by: VerifiedBy::PhotoId {
                staff: self.staff,
                document_type: self.document_type.as_str().to_owned(),
                reason: self.reason,
            },
        }
    }
}

/// Records that `staff` checked the guest's photo ID (journals `staff_override`).
pub fn verify_by_id(
    store: &mut Store,
    now: Timestamp,
    staff: &StaffSession,
    reservation: &str,
    document_type: DocumentType,
    why: &str,
) -> Result<IdCheck, StaffError> {
    let why = reason(why)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = reservation_in(&tx, reservation)?
        .filter(|r| !r.status.is_closed())
        .ok_or_else(|| StaffError::NoSuchReservation(reservation.to_owned()))?;
    journal::append(
        &tx,
        now,
        EventKind::StaffOverride,
        Some(&r.confirmation),
        json!({"action": "photo_id_check", "staff": staff.name, "reason": why, "document_type": document_type.as_str()}),
    )?;
    tx.commit()?;
    tracing::info!(staff = %staff.name, reservation = %masked_confirmation(&r.confirmation), "photo ID checked by staff");
    Ok(IdCheck {
        reservation: r.confirmation,
        staff: staff.name.clone(),
        document_type,
        reason: why.to_owned(),
    })
}

/// Replaces the phone on file after an ID check (binding a new authenticator is a staff act).
/// Open challenges to the old number are voided. Journals `contact_updated` with the old number
/// masked and the new one in E.164 (upstream needs it to update the PMS).
pub fn change_phone(
    store: &mut Store,
    now: Timestamp,
    id_check: &IdCheck,
    new_phone: &str,
    region: &str,
    why: &str,
) -> Result<Phone, StaffError> {
    let why = reason(why)?;
    let phone = Phone::parse(new_phone, region).map_err(|e| StaffError::BadPhone(e.to_string()))?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = reservation_in(&tx, &id_check.reservation)?
        .ok_or_else(|| StaffError::NoSuchReservation(id_check.reservation.clone()))?;
    tx.execute(
        "UPDATE reservations SET phone = ?2, updated_at = ?3 WHERE confirmation = ?1",
        rusqlite::params![r.confirmation, phone.e164(), format!("{now:.3}")],
    )?;
    tx.execute(
        "UPDATE otp_challenges SET state = 'cancelled' WHERE reservation = ?1 AND state = 'active'",
        rusqlite::params![r.confirmation],
    )?;
    journal::append(
        &tx,
        now,
        EventKind::ContactUpdated,
        Some(&r.confirmation),
        json!({
            "field": "phone",
            "old_phone": r.phone.as_deref().map(mask_e164),
            "new_phone": phone.e164(),
            "staff": id_check.staff,
            "reason": why,
            "method": "photo_id",
            "document_type": id_check.document_type.as_str(),
        }),
    )?;
    // The old number hears of the change (NIST SP 800-63B-4: notify on an authenticator
    // change), so a guest whose booking was taken over at the desk finds out.
    if let Some(old) = r.phone.as_deref().filter(|old| *old != phone.e164()) {
        crate::notice::schedule(
            &tx,
            now,
            crate::notice::NoticeKind::PhoneChanged,
            &r.confirmation,
            Some(old),
            r.language.as_deref(),
            now,
        )?;
    }
    tx.commit()?;
    tracing::info!(staff = %id_check.staff, reservation = %masked_confirmation(&r.confirmation), phone = %phone, "phone on file changed by staff");
    Ok(phone)
}
