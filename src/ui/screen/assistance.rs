//! Assistance: available from every guest screen. The request is journaled (sync carries it to
//! the desk); the panel always says where staff are, since with sync off nobody is notified.

use iced::widget::{column, container};
use iced::{Alignment, Element, Length};

use crate::ui::focus::Focusable;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ClosePressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Close,
}

#[derive(Debug, Clone, Default)]
pub struct Assistance {
    /// Set when the backend confirms the desk was told.
    pub notified: bool,
}

impl Assistance {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::ClosePressed => Action::Close,
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        vec![Focusable::new("assist-close", 0, 0, Message::ClosePressed)]
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let mut body = column![ui.heading(ui.tr("assist-title"))]
            .spacing(s.gap * 1.2)
            .align_x(Alignment::Center);
        if self.notified {
            body = body.push(ui.body(ui.tr("assist-notified")));
        }
        body = body.push(ui.body(ui.tr("assist-where"))).push(
            container(ui.button(
                "assist-close",
                ui.tr("assist-close"),
                Kind::Primary,
                Some(Message::ClosePressed),
            ))
            .width(Length::Fixed(320.0)),
        );
        container(body)
            .padding(48)
            .max_width(760)
            .style(move |_| p.card())
            .into()
    }
}
