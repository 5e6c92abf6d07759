//! One booking found by staff: its details, then the photo-ID check (which document; the
//! shell asks why), and with the check made, a check-in without a code or a new phone on file
//! typed on the keypad.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use super::find::status_label;
use super::parts::{Entry, Number, NumberMessage, card};
use crate::staff::{DocumentType, GuestRecord, IdCheck};
use crate::store::Status;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui};

pub fn document_id(d: DocumentType) -> String {
    format!("doc-{}", d.as_str())
}

fn document_label(d: DocumentType) -> &'static str {
    match d {
        DocumentType::Passport => "staff-doc-passport",
        DocumentType::NationalId => "staff-doc-national-id",
        DocumentType::DrivingLicence => "staff-doc-driving-licence",
        DocumentType::ResidencePermit => "staff-doc-residence-permit",
        DocumentType::Other => "staff-doc-other",
    }
}

#[derive(Debug, Clone)]
pub enum Step {
    Actions,
    /// Which photo ID the guest showed.
    Document,
    /// ID checked: check in or change the phone.
    Verified(IdCheck),
    /// Typing the new number (after its reason was picked).
    Phone {
        check: IdCheck,
        reason: &'static str,
        number: Number,
    },
}

#[derive(Debug, Clone)]
pub struct GuestPage {
    pub record: GuestRecord,
    pub step: Step,
    /// The results to go back to.
    pub results: Vec<GuestRecord>,
}

#[derive(Debug, Clone)]
pub enum Message {
    BackToResults,
    VerifyIdPressed,
    DocumentPicked(DocumentType),
    CheckInPressed,
    ChangePhonePressed,
    Number(NumberMessage),
}

pub enum Action {
    None,
    BackToResults {
        query: String,
        results: Vec<GuestRecord>,
    },
    /// Ask why, then record the photo-ID check of this document.
    VerifyId(DocumentType),
    /// Check the guest in on this ID check (it is used up by it).
    CheckIn(IdCheck),
    /// Ask why, then type the new number.
    ChangePhone(IdCheck),
    SavePhone {
        check: IdCheck,
        number: String,
        reason: &'static str,
    },
}

impl GuestPage {
    pub fn new(record: GuestRecord, results: Vec<GuestRecord>) -> Self {
        Self {
            record,
            step: Step::Actions,
            results,
        }
    }

    pub fn name(&self) -> &'static str {
        match self.step {
            Step::Actions => "staff_guest",
            Step::Document => "staff_guest_document",
            Step::Verified(_) => "staff_guest_verified",
            Step::Phone { .. } => "staff_guest_phone",
        }
    }

    fn can_check_in(&self) -> bool {
        self.record.status != Status::CheckedIn
    }

    pub fn update(&mut self, message: Message) -> Action {
        match (&mut self.step, message) {
            (_, Message::BackToResults) => Action::BackToResults {
                query: self.record.confirmation.clone(),
                results: std::mem::take(&mut self.results),
            },
            (step, Message::VerifyIdPressed) => {
                *step = Step::Document;
                Action::None
            }
            (Step::Document, Message::DocumentPicked(d)) => Action::VerifyId(d),
            (Step::Verified(_), Message::CheckInPressed)
                if self.record.status != Status::CheckedIn =>
            {
                // The check is used once: after this press (whatever the desk answers), only a
                // new photo-ID check allows another check-in or a phone change.
                match std::mem::replace(&mut self.step, Step::Actions) {
                    Step::Verified(check) => Action::CheckIn(check),
                    _ => Action::None,
                }
            }
            (Step::Verified(check), Message::ChangePhonePressed) => {
                Action::ChangePhone(check.clone())
            }
            (Step::Phone { check, .. }, Message::Number(NumberMessage::Cancel)) => {
                self.step = Step::Verified(check.clone());
                Action::None
            }
            (
                Step::Phone {
                    check,
                    reason,
                    number,
                },
                Message::Number(m),
            ) => match number.update(m) {
                Entry::Submit => Action::SavePhone {
                    check: check.clone(),
                    number: number.digits.clone(),
                    reason,
                },
                Entry::Edited | Entry::Cancel => Action::None,
            },
            _ => Action::None,
        }
    }

    /// The photo-ID check is recorded.
    pub fn verified(&mut self, check: IdCheck) {
        self.step = Step::Verified(check);
    }

    /// The phone change's reason is picked: now the number.
    pub fn enter_phone(&mut self, check: IdCheck, reason: &'static str) {
        self.step = Step::Phone {
            check,
            reason,
            number: Number::default(),
        };
    }

    pub fn checked_in(&mut self) {
        self.record.status = Status::CheckedIn;
        self.step = Step::Actions;
    }

    pub fn phone_changed(&mut self, masked: String) {
        self.record.masked_phone = Some(masked);
        self.step = Step::Actions;
    }

    /// Where typing goes: the keypad's OK while typing a number.
    pub fn typing_target(&self) -> Option<&'static str> {
        matches!(self.step, Step::Phone { .. }).then_some("kp-ok")
    }

    /// The number pad's keys while typing a number; otherwise Escape goes back to the results.
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        match self.step {
            Step::Phone { .. } => Number::key(key).map(Message::Number),
            _ => (*key == KeyPress::Escape).then_some(Message::BackToResults),
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        match &self.step {
            Step::Actions => vec![
                Focusable::new("back-to-results", 0, 0, Message::BackToResults),
                Focusable::new("verify-id", 1, 0, Message::VerifyIdPressed),
            ],
            Step::Document => DocumentType::ALL
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    Focusable::new(document_id(*d), i as u16, 0, Message::DocumentPicked(*d))
                })
                .collect(),
            Step::Verified(_) => {
                let mut v = Vec::new();
                if self.can_check_in() {
                    v.push(Focusable::new(
                        "staff-check-in",
                        0,
                        0,
                        Message::CheckInPressed,
                    ));
                }
                v.push(Focusable::new(
                    "change-phone",
                    0,
                    1,
                    Message::ChangePhonePressed,
                ));
                v
            }
            Step::Phone { .. } => Number::focusables()
                .into_iter()
                .map(|f| f.map(Message::Number))
                .collect(),
        }
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let g = &self.record;
        if let Step::Phone { number, .. } = &self.step {
            // The keypad needs the room: the details shrink to the name and booking.
            return column![
                ui.body(format!(
                    "{} {} · {}",
                    g.first_name, g.last_name, g.confirmation
                )),
                number.view(ui, "staff-new-phone").map(Message::Number)
            ]
            .spacing(s.gap * 0.6)
            .into();
        }
        let fact = |label: &str, value: String| {
            row![
                container(ui.muted(ui.tr(label))).width(Length::Fixed(260.0)),
                ui.body(value)
            ]
            .align_y(Alignment::Center)
        };
        let details = column![
            text(format!("{} {}", g.first_name, g.last_name))
                .size(s.heading * 0.8)
                .font(ui.bold)
                .color(ui.palette.text),
            fact("staff-confirmation", g.confirmation.clone()),
            fact("staff-status", status_label(ui, g.status)),
            fact("staff-dates", format!("{} → {}", g.arrival, g.departure)),
            fact("staff-room", g.room.clone().unwrap_or_else(|| "—".into())),
            fact(
                "staff-phone",
                g.masked_phone
                    .clone()
                    .unwrap_or_else(|| ui.tr("staff-no-phone"))
            ),
        ]
        .spacing(4);
        let actions: Element<'a, Message> = match &self.step {
            Step::Actions | Step::Phone { .. } => row![
                ui.button_shrink(
                    "back-to-results",
                    ui.tr("back"),
                    Kind::Ghost,
                    Some(Message::BackToResults)
                ),
                ui.button_shrink(
                    "verify-id",
                    ui.tr("staff-verify-id"),
                    Kind::Primary,
                    Some(Message::VerifyIdPressed)
                ),
            ]
            .spacing(s.gap)
            .into(),
            Step::Document => {
                let buttons = DocumentType::ALL.iter().map(|d| {
                    ui.button_shrink(
                        &document_id(*d),
                        ui.tr(document_label(*d)),
                        Kind::Secondary,
                        Some(Message::DocumentPicked(*d)),
                    )
                });
                column![
                    ui.body(ui.tr("staff-which-document")),
                    row(buttons).spacing(8).wrap()
                ]
                .spacing(8)
                .into()
            }
            Step::Verified(_) => {
                let mut r = row![].spacing(s.gap);
                if self.can_check_in() {
                    r = r.push(ui.button_shrink(
                        "staff-check-in",
                        ui.tr("staff-check-in"),
                        Kind::Primary,
                        Some(Message::CheckInPressed),
                    ));
                }
                r.push(ui.button_shrink(
                    "change-phone",
                    ui.tr("staff-change-phone"),
                    Kind::Secondary,
                    Some(Message::ChangePhonePressed),
                ))
                .into()
            }
        };
        column![card(ui, details.into()), actions]
            .spacing(s.gap)
            .into()
    }
}
