//! The shell's dialogs over a page: the reason picker every audited action asks first (preset
//! reasons, so audits read alike), and the "Exit kiosk?" confirmation.

use iced::widget::{column, container, row};
use iced::{Alignment, Element};

use super::Message;
use crate::otp::pumping::Pause;
use crate::staff::{DocumentType, IdCheck, LockedBooking};
use crate::ui::focus::Focusable;
use crate::ui::widget::{Kind, Ui};

/// Preset reasons: the on-screen label's message id and the English text the audit records
/// (audits read alike whatever language the kiosk shows).
pub type Reason = (&'static str, &'static str);

pub const UNLOCK_REASONS: [Reason; 3] = [
    (
        "staff-reason-identity",
        "Guest identity confirmed at the desk",
    ),
    ("staff-reason-mistyped", "Guest mistyped the code"),
    ("staff-reason-not-guest", "Someone else caused the lock"),
];

pub const ID_REASONS: [Reason; 3] = [
    ("staff-reason-no-phone", "Guest's phone is not available"),
    ("staff-reason-no-sms", "The code did not arrive"),
    ("staff-reason-wrong-number", "The number on file is wrong"),
];

pub const LIFT_REASONS: [Reason; 3] = [
    (
        "staff-reason-carrier",
        "Verified a guest group with the carrier",
    ),
    (
        "staff-reason-guest-in-range",
        "A guest at the desk has a number in this range",
    ),
    ("staff-reason-false-alarm", "False alarm"),
];

pub const PHONE_REASONS: [Reason; 2] = [
    ("staff-reason-new-number", "Guest has a new number"),
    ("staff-reason-wrong-number", "The number on file is wrong"),
];

pub fn reason_id(i: usize) -> String {
    format!("reason-{i}")
}

/// What a reason picker is for.
#[derive(Debug, Clone)]
pub enum ReasonFor {
    Unlock(LockedBooking),
    VerifyId(DocumentType),
    ChangePhone(IdCheck),
    LiftPause(Pause),
}

impl ReasonFor {
    pub fn options(&self) -> &'static [Reason] {
        match self {
            ReasonFor::Unlock(_) => &UNLOCK_REASONS,
            ReasonFor::VerifyId(_) => &ID_REASONS,
            ReasonFor::ChangePhone(_) => &PHONE_REASONS,
            ReasonFor::LiftPause(_) => &LIFT_REASONS,
        }
    }

    /// One button a row, then Cancel.
    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let n = self.options().len();
        let mut out: Vec<_> = (0..n)
            .map(|i| Focusable::new(reason_id(i), i as u16, 0, Message::ReasonPicked(i)))
            .collect();
        out.push(Focusable::new(
            "reason-cancel",
            n as u16,
            0,
            Message::ReasonCancelled,
        ));
        out
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let p = ui.palette;
        let mut col = column![ui.heading(ui.tr("staff-reason-title"))]
            .spacing(10)
            .align_x(Alignment::Center);
        for (i, (label, _)) in self.options().iter().enumerate() {
            col = col.push(ui.button(
                &reason_id(i),
                ui.tr(label),
                Kind::Secondary,
                Some(Message::ReasonPicked(i)),
            ));
        }
        col = col.push(ui.button(
            "reason-cancel",
            ui.tr("cancel"),
            Kind::Ghost,
            Some(Message::ReasonCancelled),
        ));
        container(col)
            .padding(40)
            .max_width(760)
            .style(move |_| p.card())
            .into()
    }
}

pub fn exit_focusables() -> Vec<Focusable<Message>> {
    vec![
        Focusable::new("exit-cancel", 0, 0, Message::ExitCancelled),
        Focusable::new("exit-confirm", 0, 1, Message::ExitConfirmed),
    ]
}

pub fn exit_view<'a>(ui: &Ui<'a>) -> Element<'a, Message> {
    let p = ui.palette;
    container(
        column![
            ui.heading(ui.tr("staff-exit-title")),
            ui.body(ui.tr("staff-exit-body")),
            row![
                ui.button(
                    "exit-cancel",
                    ui.tr("cancel"),
                    Kind::Secondary,
                    Some(Message::ExitCancelled)
                ),
                ui.button(
                    "exit-confirm",
                    ui.tr("staff-exit"),
                    Kind::Primary,
                    Some(Message::ExitConfirmed)
                ),
            ]
            .spacing(ui.sizes.gap),
        ]
        .spacing(ui.sizes.gap)
        .align_x(Alignment::Center),
    )
    .padding(40)
    .max_width(760)
    .style(move |_| p.card())
    .into()
}
