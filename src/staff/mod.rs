//! Staff at the kiosk: PIN login with a persisted, escalating but never permanent cool-down,
//! and the overrides staff may make (unlock, verify by photo ID, check in without a code,
//! change the phone on file). Every action journals the staff member's name and reason.

mod desk;

use std::time::Duration;

use jiff::Timestamp;
use rusqlite::TransactionBehavior;
use secrecy::SecretString;
use serde_json::json;

use crate::clock::millis;
use crate::config::{Config, StaffMember};
use crate::otp::limits::{self, Scope, escalate};
use crate::otp::{self, OtpError, Purpose, UnlockSource, Verified, VerifiedBy};
use crate::phone::{Phone, mask_stored};
use crate::store::{EventKind, Store, StoreError, journal, reservation_in};

pub use desk::{
    DeskError, EVENT_DETAIL_FIELDS, EventLine, FIND_LIMIT, GatewayState, GuestRecord, Health,
    LockedBooking, LogoutCause, StaffDesk, TestSms,
};

/// Wrong PINs before a cool-down trips.
pub const PIN_FAILURES_BEFORE_COOLDOWN: u32 = 5;
/// First cool-down; it doubles on each further trip.
pub const PIN_COOLDOWN: Duration = Duration::from_secs(60);
/// The longest cool-down: a guest poking the pad never locks staff out for long.
pub const PIN_COOLDOWN_MAX: Duration = Duration::from_secs(15 * 60);
/// Trips closer together than this escalate; after a quiet hour the next trip is 1 min again.
const PIN_STREAK: Duration = Duration::from_secs(3600);

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
    /// Wrong PIN; `cooldown` when this one tripped the cool-down.
    Wrong {
        cooldown: Option<Duration>,
    },
    /// The PIN pad is cooling down; the PIN was not checked.
    CoolingDown {
        retry_after: Duration,
    },
}

/// Checks a staff PIN. Five wrong PINs in a row trip a cool-down of 1, 2, 4 … minutes (capped
/// at 15), persisted so a restart does not reset it; a correct PIN clears it.
pub fn login(
    store: &mut Store,
    now: Timestamp,
    dir: &StaffDirectory,
    pin: &str,
) -> Result<LoginOutcome, StaffError> {
    let now_ms = millis(now);
    let kiosk = dir.kiosk_id.as_str();
    if let Some(retry_after) = limits::cooldown_get(store.conn(), Scope::StaffPinFailed, kiosk)?
        .and_then(|c| c.remaining(now_ms))
    {
        return Ok(LoginOutcome::CoolingDown { retry_after });
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
    let cooldown = limits::cooldown_get(&tx, Scope::StaffPinFailed, kiosk)?;
    if let Some(retry_after) = cooldown.and_then(|c| c.remaining(now_ms)) {
        return Ok(LoginOutcome::CoolingDown { retry_after });
    }
    if let Some(name) = who {
        limits::cooldown_clear(&tx, Scope::StaffPinFailed, kiosk)?;
        limits::forget(&tx, Scope::StaffPinFailed, kiosk)?;
        journal::append(
            &tx,
            now,
            EventKind::StaffLogin,
            None,
            json!({"staff": name, "kiosk": kiosk}),
        )?;
        tx.commit()?;
        tracing::info!(staff = %name, "staff logged in");
        return Ok(LoginOutcome::LoggedIn(StaffSession { name }));
    }
    limits::record(&tx, Scope::StaffPinFailed, kiosk, now_ms)?;
    // Wrong PINs since the last trip (and within the streak), so each trip needs five more.
    let since = cooldown
        .map_or(i64::MIN, |c| c.updated_ms)
        .max(now_ms.saturating_sub(limits::ms(PIN_STREAK)));
    let wrong = limits::count_since(&tx, Scope::StaffPinFailed, kiosk, since)?;
    let mut tripped = None;
    if wrong >= PIN_FAILURES_BEFORE_COOLDOWN {
        let cd = limits::cooldown_trip(
            &tx,
            Scope::StaffPinFailed,
            kiosk,
            now_ms,
            PIN_STREAK,
            |level| escalate(PIN_COOLDOWN, level, PIN_COOLDOWN_MAX),
        )?;
        let length = cd.remaining(now_ms).unwrap_or_default();
        journal::append(
            &tx,
            now,
            EventKind::AbuseAlert,
            None,
            json!({"cause": "staff_pin", "kiosk": kiosk, "count": wrong, "level": cd.level, "cooldown_s": length.as_secs()}),
        )?;
        tracing::warn!(
            kiosk,
            level = cd.level,
            "staff PIN pad cooling down after wrong PINs"
        );
        tripped = Some(length);
    }
    tx.commit()?;
    Ok(LoginOutcome::Wrong { cooldown: tripped })
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
    Ok(otp::unlock(
        store,
        now,
        reservation,
        UnlockSource::Staff(&staff.name),
        why,
    )?)
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
    tracing::info!(staff = %staff.name, reservation = %r.confirmation, "photo ID checked by staff");
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
            "old_phone": r.phone.as_deref().map(mask_stored),
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
    tracing::info!(staff = %id_check.staff, reservation = %r.confirmation, phone = %phone, "phone on file changed by staff");
    Ok(phone)
}
