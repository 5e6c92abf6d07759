//! The guest journey as one service: find the booking, send a code through the gateway chain,
//! verify it, and complete the step — over the store, the OTP engine and the gateways. The GUI
//! (and any other front end) calls only this; it never reaches around the verification core.
//!
//! Async throughout: SQLite work runs on `spawn_blocking`, gateway calls are awaited, so a front
//! end's thread never waits on either. What the journey remembers between calls (which booking
//! was found, which code request is open, what it verified) lives in memory under opaque
//! handles and is wiped by [`Journey::forget_all`] when the kiosk goes idle.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::checkin::{self, CheckinError, Completion, EmailChange};
use crate::clock::{Clock, business_date};
use crate::config::{Config, SecondFactor};
use crate::gateway::{GatewayChain, GuestNotice, NextAttempt, SendError, SmsMessage};
use crate::lookup::{self, Contact, LookupContext, LookupOutcome, Query, ReservationRef};
use crate::otp::limits::LookupPath;
pub use crate::otp::policy::{Mismatch, Stage};
use crate::otp::{
    Challenge, GuestOutcome, IssuedCode, OtpEngine, OtpError, Purpose, SecondFactorOutcome,
    SecondFactorPrompt, Verified, VerifyOutcome,
};
use crate::store::{Reservation, Status, Store, StoreError};

/// Why a journey call failed. The guest is sent to the desk; IT reads the message. `Clone` (the
/// sources sit in `Arc`s) so a front end can carry it in its messages as it is.
#[derive(Debug, Clone, thiserror::Error)]
pub enum JourneyError {
    #[error("the kiosk database failed: {0}; check the disk and [store] path")]
    Store(#[source] Arc<StoreError>),
    #[error("the code check failed: {0}; check the disk and [store] path")]
    Otp(#[source] Arc<OtpError>),
    #[error("the booking search failed: {0}; check the disk and [store] path")]
    Lookup(#[source] Arc<lookup::LookupError>),
    #[error("the check-in failed: {0}; check the disk and [store] path")]
    Checkin(#[source] Arc<CheckinError>),
    #[error(
        "this request is no longer open (the kiosk was reset or the code replaced); start again"
    )]
    Stale,
    #[error("a background task failed: {0}; restart the kiosk if it keeps failing")]
    Task(#[source] Arc<tokio::task::JoinError>),
    /// A thread panicked while holding one of the journey's locks.
    #[error("the {0} lock was poisoned by a crash; restart the kiosk")]
    Poisoned(&'static str),
}

impl From<StoreError> for JourneyError {
    fn from(e: StoreError) -> Self {
        JourneyError::Store(Arc::new(e))
    }
}

impl From<OtpError> for JourneyError {
    fn from(e: OtpError) -> Self {
        JourneyError::Otp(Arc::new(e))
    }
}

impl From<lookup::LookupError> for JourneyError {
    fn from(e: lookup::LookupError) -> Self {
        JourneyError::Lookup(Arc::new(e))
    }
}

impl From<CheckinError> for JourneyError {
    fn from(e: CheckinError) -> Self {
        JourneyError::Checkin(Arc::new(e))
    }
}

/// Why the guest is sent to the front desk. Screens word these alike on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskReason {
    NoPhone,
    NotMobile,
    SendLimit,
    Locked,
    GatewayDown,
    Other,
}

/// What a lookup found, as far as a guest may see before proving the phone.
#[derive(Clone, PartialEq, Eq)]
pub struct FoundBooking {
    /// Opaque handle for the next calls.
    pub handle: String,
    /// As [`crate::guest_name::shown`] gives it: empty when the fonts cannot draw it.
    pub first_name: String,
    /// How the guest is addressed in some languages (see [`crate::lookup::Found`]).
    pub last_name: String,
    /// `None`: no number that can take an SMS.
    pub masked_phone: Option<String>,
    pub arrival: Date,
    pub departure: Date,
    pub language: Option<String>,
    pub purposes: Vec<Purpose>,
    /// Where the booking stands today (see [`FoundBooking::mismatch`]).
    pub stage: Stage,
    /// Found by the guest's names alone (no booking number, no scan).
    pub by_name: bool,
}

// Like `lookup::Found`: Debug leaves the surname out.
impl std::fmt::Debug for FoundBooking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FoundBooking")
            .field("handle", &self.handle)
            .field("first_name", &self.first_name)
            .field("masked_phone", &self.masked_phone)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("language", &self.language)
            .field("purposes", &self.purposes)
            .field("stage", &self.stage)
            .field("by_name", &self.by_name)
            .finish_non_exhaustive()
    }
}

impl FoundBooking {
    /// Why `wanted` is not open for this booking, when it is not: each case has its own words
    /// and a step that is open instead (never "starts on …" for a guest already in the house).
    pub fn mismatch(&self, wanted: Purpose) -> Option<Mismatch> {
        self.stage.mismatch(wanted)
    }

    /// The step to go on with when the guest chose `wanted`: `wanted` when it is open. Found by
    /// the names alone, the step that is open instead (My stay when none is), without saying
    /// why: a stranger who overheard a name learns nothing of the stay (in the house, arriving
    /// when, leaving today) before proving the phone, and the guest who proves it sees it all.
    /// Found by the booking number, why not (the screen words it and offers the open step).
    pub fn step_for(&self, wanted: Purpose) -> Result<Purpose, Mismatch> {
        match self.mismatch(wanted) {
            None => Ok(wanted),
            Some(m) if self.by_name => Ok(m.open_step().unwrap_or(Purpose::VerifyIdentity)),
            Some(m) => Err(m),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupResult {
    Found(FoundBooking),
    /// Every kind of miss, several same-name arrivals included.
    NotFound,
    /// A scan that does not prove itself: ask for the surname, keeping `confirmation`.
    AskForSurname {
        confirmation: String,
    },
    Paused {
        retry_after_s: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    /// Opaque handle of the code request.
    pub challenge: String,
    pub masked_phone: String,
    pub length: u8,
    pub expires_at: Timestamp,
    /// `None` once no resend is left.
    pub resend_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendResult {
    Sent(CodeSent),
    /// Not yet: a new code can be asked for after this many seconds.
    TooSoon {
        retry_after_s: u64,
    },
    SeeDesk(DeskReason),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckResult {
    Verified,
    SecondFactor(SecondFactor),
    Wrong {
        attempts_left: u32,
    },
    Locked,
    Expired,
    /// The code request is used up or replaced: ask for a new code.
    Closed,
    /// The answer is not in the expected shape (nothing was counted).
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailResult {
    Updated,
    /// Not an email address; nothing changed.
    Invalid,
}

/// An assistance request, journaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssistanceRequested {
    /// The request reaches the front desk (sync is on); otherwise only the journal has it.
    pub desk_notified: bool,
}

/// What the guest sees after the step is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub completion: Completion,
    pub details: StayDetails,
    /// My stay: the handle that allows one change of the email on file
    /// ([`Journey::update_email`]); the journey keeps the permission itself, so the idle wipe
    /// takes it away.
    pub email_change: Option<String>,
}

/// Everything the success screen shows, localised and filled in. The room, the directions,
/// the key-pickup text and any QR code built from `{token}`, `{room}` or `{floor}` are there
/// only for a checked-in guest; anyone else gets `next_step` instead.
#[derive(Clone, PartialEq, Eq)]
pub struct StayDetails {
    /// As [`crate::guest_name::shown`] gives it: empty when the fonts cannot draw it.
    pub first_name: String,
    pub last_name: String,
    pub room: Option<String>,
    pub directions: Option<String>,
    pub key_pickup: Option<String>,
    pub arrival: Date,
    pub departure: Date,
    /// (label, payload) pairs from `[success] qr`.
    pub qr: Vec<(String, String)>,
    /// `None` when checked in; otherwise what the guest does next to get the room and key.
    pub next_step: Option<NextStep>,
}

/// What a guest who is not checked in does next (the screen words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// A future arrival: check in at the kiosk from this date.
    CheckInFrom(Date),
    /// Arrival day or later: check in at the kiosk now, or ask at the desk.
    CheckInToday,
}

// QR payloads carry the PMS token (digital key, folio): Debug names only their labels.
impl std::fmt::Debug for StayDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels: Vec<&str> = self.qr.iter().map(|(label, _)| label.as_str()).collect();
        f.debug_struct("StayDetails")
            .field("first_name", &self.first_name)
            .field("room", &self.room)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("qr", &labels)
            .field("next_step", &self.next_step)
            .finish_non_exhaustive()
    }
}

struct OpenChallenge {
    challenge: Challenge,
    reservation: ReservationRef,
    verified: Option<Verified>,
    prompt: Option<SecondFactorPrompt>,
}

#[derive(Default)]
struct Memory {
    /// How many wipes there have been: a call that began before one keeps nothing after it.
    wipes: u64,
    found: HashMap<String, ReservationRef>,
    challenges: HashMap<String, OpenChallenge>,
    /// Email changes a `verify_identity` allowed, each usable once.
    emails: HashMap<String, EmailChange>,
}

/// When a call began, as far as wipes go: what it learns is remembered only if no
/// [`Journey::forget_all`] came in between, so a reply that lands after the idle wipe leaves no
/// handle behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Epoch(u64);

/// The journey service. Cheap to clone; clones share the store and memory.
#[derive(Clone)]
pub struct Journey {
    config: Arc<Config>,
    store: Arc<Mutex<Store>>,
    engine: Arc<OtpEngine>,
    lookup: Arc<LookupContext>,
    chain: Arc<GatewayChain>,
    clock: Arc<dyn Clock>,
    memory: Arc<Mutex<Memory>>,
    on_event: Arc<dyn Fn() + Send + Sync>,
}

impl Journey {
    /// Builds the journey over an open store. `on_event` is called after each journal write
    /// (e.g. to wake the sync worker).
    pub fn new(
        config: Arc<Config>,
        store: Store,
        chain: GatewayChain,
        clock: Arc<dyn Clock>,
        on_event: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Journey, OtpError> {
        let engine = OtpEngine::from_config(&store, &config)?;
        let lookup = LookupContext::from_config(&config);
        Ok(Journey {
            config,
            store: Arc::new(Mutex::new(store)),
            engine: Arc::new(engine),
            lookup: Arc::new(lookup),
            chain: Arc::new(chain),
            clock,
            memory: Arc::new(Mutex::new(Memory::default())),
            on_event,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn today(&self) -> Date {
        business_date(
            self.now(),
            &self.config.kiosk.time_zone,
            self.config.kiosk.business_day_start,
        )
    }

    pub fn gateways(&self) -> &GatewayChain {
        &self.chain
    }

    pub(crate) fn engine(&self) -> &OtpEngine {
        &self.engine
    }

    /// Wipes every handle: found bookings, open code requests, verifications, email changes
    /// (idle reset). Calls still on their way keep nothing afterwards (see [`Epoch`]).
    pub fn forget_all(&self) {
        if let Ok(mut m) = self.memory.lock() {
            *m = Memory {
                wipes: m.wipes + 1,
                ..Memory::default()
            };
        }
    }

    /// Now, for a call about to start (see [`Epoch`]).
    fn epoch(&self) -> Result<Epoch, JourneyError> {
        self.remember(|m| Epoch(m.wipes))
    }

    /// How many handles are held (tests check the idle wipe with it).
    pub fn remembered(&self) -> usize {
        self.memory
            .lock()
            .map_or(0, |m| m.found.len() + m.challenges.len() + m.emails.len())
    }

    /// Runs `f` with the store on a blocking thread; `on_event` fires when it succeeds.
    async fn with_store<T, F>(&self, f: F) -> Result<T, JourneyError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Journey) -> Result<T, JourneyError> + Send + 'static,
    {
        self.with_store_as(f).await
    }

    /// [`Journey::with_store`] with the caller's error type, for other services over the same
    /// store (staff mode): one lock, one blocking pool, one `on_event` rule.
    pub(crate) async fn with_store_as<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<JourneyError> + Send + 'static,
        F: FnOnce(&mut Store, &Journey) -> Result<T, E> + Send + 'static,
    {
        let result = self.blocking(f).await;
        if result.is_ok() {
            (self.on_event)();
        }
        result
    }

    /// Runs a read-only `f` with the store on a blocking thread (`on_event` does not fire).
    pub(crate) async fn read_store<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<JourneyError> + Send + 'static,
        F: FnOnce(&mut Store, &Journey) -> Result<T, E> + Send + 'static,
    {
        self.blocking(f).await
    }

    async fn blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<JourneyError> + Send + 'static,
        F: FnOnce(&mut Store, &Journey) -> Result<T, E> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = this
                .store
                .lock()
                .map_err(|_| JourneyError::Poisoned("store"))?;
            f(&mut store, &this)
        })
        .await
        .map_err(|e| E::from(JourneyError::Task(Arc::new(e))))?
    }

    /// Runs `f` with the store on this thread, for the gateway chain's synchronous hooks (an
    /// attempt's permit, a failed attempt's journal entry) that must be durable before the next
    /// gateway is tried: a short fsync, taken off the async worker where the runtime allows it.
    pub(crate) fn store_now<T>(
        &self,
        f: impl FnOnce(&mut Store, &Journey) -> T,
    ) -> Result<T, JourneyError> {
        let run = || {
            let mut store = self
                .store
                .lock()
                .map_err(|_| JourneyError::Poisoned("store"))?;
            Ok(f(&mut store, self))
        };
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(run)
            }
            _ => run(),
        }
    }

    fn remember<T>(&self, f: impl FnOnce(&mut Memory) -> T) -> Result<T, JourneyError> {
        self.memory
            .lock()
            .map(|mut m| f(&mut m))
            .map_err(|_| JourneyError::Poisoned("journey memory"))
    }

    /// [`Journey::remember`] for a call that began at `epoch`: `Stale` if the kiosk was wiped
    /// since, and nothing is kept.
    fn remember_since<T>(
        &self,
        epoch: Epoch,
        f: impl FnOnce(&mut Memory) -> T,
    ) -> Result<T, JourneyError> {
        self.remember(|m| (Epoch(m.wipes) == epoch).then(|| f(m)))?
            .ok_or(JourneyError::Stale)
    }

    /// Finds a booking. Owned strings so the call can move to a blocking thread.
    pub async fn lookup(&self, query: OwnedQuery) -> Result<LookupResult, JourneyError> {
        let epoch = self.epoch()?;
        let outcome = self
            .with_store(move |store, j| {
                let now = j.now();
                let q = query.as_query();
                lookup::lookup(store, &j.lookup, now, q).map_err(JourneyError::from)
            })
            .await?;
        Ok(match outcome {
            LookupOutcome::Found(found) => {
                let handle = uuid::Uuid::new_v4().to_string();
                let purposes = found.reservation.purposes().to_vec();
                let masked_phone = match &found.contact {
                    Contact::Sms { masked_phone } => Some(masked_phone.clone()),
                    Contact::SeeDesk(_) => None,
                };
                self.remember_since(epoch, |m| {
                    m.found.insert(handle.clone(), found.reservation.clone())
                })?;
                LookupResult::Found(FoundBooking {
                    handle,
                    first_name: crate::guest_name::shown(&found.first_name),
                    last_name: crate::guest_name::shown(&found.last_name),
                    masked_phone,
                    arrival: found.arrival,
                    departure: found.departure,
                    language: found.language,
                    purposes,
                    stage: found.stage,
                    by_name: found.reservation.path() == LookupPath::Name,
                })
            }
            LookupOutcome::NotFound => LookupResult::NotFound,
            LookupOutcome::AskForSurname { confirmation } => {
                LookupResult::AskForSurname { confirmation }
            }
            LookupOutcome::CoolingDown { retry_after } => LookupResult::Paused {
                retry_after_s: retry_after.as_secs().max(1),
            },
        })
    }

    /// Issues a code for `purpose` and sends it in `language`.
    pub async fn send_code(
        &self,
        handle: &str,
        purpose: Purpose,
        language: &str,
    ) -> Result<SendResult, JourneyError> {
        let (epoch, reservation) =
            self.remember(|m| (Epoch(m.wipes), m.found.get(handle).cloned()))?;
        let reservation = reservation.ok_or(JourneyError::Stale)?;
        if !self.chain.any_available() {
            return Ok(gateways_down());
        }
        let r = reservation.clone();
        let issued = self
            .with_store(move |store, j| Ok(j.engine.issue_code(store, j.now(), &r, purpose)))
            .await?;
        match issued {
            Ok(issued) => self.deliver(epoch, issued, reservation, language).await,
            Err(e) => Ok(refusal(&e)),
        }
    }

    /// A new code for an open request (the old one stops working).
    pub async fn resend(
        &self,
        challenge: &str,
        language: &str,
    ) -> Result<SendResult, JourneyError> {
        let (epoch, open) = self.remember(|m| {
            let open = m
                .challenges
                .get(challenge)
                .map(|c| (c.challenge.clone(), c.reservation.clone()));
            (Epoch(m.wipes), open)
        })?;
        let (current, reservation) = open.ok_or(JourneyError::Stale)?;
        if !self.chain.any_available() {
            return Ok(gateways_down());
        }
        let issued = self
            .with_store(move |store, j| Ok(j.engine.resend(store, j.now(), &current)))
            .await?;
        match issued {
            Ok(issued) => self.deliver(epoch, issued, reservation, language).await,
            Err(e) => Ok(refusal(&e)),
        }
    }

    /// Sends an issued code through the chain, journaling every attempt before the next gateway
    /// is tried. The same code goes to every gateway, so a late first SMS still works. Each
    /// attempt after the first (which issuing counted) needs the engine's permit, counted in
    /// the transaction that grants it; a refusal ends the chain and sends the guest to the
    /// desk. A code that went out after a wipe (the send began at `epoch`) opens no request:
    /// `Stale`.
    async fn deliver(
        &self,
        epoch: Epoch,
        issued: IssuedCode,
        reservation: ReservationRef,
        language: &str,
    ) -> Result<SendResult, JourneyError> {
        let text = crate::gateway::otp_text(
            language,
            issued.challenge.purpose,
            &self.config.kiosk.sms_name,
            &issued.code,
            self.config.otp.ttl,
        );
        let message = SmsMessage::new(issued.phone.e164(), text).with_validity(self.config.otp.ttl);
        let challenge = issued.challenge.clone();
        let mut refused: Option<OtpError> = None;
        let sent = {
            let refused = &mut refused;
            let mut permit = |next: &NextAttempt<'_>| -> Result<(), String> {
                // Issuing the code was the first attempt's permit.
                if next.made == 0 {
                    return Ok(());
                }
                let granted = self
                    .store_now(|store, j| j.engine.permit_failover(store, j.now(), &challenge))
                    .map_err(|e| e.to_string())?;
                granted.map_err(|e| {
                    let reason = e.to_string();
                    *refused = Some(e);
                    reason
                })
            };
            let mut journal_failures = |attempt: &crate::gateway::Attempt| {
                let Err(failure) = &attempt.outcome else {
                    return;
                };
                let written = self.store_now(|store, j| {
                    j.engine.record_send_failed(
                        store,
                        j.now(),
                        &challenge,
                        &attempt.gateway,
                        &failure.detail,
                        Some(attempt.journal_data()),
                    )
                });
                if let Err(e) = written
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.map_err(|e| e.to_string()))
                {
                    tracing::error!(error = %e, "could not journal a failed send attempt");
                }
            };
            self.chain
                .send_permitted(&message, &mut permit, &mut journal_failures)
                .await
        };
        drop(message);
        match sent {
            Ok(delivery) => {
                let c = challenge.clone();
                self.with_store(move |store, j| {
                    j.engine
                        .record_send_accepted(
                            store,
                            j.now(),
                            &c,
                            &delivery.gateway,
                            delivery.message_id.as_deref(),
                        )
                        .map_err(JourneyError::from)
                })
                .await?;
                let id = challenge.id.clone();
                self.remember_since(epoch, |m| {
                    m.challenges.insert(
                        id.clone(),
                        OpenChallenge {
                            challenge,
                            reservation,
                            verified: None,
                            prompt: None,
                        },
                    )
                })?;
                Ok(SendResult::Sent(CodeSent {
                    challenge: id,
                    masked_phone: issued.masked_phone.clone(),
                    length: self.config.otp.length,
                    expires_at: issued.expires_at,
                    resend_at: (issued.resends_left > 0).then_some(issued.resend_at),
                }))
            }
            Err(e @ SendError::Refused { .. }) => {
                tracing::warn!(error = %e, "the code was not sent through the next gateway");
                Ok(match &refused {
                    Some(refusal_error) => refusal(refusal_error),
                    None => SendResult::SeeDesk(DeskReason::Other),
                })
            }
            Err(e) => {
                tracing::warn!(error = %e, "no gateway delivered the code");
                Ok(SendResult::SeeDesk(match e.guest_notice() {
                    GuestNotice::NumberCannotReceive => DeskReason::NotMobile,
                    GuestNotice::ServiceUnavailable => DeskReason::GatewayDown,
                }))
            }
        }
    }

    /// Sends the security notices that are due (a lock notice after the quiet hours, a phone
    /// change); returns how many went to a gateway. Safe to call from several places at once:
    /// each notice is claimed in a transaction and sent at most once.
    pub async fn send_due_notices(&self) -> Result<usize, JourneyError> {
        let claimed = self
            .read_store(|store, j| {
                crate::notice::claim_due(store, &j.engine, &j.config.kiosk.country, j.now())
                    .map_err(JourneyError::from)
            })
            .await?;
        let mut sent = 0;
        for notice in claimed {
            let text = crate::gateway::notice_text(
                notice.kind,
                &notice.language,
                &self.config.kiosk.sms_name,
            );
            let message = SmsMessage::new(notice.phone.e164(), text);
            // The claim counted the first attempt; each failover is another SMS that may go
            // out, allowed and counted against the kiosk and phone caps before it is made.
            let e164 = notice.phone.e164().to_owned();
            let mut permit = |next: &crate::gateway::NextAttempt<'_>| -> Result<(), String> {
                if next.made == 0 {
                    return Ok(());
                }
                self.store_now(|store, j| {
                    crate::notice::permit_failover(store, &j.engine, j.now(), &e164)
                })
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())
            };
            let outcome = self
                .chain
                .send_permitted(&message, &mut permit, &mut |_| {})
                .await;
            let result = match &outcome {
                Ok(delivery) => {
                    sent += 1;
                    Ok(delivery.gateway.clone())
                }
                Err(e) => {
                    tracing::warn!(error = %e, notice = notice.kind.as_str(), "security notice not delivered");
                    Err(match e.guest_notice() {
                        GuestNotice::NumberCannotReceive => "recipient".to_owned(),
                        GuestNotice::ServiceUnavailable => "unavailable".to_owned(),
                    })
                }
            };
            self.with_store(move |store, j| {
                crate::notice::record_outcome(
                    store,
                    j.now(),
                    &notice,
                    result.as_deref().map_err(String::as_str),
                )
                .map_err(JourneyError::from)
            })
            .await?;
        }
        Ok(sent)
    }

    /// When the next pending notice falls due (the kiosk's notice sender sleeps until then).
    pub async fn next_notice_due(&self) -> Result<Option<Timestamp>, JourneyError> {
        self.read_store(|store, _| crate::notice::next_due(store).map_err(JourneyError::from))
            .await
    }

    /// Sends notices as they fall due, for the life of the kiosk process. Wakes at the next due
    /// time (at least hourly, so a moved clock is caught up).
    pub async fn send_notices_forever(&self) {
        loop {
            if let Err(e) = self.send_due_notices().await {
                tracing::error!(error = %e, "security notices could not be sent");
            }
            let due = self.next_notice_due().await.unwrap_or(None);
            tokio::time::sleep(crate::notice::wait_until(self.now(), due)).await;
        }
    }

    /// Sends due notices in the background (after a lock, a phone change); failures are
    /// logged, not shown.
    pub(crate) fn notify_soon(&self) {
        let this = self.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                if let Err(e) = this.send_due_notices().await {
                    tracing::error!(error = %e, "security notices could not be sent");
                }
            });
        }
    }

    /// Checks a typed code.
    pub async fn verify(&self, challenge: &str, code: String) -> Result<CheckResult, JourneyError> {
        let current = self
            .remember(|m| m.challenges.get(challenge).map(|c| c.challenge.clone()))?
            .ok_or(JourneyError::Stale)?;
        let outcome = self
            .with_store(move |store, j| {
                j.engine
                    .verify(store, j.now(), &current, &code)
                    .map_err(JourneyError::from)
            })
            .await?;
        let (result, verified, prompt) = match outcome {
            VerifyOutcome::Verified(v) => (CheckResult::Verified, Some(v), None),
            VerifyOutcome::SecondFactor(p) => {
                (CheckResult::SecondFactor(p.factor()), None, Some(p))
            }
            VerifyOutcome::Wrong { attempts_left } => {
                (CheckResult::Wrong { attempts_left }, None, None)
            }
            VerifyOutcome::Locked { .. } => {
                self.notify_soon();
                (CheckResult::Locked, None, None)
            }
            VerifyOutcome::Expired => (CheckResult::Expired, None, None),
            VerifyOutcome::Closed => (CheckResult::Closed, None, None),
        };
        self.keep(challenge, verified, prompt)?;
        Ok(result)
    }

    /// Stores what a check proved (a verification, or the prompt to answer next) on the open
    /// code request.
    fn keep(
        &self,
        challenge: &str,
        verified: Option<Verified>,
        prompt: Option<SecondFactorPrompt>,
    ) -> Result<(), JourneyError> {
        self.remember(|m| {
            if let Some(open) = m.challenges.get_mut(challenge) {
                if verified.is_some() {
                    open.verified = verified;
                }
                if prompt.is_some() {
                    open.prompt = prompt;
                }
            }
        })
    }

    /// Checks the second-factor answer after a right code.
    pub async fn second_factor(
        &self,
        challenge: &str,
        answer: String,
    ) -> Result<CheckResult, JourneyError> {
        let prompt = self
            .remember(|m| {
                m.challenges
                    .get_mut(challenge)
                    .and_then(|c| c.prompt.take())
            })?
            .ok_or(JourneyError::Stale)?;
        let outcome = self
            .with_store(move |store, j| {
                j.engine
                    .answer_second_factor(store, j.now(), prompt, &answer)
                    .map_err(JourneyError::from)
            })
            .await?;
        let (result, verified, prompt) = match outcome {
            SecondFactorOutcome::Verified(v) => (CheckResult::Verified, Some(v), None),
            SecondFactorOutcome::Wrong {
                prompt,
                attempts_left,
            } => (CheckResult::Wrong { attempts_left }, None, Some(prompt)),
            // Not in the expected shape: nothing was counted, the same prompt stays open.
            SecondFactorOutcome::Invalid { prompt, .. } => {
                (CheckResult::Invalid, None, Some(prompt))
            }
            SecondFactorOutcome::Exhausted => (CheckResult::Closed, None, None),
            SecondFactorOutcome::Locked { .. } => {
                self.notify_soon();
                (CheckResult::Locked, None, None)
            }
        };
        self.keep(challenge, verified, prompt)?;
        Ok(result)
    }

    /// Completes the verified step (check in, confirm, or show the stay again).
    pub async fn complete(
        &self,
        challenge: &str,
        language: &str,
    ) -> Result<Finished, JourneyError> {
        let verified = self
            .remember(|m| {
                // Only a verified request is used up; asking too early must not drop it (nor a
                // second-factor prompt still open on it).
                let verified = m
                    .challenges
                    .get_mut(challenge)
                    .and_then(|c| c.verified.take());
                if verified.is_some() {
                    m.challenges.remove(challenge);
                }
                verified
            })?
            .ok_or(JourneyError::Stale)?;
        let epoch = self.epoch()?;
        let language = language.to_owned();
        let mut finished = self
            .with_store(move |store, j| {
                finish(store, j, verified, &language).map_err(JourneyError::from)
            })
            .await?;
        if let Completion::IdentityVerified { email, .. } = &finished.completion {
            finished.email_change = Some(self.remember_email_change(epoch, email.clone())?);
        }
        Ok(finished)
    }

    /// Keeps the email change a `verify_identity` allowed; returns its handle. `epoch` is when
    /// the step began: after a wipe since, nothing is kept (`Stale`).
    fn remember_email_change(
        &self,
        epoch: Epoch,
        change: EmailChange,
    ) -> Result<String, JourneyError> {
        let handle = uuid::Uuid::new_v4().to_string();
        self.remember_since(epoch, |m| m.emails.insert(handle.clone(), change))?;
        Ok(handle)
    }

    /// Changes the email on file with a remembered permission. An address that is not valid
    /// keeps the permission, so the guest can correct it.
    pub async fn update_email(
        &self,
        handle: &str,
        email: String,
    ) -> Result<EmailResult, JourneyError> {
        let change = self
            .remember(|m| m.emails.get(handle).cloned())?
            .ok_or(JourneyError::Stale)?;
        let result = self
            .with_store(move |store, j| {
                match checkin::update_email(store, j.now(), change, &email) {
                    Ok(()) => Ok(EmailResult::Updated),
                    Err(CheckinError::BadEmail(_)) => Ok(EmailResult::Invalid),
                    Err(e) => Err(JourneyError::from(e)),
                }
            })
            .await?;
        if result == EmailResult::Updated {
            self.remember(|m| m.emails.remove(handle))?;
        }
        Ok(result)
    }

    /// Journals `assistance_requested`; `cause` names the screen or reason. The answer says
    /// whether the request reaches the desk (only through sync), so the screen words it so.
    pub async fn request_assistance(
        &self,
        handle: Option<&str>,
        cause: &str,
    ) -> Result<AssistanceRequested, JourneyError> {
        let reservation = match handle {
            Some(h) => self.remember(|m| m.found.get(h).map(|r| r.confirmation().to_owned()))?,
            None => None,
        };
        let cause = cause.to_owned();
        self.with_store(move |store, j| {
            checkin::request_assistance(store, j.now(), reservation.as_deref(), &cause)
                .map_err(JourneyError::from)
        })
        .await?;
        Ok(AssistanceRequested {
            desk_notified: self.config.upstream.is_some(),
        })
    }
}

/// Completes a verified step and fills in what the success screen shows: shared by the guest
/// journey and staff mode's check-in after a photo-ID check.
pub(crate) fn finish(
    store: &mut Store,
    j: &Journey,
    verified: Verified,
    language: &str,
) -> Result<Finished, checkin::CheckinError> {
    let key = verified.reservation().to_owned();
    let today = j.today();
    let completion = checkin::complete(store, j.now(), today, verified)?;
    // Read after the step, so a check-in just made counts as checked in.
    let reservation = store
        .reservation(&key)?
        .ok_or(checkin::CheckinError::NotAvailable)?;
    Ok(Finished {
        completion,
        details: stay_details(&j.config, &reservation, language, today),
        email_change: None,
    })
}

/// A lookup query with owned strings (it crosses threads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedQuery {
    Confirmation {
        confirmation: String,
        last_name: String,
    },
    Name {
        last_name: String,
        first_name: String,
    },
    Scan(String),
}

impl OwnedQuery {
    fn as_query(&self) -> Query<'_> {
        match self {
            OwnedQuery::Confirmation {
                confirmation,
                last_name,
            } => Query::Confirmation {
                confirmation,
                last_name,
            },
            OwnedQuery::Name {
                last_name,
                first_name,
            } => Query::Name {
                last_name,
                first_name,
            },
            OwnedQuery::Scan(s) => Query::Scan(s),
        }
    }
}

/// Every gateway's circuit breaker is open: no code is issued (it would count as a send that
/// is never made) and the guest goes to the desk.
fn gateways_down() -> SendResult {
    tracing::warn!("code not issued: every SMS gateway is skipped (circuit breakers open)");
    SendResult::SeeDesk(DeskReason::GatewayDown)
}

/// Maps an engine refusal to what the guest is told.
fn refusal(e: &OtpError) -> SendResult {
    if let OtpError::ResendTooSoon { retry_after } = e {
        return SendResult::TooSoon {
            retry_after_s: retry_after.as_secs().max(1),
        };
    }
    let reason = match e {
        OtpError::NoPhone => DeskReason::NoPhone,
        OtpError::NotSmsCapable(_) => DeskReason::NotMobile,
        OtpError::SendLimit { .. } | OtpError::NoResendsLeft => DeskReason::SendLimit,
        OtpError::Locked { .. } => DeskReason::Locked,
        _ => match e.guest_outcome() {
            GuestOutcome::Locked { .. } => DeskReason::Locked,
            _ => DeskReason::Other,
        },
    };
    tracing::info!(reason = ?reason, "code not sent");
    SendResult::SeeDesk(reason)
}

/// Fills the `[success]` texts and QR payloads for `reservation` in `language`. Only a
/// checked-in booking (checked in now or on an earlier visit, and not checked out) gets the
/// room, the directions, the key pickup and the QR codes that carry the room or the PMS token
/// (a digital key); the others get the stay dates and [`NextStep`], and only QR codes that say
/// nothing about the room (Wi-Fi). `today` is the business date.
pub fn stay_details(config: &Config, r: &Reservation, language: &str, today: Date) -> StayDetails {
    let in_house = r.status == Status::CheckedIn;
    let room = r
        .room
        .clone()
        .filter(|_| in_house && config.success.show_room);
    let floor = r.room.as_deref().map(floor_of).unwrap_or_default();
    let fill = |template: &str| {
        template
            .replace("{room}", r.room.as_deref().unwrap_or(""))
            .replace("{floor}", &floor)
            .replace("{confirmation}", &r.display_confirmation)
            .replace("{token}", r.token.as_deref().unwrap_or(""))
    };
    let directions = room
        .as_ref()
        .and_then(|_| config.localized(&config.success.directions, language))
        .map(fill);
    let key_pickup = config
        .localized(&config.success.key_pickup, language)
        .filter(|_| in_house)
        .map(str::to_owned);
    let qr = config
        .success
        .qr
        .iter()
        .filter(|q| in_house || !reveals_the_room(&q.payload))
        // A template that needs the PMS token makes no sense without one.
        .filter(|q| !q.payload.contains("{token}") || r.token.is_some())
        .map(|q| {
            let label = config
                .localized(&q.label, language)
                .unwrap_or("")
                .to_owned();
            (label, fill(&q.payload))
        })
        .collect();
    let next_step = (!in_house).then_some(if r.arrival > today {
        NextStep::CheckInFrom(r.arrival)
    } else {
        NextStep::CheckInToday
    });
    StayDetails {
        first_name: crate::guest_name::shown(&r.first_name),
        last_name: crate::guest_name::shown(&r.last_name),
        room,
        directions,
        key_pickup,
        arrival: r.arrival,
        departure: r.departure,
        qr,
        next_step,
    }
}

/// Whether a `[success]` template is filled with the room or the PMS token (a key opens the
/// room; the floor narrows it down).
fn reveals_the_room(template: &str) -> bool {
    ["{token}", "{room}", "{floor}"]
        .iter()
        .any(|p| template.contains(p))
}

/// The floor of a room number: all but the last two digits ("412" → "4", "1203" → "12").
pub fn floor_of(room: &str) -> String {
    let digits: String = room.chars().filter(char::is_ascii_digit).collect();
    if digits.len() > 2 {
        digits[..digits.len() - 2]
            .trim_start_matches('0')
            .to_owned()
    } else {
        "0".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_come_from_the_room_number() {
        assert_eq!(floor_of("412"), "4");
        assert_eq!(floor_of("1203"), "12");
        assert_eq!(floor_of("12"), "0");
        assert_eq!(floor_of("A-705"), "7");
    }
}
