//! My stay → update email: one field on the on-screen keyboard (its 123 page has @ and .),
//! physical typing, Enter to save; a clear line when the address is not valid, and a calm
//! confirmation once it is saved.

use iced::widget::{column, container};
use iced::{Alignment, Element, Length};

use crate::journey::EmailResult;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Ui, keyboard};

const MAX: usize = 254;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    Typed(String),
    DonePressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// Save the address with this permission (a journey handle).
    Save(String, String),
    Done,
}

#[derive(Debug, Clone)]
pub struct Email {
    change: String,
    pub address: String,
    pub layout: keyboard::Layout,
    pub saving: bool,
    pub invalid: bool,
    pub saved: bool,
}

pub const FIELD_ID: &str = "email-field";

impl Email {
    pub fn new(change: String) -> Self {
        Self {
            change,
            address: String::new(),
            layout: keyboard::Layout::Letters,
            saving: false,
            invalid: false,
            saved: false,
        }
    }

    fn push(&mut self, c: char) {
        // Addresses are written in lower case; the keyboard's letters are capitals.
        if self.address.chars().count() < MAX && !c.is_whitespace() && !crate::names::invisible(c) {
            self.address.extend(c.to_lowercase());
            self.invalid = false;
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        if self.saved {
            return match message {
                Message::DonePressed => Action::Done,
                _ => Action::None,
            };
        }
        if self.saving {
            return Action::None;
        }
        match message {
            Message::Keyboard(keyboard::Message::Char(c)) => self.push(c),
            Message::Typed(t) => t.chars().for_each(|c| self.push(c)),
            Message::Keyboard(keyboard::Message::Backspace) => {
                self.address.pop();
            }
            Message::Keyboard(keyboard::Message::Layout(l)) => self.layout = l,
            Message::Keyboard(keyboard::Message::Space) => {}
            Message::Keyboard(keyboard::Message::Submit) => {
                if !self.address.is_empty() {
                    self.saving = true;
                    return Action::Save(self.change.clone(), self.address.clone());
                }
            }
            Message::DonePressed => return Action::Done,
        }
        Action::None
    }

    pub fn saved(&mut self, outcome: EmailResult) {
        self.saving = false;
        match outcome {
            EmailResult::Updated => self.saved = true,
            EmailResult::Invalid => self.invalid = true,
        }
    }

    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        Some(match key {
            KeyPress::Enter if self.saved => Message::DonePressed,
            KeyPress::Enter => Message::Keyboard(keyboard::Message::Submit),
            KeyPress::Text(t) => Message::Typed(t.clone()),
            KeyPress::Backspace => Message::Keyboard(keyboard::Message::Backspace),
            _ => return None,
        })
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        if self.saved {
            return vec![Focusable::new("done", 0, 0, Message::DonePressed)];
        }
        let mut v = vec![Focusable::new(
            FIELD_ID,
            0,
            0,
            Message::Keyboard(keyboard::Message::Submit),
        )];
        v.extend(
            keyboard::focusables(self.layout, 1)
                .into_iter()
                .map(|f| f.map(Message::Keyboard)),
        );
        v
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        if self.saved {
            return column![
                ui.display(ui.tr("email-saved-title")),
                ui.body(ui.tr("email-saved-body")),
                ui.done_button(Message::DonePressed),
            ]
            .spacing(s.gap * 1.5)
            .align_x(Alignment::Center)
            .into();
        }
        let field = ui.input_line(FIELD_ID, &self.address, self.invalid);
        let status: Element<'a, Message> = if self.invalid {
            ui.notice(ui.tr("email-invalid"), true)
        } else if self.saving {
            ui.notice(ui.tr("email-saving"), false)
        } else {
            container(ui.muted(ui.tr("email-hint")))
                .padding([12, 20])
                .into()
        };
        let kb = keyboard::view(
            ui,
            self.layout,
            ui.tr("email-save"),
            !self.saving && !self.address.is_empty(),
        )
        .map(Message::Keyboard);
        column![ui.heading(ui.tr("email-title")), field, status, kb]
            .spacing(s.gap * 0.6)
            .width(Length::Fill)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_lowercases_and_a_bad_address_can_be_corrected() {
        let mut e = Email::new("x".into());
        e.update(Message::Typed("Ana.Silva@".into()));
        for k in [
            keyboard::Message::Layout(keyboard::Layout::Digits),
            keyboard::Message::Char('@'),
            keyboard::Message::Backspace,
            keyboard::Message::Space,
        ] {
            e.update(Message::Keyboard(k));
        }
        assert_eq!(e.address, "ana.silva@");
        let Action::Save(_, sent) = e.update(Message::Keyboard(keyboard::Message::Submit)) else {
            panic!("Enter saves")
        };
        assert_eq!(sent, "ana.silva@");
        e.saved(EmailResult::Invalid);
        assert!(e.invalid && !e.saving);
        e.update(Message::Typed("mail.pt".into()));
        assert!(!e.invalid, "typing clears the error");
        e.update(Message::Keyboard(keyboard::Message::Submit));
        e.saved(EmailResult::Updated);
        assert_eq!(e.update(Message::DonePressed), Action::Done);
    }
}
