//! What happens after verification: check-in, booking confirmation, the "desk will finish"
//! outcome when the room is not ready, identity re-checks for in-house guests and the email
//! change they allow. Each outcome commits its status change with its journal events.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::TransactionBehavior;
use serde_json::{Value, json};

use crate::names::masked_confirmation;
use crate::otp::{Purpose, Verified};
use crate::store::{EventKind, Reservation, Status, Store, StoreError, journal, reservation_in};

#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error during check-in: {0}")]
    Db(#[from] rusqlite::Error),
    #[error(
        "the booking is no longer available (cancelled, checked out, a no-show or removed); ask at the desk"
    )]
    NotAvailable,
    #[error("\"{0}\" is not an email address; check it and try again")]
    BadEmail(String),
}

/// What the success screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Checked in. `already` when this is a repeat (same room, no second `checked_in` event).
    CheckedIn { room: String, already: bool },
    /// Identity verified and booking confirmed, but no room is assigned or it is not ready:
    /// the desk will finish. No room here: only a checked-in guest is told the room (the
    /// `checkin_pending_room` event keeps it for staff).
    PendingRoom,
    /// Booking confirmed (a future arrival, or `confirm_booking`); come back on `arrival`.
    BookingConfirmed { arrival: Date },
    /// Identity re-checked: show the room again, or offer the email change.
    IdentityVerified {
        room: Option<String>,
        email: EmailChange,
    },
}

/// Permission to change the email of one reservation, granted by a `verify_identity`
/// verification and used once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailChange {
    reservation: String,
    fields: serde_json::Map<String, Value>,
}

fn event(v: &Verified, extra: Value) -> Value {
    let mut m = v.journal_fields();
    m.insert("purpose".into(), v.purpose().as_str().into());
    if let Value::Object(e) = extra {
        m.extend(e);
    }
    Value::Object(m)
}

/// Completes the step `verified` was made for. `today` is the business date
/// (`clock::business_date`). A future arrival is confirmed only, whatever the purpose.
pub fn complete(
    store: &mut Store,
    now: Timestamp,
    today: Date,
    verified: Verified,
) -> Result<Completion, CheckinError> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r: Reservation = reservation_in(&tx, verified.reservation())?
        .filter(|r| !r.status.is_closed() && r.departure >= today)
        .ok_or(CheckinError::NotAvailable)?;
    let key = r.confirmation.clone();
    let confirm = |tx: &rusqlite::Connection| -> Result<(), CheckinError> {
        if r.status == Status::Pending {
            Store::set_status_in(tx, &key, Status::Confirmed, now)?;
            journal::append(
                tx,
                now,
                EventKind::BookingConfirmed,
                Some(&key),
                event(&verified, json!({"arrival": r.arrival.to_string()})),
            )?;
        }
        Ok(())
    };
    let outcome = match verified.purpose() {
        Purpose::CheckIn | Purpose::ConfirmBooking if r.status == Status::CheckedIn => {
            Completion::CheckedIn {
                room: r.room.clone().unwrap_or_default(),
                already: true,
            }
        }
        Purpose::ConfirmBooking => {
            confirm(&tx)?;
            Completion::BookingConfirmed { arrival: r.arrival }
        }
        Purpose::CheckIn if r.arrival > today => {
            confirm(&tx)?;
            Completion::BookingConfirmed { arrival: r.arrival }
        }
        Purpose::CheckIn => {
            confirm(&tx)?;
            match r
                .room
                .clone()
                .filter(|room| !room.trim().is_empty() && r.room_ready)
            {
                Some(room) => {
                    Store::set_status_in(&tx, &key, Status::CheckedIn, now)?;
                    journal::append(
                        &tx,
                        now,
                        EventKind::CheckedIn,
                        Some(&key),
                        event(&verified, json!({"room": room})),
                    )?;
                    Completion::CheckedIn {
                        room,
                        already: false,
                    }
                }
                None => {
                    journal::append(
                        &tx,
                        now,
                        EventKind::CheckinPendingRoom,
                        Some(&key),
                        event(
                            &verified,
                            json!({"room": r.room, "room_ready": r.room_ready}),
                        ),
                    )?;
                    Completion::PendingRoom
                }
            }
        }
        Purpose::VerifyIdentity => {
            journal::append(
                &tx,
                now,
                EventKind::IdentityVerified,
                Some(&key),
                event(&verified, json!({})),
            )?;
            Completion::IdentityVerified {
                room: r.room.clone().filter(|_| r.status == Status::CheckedIn),
                email: EmailChange {
                    reservation: key.clone(),
                    fields: verified.journal_fields(),
                },
            }
        }
    };
    tx.commit()?;
    tracing::info!(reservation = %masked_confirmation(&key), purpose = verified.purpose().as_str(), "verification completed");
    Ok(outcome)
}

/// Changes the email on file after a `verify_identity` (journals `contact_updated`).
pub fn update_email(
    store: &mut Store,
    now: Timestamp,
    permission: EmailChange,
    new_email: &str,
) -> Result<(), CheckinError> {
    let email = new_email.trim();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !valid {
        return Err(CheckinError::BadEmail(email.to_owned()));
    }
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = reservation_in(&tx, &permission.reservation)?.ok_or(CheckinError::NotAvailable)?;
    tx.execute(
        "UPDATE reservations SET email = ?2, updated_at = ?3 WHERE confirmation = ?1",
        rusqlite::params![r.confirmation, email, format!("{now:.3}")],
    )?;
    let mut data = permission.fields;
    data.insert("field".into(), "email".into());
    data.insert("old_email".into(), r.email.clone().into());
    data.insert("new_email".into(), email.into());
    journal::append(
        &tx,
        now,
        EventKind::ContactUpdated,
        Some(&r.confirmation),
        Value::Object(data),
    )?;
    tx.commit()?;
    tracing::info!(reservation = %masked_confirmation(&r.confirmation), "email updated");
    Ok(())
}

/// The guest asked for help (or was sent to the desk): journal `assistance_requested` so staff
/// dashboards and sync see it. `cause` is a short code such as `no_phone` or `locked`.
pub fn request_assistance(
    store: &mut Store,
    now: Timestamp,
    reservation: Option<&str>,
    cause: &str,
) -> Result<(), CheckinError> {
    store.journal_append(
        now,
        EventKind::AssistanceRequested,
        reservation,
        json!({"cause": cause}),
    )?;
    Ok(())
}
