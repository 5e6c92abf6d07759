//! The rules that need no database: which purposes a reservation allows on a business date,
//! and how long the resend cool-down grows.

use std::time::Duration;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::limits::escalate;
use crate::config::OtpPolicy;
use crate::store::{Reservation, Status};

/// What a verified code (or a staff ID check) is for. A code verifies exactly one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Check in (on a pending booking: confirm it, then check in).
    CheckIn,
    /// Confirm a future stay without checking in.
    ConfirmBooking,
    /// Prove identity before room info is shown again or the email is changed.
    VerifyIdentity,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [
        Purpose::CheckIn,
        Purpose::ConfirmBooking,
        Purpose::VerifyIdentity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::CheckIn => "check_in",
            Purpose::ConfirmBooking => "confirm_booking",
            Purpose::VerifyIdentity => "verify_identity",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where a booking stands on a business date, as far as the kiosk's steps go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Arrives on a later date; `confirmed` once the PMS or the guest confirmed it.
    Upcoming {
        arrival: Date,
        confirmed: bool,
    },
    /// The arrival day, or a late arrival before the departure day: check-in is open.
    Arriving,
    /// The departure day of a longer stay nobody checked in: too late for the kiosk.
    LastDay,
    CheckedIn,
}

/// Why a found booking does not allow the step the guest chose, so the screen can say what is
/// true and offer the step that is open. Only [`Stage::mismatch`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Check in or confirm, but the guest is already checked in: My stay shows the room.
    AlreadyCheckedIn,
    /// Check in before the arrival date. A pending booking can be confirmed meanwhile
    /// (`can_confirm`); a confirmed one has nothing left to do until then.
    TooEarly { arrival: Date, can_confirm: bool },
    /// Confirm a later arrival that is already confirmed.
    AlreadyConfirmed { arrival: Date },
    /// Confirm on the arrival day (or a late arrival): checking in confirms it too.
    CheckInInstead,
    /// Check in or confirm on the departure day of a stay never checked in: the desk helps.
    StayEnding,
}

impl Mismatch {
    /// The step that is open instead, when there is one at the kiosk: a guest in the house
    /// sees their room under My stay, an early pending booking can be confirmed, confirming on
    /// the arrival day is checking in; a stay ending today needs the desk (`None`).
    pub fn open_step(self) -> Option<Purpose> {
        match self {
            Mismatch::AlreadyCheckedIn
            | Mismatch::TooEarly {
                can_confirm: false, ..
            }
            | Mismatch::AlreadyConfirmed { .. } => Some(Purpose::VerifyIdentity),
            Mismatch::TooEarly {
                can_confirm: true, ..
            } => Some(Purpose::ConfirmBooking),
            Mismatch::CheckInInstead => Some(Purpose::CheckIn),
            Mismatch::StayEnding => None,
        }
    }
}

impl Stage {
    /// Where `r` stands on `business_date`; `None` means the kiosk treats it as not found
    /// (cancelled, checked out, a no-show, or the stay is over).
    pub fn of(r: &Reservation, business_date: Date) -> Option<Stage> {
        if r.status.is_closed() || r.departure < business_date {
            return None;
        }
        Some(match r.status {
            Status::CheckedIn => Stage::CheckedIn,
            _ if r.arrival > business_date => Stage::Upcoming {
                arrival: r.arrival,
                confirmed: r.status != Status::Pending,
            },
            // Arrival day or later (a late arrival), but not on the departure day of a longer
            // stay.
            _ if r.arrival == business_date || business_date < r.departure => Stage::Arriving,
            _ => Stage::LastDay,
        })
    }

    /// The purposes a booking at this stage allows, the main one first.
    pub fn purposes(self) -> Vec<Purpose> {
        match self {
            Stage::Upcoming {
                confirmed: false, ..
            } => vec![Purpose::ConfirmBooking, Purpose::VerifyIdentity],
            Stage::Arriving => vec![Purpose::CheckIn, Purpose::VerifyIdentity],
            Stage::Upcoming {
                confirmed: true, ..
            }
            | Stage::LastDay
            | Stage::CheckedIn => {
                vec![Purpose::VerifyIdentity]
            }
        }
    }

    /// Why `wanted` is not open at this stage (`None`: it is, exactly when [`Stage::purposes`]
    /// lists it).
    pub fn mismatch(self, wanted: Purpose) -> Option<Mismatch> {
        match (self, wanted) {
            (_, Purpose::VerifyIdentity)
            | (Stage::Arriving, Purpose::CheckIn)
            | (
                Stage::Upcoming {
                    confirmed: false, ..
                },
                Purpose::ConfirmBooking,
            ) => None,
            (Stage::CheckedIn, _) => Some(Mismatch::AlreadyCheckedIn),
            (Stage::LastDay, _) => Some(Mismatch::StayEnding),
            (Stage::Upcoming { arrival, confirmed }, Purpose::CheckIn) => {
                Some(Mismatch::TooEarly {
                    arrival,
                    can_confirm: !confirmed,
                })
            }
            (Stage::Upcoming { arrival, .. }, Purpose::ConfirmBooking) => {
                Some(Mismatch::AlreadyConfirmed { arrival })
            }
            (Stage::Arriving, Purpose::ConfirmBooking) => Some(Mismatch::CheckInInstead),
        }
    }
}

/// The purposes `r` allows on `business_date`, the main one first. `None` means the kiosk
/// treats it as not found (cancelled, checked out, a no-show, or the stay is over).
pub fn allowed_purposes(r: &Reservation, business_date: Date) -> Option<Vec<Purpose>> {
    Stage::of(r, business_date).map(Stage::purposes)
}

/// The wait before resend number `done + 1`: 30 s, 60 s, 120 s … (with the default base),
/// capped at one hour.
pub fn resend_delay(policy: &OtpPolicy, done: u32) -> Duration {
    escalate(policy.resend_cooldown, done, Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ReservationRecord;

    fn res(status: &str, arrival: &str, departure: &str) -> Reservation {
        let rec = ReservationRecord {
            confirmation: "A1".into(),
            last_name: "Lee".into(),
            first_name: "Kim".into(),
            arrival: arrival.into(),
            departure: departure.into(),
            status: status.into(),
            ..Default::default()
        };
        Reservation::from_record(&rec, "GB").unwrap()
    }

    #[test]
    fn purposes_by_status_and_date() {
        use Purpose::*;
        let today = Date::constant(2026, 11, 25);
        let table: [(&str, &str, &str, Option<Vec<Purpose>>); 15] = [
            (
                "confirmed",
                "2026-11-25",
                "2026-11-27",
                Some(vec![CheckIn, VerifyIdentity]),
            ),
            (
                "pending",
                "2026-11-25",
                "2026-11-27",
                Some(vec![CheckIn, VerifyIdentity]),
            ),
            (
                "pending",
                "2026-11-30",
                "2026-12-02",
                Some(vec![ConfirmBooking, VerifyIdentity]),
            ),
            (
                "confirmed",
                "2026-11-30",
                "2026-12-02",
                Some(vec![VerifyIdentity]),
            ),
            (
                "checked_in",
                "2026-11-24",
                "2026-11-27",
                Some(vec![VerifyIdentity]),
            ),
            (
                "checked_in",
                "2026-11-23",
                "2026-11-25",
                Some(vec![VerifyIdentity]),
            ),
            ("cancelled", "2026-11-25", "2026-11-27", None),
            // Left early or never came: over, whatever the dates say.
            ("checked_out", "2026-11-24", "2026-11-27", None),
            ("checked_out", "2026-11-25", "2026-11-25", None),
            ("no_show", "2026-11-25", "2026-11-27", None),
            ("no_show", "2026-11-30", "2026-12-02", None),
            ("confirmed", "2026-11-20", "2026-11-24", None),
            (
                "confirmed",
                "2026-11-24",
                "2026-11-27",
                Some(vec![CheckIn, VerifyIdentity]),
            ),
            (
                "confirmed",
                "2026-11-24",
                "2026-11-25",
                Some(vec![VerifyIdentity]),
            ),
            (
                "confirmed",
                "2026-11-25",
                "2026-11-25",
                Some(vec![CheckIn, VerifyIdentity]),
            ),
        ];
        for (status, a, d, want) in table {
            assert_eq!(
                allowed_purposes(&res(status, a, d), today),
                want,
                "{status} {a}..{d}"
            );
        }
    }

    #[test]
    fn every_purpose_a_stage_refuses_has_its_own_reason() {
        let arrival = Date::constant(2026, 11, 30);
        let stages = [
            Stage::Upcoming {
                arrival,
                confirmed: false,
            },
            Stage::Upcoming {
                arrival,
                confirmed: true,
            },
            Stage::Arriving,
            Stage::LastDay,
            Stage::CheckedIn,
        ];
        for stage in stages {
            for wanted in Purpose::ALL {
                assert_eq!(
                    stage.mismatch(wanted).is_none(),
                    stage.purposes().contains(&wanted),
                    "{stage:?} {wanted:?}"
                );
            }
        }
        use Mismatch::*;
        use Purpose::*;
        let table = [
            (Stage::CheckedIn, CheckIn, AlreadyCheckedIn),
            (Stage::CheckedIn, ConfirmBooking, AlreadyCheckedIn),
            (Stage::Arriving, ConfirmBooking, CheckInInstead),
            (Stage::LastDay, CheckIn, StayEnding),
            (Stage::LastDay, ConfirmBooking, StayEnding),
            (
                stages[0],
                CheckIn,
                TooEarly {
                    arrival,
                    can_confirm: true,
                },
            ),
            (
                stages[1],
                CheckIn,
                TooEarly {
                    arrival,
                    can_confirm: false,
                },
            ),
            (stages[1], ConfirmBooking, AlreadyConfirmed { arrival }),
        ];
        for (stage, wanted, why) in table {
            assert_eq!(stage.mismatch(wanted), Some(why), "{stage:?} {wanted:?}");
        }
    }

    #[test]
    fn stages_by_status_and_date() {
        let today = Date::constant(2026, 11, 25);
        let table = [
            (
                "checked_in",
                "2026-11-24",
                "2026-11-27",
                Some(Stage::CheckedIn),
            ),
            ("pending", "2026-11-25", "2026-11-27", Some(Stage::Arriving)),
            (
                "confirmed",
                "2026-11-24",
                "2026-11-27",
                Some(Stage::Arriving),
            ),
            (
                "confirmed",
                "2026-11-24",
                "2026-11-25",
                Some(Stage::LastDay),
            ),
            ("pending", "2026-11-23", "2026-11-25", Some(Stage::LastDay)),
            (
                "pending",
                "2026-11-30",
                "2026-12-02",
                Some(Stage::Upcoming {
                    arrival: Date::constant(2026, 11, 30),
                    confirmed: false,
                }),
            ),
            ("cancelled", "2026-11-25", "2026-11-27", None),
        ];
        for (status, a, d, want) in table {
            assert_eq!(
                Stage::of(&res(status, a, d), today),
                want,
                "{status} {a}..{d}"
            );
        }
    }

    #[test]
    fn resend_delay_grows() {
        let p = OtpPolicy::default();
        let got: Vec<u64> = (0..4).map(|n| resend_delay(&p, n).as_secs()).collect();
        assert_eq!(got, vec![30, 60, 120, 240]);
        assert_eq!(resend_delay(&p, 30).as_secs(), 3600);
    }

    #[test]
    fn purpose_names_round_trip() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(Purpose::parse("checkin"), None);
    }
}
