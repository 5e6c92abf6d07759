//! Confirm phone: the masked number on file and "Send code". Nothing else about the booking is
//! shown before the guest proves the phone.

use iced::widget::column;
use iced::{Alignment, Element, Length};

use crate::journey::FoundBooking;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    SendPressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SendCode,
}

#[derive(Debug, Clone)]
pub struct ConfirmPhone {
    pub first_name: String,
    pub last_name: String,
    pub masked_phone: String,
}

impl ConfirmPhone {
    /// The booking's masked number on file (the caller checked there is one).
    pub fn new(booking: &FoundBooking) -> Self {
        Self {
            first_name: booking.first_name.clone(),
            last_name: booking.last_name.clone(),
            masked_phone: booking.masked_phone.clone().unwrap_or_default(),
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::SendPressed => Action::SendCode,
        }
    }

    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        (*key == KeyPress::Enter).then_some(Message::SendPressed)
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        vec![Focusable::new("send-code", 0, 0, Message::SendPressed)]
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let phone = iced::widget::text(self.masked_phone.clone())
            .size(s.display)
            .font(ui.bold)
            .color(ui.palette.text);
        column![
            ui.heading(ui.tr_named("confirm-title", &self.first_name, &self.last_name)),
            ui.body(ui.tr("confirm-body")),
            phone,
            iced::widget::container(ui.button(
                "send-code",
                ui.tr("confirm-send"),
                Kind::Primary,
                Some(Message::SendPressed),
            ))
            .width(Length::Fixed(420.0)),
            ui.muted(ui.tr("confirm-not-yours")),
        ]
        .spacing(s.gap * 1.4)
        .align_x(Alignment::Center)
        .into()
    }
}
