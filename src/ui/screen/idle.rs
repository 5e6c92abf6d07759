//! "Still there?": shown after `idle_timeout_s` without input, with an `idle_warning_s`
//! countdown; the app wipes the session when it runs out.

use iced::widget::{column, container};
use iced::{Alignment, Element, Length};
use jiff::Timestamp;

use crate::ui::focus::Focusable;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ContinuePressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Continue,
}

#[derive(Debug, Clone)]
pub struct Idle {
    pub deadline: Timestamp,
    pub now: Timestamp,
}

impl Idle {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::ContinuePressed => Action::Continue,
        }
    }

    pub fn seconds_left(&self) -> i64 {
        (self.deadline - self.now).as_secs().max(0)
    }

    pub fn expired(&self) -> bool {
        self.now >= self.deadline
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        vec![Focusable::new("still-here", 0, 0, Message::ContinuePressed)]
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        container(
            column![
                ui.heading(ui.tr("idle-title")),
                ui.body(ui.tr_args("idle-body", &[("seconds", self.seconds_left().into())])),
                container(ui.button(
                    "still-here",
                    ui.tr("idle-continue"),
                    Kind::Primary,
                    Some(Message::ContinuePressed)
                ))
                .width(Length::Fixed(400.0)),
            ]
            .spacing(s.gap * 1.4)
            .align_x(Alignment::Center),
        )
        .padding(48)
        .max_width(760)
        .style(move |_| p.card())
        .into()
    }
}
