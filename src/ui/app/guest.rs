//! The guest journey as the app drives it: each screen's intent becomes a [`Journey`] call, and
//! each answer moves the session on (the phone, the code, the second factor, the success or the
//! desk).

use crate::journey::{DeskReason, FoundBooking, Journey, JourneyError, SendResult};
use crate::ui::screen::{
    assistance, confirm_phone, desk, enter_code, find, second_factor, sending,
};

use super::*;

impl Kiosk {
    pub(super) fn find_action(&mut self, action: find::Action, journey: &Journey) -> Effect {
        match action {
            find::Action::None => Effect::None,
            find::Action::FocusField(i) => {
                self.focus.set(find::field_id(i));
                Effect::None
            }
            find::Action::Lookup(query) => {
                // A booking an earlier search found is not this search's.
                self.session.guest = None;
                let id = self.request();
                let journey = journey.clone();
                Effect::call(async move { journey.lookup(query).await }, move |r| {
                    Message::LookedUp(id, r)
                })
            }
            find::Action::Found(booking, step) => {
                self.session.purpose = Some(step);
                self.found(booking);
                Effect::None
            }
            // Kept for the step the screen offers instead (and an assistance call).
            find::Action::Keep(booking) => {
                self.session.guest = Some(booking);
                Effect::None
            }
            find::Action::Forward(find::Forward::Step(purpose)) => {
                if let Some(guest) = self.session.guest.clone() {
                    self.session.purpose = Some(purpose);
                    self.found(guest);
                }
                Effect::None
            }
            find::Action::Forward(find::Forward::CallStaff) => self.call_staff(journey),
        }
    }

    pub(super) fn enter_code_action(
        &mut self,
        action: enter_code::Action,
        journey: &Journey,
    ) -> Effect {
        let Some(challenge) = self.session.challenge.clone() else {
            return Effect::None;
        };
        let journey = journey.clone();
        match action {
            enter_code::Action::None => Effect::None,
            enter_code::Action::Verify(code) => {
                let id = self.request();
                Effect::call(
                    async move { journey.verify(&challenge, code).await },
                    move |r| Message::Verified(id, r),
                )
            }
            enter_code::Action::Resend => {
                let id = self.request();
                let language = self.lang.clone();
                Effect::call(
                    async move { journey.resend(&challenge, &language).await },
                    move |r| Message::CodeSent(id, r),
                )
            }
            enter_code::Action::AskSecondFactor(kind) => {
                let order = self.settings.date_of_birth_order;
                self.show(Screen::SecondFactor(second_factor::SecondFactor::new(
                    kind, order,
                )));
                Effect::None
            }
            enter_code::Action::Complete => self.complete(&journey),
            enter_code::Action::Desk(reason) => {
                self.desk(reason);
                Effect::None
            }
        }
    }

    pub(super) fn second_factor_action(
        &mut self,
        action: second_factor::Action,
        journey: &Journey,
    ) -> Effect {
        let Some(challenge) = self.session.challenge.clone() else {
            return Effect::None;
        };
        match action {
            second_factor::Action::None => Effect::None,
            second_factor::Action::Submit(answer) => {
                let id = self.request();
                let journey = journey.clone();
                Effect::call(
                    async move { journey.second_factor(&challenge, answer).await },
                    move |r| Message::FactorChecked(id, r),
                )
            }
            second_factor::Action::Complete => self.complete(journey),
            second_factor::Action::Desk(reason) => {
                self.desk(reason);
                Effect::None
            }
        }
    }

    /// A booking found for the session's purpose: on to the phone (or the desk without one).
    pub(super) fn found(&mut self, guest: FoundBooking) {
        let screen = guest
            .masked_phone
            .as_ref()
            .map(|_| confirm_phone::ConfirmPhone::new(&guest));
        self.session.guest = Some(guest);
        match screen {
            None => self.desk(DeskReason::NoPhone),
            Some(c) => self.show(Screen::ConfirmPhone(c)),
        }
    }

    /// The assistance overlay, journaled with the screen it came from and the booking, if any.
    pub(super) fn call_staff(&mut self, journey: &Journey) -> Effect {
        self.assistance = Some(assistance::Assistance::default());
        self.focus.reset();
        let handle = self.session.guest.as_ref().map(|g| g.handle.clone());
        let screen = self.screen.name();
        let journey = journey.clone();
        Effect::call(
            async move { journey.request_assistance(handle.as_deref(), screen).await },
            Message::AssistanceLogged,
        )
    }

    pub(super) fn desk(&mut self, reason: DeskReason) {
        self.session.challenge = None;
        self.show(Screen::Desk(desk::Desk { reason }));
    }

    /// The machinery (store, task) failed, not the guest: the desk helps, IT reads the log.
    pub(super) fn machinery_failed(&mut self, what: &str, error: &JourneyError) -> Effect {
        tracing::error!("{what} failed: {error}");
        self.desk(DeskReason::Other);
        Effect::None
    }

    pub(super) fn send_code(&mut self, journey: &Journey) -> Effect {
        let (Some(guest), Some(purpose)) = (&self.session.guest, self.session.purpose) else {
            self.reset();
            return Effect::None;
        };
        let handle = guest.handle.clone();
        let id = self.request();
        // The guest's language picks the SMS wording too.
        let language = self.lang.clone();
        self.show(Screen::Sending(sending::Sending::default()));
        let journey = journey.clone();
        Effect::call(
            async move { journey.send_code(&handle, purpose, &language).await },
            move |r| Message::CodeSent(id, r),
        )
    }

    pub(super) fn code_sent(&mut self, result: Result<SendResult, JourneyError>) {
        let now = self.now();
        // The idle clock was paused while the SMS was on its way.
        self.last_input = now;
        match result {
            Ok(SendResult::Sent(sent)) => {
                self.session.challenge = Some(sent.challenge.clone());
                if let Screen::EnterCode(c) = &mut self.screen {
                    c.resent(sent, now);
                } else {
                    self.show(Screen::EnterCode(enter_code::EnterCode::new(sent, now)));
                }
            }
            // A new request during the previous code's resend wait: worded like a send limit
            // (come back shortly or ask at the desk).
            // A retry after a failed send: its code has the resend wait, so the screen counts
            // it down and Try again opens after it.
            Ok(SendResult::TooSoon { retry_after_s }) if matches!(&self.screen, Screen::Sending(s) if s.retrying) =>
            {
                tracing::info!(retry_after_s, "retry too soon: the screen counts down");
                if let Screen::Sending(s) = &mut self.screen {
                    s.retry_later(now, retry_after_s);
                }
            }
            // A code went to this phone a moment ago (the guest started over, or the kiosk
            // restarted): the wait is short, so the screen counts it down rather than sending
            // the guest to the desk.
            Ok(SendResult::TooSoon { retry_after_s }) => {
                tracing::info!(
                    retry_after_s,
                    "code not sent: too soon; the screen counts down"
                );
                self.show(Screen::Sending(sending::Sending::sent_recently(
                    now,
                    retry_after_s,
                )));
            }
            Ok(SendResult::SeeDesk(DeskReason::GatewayDown)) => {
                tracing::warn!("code not sent: no SMS gateway accepted the message");
                self.show(Screen::Sending(sending::Sending::failed()));
            }
            Ok(SendResult::SeeDesk(reason)) => self.desk(reason),
            Err(e) => {
                tracing::warn!("code not sent: {e}");
                self.show(Screen::Sending(sending::Sending::failed()));
            }
        }
    }

    pub(super) fn complete(&mut self, journey: &Journey) -> Effect {
        let Some(challenge) = self.session.challenge.clone() else {
            self.reset();
            return Effect::None;
        };
        let id = self.request();
        let language = self.lang.clone();
        let journey = journey.clone();
        Effect::call(
            async move { journey.complete(&challenge, &language).await },
            move |r| Message::Completed(id, r),
        )
    }

    pub(super) fn welcome(&mut self, m: welcome::Message) -> Effect {
        let Screen::Welcome(w) = &mut self.screen else {
            return Effect::None;
        };
        match w.update(m) {
            welcome::Action::SetLanguage(l) => {
                if self.settings.languages.contains(&l) {
                    self.lang = l;
                }
            }
            welcome::Action::ToggleLargerText => {
                self.sizes = if self.sizes == Sizes::standard() {
                    Sizes::standard().larger()
                } else {
                    Sizes::standard()
                };
            }
            welcome::Action::Start(purpose) => {
                self.session.purpose = Some(purpose);
                let prefix = self.settings.scanner_prefix.clone();
                self.show(Screen::Find(find::Find::new(purpose, prefix)));
                self.focus.set(find::field_id(0));
            }
        }
        Effect::None
    }

    pub(super) fn sending(&mut self, m: sending::Message, journey: &Journey) -> Effect {
        let now = self.now();
        let Screen::Sending(s) = &mut self.screen else {
            return Effect::None;
        };
        match s.update(m, now) {
            sending::Action::None => Effect::None,
            sending::Action::Cancel => {
                // The reply of the abandoned send is dropped when it arrives.
                self.awaiting = None;
                match self.session.guest.clone() {
                    Some(guest) => self.show(Screen::ConfirmPhone(
                        confirm_phone::ConfirmPhone::new(&guest),
                    )),
                    None => self.reset(),
                }
                Effect::None
            }
            sending::Action::Retry => {
                let effect = self.send_code(journey);
                if let Screen::Sending(s) = &mut self.screen {
                    s.retrying = true;
                }
                effect
            }
        }
    }

    pub(super) fn completed(
        &mut self,
        id: u64,
        result: Result<Finished, JourneyError>,
        now: Timestamp,
    ) -> Effect {
        if !self.is_current(id) {
            return Effect::None;
        }
        self.session.challenge = None;
        match result {
            Ok(finished) => {
                let reset_after = self.settings.success_reset;
                self.show(Screen::Success(success::Success::new(
                    finished,
                    now,
                    reset_after,
                )));
                Effect::None
            }
            Err(e) => self.machinery_failed("check-in", &e),
        }
    }

    pub(super) fn email(&mut self, m: email::Message, journey: Journey) -> Effect {
        let Screen::Email(e) = &mut self.screen else {
            return Effect::None;
        };
        match e.update(m) {
            email::Action::None => Effect::None,
            email::Action::Done => {
                self.reset();
                Effect::None
            }
            email::Action::Save(change, address) => {
                let id = self.request();
                Effect::call(
                    async move { journey.update_email(&change, address).await },
                    move |r| Message::EmailSaved(id, r),
                )
            }
        }
    }

    pub(super) fn email_saved(
        &mut self,
        id: u64,
        result: Result<EmailResult, JourneyError>,
    ) -> Effect {
        if !self.is_current(id) {
            return Effect::None;
        }
        match (result, &mut self.screen) {
            (Ok(outcome), Screen::Email(e)) => e.saved(outcome),
            (Err(e), _) => return self.machinery_failed("email update", &e),
            _ => {}
        }
        Effect::None
    }
}
