//! What several staff pages share: the pager under a list, the card a block sits in, the
//! phone-number entry (test SMS, new phone on file), and the short time spans they print.

use iced::widget::{Space, column, container, row, text};
use iced::{Alignment, Element, Length};
use jiff::{SignedDuration, Timestamp};

use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui, keypad};

const PHONE_MAX: usize = 16;
/// Fewer digits than any number a code could reach: OK stays off until then.
const PHONE_MIN: usize = 6;

/// "3 h 12 min", "45 s": short and language-neutral for the staff screens.
pub fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// From `now` until `t`, as [`span`] prints it.
pub fn until(now: Timestamp, t: Timestamp) -> String {
    span((t - now).as_secs())
}

pub fn ago(ui: &Ui<'_>, now: Timestamp, t: Timestamp) -> String {
    ui.tr_args("staff-ago", &[("time", span((now - t).as_secs()).into())])
}

/// When a wait the domain reported at `now` ends (at least a second, at most a day, so a
/// wrong clock never shows a pause without end).
pub fn ends(now: Timestamp, wait: std::time::Duration) -> Timestamp {
    let secs = wait.as_secs().clamp(1, 86_400);
    now + SignedDuration::from_secs(i64::try_from(secs).unwrap_or(86_400))
}

pub fn push_limited(s: &mut String, c: char, max: usize) {
    if s.chars().count() < max {
        s.push(c);
    }
}

/// The (row on screen, index in the list) pairs of one page.
pub fn visible(len: usize, page: usize, per: usize) -> impl Iterator<Item = (usize, usize)> {
    let start = page * per;
    (start..len.min(start + per)).enumerate()
}

pub fn card<'a, M: 'a>(ui: &Ui<'a>, content: Element<'a, M>) -> Element<'a, M> {
    let p = ui.palette;
    container(content)
        .padding([12, 20])
        .width(Length::Fill)
        .style(move |_| p.card())
        .into()
}

/// A press on a list's pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Prev,
    Next,
}

/// A list of `len` rows, `per` a page, shown at `page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pager {
    pub len: usize,
    pub per: usize,
    pub page: usize,
}

impl Pager {
    pub fn turn(page: &mut usize, len: usize, per: usize, turn: Turn) {
        match turn {
            Turn::Prev => *page = page.saturating_sub(1),
            Turn::Next if (*page + 1) * per < len => *page += 1,
            Turn::Next => {}
        }
    }

    /// The pager's buttons on grid row `row` (only those that do something).
    pub fn focusables(self, row: u16) -> Vec<Focusable<Turn>> {
        let mut v = Vec::new();
        if self.page > 0 {
            v.push(Focusable::new("page-prev", row, 0, Turn::Prev));
        }
        if (self.page + 1) * self.per < self.len {
            v.push(Focusable::new("page-next", row, 1, Turn::Next));
        }
        v
    }

    pub fn view<'a>(self, ui: &Ui<'a>) -> Element<'a, Turn> {
        let pages = self.len.div_ceil(self.per).max(1);
        if pages == 1 {
            return Space::new().into();
        }
        row![
            ui.button_shrink(
                "page-prev",
                ui.tr("staff-prev"),
                Kind::Secondary,
                (self.page > 0).then_some(Turn::Prev)
            ),
            ui.muted(format!("{} / {pages}", self.page + 1)),
            ui.button_shrink(
                "page-next",
                ui.tr("staff-next"),
                Kind::Secondary,
                (self.page + 1 < pages).then_some(Turn::Next)
            ),
        ]
        .spacing(12)
        .align_y(Alignment::Center)
        .into()
    }
}

/// Typing a phone number on the keypad (or a keyboard): digits and one leading "+".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Number {
    pub digits: String,
}

#[derive(Debug, Clone)]
pub enum NumberMessage {
    Keypad(keypad::Message),
    Typed(String),
    Plus,
    /// Leave the pad without sending.
    Cancel,
}

/// What an edit of a [`Number`] asks for.
pub enum Entry {
    Edited,
    /// OK with a number long enough to try.
    Submit,
    Cancel,
}

impl Number {
    pub fn update(&mut self, m: NumberMessage) -> Entry {
        let number = &mut self.digits;
        match m {
            NumberMessage::Keypad(keypad::Message::Digit(d)) => {
                push_limited(number, char::from(b'0' + d.min(9)), PHONE_MAX);
            }
            NumberMessage::Keypad(keypad::Message::Backspace) => {
                number.pop();
            }
            NumberMessage::Keypad(keypad::Message::Submit) if number.len() >= PHONE_MIN => {
                return Entry::Submit;
            }
            NumberMessage::Keypad(keypad::Message::Submit) => {}
            NumberMessage::Cancel => return Entry::Cancel,
            NumberMessage::Plus if number.is_empty() => number.push('+'),
            NumberMessage::Plus => {}
            NumberMessage::Typed(t) => {
                for c in t.chars() {
                    if c.is_ascii_digit() || (c == '+' && number.is_empty()) {
                        push_limited(number, c, PHONE_MAX);
                    }
                }
            }
        }
        Entry::Edited
    }

    /// Digits type, Backspace deletes, Enter submits, Escape leaves the pad.
    pub fn key(key: &KeyPress) -> Option<NumberMessage> {
        match key {
            KeyPress::Text(t) => Some(NumberMessage::Typed(t.clone())),
            KeyPress::Backspace => Some(NumberMessage::Keypad(keypad::Message::Backspace)),
            KeyPress::Enter => Some(NumberMessage::Keypad(keypad::Message::Submit)),
            KeyPress::Escape => Some(NumberMessage::Cancel),
            _ => None,
        }
    }

    /// The "+" and Cancel beside the keypad's right column, then the keypad.
    pub fn focusables() -> Vec<Focusable<NumberMessage>> {
        let mut v = vec![
            Focusable::new("phone-plus", 0, 3, NumberMessage::Plus),
            Focusable::new("number-cancel", 1, 3, NumberMessage::Cancel),
        ];
        v.extend(
            keypad::focusables(0, 0)
                .into_iter()
                .map(|f| f.map(NumberMessage::Keypad)),
        );
        v
    }

    /// The number being typed, a "+" key, a hint, Cancel and the keypad.
    pub fn view<'a>(&self, ui: &Ui<'a>, label: &str) -> Element<'a, NumberMessage> {
        let s = ui.sizes;
        let p = ui.palette;
        let number = &self.digits;
        let shown = container(
            text(format!("{number}|"))
                .size(s.heading * 0.8)
                .font(ui.font)
                .color(p.text),
        )
        .padding([6, 16])
        .width(Length::Fill)
        .center_y(Length::Fixed(s.target))
        .style(move |_| p.field(true, false));
        let field = column![
            ui.muted(ui.tr(label)),
            row![
                shown,
                ui.button_shrink(
                    "phone-plus",
                    "+".to_owned(),
                    Kind::Secondary,
                    number.is_empty().then_some(NumberMessage::Plus)
                )
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            ui.muted(ui.tr("staff-phone-hint")),
            ui.button_shrink(
                "number-cancel",
                ui.tr("cancel"),
                Kind::Ghost,
                Some(NumberMessage::Cancel)
            ),
        ]
        .spacing(6)
        .width(Length::Fill);
        let pad =
            keypad::view(ui, number.len() >= PHONE_MIN, ui.tr("key-ok")).map(NumberMessage::Keypad);
        if ui.landscape {
            row![field, pad].spacing(s.gap * 1.5).into()
        } else {
            column![field, pad].spacing(s.gap).into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_takes_one_leading_plus_and_digits_and_submits_only_when_long_enough() {
        let mut n = Number::default();
        assert!(matches!(n.update(NumberMessage::Plus), Entry::Edited));
        n.update(NumberMessage::Typed("+44 74-00".into()));
        n.update(NumberMessage::Plus);
        assert_eq!(n.digits, "+447400");
        n.update(NumberMessage::Keypad(keypad::Message::Backspace));
        assert!(matches!(
            n.update(NumberMessage::Keypad(keypad::Message::Backspace)),
            Entry::Edited
        ));
        assert_eq!(n.digits, "+4474", "five characters: too short to send");
        assert!(matches!(
            n.update(NumberMessage::Keypad(keypad::Message::Submit)),
            Entry::Edited
        ));
        n.update(NumberMessage::Keypad(keypad::Message::Digit(1)));
        assert!(matches!(
            n.update(NumberMessage::Keypad(keypad::Message::Submit)),
            Entry::Submit
        ));
        n.update(NumberMessage::Typed("9".repeat(40)));
        assert_eq!(n.digits.chars().count(), PHONE_MAX);
    }

    #[test]
    fn a_pager_turns_within_its_pages() {
        let mut page = 0;
        Pager::turn(&mut page, 9, 4, Turn::Prev);
        assert_eq!(page, 0);
        Pager::turn(&mut page, 9, 4, Turn::Next);
        Pager::turn(&mut page, 9, 4, Turn::Next);
        Pager::turn(&mut page, 9, 4, Turn::Next);
        assert_eq!(page, 2);
        let ids: Vec<_> = Pager {
            len: 9,
            per: 4,
            page,
        }
        .focusables(0)
        .into_iter()
        .map(|f| f.id)
        .collect();
        assert_eq!(ids, ["page-prev"]);
    }
}
