//! Sending: the code is on its way. The UI stays live (the send is a Task), the guest can cancel,
//! and a failure says so calmly with the desk as the alternative.

use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length, Subscription};

use crate::ui::focus::Focusable;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    CancelPressed,
    RetryPressed,
    /// A step of the "sending" animation.
    Tick,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Cancel,
    Retry,
}

#[derive(Debug, Clone, Default)]
pub struct Sending {
    pub failed: bool,
    /// Animation phase, advanced by the screen's own tick while in flight.
    pub phase: u8,
}

impl Sending {
    /// No gateway took the message: Retry, or the desk.
    pub fn failed() -> Self {
        Self {
            failed: true,
            phase: 0,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::CancelPressed => Action::Cancel,
            Message::RetryPressed => Action::Retry,
            Message::Tick => {
                self.phase = (self.phase + 1) % 4;
                Action::None
            }
        }
    }

    /// The animation runs while the code is on its way.
    pub fn subscription(&self) -> Subscription<Message> {
        if self.failed {
            Subscription::none()
        } else {
            iced::time::every(std::time::Duration::from_millis(500)).map(|_| Message::Tick)
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut out = Vec::new();
        if self.failed {
            out.push(Focusable::new("retry", 0, 0, Message::RetryPressed));
        }
        out.push(Focusable::new("cancel", 0, 1, Message::CancelPressed));
        out
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let cancel = ui.button(
            "cancel",
            ui.tr("cancel"),
            Kind::Secondary,
            Some(Message::CancelPressed),
        );
        if self.failed {
            return column![
                ui.heading(ui.tr("sending-failed-title")),
                ui.notice(ui.tr("sending-failed-body"), true),
                ui.body(ui.tr("see-desk")),
                row![
                    container(ui.button(
                        "retry",
                        ui.tr("try-again"),
                        Kind::Primary,
                        Some(Message::RetryPressed)
                    ))
                    .width(Length::Fixed(360.0)),
                    container(cancel).width(Length::Fixed(300.0)),
                ]
                .spacing(s.gap),
            ]
            .spacing(s.gap * 1.4)
            .align_x(Alignment::Center)
            .max_width(900)
            .into();
        }
        // Four dots, one highlighted: calm motion, redrawn twice a second only here.
        let dots = (0..4u8).map(|i| {
            let on = i == self.phase;
            container(iced::widget::Space::new())
                .width(22)
                .height(22)
                .style(move |_| container::Style {
                    background: Some(iced::Background::Color(if on { p.primary } else { p.line })),
                    border: iced::Border {
                        radius: 11.0.into(),
                        ..iced::Border::default()
                    },
                    ..container::Style::default()
                })
                .into()
        });
        column![
            ui.heading(ui.tr("sending-title")),
            row(dots).spacing(14),
            ui.body(ui.tr("sending-body")),
            container(cancel).width(Length::Fixed(300.0)),
        ]
        .spacing(s.gap * 1.6)
        .align_x(Alignment::Center)
        .into()
    }
}
