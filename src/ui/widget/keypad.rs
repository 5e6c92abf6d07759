//! The numeric keypad: large keys 1–9 and 0, Delete and OK. Stateless; the screen owns the
//! digits.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};

use super::{Kind, Ui};
use crate::ui::focus::Focusable;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Digit(u8),
    Backspace,
    Submit,
}

/// The id of the key for digit `d` (tests click by it: the code display also shows digits).
pub fn key_id(d: u8) -> String {
    format!("kp-{d}")
}

const GRID: [[Option<u8>; 3]; 3] = [
    [Some(1), Some(2), Some(3)],
    [Some(4), Some(5), Some(6)],
    [Some(7), Some(8), Some(9)],
];

pub fn focusables(first_row: u16, first_col: u16) -> Vec<Focusable<Message>> {
    let mut out = Vec::new();
    for (r, line) in GRID.iter().enumerate() {
        for (c, d) in line.iter().enumerate() {
            if let Some(d) = d {
                out.push(Focusable::new(
                    key_id(*d),
                    first_row + r as u16,
                    first_col + c as u16,
                    Message::Digit(*d),
                ));
            }
        }
    }
    let last = first_row + 3;
    out.push(Focusable::new(
        "kp-del",
        last,
        first_col,
        Message::Backspace,
    ));
    out.push(Focusable::new(
        key_id(0),
        last,
        first_col + 1,
        Message::Digit(0),
    ));
    out.push(Focusable::new(
        "kp-ok",
        last,
        first_col + 2,
        Message::Submit,
    ));
    out
}

pub fn view<'a>(ui: &Ui<'a>, can_submit: bool, ok_label: String) -> Element<'a, Message> {
    let key_w = Length::Fixed(128.0);
    let key_h = ui.sizes.target + 8.0;
    let digit = |d: u8| {
        ui.custom_button(
            &key_id(d),
            container(text(d.to_string()).size(ui.sizes.heading).font(ui.font))
                .center_x(Length::Fill)
                .center_y(Length::Fixed(key_h))
                .into(),
            Kind::Secondary,
            Some(Message::Digit(d)),
            key_w,
        )
    };
    let word = |id: &str, label: String, kind: Kind, msg: Option<Message>| {
        ui.custom_button(
            id,
            container(
                text(label)
                    .size(ui.sizes.body)
                    .font(if kind == Kind::Primary {
                        ui.bold
                    } else {
                        ui.font
                    }),
            )
            .center_x(Length::Fill)
            .center_y(Length::Fixed(key_h))
            .into(),
            kind,
            msg,
            key_w,
        )
    };
    let mut grid = column![].spacing(4);
    for line in GRID {
        grid = grid.push(row(line.into_iter().flatten().map(digit)).spacing(4));
    }
    grid.push(
        row![
            word(
                "kp-del",
                ui.tr("key-delete"),
                Kind::Secondary,
                Some(Message::Backspace)
            ),
            digit(0),
            word(
                "kp-ok",
                ok_label,
                Kind::Primary,
                can_submit.then_some(Message::Submit)
            ),
        ]
        .spacing(4),
    )
    .into()
}
