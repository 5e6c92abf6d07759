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
    /// A retry came too soon after the failed send (the code it issued has its resend wait):
    /// Try again opens at this time, counted down on screen.
    pub retry_at: Option<jiff::Timestamp>,
    pub now: Option<jiff::Timestamp>,
    /// This send is a retry of a failed one.
    pub retrying: bool,
    /// Not sent because a code went to this phone a moment ago (the guest started over, or
    /// the kiosk restarted): the wait is counted down, worded as such, not as a failure.
    pub recent: bool,
}

impl Sending {
    /// No gateway took the message: Retry, or the desk.
    pub fn failed() -> Self {
        Self {
            failed: true,
            ..Self::default()
        }
    }

    /// A retry was refused as too soon: wait `retry_after_s`, then Try again opens.
    pub fn retry_later(&mut self, now: jiff::Timestamp, retry_after_s: u64) {
        let wait = jiff::SignedDuration::from_secs(retry_after_s.min(3600) as i64);
        self.failed = true;
        self.retrying = false;
        self.now = Some(now);
        self.retry_at = now.checked_add(wait).ok();
    }

    /// A code went out a moment ago: a new one opens after `retry_after_s`.
    pub fn sent_recently(now: jiff::Timestamp, retry_after_s: u64) -> Self {
        let mut screen = Self {
            recent: true,
            ..Self::default()
        };
        screen.retry_later(now, retry_after_s);
        screen
    }

    /// Seconds until Try again opens (`None`: it is open).
    pub fn retry_in(&self) -> Option<i64> {
        let (at, now) = (self.retry_at?, self.now?);
        let left = (at - now).as_secs();
        (left > 0).then_some(left)
    }

    pub fn update(&mut self, message: Message, now: jiff::Timestamp) -> Action {
        self.now = Some(now);
        match message {
            Message::CancelPressed => Action::Cancel,
            Message::RetryPressed if self.retry_in().is_some() => Action::None,
            Message::RetryPressed => {
                self.retry_at = None;
                Action::Retry
            }
            Message::Tick => {
                self.phase = (self.phase + 1) % 4;
                Action::None
            }
        }
    }

    /// The animation runs while the code is on its way.
    pub fn subscription(&self) -> Subscription<Message> {
        if self.failed {
            // The retry countdown, while there is one.
            match self.retry_in() {
                Some(_) => {
                    iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::Tick)
                }
                None => Subscription::none(),
            }
        } else {
            iced::time::every(std::time::Duration::from_millis(500)).map(|_| Message::Tick)
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut out = Vec::new();
        if self.failed && self.retry_in().is_none() {
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
            let wait = self.retry_in();
            let mut page = if self.recent {
                column![
                    ui.heading(ui.tr("sending-recent-title")),
                    ui.body(ui.tr("sending-recent-body")),
                ]
            } else {
                column![
                    ui.heading(ui.tr("sending-failed-title")),
                    ui.notice(ui.tr("sending-failed-body"), true),
                    ui.body(ui.tr("see-desk")),
                ]
            };
            if let Some(seconds) = wait {
                page = page
                    .push(ui.muted(ui.tr_args("sending-retry-in", &[("seconds", seconds.into())])));
            }
            return page
                .push(
                    row![
                        container(ui.button(
                            "retry",
                            ui.tr("try-again"),
                            Kind::Primary,
                            wait.is_none().then_some(Message::RetryPressed)
                        ))
                        .width(Length::Fixed(360.0)),
                        container(cancel).width(Length::Fixed(300.0)),
                    ]
                    .spacing(s.gap),
                )
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
