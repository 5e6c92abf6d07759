//! Staff mode as the app sees it: how it opens (the logo gesture, Ctrl+Alt+S), and the desk
//! calls its screen asks for, run on the [`StaffDesk`] with the answer handed back as the
//! screen's reply. The app keeps no staff state: the session travels inside each call.

use secrecy::ExposeSecret;

use crate::staff::StaffDesk;
use crate::ui::screen::staff::{self, Call, Reply};

use super::*;

impl Kiosk {
    /// The desk behind staff mode; `None` where there is none (staff mode stays shut). Every
    /// place the app reaches the desk goes through here.
    fn staff_desk(&self) -> Option<StaffDesk> {
        self.desk.clone()
    }

    /// Opens staff mode (the logo gesture or Ctrl+Alt+S): whatever a guest left is wiped first.
    /// Its first action asks whether the PIN pad is paused or locked, so the pad says so at once.
    pub(super) fn enter_staff(&mut self) -> Effect {
        self.touch();
        if matches!(self.screen, Screen::Staff(_)) {
            return Effect::None;
        }
        if self.staff_desk().is_none() {
            tracing::warn!("staff mode requested but this kiosk has no staff desk");
            return Effect::None;
        }
        self.reset();
        let language = self.settings.default_language.clone();
        tracing::info!("staff mode opened");
        let screen = staff::Staff::new(language, self.now());
        let opened = screen.opened();
        self.show(Screen::Staff(Box::new(screen)));
        self.staff_action(opened)
    }

    /// Counts a logo tap; enough of them within the window open staff mode.
    pub(super) fn brand_tapped(&mut self) -> Effect {
        let taps = self.settings.staff_taps as usize;
        if taps == 0 {
            return Effect::None;
        }
        let now = self.now();
        let window = signed(self.settings.staff_taps_window);
        self.brand_taps.retain(|t| now - *t < window);
        self.brand_taps.push(now);
        if self.brand_taps.len() >= taps {
            self.brand_taps.clear();
            return self.enter_staff();
        }
        Effect::None
    }

    /// A message for the staff screen; a late reply after staff mode ended is only logged.
    pub(super) fn staff_message(&mut self, m: staff::Message) -> Effect {
        let now = self.now();
        let Screen::Staff(s) = &mut self.screen else {
            if let staff::Message::Replied(reply) = m
                && let Reply::Left(Err(e)) = *reply
            {
                tracing::error!("end of staff mode not journaled: {e}");
            }
            return Effect::None;
        };
        let before = s.focus_context();
        let action = s.update(m, now);
        if s.focus_context() != before {
            self.focus.reset();
        }
        self.staff_action(action)
    }

    pub(super) fn staff_action(&mut self, action: staff::Action) -> Effect {
        match action {
            staff::Action::None => Effect::None,
            staff::Action::Call(call) => {
                // Back with guests at once; the end of staff mode is journaled behind it.
                if matches!(call, Call::Leave { .. }) {
                    self.reset();
                }
                let Some(desk) = self.staff_desk() else {
                    return Effect::None;
                };
                Effect::Future(Box::pin(async move {
                    Message::Staff(staff::Message::Replied(Box::new(perform(desk, call).await)))
                }))
            }
            staff::Action::Exit => {
                tracing::info!("kiosk exited by staff");
                self.exiting = true;
                Effect::Task(iced::exit())
            }
        }
    }
}

/// Runs one staff call on the desk; its answer, as the desk gives it.
async fn perform(desk: StaffDesk, call: Call) -> Reply {
    match call {
        Call::Login { pin } => Reply::LoggedIn(desk.login(pin.expose_secret().to_owned()).await),
        Call::Pad => Reply::Pad(desk.pad().await),
        Call::Locked { staff: _ } => Reply::Locked(desk.locked().await),
        Call::Unlock {
            staff,
            confirmation,
            reason,
        } => Reply::Unlocked(desk.unlock(&staff, &confirmation, &reason).await),
        Call::Find { staff: _, query } => Reply::Found(desk.find(&query).await),
        Call::VerifyById {
            staff,
            confirmation,
            document,
            reason,
        } => Reply::IdVerified(
            desk.verify_by_id(&staff, &confirmation, document, &reason)
                .await,
        ),
        Call::CheckIn { check, language } => {
            Reply::CheckedIn(desk.check_in(check, &language).await)
        }
        Call::ChangePhone {
            check,
            new_phone,
            reason,
        } => Reply::PhoneChanged(desk.change_phone(&check, &new_phone.0, &reason).await),
        Call::Health { staff: _ } => Reply::Health(desk.health().await),
        Call::LiftPause {
            staff,
            prefix,
            reason,
        } => Reply::PauseLifted(desk.lift_pumping_pause(&staff, &prefix, &reason).await),
        Call::TestSms { staff, to } => Reply::TestSent(desk.send_test_sms(&staff, &to.0).await),
        Call::Events { staff: _, limit } => Reply::Events(desk.recent_events(limit).await),
        Call::Exit { staff } => Reply::Exited(desk.exit(&staff).await),
        Call::Leave { staff, cause } => Reply::Left(match staff {
            Some(staff) => desk.logout(&staff, cause).await,
            None => Ok(()),
        }),
    }
}
