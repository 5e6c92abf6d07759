//! The real backend: the screens' port mapped onto [`Journey`], the domain's guest-journey
//! service (lookup, OTP engine, gateway chain, check-in, journal). Only translation happens
//! here; every rule lives in the domain.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{
    AssistanceOutcome, Backend, ChallengeRef, Completion, EmailRef, GuestError, GuestView, Lookup,
    QrView, Reply, ReservationRef, SuccessView,
};
use crate::checkin;
use crate::journey::{
    self, CheckResult, Journey, JourneyError, LookupResult, OwnedQuery, SendResult,
};
use crate::otp::Purpose;
use crate::staff::StaffDesk;

pub struct DomainBackend {
    journey: Journey,
    /// Whether an assistance request reaches the desk (only through sync).
    desk_notified: bool,
    staff: StaffDesk,
}

impl DomainBackend {
    pub fn new(journey: Journey) -> Self {
        let desk_notified = journey.config().upstream.is_some();
        let staff = StaffDesk::new(journey.clone());
        Self {
            journey,
            desk_notified,
            staff,
        }
    }
}

fn error(e: JourneyError) -> GuestError {
    match e {
        JourneyError::Stale => GuestError::Stale,
        other => GuestError::Store(other.to_string().into()),
    }
}

fn success_view(d: journey::StayDetails) -> SuccessView {
    SuccessView {
        first_name: d.first_name,
        last_name: d.last_name,
        room: d.room,
        directions: d.directions,
        key_pickup: d.key_pickup,
        arrival: d.arrival,
        departure: d.departure,
        qr: d
            .qr
            .into_iter()
            .map(|(label, payload)| QrView { label, payload })
            .collect(),
        next_step: d.next_step,
        email_change: None,
    }
}

/// The screens' completion for a finished step. With `journey` (and the epoch the step began
/// at), a My stay verification also keeps its email-change permission there, unless the kiosk
/// was wiped meanwhile.
fn completion(
    finished: journey::Finished,
    journey: Option<(&Journey, journey::Epoch)>,
) -> Result<Completion, GuestError> {
    let details = finished.details;
    Ok(match finished.completion {
        checkin::Completion::CheckedIn { .. } => Completion::CheckedIn(success_view(details)),
        checkin::Completion::PendingRoom => Completion::RoomPending {
            first_name: details.first_name,
            last_name: details.last_name,
        },
        checkin::Completion::BookingConfirmed { arrival } => Completion::Confirmed {
            first_name: details.first_name,
            last_name: details.last_name,
            arrival,
        },
        checkin::Completion::IdentityVerified { email, .. } => {
            let mut view = success_view(details);
            if let Some((j, epoch)) = journey {
                view.email_change = Some(EmailRef(
                    j.remember_email_change(epoch, email).map_err(error)?,
                ));
            }
            Completion::StayDetails(view)
        }
    })
}

impl Backend for DomainBackend {
    fn now(&self) -> Timestamp {
        self.journey.now()
    }

    fn today(&self) -> Date {
        self.journey.today()
    }

    fn lookup(&self, query: OwnedQuery, purpose: Purpose) -> Reply<Lookup> {
        let journey = self.journey.clone();
        Box::pin(async move {
            Ok(match journey.lookup(query).await.map_err(error)? {
                LookupResult::Found(f) => {
                    let mismatch = f.mismatch(purpose);
                    let guest = GuestView {
                        reservation: ReservationRef(f.handle),
                        first_name: f.first_name,
                        last_name: f.last_name,
                        masked_phone: f.masked_phone,
                        arrival: f.arrival,
                        departure: f.departure,
                        purposes: f.purposes,
                    };
                    match mismatch {
                        Some(mismatch) => Lookup::NotFor { guest, mismatch },
                        None => Lookup::Found(guest),
                    }
                }
                LookupResult::NotFound => Lookup::NotFound,
                LookupResult::AskForSurname { confirmation } => {
                    Lookup::AskForSurname { confirmation }
                }
                LookupResult::Paused { retry_after_s } => Lookup::Paused { retry_after_s },
            })
        })
    }

    fn send_code(
        &self,
        reservation: ReservationRef,
        purpose: Purpose,
        language: String,
    ) -> Reply<SendResult> {
        let journey = self.journey.clone();
        Box::pin(async move {
            journey
                .send_code(&reservation.0, purpose, &language)
                .await
                .map_err(error)
        })
    }

    fn resend(&self, challenge: ChallengeRef, language: String) -> Reply<SendResult> {
        let journey = self.journey.clone();
        Box::pin(async move { journey.resend(&challenge.0, &language).await.map_err(error) })
    }

    fn verify(&self, challenge: ChallengeRef, code: String) -> Reply<CheckResult> {
        let journey = self.journey.clone();
        Box::pin(async move { journey.verify(&challenge.0, code).await.map_err(error) })
    }

    fn second_factor(&self, challenge: ChallengeRef, answer: String) -> Reply<CheckResult> {
        let journey = self.journey.clone();
        Box::pin(async move {
            journey
                .second_factor(&challenge.0, answer)
                .await
                .map_err(error)
        })
    }

    fn complete(
        &self,
        challenge: ChallengeRef,
        _purpose: Purpose,
        language: String,
    ) -> Reply<Completion> {
        let journey = self.journey.clone();
        Box::pin(async move {
            let epoch = journey.epoch().map_err(error)?;
            let finished = journey
                .complete(&challenge.0, &language)
                .await
                .map_err(error)?;
            completion(finished, Some((&journey, epoch)))
        })
    }

    fn update_email(&self, change: EmailRef, email: String) -> Reply<journey::EmailResult> {
        let journey = self.journey.clone();
        Box::pin(async move { journey.update_email(&change.0, email).await.map_err(error) })
    }

    fn forget(&self) {
        self.journey.forget_all();
    }

    fn staff(&self) -> Option<StaffDesk> {
        Some(self.staff.clone())
    }

    fn request_assistance(
        &self,
        reservation: Option<ReservationRef>,
        screen: &'static str,
    ) -> Reply<AssistanceOutcome> {
        let journey = self.journey.clone();
        let desk_notified = self.desk_notified;
        Box::pin(async move {
            journey
                .request_assistance(reservation.as_ref().map(|r| r.0.as_str()), screen)
                .await
                .map_err(error)?;
            Ok(AssistanceOutcome { desk_notified })
        })
    }
}
