//! Success: "Welcome, <first name>", the room, directions, where to collect the key, and the QR
//! codes from `[success]`. Also the booking-confirmed and room-not-ready variants, and My stay
//! before check-in (the stay dates and how to check in; the domain sends no room or key code
//! then). "Done" (or `[success] reset_after_s`) returns to Welcome.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length, Subscription};
use jiff::Timestamp;

use crate::checkin::Completion;
use crate::journey::{Finished, NextStep, StayDetails};
use crate::ui::focus::Focusable;
use crate::ui::i18n;
use crate::ui::key::KeyPress;
use crate::ui::widget::qr::Qr;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    DonePressed,
    UpdateEmailPressed,
    /// A second of the countdown to the screen clearing itself.
    Tick,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Done,
    /// Change the email with this permission (a journey handle).
    UpdateEmail(String),
}

#[derive(Debug)]
pub enum Outcome {
    Room {
        details: StayDetails,
        /// My stay: the permission to change the email on file, once.
        email_change: Option<String>,
        qr: Vec<(String, Qr)>,
    },
    Confirmed {
        first_name: String,
        last_name: String,
        arrival: jiff::civil::Date,
    },
    RoomPending {
        first_name: String,
        last_name: String,
    },
}

#[derive(Debug)]
pub struct Success {
    pub outcome: Outcome,
    pub clears_at: Timestamp,
    pub now: Timestamp,
}

impl Success {
    pub fn new(finished: Finished, now: Timestamp, reset_after: std::time::Duration) -> Self {
        let Finished {
            completion,
            details,
            email_change,
        } = finished;
        let outcome = match completion {
            Completion::CheckedIn { .. } | Completion::IdentityVerified { .. } => {
                // A payload that cannot be encoded is left out rather than failing the screen.
                let qr = details
                    .qr
                    .iter()
                    .filter_map(|(label, payload)| match Qr::new(payload) {
                        Ok(code) => Some((label.clone(), code)),
                        Err(e) => {
                            tracing::warn!(label = %label, "QR code skipped: {e}");
                            None
                        }
                    })
                    .collect();
                Outcome::Room {
                    details,
                    email_change,
                    qr,
                }
            }
            Completion::BookingConfirmed { arrival } => Outcome::Confirmed {
                first_name: details.first_name,
                last_name: details.last_name,
                arrival,
            },
            Completion::PendingRoom => Outcome::RoomPending {
                first_name: details.first_name,
                last_name: details.last_name,
            },
        };
        let reset = jiff::SignedDuration::try_from(reset_after)
            .unwrap_or(jiff::SignedDuration::from_secs(30));
        Self {
            outcome,
            clears_at: now.checked_add(reset).unwrap_or(now),
            now,
        }
    }

    pub fn update(&mut self, message: Message, now: Timestamp) -> Action {
        self.now = now;
        match message {
            Message::DonePressed => Action::Done,
            Message::UpdateEmailPressed => match self.email_change() {
                Some(change) => Action::UpdateEmail(change.to_owned()),
                None => Action::Done,
            },
            // The screen clears itself: back to Welcome.
            Message::Tick if now >= self.clears_at => Action::Done,
            Message::Tick => Action::None,
        }
    }

    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        (*key == KeyPress::Enter).then_some(Message::DonePressed)
    }

    /// The countdown runs while this screen is up.
    pub fn subscription(&self) -> Subscription<Message> {
        iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::Tick)
    }

    /// The wall clock went back: the reset follows it, so the screen does not stay longer.
    pub fn clock_moved_back(&mut self, back: impl Fn(Timestamp) -> Timestamp) {
        self.clears_at = back(self.clears_at);
    }

    fn email_change(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Room { email_change, .. } => email_change.as_deref(),
            _ => None,
        }
    }

    pub fn seconds_left(&self) -> i64 {
        (self.clears_at - self.now).as_secs().max(0)
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut v = vec![Focusable::new("done", 0, 0, Message::DonePressed)];
        if self.email_change().is_some() {
            v.push(Focusable::new(
                "update-email",
                0,
                1,
                Message::UpdateEmailPressed,
            ));
        }
        v
    }

    pub fn view<'a>(&'a self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let done = ui.done_button(Message::DonePressed);
        let clears =
            ui.muted(ui.tr_args("success-clears", &[("seconds", self.seconds_left().into())]));
        match &self.outcome {
            Outcome::Room {
                details: view,
                email_change,
                qr,
            } => {
                let title = match view.next_step {
                    None => ui.tr_named("success-title", &view.first_name, &view.last_name),
                    Some(_) => ui.tr_named("success-stay-title", &view.first_name, &view.last_name),
                };
                let mut details = column![ui.display(title)].spacing(s.gap);
                if let Some(step) = view.next_step {
                    details = details.push(ui.body(ui.tr_args(
                        "success-stay-dates",
                        &[
                            ("arrival", i18n::format_date(ui.lang, view.arrival).into()),
                            (
                                "departure",
                                i18n::format_date(ui.lang, view.departure).into(),
                            ),
                        ],
                    )));
                    let next = match step {
                        NextStep::CheckInFrom(date) => ui.tr_args(
                            "success-next-check-in-from",
                            &[("date", i18n::format_date(ui.lang, date).into())],
                        ),
                        NextStep::CheckInToday => ui.tr("success-next-check-in-today"),
                    };
                    details = details.push(ui.notice(next, false));
                }
                if let Some(room) = &view.room {
                    details = details.push(
                        text(ui.tr_args("success-room", &[("room", room.clone().into())]))
                            .size(s.display * 1.3)
                            .font(ui.bold)
                            .color(p.primary),
                    );
                }
                if let Some(d) = &view.directions {
                    details = details.push(ui.body(d.clone()));
                }
                if let Some(k) = &view.key_pickup {
                    details = details.push(ui.notice(k.clone(), false));
                }
                if view.next_step.is_none() {
                    details = details.push(ui.muted(ui.tr_args(
                        "success-until",
                        &[("date", i18n::format_date(ui.lang, view.departure).into())],
                    )));
                }
                let actions = row![done].spacing(s.gap).align_y(Alignment::Center);
                details = if email_change.is_some() {
                    // Two buttons leave the countdown too little width beside them (Japanese
                    // wrapped it one character a line): it goes below.
                    details
                        .push(actions.push(ui.button_shrink(
                            "update-email",
                            ui.tr("success-update-email"),
                            Kind::Secondary,
                            Some(Message::UpdateEmailPressed),
                        )))
                        .push(clears)
                } else {
                    details.push(actions.push(clears))
                };
                let codes = qr.iter().map(|(label, code)| {
                    container(
                        column![
                            code.view(200.0),
                            text(label.clone()).size(s.body).font(ui.bold).color(p.text)
                        ]
                        .spacing(8)
                        .align_x(Alignment::Center),
                    )
                    .padding(12)
                    .style(move |_| p.card())
                    .into()
                });
                let codes = column![
                    row(codes).spacing(s.gap),
                    ui.muted(ui.tr("success-qr-hint")),
                ]
                .spacing(10)
                .align_x(Alignment::Center);
                if qr.is_empty() {
                    // No code the guest may see: no scan hint under nothing.
                    details.into()
                } else if ui.landscape {
                    row![details.width(Length::Fill), codes]
                        .spacing(s.gap * 2.0)
                        .align_y(Alignment::Center)
                        .into()
                } else {
                    column![details, codes].spacing(s.gap * 2.0).into()
                }
            }
            Outcome::Confirmed {
                first_name,
                last_name,
                arrival,
            } => column![
                ui.display(ui.tr_named("success-confirmed-title", first_name, last_name)),
                ui.body(ui.tr_args(
                    "success-confirmed-body",
                    &[("date", i18n::format_date(ui.lang, *arrival).into())]
                )),
                done,
                clears,
            ]
            .spacing(s.gap * 1.4)
            .align_x(Alignment::Center)
            .max_width(1000)
            .into(),
            Outcome::RoomPending {
                first_name,
                last_name,
            } => column![
                ui.display(ui.tr_named("success-pending-title", first_name, last_name)),
                ui.notice(ui.tr("success-pending-body"), false),
                done,
                clears,
            ]
            .spacing(s.gap * 1.4)
            .align_x(Alignment::Center)
            .max_width(1000)
            .into(),
        }
    }
}
