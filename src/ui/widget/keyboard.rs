//! The on-screen keyboard: letters, a page of accented and special letters (iced has no
//! long-press, so accents are a toggle, not a popup), and digits. Stateless: the screen keeps
//! the layout and receives [`Message`]s.

use iced::widget::{column, row};
use iced::{Element, Length};

use super::{Kind, Ui};
use crate::ui::focus::Focusable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Letters,
    Accents,
    Digits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Char(char),
    Space,
    Backspace,
    Layout(Layout),
    Submit,
}

const LETTERS: [&str; 3] = ["QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM-"];
const ACCENTS: [&str; 3] = ["ÀÁÂÄÃÅÆÇÈÉ", "ÊËÌÍÎÏÑÒÓÔ", "ÖÕØŒÙÚÛÜŁß"];
// The 123 page also carries what email addresses need.
const DIGITS: [&str; 3] = ["1234567890", "@.-_'/+", ""];

fn rows(layout: Layout) -> [&'static str; 3] {
    match layout {
        Layout::Letters => LETTERS,
        Layout::Accents => ACCENTS,
        Layout::Digits => DIGITS,
    }
}

/// The id of the key for `c` (tests click by it).
pub fn key_id(c: char) -> String {
    format!("kb-{}", u32::from(c))
}

/// The bottom row: the two layout toggles, space, delete and the submit key.
fn bottom(layout: Layout) -> [(&'static str, Message, &'static str, u16); 5] {
    let (a, b) = match layout {
        Layout::Letters => (Layout::Digits, Layout::Accents),
        Layout::Accents => (Layout::Digits, Layout::Letters),
        Layout::Digits => (Layout::Letters, Layout::Accents),
    };
    let label = |l: Layout| match l {
        Layout::Letters => "key-letters",
        Layout::Accents => "key-accents",
        Layout::Digits => "key-digits",
    };
    [
        ("kb-layout-a", Message::Layout(a), label(a), 2),
        ("kb-layout-b", Message::Layout(b), label(b), 2),
        ("kb-space", Message::Space, "key-space", 5),
        ("kb-delete", Message::Backspace, "key-delete", 3),
        ("kb-submit", Message::Submit, "find-submit", 5),
    ]
}

/// Every key as a focusable control, laid out on the grid the view draws.
pub fn focusables(layout: Layout, first_row: u16) -> Vec<Focusable<Message>> {
    let mut out = Vec::new();
    let mut r = first_row;
    for line in rows(layout) {
        if line.is_empty() {
            continue;
        }
        for (col, c) in line.chars().enumerate() {
            out.push(Focusable::new(
                key_id(c),
                r,
                u16::try_from(col * 2).unwrap_or(u16::MAX),
                Message::Char(c),
            ));
        }
        r += 1;
    }
    let mut col = 0;
    for (id, msg, _, span) in bottom(layout) {
        out.push(Focusable::new(id, r, col, msg));
        col += span;
    }
    out
}

pub fn view<'a>(
    ui: &Ui<'a>,
    layout: Layout,
    submit_label: String,
    can_submit: bool,
) -> Element<'a, Message> {
    let key_h = ui.sizes.target;
    let mut lines = column![].spacing(8).width(Length::Fill);
    for line in rows(layout) {
        if line.is_empty() {
            continue;
        }
        let keys = line.chars().map(|c| {
            ui.custom_button(
                &key_id(c),
                iced::widget::container(
                    iced::widget::text(c.to_string())
                        .size(ui.sizes.body)
                        .font(ui.font),
                )
                .center(Length::Fixed(key_h))
                .into(),
                Kind::Secondary,
                Some(Message::Char(c)),
                Length::FillPortion(1),
            )
        });
        lines = lines.push(row(keys).spacing(2));
    }
    let bottom_row = bottom(layout).into_iter().map(|(id, msg, label, span)| {
        let kind = match msg {
            Message::Submit => Kind::Primary,
            _ => Kind::Secondary,
        };
        let submit = matches!(msg, Message::Submit);
        let text = if submit {
            submit_label.clone()
        } else {
            ui.tr(label)
        };
        let b = ui.button(id, text, kind, (!submit || can_submit).then_some(msg));
        iced::widget::container(b)
            .width(Length::FillPortion(span))
            .into()
    });
    lines.push(row(bottom_row).spacing(2)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_has_its_keys_and_the_toggles_reach_the_others() {
        for layout in [Layout::Letters, Layout::Accents, Layout::Digits] {
            let keys = focusables(layout, 0);
            let toggles: Vec<_> = keys
                .iter()
                .filter_map(|f| match f.activate {
                    Message::Layout(l) => Some(l),
                    _ => None,
                })
                .collect();
            assert_eq!(toggles.len(), 2);
            assert!(!toggles.contains(&layout));
            assert!(keys.iter().any(|f| f.activate == Message::Backspace));
            assert!(keys.iter().any(|f| f.activate == Message::Submit));
        }
        let accents = focusables(Layout::Accents, 0);
        for c in ['É', 'Ø', 'Ł', 'ß', 'Ü', 'Æ'] {
            assert!(
                accents.iter().any(|f| f.activate == Message::Char(c)),
                "{c}"
            );
        }
        let digits = focusables(Layout::Digits, 0);
        assert!(digits.iter().any(|f| f.activate == Message::Char('7')));
    }
}
