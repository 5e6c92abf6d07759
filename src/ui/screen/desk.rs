//! See the front desk: locked, no phone, limits, unusable number. Deliberately the same calm
//! wording for every reason that could help someone probing a stranger's booking.

use iced::widget::column;
use iced::{Alignment, Element};

use crate::journey::DeskReason;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::Ui;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    DonePressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Done,
}

#[derive(Debug, Clone)]
pub struct Desk {
    pub reason: DeskReason,
}

impl Desk {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::DonePressed => Action::Done,
        }
    }

    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        (*key == KeyPress::Enter).then_some(Message::DonePressed)
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        vec![Focusable::new("done", 0, 0, Message::DonePressed)]
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        // Only "no phone" gets its own sentence: the guest already saw that no number was shown.
        let body = match self.reason {
            DeskReason::NoPhone => ui.tr("desk-no-phone"),
            _ => ui.tr("desk-body"),
        };
        column![
            ui.display(ui.tr("desk-title")),
            ui.body(body),
            ui.notice(ui.tr("assist-where"), false),
            ui.done_button(Message::DonePressed),
        ]
        .spacing(s.gap * 1.5)
        .align_x(Alignment::Center)
        .max_width(1000)
        .into()
    }
}
