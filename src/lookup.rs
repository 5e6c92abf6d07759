//! Finding the guest's reservation: by confirmation number and last name, by last and first
//! name among today's arrivals, or by what a barcode scanner types. Persisted per-kiosk limits
//! slow down guessing, and every kind of miss looks and takes the same.
//!
//! No enumeration: "not found", "wrong name for this number", "cancelled" and "stay over" give
//! the same [`LookupOutcome::NotFound`] and run the same statements: one indexed read, then the
//! same counter inserts, counts and journal append in one durable transaction. Timing is equal
//! by construction, not by sleeping (measured in `tests/lookup_timing.rs`).

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use rusqlite::TransactionBehavior;
use serde_json::json;

use crate::clock::{business_date, millis};
use crate::config::{Config, LookupPolicy};
use crate::names::{confirmation_key, name_key};
use crate::otp::Purpose;
use crate::otp::limits::{self, LookupPath, Scope};
use crate::otp::policy::allowed_purposes;
use crate::phone::{NotSmsCapable, Phone};
use crate::store::{
    EventKind, Reservation, Store, StoreError, arrivals_by_name_in, journal, reservation_in,
};

/// How many same-name arrivals are read at most: enough to tell one from several after
/// dropping cancelled ones.
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
    /// Raw scanner input (scanners type like keyboards, often with a prefix and a newline).
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub reservation: ReservationRef,
    pub first_name: String,
    pub contact: Contact,
    pub arrival: Date,
    pub departure: Date,
    /// The booking's language, to switch the UI to it.
    pub language: Option<String>,
}

impl Found {
    pub fn purposes(&self) -> &[Purpose] {
        self.reservation.purposes()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupOutcome {
    Found(Found),
    /// Several reservations match the name (families, groups): ask for the confirmation number.
    AskForConfirmation,
    /// Not found, wrong name for the number, cancelled or stay over: one answer for all.
    NotFound,
    /// Too many lookups or failures: try again after this long (never a freeze).
    CoolingDown {
        retry_after: Duration,
    },
}

/// The confirmation number in scanner input: trimmed, the configured prefix stripped (any
/// case), normalised.
pub fn scanned_confirmation(raw: &str, prefix: Option<&str>) -> String {
    let s = raw.trim();
    let s = match prefix.filter(|p| !p.is_empty()) {
        Some(p)
            if s.len() >= p.len()
                && s.is_char_boundary(p.len())
                && s[..p.len()].eq_ignore_ascii_case(p) =>
        {
            &s[p.len()..]
        }
        _ => s,
    };
    confirmation_key(s)
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
    One(Box<Reservation>, Vec<Purpose>, LookupPath),
    Several,
    None,
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
                Some(r) => {
                    let purposes = allowed_purposes(&r, today);
                    match purposes {
                        Some(ps) if name_key(&r.last_name) == typed => {
                            Match::One(Box::new(r), ps, LookupPath::Confirmation)
                        }
                        _ => Match::None,
                    }
                }
                None => Match::None,
            }
        }
        Query::Scan(raw) => {
            let key = scanned_confirmation(raw, p.scanner_prefix.as_deref());
            match reservation_in(&tx, &key)? {
                Some(r) => match allowed_purposes(&r, today) {
                    Some(ps) => Match::One(Box::new(r), ps, LookupPath::Confirmation),
                    None => Match::None,
                },
                None => Match::None,
            }
        }
        Query::Name {
            last_name,
            first_name,
        } => {
            let mut active: Vec<(Reservation, Vec<Purpose>)> =
                arrivals_by_name_in(&tx, today, last_name, first_name, NAME_MATCH_LIMIT)?
                    .into_iter()
                    .filter_map(|r| allowed_purposes(&r, today).map(|ps| (r, ps)))
                    .collect();
            match active.len() {
                0 => Match::None,
                1 => active.pop().map_or(Match::None, |(r, ps)| {
                    Match::One(Box::new(r), ps, LookupPath::Name)
                }),
                _ => Match::Several,
            }
        }
    };

    limits::record(&tx, Scope::Lookup, kiosk, now_ms)?;
    let outcome = match found {
        Match::One(r, purposes, path) => LookupOutcome::Found(Found {
            contact: contact(&r, ctx),
            first_name: r.first_name,
            arrival: r.arrival,
            departure: r.departure,
            language: r.language,
            reservation: ReservationRef::new(r.confirmation, purposes).on_path(path),
        }),
        // Several matches are not a miss for the cool-down, but they count toward the cap.
        Match::Several => LookupOutcome::AskForConfirmation,
        Match::None => {
            limits::record(&tx, Scope::LookupFailed, kiosk, now_ms)?;
            let failures =
                limits::count_in_window(&tx, Scope::LookupFailed, kiosk, now_ms, p.window)?;
            let cooldown = if failures >= p.failures_before_cooldown {
                let (base, cap) = (p.cooldown, p.cooldown_max);
                let cd = limits::cooldown_trip(
                    &tx,
                    Scope::LookupFailed,
                    kiosk,
                    now_ms,
                    p.window,
                    |level| limits::escalate(base, level, cap),
                )?;
                cd.remaining(now_ms).map(|d| d.as_secs())
            } else {
                None
            };
            journal::append(
                &tx,
                now,
                EventKind::LookupFailed,
                None,
                json!({"method": query.method(), "cooldown_s": cooldown}),
            )?;
            LookupOutcome::NotFound
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
