//! Finding the guest's reservation: by confirmation number and last name, by last and first
//! name among today's arrivals, or by what a barcode scanner types. Persisted per-kiosk limits
//! slow down guessing, and every kind of miss looks and takes the same.
//!
//! No enumeration: "not found", "wrong name for this number", "cancelled", "stay over" and
//! "several arrivals share that name" give the same [`LookupOutcome::NotFound`] and run the
//! same statements: one indexed read, then the same counter inserts, counts and journal append
//! in one durable transaction. Timing is equal by construction, not by sleeping (measured in
//! `tests/lookup_timing.rs`). A scan skips the surname only with a secret from the PMS
//! ([`scan`]); without one the guest is asked for the surname whether or not the number exists.

pub mod scan;

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use rusqlite::TransactionBehavior;
use serde_json::json;

use crate::clock::{business_date, millis};
use crate::config::{Config, LookupPolicy};
use crate::names::name_key;
use crate::otp::Purpose;
use crate::otp::limits::{self, LookupPath, Scope};
use crate::otp::policy::Stage;
use crate::phone::{NotSmsCapable, Phone};
use crate::store::{
    EventKind, Reservation, Store, StoreError, arrivals_by_name_in, journal, reservation_in,
};

/// How many same-name arrivals are read at most: enough to tell one from several after
/// dropping cancelled ones (several are then answered like none).
const NAME_MATCH_LIMIT: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error during lookup: {0}")]
    Db(#[from] rusqlite::Error),
}

/// What the lookup needs from the configuration.
#[derive(Debug, Clone)]
pub struct LookupContext {
    pub kiosk_id: String,
    pub policy: LookupPolicy,
    pub time_zone: TimeZone,
    pub business_day_start: Time,
    /// `[otp] allowed_countries`, to tell the guest early that SMS is impossible.
    pub allowed_countries: Vec<String>,
    /// The kiosk's country, the default region for stored numbers.
    pub region: String,
}

impl LookupContext {
    pub fn from_config(c: &Config) -> Self {
        Self {
            kiosk_id: c.kiosk.id.clone(),
            policy: c.lookup.clone(),
            time_zone: c.kiosk.time_zone.clone(),
            business_day_start: c.kiosk.business_day_start,
            allowed_countries: c.otp.allowed_countries.clone(),
            region: c.kiosk.country.clone(),
        }
    }
}

/// What the guest typed or scanned.
#[derive(Clone, Copy)]
pub enum Query<'a> {
    Confirmation {
        confirmation: &'a str,
        last_name: &'a str,
    },
    /// Among the arrivals of the current business date; the guest never types a date.
    Name {
        last_name: &'a str,
        first_name: &'a str,
    },
    /// Raw scanner input (scanners type like keyboards, often with a prefix and a newline);
    /// the format is in [`scan`].
    Scan(&'a str),
}

impl Query<'_> {
    fn method(&self) -> &'static str {
        match self {
            Query::Confirmation { .. } => "confirmation",
            Query::Name { .. } => "name",
            Query::Scan(_) => "scan",
        }
    }
}

// Names are personal data: Debug shows only the kind of query.
impl fmt::Debug for Query<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Query::{}", self.method())
    }
}

/// A handle on a found reservation for the next steps. Made only by a lookup (or staff), it
/// carries the purposes the lookup allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationRef {
    key: String,
    purposes: Vec<Purpose>,
    path: LookupPath,
}

impl ReservationRef {
    /// Found through the booking number (or by staff).
    pub(crate) fn new(key: String, purposes: Vec<Purpose>) -> Self {
        Self {
            key,
            purposes,
            path: LookupPath::Confirmation,
        }
    }

    /// The same handle, found through `path` instead.
    pub(crate) fn on_path(self, path: LookupPath) -> Self {
        Self { path, ..self }
    }

    /// The lookup path that found it: its wrong codes, sends and locks count there.
    pub fn path(&self) -> LookupPath {
        self.path
    }

    /// The normalised confirmation number (for the engine and staff screens).
    pub fn confirmation(&self) -> &str {
        &self.key
    }

    /// Allowed purposes, the main one first.
    pub fn purposes(&self) -> &[Purpose] {
        &self.purposes
    }
}

/// Why the guest must go to the desk instead of receiving a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskReason {
    NoPhone,
    NotSmsCapable(NotSmsCapable),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// A code can be sent to this number (shown masked, e.g. `+44 ••• ••• •958`).
    Sms {
        masked_phone: String,
    },
    SeeDesk(DeskReason),
}

/// What the UI may show about a found reservation, and nothing more.
#[derive(Clone, PartialEq, Eq)]
pub struct Found {
    pub reservation: ReservationRef,
    pub first_name: String,
    /// As stored: the guest typed it (or a PMS secret proved the booking), and some languages
    /// address a guest by it (Japanese: surname + 様).
    pub last_name: String,
    pub contact: Contact,
    pub arrival: Date,
    pub departure: Date,
    /// The booking's language, to switch the UI to it.
    pub language: Option<String>,
    /// Where it stands today: what the guest is told when the step they chose is not open.
    pub stage: Stage,
}

// The surname is personal data the guest typed: Debug (panics, traces) leaves it out.
impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Found")
            .field("reservation", &self.reservation)
            .field("first_name", &self.first_name)
            .field("contact", &self.contact)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("language", &self.language)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

impl Found {
    pub fn purposes(&self) -> &[Purpose] {
        self.reservation.purposes()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupOutcome {
    Found(Found),
    /// Not found, wrong name for the number, cancelled, stay over, or several arrivals with
    /// that name (families, groups: never a list): one answer for all.
    NotFound,
    /// A scan without a secret that proves it (or with a wrong one): ask for the surname, then
    /// look up `confirmation` (normalised) with it. The same answer whether or not the number
    /// exists.
    AskForSurname {
        confirmation: String,
    },
    /// Too many lookups or failures: try again after this long (never a freeze).
    CoolingDown {
        retry_after: Duration,
    },
}

/// The confirmation number in scanner input: trimmed, the configured prefix stripped (any
/// case), any secret after [`scan::SEPARATOR`] dropped, normalised.
pub fn scanned_confirmation(raw: &str, prefix: Option<&str>) -> String {
    scan::Scanned::parse(raw, prefix).confirmation
}

fn contact(r: &Reservation, ctx: &LookupContext) -> Contact {
    let Some(raw) = r.phone.as_deref() else {
        return Contact::SeeDesk(DeskReason::NoPhone);
    };
    match Phone::parse(raw, &ctx.region) {
        Err(_) => Contact::SeeDesk(DeskReason::NoPhone),
        Ok(phone) => match phone.sms_capability(&ctx.allowed_countries) {
            Ok(()) => Contact::Sms {
                masked_phone: phone.masked(),
            },
            Err(why) => Contact::SeeDesk(DeskReason::NotSmsCapable(why)),
        },
    }
}

enum Match {
    One(Box<Reservation>, Stage, LookupPath),
    None,
    /// A scan whose secret did not prove it: counted and journaled like a miss (so guessing
    /// secrets meets the same cool-down), answered by asking for the surname.
    Unproven(String),
}

/// Runs one lookup. Every call that is not refused by a cool-down commits its counters (and,
/// on a miss, a `lookup_failed` event) durably before answering.
pub fn lookup(
    store: &mut Store,
    ctx: &LookupContext,
    now: Timestamp,
    query: Query<'_>,
) -> Result<LookupOutcome, LookupError> {
    let now_ms = millis(now);
    let p = &ctx.policy;
    let kiosk = ctx.kiosk_id.as_str();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;

    if let Some(retry_after) =
        limits::cooldown_get(&tx, Scope::LookupFailed, kiosk)?.and_then(|c| c.remaining(now_ms))
    {
        return Ok(LookupOutcome::CoolingDown { retry_after });
    }
    if limits::count_in_window(&tx, Scope::Lookup, kiosk, now_ms, p.window)?
        >= p.max_lookups_per_window
    {
        let retry_after = limits::window_frees_in(&tx, Scope::Lookup, kiosk, now_ms, p.window)?;
        return Ok(LookupOutcome::CoolingDown { retry_after });
    }

    let today = business_date(now, &ctx.time_zone, ctx.business_day_start);
    let found = match query {
        Query::Confirmation {
            confirmation,
            last_name,
        } => {
            let typed = name_key(last_name);
            match reservation_in(&tx, confirmation)? {
                Some(r) => match Stage::of(&r, today) {
                    Some(stage) if name_key(&r.last_name) == typed => {
                        Match::One(Box::new(r), stage, LookupPath::Confirmation)
                    }
                    _ => Match::None,
                },
                None => Match::None,
            }
        }
        Query::Scan(raw) => {
            let scanned = scan::Scanned::parse(raw, p.scanner_prefix.as_deref());
            if scanned.confirmation.is_empty() {
                Match::None
            } else if !scanned.has_secret() {
                // Nothing read, nothing counted: the answer cannot depend on the number. The
                // lookup with the surname that follows is the one that counts.
                return Ok(LookupOutcome::AskForSurname {
                    confirmation: scanned.confirmation,
                });
            } else {
                let r = reservation_in(&tx, &scanned.confirmation)?;
                let token = r.as_ref().and_then(|r| r.token.as_deref());
                let proven = scanned.proves(token, p.scan_key.as_ref());
                match r {
                    Some(r) if proven => match Stage::of(&r, today) {
                        // A PMS secret is as good as the booking number and surname.
                        Some(stage) => Match::One(Box::new(r), stage, LookupPath::Confirmation),
                        None => Match::None,
                    },
                    _ if proven => Match::None,
                    _ => Match::Unproven(scanned.confirmation),
                }
            }
        }
        Query::Name {
            last_name,
            first_name,
        } => {
            let mut active: Vec<(Reservation, Stage)> =
                arrivals_by_name_in(&tx, today, last_name, first_name, NAME_MATCH_LIMIT)?
                    .into_iter()
                    .filter_map(|r| Stage::of(&r, today).map(|stage| (r, stage)))
                    .collect();
            // Several matches are a miss: telling them apart from none would tell a stranger
            // who arrives today.
            match active.len() {
                1 => active.pop().map_or(Match::None, |(r, stage)| {
                    Match::One(Box::new(r), stage, LookupPath::Name)
                }),
                _ => Match::None,
            }
        }
    };

    limits::record(&tx, Scope::Lookup, kiosk, now_ms)?;
    let outcome = match found {
        Match::One(r, stage, path) => LookupOutcome::Found(Found {
            contact: contact(&r, ctx),
            first_name: r.first_name,
            last_name: r.last_name,
            arrival: r.arrival,
            departure: r.departure,
            language: r.language,
            stage,
            reservation: ReservationRef::new(r.confirmation, stage.purposes()).on_path(path),
        }),
        Match::None => {
            record_miss(&tx, ctx, now, query)?;
            LookupOutcome::NotFound
        }
        Match::Unproven(confirmation) => {
            record_miss(&tx, ctx, now, query)?;
            LookupOutcome::AskForSurname { confirmation }
        }
    };
    tx.commit()?;
    tracing::info!(
        method = query.method(),
        found = matches!(outcome, LookupOutcome::Found(_)),
        "lookup"
    );
    Ok(outcome)
}

/// Every miss does this same work: the failure counter, the cool-down check and the
/// `lookup_failed` event, in the lookup's transaction.
fn record_miss(
    tx: &rusqlite::Connection,
    ctx: &LookupContext,
    now: Timestamp,
    query: Query<'_>,
) -> Result<(), LookupError> {
    let p = &ctx.policy;
    let kiosk = ctx.kiosk_id.as_str();
    let now_ms = millis(now);
    limits::record(tx, Scope::LookupFailed, kiosk, now_ms)?;
    let failures = limits::count_in_window(tx, Scope::LookupFailed, kiosk, now_ms, p.window)?;
    let cooldown = if failures >= p.failures_before_cooldown {
        let (base, cap) = (p.cooldown, p.cooldown_max);
        let cd =
            limits::cooldown_trip(tx, Scope::LookupFailed, kiosk, now_ms, p.window, |level| {
                limits::escalate(base, level, cap)
            })?;
        cd.remaining(now_ms).map(|d| d.as_secs())
    } else {
        None
    };
    journal::append(
        tx,
        now,
        EventKind::LookupFailed,
        None,
        json!({"method": query.method(), "cooldown_s": cooldown}),
    )?;
    Ok(())
}
