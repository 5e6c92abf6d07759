//! The reservations cache: the record format shared by CSV/JSON import, demo data and upstream
//! pulls; its validation; upserts that never downgrade a local check-in; and the indexed
//! lookups the kiosk runs.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::names::{confirmation_key, name_key};
use crate::phone::Phone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Confirmed,
    Cancelled,
    CheckedIn,
    /// Left (set by the PMS; the kiosk never checks anyone out).
    CheckedOut,
    /// Never arrived (set by the PMS, usually by the night audit).
    NoShow,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pending,
        Status::Confirmed,
        Status::Cancelled,
        Status::CheckedIn,
        Status::CheckedOut,
        Status::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Cancelled => "cancelled",
            Status::CheckedIn => "checked_in",
            Status::CheckedOut => "checked_out",
            Status::NoShow => "no_show",
        }
    }

    /// Cancelled, checked out or a no-show: the stay is over before it ends on paper, so the
    /// kiosk treats the booking like a departed one (lookup finds nothing, nothing completes).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Cancelled | Status::CheckedOut | Status::NoShow
        )
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim() {
            "pending" => Status::Pending,
            "confirmed" => Status::Confirmed,
            "cancelled" => Status::Cancelled,
            "checked_in" => Status::CheckedIn,
            "checked_out" => Status::CheckedOut,
            "no_show" => Status::NoShow,
            _ => return None,
        })
    }
}

/// A reservation record as written in an import file or sent by upstream: strings as given,
/// validated by [`Reservation::from_record`].
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationRecord {
    pub confirmation: String,
    pub last_name: String,
    pub first_name: String,
    pub arrival: String,
    pub departure: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    pub status: String,
    #[serde(default)]
    pub room: Option<String>,
    /// A JSON boolean (the CSV reader maps its text to it).
    #[serde(default)]
    pub room_ready: Option<bool>,
    /// A JSON number (the CSV reader maps its text to it).
    #[serde(default)]
    pub adults: Option<u32>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub second_factor: Option<String>,
}

// Manual Debug: a record printed by mistake must not leak the phone, token or hashes.
impl fmt::Debug for ReservationRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReservationRecord")
            .field("confirmation", &self.confirmation)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("status", &self.status)
            .field("room", &self.room)
            .field("phone", &self.phone.as_ref().map(|_| "[set]"))
            .finish_non_exhaustive()
    }
}

/// The column names of the import formats, in the order the CSV template lists them.
pub const RECORD_FIELDS: [&str; 14] = [
    "confirmation",
    "last_name",
    "first_name",
    "arrival",
    "departure",
    "phone",
    "email",
    "language",
    "status",
    "room",
    "room_ready",
    "adults",
    "token",
    "second_factor",
];

/// Why one record was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RecordError {
    pub field: &'static str,
    pub message: String,
}

fn rec_err(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError {
        field,
        message: message.into(),
    }
}

/// A validated reservation as the kiosk holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct Reservation {
    /// Normalised key (upper-case letters and digits).
    pub confirmation: String,
    /// As the PMS wrote it, for display.
    pub display_confirmation: String,
    pub last_name: String,
    pub first_name: String,
    pub arrival: Date,
    pub departure: Date,
    /// E.164.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: Option<String>,
    pub status: Status,
    pub room: Option<String>,
    pub room_ready: bool,
    pub adults: Option<u32>,
    pub token: Option<String>,
    pub second_factor: Option<String>,
}

/// The longest name a booking may have; the kiosk's name fields take as many characters.
pub const NAME_MAX_CHARS: usize = 100;
/// The longest room number shown on the success screen.
const ROOM_MAX: usize = 24;
/// The longest PMS token kept (a digital-key or folio secret; 512 bytes is ample).
const TOKEN_MAX: usize = 512;

// Manual Debug: a reservation printed by mistake must not leak the phone, email or token.
impl fmt::Debug for Reservation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reservation")
            .field("confirmation", &self.confirmation)
            .field("arrival", &self.arrival)
            .field("departure", &self.departure)
            .field("status", &self.status)
            .field("room", &self.room)
            .field("room_ready", &self.room_ready)
            .field("phone", &self.phone.as_deref().map(crate::phone::mask_e164))
            .finish_non_exhaustive()
    }
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn date(field: &'static str, s: &str) -> Result<Date, RecordError> {
    let s = s.trim();
    if s.len() != 10 {
        return Err(rec_err(
            field,
            format!("\"{s}\" is not a date; write YYYY-MM-DD"),
        ));
    }
    s.parse::<Date>()
        .map_err(|_| rec_err(field, format!("\"{s}\" is not a date; write YYYY-MM-DD")))
}

impl Reservation {
    /// The record this reservation is sent as (protocol v1 arrivals, a hub's feed): validated
    /// values in their wire form, so that [`Reservation::from_record`] gives it back unchanged.
    pub fn to_record(&self) -> ReservationRecord {
        ReservationRecord {
            confirmation: self.display_confirmation.clone(),
            last_name: self.last_name.clone(),
            first_name: self.first_name.clone(),
            arrival: self.arrival.to_string(),
            departure: self.departure.to_string(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            language: self.language.clone(),
            status: self.status.as_str().to_owned(),
            room: self.room.clone(),
            room_ready: Some(self.room_ready),
            adults: self.adults,
            token: self.token.clone(),
            second_factor: self.second_factor.clone(),
        }
    }

    /// Validates a record. Phones are normalised to E.164 with `default_region`. The first
    /// problem only; [`Reservation::from_record_all`] reports every one.
    pub fn from_record(
        r: &ReservationRecord,
        default_region: &str,
    ) -> Result<Reservation, RecordError> {
        Self::from_record_all(r, default_region).map_err(|problems| {
            problems
                .into_iter()
                .next()
                .unwrap_or_else(|| rec_err("confirmation", "is not valid"))
        })
    }

    /// Validates a record and reports every problem in it, in column order, so that a file's
    /// author fixes a row once rather than once per problem.
    pub fn from_record_all(
        r: &ReservationRecord,
        default_region: &str,
    ) -> Result<Reservation, Vec<RecordError>> {
        let mut problems = Vec::new();
        let confirmation = confirmation_key(&r.confirmation);
        if confirmation.is_empty() || confirmation.len() > 32 {
            problems.push(rec_err(
                "confirmation",
                "must have 1 to 32 letters or digits",
            ));
        }
        let last_name = r.last_name.trim().to_owned();
        let first_name = r.first_name.trim().to_owned();
        if name_key(&last_name).is_empty() {
            problems.push(rec_err("last_name", "is empty"));
        } else if last_name.chars().count() > NAME_MAX_CHARS {
            problems.push(rec_err(
                "last_name",
                format!("names are limited to {NAME_MAX_CHARS} characters"),
            ));
        }
        if first_name.chars().count() > NAME_MAX_CHARS {
            problems.push(rec_err(
                "first_name",
                format!("names are limited to {NAME_MAX_CHARS} characters"),
            ));
        }
        // A bidi override or a control character makes a name read differently on screen. A
        // room may keep the line breaks of a PMS note ("Annex" above "412").
        for (field, value, line_breaks) in [
            ("last_name", Some(last_name.as_str()), false),
            ("first_name", Some(first_name.as_str()), false),
            ("room", r.room.as_deref(), true),
            ("token", r.token.as_deref(), false),
        ] {
            let hidden = |c: char| crate::names::invisible(c) && !(line_breaks && c == '\n');
            if let Some(c) = value.and_then(|v| v.chars().find(|&c| hidden(c))) {
                problems.push(rec_err(
                    field,
                    format!(
                        "has the invisible or control character U+{:04X}; remove it in the source",
                        u32::from(c)
                    ),
                ));
            }
        }
        if r.room
            .as_deref()
            .is_some_and(|room| room.trim().chars().count() > ROOM_MAX)
        {
            problems.push(rec_err(
                "room",
                format!("a room number is at most {ROOM_MAX} characters"),
            ));
        }
        if r.token
            .as_deref()
            .is_some_and(|t| t.trim().len() > TOKEN_MAX)
        {
            problems.push(rec_err(
                "token",
                format!("a token is at most {TOKEN_MAX} bytes"),
            ));
        }
        let arrival = date("arrival", &r.arrival).map_err(|e| problems.push(e));
        let departure = date("departure", &r.departure).map_err(|e| problems.push(e));
        if let (Ok(arrival), Ok(departure)) = (arrival, departure) {
            if departure < arrival {
                problems.push(rec_err(
                    "departure",
                    format!("{departure} is before the arrival {arrival}"),
                ));
            }
        }
        let phone = match non_empty(&r.phone) {
            None => None,
            Some(raw) => match Phone::parse(&raw, default_region) {
                Ok(p) => Some(p.e164().to_owned()),
                Err(e) => {
                    problems.push(rec_err("phone", e.to_string()));
                    None
                }
            },
        };
        let email = non_empty(&r.email);
        if let Some(e) = &email {
            let ok = e.len() <= 254
                && e.split_once('@')
                    .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
            if !ok {
                // Not echoed: an email is personal data, and errors reach terminals and logs.
                problems.push(rec_err("email", "is not an email address (name@domain)"));
            }
        }
        let language = non_empty(&r.language);
        if let Some(l) = &language {
            let ok = l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                problems.push(rec_err(
                    "language",
                    format!("\"{l}\" is not a BCP 47 tag such as \"pt\" or \"zh-Hans\""),
                ));
            }
        }
        let status = Status::parse(&r.status);
        if status.is_none() {
            problems.push(rec_err(
                "status",
                format!(
                    "\"{}\" is not one of pending, confirmed, cancelled, checked_in, checked_out, no_show",
                    r.status
                ),
            ));
        }
        let room = non_empty(&r.room);
        let second_factor = non_empty(&r.second_factor);
        if let Some(sf) = &second_factor {
            if crate::pin::check_phc(sf).is_err() {
                problems.push(rec_err("second_factor", "is not an argon2id PHC string"));
            }
        }
        let (Ok(arrival), Ok(departure), Some(status)) = (arrival, departure, status) else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Reservation {
            display_confirmation: r.confirmation.trim().to_owned(),
            confirmation,
            last_name,
            first_name,
            arrival,
            departure,
            phone,
            email,
            language,
            status,
            room_ready: r.room_ready.unwrap_or(true),
            room,
            adults: r.adults,
            token: non_empty(&r.token),
            second_factor,
        })
    }

    fn from_row(r: &Row<'_>) -> rusqlite::Result<Reservation> {
        let parse_date = |i: usize| -> rusqlite::Result<Date> {
            let s: String = r.get(i)?;
            s.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let status: String = r.get(9)?;
        Ok(Reservation {
            confirmation: r.get(0)?,
            display_confirmation: r.get(1)?,
            last_name: r.get(2)?,
            first_name: r.get(3)?,
            arrival: parse_date(4)?,
            departure: parse_date(5)?,
            phone: r.get(6)?,
            email: r.get(7)?,
            language: r.get(8)?,
            // The CHECK constraint admits only known statuses; should another writer get past
            // it, the booking is closed rather than open for check-in.
            status: Status::parse(&status).unwrap_or(Status::Cancelled),
            room: r.get(10)?,
            room_ready: r.get(11)?,
            adults: r.get(12)?,
            token: r.get(13)?,
            second_factor: r.get(14)?,
        })
    }
}

const SELECT: &str = "SELECT confirmation, display_confirmation, last_name, first_name, arrival, departure,
    phone, email, language, status, room, room_ready, adults, token, second_factor FROM reservations";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
}

/// Upserts inside the caller's transaction. Local progress is never undone by a lagging PMS:
/// checked in stays checked in against pending/confirmed, confirmed stays confirmed against
/// pending. A cancellation, check-out or no-show always applies (even over a local check-in:
/// the PMS saw the guest leave, or never arrive).
pub fn upsert(conn: &Connection, r: &Reservation, now: Timestamp) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO reservations (confirmation, display_confirmation, last_name, first_name, last_key, first_key,
            arrival, departure, phone, email, language, status, room, room_ready, adults, token, second_factor, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT(confirmation) DO UPDATE SET
            display_confirmation = excluded.display_confirmation,
            last_name = excluded.last_name, first_name = excluded.first_name,
            last_key = excluded.last_key, first_key = excluded.first_key,
            arrival = excluded.arrival, departure = excluded.departure,
            phone = excluded.phone, email = excluded.email, language = excluded.language,
            status = CASE WHEN reservations.status = 'checked_in' AND excluded.status IN ('pending', 'confirmed')
                               THEN reservations.status
                          WHEN reservations.status = 'confirmed' AND excluded.status = 'pending'
                               THEN reservations.status
                          ELSE excluded.status END,
            room = excluded.room, room_ready = excluded.room_ready, adults = excluded.adults,
            token = excluded.token, second_factor = excluded.second_factor, updated_at = excluded.updated_at",
    )?;
    stmt.execute(params![
        r.confirmation,
        r.display_confirmation,
        r.last_name,
        r.first_name,
        name_key(&r.last_name),
        name_key(&r.first_name),
        r.arrival.to_string(),
        r.departure.to_string(),
        r.phone,
        r.email,
        r.language,
        r.status.as_str(),
        r.room,
        r.room_ready,
        r.adults,
        r.token,
        r.second_factor,
        format!("{now:.3}"),
    ])?;
    Ok(())
}

/// Upserts a batch inside the caller's (IMMEDIATE) transaction, counting new and updated rows.
pub fn upsert_all(
    conn: &Connection,
    list: &[Reservation],
    now: Timestamp,
) -> Result<ImportSummary, StoreError> {
    let mut summary = ImportSummary::default();
    for r in list {
        if self::exists(conn, &r.confirmation)? {
            summary.updated += 1;
        } else {
            summary.inserted += 1;
        }
        upsert(conn, r, now)?;
    }
    Ok(summary)
}

impl Store {
    /// Upserts a batch in one transaction: all or nothing.
    pub fn upsert_reservations(
        &mut self,
        list: &[Reservation],
        now: Timestamp,
    ) -> Result<ImportSummary, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let summary = upsert_all(&tx, list, now)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Exact lookup by confirmation number (any case/spacing) and last name (normalised).
    pub fn find_by_confirmation(
        &self,
        confirmation: &str,
        last_name: &str,
    ) -> Result<Option<Reservation>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE confirmation = ?1 AND last_key = ?2"
        ))?;
        Ok(stmt
            .query_row(
                params![confirmation_key(confirmation), name_key(last_name)],
                Reservation::from_row,
            )
            .optional()?)
    }

    /// The reservation with this confirmation number, whatever the name (for staff and sync).
    pub fn reservation(&self, confirmation: &str) -> Result<Option<Reservation>, StoreError> {
        reservation_in(&self.conn, confirmation)
    }

    /// Arrivals of `business_date` matching last and first name (normalised). At most `limit`
    /// rows: callers only need to know "none", "one" or "several".
    pub fn find_arrivals_by_name(
        &self,
        business_date: Date,
        last_name: &str,
        first_name: &str,
        limit: usize,
    ) -> Result<Vec<Reservation>, StoreError> {
        arrivals_by_name_in(&self.conn, business_date, last_name, first_name, limit)
    }

    pub fn reservation_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM reservations", [], |r| r.get(0))?)
    }

    /// Sets the status (and nothing else) inside the caller's transaction.
    pub fn set_status_in(
        conn: &Connection,
        confirmation: &str,
        status: Status,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        conn.execute(
            "UPDATE reservations SET status = ?2, updated_at = ?3 WHERE confirmation = ?1",
            params![confirmation, status.as_str(), format!("{now:.3}")],
        )?;
        Ok(())
    }
}

/// [`Store::reservation`] inside a caller's transaction: one primary-key read.
pub fn reservation_in(
    conn: &Connection,
    confirmation: &str,
) -> Result<Option<Reservation>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE confirmation = ?1"))?;
    Ok(stmt
        .query_row(
            params![confirmation_key(confirmation)],
            Reservation::from_row,
        )
        .optional()?)
}

/// The shortest last-name prefix the staff search widens to; shorter input matches whole
/// names only (a two-letter prefix would read a large share of the cache).
pub const STAFF_PREFIX_MIN: usize = 3;

/// Staff search among reservations not closed ([`Status::is_closed`]) and not yet departed
/// (`departure >= today`): the one whose normalised confirmation number is `confirmation`, then those whose last-name
/// key is `last_name` exactly, then (for keys of [`STAFF_PREFIX_MIN`] characters or more) those
/// whose last-name key starts with it — so an exact name is never crowded out by longer ones.
/// The first two by arrival, the prefix matches by name then arrival; at most `limit` in all. Both inputs are
/// already normalised; an empty one matches nothing.
pub fn staff_search_in(
    conn: &Connection,
    today: Date,
    confirmation: &str,
    last_name: &str,
    limit: usize,
) -> Result<Vec<Reservation>, StoreError> {
    const CURRENT: &str =
        "status NOT IN ('cancelled', 'checked_out', 'no_show') AND departure >= ?2";
    const ORDER: &str = "ORDER BY arrival, last_key, confirmation LIMIT ?3";
    let today = today.to_string();
    let mut out: Vec<Reservation> = Vec::new();
    let run = |sql: &str, key: &str, out: &mut Vec<Reservation>| -> Result<(), StoreError> {
        let left = limit.saturating_sub(out.len());
        if key.is_empty() || left == 0 {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(
            params![key, today, i64::try_from(left).unwrap_or(i64::MAX)],
            Reservation::from_row,
        )?;
        for row in rows {
            let r = row?;
            if !out.iter().any(|o| o.confirmation == r.confirmation) {
                out.push(r);
            }
        }
        Ok(())
    };
    run(
        &format!("{SELECT} WHERE confirmation = ?1 AND {CURRENT} LIMIT ?3"),
        confirmation,
        &mut out,
    )?;
    run(
        &format!("{SELECT} WHERE last_key = ?1 AND {CURRENT} {ORDER}"),
        last_name,
        &mut out,
    )?;
    if last_name.len() >= STAFF_PREFIX_MIN {
        // Keys are upper-case ASCII letters and digits, so every key with the prefix sorts
        // below prefix + '~'. The exact name is excluded: it was read above. In index order
        // (name, then arrival), so a short prefix stops after `limit` rows instead of sorting
        // every match.
        run(
            &format!(
                "{SELECT} WHERE last_key > ?1 AND last_key < ?1 || '~' AND {CURRENT}
                 ORDER BY last_key, arrival, confirmation LIMIT ?3"
            ),
            last_name,
            &mut out,
        )?;
    }
    out.truncate(limit);
    Ok(out)
}

/// [`Store::find_arrivals_by_name`] inside a caller's transaction.
pub fn arrivals_by_name_in(
    conn: &Connection,
    business_date: Date,
    last_name: &str,
    first_name: &str,
    limit: usize,
) -> Result<Vec<Reservation>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE arrival = ?1 AND last_key = ?2 AND first_key = ?3 LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![
            business_date.to_string(),
            name_key(last_name),
            name_key(first_name),
            limit as i64
        ],
        Reservation::from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn exists(conn: &Connection, confirmation: &str) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM reservations WHERE confirmation = ?1")?;
    Ok(stmt.exists(params![confirmation])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(conf: &str, last: &str, first: &str) -> ReservationRecord {
        ReservationRecord {
            confirmation: conf.into(),
            last_name: last.into(),
            first_name: first.into(),
            arrival: "2026-11-25".into(),
            departure: "2026-11-27".into(),
            phone: Some("07400 123958".into()),
            status: "confirmed".into(),
            room: Some("412".into()),
            ..Default::default()
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_reservation_survives_its_wire_record_unchanged() {
        let mut rec = record("abc-123", "García López", "Ana");
        rec.email = Some("ana@example.com".into());
        rec.language = Some("pt".into());
        rec.room_ready = Some(false);
        rec.adults = Some(2);
        rec.token = Some("key-token".into());
        let r = Reservation::from_record(&rec, "GB").unwrap();
        let wire = r.to_record();
        assert_eq!(wire.confirmation, "abc-123");
        assert_eq!(wire.phone.as_deref(), Some("+447400123958"));
        assert_eq!(Reservation::from_record(&wire, "US").unwrap(), r);
    }

    #[test]
    fn record_validation_normalises_and_explains() {
        let r = Reservation::from_record(&record("abc-123", "García López", "Ana"), "GB").unwrap();
        assert_eq!(r.confirmation, "ABC123");
        assert_eq!(r.phone.as_deref(), Some("+447400123958"));
        assert!(r.room_ready, "room_ready defaults to true");
        assert!(
            !format!("{r:?}").contains("7400123958"),
            "Debug masks the phone"
        );
        let mut rec = record("abc-123", "Lee", "Kim");
        rec.token = Some("tok-secret".into());
        let printed = format!("{rec:?}");
        assert!(
            !printed.contains("7400") && !printed.contains("tok-secret"),
            "{printed}"
        );

        let mut bad = record("A1", "X", "Y");
        bad.arrival = "2026-13-01".into();
        assert_eq!(
            Reservation::from_record(&bad, "GB").unwrap_err().field,
            "arrival"
        );
        let mut bad = record("A1", "X", "Y");
        bad.phone = Some("12".into());
        assert_eq!(
            Reservation::from_record(&bad, "GB").unwrap_err().field,
            "phone"
        );
        let mut bad = record("A1", "X", "Y");
        bad.status = "arrived".into();
        assert_eq!(
            Reservation::from_record(&bad, "GB").unwrap_err().field,
            "status"
        );
        let mut bad = record("A1", "X", "Y");
        bad.departure = "2026-11-20".into();
        assert_eq!(
            Reservation::from_record(&bad, "GB").unwrap_err().field,
            "departure"
        );
    }

    #[test]
    fn json_records_are_typed_as_the_upstream_contract_says() {
        let base = serde_json::json!({"confirmation": "A1", "last_name": "Lee", "first_name": "Kim",
            "arrival": "2026-11-25", "departure": "2026-11-26", "status": "confirmed"});
        let with = |field: &str, value: serde_json::Value| {
            let mut v = base.clone();
            v[field] = value;
            serde_json::from_value::<ReservationRecord>(v)
        };
        let r = with("adults", serde_json::json!(2)).unwrap();
        assert_eq!(r.adults, Some(2));
        assert!(
            with("adults", serde_json::json!("2")).is_err(),
            "adults is a number"
        );
        assert!(with("room_ready", serde_json::json!(false)).is_ok());
        assert!(
            with("room_ready", serde_json::json!("yes")).is_err(),
            "room_ready is a boolean"
        );
        assert!(with("room_ready", serde_json::Value::Null).is_ok());
    }

    #[test]
    fn names_that_read_differently_on_screen_and_oversized_fields_are_refused() {
        let base = ReservationRecord {
            confirmation: "AX1".into(),
            last_name: "Lee".into(),
            first_name: "Kim".into(),
            arrival: "2026-11-25".into(),
            departure: "2026-11-26".into(),
            status: "confirmed".into(),
            ..Default::default()
        };
        let problems = |r: &ReservationRecord| {
            Reservation::from_record_all(r, "GB")
                .err()
                .unwrap_or_default()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let bidi = ReservationRecord {
            last_name: "\u{202E}OLLEH".into(),
            first_name: "Staff\u{0000}".into(),
            ..base.clone()
        };
        let p = problems(&bidi);
        assert!(
            p.contains("last_name: has the invisible or control character U+202E"),
            "{p}"
        );
        assert!(
            p.contains("first_name: has the invisible or control character U+0000"),
            "{p}"
        );
        for hidden in ['\u{061C}', '\u{2028}', '\u{E0041}'] {
            let r = ReservationRecord {
                last_name: format!("Gar{hidden}cia"),
                ..base.clone()
            };
            assert!(
                problems(&r).contains("last_name: has the invisible"),
                "{hidden:?}"
            );
        }
        let big = ReservationRecord {
            room: Some("4".repeat(3000)),
            token: Some("t".repeat(100_000)),
            email: Some("maria.silva@gmail".into()),
            ..base.clone()
        };
        let p = problems(&big);
        assert!(
            p.contains("room: a room number is at most 24 characters"),
            "{p}"
        );
        assert!(p.contains("token: a token is at most 512 bytes"), "{p}");
        assert!(p.contains("email: is not an email address"), "{p}");
        assert!(!p.contains("maria.silva"), "an email is never echoed: {p}");
        let note = ReservationRecord {
            room: Some("Annex\n412".into()),
            ..base
        };
        assert_eq!(problems(&note), "");
    }

    #[test]
    fn every_problem_of_a_record_is_reported_in_column_order() {
        let mut bad = record("A1", "", "Y");
        bad.arrival = "2026-13-01".into();
        bad.phone = Some("12".into());
        bad.status = "arrived".into();
        let fields: Vec<_> = Reservation::from_record_all(&bad, "GB")
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["last_name", "arrival", "phone", "status"]);
        assert_eq!(
            Reservation::from_record(&bad, "GB").unwrap_err().field,
            "last_name",
            "from_record keeps the first"
        );
    }

    #[test]
    fn lookups_are_insensitive_to_case_accents_and_spacing() {
        let (_d, mut store) = store();
        let now = Timestamp::now();
        let list: Vec<_> = [
            record("ABC123", "García López", "Ana"),
            record("OST001", "Østergaard", "Søren"),
            record("STR001", "Straße", "Jürgen"),
        ]
        .iter()
        .map(|r| Reservation::from_record(r, "GB").unwrap())
        .collect();
        store.upsert_reservations(&list, now).unwrap();
        assert!(
            store
                .find_by_confirmation("abc 123", "GARCIA-LOPEZ")
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .find_by_confirmation("ABC123", "Smith")
                .unwrap()
                .is_none()
        );
        let day = Date::constant(2026, 11, 25);
        assert_eq!(
            store
                .find_arrivals_by_name(day, "OSTERGAARD", "soren", 2)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .find_arrivals_by_name(day, "STRASSE", "JURGEN", 2)
                .unwrap()
                .len(),
            1
        );
        assert!(
            store
                .find_arrivals_by_name(Date::constant(2026, 11, 26), "STRASSE", "JURGEN", 2)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn reimport_updates_and_never_downgrades_a_check_in() {
        let (_d, mut store) = store();
        let now = Timestamp::now();
        let r = Reservation::from_record(&record("ABC123", "Lee", "Kim"), "GB").unwrap();
        assert_eq!(
            store
                .upsert_reservations(std::slice::from_ref(&r), now)
                .unwrap()
                .inserted,
            1
        );
        Store::set_status_in(store.conn(), "ABC123", Status::CheckedIn, now).unwrap();
        let mut changed = r.clone();
        changed.room = Some("500".into());
        let summary = store.upsert_reservations(&[changed], now).unwrap();
        assert_eq!(
            summary,
            ImportSummary {
                inserted: 0,
                updated: 1
            }
        );
        let got = store.reservation("abc123").unwrap().unwrap();
        assert_eq!(got.status, Status::CheckedIn);
        assert_eq!(got.room.as_deref(), Some("500"));
        assert_eq!(store.reservation_count().unwrap(), 1);
        // Confirmed here (booking_confirmed) stays confirmed when the PMS still says pending.
        let mut pending = r.clone();
        pending.confirmation = "PEND1".into();
        pending.status = Status::Confirmed;
        store
            .upsert_reservations(std::slice::from_ref(&pending), now)
            .unwrap();
        pending.status = Status::Pending;
        store.upsert_reservations(&[pending], now).unwrap();
        assert_eq!(
            store.reservation("PEND1").unwrap().unwrap().status,
            Status::Confirmed
        );
        let mut cancelled = r;
        cancelled.status = Status::Cancelled;
        store.upsert_reservations(&[cancelled], now).unwrap();
        assert_eq!(
            store.reservation("ABC123").unwrap().unwrap().status,
            Status::Cancelled
        );
    }

    #[test]
    fn a_check_out_or_no_show_from_the_pms_overrides_a_local_check_in() {
        let (_d, mut store) = store();
        let now = Timestamp::now();
        let today = Date::constant(2026, 11, 25);
        for (conf, status) in [("OUT1", Status::CheckedOut), ("NOSH1", Status::NoShow)] {
            let mut r = Reservation::from_record(&record(conf, "Lee", "Kim"), "GB").unwrap();
            store
                .upsert_reservations(std::slice::from_ref(&r), now)
                .unwrap();
            Store::set_status_in(store.conn(), conf, Status::CheckedIn, now).unwrap();
            r.status = status;
            store.upsert_reservations(&[r], now).unwrap();
            let got = store.reservation(conf).unwrap().unwrap();
            assert_eq!(got.status, status, "{conf}");
            assert!(got.status.is_closed());
        }
        // Staff search skips them as it skips cancelled ones.
        assert!(
            staff_search_in(store.conn(), today, "OUT1", "LEE", 10)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn statuses_round_trip_and_only_live_ones_are_open() {
        let closed: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_closed()).collect();
        assert_eq!(
            closed,
            [Status::Cancelled, Status::CheckedOut, Status::NoShow]
        );
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("departed"), None);
    }

    #[test]
    fn the_staff_name_search_uses_the_last_name_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {SELECT} WHERE last_key > ?1 AND last_key < ?1 || '~'
                   AND status NOT IN ('cancelled', 'checked_out', 'no_show') AND departure >= ?2
                 ORDER BY last_key, arrival, confirmation LIMIT ?3"
            ))
            .unwrap()
            .query_map(params!["GAR", "2026-11-25", 20], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("reservations_by_last_key")),
            "{plan:?}"
        );
    }
}
