//! Staff mode as the app sees it: how it opens (the logo gesture, Ctrl+Alt+S) and what its
//! actions ask of the runtime.

use crate::ui::screen::staff;

use super::*;

impl Kiosk {
    /// Opens staff mode (the logo gesture or Ctrl+Alt+S): whatever a guest left is wiped first.
    /// Its first action asks whether the PIN pad is paused or locked, so the pad says so at once.
    pub(super) fn enter_staff(&mut self) -> Effect {
        self.touch();
        if matches!(self.screen, Screen::Staff(_)) {
            return Effect::None;
        }
        let Some(port) = self.desk.clone().map(crate::ui::backend::staff_port) else {
            tracing::warn!("staff mode requested but this kiosk has no staff desk");
            return Effect::None;
        };
        self.reset();
        let language = self.settings.default_language.clone();
        tracing::info!("staff mode opened");
        let screen = staff::Staff::new(port, language, self.now());
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

    /// A staff screen message: input counts as activity for the timeout, replies do not;
    /// replies that arrive after staff mode ended are only logged.
    pub(super) fn staff_message(&mut self, m: staff::Message) -> Effect {
        if !m.is_reply() {
            self.touch();
        }
        let Screen::Staff(s) = &mut self.screen else {
            if let staff::Message::Left(Err(e)) = m {
                tracing::error!("end of staff mode not journaled: {e}");
            }
            return Effect::None;
        };
        let before = s.focus_context();
        let action = s.update(m);
        if s.focus_context() != before {
            self.focus.reset();
        }
        self.staff_action(action)
    }

    pub(super) fn staff_action(&mut self, action: staff::Action) -> Effect {
        match action {
            staff::Action::None => Effect::None,
            staff::Action::Run(f) => {
                Effect::Future(Box::pin(async move { Message::Staff(f.await) }))
            }
            staff::Action::Leave(f) => {
                self.reset();
                Effect::Future(Box::pin(async move { Message::Staff(f.await) }))
            }
            staff::Action::Exit => {
                tracing::info!("kiosk exited by staff");
                self.exiting = true;
                Effect::Task(iced::exit())
            }
        }
    }
}
