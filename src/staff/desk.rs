//! Staff mode as one async service over the guest journey's store, gateways, clock and config:
//! PIN login, locked bookings, guest search, photo-ID check-in, phone change, health, a test
//! SMS, recent events and the audited exit/logout. The staff screens call only this.
//!
//! SQLite work runs on the journey's blocking pool under its store lock (so guest and staff
//! writes never interleave), and `on_event` fires after every write as for the guest journey.
//! What staff see is masked where they do not need more: locked bookings and recent events show
//! no name, phone or code; the search shows names (staff compare them with the photo ID) but
//! phones masked.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::{
    DocumentType, IdCheck, LoginOutcome, PadState, StaffDirectory, StaffError, StaffSession,
    change_phone, login, unlock, verify_by_id,
};
use crate::checkin::CheckinError;
use crate::clock::millis;
use crate::gateway::{BreakerState, NextAttempt, SendError, test_text};
use crate::journey::{self, Finished, Journey, JourneyError};
use crate::lookup::scanned_confirmation;
use crate::names::{masked_confirmation, name_key};
use crate::otp::{OtpError, Purpose, limits};
use crate::phone::{NotSmsCapable, Phone, mask_e164};
use crate::store::{
    EventKind, JournalEvent, Reservation, Status, Store, StoreError, gateway_journal,
    reservation_in, staff_search_in,
};
use crate::sync::SyncStatus;
use crate::test_sms::{self, TestSmsError};

/// The most rows [`StaffDesk::find`] returns.
pub const FIND_LIMIT: usize = 20;

/// Why a staff action did not happen; every message says what to do next. `Clone` (the
/// screens hold it in messages), with the sources that are not `Clone` behind an `Arc`.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DeskError {
    #[error("the kiosk database failed: {0}; check the disk and the [store] path, then try again")]
    Store(#[source] Arc<StoreError>),
    /// The journey's machinery: its blocking pool or a lock a panic poisoned (its message
    /// already says what to do).
    #[error("{0}")]
    Task(#[source] JourneyError),
    /// The code engine refused an unlock (its message says why and what to do).
    #[error("{0}")]
    Otp(#[source] Arc<OtpError>),
    /// The check-in itself refused (the booking went away meanwhile).
    #[error("the guest was not checked in: {0}")]
    CheckIn(#[source] Arc<CheckinError>),
    #[error(
        "no staff PINs can be checked: configure [[staff]] entries and the PIN pepper ([security] pin_pepper_env or pin_pepper_file)"
    )]
    NotConfigured,
    #[error("a reason is required for every staff action; type why you are doing this")]
    ReasonRequired,
    #[error(
        "no booking {0} on this kiosk (or it is cancelled); check the number or search by last name"
    )]
    NoSuchReservation(String),
    #[error(
        "booking {0} is cancelled, so it cannot be checked in; nothing was changed, ask the front office"
    )]
    Cancelled(String),
    #[error(
        "booking {confirmation} departed on {departure}, so it cannot be checked in; nothing was changed"
    )]
    Departed {
        confirmation: String,
        departure: Date,
    },
    #[error(
        "booking {confirmation} arrives on {arrival}, not today; nothing was changed, check the guest in on the day of arrival"
    )]
    NotArrivingToday { confirmation: String, arrival: Date },
    #[error("the number is not usable: {0}; type it in international form, e.g. +44 7400 123456")]
    BadPhone(String),
    #[error(
        "the test SMS was not sent: {0}; check the gateway settings in kiosk.toml and the gateway health"
    )]
    TestSmsFailed(#[source] SendError),
    /// The number or the limits refused it (the message says which and what to do).
    #[error("the test SMS was not sent: {0}")]
    TestSmsRefused(#[source] TestSmsError),
}

impl DeskError {
    /// The error as the log says it: without the booking number, typed number or email the
    /// staff member sees on screen (logs outlive the kiosk's retention).
    pub fn for_log(&self) -> String {
        match self {
            DeskError::NoSuchReservation(c) => {
                DeskError::NoSuchReservation(masked_confirmation(c)).to_string()
            }
            DeskError::Cancelled(c) => DeskError::Cancelled(masked_confirmation(c)).to_string(),
            DeskError::Departed {
                confirmation,
                departure,
            } => DeskError::Departed {
                confirmation: masked_confirmation(confirmation),
                departure: *departure,
            }
            .to_string(),
            DeskError::NotArrivingToday {
                confirmation,
                arrival,
            } => DeskError::NotArrivingToday {
                confirmation: masked_confirmation(confirmation),
                arrival: *arrival,
            }
            .to_string(),
            DeskError::BadPhone(_) => "the number typed is not usable".to_owned(),
            DeskError::CheckIn(e) if matches!(**e, CheckinError::BadEmail(_)) => {
                "the email address typed is not usable".to_owned()
            }
            other => other.to_string(),
        }
    }
}

impl From<JourneyError> for DeskError {
    fn from(e: JourneyError) -> Self {
        match e {
            JourneyError::Store(e) => DeskError::Store(e),
            JourneyError::Otp(e) => DeskError::Otp(e),
            JourneyError::Checkin(e) => DeskError::CheckIn(e),
            other => DeskError::Task(other),
        }
    }
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> Self {
        DeskError::Store(Arc::new(e))
    }
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}

impl From<OtpError> for DeskError {
    fn from(e: OtpError) -> Self {
        match e {
            OtpError::Store(s) => s.into(),
            OtpError::Db(d) => d.into(),
            other => DeskError::Otp(Arc::new(other)),
        }
    }
}

impl From<StaffError> for DeskError {
    fn from(e: StaffError) -> Self {
        match e {
            StaffError::Store(s) => s.into(),
            StaffError::Db(d) => d.into(),
            StaffError::Otp(o) => o.into(),
            StaffError::NotConfigured => DeskError::NotConfigured,
            // Only `kiosk staff reset-pad` asks for an operator; staff mode always has one.
            StaffError::ReasonRequired | StaffError::OperatorRequired => DeskError::ReasonRequired,
            StaffError::NoSuchReservation(r) => DeskError::NoSuchReservation(r),
            StaffError::BadPhone(why) => DeskError::BadPhone(why),
        }
    }
}

impl From<CheckinError> for DeskError {
    fn from(e: CheckinError) -> Self {
        match e {
            CheckinError::Store(s) => s.into(),
            CheckinError::Db(d) => d.into(),
            other => DeskError::CheckIn(Arc::new(other)),
        }
    }
}

/// A reservation whose lock is in force, as the locked list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedBooking {
    /// As the PMS wrote it.
    pub confirmation: String,
    /// First initial and the last name's first letter only, e.g. "A. M•••".
    pub guest: String,
    pub masked_phone: Option<String>,
    pub locked_until: Timestamp,
    /// What the lock closes: every lookup path, or only the name search.
    pub scope: limits::LockScope,
}

/// A reservation found by the staff search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestRecord {
    /// As the PMS wrote it.
    pub confirmation: String,
    /// The names as [`crate::guest_name::for_staff`] gives them (drawable by the fonts).
    pub first_name: String,
    pub last_name: String,
    pub masked_phone: Option<String>,
    pub status: Status,
    pub arrival: Date,
    pub departure: Date,
    pub room: Option<String>,
    /// A lock is in force (unlock it before the guest tries a code again).
    pub locked: bool,
}

/// One gateway as staff mode shows it: the running chain's breaker and failure streak, and the
/// last success and failure, whichever is newer of the chain's memory and the journal (so it
/// is right after a restart too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayState {
    pub name: String,
    pub kind: &'static str,
    pub breaker: BreakerState,
    pub consecutive_failures: u32,
    pub last_success: Option<Timestamp>,
    pub last_failure: Option<Timestamp>,
    /// What the gateway answered on its last failure (redacted).
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `None` when `[upstream]` is off.
    pub sync: Option<SyncStatus>,
    /// In chain order.
    pub gateways: Vec<GatewayState>,
    /// E.164 prefixes paused for suspected SMS pumping, the latest-ending first.
    pub pumping_pauses: Vec<crate::otp::pumping::Pause>,
}

/// A test SMS a gateway accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestSms {
    pub gateway: String,
    pub masked_to: String,
}

/// One journal event as staff mode lists it, with no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventLine {
    pub seq: i64,
    pub at: Timestamp,
    pub kind: String,
    /// The confirmation number's last three characters only, e.g. "•••821".
    pub reservation: Option<String>,
    pub staff: Option<String>,
    /// `key=value` pairs from [`EVENT_DETAIL_FIELDS`] only.
    pub detail: String,
}

/// The only `data` fields [`StaffDesk::recent_events`] shows: none holds a name, phone, email,
/// code or token.
pub const EVENT_DETAIL_FIELDS: [&str; 17] = [
    "action",
    "purpose",
    "method",
    "document_type",
    "reason",
    "cause",
    "source",
    "gateway",
    "gateway_kind",
    "outcome",
    "delivery_unknown",
    "field",
    "was_locked",
    "attempts_left",
    "failures",
    "factor",
    "resend",
];

/// Why staff mode was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoutCause {
    /// "Back to guest mode".
    Left,
    /// Two idle minutes.
    Timeout,
}

impl LogoutCause {
    pub fn as_str(self) -> &'static str {
        match self {
            LogoutCause::Left => "left",
            LogoutCause::Timeout => "timeout",
        }
    }
}

/// The staff desk service. Cheap to clone; clones share the journey's store and gateways.
#[derive(Clone)]
pub struct StaffDesk {
    journey: Journey,
    directory: Arc<StaffDirectory>,
}

impl std::fmt::Debug for StaffDesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffDesk")
            .field("kiosk", &self.directory.kiosk_id)
            .field("staff", &self.directory.members.len())
            .finish_non_exhaustive()
    }
}

/// "Ana", "García López" → "A. G•••".
fn masked_guest(first: &str, last: &str) -> String {
    let initial = |s: &str| {
        crate::guest_name::for_staff(s)
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
    };
    match (initial(first), initial(last)) {
        (Some(f), Some(l)) => format!("{f}. {l}•••"),
        (None, Some(l)) => format!("{l}•••"),
        (Some(f), None) => format!("{f}."),
        (None, None) => "•••".to_owned(),
    }
}

/// A stored E.164 number as staff see it (`+44 ••• ••• •958`).
fn masked_phone(r: &Reservation, region: &str) -> Option<String> {
    r.phone
        .as_deref()
        .map(|raw| Phone::parse(raw, region).map_or_else(|_| mask_e164(raw), |p| p.masked()))
}

fn detail(data: &Value) -> String {
    let mut parts = Vec::new();
    for key in EVENT_DETAIL_FIELDS {
        let shown = match data.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => {
                // Reasons are free text: one line, and short enough for a list.
                let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
                if one_line.chars().count() > 80 {
                    format!("{}…", one_line.chars().take(79).collect::<String>())
                } else {
                    one_line
                }
            }
            Some(v @ (Value::Bool(_) | Value::Number(_))) => v.to_string(),
            // Arrays and objects may nest anything: never shown.
            Some(_) => continue,
        };
        parts.push(format!("{key}={shown}"));
    }
    parts.join(" ")
}

fn event_line(e: JournalEvent) -> Result<EventLine, DeskError> {
    let at = e.occurred_at.parse::<Timestamp>().map_err(|err| {
        DeskError::from(StoreError::Corrupt(format!(
            "journal event {} has an unreadable time: {err}",
            e.seq
        )))
    })?;
    Ok(EventLine {
        seq: e.seq,
        at,
        reservation: e.reservation.as_deref().map(masked_confirmation),
        staff: e
            .data
            .get("staff")
            .and_then(Value::as_str)
            .map(str::to_owned),
        detail: detail(&e.data),
        kind: e.kind,
    })
}

/// Newest of two optional times.
fn newest(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

impl StaffDesk {
    /// Staff mode over `journey`'s store, gateways, clock and configuration.
    pub fn new(journey: Journey) -> StaffDesk {
        let directory = Arc::new(StaffDirectory::from_config(journey.config()));
        StaffDesk { journey, directory }
    }

    /// Checks a staff PIN (argon2 runs on the blocking pool). See [`super::login`] for the
    /// pad's persisted pause and lock.
    pub async fn login(&self, pin: String) -> Result<LoginOutcome, DeskError> {
        let pin = zeroize::Zeroizing::new(pin);
        let dir = self.directory.clone();
        self.journey
            .with_store_as(move |store, j| Ok(login(store, j.now(), &dir, &pin)?))
            .await
    }

    /// Whether the PIN pad takes a PIN now (the PIN screen says so as it opens).
    pub async fn pad(&self) -> Result<PadState, DeskError> {
        let kiosk = self.directory.kiosk_id.clone();
        self.journey
            .read_store(move |store, j| {
                Ok(super::pad::state(store.conn(), &kiosk, millis(j.now()))?)
            })
            .await
    }

    /// Reservations whose lock is in force now, the latest-ending first (the one that runs out
    /// soonest is last). A lock on a booking no longer in the cache is listed with guest "•••".
    pub async fn locked(&self) -> Result<Vec<LockedBooking>, DeskError> {
        let region = self.directory.region.clone();
        self.journey
            .read_store(move |store, j| {
                let conn = store.conn();
                let mut out = Vec::new();
                for (key, lock) in limits::active_lockout_list(conn, millis(j.now()))? {
                    let r = reservation_in(conn, &key)?;
                    out.push(LockedBooking {
                        confirmation: r
                            .as_ref()
                            .map_or_else(|| key.clone(), |r| r.display_confirmation.clone()),
                        guest: r.as_ref().map_or_else(
                            || "•••".to_owned(),
                            |r| masked_guest(&r.first_name, &r.last_name),
                        ),
                        masked_phone: r.as_ref().and_then(|r| masked_phone(r, &region)),
                        locked_until: crate::otp::ts(lock.until_ms),
                        scope: lock.scope,
                    });
                }
                Ok(out)
            })
            .await
    }

    /// Lifts a lock (journals `unlocked` with the staff member and reason); returns whether a
    /// lock was in force.
    pub async fn unlock(
        &self,
        staff: &StaffSession,
        confirmation: &str,
        reason: &str,
    ) -> Result<bool, DeskError> {
        let (staff, confirmation, reason) =
            (staff.clone(), confirmation.to_owned(), reason.to_owned());
        self.journey
            .with_store_as(move |store, j| {
                let exists = reservation_in(store.conn(), &confirmation)?.is_some()
                    || limits::has_lockout(
                        store.conn(),
                        &crate::names::confirmation_key(&confirmation),
                    )?;
                if !exists {
                    return Err(DeskError::NoSuchReservation(confirmation));
                }
                Ok(unlock(store, j.now(), &staff, &confirmation, &reason)?)
            })
            .await
    }

    /// Staff search by confirmation number (normalised as the guest lookup does, scanner prefix
    /// stripped) or by last name (accent- and case-insensitive). The booking with that number
    /// comes first, then exact last names by arrival, then — for three characters or more —
    /// names that start with it ("garc" finds "García López") by name then arrival. Only
    /// bookings not cancelled and not yet departed; at most [`FIND_LIMIT`]. Not rate-limited:
    /// staff are behind a PIN.
    pub async fn find(&self, query: &str) -> Result<Vec<GuestRecord>, DeskError> {
        let confirmation = scanned_confirmation(
            query,
            self.journey.config().lookup.scanner_prefix.as_deref(),
        );
        let last_name = name_key(query);
        if confirmation.is_empty() && last_name.is_empty() {
            return Ok(Vec::new());
        }
        let region = self.directory.region.clone();
        self.journey
            .read_store(move |store, j| {
                let conn = store.conn();
                let now_ms = millis(j.now());
                let found =
                    staff_search_in(conn, j.today(), &confirmation, &last_name, FIND_LIMIT)?;
                found
                    .into_iter()
                    .map(|r| {
                        Ok(GuestRecord {
                            locked: limits::is_locked(conn, &r.confirmation, now_ms)?,
                            masked_phone: masked_phone(&r, &region),
                            confirmation: r.display_confirmation,
                            first_name: crate::guest_name::for_staff(&r.first_name),
                            last_name: crate::guest_name::for_staff(&r.last_name),
                            status: r.status,
                            arrival: r.arrival,
                            departure: r.departure,
                            room: r.room,
                        })
                    })
                    .collect()
            })
            .await
    }

    /// Records a photo-ID check (journals `staff_override`); the [`IdCheck`] allows one
    /// check-in without a code, or a phone change.
    pub async fn verify_by_id(
        &self,
        staff: &StaffSession,
        confirmation: &str,
        document_type: DocumentType,
        reason: &str,
    ) -> Result<IdCheck, DeskError> {
        let (staff, confirmation, reason) =
            (staff.clone(), confirmation.to_owned(), reason.to_owned());
        self.journey
            .with_store_as(move |store, j| {
                Ok(verify_by_id(
                    store,
                    j.now(),
                    &staff,
                    &confirmation,
                    document_type,
                    &reason,
                )?)
            })
            .await
    }

    /// Checks the guest in on the strength of the photo-ID check, exactly as a verified code
    /// would (`checked_in` with `method: "photo_id"`), and returns what the success screen shows.
    /// A cancelled, departed or future booking is refused with nothing written.
    pub async fn check_in(&self, id_check: IdCheck, language: &str) -> Result<Finished, DeskError> {
        let language = language.to_owned();
        self.journey
            .with_store_as(move |store, j| {
                refuse_check_in(store, id_check.reservation(), j.today())?;
                Ok(journey::finish(
                    store,
                    j,
                    id_check.into_verified(Purpose::CheckIn),
                    &language,
                )?)
            })
            .await
    }

    /// Replaces the phone on file after the ID check (open code requests are voided) and
    /// returns the new number masked. The number must be able to take an SMS.
    pub async fn change_phone(
        &self,
        id_check: &IdCheck,
        new_phone: &str,
        reason: &str,
    ) -> Result<String, DeskError> {
        let (id_check, new_phone, reason) =
            (id_check.clone(), new_phone.to_owned(), reason.to_owned());
        let region = self.directory.region.clone();
        let changed = self
            .journey
            .with_store_as(move |store, j| {
                // A number no code can reach would only send the guest back to the desk.
                let parsed = Phone::parse(&new_phone, &region)
                    .map_err(|e| DeskError::BadPhone(e.to_string()))?;
                parsed
                    .sms_capability(&j.config().otp.allowed_countries)
                    .map_err(|why| {
                        DeskError::BadPhone(
                            match why {
                                NotSmsCapable::WrongLineType => {
                                    "it cannot receive SMS (a landline or a service number)"
                                }
                                NotSmsCapable::CountryNotAllowed => {
                                    "its country is not in [otp] allowed_countries"
                                }
                            }
                            .to_owned(),
                        )
                    })?;
                let phone = change_phone(store, j.now(), &id_check, &new_phone, &region, &reason)?;
                Ok(phone.masked())
            })
            .await;
        if changed.is_ok() {
            self.journey.notify_soon();
        }
        changed
    }

    /// Sync health (when `[upstream]` is on) and every gateway's state.
    pub async fn health(&self) -> Result<Health, DeskError> {
        let chain = self.journey.gateways().health();
        self.journey
            .read_store(move |store, j| {
                let sync = match j.config().upstream {
                    Some(_) => Some(crate::sync::sync_status(store, j.now())?),
                    None => None,
                };
                let mut gateways = Vec::with_capacity(chain.len());
                for g in chain {
                    let seen = gateway_journal(store.conn(), &g.name)?;
                    // The failure's text goes with whichever record of it is newer.
                    let memory_newer = match (g.last_failure, seen.last_failure) {
                        (Some(m), Some(s)) => m >= s,
                        (m, _) => m.is_some(),
                    };
                    let last_error = if memory_newer {
                        g.last_error
                    } else {
                        seen.last_error
                    };
                    gateways.push(GatewayState {
                        last_success: newest(g.last_success, seen.last_success),
                        last_failure: newest(g.last_failure, seen.last_failure),
                        last_error,
                        name: g.name,
                        kind: g.kind,
                        breaker: g.breaker,
                        consecutive_failures: g.consecutive_failures,
                    });
                }
                let pumping_pauses = crate::otp::pumping::pauses(store.conn(), millis(j.now()))?;
                Ok(Health {
                    sync,
                    gateways,
                    pumping_pauses,
                })
            })
            .await
    }

    /// Lifts the SMS-pumping pause of `prefix` (journals `staff_override` with
    /// `action: "lift_pumping_pause"`, the staff member and the reason); returns whether a pause
    /// was in force. The guests behind it can get codes again at once.
    pub async fn lift_pumping_pause(
        &self,
        staff: &StaffSession,
        prefix: &str,
        reason: &str,
    ) -> Result<bool, DeskError> {
        let (staff, prefix, reason) = (staff.clone(), prefix.to_owned(), reason.to_owned());
        self.journey
            .with_store_as(move |store, j| {
                let reason = crate::staff::audited_reason(&reason)?;
                let tx = store
                    .conn_mut()
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let lifted =
                    crate::otp::pumping::lift(&tx, j.now(), &prefix, staff.name(), reason, None)?;
                tx.commit()?;
                Ok(lifted)
            })
            .await
    }

    /// Sends a test SMS through the gateway chain and journals `staff_override`
    /// (`action: "test_sms"`) with the masked number, on success, failure and refusal. The
    /// number gets the guest sends' checks, and each gateway attempt is permitted and counted
    /// toward the kiosk cap and the test limit first (see [`crate::test_sms`]).
    pub async fn send_test_sms(
        &self,
        staff: &StaffSession,
        to: &str,
    ) -> Result<TestSms, DeskError> {
        let config = self.journey.config();
        let phone = match test_sms::check_number(self.journey.engine(), to) {
            Ok(p) => p,
            Err(e) => {
                self.journal_test_sms(staff, None, &mask_e164(to), e.outcome())
                    .await?;
                return Err(match e {
                    TestSmsError::BadNumber { reason, .. } => {
                        DeskError::BadPhone(reason.to_string())
                    }
                    other => DeskError::TestSmsRefused(other),
                });
            }
        };
        let masked = mask_e164(phone.e164());
        let text = test_text(&config.kiosk.sms_name, &config.kiosk.id);
        let mut refused: Option<TestSmsError> = None;
        let result = {
            let refused = &mut refused;
            let journey = &self.journey;
            let mut permit = |_: &NextAttempt<'_>| -> Result<(), String> {
                let granted = journey
                    .store_now(|store, j| test_sms::permit(j.engine(), store, j.now(), &phone))
                    .map_err(|e| e.to_string())?;
                granted.map_err(|e| {
                    let reason = e.to_string();
                    *refused = Some(e);
                    reason
                })
            };
            self.journey
                .gateways()
                .send_test(phone.e164(), &text, None, &mut permit)
                .await
        };
        let (gateway, mut outcome) = test_sms::outcome(&result);
        if let Some(refusal) = &refused {
            outcome = refusal.outcome();
        }
        let gateway = gateway.map(str::to_owned);
        self.journal_test_sms(staff, gateway.as_deref(), &masked, outcome)
            .await?;
        match (result, refused) {
            (Ok(delivery), _) => {
                tracing::info!(staff = %staff.name(), gateway = %delivery.gateway, to = %masked, "test SMS sent by staff");
                Ok(TestSms {
                    gateway: delivery.gateway,
                    masked_to: phone.masked(),
                })
            }
            (Err(_), Some(refusal)) => Err(DeskError::TestSmsRefused(refusal)),
            (Err(error), None) => {
                tracing::warn!(staff = %staff.name(), to = %masked, error = %error, "test SMS failed");
                Err(DeskError::TestSmsFailed(error))
            }
        }
    }

    async fn journal_test_sms(
        &self,
        staff: &StaffSession,
        gateway: Option<&str>,
        masked_to: &str,
        outcome: &str,
    ) -> Result<(), DeskError> {
        let data = json!({
            "action": "test_sms",
            "staff": staff.name(),
            "kiosk": self.directory.kiosk_id,
            "gateway": gateway,
            "to": masked_to,
            "outcome": outcome,
        });
        self.append(EventKind::StaffOverride, data).await
    }

    /// The newest `limit` journal events, newest first, with no personal data: the reservation
    /// shortened to its last three characters and `detail` made of [`EVENT_DETAIL_FIELDS`] only.
    pub async fn recent_events(&self, limit: usize) -> Result<Vec<EventLine>, DeskError> {
        self.journey
            .read_store(move |store, _| {
                store
                    .journal_recent(limit)?
                    .into_iter()
                    .map(event_line)
                    .collect()
            })
            .await
    }

    /// "Exit kiosk": journals `kiosk_exited` and leaves the exit marker (below); the caller
    /// then quits the app.
    pub async fn exit(&self, staff: &StaffSession) -> Result<(), DeskError> {
        tracing::info!(staff = %staff.name(), "kiosk exited by staff");
        let data = json!({"staff": staff.name(), "kiosk": self.directory.kiosk_id});
        self.append(EventKind::KioskExited, data).await?;
        mark_chosen_exit();
        Ok(())
    }

    /// Back to guest mode, by choice or after the idle timeout: journals `staff_logout`.
    pub async fn logout(&self, staff: &StaffSession, cause: LogoutCause) -> Result<(), DeskError> {
        tracing::info!(staff = %staff.name(), cause = cause.as_str(), "staff logged out");
        let data = json!({"staff": staff.name(), "kiosk": self.directory.kiosk_id, "cause": cause.as_str()});
        self.append(EventKind::StaffLogout, data).await
    }

    async fn append(&self, kind: EventKind, data: Value) -> Result<(), DeskError> {
        self.journey
            .with_store_as(move |store, j| {
                store.journal_append(j.now(), kind, None, data)?;
                Ok(())
            })
            .await
    }
}

/// Refuses a check-in that would not check the guest in today, before anything is written.
fn refuse_check_in(store: &Store, reservation: &str, today: Date) -> Result<(), DeskError> {
    let r = reservation_in(store.conn(), reservation)?
        .ok_or_else(|| DeskError::NoSuchReservation(reservation.to_owned()))?;
    if r.status == Status::Cancelled {
        return Err(DeskError::Cancelled(r.display_confirmation));
    }
    if r.departure < today {
        return Err(DeskError::Departed {
            confirmation: r.display_confirmation,
            departure: r.departure,
        });
    }
    if r.arrival > today {
        return Err(DeskError::NotArrivingToday {
            confirmation: r.display_confirmation,
            arrival: r.arrival,
        });
    }
    Ok(())
}

/// The file `KIOSK_EXIT_MARKER` names is created when staff choose "Exit kiosk". The unit's
/// session script reads it after cage ends: cage (0.1.4) exits 0 however the kiosk ended, so
/// only the marker tells a chosen exit (stay stopped) from a crash (restart).
pub const EXIT_MARKER_ENV: &str = "KIOSK_EXIT_MARKER";

fn mark_chosen_exit() {
    let Some(path) = std::env::var_os(EXIT_MARKER_ENV).filter(|p| !p.is_empty()) else {
        return;
    };
    if let Err(e) = std::fs::write(&path, b"exit kiosk\n") {
        tracing::warn!(error = %e, "cannot leave the exit marker; systemd will restart the kiosk");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_handed_across_tasks<T: Clone + Send + Sync + 'static>() {}

    #[test]
    fn sessions_checks_and_the_desk_cross_tasks() {
        assert_handed_across_tasks::<StaffSession>();
        assert_handed_across_tasks::<IdCheck>();
        assert_handed_across_tasks::<StaffDesk>();
        assert_handed_across_tasks::<DeskError>();
    }

    #[test]
    fn desk_errors_keep_their_typed_source_and_say_what_to_do() {
        use std::error::Error as _;
        let busy = DeskError::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ));
        let copy = busy.clone();
        let source = copy
            .source()
            .and_then(|s| s.downcast_ref::<Arc<StoreError>>());
        assert!(
            matches!(source.map(|s| &**s), Some(StoreError::Busy)),
            "{copy:?}"
        );
        assert!(copy.to_string().ends_with("then try again"), "{copy}");
        let lost = DeskError::from(CheckinError::NotAvailable);
        assert!(lost.source().is_some_and(|s| s.is::<Arc<CheckinError>>()));
        assert!(lost.to_string().contains("ask at the desk"), "{lost}");
        let task = DeskError::from(JourneyError::Poisoned("store"));
        assert!(task.source().is_some_and(|s| s.is::<JourneyError>()));
        assert!(task.to_string().contains("restart the kiosk"), "{task}");
    }

    #[test]
    fn guests_and_reservations_are_masked() {
        assert_eq!(masked_guest("Ana", "García López"), "A. G•••");
        assert_eq!(masked_guest("Søren", "Østergaard"), "S. Ø•••");
        assert_eq!(masked_guest("", "Lee"), "L•••");
        // An initial the fonts lack: the everyday form, or a romanised one.
        assert_eq!(masked_guest("김민준", "髙橋"), "G. 高•••");
        assert_eq!(masked_confirmation("LK4821"), "•••821");
        assert_eq!(masked_confirmation("A1"), "•••A1");
    }

    #[test]
    fn the_log_says_which_refusal_without_the_booking_number_phone_or_email() {
        let day = jiff::civil::date(2026, 12, 5);
        let refusals = [
            DeskError::NoSuchReservation("LK4846".into()),
            DeskError::Cancelled("LK4846".into()),
            DeskError::Departed {
                confirmation: "LK4846".into(),
                departure: day,
            },
            DeskError::NotArrivingToday {
                confirmation: "LK4846".into(),
                arrival: day,
            },
            DeskError::BadPhone("+447400123958 is too long".into()),
            DeskError::CheckIn(Arc::new(CheckinError::BadEmail("ana@example".into()))),
        ];
        for refusal in refusals {
            let logged = refusal.for_log();
            for secret in ["LK4846", "7400123958", "ana@example"] {
                assert!(!logged.contains(secret), "{logged}");
            }
            if refusal.to_string().contains("LK4846") {
                assert!(logged.contains("•••846"), "{logged}");
            }
        }
    }

    #[test]
    fn event_detail_shows_only_allowed_fields() {
        let data = json!({
            "action": "photo_id_check",
            "staff": "Demo Desk",
            "reason": "guest   forgot\nphone",
            "phone": "+44 ••• ••• •958",
            "new_phone": "+447400123958",
            "last_name": "Smith",
            "first_name": "Ann",
            "email": "a@example.com",
            "token": "dk-1",
            "code": "123456",
            "room": "412",
            "was_locked": true,
            "failures": 3,
            "gateway": ["nested"],
        });
        assert_eq!(
            detail(&data),
            "action=photo_id_check reason=guest forgot phone was_locked=true failures=3"
        );
    }
}
