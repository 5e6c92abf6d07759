//! Enter code: the keypad (and physical digits, Backspace, Enter), the digits as typed, the
//! time left, "Send a new code" after its cooldown with the seconds shown, and the attempts left
//! after a wrong code.

use fluent_bundle::FluentValue;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};
use jiff::Timestamp;

use crate::journey::CodeSent;
use crate::ui::focus::Focusable;
use crate::ui::i18n;
use crate::ui::widget::{Kind, Ui, keypad};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Wrong { attempts_left: u32 },
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keypad(keypad::Message),
    /// Text from a physical keyboard; only digits are kept.
    Typed(String),
    ResendPressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Verify(String),
    Resend,
}

#[derive(Debug, Clone)]
pub struct EnterCode {
    pub code: String,
    pub sent: CodeSent,
    pub now: Timestamp,
    pub problem: Option<Problem>,
    pub checking: bool,
    /// A resend went out: say so once.
    pub resent: bool,
}

impl EnterCode {
    pub fn new(sent: CodeSent, now: Timestamp) -> Self {
        Self {
            code: String::new(),
            sent,
            now,
            problem: None,
            checking: false,
            resent: false,
        }
    }

    fn length(&self) -> usize {
        usize::from(self.sent.length)
    }

    pub fn seconds_left(&self) -> i64 {
        (self.sent.expires_at - self.now).as_secs().max(0)
    }

    /// `Some(0)` when a resend is possible now, `None` when no resend is left.
    pub fn resend_in(&self) -> Option<i64> {
        self.sent
            .resend_at
            .map(|at| (at - self.now).as_secs().max(0))
    }

    pub fn expired(&self) -> bool {
        self.problem == Some(Problem::Expired) || self.seconds_left() == 0
    }

    pub fn can_submit(&self) -> bool {
        !self.checking && self.code.len() == self.length() && !self.expired()
    }

    fn push_digit(&mut self, d: char) {
        if self.code.len() < self.length() && d.is_ascii_digit() {
            self.code.push(d);
            if matches!(self.problem, Some(Problem::Wrong { .. })) {
                self.problem = None;
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        if self.checking {
            return Action::None;
        }
        match message {
            Message::Keypad(keypad::Message::Digit(d)) => {
                self.push_digit(char::from(b'0' + d.min(9)));
                Action::None
            }
            Message::Typed(s) => {
                s.chars().for_each(|c| self.push_digit(c));
                Action::None
            }
            Message::Keypad(keypad::Message::Backspace) => {
                self.code.pop();
                Action::None
            }
            Message::Keypad(keypad::Message::Submit) => {
                if self.can_submit() {
                    self.checking = true;
                    Action::Verify(self.code.clone())
                } else {
                    Action::None
                }
            }
            Message::ResendPressed => {
                if self.resend_in() == Some(0) {
                    Action::Resend
                } else {
                    Action::None
                }
            }
        }
    }

    /// The verdict on a wrong code: clear the digits for the next try.
    pub fn rejected(&mut self, problem: Problem) {
        self.checking = false;
        self.code.clear();
        self.problem = Some(problem);
    }

    pub fn resent(&mut self, sent: CodeSent) {
        self.sent = sent;
        self.code.clear();
        self.problem = None;
        self.checking = false;
        self.resent = true;
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut out: Vec<_> = keypad::focusables(0, 1)
            .into_iter()
            .map(|f| f.map(Message::Keypad))
            .collect();
        out.push(Focusable::new("resend", 4, 0, Message::ResendPressed));
        out
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let boxes = (0..self.length()).map(|i| {
            let digit = self
                .code
                .chars()
                .nth(i)
                .map(String::from)
                .unwrap_or_default();
            let current = i == self.code.len();
            container(text(digit).size(s.heading).font(ui.bold).color(p.text))
                .center_x(Length::Fixed(64.0))
                .center_y(Length::Fixed(84.0))
                .style(move |_| p.field(current, false))
                .into()
        });
        let code_row = container(row(boxes).spacing(10)).id("code-display");

        let expiry: Element<'a, Message> = if self.expired() {
            ui.notice(ui.tr("code-expired"), true)
        } else {
            ui.body(ui.tr_args(
                "code-expires",
                &[("time", i18n::format_countdown(self.seconds_left()).into())],
            ))
        };
        let status: Element<'a, Message> = match (self.problem, self.checking, self.resent) {
            (_, true, _) => ui.notice(ui.tr("code-checking"), false),
            (Some(Problem::Wrong { attempts_left }), _, _) => ui.notice(
                ui.tr_args(
                    "code-wrong",
                    &[("attempts", FluentValue::from(i64::from(attempts_left)))],
                ),
                true,
            ),
            (None, _, true) => ui.notice(ui.tr("code-resent"), false),
            _ => container(ui.muted(" ")).into(),
        };
        let resend: Element<'a, Message> = match self.resend_in() {
            None => ui.muted(ui.tr("code-no-resend")),
            Some(0) => ui.button_shrink(
                "resend",
                ui.tr("code-resend"),
                Kind::Ghost,
                Some(Message::ResendPressed),
            ),
            Some(secs) => ui.button_shrink(
                "resend",
                ui.tr_args("code-resend-in", &[("seconds", secs.into())]),
                Kind::Ghost,
                None,
            ),
        };
        let info = column![
            ui.heading(ui.tr("code-title")),
            ui.body(ui.tr_args(
                "code-body",
                &[
                    ("length", FluentValue::from(i64::from(self.sent.length))),
                    ("phone", self.sent.masked_phone.clone().into()),
                ],
            )),
            code_row,
            expiry,
            status,
            resend,
        ]
        .spacing(s.gap)
        .width(Length::Fill);
        let pad = keypad::view(ui, self.can_submit(), ui.tr("key-ok")).map(Message::Keypad);
        if ui.landscape {
            row![info, pad]
                .spacing(s.gap * 2.0)
                .align_y(Alignment::Center)
                .into()
        } else {
            column![info, pad]
                .spacing(s.gap * 2.0)
                .align_x(Alignment::Center)
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> EnterCode {
        let now: Timestamp = "2026-11-25T15:00:00Z".parse().unwrap();
        EnterCode::new(
            CodeSent {
                challenge: "c".into(),
                masked_phone: "+34 ••• ••• •601".into(),
                length: 6,
                expires_at: now + jiff::SignedDuration::from_secs(300),
                resend_at: Some(now + jiff::SignedDuration::from_secs(30)),
            },
            now,
        )
    }

    #[test]
    fn digits_only_up_to_the_length_and_ok_only_when_complete() {
        let mut c = screen();
        c.update(Message::Typed("12a3".into()));
        assert_eq!(c.code, "123");
        assert_eq!(
            c.update(Message::Keypad(keypad::Message::Submit)),
            Action::None
        );
        c.update(Message::Typed("456789".into()));
        assert_eq!(c.code, "123456");
        c.update(Message::Keypad(keypad::Message::Backspace));
        c.update(Message::Keypad(keypad::Message::Digit(0)));
        assert_eq!(
            c.update(Message::Keypad(keypad::Message::Submit)),
            Action::Verify("123450".into())
        );
    }

    #[test]
    fn resend_waits_for_its_cooldown_and_the_code_expires() {
        let mut c = screen();
        assert_eq!(c.resend_in(), Some(30));
        assert_eq!(c.update(Message::ResendPressed), Action::None);
        c.now += jiff::SignedDuration::from_secs(30);
        assert_eq!(c.update(Message::ResendPressed), Action::Resend);
        c.now += jiff::SignedDuration::from_secs(300);
        assert!(c.expired());
        c.update(Message::Typed("123456".into()));
        assert!(!c.can_submit());
    }
}
