//! Keyboard input: raw key events reduced to [`KeyPress`], the focus ring's controls, and
//! where each key goes.

use iced::{event, keyboard, window};

use crate::ui::focus::{Focusable, Nav};
use crate::ui::screen::{assistance, email, find, idle, welcome};

use super::*;
use crate::ui::key::KeyPress;

/// A screen's controls as the app's messages.
fn lift<M>(controls: Vec<Focusable<M>>, into: fn(M) -> Message) -> Vec<Focusable<Message>> {
    controls.into_iter().map(|f| f.map(into)).collect()
}

impl Kiosk {
    /// Every control keyboard users can reach now, in grid order (modals trap the focus).
    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        if let Some(i) = &self.idle {
            return lift(i.focusables(), Message::Idle);
        }
        if let Some(a) = &self.assistance {
            return lift(a.focusables(), Message::Assistance);
        }
        if let Screen::Staff(s) = &self.screen {
            let landscape = self.physical.width >= self.physical.height;
            return s
                .focusables(landscape)
                .into_iter()
                .map(|f| f.map(Message::Staff))
                .collect();
        }
        let shift = |f: Focusable<Message>| Focusable {
            row: f.row + 1,
            ..f
        };
        let mut out = Vec::new();
        if self.back_target().is_some() {
            out.push(Focusable::new("nav-back", 0, 0, Message::BackPressed));
        }
        let screen = match &self.screen {
            Screen::Welcome(w) => lift(w.focusables(&self.settings.languages), Message::Welcome),
            Screen::Find(s) => lift(s.focusables(), Message::Find),
            Screen::ConfirmPhone(s) => lift(s.focusables(), Message::ConfirmPhone),
            Screen::Sending(s) => lift(s.focusables(), Message::Sending),
            Screen::EnterCode(s) => lift(s.focusables(), Message::EnterCode),
            Screen::SecondFactor(s) => lift(s.focusables(), Message::SecondFactor),
            Screen::Success(s) => lift(s.focusables(), Message::Success),
            Screen::Desk(s) => lift(s.focusables(), Message::Desk),
            Screen::Email(s) => lift(s.focusables(), Message::Email),
            Screen::Maintenance(_) | Screen::Starting | Screen::Staff(_) => Vec::new(),
        };
        out.extend(screen.into_iter().map(shift));
        if matches!(self.screen, Screen::Welcome(_)) {
            out.push(Focusable::new(
                welcome::TEXT_SIZE_ID,
                0,
                50,
                Message::Welcome(welcome::Message::LargerTextPressed),
            ));
        }
        if !matches!(self.screen, Screen::Maintenance(_)) {
            out.push(Focusable::new(
                "assistance",
                0,
                99,
                Message::AssistancePressed,
            ));
        }
        out
    }

    /// The control typing goes to on this screen (a field, or the keypad's OK).
    pub(super) fn typing_target(&self) -> Option<&'static str> {
        if self.idle.is_some() || self.assistance.is_some() {
            return None;
        }
        match &self.screen {
            Screen::Find(f) => Some(find::field_id(f.active)),
            Screen::EnterCode(_) | Screen::SecondFactor(_) => Some("kp-ok"),
            Screen::Email(e) if !e.saved => Some(email::FIELD_ID),
            Screen::Staff(s) => s.typing_target(),
            _ => None,
        }
    }

    pub(super) fn on_key(&mut self, key: KeyPress) -> Effect {
        // Typing puts the focus where the typing goes, so Enter then submits it rather than
        // pressing whichever key the ring was on.
        let target = self.typing_target();
        if matches!(key, KeyPress::Text(_) | KeyPress::Backspace)
            && let Some(t) = target
        {
            self.focus.set(t);
        }
        let at_target = target.is_some() && self.focus.current() == target;
        let items = self.focusables();
        let nav = match key {
            KeyPress::Tab { shift: false } => Some(Nav::Next),
            KeyPress::Tab { shift: true } => Some(Nav::Prev),
            KeyPress::Arrow(n) => Some(n),
            _ => None,
        };
        if let Some(nav) = nav {
            self.focus.navigate(&items, nav);
            return Effect::None;
        }
        // At the typing target, Enter and Space keep their typing meaning (submit, a space).
        if matches!(key, KeyPress::Enter | KeyPress::Space)
            && !at_target
            && let Some(message) = self.focus.activate(&items)
        {
            return self.update(message);
        }
        // The prompts first: they hold the screen.
        if self.idle.is_some() {
            return self.update(Message::Idle(idle::Message::ContinuePressed));
        }
        if self.assistance.is_some() {
            if matches!(key, KeyPress::Enter | KeyPress::Escape) {
                return self.update(Message::Assistance(assistance::Message::ClosePressed));
            }
            return Effect::None;
        }
        if let Screen::Staff(s) = &self.screen {
            return match s.key(&key) {
                Some(m) => self.update(Message::Staff(m)),
                None => Effect::None,
            };
        }
        if key == KeyPress::Escape {
            return self.update(Message::BackPressed);
        }
        // Keys without a focused control: the screen's own meaning.
        let message = match &self.screen {
            Screen::Find(s) => s.key(&key).map(Message::Find),
            Screen::ConfirmPhone(s) => s.key(&key).map(Message::ConfirmPhone),
            Screen::EnterCode(s) => s.key(&key).map(Message::EnterCode),
            Screen::SecondFactor(s) => s.key(&key).map(Message::SecondFactor),
            Screen::Success(s) => s.key(&key).map(Message::Success),
            Screen::Desk(s) => s.key(&key).map(Message::Desk),
            Screen::Email(s) => s.key(&key).map(Message::Email),
            _ => None,
        };
        match message {
            Some(message) => self.update(message),
            None => Effect::None,
        }
    }
}

/// Maps raw runtime events to app messages: keys, touches and clicks (for the idle timer and
/// the focus ring) and window resizes.
pub(super) fn input_event(
    event: iced::Event,
    _status: event::Status,
    _window: window::Id,
) -> Option<Message> {
    use keyboard::key::Named;
    match event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            modifiers,
            text,
            ..
        }) => {
            let press = match key.as_ref() {
                keyboard::Key::Named(Named::Tab) => KeyPress::Tab {
                    shift: modifiers.shift(),
                },
                keyboard::Key::Named(Named::Enter) => KeyPress::Enter,
                keyboard::Key::Named(Named::Space) => KeyPress::Space,
                keyboard::Key::Named(Named::Backspace) => KeyPress::Backspace,
                keyboard::Key::Named(Named::Escape) => KeyPress::Escape,
                keyboard::Key::Named(Named::ArrowUp) => KeyPress::Arrow(Nav::Up),
                keyboard::Key::Named(Named::ArrowDown) => KeyPress::Arrow(Nav::Down),
                keyboard::Key::Named(Named::ArrowLeft) => KeyPress::Arrow(Nav::Left),
                keyboard::Key::Named(Named::ArrowRight) => KeyPress::Arrow(Nav::Right),
                keyboard::Key::Character(c)
                    if modifiers.control() && modifiers.alt() && c.eq_ignore_ascii_case("s") =>
                {
                    return Some(Message::StaffShortcut);
                }
                _ if modifiers.control() || modifiers.alt() || modifiers.logo() => return None,
                _ => {
                    let t = text?.to_string();
                    if t.chars().all(char::is_control) {
                        return None;
                    }
                    KeyPress::Text(t)
                }
            };
            Some(Message::Key(press))
        }
        iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
        | iced::Event::Touch(iced::touch::Event::FingerPressed { .. }) => Some(Message::Pointer),
        iced::Event::Window(window::Event::Resized(size)) => Some(Message::Resized(size)),
        _ => None,
    }
}
